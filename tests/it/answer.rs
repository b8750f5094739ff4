//! `migrate answer` without a terminal: the four D-5 facts from flags or an answers file,
//! each bad answer refused with what was expected and nothing written, and the files it
//! writes read by `migrate plan` as the admin's answers (issue 14).

use std::path::Path;

use migrate::account::facts::Origin;
use migrate::plan::{FeatureState, Segment};
use serde_json::{Value, json};

use crate::common::{files_under, migrate, new_account, plan_dir};

const SECRET: &str = "visitor-auth-shared-secret-NEVER-WRITE-7f3a";

/// An export as `migrate export` leaves it: API facts, two departments, and the two files no
/// API gives written as templates (and marked so in the manifest).
pub(crate) fn exported() -> tempfile::TempDir {
    let dir = new_account("acme");
    let a = dir.path();
    std::fs::write(
        a.join("manifest.toml"),
        "format = 1\nsubdomain = \"acme\"\nexported_at = \"2026-11-02T09:30:00Z\"\nexported_by = \"migrate 0.1.0\"\n\n\
         [resources.\"chat/departments.json\"]\nstatus = \"complete\"\nitems = 2\n\n\
         [resources.\"chat/operating_hours.json\"]\nstatus = \"template\"\n\n\
         [resources.\"chat/widget.json\"]\nstatus = \"template\"\n",
    )
    .unwrap();
    std::fs::write(
        a.join("chat/departments.json"),
        r#"[{"id": 7282630247567, "name": "Sales", "enabled": true}, {"id": 7282640316815, "name": "Support", "enabled": true}]"#,
    )
    .unwrap();
    std::fs::write(
        a.join("chat/operating_hours.json"),
        r#"{"template": true, "enabled": false, "type": "account", "timezone": "UTC",
            "account_schedule": {"0": [], "1": [], "2": [], "3": [], "4": [], "5": [], "6": []},
            "department_schedule": {}}"#,
    )
    .unwrap();
    std::fs::write(
        a.join("chat/widget.json"),
        r##"{"template": true, "pre_chat_form": {"enabled": false, "greeting": "", "fields": []},
            "offline_form": {"enabled": false, "greeting": "", "display_operating_hours": false, "fields": []},
            "visitor_authentication": {"enabled": false},
            "appearance": {"color": "#1f73b7", "position": null, "button_text": null}, "js_api_calls": []}"##,
    )
    .unwrap();
    // Active (D-4), single brand: the four features alone decide segment 1 or 2 (D-5).
    std::fs::write(
        a.join("support/account.json"),
        r#"{"chat_tickets_last_30_days": 120, "tickets_last_30_days": 300,
            "from_api": {"chat_tickets_last_30_days": "GET /api/v2/search/count", "tickets_last_30_days": "GET /api/v2/search/count"}}"#,
    )
    .unwrap();
    std::fs::write(a.join("support/brands.json"), r#"{"brands": [{"id": 1, "name": "Acme", "active": true}]}"#)
        .unwrap();
    std::fs::write(
        a.join("support/account_settings.json"),
        r#"{"settings": {"agents": {"agent_workspace": true}, "chat": {"enabled": true, "integrated": true}}}"#,
    )
    .unwrap();
    dir
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Every file of the account with its bytes, to prove nothing changed.
pub(crate) fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir).into_iter().map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap())).collect()
}

const ALL_OFF: &[&str] = &["--hours", "off", "--pre-chat", "off", "--offline-form", "off", "--visitor-auth", "off"];

