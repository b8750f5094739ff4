//! Property tests of the one sanitiser (issue 11): generated hostile names and values
//! thrown at the three renderers (text, Markdown, CSV), the JSON, and the error paths.
//!
//! The plan-wide properties do not list the fields to check: they replace *every* string of
//! a real plan that `Plan`'s own `Deserialize` accepts any text for, so a field added later
//! and rendered without the sanitiser fails here without a test of its own.

use std::path::PathBuf;
use std::sync::OnceLock;

use migrate::plan::Plan;
use proptest::prelude::*;
use serde_json::Value;

use crate::common::fixture;
use crate::hostile::skeleton;

/// Pieces an attacker would use: line breaks, escape sequences, C1 and bidi controls,
/// Markdown syntax, formula starts, plus ordinary text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\t".to_owned()),
        Just("\u{1b}[2J".to_owned()),
        Just("\u{1b}]0;t\u{7}".to_owned()),
        Just("\u{9b}31m".to_owned()),
        Just("\u{85}".to_owned()),
        Just("\u{7f}".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{2067}".to_owned()),
        Just("\u{2028}".to_owned()),
        Just("- [x] ".to_owned()),
        Just("## ".to_owned()),
        Just("[a](http://evil.example)".to_owned()),
        Just("![i](http://evil.example/i.png)".to_owned()),
        Just("<img src=x>".to_owned()),
        Just("<http://evil.example>".to_owned()),
        Just("**".to_owned()),
        Just("__".to_owned()),
        Just("~~".to_owned()),
        Just("`".to_owned()),
        Just("``".to_owned()),
        Just("|".to_owned()),
        Just("\\".to_owned()),
        Just("&lt;".to_owned()),
        Just("=".to_owned()),
        Just("+".to_owned()),
        Just("-".to_owned()),
        Just("@".to_owned()),
        Just("1. ".to_owned()),
        Just("> ".to_owned()),
        "[a-zA-Z0-9 éü😀]{0,6}",
    ]
}

/// A hostile value. Its first and last characters are letters: Markdown's emphasis around a
/// value with a space at its edge degrades to plain `**` (shown, not forged), which would
/// make the structure comparison fail without any injection.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..10).prop_map(|v| format!("n{}n", v.concat()))
}

fn hostile_values() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(hostile(), 1..40)
}

// ---------------------------------------------------------------------------------------
// The sanitiser itself

fn no_terminal_controls(s: &str) -> bool {
    !s.contains(|c: char| {
        c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn terminal_lines_hold_no_control_and_are_bounded(s in prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())) {
        let line = migrate::text::display::terminal_line(&s);
        prop_assert!(no_terminal_controls(&line), "{line:?}");
        prop_assert!(line.chars().count() <= migrate::text::display::MAX_LINE + 40);
        let q = migrate::text::display::quote(&s);
        // At most MAX_QUOTE characters of the value, each shown in at most 8 (`\\u{202e}`).
        prop_assert!(no_terminal_controls(&q) && q.chars().count() <= 8 * migrate::text::display::MAX_QUOTE + 40, "{q:?}");
    }

    #[test]
    fn markdown_values_add_no_structure(s in hostile()) {
        let md = |v: &str| migrate::text::display::md_inline(v).into_owned();
        for (with, benign) in [
            (format!("a {} b\n", md(&s)), "a x b\n".to_owned()),
            (format!("- [ ] **{}** — {}\n  - **What:** {}\n", md(&s), md(&s), md(&s)), "- [ ] **x** — x\n  - **What:** x\n".to_owned()),
            (format!("| a | b |\n|---|---|\n| {} | `{}` |\n", md(&s), migrate::text::display::md_code(&s)), "| a | b |\n|---|---|\n| x | `x` |\n".to_owned()),
            (format!("### {} — {}\n", md(&s), md(&s)), "### x — x\n".to_owned()),
        ] {
            prop_assert_eq!(skeleton(&with), skeleton(&benign), "{}", with);
        }
    }

    #[test]
    fn csv_cells_never_start_a_formula(s in prop::collection::vec(piece(), 0..10).prop_map(|v| v.concat())) {
        let cell = migrate::text::display::csv_cell(&s);
        prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
        prop_assert!(cell == s || cell.strip_prefix('\'') == Some(s.as_str()));
    }
}

// ---------------------------------------------------------------------------------------
// Every free string of a real plan

/// A real plan as JSON and the paths (JSON pointers) of its strings that `Plan` accepts any
/// text for. The catalogue's references (`refs`: id, title, link) are ours and excluded;
/// so is a step's `what`, whose lines are its structure (plan-format.md): `steps::build`
/// makes each account-specific line one line, which the name-injection test checks.
fn plan_and_free_paths() -> &'static (Value, Vec<String>) {
    static CACHE: OnceLock<(Value, Vec<String>)> = OnceLock::new();
    CACHE.get_or_init(|| {
        // The fullest fixture, with a chat history (heatmap, launch window, capacity) and a
        // timeline, so that every section of every output is drawn.
        let tmp = tempfile::tempdir().unwrap();
        crate::robustness::copy_dir(&fixture("everything-segment-2"), tmp.path());
        std::fs::copy(fixture("inactive").join("chat/chats.jsonl"), tmp.path().join("chat/chats.jsonl")).unwrap();
        let options =
            migrate::plan::PlanOptions { activation_date: Some("2027-01-15".parse().unwrap()), ..Default::default() };
        let plan = migrate::pipeline::plan_account(tmp.path(), &options).unwrap();
        assert!(plan.account.history.is_some() && plan.account.timeline.is_some());
        let value = serde_json::to_value(&plan).unwrap();
        let mut paths = Vec::new();
        strings(&value, String::new(), &mut paths);
        let free = paths
            .into_iter()
            .filter(|p| !p.split('/').any(|k| k == "refs" || k == "link") && !p.ends_with("/what"))
            .filter(|p| {
                let mut v = value.clone();
                *v.pointer_mut(p).unwrap() = Value::String("n\u{1b}[2J\nn".into());
                serde_json::from_value::<Plan>(v).is_ok()
            })
            .collect();
        (value, free)
    })
}

