//! `migrate apply` against the stateful Support stand-in (a real local HTTP server): it
//! creates exactly the plan's objects and `migrate verify` passes them; a second run writes
//! nothing; faults on the writes (an answer lost after the commit, 5xx, 429, 503 with
//! Retry-After) never make a duplicate; undo restores the account; bad input is refused
//! before any request.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use migrate::plan::Plan;
use migrate::verify::Status;

use crate::common::{fixture, migrate as cli, plan_dir};
use crate::standin::store::Kind;
use crate::standin::{Fault, Options, StandIn, State, presets};

const TOKEN: &str = "apply-token-SECRET-77c1";

/// acme-segment-2, its converted Support trigger marked `translated`: the fixture's is
/// `manual` (a person reviews its companion messaging trigger first), which apply leaves to
/// a person; marked translated, the trigger path (inactive, in the move's category, the
/// channel read from the definitions) runs end to end.
fn acme() -> Plan {
    let mut plan = plan_dir(&fixture("acme-segment-2"));
    let trigger = plan.items.iter_mut().find(|i| i.source == "chat/triggers.json#\"Route German visitors\"").unwrap();
    assert_eq!(trigger.outcome, migrate::plan::Outcome::Manual);
    trigger.outcome = migrate::plan::Outcome::Translated;
    plan
}