#[test]
fn all_four_off_by_flags_decides_segment_1_with_each_fact_from_the_admin() {
    let acct = exported();
    let a = acct.path();
    assert_eq!(plan_dir(a).classification.segment, Segment::Undetermined, "templates leave it undecided");
    migrate()
        .arg("answer")
        .arg(a)
        .args(ALL_OFF)
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains("wrote chat/widget.json and chat/operating_hours.json"));
    let plan = plan_dir(a);
    assert_eq!(plan.classification.segment, Segment::Segment1, "{:#?}", plan.classification.reasons);
    for (name, f) in plan.classification.evidence.features.all() {
        assert_eq!(f.state, FeatureState::NotUsed, "{name}");
        assert_eq!(f.origin, Some(Origin::Admin), "{name}");
    }
    let aw = plan.account.facts.iter().find(|f| f.fact == "agent_workspace").unwrap();
    assert_eq!(aw.origin, Some(Origin::Api));
    // The normal, non-template files; the manifest says they are complete.
    let hours = read_json(&a.join("chat/operating_hours.json"));
    assert_eq!(hours.get("template"), None);
    assert_eq!(hours["origin"], "admin");
    let m = std::fs::read_to_string(a.join("manifest.toml")).unwrap();
    let manifest = migrate::account::Manifest::parse(&a.join("manifest.toml"), &m).unwrap();
    for f in ["chat/operating_hours.json", "chat/widget.json"] {
        assert_eq!(manifest.resources[f].status, migrate::account::manifest::ResourceState::Complete, "{f}");
    }
    assert_eq!(manifest.resources["chat/departments.json"].items, Some(2), "other entries kept");
    // The widget's look, which no question is about, is kept.
    assert_eq!(read_json(&a.join("chat/widget.json"))["appearance"]["color"], "#1f73b7");
}

#[test]
fn hours_and_forms_by_flags_are_written_in_the_export_format() {
    let acct = exported();
    let a = acct.path();
    migrate()
        .arg("answer")
        .arg(a)
        .args(["--hours", "on", "--timezone", "Europe/Berlin", "--week", "Mon-Fri 09:00-17:00, Sat 10:00-14:00"])
        .args(["--pre-chat", "on", "--pre-chat-greeting", "Hi!", "--pre-chat-fields", "name*, email*, department"])
        .args(["--offline-form", "yes", "--offline-fields", "name, email*, message*", "--offline-shows-hours", "on"])
        .args(["--visitor-auth", "on"])
        .assert()
        .success();
    let hours = read_json(&a.join("chat/operating_hours.json"));
    assert_eq!(hours["enabled"], true);
    assert_eq!(hours["timezone"], "Europe/Berlin");
    assert_eq!(hours["account_schedule"]["1"], json!([{"start": 540, "end": 1020}]));
    assert_eq!(hours["account_schedule"]["6"], json!([{"start": 600, "end": 840}]));
    assert_eq!(hours["account_schedule"]["0"], json!([]), "0 = Sunday, closed");
    let widget = read_json(&a.join("chat/widget.json"));
    assert_eq!(widget["pre_chat_form"]["greeting"], "Hi!");
    assert_eq!(widget["pre_chat_form"]["fields"][2], json!({"name": "department", "required": false}));
    assert_eq!(widget["offline_form"]["display_operating_hours"], true);
    // On or off only: no secret was asked for, none is written.
    assert_eq!(widget["visitor_authentication"], json!({"enabled": true}));
    let plan = plan_dir(a);
    assert_eq!(plan.classification.segment, Segment::Segment2);
    for (name, f) in plan.classification.evidence.features.all() {
        assert_eq!((f.state, f.origin), (FeatureState::Used, Some(Origin::Admin)), "{name}");
    }
}

#[test]
fn department_schedules_by_name_or_id() {
    let acct = exported();
    let a = acct.path();
    migrate()
        .arg("answer")
        .arg(a)
        .args(["--hours", "on", "--timezone", "America/New_York", "--hours-type", "department"])
        .args(["--department-week", "sales=Mon-Fri 08:00-20:00", "--department-week", "7282640316815=Sat 22:00-02:00"])
        .args(&ALL_OFF[2..])
        .assert()
        .success();
    let hours = read_json(&a.join("chat/operating_hours.json"));
    assert_eq!(hours["type"], "department");
    assert_eq!(hours["department_schedule"]["7282630247567"]["5"], json!([{"start": 480, "end": 1200}]));
    assert_eq!(hours["department_schedule"]["7282640316815"]["6"], json!([{"start": 1320, "end": 120}]));
    let plan = plan_dir(a);
    assert_eq!(plan.classification.evidence.features.operating_hours.state, FeatureState::Used);
}

