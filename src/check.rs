//! Fixture accounts and what their plans must say (`migrate check`, `docs/check.md`).
//!
//! A rule change that quietly alters a plan is the regression teams fear most. Each
//! fixture directory may hold an `expect.toml` stating the parts of its plan that matter
//! (segment, step ids present and absent, item outcomes by source, warning codes, or the
//! error a broken fixture must give); `migrate check` plans every fixture and reports each
//! difference as expected/found lines. `--bless` rewrites the expectations from the current
//! plans, in a fixed format, so the change shows up as a reviewable diff of `expect.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

use crate::error::summary;
use crate::error::{InputError, InputErrorKind, Location};
use crate::exit_codes::ExitCode;
use crate::pipeline::plan_account;
use crate::plan::PlanOptions;
use crate::plan::{ActivationPath, Outcome, Plan, Segment, StepId};
use crate::text::display::quote;

/// The expectations file in a fixture directory.
pub const EXPECT: &str = "expect.toml";

/// `expect.toml`. Every key is optional; what is absent is not checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// The fixture must fail to plan, with a message containing this text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Plan the fixture as this activation path (default: assisted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation: Option<ActivationPath>,
    /// `inactive`, `segment_1`, `segment_2` or `undetermined`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// `true`: the plan has no step outside `steps.present` and no item outside `[items]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<bool>,
    /// The warning codes of the plan, exactly (sorted, each once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warnings: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<Steps>,
    /// Item outcome by source (`"chat/triggers.json#\"First Reply\"" = "translated"`); a
    /// source with several items lists their outcomes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<BTreeMap<String, Outcomes>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct Steps {
    /// Step ids that must appear.
    pub present: Vec<StepId>,
    /// Step ids that must not appear. An id the catalogue does not hold is refused when
    /// `expect.toml` is read, so an expectation cannot hold only because it names nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<StepId>,
}

/// One outcome, or several when a source has several items.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Outcomes {
    One(String),
    Many(Vec<String>),
}

impl Outcomes {
    fn sorted(&self) -> Vec<String> {
        let mut v = match self {
            Outcomes::One(o) => vec![o.clone()],
            Outcomes::Many(v) => v.clone(),
        };
        v.sort();
        v
    }

    fn from_list(mut v: Vec<String>) -> Outcomes {
        v.sort();
        if v.len() == 1 { Outcomes::One(v.remove(0)) } else { Outcomes::Many(v) }
    }
}

impl std::fmt::Display for Outcomes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcomes::One(o) => f.write_str(o),
            Outcomes::Many(v) => write!(f, "[{}]", v.join(", ")),
        }
    }
}

const SEGMENTS: [Segment; 4] = [Segment::Inactive, Segment::Segment1, Segment::Segment2, Segment::Undetermined];

impl Expect {
    /// Read and validate a fixture's `expect.toml`.
    pub fn read(path: &Path) -> Result<Expect, InputError> {
        use crate::account::read;
        // A regular file of at most 1 MiB, as every file of an account: a named pipe would
        // block the check for ever, a device never end (issue 11).
        let bytes = read::read_file(path, read::MAX_TOML_BYTES)?
            .ok_or_else(|| InputError::io(path, &std::io::Error::from(std::io::ErrorKind::NotFound)))?;
        let text = read::as_utf8(path, &bytes)?;
        let e: Expect = toml::from_str(text)
            .map_err(|e| read::toml_error(path, text, &e).with_hint("see docs/check.md for the keys of expect.toml"))?;
        // A value refused after parsing is located at the first line that holds `needle`.
        let invalid = |msg: String, needle: &str| {
            let line = text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
            InputError::new(path, InputErrorKind::Invalid(msg))
                .at(Location { json_path: None, line, column: None })
                .with_hint("see docs/check.md for the values")
        };
        if let Some(s) = &e.segment {
            if !SEGMENTS.iter().any(|x| x.as_str() == s) {
                return Err(invalid(
                    format!("segment {} is not one of {}", quote(s), SEGMENTS.map(Segment::as_str).join(", ")),
                    s,
                ));
            }
        }
        for (source, outcomes) in e.items.iter().flatten() {
            for o in outcomes.sorted() {
                if !Outcome::ALL.iter().any(|x| x.as_str() == o) {
                    return Err(invalid(
                        format!(
                            "items.{}: outcome {} is not one of {}",
                            quote(source),
                            quote(&o),
                            Outcome::ALL.map(Outcome::as_str).join(", ")
                        ),
                        source,
                    ));
                }
            }
        }
        Ok(e)
    }

