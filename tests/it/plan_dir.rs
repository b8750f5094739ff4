//! Reading a plan directory back (issue 17, item 3): `migrate verify` and `migrate apply`
//! execute a plan only as `migrate plan --out` wrote it, from the export it names.

use std::path::Path;

use migrate::plan::dir::{self, PlanDirError};

use crate::common::{copy_dir, fixture, migrate};

/// `migrate plan --out` of `account` into a new directory.
fn plan_out(account: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let status = migrate().args(["plan", "-q", "--out"]).arg(out.path()).arg(account).output().unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    out
}

fn edit(path: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn a_plan_directory_reads_back_with_the_fingerprint_of_its_export() {
    let account = fixture("acme-segment-2");
    let out = plan_out(&account);
    let loaded = dir::load_for_account(out.path(), &account).unwrap();
    assert_eq!(loaded.fingerprint().len(), 32);
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join(dir::CONFIG)).unwrap()).unwrap();
    assert_eq!(config["input_fingerprint"], loaded.fingerprint());
    // The same export elsewhere has the same fingerprint: the place is not part of it.
    let moved = tempfile::tempdir().unwrap();
    copy_dir(&account, moved.path());
    assert!(dir::load_for_account(out.path(), moved.path()).is_ok());
    assert!(dir::load_for(out.path(), loaded.fingerprint()).is_ok());
}