#[test]
fn an_answers_file_gives_the_same_and_flags_win_over_it() {
    let acct = exported();
    let a = acct.path();
    let file = a.parent().unwrap().join(format!("{}-answers.toml", a.file_name().unwrap().to_string_lossy()));
    std::fs::write(
        &file,
        r#"
[operating_hours]
enabled = true
timezone = "Europe/Paris"
week = "Mon-Fri 09:00-18:00"

[pre_chat_form]
enabled = false

[offline_form]
enabled = "on"
fields = ["name*", "email*", "message*"]
greeting = "We're away"

[visitor_authentication]
enabled = false
"#,
    )
    .unwrap();
    migrate().arg("answer").arg(a).arg("--answers").arg(&file).args(["--pre-chat", "on"]).assert().success();
    let widget = read_json(&a.join("chat/widget.json"));
    assert_eq!(widget["pre_chat_form"]["enabled"], true, "the flag wins over the file");
    assert_eq!(widget["offline_form"]["greeting"], "We're away");
    assert_eq!(widget["offline_form"]["fields"].as_array().map(Vec::len), Some(3));
    assert_eq!(read_json(&a.join("chat/operating_hours.json"))["timezone"], "Europe/Paris");
    std::fs::remove_file(file).unwrap();
}

/// Every refused answer: exit 2, the answer named with what was expected, and every file
/// of the account byte-identical to before.
#[test]
fn each_bad_answer_is_refused_with_what_was_expected_and_nothing_is_written() {
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--hours", "maybe"], "\"maybe\" is not on or off: expected on or off"),
        (
            vec!["--hours", "on", "--timezone", "Mars/Olympus", "--week", "Mon 09:00-17:00"],
            "is not a time zone: expected an IANA name",
        ),
        (vec!["--hours", "on", "--timezone", "UTC", "--week", "Mox 09:00-17:00"], "\"Mox\" is not a day: expected Mon"),
        (vec!["--hours", "on", "--timezone", "UTC", "--week", "Mon 9-17"], "is not a time: expected HH:MM"),
        (vec!["--hours", "on", "--timezone", "UTC", "--week", "Mon 09:00-12:00 11:00-13:00"], "overlap"),
        (vec!["--hours", "on", "--timezone", "UTC"], "week (--week, operating_hours.week): not given"),
        (
            vec!["--hours", "on", "--week", "Mon 09:00-17:00"],
            "time zone (--timezone, operating_hours.timezone): not given",
        ),
        (
            vec!["--hours", "on", "--timezone", "UTC", "--hours-type", "team"],
            "is not a schedule type: expected account or department",
        ),
        (
            vec![
                "--hours",
                "on",
                "--timezone",
                "UTC",
                "--hours-type",
                "department",
                "--department-week",
                "Billing=Mon 09:00-17:00",
            ],
            "no department \"Billing\": expected the id or name of one of Sales",
        ),
        (
            vec!["--pre-chat", "on", "--pre-chat-fields", "name, address"],
            "\"address\" is not a Chat form field: expected one of name, email, phone, department, message",
        ),
        (vec!["--offline-shows-hours", "sometimes"], "offline form shows hours"),
        (vec!["--visitor-auth", "secret"], "visitor authentication (--visitor-auth, visitor_authentication.enabled)"),
    ];
    for (flags, says) in cases {
        let acct = exported();
        let a = acct.path();
        let before = snapshot(a);
        // The other answers are given (all off) unless the case gives its own.
        let mut args: Vec<&str> = Vec::new();
        for pair in ALL_OFF.chunks(2) {
            if !flags.contains(&pair[0]) {
                args.extend(pair);
            }
        }
        args.extend(&flags);
        let out = migrate().arg("answer").arg(a).args(&args).assert().code(2).get_output().clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{flags:?}: {stderr}");
        assert!(stderr.contains("nothing was written"), "{flags:?}: {stderr}");
        assert_eq!(snapshot(a), before, "{flags:?} changed a file");
    }
}

#[test]
fn a_missing_answer_with_a_template_and_no_terminal_is_refused() {
    let acct = exported();
    let a = acct.path();
    let before = snapshot(a);
    // Only the hours: the widget is a template, so its three facts are unknown.
    let out = migrate().arg("answer").arg(a).args(["--hours", "off"]).assert().code(2).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    for what in ["pre-chat form", "offline form", "visitor authentication"] {
        assert!(stderr.contains(&format!("{what} (--")), "{what}: {stderr}");
    }
    assert!(stderr.contains("not given, and the export does not know"), "{stderr}");
    assert_eq!(snapshot(a), before);
    // And nothing at all given, without a terminal.
    migrate()
        .arg("answer")
        .arg(a)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no answers given, and there is no terminal to ask them on"));
    assert_eq!(snapshot(a), before);
}

