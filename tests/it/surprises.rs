//! The surprises of docs/surprises.md that an account predicts (issue 19): each is named in
//! the step where it bites, with its advice and source, when the account shows what predicts
//! it, and an account without it gets no word of it (D-12).

use migrate::plan::StepId;

use crate::common::{copy_dir, fixture, migrate, new_account, plan_dir, root};

const ROUTING_ARTICLE: &str = "https://support.zendesk.com/hc/en-us/articles/5020833543450";
const CAPACITY_ARTICLE: &str = "https://support.zendesk.com/hc/en-us/articles/5308501814042";
const OMNICHANNEL_CHAT_ARTICLE: &str = "https://support.zendesk.com/hc/en-us/articles/6249962577690";
const CSP_PAGE: &str = "https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/csp";

fn guide(dir: &std::path::Path) -> String {
    let out = migrate().args(["plan", "--format", "markdown"]).arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn step_text(dir: &std::path::Path, id: StepId) -> String {
    let plan = plan_dir(dir);
    let s = plan.steps.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}"));
    s.what.clone()
}

/// Broadcast routing and a per-agent chat limit on an account with operating hours: both
/// named in the omnichannel routing step, with what to do and the articles.
#[test]
fn broadcast_routing_and_inactive_capacity_are_named_at_the_routing_step() {
    let what = step_text(&fixture("surprise-routing-applies"), StepId::ConfigureOmnichannelRouting);
    assert!(what.contains("Your Chat routing is Broadcast"), "{what}");
    assert!(what.contains("Broadcast cannot be used for messaging with omnichannel routing"), "{what}");
    assert!(what.contains("give them a view of unassigned messaging conversations"), "{what}");
    assert!(what.contains(ROUTING_ARTICLE), "{what}");
    assert!(what.contains("Chat holds each agent to a limit of 3 chats"), "{what}");
    assert!(what.contains("(operating hours are on)"), "{what}");
    assert!(what.contains("turn on counting inactive conversations toward capacity"), "{what}");
    assert!(what.contains(CAPACITY_ARTICLE), "{what}");
    // A Chat trigger on the account status, and operating hours: both stop doing what they
    // did once omnichannel routing is on.
    assert!(what.contains("1 Chat trigger tests the Chat account or department status (\"Away notice\")"), "{what}");
    assert!(what.contains("with omnichannel routing they no longer change agents' statuses"), "{what}");
    assert!(what.contains(OMNICHANNEL_CHAT_ARTICLE), "{what}");
}

#[test]
fn an_account_without_them_gets_no_word_of_them() {
    let g = guide(&fixture("surprise-routing-clear"));
    for word in [
        "Broadcast",
        "inactive conversations toward capacity",
        "account or department status",
        "change agents' statuses",
        ROUTING_ARTICLE,
        CAPACITY_ARTICLE,
        // The omnichannel-routing migration page itself is cited by every plan's routing
        // decision (guide review #3); the surprises' own sentences above are what must not appear.
        CSP_PAGE,
    ] {
        assert!(!g.contains(word), "{word} in a guide whose account does not show it");
    }
}

/// Offline messages in the history show the team is not online around the clock: with a
/// chat limit, the capacity surprise is named without operating hours.
#[test]
fn offline_messages_in_the_history_predict_the_capacity_surprise() {
    let account = new_account("offline");
    let chat = account.path().join("chat");
    std::fs::write(
        chat.join("routing_settings.json"),
        r#"{"data": {"routing_mode": "assigned", "chat_limit": {"enabled": true, "limit": 2}}}"#,
    )
    .unwrap();
    let with = |offline: bool| {
        let kind = if offline { "offline_msg" } else { "chat" };
        std::fs::write(
            chat.join("chats.jsonl"),
            format!(
                "{{\"id\": \"a\", \"type\": \"chat\", \"timestamp\": \"2026-10-20T10:00:00Z\", \"end_timestamp\": \"2026-10-20T10:10:00Z\", \"zendesk_ticket_id\": 1}}\n{{\"id\": \"b\", \"type\": \"{kind}\", \"timestamp\": \"2026-10-21T23:00:00Z\", \"zendesk_ticket_id\": 2}}\n"
            ),
        )
        .unwrap();
        step_text(account.path(), StepId::ConfigureOmnichannelRouting)
    };
    let what = with(true);
    assert!(what.contains("the chat history holds 1 offline messages"), "{what}");
    assert!(what.contains(CAPACITY_ARTICLE), "{what}");
    let what = with(false);
    assert!(!what.contains(CAPACITY_ARTICLE), "no offline message, no operating hours: {what}");
}