/// A plan directory as `migrate plan --out` writes it.
fn write_plan(plan: &Plan) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in migrate::pipeline::outputs(plan) {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Run `migrate apply DIR ARGS…` against the stand-in; (exit code, stdout, stderr).
async fn apply(dir: &Path, uri: &str, args: &[&str]) -> (i32, String, String) {
    let config = dir.with_extension("config.toml");
    std::fs::write(&config, "").unwrap();
    let mut cmd = cli();
    cmd.arg("apply")
        .arg(dir)
        .args(["--subdomain", "acme", "--base-url", uri, "--support-rate", "60000", "--timeout", "2"])
        .args(args)
        .env("ZENDESK_OAUTH_TOKEN", TOKEN)
        .env_remove("ZENDESK_SUBDOMAIN")
        .arg("--config")
        .arg(&config);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The account after activation, before apply: the groups Zendesk's activation made from
/// the departments it migrates (Sales, Billing), nothing of the tool's.
fn activated(plan: &Plan) -> crate::standin::store::Store {
    let mut store = presets::store(plan, State::NothingDone);
    for name in ["Sales", "Billing"] {
        store.insert(Kind::Groups, serde_json::json!({"name": name, "deleted": false}));
    }
    store
}

fn names(s: &StandIn, kind: Kind, field: &str) -> Vec<String> {
    let mut v: Vec<String> = s.with_store(|st| {
        st.list(kind).iter().map(|o| o.get(field).and_then(Value::as_str).unwrap_or_default().to_owned()).collect()
    });
    v.sort();
    v
}

fn snapshot(s: &StandIn) -> BTreeMap<String, Vec<Value>> {
    s.with_store(|st| {
        [
            Kind::Schedules,
            Kind::Groups,
            Kind::Memberships,
            Kind::Macros,
            Kind::Triggers,
            Kind::TriggerCategories,
            Kind::TicketFields,
        ]
        .into_iter()
        .map(|k| (format!("{k:?}"), st.list(k).to_vec()))
        .collect()
    })
}

fn writes(s: &StandIn) -> Vec<String> {
    s.hits()
        .into_iter()
        .filter(|h| h.method != "GET")
        .map(|h| format!("{} {} {}", h.method, h.path, h.status))
        .collect()
}

/// What `--fill-missing` makes of acme-segment-2 after an activation that made only the
/// groups: the wizard's schedule (and its hours), the translated Returns group with its one
/// Support agent, the two translated macros (goodbye is left to a person; refund is for the
/// Billing group), the pre-chat form's two ticket fields, and the converted Support trigger,
/// inactive, in the move's trigger category, on the channel the definitions call Messaging.
fn assert_exactly_the_plan(s: &StandIn) {
    assert_eq!(names(s, Kind::Schedules, "name"), ["Chat operating hours"]);
    assert_eq!(names(s, Kind::Groups, "name"), ["Billing", "Returns", "Sales"]);
    assert_eq!(names(s, Kind::TriggerCategories, "name"), ["Chat", "Moved from Chat (acme)"]);
    assert_eq!(names(s, Kind::Triggers, "title"), ["Route German visitors"]);
    let trigger = s.with_store(|st| st.list(Kind::Triggers)[0].clone());
    assert_eq!(trigger["active"], false, "{trigger}");
    let category = s.with_store(|st| {
        st.list(Kind::TriggerCategories).iter().find(|c| c["name"] == "Moved from Chat (acme)").unwrap()["id"].clone()
    });
    assert_eq!(trigger["category_id"], category);
    assert!(
        trigger["conditions"]["all"].as_array().unwrap().iter().any(|c| c["field"] == "via_id" && c["value"] == "913"),
        "{trigger}"
    );
    let billing =
        s.with_store(|st| st.list(Kind::Groups).iter().find(|g| g["name"] == "Billing").unwrap()["id"].clone());
    let refund = s.with_store(|st| st.list(Kind::Macros).iter().find(|m| m["title"] == "refund").unwrap().clone());
    assert_eq!(refund["restriction"]["ids"], serde_json::json!([billing]), "{refund}");
    assert_eq!(names(s, Kind::Macros, "title"), ["hi", "refund"]);
    assert_eq!(names(s, Kind::TicketFields, "title"), ["Choose a team", "Phone"]);
    let members = s.with_store(|st| st.list(Kind::Memberships).to_vec());
    assert_eq!(members.len(), 1, "{members:?}");
    assert_eq!(members[0]["user_id"], 7003);
    let schedule = s.with_store(|st| st.list(Kind::Schedules)[0].clone());
    assert_eq!(schedule["intervals"].as_array().map(Vec::len), Some(6), "the workweek was set");
    let group = s.with_store(|st| st.list(Kind::Groups).iter().find(|g| g["name"] == "Returns").unwrap().clone());
    assert!(group["description"].as_str().unwrap().starts_with("Returns desk\n\n[migrate:"), "{group}");
}

async fn verify(plan: &Plan, s: &StandIn) -> BTreeMap<String, Status> {
    use migrate::zendesk::pace::Rates;
    use migrate::zendesk::retry::RetryPolicy;
    use migrate::zendesk::{Auth, Client, ClientOptions, RealClock};
    let opts = ClientOptions {
        base_url: url::Url::parse(&s.uri()).unwrap(),
        auth: Auth::Bearer(migrate::secret::Secret::new(TOKEN)),
        rates: Rates { chat: 60_000, support: 60_000, incremental: 60_000 },
        timeout: Duration::from_secs(5),
        policy: RetryPolicy::default(),
        seed: Some(7),
    };
    let client = Client::new(opts, Arc::new(RealClock), migrate::printer::Printer::memory()).unwrap();
    let live = migrate::verify::read::read(&client, &migrate::verify::needs(plan)).await.unwrap();
    migrate::verify::check(plan, &live).into_iter().map(|c| (c.id, c.status)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_creates_the_plan_verify_passes_it_a_second_run_is_a_noop_and_undo_restores() {
    let plan = acme();
    let dir = write_plan(&plan);
    let s = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;
    let before = snapshot(&s);

    let (code, dry, _) = apply(dir.path(), &s.uri(), &["--dry-run", "--fill-missing"]).await;
    assert_eq!(code, 0, "{dry}");
    assert!(dry.contains("  + create group \"Returns\""), "{dry}");
    assert!(dry.contains("  · left   membership \"dee.chatonly@acme.example → Returns\": dee.chatonly@acme.example is a chat-only agent without a Support user"), "{dry}");
    assert!(dry.contains("  · left   macro \"goodbye\""), "{dry}");
    assert!(writes(&s).is_empty(), "a dry run writes nothing");

    let (code, out, err) = apply(dir.path(), &s.uri(), &["--yes", "--fill-missing"]).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert_exactly_the_plan(&s);
    assert!(!err.contains(TOKEN) && !out.contains(TOKEN));
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("apply-state.json")).unwrap()).unwrap();
    assert_eq!(state["entries"].as_array().unwrap().len(), 10, "{state:#}");

    let checks = verify(&plan, &s).await;
    for id in [
        "chat/operating_hours.json#account_schedule",
        "chat/shortcuts.json#\"hi\"",
        "chat/shortcuts.json#\"refund\"",
        "chat/triggers.json#\"Route German visitors\"",
    ] {
        assert_eq!(checks[id], Status::Pass, "{id}: {checks:#?}");
    }
    // Returns is there with its one Support agent; dee is a chat-only agent without a Support
    // user, which the change set left to a person, and verify fails for that member alone.
    assert_eq!(checks["chat/departments.json#\"Returns\""], Status::Fail);

    let n = writes(&s).len();
    let (code, again, _) = apply(dir.path(), &s.uri(), &["--yes", "--fill-missing"]).await;
    assert_eq!(code, 0);
    assert!(again.contains("acme: nothing to change"), "{again}");
    assert_eq!(writes(&s).len(), n, "a second run writes nothing");

    let (code, out, err) = apply(dir.path(), &s.uri(), &["--undo", "--yes"]).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("acme: 9 to delete"), "{out}");
    assert_eq!(snapshot(&s), before, "undo restores the account as it was");
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_on_the_writes_never_make_a_duplicate() {
    let plan = acme();
    let dir = write_plan(&plan);
    let s = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;
    // The group is created, and its answer lost (500 after the commit): found by its marker.
    s.fault("POST /api/v2/groups", vec![Fault::Committed(500)]);
    // A 429 and a 503 with Retry-After: nothing was done, sent again.
    s.fault("POST /api/v2/macros", vec![Fault::Status(429, Some("0".into())), Fault::Status(503, Some("0".into()))]);
    // A ticket field answered late (past the client's timeout) after its commit.
    s.fault("POST /api/v2/ticket_fields", vec![Fault::Delay(Duration::from_secs(3))]);
    let (code, out, err) = apply(dir.path(), &s.uri(), &["--yes", "--fill-missing"]).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert_exactly_the_plan(&s);
    let posts: Vec<String> = writes(&s).into_iter().filter(|w| w.starts_with("POST /api/v2/groups")).collect();
    assert_eq!(posts, ["POST /api/v2/groups 500"], "the lost group was not sent again");

    // A 500 that did nothing: the run stops (exit 5), the next finds nothing and creates it.
    let plan_dir2 = write_plan(&plan);
    let s2 = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;
    s2.fault("POST /api/v2/business_hours/schedules", vec![Fault::Status(500, None)]);
    let (code, _, err) = apply(plan_dir2.path(), &s2.uri(), &["--yes", "--fill-missing"]).await;
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("the next run looks it up again"), "{err}");
    let (code, out, err) = apply(plan_dir2.path(), &s2.uri(), &["--yes", "--fill-missing"]).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert_exactly_the_plan(&s2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conflict_is_reported_never_overwritten() {
    let plan = acme();
    let dir = write_plan(&plan);
    let mut store = activated(&plan);
    store.insert(Kind::Macros, serde_json::json!({"title": "hi", "active": true, "actions": [{"field": "comment_value", "value": "Another text"}]}));
    let s = StandIn::start(store, Options::bearer(TOKEN)).await;
    let (code, out, err) = apply(dir.path(), &s.uri(), &["--yes"]).await;
    assert_eq!(code, 4, "{out}\n{err}");
    assert!(out.contains("  ! conflict macro \"hi\""), "{out}");
    assert!(!writes(&s).iter().any(|w| w.starts_with("PUT /api/v2/macros")), "never overwritten");
    assert_eq!(names(&s, Kind::Macros, "title"), ["hi", "refund"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_any_request() {
    let plan = acme();
    let s = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;

    // Hand-edited.
    let dir = write_plan(&plan);
    let p = dir.path().join("plan.json");
    let text = std::fs::read_to_string(&p).unwrap().replacen("\"Returns\"", "\"Returns!\"", 1);
    std::fs::write(&p, text).unwrap();
    let (code, _, err) = apply(dir.path(), &s.uri(), &["--yes"]).await;
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("messaging-config.json") && err.contains("differs from plan.json"), "{err}");

    // Another account's plan.
    let dir = write_plan(&plan);
    let mut cmd = cli();
    cmd.arg("apply")
        .arg(dir.path())
        .args(["--subdomain", "other", "--base-url", &s.uri(), "--yes"])
        .env("ZENDESK_OAUTH_TOKEN", TOKEN);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is for acme, not other"));

    // Another apply holds the plan directory.
    let lock = migrate::apply::journal::Lock::acquire(dir.path()).unwrap();
    let (code, _, err) = apply(dir.path(), &s.uri(), &["--yes"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("another `migrate apply` is running"), "{err}");
    drop(lock);

    // Without a terminal and without --yes: refused, nothing written.
    let (code, _, err) = apply(dir.path(), &s.uri(), &[]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");

    assert!(writes(&s).is_empty(), "{:?}", writes(&s));
    let reads = s.hits().len();
    assert!(reads > 0, "the last run read the account before refusing to write without --yes");
}

/// `--account`: a plan whose export changed since it was made (a trigger renamed in the
/// export) is refused with exit 3 before any request, naming the plan and both
/// fingerprints; the export as it was is accepted, and the change set's first line says
/// whether the plan was checked against its export.
#[tokio::test(flavor = "multi_thread")]
async fn with_account_a_plan_whose_export_changed_since_is_refused_before_any_request() {
    let account = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&fixture("acme-segment-2"), account.path());
    let plan = plan_dir(account.path());
    let dir = write_plan(&plan);
    let s = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;
    let acc = account.path().to_str().unwrap();
    let short = &plan.account.input_fingerprint[..8];

    let (code, out, err) = apply(dir.path(), &s.uri(), &["--dry-run", "--account", acc]).await;
    assert_eq!(code, 0, "{out}\n{err}");
    let first = out.lines().next().unwrap();
    assert_eq!(first, format!("plan {} (export {short}, checked: {acc} is that export)", dir.path().display()));
    assert!(err.contains("Support limit 60000/min (--support-rate)"), "{err}");

    let (code, out, _) = apply(dir.path(), &s.uri(), &["--dry-run"]).await;
    assert_eq!(code, 0);
    assert!(out.lines().next().unwrap().contains("staleness not checked; pass --account DIR"), "{out}");
    let (code, out, err) = apply(dir.path(), &s.uri(), &["--dry-run", "--format", "json"]).await;
    assert_eq!(code, 0);
    assert!(serde_json::from_str::<Value>(&out).is_ok(), "stdout stays JSON: {out}");
    assert!(err.contains("staleness not checked"), "{err}");

    let triggers = account.path().join("chat/triggers.json");
    let text = std::fs::read_to_string(&triggers).unwrap().replacen("Route German visitors", "Route German", 1);
    std::fs::write(&triggers, text).unwrap();
    let hits = s.hits().len();
    let (code, out, err) = apply(dir.path(), &s.uri(), &["--yes", "--account", acc]).await;
    assert_eq!(code, 3, "{out}\n{err}");
    assert!(err.contains(&format!("{}: this plan was made from another export", dir.path().display())), "{err}");
    assert!(err.contains(&plan.account.input_fingerprint), "names the plan's fingerprint: {err}");
    assert!(err.contains(&format!("the export in {acc} now has ")), "{err}");
    assert!(err.contains("run `migrate plan` again"), "{err}");
    assert_eq!(s.hits().len(), hits, "no request after the refusal");
    assert!(writes(&s).is_empty());
    // Undo deletes what the journal records: a stale plan does not keep it from that.
    let (code, out, err) = apply(dir.path(), &s.uri(), &["--undo", "--dry-run", "--account", acc]).await;
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("--undo: the plan is not checked against --account"), "{err}");
    assert!(writes(&s).is_empty());
}

/// Without a flag, apply paces at the Support plan the plan records (acme-segment-2:
/// suite_professional, 400/min) and says so; a flag wins.
#[tokio::test(flavor = "multi_thread")]
async fn without_a_flag_apply_paces_at_the_plans_support_plan() {
    let plan = acme();
    let dir = write_plan(&plan);
    let s = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;
    let run = |extra: &'static [&'static str]| {
        let config = dir.path().with_extension("config.toml");
        std::fs::write(&config, "").unwrap();
        let mut cmd = cli();
        cmd.arg("apply")
            .arg(dir.path())
            .args(["--subdomain", "acme", "--base-url", &s.uri(), "--dry-run", "--config"])
            .arg(&config)
            .args(extra)
            .env("ZENDESK_OAUTH_TOKEN", TOKEN)
            .env_remove("ZENDESK_SUBDOMAIN");
        async move {
            let out = tokio::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap();
            assert_eq!(out.status.code(), Some(0));
            String::from_utf8_lossy(&out.stderr).into_owned()
        }
    };
    let err = run(&[]).await;
    assert!(err.contains("Support limit 400/min (the plan's Support plan, suite_professional)"), "{err}");
    let err = run(&["--support-plan", "enterprise-plus"]).await;
    assert!(err.contains("Support limit 2500/min (--support-plan)"), "{err}");
}

/// Bad plan directories end to end: a file, nothing, an empty folder, a binary, a huge or an
/// endless `plan.json`, a journal cut short. Each is refused with exit 3 and an error naming
/// the file, before any request (nothing reaches the account).
#[tokio::test(flavor = "multi_thread")]
async fn bad_plan_directories_are_refused_by_name_before_any_request() {
    let plan = acme();
    let s = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;
    let good = write_plan(&plan);
    let tmp = tempfile::tempdir().unwrap();
    let copy = |name: &str| {
        let d = tmp.path().join(name);
        crate::common::copy_dir(good.path(), &d);
        d
    };
    let mut cases: Vec<(std::path::PathBuf, String, &str)> = Vec::new();
    let file = good.path().join("plan.json");
    cases.push((file.clone(), format!("{}: not a directory", file.display()), "a file"));
    let nowhere = tmp.path().join("nowhere");
    cases.push((nowhere.clone(), format!("{}: no such directory", nowhere.display()), "nothing"));
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    cases.push((empty.clone(), format!("{}: no such file", empty.join("plan.json").display()), "an empty folder"));
    let binary = copy("binary");
    std::fs::write(binary.join("plan.json"), [0xffu8, 0xfe, 0x00, 0x9c, 0x80].repeat(400)).unwrap();
    cases.push((binary.clone(), format!("{}:1:1: not UTF-8 text", binary.join("plan.json").display()), "binary"));
    let huge = copy("huge");
    // Sparse: 600 MiB that take no room on the disk.
    std::fs::File::create(huge.join("plan.json")).unwrap().set_len(600 << 20).unwrap();
    cases.push((huge.clone(), format!("{}: file is 600.0 MiB, larger than", huge.join("plan.json").display()), "huge"));
    #[cfg(unix)]
    {
        let endless = copy("endless");
        std::fs::remove_file(endless.join("plan.json")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", endless.join("plan.json")).unwrap();
        cases.push((
            endless.clone(),
            format!("{}: cannot read: not a regular file", endless.join("plan.json").display()),
            "/dev/zero",
        ));
    }
    let cut = copy("cut");
    let journal = "{\"format_version\": 1, \"subdomain\": \"acme\", \"plan_fin";
    std::fs::write(cut.join("apply-state.json"), journal).unwrap();
    cases.push((cut.clone(), format!("{}:1:", cut.join("apply-state.json").display()), "a journal cut short"));

    for (dir, expected, what) in &cases {
        let (code, out, err) = apply(dir, &s.uri(), &["--yes"]).await;
        assert_eq!(code, 3, "{what}: {out}\n{err}");
        assert!(err.contains(expected.as_str()), "{what}: expected {expected:?} in\n{err}");
        assert!(out.is_empty(), "{what}: {out}");
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    let (_, _, err) = apply(&cut, &s.uri(), &["--yes"]).await;
    assert!(err.contains("apply-state.json is apply's record of what it made, and nothing was sent"), "{err}");
    assert!(s.hits().is_empty(), "no request: {:?}", s.hits().len());
    assert_eq!(
        std::fs::read_to_string(cut.join("apply-state.json")).unwrap(),
        journal,
        "the journal is left as it was"
    );
}

/// A lock left by a killed run does not block: the lock is the system's (flock), held by a
/// process and released when it dies; the `.apply.lock` file it leaves is harmless. While
/// the holder lives, apply refuses at once (exit 2) instead of waiting.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread")]
async fn a_lock_left_by_a_killed_run_does_not_block() {
    let plan = acme();
    let s = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;
    let dir = write_plan(&plan);
    let lock = dir.path().join(migrate::apply::journal::LOCK_FILE);
    // Another process holds the lock, as a running apply does: a shell opens the lock file,
    // locks it with flock(1) (util-linux), and becomes `sleep` holding the descriptor.
    let mut holder = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec 9>\"$0\" && flock --exclusive 9 && exec sleep 60")
        .arg(&lock)
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while migrate::apply::journal::Lock::acquire(dir.path()).is_ok() {
        assert!(started.elapsed() < Duration::from_secs(10), "flock never took the lock");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let started = std::time::Instant::now();
    let (code, _, err) = apply(dir.path(), &s.uri(), &["--dry-run"]).await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("another `migrate apply` is running") && err.contains(".apply.lock"), "{err}");
    assert!(err.contains("ends with its process"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10), "refused at once, not after a wait");
    // Killed (SIGKILL: no clean-up runs): the file stays, the lock goes with the process.
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert!(lock.exists(), "the killed run's lock file is still there");
    let (code, out, err) = apply(dir.path(), &s.uri(), &["--dry-run"]).await;
    assert_eq!(code, 0, "{out}\n{err}");
}

/// One run through the library (as the command does it), stopped (Ctrl-C) once `stop_at`
/// writes have been sent.
async fn lib_run(plan: &Plan, dir: &Path, s: &StandIn, undo: bool, stop_at: Option<usize>) -> Result<(), String> {
    use migrate::apply::{calls, changeset, journal::Journal, live::ZendeskRemote, run};
    use migrate::zendesk::pace::Rates;
    use migrate::zendesk::retry::RetryPolicy;
    use migrate::zendesk::{Auth, Client, ClientOptions, RealClock};
    let opts = ClientOptions {
        base_url: url::Url::parse(&s.uri()).unwrap(),
        auth: Auth::Bearer(migrate::secret::Secret::new(TOKEN)),
        rates: Rates { chat: 60_000, support: 60_000, incremental: 60_000 },
        timeout: Duration::from_secs(5),
        policy: RetryPolicy { backoff_base: Duration::from_millis(5), ..RetryPolicy::default() },
        seed: Some(7),
    };
    let client = Client::new(opts, Arc::new(RealClock), migrate::printer::Printer::memory()).unwrap();
    let fp = plan.account.input_fingerprint.clone();
    let mut journal = Journal::open(dir, "acme", &fp).map_err(|e| e.to_string())?;
    let mut remote = ZendeskRemote { client: &client };
    let account = remote.read(true).await.map_err(|e| e.to_string())?;
    let stop = || stop_at.is_some_and(|n| writes(s).len() >= n);
    if undo {
        let steps =
            migrate::apply::undo::plan_undo(journal.state(), |_, id| account.objects.iter().find(|o| o.id == id));
        return run::undo(&mut remote, &mut journal, &steps, &stop).await.map(|_| ()).map_err(|e| e.to_string());
    }
    let calls = calls::calls(plan, &account);
    let live = account.live(calls::limits(plan));
    let options = changeset::Options { fill_missing: true };
    let set = changeset::plan_changes("acme", &fp, &calls, &live, Some(journal.state()), options);
    run::apply(&mut remote, &mut journal, &fp, &set, &calls, &account, &stop)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[derive(Clone, Debug)]
enum WriteFault {
    /// Ctrl-C (or a kill between two writes): the run stops before this write.
    Stop,
    /// The write is done and its answer lost (500 after the commit).
    Lost,
    /// 500, nothing done.
    ServerError,
    /// 429 with Retry-After: the client waits and sends it again.
    RateLimited,
    /// 503 with Retry-After: the same.
    Unavailable,
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..proptest::prelude::ProptestConfig::default() })]

    /// Over the HTTP stand-in: faults at random writes of the apply and of the undo, runs
    /// again until one completes: exactly the plan's objects, once each; the account's own
    /// objects untouched; a second run writes nothing; undo restores the account.
    #[test]
    fn no_fault_pattern_duplicates_or_touches_a_foreign_object_over_http(
        faults in proptest::collection::vec(
            (0usize..12, proptest::prop_oneof![
                proptest::strategy::Just(WriteFault::Stop),
                proptest::strategy::Just(WriteFault::Lost),
                proptest::strategy::Just(WriteFault::ServerError),
                proptest::strategy::Just(WriteFault::RateLimited),
                proptest::strategy::Just(WriteFault::Unavailable),
            ]),
            0..4,
        ),
        undo_stop in proptest::option::of(0usize..8),
    ) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let plan = acme();
            let dir = write_plan(&plan);
            let s = StandIn::start(activated(&plan), Options::bearer(TOKEN)).await;
            let before = snapshot(&s);
            // The stand-in's answers to the writes, in order: Pass until a fault's position.
            let mut queue = vec![Fault::Pass; 12];
            let mut stops = Vec::new();
            for (n, f) in &faults {
                match f {
                    WriteFault::Stop => stops.push(*n),
                    WriteFault::Lost => queue[*n] = Fault::Committed(500),
                    WriteFault::ServerError => queue[*n] = Fault::Status(500, None),
                    WriteFault::RateLimited => queue[*n] = Fault::Status(429, Some("0".into())),
                    WriteFault::Unavailable => queue[*n] = Fault::Status(503, Some("0".into())),
                }
            }
            s.fault("POST /api/v2", queue.clone());
            stops.sort_unstable();
            let mut done = false;
            for attempt in 0..12 {
                let stop_at = stops.get(attempt).copied();
                if lib_run(&plan, dir.path(), &s, false, stop_at).await.is_ok() && stop_at.is_none_or(|n| writes(&s).len() < n) {
                    done = true;
                    break;
                }
            }
            assert!(done, "no run completed");
            assert_exactly_the_plan(&s);
            let after = snapshot(&s);
            for (kind, objects) in &before {
                for o in objects {
                    assert!(after[kind].contains(o), "foreign object changed: {o}");
                }
            }
            let n = writes(&s).len();
            lib_run(&plan, dir.path(), &s, false, None).await.unwrap();
            assert_eq!(writes(&s).len(), n, "a second run writes nothing");
            let mut undone = false;
            for attempt in 0..6 {
                let stop_at = if attempt == 0 { undo_stop.map(|k| n + k) } else { None };
                if lib_run(&plan, dir.path(), &s, true, stop_at).await.is_ok() && stop_at.is_none_or(|k| writes(&s).len() < k) {
                    undone = true;
                    break;
                }
            }
            assert!(undone, "no undo completed");
            assert_eq!(snapshot(&s), before, "undo restores the account as it was");
        });
    }
}

