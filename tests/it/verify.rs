//! `migrate verify` against the stateful Support stand-in: each preset state of an
//! account gives the right status per check, read back through the report's own serde
//! types; exit codes; secrets never shown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use migrate::plan::Plan;
use migrate::verify::{Report, Status, Unknown};

use crate::common::fixture;
use crate::standin::{Fault, Options, StandIn, State, presets};

const TOKEN: &str = "verify-token-SECRET-5ab1";

fn cli() -> assert_cmd::Command {
    let mut c = crate::common::migrate();
    for k in ["ZENDESK_SUBDOMAIN", "ZENDESK_OAUTH_TOKEN", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "MIGRATE_CONFIG"] {
        c.env_remove(k);
    }
    c
}

/// `migrate plan FIXTURE --out DIR`, and the plan read back.
fn plan_out(name: &str, tmp: &Path) -> (PathBuf, Plan) {
    let dir = tmp.join(format!("plan-{name}"));
    let o = cli().arg("plan").arg(fixture(name)).arg("--out").arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan: Plan = serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap();
    (dir, plan)
}

async fn serve(plan: &Plan, state: State) -> StandIn {
    StandIn::start(presets::store(plan, state), Options::bearer(TOKEN)).await
}

/// `migrate verify PLAN_DIR --subdomain SUB --base-url URI …` with the token in the
/// environment, an empty config file and no pacing to wait for.
async fn verify_cli(plan_dir: &Path, subdomain: &str, uri: &str, extra: &[&str]) -> Output {
    let (dir, sub, uri) = (plan_dir.to_path_buf(), subdomain.to_owned(), uri.to_owned());
    let extra: Vec<String> = extra.iter().map(|s| (*s).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let config = dir.with_extension("config.toml");
        std::fs::write(&config, "").unwrap();
        cli()
            .arg("verify")
            .arg(&dir)
            .args(["--subdomain", &sub, "--base-url", &uri, "--support-rate", "600000"])
            .args(if extra.iter().any(|a| a == "--timeout") { &[][..] } else { &["--timeout", "5"][..] })
            .arg("--config")
            .arg(&config)
            .args(&extra)
            .env("ZENDESK_OAUTH_TOKEN", TOKEN)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// The JSON report of a run, through its own serde types.
fn report(o: &Output) -> Report {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
    })
}

async fn verify_json(plan_dir: &Path, plan: &Plan, s: &StandIn) -> (Report, Output) {
    let o = verify_cli(plan_dir, &plan.account.subdomain, &s.uri(), &["--format", "json"]).await;
    (report(&o), o)
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// `id → (status, unknown kind)` of every check.
fn statuses(r: &Report) -> BTreeMap<String, (Status, Option<Unknown>)> {
    r.checks.iter().map(|c| (c.id.clone(), (c.status, c.unknown))).collect()
}

fn status(r: &Report, id: &str) -> Status {
    r.checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}")).status
}

fn reason<'a>(r: &'a Report, id: &str) -> &'a str {
    &r.checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}")).reason
}

const SCHEDULE: &str = "chat/operating_hours.json#account_schedule";
const SALES: &str = "chat/departments.json#\"Sales\"";
const BILLING: &str = "chat/departments.json#\"Billing\"";
const RETURNS: &str = "chat/departments.json#\"Returns\"";
const HI: &str = "chat/shortcuts.json#\"hi\"";
const GOODBYE: &str = "chat/shortcuts.json#\"goodbye\"";
const REFUND: &str = "chat/shortcuts.json#\"refund\"";
const ROUTE: &str = "chat/triggers.json#\"Route German visitors\"";
const PRE_CHAT: &str = "chat/widget.json#pre_chat_form";
const ROUTING: &str = "chat/routing_settings.json";

/// Items only messaging holds: never pass, whatever the live account.
const MESSAGING_ONLY: &[&str] = &[
    "chat/widget.json#offline_form",
    "chat/widget.json#visitor_authentication",
    "chat/bans.json#ip_address",
    "chat/goals.json#\"Goal 3\"",
    "chat/triggers.json#\"First Reply\"",
    "chat/triggers.json#\"Away auto-reply\"",
    "chat/triggers.json#\"Cart helper\"",
    "chat/widget.json#appearance",
];