    /// The expectations the current plan meets, keeping the hand-written `absent` ids that
    /// still hold and the activation path.
    pub fn bless(plan: &Plan, old: Option<&Expect>) -> Expect {
        // By name, as the file has always listed them.
        let by_name = |ids: &mut Vec<StepId>| {
            ids.sort_by_key(|id| id.as_str());
            ids.dedup();
        };
        let mut present: Vec<StepId> = plan.steps.iter().map(|s| s.id).collect();
        by_name(&mut present);
        let mut absent: Vec<StepId> = old
            .and_then(|o| o.steps.as_ref())
            .map(|s| s.absent.iter().filter(|id| !present.contains(id)).copied().collect())
            .unwrap_or_default();
        by_name(&mut absent);
        let mut items: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for i in &plan.items {
            items.entry(i.source.clone()).or_default().push(i.outcome.as_str().to_owned());
        }
        Expect {
            error: None,
            activation: old.and_then(|o| o.activation),
            segment: Some(plan.classification.segment.as_str().to_owned()),
            exact: Some(true),
            warnings: Some(warning_codes(plan)),
            steps: Some(Steps { present, absent }),
            items: Some(items.into_iter().map(|(k, v)| (k, Outcomes::from_list(v))).collect()),
        }
    }

    /// `expect.toml` as `--bless` writes it: a header, then TOML in a fixed order.
    pub fn to_toml(&self) -> Result<String> {
        let body = toml::to_string_pretty(self).context("cannot format expect.toml")?;
        Ok(format!(
            "# What `migrate check` expects of this fixture's plan (docs/check.md).\n\
             # Written by `migrate check --bless`; review the diff before committing.\n\n{body}"
        ))
    }

    fn options(&self) -> PlanOptions {
        PlanOptions { activation: self.activation.unwrap_or_default(), ..PlanOptions::default() }
    }
}

fn warning_codes(plan: &Plan) -> Vec<String> {
    plan.warnings.iter().map(|w| w.code.clone()).collect::<BTreeSet<_>>().into_iter().collect()
}

/// One difference between `expect.toml` and the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// What differs: `segment`, `step review-trigger-conversions`, `item chat/…`, …
    pub what: String,
    /// The expected value (`-` line), if any.
    pub expected: Option<String>,
    /// The value found (`+` line), if any.
    pub found: Option<String>,
}

impl Mismatch {
    fn new(what: impl Into<String>, expected: Option<String>, found: Option<String>) -> Mismatch {
        Mismatch { what: what.into(), expected, found }
    }
}

