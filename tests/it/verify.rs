//! `migrate verify` against the stateful Support stand-in: each preset state of an
//! account gives the right status per check.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use migrate::plan::Plan;
use migrate::verify::{Report, Status, Unknown};

use crate::common::{fixture, plan_dir};
use crate::standin::{Fault, Options, StandIn, State, presets};

const TOKEN: &str = "verify-token-SECRET-5ab1";

fn acme() -> Plan {
    plan_dir(&fixture("acme-segment-2"))
}

async fn serve(plan: &Plan, state: State) -> StandIn {
    StandIn::start(presets::store(plan, state), Options::bearer(TOKEN)).await
}

/// Verify through the library: read what the plan needs, check it.
async fn verify_lib(plan: &Plan, s: &StandIn) -> Result<Report, migrate::zendesk::ApiError> {
    use migrate::zendesk::pace::Rates;
    use migrate::zendesk::retry::RetryPolicy;
    use migrate::zendesk::{Auth, Client, ClientOptions, Narrator, RealClock};
    let opts = ClientOptions {
        base_url: url::Url::parse(&s.uri()).unwrap(),
        auth: Auth::Bearer(migrate::secret::Secret::new(TOKEN)),
        rates: Rates { chat: 60_000, support: 60_000, incremental: 60_000 },
        timeout: Duration::from_secs(5),
        policy: RetryPolicy { backoff_base: Duration::from_millis(10), ..RetryPolicy::default() },
        seed: Some(7),
    };
    let client = Client::new(opts, Arc::new(RealClock), Narrator::stderr(true, false)).unwrap();
    let live = migrate::verify::read::read(&client, &migrate::verify::needs(plan)).await?;
    Ok(Report::new(&plan.account.subdomain, migrate::verify::check(plan, &live)))
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

#[tokio::test]
async fn every_state_gives_the_right_status_per_check() {
    use Status::{Fail, Pass};
    let plan = acme();
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
                (REFUND, Pass),
                (ROUTE, Pass),
                (PRE_CHAT, Fail),
            ],
        ),
        (State::Drifted, &[(SCHEDULE, Fail), (SALES, Fail), (BILLING, Pass), (ROUTE, Pass), (HI, Pass)]),
        (State::Duplicated, &[(SCHEDULE, Fail), (SALES, Pass), (HI, Pass), (ROUTE, Pass)]),
    ];
    for (state, want) in table {
        let s = serve(&plan, *state).await;
        let r = verify_lib(&plan, &s).await.unwrap();
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

#[tokio::test]
async fn all_done_has_no_fail() {
    let plan = acme();
    let s = serve(&plan, State::AllDone).await;
    let r = verify_lib(&plan, &s).await.unwrap();
    let failed: Vec<(&str, &str)> =
        r.checks.iter().filter(|c| c.status == Status::Fail).map(|c| (c.id.as_str(), c.reason.as_str())).collect();
    assert!(failed.is_empty(), "{failed:?}");
    assert!(r.summary.pass >= 10, "{}", r.summary.line());
}

#[tokio::test]
async fn a_drifted_schedule_names_the_difference_and_an_activated_trigger_is_reported_not_failed() {
    let plan = acme();
    let s = serve(&plan, State::Drifted).await;
    let r = verify_lib(&plan, &s).await.unwrap();
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

#[tokio::test]
async fn a_duplicate_schedule_fails_as_a_duplicate() {
    let plan = acme();
    let s = serve(&plan, State::Duplicated).await;
    let r = verify_lib(&plan, &s).await.unwrap();
    assert!(
        reason(&r, SCHEDULE).starts_with("duplicate: 2 schedules named \"Chat operating hours\""),
        "{}",
        reason(&r, SCHEDULE)
    );
    let c = r.checks.iter().find(|c| c.id == SCHEDULE).unwrap();
    assert_eq!(c.evidence[0].ids.len(), 2);
}

#[tokio::test]
async fn a_refused_list_is_not_readable_and_a_429_is_waited_out() {
    let plan = acme();
    let s = serve(&plan, State::AllDone).await;
    s.set_options(|o| o.forbidden = vec!["/api/v2/macros".into()]);
    s.fault("/api/v2/groups", vec![Fault::Status(429, Some("1".into()))]);
    s.fault("/api/v2/triggers", vec![Fault::Status(503, None), Fault::Truncated]);
    let r = verify_lib(&plan, &s).await.unwrap();
    for id in [HI, GOODBYE, REFUND] {
        assert_eq!(statuses(&r)[id], (Status::Unknown, Some(Unknown::NotReadable)), "{id}");
    }
    assert_eq!(status(&r, SALES), Status::Pass, "{}", reason(&r, SALES));
    assert_eq!(status(&r, ROUTE), Status::Pass, "{}", reason(&r, ROUTE));
}

#[tokio::test]
async fn the_lists_page_by_cursor_and_offset() {
    let plan = acme();
    let s = serve(&plan, State::AllDone).await;
    s.set_options(|o| o.page_cap = 1);
    let r = verify_lib(&plan, &s).await.unwrap();
    assert_eq!(r.summary.fail, 0, "{}", r.summary.line());
    let hits = s.hits();
    assert!(hits.iter().filter(|h| h.path.starts_with("/api/v2/macros")).count() >= 3);
    assert!(hits.iter().any(|h| h.query.contains("page[after]=")));
}