fn assert_messaging_only_unknown(r: &Report) {
    let s = statuses(r);
    for id in MESSAGING_ONLY {
        assert_eq!(s[*id], (Status::Unknown, Some(Unknown::NoApi)), "{id}");
    }
    // The pre-chat form's ticket fields are checkable, its response is not: never a pass.
    assert_ne!(s[PRE_CHAT].0, Status::Pass);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_state_gives_the_right_status_per_check() {
    use Status::{Fail, Pass};
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    // (state, [(check, status)])
    let table: &[(State, &[(&str, Status)])] = &[
        (
            State::AllDone,
            &[
                (SCHEDULE, Pass),
                (SALES, Pass),
                (BILLING, Pass),
                (RETURNS, Pass),
                (HI, Pass),
                (GOODBYE, Pass),
                (REFUND, Pass),
                (ROUTE, Pass),
                (ROUTING, Pass),
            ],
        ),
        (
            State::NothingDone,
            &[
                (SCHEDULE, Fail),
                (SALES, Fail),
                (BILLING, Fail),
                (RETURNS, Fail),
                (HI, Fail),
                (GOODBYE, Fail),
                (REFUND, Fail),
                (ROUTE, Fail),
                (PRE_CHAT, Fail),
                (ROUTING, Fail),
            ],
        ),
        (
            State::HalfDone,
            &[
                (SCHEDULE, Pass),
                (SALES, Pass),
                (BILLING, Fail),
                (RETURNS, Pass),
                (HI, Pass),
                (GOODBYE, Fail),
                // "refund" is there, but for the group "Billing", which is not.
                (REFUND, Fail),
                (ROUTE, Pass),
                (PRE_CHAT, Fail),
            ],
        ),
        (State::Drifted, &[(SCHEDULE, Fail), (SALES, Fail), (BILLING, Pass), (ROUTE, Pass), (HI, Pass)]),
        (State::Duplicated, &[(SCHEDULE, Fail), (SALES, Pass), (HI, Pass), (ROUTE, Pass)]),
    ];
    for (state, want) in table {
        let s = serve(&plan, *state).await;
        let (r, o) = verify_json(&dir, &plan, &s).await;
        let fails = r.summary.fail > 0;
        assert_eq!(code(&o), if fails { 4 } else { 0 }, "{state:?}: {}", String::from_utf8_lossy(&o.stderr));
        for (id, st) in *want {
            assert_eq!(status(&r, id), *st, "{state:?}: {id}: {}", reason(&r, id));
        }
        assert_messaging_only_unknown(&r);
        // Every item and every step has exactly one check, in the plan's order.
        let ids: Vec<&str> = r.checks.iter().map(|c| c.id.as_str()).collect();
        let plan_ids: Vec<&str> =
            plan.items.iter().map(|i| i.source.as_str()).chain(plan.steps.iter().map(|s| s.id.as_str())).collect();
        assert_eq!(ids, plan_ids, "{state:?}");
        // Only GETs.
        assert!(s.hits().iter().all(|h| h.method == "GET"), "{state:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn all_done_has_no_fail() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::AllDone).await;
    let (r, _) = verify_json(&dir, &plan, &s).await;
    let failed: Vec<(&str, &str)> =
        r.checks.iter().filter(|c| c.status == Status::Fail).map(|c| (c.id.as_str(), c.reason.as_str())).collect();
    assert!(failed.is_empty(), "{failed:?}");
    assert!(r.summary.pass >= 10, "{}", r.summary.line());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_drifted_schedule_names_the_difference_and_an_activated_trigger_is_reported_not_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::Drifted).await;
    let (r, _) = verify_json(&dir, &plan, &s).await;
    assert!(
        reason(&r, SCHEDULE).contains("Monday 09:00–17:00 expected, 09:00–16:00 found"),
        "{}",
        reason(&r, SCHEDULE)
    );
    assert!(
        reason(&r, SALES).contains("member ana@acme.example a member expected, not a member found"),
        "{}",
        reason(&r, SALES)
    );
    assert_eq!(status(&r, ROUTE), Status::Pass);
    assert!(reason(&r, ROUTE).contains("the admin has activated it"), "{}", reason(&r, ROUTE));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_duplicate_schedule_fails_as_a_duplicate() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::Duplicated).await;
    let (r, _) = verify_json(&dir, &plan, &s).await;
    assert!(
        reason(&r, SCHEDULE).starts_with("duplicate: 2 schedules named \"Chat operating hours\""),
        "{}",
        reason(&r, SCHEDULE)
    );
    let c = r.checks.iter().find(|c| c.id == SCHEDULE).unwrap();
    assert_eq!(c.evidence[0].ids.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_list_is_not_readable_and_429_5xx_slow_and_broken_answers_are_retried() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::AllDone).await;
    s.set_options(|o| o.forbidden = vec!["/api/v2/macros".into()]);
    s.fault("/api/v2/groups", vec![Fault::Status(429, Some("1".into()))]);
    s.fault("/api/v2/triggers", vec![Fault::Status(503, None), Fault::Truncated]);
    // Slower than --timeout: given up and asked again.
    s.fault("/api/v2/ticket_fields", vec![Fault::Delay(std::time::Duration::from_millis(2500))]);
    let o = verify_cli(&dir, "acme", &s.uri(), &["--format", "json", "--timeout", "1"]).await;
    let r = report(&o);
    let hits = |p: &str| s.hits().iter().filter(|h| h.path.starts_with(p)).count();
    assert!(hits("/api/v2/triggers") >= 3 && hits("/api/v2/groups") >= 2, "retried");
    assert!(hits("/api/v2/ticket_fields") >= 2, "the slow answer was given up and asked again");
    assert_eq!(status(&r, PRE_CHAT), Status::Unknown, "{}", reason(&r, PRE_CHAT));
    assert!(reason(&r, PRE_CHAT).contains("are as planned"), "{}", reason(&r, PRE_CHAT));
    for id in [HI, GOODBYE, REFUND] {
        assert_eq!(statuses(&r)[id], (Status::Unknown, Some(Unknown::NotReadable)), "{id}");
    }
    assert_eq!(status(&r, SALES), Status::Pass, "{}", reason(&r, SALES));
    assert_eq!(status(&r, ROUTE), Status::Pass, "{}", reason(&r, ROUTE));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_lists_page_by_cursor_and_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::AllDone).await;
    s.set_options(|o| o.page_cap = 1);
    let (r, _) = verify_json(&dir, &plan, &s).await;
    assert_eq!(r.summary.fail, 0, "{}", r.summary.line());
    let hits = s.hits();
    assert!(hits.iter().filter(|h| h.path.starts_with("/api/v2/macros")).count() >= 3);
    assert!(hits.iter().any(|h| h.query.contains("page[after]=")));
}