#[test]
fn bad_answers_files_are_refused() {
    for (text, says) in [
        ("[operating_hours]\nenabeld = true\n", "unknown field `enabeld`"),
        ("[visitor_authentication]\nenabled = true\nshared_secret = \"s3cr3t-value\"\n", "holds a shared_secret"),
        ("[pre_chat_form\nenabled = true\n", "answers.toml:1"),
        ("[offline_form]\nenabled = 3\n", "answers.toml:2:11: invalid type: integer `3`, expected true or false"),
    ] {
        let acct = exported();
        let a = acct.path();
        let before = snapshot(a);
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("answers.toml");
        std::fs::write(&file, text).unwrap();
        let out = migrate().arg("answer").arg(a).arg("--answers").arg(&file).assert().code(2).get_output().clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{text:?}: {stderr}");
        assert!(!stderr.contains("s3cr3t-value"), "the secret is repeated: {stderr}");
        assert_eq!(snapshot(a), before);
    }
}

/// A hand-completed widget holding a shared secret: an answer keeps only on/off.
#[test]
fn the_shared_secret_is_never_written() {
    let acct = new_account("acme");
    let a = acct.path();
    std::fs::write(
        a.join("chat/widget.json"),
        format!(
            r#"{{"pre_chat_form": {{"enabled": true, "fields": [{{"name": "department", "label": "Team", "options": ["Sales"]}}]}},
                "offline_form": {{"enabled": false}},
                "visitor_authentication": {{"enabled": true, "shared_secret": "{SECRET}"}}}}"#
        ),
    )
    .unwrap();
    let hours = r#"{"enabled": false, "timezone": "UTC"}"#;
    std::fs::write(a.join("chat/operating_hours.json"), hours).unwrap();
    let out = migrate().arg("answer").arg(a).args(["--visitor-auth", "on"]).assert().success().get_output().clone();
    assert!(!String::from_utf8_lossy(&out.stderr).contains(SECRET));
    let text = std::fs::read_to_string(a.join("chat/widget.json")).unwrap();
    assert!(!text.contains(SECRET), "{text}");
    let widget: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(widget["visitor_authentication"], json!({"enabled": true}));
    // What was not asked about comes from the file: the field's label and options stay.
    assert_eq!(
        widget["pre_chat_form"]["fields"][0],
        json!({"name": "department", "required": false, "label": "Team", "options": ["Sales"]})
    );
    // Only the widget was answered: the hand-completed operating hours are left as they were.
    assert_eq!(std::fs::read_to_string(a.join("chat/operating_hours.json")).unwrap(), hours);
    let plan = plan_dir(a);
    let f = &plan.classification.evidence.features;
    assert_eq!(f.operating_hours.origin, Some(Origin::ExportFile));
    assert_eq!(f.visitor_authentication.origin, Some(Origin::Admin));
    for f in files_under(a) {
        assert!(!std::fs::read_to_string(a.join(&f)).unwrap_or_default().contains(SECRET), "{f}");
    }
}

/// Issue 18 item 2: the enrolment answer alone (from the answers file) needs none of the
/// four facts, keeps every other key of `support/account.json`, and records the admin as
/// its origin; a template `support/account.json` is refused and nothing is written.
#[test]
fn the_enrolment_answer_is_written_into_the_account_facts() {
    let acct = exported();
    let a = acct.path();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("answers.toml");
    std::fs::write(&file, "[programme]\nenrolled = true\n").unwrap();
    migrate()
        .arg("answer")
        .arg(a)
        .arg("--answers")
        .arg(&file)
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote support/account.json"));
    let facts = read_json(&a.join("support/account.json"));
    assert_eq!(facts["enrolled"], json!(true));
    assert_eq!(facts["answered_by_admin"], json!(["enrolled"]));
    assert_eq!(facts["chat_tickets_last_30_days"], json!(120), "other keys kept");
    let plan = plan_dir(a);
    assert_eq!(plan.account.activation_basis, migrate::plan::ActivationBasis::Enrolled);
    let f = plan.account.facts.iter().find(|f| f.fact == "enrolled").unwrap();
    assert_eq!(f.origin, Some(Origin::Admin));

    // A template is refused: its facts are not read, so the answer would be lost.
    std::fs::write(a.join("support/account.json"), r#"{"template": true}"#).unwrap();
    let before = snapshot(a);
    let out = migrate().arg("answer").arg(a).args(["--enrolled", "no"]).assert().failure().get_output().clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unfilled template"));
    assert_eq!(snapshot(a), before);
}