#[test]
fn a_plan_from_another_or_an_older_export_is_refused() {
    let account = tempfile::tempdir().unwrap();
    copy_dir(&fixture("acme-segment-2"), account.path());
    let out = plan_out(account.path());
    let err = dir::load_for_account(out.path(), &fixture("segment-1")).unwrap_err();
    assert!(matches!(err, PlanDirError::Stale { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.starts_with(&format!("{}: this plan was made from another export (fingerprint ", out.path().display())),
        "{msg}"
    );
    assert!(msg.contains(&format!("the export in {} now has ", fixture("segment-1").display())), "{msg}");
    assert!(msg.ends_with("run `migrate plan` again"), "{msg}");
    // The export changed since the plan was made (one trigger renamed): refused too.
    let triggers = account.path().join("chat/triggers.json");
    let text = std::fs::read_to_string(&triggers).unwrap().replacen("Route German visitors", "Route German", 1);
    std::fs::write(&triggers, text).unwrap();
    assert!(matches!(dir::load_for_account(out.path(), account.path()), Err(PlanDirError::Stale { .. })));
    // And planned again, it is accepted.
    let again = plan_out(account.path());
    assert!(dir::load_for_account(again.path(), account.path()).is_ok());
}

#[test]
fn a_missing_file_is_refused_by_name() {
    let out = plan_out(&fixture("segment-1"));
    std::fs::remove_file(out.path().join(dir::CONFIG)).unwrap();
    let err = dir::load(out.path()).unwrap_err();
    assert!(matches!(&err, PlanDirError::Missing(p) if p.ends_with("messaging-config.json")), "{err}");
    assert!(err.to_string().contains("not a plan directory written by `migrate plan --out`"), "{err}");
    assert!(matches!(dir::load(&fixture("segment-1")), Err(PlanDirError::Missing(p)) if p.ends_with("plan.json")));
}

#[test]
fn a_plan_of_another_format_is_refused_before_its_shape() {
    let out = plan_out(&fixture("segment-1"));
    let plan = out.path().join(dir::PLAN);
    let original = std::fs::read_to_string(&plan).unwrap();
    edit(&plan, |v| {
        v.as_object_mut().unwrap().remove("format_version");
    });
    assert!(matches!(dir::load(out.path()), Err(PlanDirError::NoVersion(p)) if p.ends_with("plan.json")));
    // A format-2 plan has no `kind` on its payloads: it is refused as older, not as malformed.
    edit(&plan, |v| v["format_version"] = 2.into());
    let err = dir::load(out.path()).unwrap_err();
    assert!(matches!(err, PlanDirError::OlderFormat { found: 2, supported: 3, .. }), "{err}");
    assert!(err.to_string().contains("run `migrate plan` again"), "{err}");
    edit(&plan, |v| v["format_version"] = 4.into());
    assert!(matches!(dir::load(out.path()), Err(PlanDirError::NewerFormat { found: 4, .. })));
    std::fs::write(&plan, original).unwrap();
    edit(&out.path().join(dir::CONFIG), |v| v["format_version"] = 2.into());
    assert!(
        matches!(dir::load(out.path()), Err(PlanDirError::OlderFormat { file, .. }) if file.ends_with("messaging-config.json"))
    );
}

#[test]
fn hand_edited_json_that_does_not_fit_the_types_names_file_line_and_path() {
    let out = plan_out(&fixture("acme-segment-2"));
    let plan = out.path().join(dir::PLAN);
    // A step id the catalogue does not hold.
    edit(&plan, |v| v["steps"][0]["id"] = "reset-chat-only-passwords".into());
    let err = dir::load(out.path()).unwrap_err();
    let PlanDirError::Invalid(e) = &err else { panic!("{err}") };
    assert!(e.file.ends_with("plan.json"));
    let loc = e.location.as_ref().expect("a location");
    assert_eq!(loc.json_path.as_deref(), Some("steps[0].id"));
    assert!(loc.line.is_some());
    assert!(err.to_string().contains("unknown step id \"reset-chat-only-passwords\""), "{err}");
    // JSON cut short.
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, &text[..text.len() / 2]).unwrap();
    assert!(matches!(dir::load(out.path()), Err(PlanDirError::Invalid(e)) if e.location.is_some()));
}

#[test]
fn calls_that_cannot_be_executed_are_refused() {
    let out = plan_out(&fixture("acme-segment-2"));
    let plan = out.path().join(dir::PLAN);
    edit(&plan, |v| {
        let items = v["items"].as_array_mut().unwrap();
        let hours = items.iter_mut().find(|i| i["payload"]["kind"] == "schedule").unwrap();
        hours["payload"]["workweek"].as_object_mut().unwrap().remove("depends_on");
    });
    let err = dir::load(out.path()).unwrap_err();
    assert!(matches!(err, PlanDirError::Calls { .. }), "{err}");
    assert!(err.to_string().contains("names none"), "{err}");
}

#[test]
fn files_from_two_exports_in_one_directory_are_refused() {
    let out = plan_out(&fixture("acme-segment-2"));
    let other = plan_out(&fixture("segment-1"));
    std::fs::copy(other.path().join(dir::CONFIG), out.path().join(dir::CONFIG)).unwrap();
    let err = dir::load(out.path()).unwrap_err();
    assert!(matches!(err, PlanDirError::Mixed { what: "the export fingerprint", .. }), "{err}");
    // The same export, but a configuration edited by hand: its items differ.
    let out = plan_out(&fixture("acme-segment-2"));
    edit(&out.path().join(dir::CONFIG), |v| v["items"][0]["target"] = "edited".into());
    assert!(matches!(dir::load(out.path()), Err(PlanDirError::Mixed { what: "the list of items", .. })));
}

/// Inside a payload the error names the item's payload (serde reads a tagged payload whole
/// before choosing its shape, so the path stops there) and the value that does not fit.
#[test]
fn a_hand_edited_payload_is_refused_at_its_item() {
    let out = plan_out(&fixture("acme-segment-2"));
    let plan = out.path().join(dir::PLAN);
    edit(&plan, |v| {
        let items = v["items"].as_array_mut().unwrap();
        let m = items.iter_mut().find(|i| i["payload"]["kind"] == "macro").unwrap();
        m["payload"]["create"]["method"] = "PATCH".into();
    });
    let err = dir::load(out.path()).unwrap_err();
    let PlanDirError::Invalid(e) = &err else { panic!("{err}") };
    let path = e.location.as_ref().and_then(|l| l.json_path.clone()).unwrap_or_default();
    assert!(path.starts_with("items[") && path.ends_with("].payload"), "{err}");
    assert!(err.to_string().contains("PATCH"), "{err}");
}

/// Chat objects that share a name share an item source; their calls still get keys of
/// their own (`SOURCE (2)/ROLE`), and the plan still reads back.
#[test]
fn objects_that_share_a_name_get_keys_of_their_own() {
    let account = tempfile::tempdir().unwrap();
    copy_dir(&fixture("acme-segment-2"), account.path());
    let shortcuts = account.path().join("chat/shortcuts.json");
    edit(&shortcuts, |v| {
        let twin = serde_json::json!({"id": "hi2", "name": "hi", "message": "Hello again", "tags": [], "scope": "all"});
        v.as_array_mut().unwrap().push(twin);
    });
    let out = plan_out(account.path());
    let loaded = dir::load_for_account(out.path(), account.path()).unwrap();
    let keys: Vec<&str> = loaded
        .plan
        .calls()
        .filter(|(i, _)| i.source == "chat/shortcuts.json#\"hi\"")
        .map(|(_, c)| c.key.as_str())
        .collect();
    assert_eq!(keys, ["chat/shortcuts.json#\"hi\"/macro", "chat/shortcuts.json#\"hi\" (2)/macro"]);
    assert!(loaded.plan.warnings.iter().any(|w| w.code == "duplicate-name"));
}