fn assert_no_secret(what: &str, o: &Output) {
    for (name, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        assert!(!String::from_utf8_lossy(bytes).contains(TOKEN), "the token appears in {what}'s {name}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn text_and_markdown_end_with_the_summary_and_json_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::AllDone).await;
    let text = verify_cli(&dir, "acme", &s.uri(), &["-vvv"]).await;
    assert_eq!(code(&text), 0, "{}", String::from_utf8_lossy(&text.stderr));
    let out = String::from_utf8_lossy(&text.stdout);
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("acme: ") && last.contains(" pass · 0 fail · ") && last.contains("no API"), "{last}");
    // The text names things as the admin knows them, never by file keys.
    assert!(!out.contains("chat/") && !out.contains(".json"), "{out}");
    assert_no_secret("text", &text);
    let md = verify_cli(&dir, "acme", &s.uri(), &["--format", "markdown"]).await;
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.starts_with("## Verification of acme") && md.contains("| Result | What | Found |"), "{md}");
    let (a, _) = verify_json(&dir, &plan, &s).await;
    let b = verify_cli(&dir, "acme", &s.uri(), &["--format", "json"]).await;
    assert_eq!(
        serde_json::to_string_pretty(&a).unwrap() + "\n",
        String::from_utf8_lossy(&b.stdout),
        "byte-identical runs"
    );
    assert_eq!(a.format_version, 1);
    // --strict: an unknown a person could settle fails the run.
    let strict = verify_cli(&dir, "acme", &s.uri(), &["--strict", "--quiet"]).await;
    assert_eq!(code(&strict), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_accounts_plan_is_refused_before_any_request() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::AllDone).await;
    let o = verify_cli(&dir, "globex", &s.uri(), &[]).await;
    assert_eq!(code(&o), 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is for \"acme\", not \"globex\""), "{err}");
    assert!(s.hits().is_empty(), "no request before the refusal");
}