fn strings(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::String(_) => out.push(at),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| strings(x, format!("{at}/{i}"), out)),
        Value::Object(o) => {
            o.iter().for_each(|(k, x)| strings(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out))
        }
        _ => {}
    }
}

/// The plan with its free strings set from `values` (cycling), or all to `n` (benign).
fn plan_with(values: Option<&[String]>) -> Plan {
    let (value, free) = plan_and_free_paths();
    let mut v = value.clone();
    for (i, p) in free.iter().enumerate() {
        let s = values.map_or_else(|| "n".to_owned(), |vals| vals[i % vals.len()].clone());
        *v.pointer_mut(p).unwrap() = Value::String(s);
    }
    serde_json::from_value(v).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_renderer_keeps_its_structure_whatever_the_plan_holds(values in hostile_values()) {
        let (_, free) = plan_and_free_paths();
        prop_assert!(free.len() > 100, "only {} free strings found", free.len());
        let benign = plan_with(None);
        let plan = plan_with(Some(&values));

        // JSON: the values exactly.
        let json = migrate::render::json::plan(&plan);
        let back: Plan = serde_json::from_str(&json).unwrap();
        prop_assert!(back == plan, "the JSON does not round-trip");

        // Text: no control character, no bidi override left open, the same lines.
        let text = migrate::render::terminal::render(&plan, false);
        for line in text.lines() {
            prop_assert!(!line.contains(|c: char| c.is_control()), "{line:?}");
            let open = line.matches(['\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}']).count();
            prop_assert!(open <= line.matches('\u{202c}').count(), "{line:?}");
        }
        prop_assert_eq!(text.lines().count(), migrate::render::terminal::render(&benign, false).lines().count());

        // Markdown: the same structure as the benign plan's.
        let md = migrate::render::markdown::render(&plan);
        let want = skeleton(&migrate::render::markdown::render(&benign));
        let got = skeleton(&md);
        if got != want {
            let at = got.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(want.len().min(got.len()));
            prop_assert!(false, "structure differs at event {at}: {:?} vs {:?}", got.get(at), want.get(at));
        }
    }

    #[test]
    fn error_paths_print_one_inert_line_per_part(file in hostile(), message in hostile(), hint in hostile(), key in hostile()) {
        use migrate::error::{InputError, InputErrorKind, Location};
        let err = InputError::new(PathBuf::from(&file), InputErrorKind::Invalid(message.clone()))
            .at(Location { json_path: Some(key.clone()), line: Some(3), column: Some(7) })
            .with_hint(hint.clone());
        prop_assert!(no_terminal_controls(&err.headline()));
        let anyhow_err: anyhow::Error = err.into();
        let one = migrate::error::summary(&anyhow_err);
        prop_assert!(no_terminal_controls(&one));
        let (headline, hint_part, causes) = migrate::error::parts(&anyhow_err);
        let lines = migrate::printer::error_lines(true, &headline, hint_part.as_deref(), &causes);
        prop_assert_eq!(lines.len(), 3);
        let sgr = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
        for l in &lines {
            prop_assert!(no_terminal_controls(&sgr.replace_all(l, "")), "{l:?}");
        }
        // A plain anyhow chain, and the batch summary's CSV row.
        let chained = anyhow::anyhow!(message.clone()).context(file.clone());
        let (h, _, c) = migrate::error::parts(&chained);
        for l in migrate::printer::error_lines(false, &h, None, &c) {
            prop_assert!(no_terminal_controls(&l), "{l:?}");
        }
        let row = migrate::batch::Row { account: file.clone(), error: message.clone(), path: key.clone(), ..Default::default() };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row.for_csv()).unwrap();
        let bytes = w.into_inner().unwrap();
        let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[..]);
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?}");
            }
        }
    }

    #[test]
    fn check_lists_one_inert_line_per_fixture_and_mismatch(dir in hostile(), what in hostile(), found in hostile()) {
        use migrate::check::{Checked, Mismatch, Verdict, render};
        for verdict in [
            Verdict::Passed { expectations: true },
            Verdict::Unreadable(found.clone()),
            Verdict::Failed(vec![Mismatch { what: what.clone(), expected: Some(found.clone()), found: Some(what.clone()) }]),
        ] {
            let lines = match &verdict {
                Verdict::Passed { .. } => 1,
                Verdict::Unreadable(_) => 2,
                Verdict::Failed(_) => 4,
            };
            let out = render(&Checked { dir: PathBuf::from(&dir), verdict, blessed: false }, false);
            prop_assert_eq!(out.lines().count(), lines, "{}", out);
            prop_assert!(no_terminal_controls(&out.replace('\n', "")), "{out:?}");
        }
    }
}