/// Compare a plan with its expectations.
pub fn compare(expect: &Expect, plan: &Plan) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if let Some(want) = &expect.error {
        out.push(Mismatch::new(
            "error",
            Some(format!("an error containing {want:?}")),
            Some(format!("planned: {}", plan.summary_line())),
        ));
        return out;
    }
    let exact = expect.exact.unwrap_or(false);
    if let Some(want) = &expect.segment {
        let found = plan.classification.segment.as_str();
        if want != found {
            out.push(Mismatch::new("segment", Some(want.clone()), Some(found.to_owned())));
        }
    }
    let ids: BTreeSet<&str> = plan.steps.iter().map(|s| s.id.as_str()).collect();
    if let Some(steps) = &expect.steps {
        for id in &steps.present {
            if !ids.contains(id.as_str()) {
                out.push(Mismatch::new(format!("step {id}"), Some("present".into()), Some("not in the plan".into())));
            }
        }
        for id in &steps.absent {
            if ids.contains(id.as_str()) {
                out.push(Mismatch::new(format!("step {id}"), Some("absent".into()), Some("in the plan".into())));
            }
        }
        if exact {
            for id in &ids {
                if !steps.present.iter().any(|p| p.as_str() == *id) {
                    out.push(Mismatch::new(
                        format!("step {id}"),
                        Some("not in steps.present (exact = true)".into()),
                        Some("in the plan".into()),
                    ));
                }
            }
        }
    }
    if let Some(items) = &expect.items {
        let mut found: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for i in &plan.items {
            found.entry(i.source.as_str()).or_default().push(i.outcome.as_str().to_owned());
        }
        for (source, want) in items {
            match found.get(source.as_str()) {
                None => out.push(Mismatch::new(
                    format!("item {source}"),
                    Some(want.to_string()),
                    Some("not in the plan".into()),
                )),
                Some(v) => {
                    let got = Outcomes::from_list(v.clone());
                    if got.sorted() != want.sorted() {
                        out.push(Mismatch::new(
                            format!("item {source}"),
                            Some(want.to_string()),
                            Some(got.to_string()),
                        ));
                    }
                }
            }
        }
        if exact {
            for (source, v) in &found {
                if !items.contains_key(*source) {
                    out.push(Mismatch::new(
                        format!("item {source}"),
                        Some("not in [items] (exact = true)".into()),
                        Some(Outcomes::from_list(v.clone()).to_string()),
                    ));
                }
            }
        }
    }
    if let Some(want) = &expect.warnings {
        let mut want = want.clone();
        want.sort();
        want.dedup();
        let got = warning_codes(plan);
        if want != got {
            out.push(Mismatch::new("warnings", Some(want.join(", ")), Some(got.join(", "))));
        }
    }
    out
}

/// What became of one fixture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The plan meets the expectations (or, without `expect.toml`, the fixture planned).
    Passed { expectations: bool },
    /// The plan differs.
    Failed(Vec<Mismatch>),
    /// The fixture or its `expect.toml` could not be read, and no error was expected.
    Unreadable(String),
}

impl Verdict {
    pub fn code(&self) -> ExitCode {
        match self {
            Verdict::Passed { .. } => ExitCode::Success,
            Verdict::Failed(_) => ExitCode::CheckFailed,
            Verdict::Unreadable(_) => ExitCode::InvalidInput,
        }
    }
}

/// A fixture and its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub dir: PathBuf,
    pub verdict: Verdict,
    /// `--bless`: whether `expect.toml` was rewritten with different content.
    pub blessed: bool,
}

/// The fixtures under `dir`: `dir` itself when it holds `manifest.toml` or `expect.toml`,
/// otherwise each of its (non-hidden) subdirectories, sorted.
pub fn fixtures(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.join("manifest.toml").exists() || dir.join(EXPECT).exists() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            InputError::new(dir, InputErrorKind::NotAnAccount("no such directory".into()))
        } else {
            InputError::io(dir, &e)
        }
    })?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// The error message with the fixture's own path removed from its start, so that an
/// expectation does not depend on where the fixtures are checked from.
fn relative_message(dir: &Path, message: &str) -> String {
    let prefix = format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR);
    message.strip_prefix(&prefix).unwrap_or(message).to_owned()
}