/// `--account`: the export as it was is accepted; once a file of it changed (a trigger
/// renamed), the plan is refused with exit 3 before any request, naming the plan, the
/// export and both fingerprints.
#[tokio::test(flavor = "multi_thread")]
async fn with_account_a_plan_whose_export_changed_since_is_refused_before_any_request() {
    let tmp = tempfile::tempdir().unwrap();
    let account = tmp.path().join("acme");
    crate::common::copy_dir(&fixture("acme-segment-2"), &account);
    let dir = tmp.path().join("plan");
    let o = cli().arg("plan").arg(&account).arg("--out").arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan: Plan = serde_json::from_str(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap();
    let s = serve(&plan, State::AllDone).await;
    let acc = account.to_str().unwrap();

    let ok = verify_cli(&dir, "acme", &s.uri(), &["--account", acc, "--format", "json"]).await;
    assert_ne!(code(&ok), 3, "{}", String::from_utf8_lossy(&ok.stderr));
    report(&ok);

    let triggers = account.join("chat/triggers.json");
    let text = std::fs::read_to_string(&triggers).unwrap().replacen("Route German visitors", "Route German", 1);
    std::fs::write(&triggers, text).unwrap();
    let hits = s.hits().len();
    let stale = verify_cli(&dir, "acme", &s.uri(), &["--account", acc]).await;
    assert_eq!(code(&stale), 3);
    let err = String::from_utf8_lossy(&stale.stderr);
    assert!(err.contains(&format!("{}: this plan was made from another export", dir.display())), "{err}");
    assert!(err.contains(&plan.account.input_fingerprint), "{err}");
    assert!(
        err.contains(&format!("the export in {acc} now has ")) && err.contains("run `migrate plan` again"),
        "{err}"
    );
    assert_eq!(s.hits().len(), hits, "no request after the refusal");

    // An account directory that is not an export: refused as such, exit 3, no request.
    let none = verify_cli(&dir, "acme", &s.uri(), &["--account", tmp.path().join("nowhere").to_str().unwrap()]).await;
    assert_eq!(code(&none), 3, "{}", String::from_utf8_lossy(&none.stderr));
    assert!(String::from_utf8_lossy(&none.stderr).contains("nowhere"), "{}", String::from_utf8_lossy(&none.stderr));
    assert_eq!(s.hits().len(), hits);
}

/// Without a flag, verify paces at the Support plan the plan records (acme-segment-2:
/// suite_professional, 400/min) and says so; a flag wins.
#[tokio::test(flavor = "multi_thread")]
async fn without_a_flag_verify_paces_at_the_plans_support_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::AllDone).await;
    let run = |extra: &'static [&'static str]| {
        let (dir, uri) = (dir.clone(), s.uri());
        tokio::task::spawn_blocking(move || {
            let config = dir.with_extension("config.toml");
            std::fs::write(&config, "").unwrap();
            let o = cli()
                .arg("verify")
                .arg(&dir)
                .args(["--subdomain", "acme", "--base-url", &uri, "--config"])
                .arg(&config)
                .args(extra)
                .env("ZENDESK_OAUTH_TOKEN", TOKEN)
                .output()
                .unwrap();
            String::from_utf8_lossy(&o.stderr).into_owned()
        })
    };
    let err = run(&[]).await.unwrap();
    assert!(err.contains("Support limit 400/min (the plan's Support plan, suite_professional)"), "{err}");
    let err = run(&["--support-rate", "60000"]).await.unwrap();
    assert!(err.contains("Support limit 60000/min (--support-rate)"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_plan_directory_is_invalid_input() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::AllDone).await;
    let missing = verify_cli(&tmp.path().join("nowhere"), "acme", &s.uri(), &[]).await;
    assert_eq!(code(&missing), 3, "{}", String::from_utf8_lossy(&missing.stderr));
    let file = dir.join("plan.json");
    let text = std::fs::read_to_string(&file).unwrap();
    let current = format!("\"format_version\": {}", migrate::plan::FORMAT_VERSION);
    assert!(text.contains(&current));
    std::fs::write(&file, text.replacen(&current, "\"format_version\": 99", 1)).unwrap();
    let newer = verify_cli(&dir, "acme", &s.uri(), &[]).await;
    assert_eq!(code(&newer), 3);
    assert!(String::from_utf8_lossy(&newer.stderr).contains("plan.json"), "{}", String::from_utf8_lossy(&newer.stderr));
    std::fs::write(&file, &text[..text.len() / 2]).unwrap();
    let cut = verify_cli(&dir, "acme", &s.uri(), &[]).await;
    assert_eq!(code(&cut), 3);
    assert!(s.hits().is_empty());
}