/// The stand-in's write routes, pure: ids and timestamps on create, 422 `RecordInvalid` on
/// a second group of one name (the account checks group names), the documented statuses.
#[test]
fn the_stand_in_routes_writes_like_the_api() {
    use crate::standin::router::{Req, route};
    let mut store = crate::standin::store::Store::default();
    let post = |path: &'static str, body: Value| Req {
        method: "POST",
        path,
        query: vec![],
        origin: "http://x",
        body: Some(body),
    };
    let (status, created) =
        route(&mut store, &post("/api/v2/groups", serde_json::json!({"group": {"name": "Sales"}})), 100);
    assert_eq!(status, 201);
    assert!(created["group"]["id"].is_u64() && created["group"]["updated_at"].is_string(), "{created}");
    let (status, err) =
        route(&mut store, &post("/api/v2/groups", serde_json::json!({"group": {"name": "Sales"}})), 100);
    assert_eq!(status, 422);
    assert_eq!(err["error"], "RecordInvalid");
    assert_eq!(err["details"]["name"][0]["error"], "DuplicateValue");
    let (status, m) =
        route(&mut store, &post("/api/v2/macros", serde_json::json!({"macro": {"title": "hi", "actions": []}})), 100);
    assert_eq!(status, 200, "the Macros API answers 200 (support-api.md §2)");
    let (status, c) = route(
        &mut store,
        &post("/api/v2/trigger_categories", serde_json::json!({"trigger_category": {"name": "Moved"}})),
        100,
    );
    assert_eq!(status, 200);
    assert!(c["trigger_category"]["id"].is_string(), "trigger category ids are strings");
    let (status, _) = route(&mut store, &post("/api/v2/triggers", serde_json::json!({"trigger": {"title": "t"}})), 100);
    assert_eq!(status, 422, "conditions and actions are required");
    let id = m["macro"]["id"].to_string();
    let path: &'static str = Box::leak(format!("/api/v2/macros/{id}").into_boxed_str());
    let del = Req { method: "DELETE", path, query: vec![], origin: "http://x", body: None };
    assert_eq!(route(&mut store, &del, 100).0, 204);
    assert_eq!(route(&mut store, &del, 100).0, 404);
}