/// The site's surprises (a Content Security Policy for the Classic hosts, a wrapper library,
/// a consent gate) are named under the widget JavaScript step with their fix and source.
#[test]
fn the_site_surprises_are_named_at_the_widget_code_step() {
    let dir = tempfile::tempdir().unwrap();
    let account = dir.path().join("acct");
    copy_dir(&fixture("surprise-routing-clear"), &account);
    let out = migrate()
        .args(["scan-site", "tests/sites/surprises", "--account"])
        .arg(&account)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let what = step_text(&account, StepId::UpdateWidgetJsApi);
    assert!(
        what.contains(
            "tests/sites/surprises/nginx.conf:4: `Content-Security-Policy` → `add default-src: https://*.smooch.io"
        ),
        "{what}"
    );
    assert!(what.contains("tests/sites/surprises/package.json:5: `dependency @dansmaculotte/vue-zendesk` →"), "{what}");
    assert!(what.contains("https://github.com/dansmaculotte/vue-zendesk/issues/59"), "{what}");
    assert!(what.contains("tests/sites/surprises/public/index.html:4: `consent-gated widget script` → The widget loads only after consent (Cookiebot"), "{what}");
    let plan = plan_dir(&account);
    let step = plan.steps.iter().find(|s| s.id == StepId::UpdateWidgetJsApi).unwrap();
    assert!(step.why.contains("has 9 places around the widget that messaging needs changed"), "{}", step.why);
    let g = guide(&account);
    assert!(g.contains(CSP_PAGE), "the CSP page is cited in the guide");
}

const K2_ARTICLE: &str = "https://support.zendesk.com/hc/en-us/articles/9435865466906";

fn step(dir: &std::path::Path, id: StepId) -> migrate::plan::Step {
    plan_dir(dir).steps.into_iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}"))
}

/// What the chats show (issue 19): ratings, departments chosen, the sites visitors chatted
/// from, each named at the step where it bites with the chat history as its source.
#[test]
fn what_the_chats_show_is_named_at_its_step() {
    let dir = fixture("surprise-history-applies");
    let usage = plan_dir(&dir).account.history.expect("a history").usage;
    assert_eq!(usage.rated_chats, 2, "a rating given by a later line of the same chat counts once");
    assert_eq!(usage.departments, ["Returns", "Sales"]);
    assert_eq!(usage.sites, ["help.shop.example", "www.shop.example"], "hosts lower-cased, escaped slashes read");

    let s = step(&dir, StepId::ReviewMigratedSettings);
    assert!(
        s.what.contains(
            "Visitors rated 2 chats in the chat history, so the migration wizard turns on CSAT for messaging"
        ),
        "{}",
        s.what
    );
    assert!(s.what.contains(K2_ARTICLE), "{}", s.what);
    assert!(s.sources.iter().any(|x| x == "chat/chats.jsonl#rating"), "{:?}", s.sources);

    let s = step(&dir, StepId::ConfigureMessagingResponse);
    assert!(s.what.contains("Visitors chose a department in the pre-chat form, and chats in the chat history went to \"Returns\" and \"Sales\""), "{}", s.what);
    assert!(s.what.contains("Not among the drop-down's options: \"Returns\""), "{}", s.what);
    assert!(s.sources.iter().any(|x| x == "chat/chats.jsonl#department_name"), "{:?}", s.sources);

    let s = step(&dir, StepId::LaunchBrandOffPeak);
    assert!(
        s.what.contains("Visitors chatted from pages on help.shop.example and www.shop.example (the chat history)"),
        "{}",
        s.what
    );

    // The guide a person reads says them in the same words.
    let g = guide(&dir);
    for words in
        ["turns on CSAT for messaging", "went to \"Returns\" and \"Sales\"", "chatted from pages on help.shop.example"]
    {
        assert!(g.contains(words), "{words} not in the guide");
    }
}

/// Chats that went to departments without a picker in the pre-chat form were routed there:
/// the department-to-group step names them, not the messaging response.
#[test]
fn departments_reached_by_routing_are_named_at_the_group_step() {
    let dir = tempfile::tempdir().unwrap();
    let account = dir.path().join("acct");
    copy_dir(&fixture("surprise-history-applies"), &account);
    std::fs::write(account.join("chat/widget.json"), r#"{"pre_chat_form": {"enabled": false}, "offline_form": {"enabled": false}, "visitor_authentication": {"enabled": false}}"#).unwrap();
    let plan = plan_dir(&account);
    let s = plan.steps.iter().find(|s| s.id == StepId::MapDepartmentsToGroups).expect("the group step");
    assert!(
        s.what.contains("Chats in the chat history went to \"Returns\" and \"Sales\", without a department picker"),
        "{}",
        s.what
    );
    assert!(!plan.steps.iter().any(|s| s.id == StepId::ConfigureMessagingResponse && s.what.contains("Returns")));
}

/// A history whose chats show no rating, department or page: no word of them, and no
/// `usage` key in the plan.
#[test]
fn a_history_without_them_gets_no_word_of_them() {
    let dir = fixture("surprise-history-clear");
    let g = guide(&dir);
    // (The wizard's article, K2, is cited by the step itself; the sentences are what must not appear.)
    for word in ["CSAT", "Visitors rated", "went to \"", "chatted from"] {
        assert!(!g.contains(word), "{word} in a guide whose chats do not show it");
    }
    let out = migrate().args(["plan", "--format", "json"]).arg(&dir).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"usage\""));
}