/// Bad plan paths end to end: a file, nothing, an empty folder, a binary or an endless
/// `plan.json`: exit 3, the file named, no request.
#[tokio::test(flavor = "multi_thread")]
async fn bad_plan_paths_are_refused_by_name_before_any_request() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = serve(&plan, State::AllDone).await;
    let file = dir.join("plan.json");
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let binary = tmp.path().join("binary");
    crate::common::copy_dir(&dir, &binary);
    std::fs::write(binary.join("plan.json"), [0xffu8, 0x00, 0x9c].repeat(500)).unwrap();
    let mut cases = vec![
        (file.clone(), format!("{}: not a directory", file.display())),
        (tmp.path().join("nowhere"), format!("{}: no such directory", tmp.path().join("nowhere").display())),
        (empty.clone(), format!("{}: no such file", empty.join("plan.json").display())),
        (binary.clone(), format!("{}:1:1: not UTF-8 text", binary.join("plan.json").display())),
    ];
    #[cfg(unix)]
    {
        let endless = tmp.path().join("endless");
        crate::common::copy_dir(&dir, &endless);
        std::fs::remove_file(endless.join("plan.json")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", endless.join("plan.json")).unwrap();
        cases.push((
            endless.clone(),
            format!("{}: cannot read: not a regular file", endless.join("plan.json").display()),
        ));
    }
    for (path, expected) in &cases {
        let o = verify_cli(path, "acme", &s.uri(), &[]).await;
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(code(&o), 3, "{}: {err}", path.display());
        assert!(err.contains(expected.as_str()), "expected {expected:?} in\n{err}");
        assert!(o.stdout.is_empty());
    }
    assert!(s.hits().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusing_or_failing_api_exits_5_and_the_token_never_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let s = StandIn::start(presets::store(&plan, State::AllDone), Options::bearer("another-token")).await;
    let o = verify_cli(&dir, "acme", &s.uri(), &["--format", "json"]).await;
    assert_eq!(code(&o), 5, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("401"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.stdout, b"", "no report when the account could not be read");
    assert_no_secret("a 401", &o);
    assert!(s.hits().iter().all(|h| h.method == "GET"));
    let s = serve(&plan, State::AllDone).await;
    s.fault("/api/v2/groups", vec![Fault::Status(500, None); 20]);
    let o = verify_cli(&dir, "acme", &s.uri(), &[]).await;
    assert_eq!(code(&o), 5, "{}", String::from_utf8_lossy(&o.stderr));
    assert_no_secret("a 500", &o);
}

#[tokio::test(flavor = "multi_thread")]
async fn subdomains_verify_each_account_and_print_a_summary_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, plan) = plan_out("acme-segment-2", tmp.path());
    let plans = tmp.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::rename(&dir, plans.join("acme")).unwrap();
    let s = serve(&plan, State::Drifted).await;
    let list = tmp.path().join("accounts.txt");
    std::fs::write(&list, "acme\nglobex # no plan\n").unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let uri = s.uri();
    let o = tokio::task::spawn_blocking(move || {
        cli()
            .arg("verify")
            .arg(&plans)
            .arg("--subdomains")
            .arg(&list)
            .args(["--base-url", &uri, "--support-rate", "600000", "--config"])
            .arg(&config)
            .env("ZENDESK_OAUTH_TOKEN", TOKEN)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    // A fail (4) and an unreadable plan (3): the worst wins.
    assert_eq!(code(&o), 3, "{}", String::from_utf8_lossy(&o.stderr));
    let csv = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "account,result,pass,fail,unknown,no_api,needs_person,not_readable,not_applicable,error");
    assert!(rows[1].starts_with("acme,fail,"), "{csv}");
    assert!(rows[2].starts_with("globex,error,,,,,,,,"), "{csv}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("acme: "), "{}", String::from_utf8_lossy(&o.stderr));
    assert_no_secret("a batch", &o);
}

/// With --subdomains, `--account DIR` holds one export per account (`DIR/SUBDOMAIN`): each
/// plan is checked against its own export.
#[tokio::test(flavor = "multi_thread")]
async fn subdomains_check_each_plan_against_its_own_export() {
    let tmp = tempfile::tempdir().unwrap();
    let exports = tmp.path().join("exports");
    crate::common::copy_dir(&fixture("acme-segment-2"), &exports.join("acme"));
    let plans = tmp.path().join("plans");
    let o = cli().arg("plan").arg(exports.join("acme")).arg("--out").arg(plans.join("acme")).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan: Plan = serde_json::from_str(&std::fs::read_to_string(plans.join("acme/plan.json")).unwrap()).unwrap();
    let s = serve(&plan, State::AllDone).await;
    let list = tmp.path().join("accounts.txt");
    std::fs::write(&list, "acme\n").unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let run = || {
        let (plans, exports, list, config, uri) =
            (plans.clone(), exports.clone(), list.clone(), config.clone(), s.uri());
        tokio::task::spawn_blocking(move || {
            cli()
                .arg("verify")
                .arg(&plans)
                .arg("--subdomains")
                .arg(&list)
                .arg("--account")
                .arg(&exports)
                .args(["--base-url", &uri, "--support-rate", "600000", "--config"])
                .arg(&config)
                .env("ZENDESK_OAUTH_TOKEN", TOKEN)
                .output()
                .unwrap()
        })
    };
    let o = run().await.unwrap();
    assert_ne!(code(&o), 3, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).lines().nth(1).unwrap().starts_with("acme,pass,"));
    let triggers = exports.join("acme/chat/triggers.json");
    let text = std::fs::read_to_string(&triggers).unwrap().replacen("Route German visitors", "Route German", 1);
    std::fs::write(&triggers, text).unwrap();
    let hits = s.hits().len();
    let o = run().await.unwrap();
    assert_eq!(code(&o), 3);
    let csv = String::from_utf8_lossy(&o.stdout);
    assert!(csv.lines().nth(1).unwrap().starts_with("acme,error,"), "{csv}");
    assert!(csv.contains("this plan was made from another export"), "{csv}");
    assert_eq!(s.hits().len(), hits);
}

#[tokio::test(flavor = "multi_thread")]
async fn account_steps_read_settings_and_articles_across_pages() {
    let tmp = tempfile::tempdir().unwrap();
    for (fixture, step) in [
        ("ready-help-center-applies", "grow-help-center"),
        ("ready-agent-workspace-applies", "turn-on-agent-workspace"),
    ] {
        let (dir, plan) = plan_out(fixture, tmp.path());
        assert!(plan.steps.iter().any(|s| s.id.as_str() == step), "{fixture} has {step}");
        for (state, want) in [(State::NothingDone, Status::Fail), (State::AllDone, Status::Pass)] {
            let s = serve(&plan, state).await;
            // One object a page: articles page by cursor.
            s.set_options(|o| o.page_cap = 1);
            let (r, _) = verify_json(&dir, &plan, &s).await;
            assert_eq!(status(&r, step), want, "{fixture} {state:?}: {}", reason(&r, step));
        }
    }
}