/// Check one fixture, or with `bless` rewrite its expectations first.
pub fn check(dir: &Path, bless: bool) -> Result<Checked> {
    let expect_path = dir.join(EXPECT);
    let expect = if expect_path.exists() {
        match Expect::read(&expect_path) {
            Ok(e) => Some(e),
            Err(e) if bless => {
                tracing::warn!("{}: rewritten from the plan", e.headline());
                None
            }
            Err(e) => {
                return Ok(Checked {
                    dir: dir.to_path_buf(),
                    verdict: Verdict::Unreadable(summary(&e.into())),
                    blessed: false,
                });
            }
        }
    } else {
        None
    };
    let options = expect.as_ref().map(Expect::options).unwrap_or_default();
    let planned = plan_account(dir, &options);
    if bless {
        let new = match &planned {
            Ok(plan) => Expect::bless(plan, expect.as_ref()),
            Err(e) => {
                // Keep a hand-written expected error while it still matches.
                let message = summary(e);
                let kept = expect.as_ref().and_then(|x| x.error.clone()).filter(|want| message.contains(want.as_str()));
                let headline = match e.downcast_ref::<InputError>() {
                    Some(i) => i.headline(),
                    None => message.clone(),
                };
                Expect {
                    error: Some(kept.unwrap_or_else(|| relative_message(dir, &headline))),
                    activation: expect.as_ref().and_then(|x| x.activation),
                    ..Expect::default()
                }
            }
        };
        let text = new.to_toml()?;
        let old = std::fs::read_to_string(&expect_path).ok();
        let blessed = old.as_deref() != Some(text.as_str());
        if blessed {
            crate::output::write_file(&expect_path, text.as_bytes())?;
        }
        return Ok(Checked { dir: dir.to_path_buf(), verdict: Verdict::Passed { expectations: true }, blessed });
    }
    let verdict = match (&planned, &expect) {
        (Ok(plan), Some(e)) => {
            let m = compare(e, plan);
            if m.is_empty() { Verdict::Passed { expectations: true } } else { Verdict::Failed(m) }
        }
        (Ok(_), None) => Verdict::Passed { expectations: false },
        (Err(err), Some(Expect { error: Some(want), .. })) => {
            let message = summary(err);
            if message.contains(want.as_str()) {
                Verdict::Passed { expectations: true }
            } else {
                Verdict::Failed(vec![Mismatch::new(
                    "error",
                    Some(format!("containing {want:?}")),
                    Some(relative_message(dir, &message)),
                )])
            }
        }
        (Err(err), _) => Verdict::Unreadable(summary(err)),
    };
    Ok(Checked { dir: dir.to_path_buf(), verdict, blessed: false })
}

/// Render a fixture's mismatches as an expected/found diff.
pub fn render(checked: &Checked, color: bool) -> String {
    let paint = |style: anstyle::Style, s: &str| {
        if color { format!("{}{s}{}", style.render(), style.render_reset()) } else { s.to_owned() }
    };
    let red = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Red.into()));
    let green = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Green.into()));
    let bold = anstyle::Style::new().bold();
    // Every value on one line and inert: a fixture folder named `x\nok y` or with an escape
    // sequence cannot forge a verdict or drive the terminal (issue 11).
    let t = |s: &str| crate::printer::safe_line(s);
    let dir = t(&checked.dir.display().to_string());
    match &checked.verdict {
        Verdict::Passed { expectations: true } if checked.blessed => format!("blessed {dir}\n"),
        Verdict::Passed { expectations: true } => format!("{} {dir}\n", paint(green, "ok")),
        Verdict::Passed { expectations: false } => {
            format!("{} {dir} (no {EXPECT}: planned only)\n", paint(green, "ok"))
        }
        Verdict::Unreadable(msg) => format!("{} {dir}\n    {}\n", paint(red.bold(), "ERROR"), t(msg)),
        Verdict::Failed(mismatches) => {
            let mut s = format!(
                "{} {dir} ({} mismatch{})\n",
                paint(red.bold(), "FAIL"),
                mismatches.len(),
                if mismatches.len() == 1 { "" } else { "es" }
            );
            for m in mismatches {
                s.push_str(&format!("    {}\n", paint(bold, &t(&m.what))));
                if let Some(e) = &m.expected {
                    s.push_str(&format!("      {}\n", paint(red, &format!("- expected: {}", t(e)))));
                }
                if let Some(f) = &m.found {
                    s.push_str(&format!("      {}\n", paint(green, &format!("+ found:    {}", t(f)))));
                }
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_values_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(EXPECT);
        std::fs::write(&p, "segmnet = \"segment_2\"\n").unwrap();
        assert!(Expect::read(&p).unwrap_err().headline().contains("segmnet"));
        std::fs::write(&p, "segment = \"segment2\"\n").unwrap();
        assert!(Expect::read(&p).unwrap_err().headline().contains("is not one of"));
        std::fs::write(&p, "[items]\n\"a#b\" = \"translatd\"\n").unwrap();
        assert!(Expect::read(&p).unwrap_err().headline().contains("translatd"));
    }

    #[test]
    fn outcomes_compare_as_sets() {
        assert_eq!(
            Outcomes::Many(vec!["manual".into(), "translated".into()]).sorted(),
            Outcomes::from_list(vec!["translated".into(), "manual".into()]).sorted()
        );
        assert_eq!(Outcomes::from_list(vec!["manual".into()]), Outcomes::One("manual".into()));
    }
}
