//! The classic widget's look and the JavaScript API calls on the customer's site
//! (mapping.md §3, K7, K22).
//!
//! Position, colour and button text carry over when each brand's widget is converted
//! (K7). API calls do not: each call found on the site is rewritten to its messaging
//! counterpart (`zE('messenger', …)`), marked manual when only part of it has one, and
//! not migratable when messaging has none (the department picker, chat events).

use std::sync::LazyLock;

use regex::Regex;

use super::{Context, item};
use crate::plan::payload::{JsApiRewrite, Payload, WidgetLook};
use crate::plan::{Outcome, Section};
use crate::steps::{Need, StepId};

const FILE: &str = "chat/widget.json";

pub fn translate(ctx: &mut Context) {
    let Some(widget) = ctx.account.chat.widget.as_ref() else { return };
    if let Some(a) = &widget.appearance {
        let brands: Vec<String> = ctx.brand_names().into_iter().flatten().collect();
        let mut it = item(
            Section::Widget,
            format!("{FILE}#appearance"),
            if brands.is_empty() {
                "Messaging Web Widget of each brand: position, colour, launcher text".to_owned()
            } else {
                format!("Messaging Web Widget of {}: position, colour, launcher text", brands.join(", "))
            },
            Outcome::MigratedByZendesk,
            "Kept when the brand's Web Widget (Classic) is switched; the snippet stays the same.",
            &["K7"],
        );
        it.payload = Some(Payload::WidgetLook(WidgetLook {
            position: a.position.clone(),
            color: a.color.clone(),
            launcher_text: a.button_text.clone(),
            brands,
        }));
        it.notes.push("Call and Talk options are not available in messaging.".into());
        ctx.item(it);
    }
    for (i, call) in widget.js_api_calls.iter().flatten().enumerate() {
        let src = format!("{FILE}#js_api_calls[{i}]");
        let r = rewrite(call);
        let mut it = item(
            Section::Widget,
            src.clone(),
            r.target.clone().unwrap_or_else(|| "No messaging equivalent".into()),
            r.outcome,
            r.reason.clone(),
            &["K7", "K22"],
        );
        it.payload = Some(Payload::JsApiRewrite(JsApiRewrite { classic: call.clone(), messaging: r.target.clone() }));
        ctx.item(it);
        let detail = match &r.target {
            Some(t) => format!("`{}` → `{t}`", one_line(call)),
            None => format!("`{}` → remove ({})", one_line(call), r.reason),
        };
        ctx.need(
            Need::new(StepId::UpdateWidgetJsApi, "The site calls the classic widget API.").source(src).detail(detail),
        );
    }
}

fn one_line(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 80 { format!("{}…", s.chars().take(79).collect::<String>()) } else { s }
}

/// A classic call and what it becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    pub target: Option<String>,
    pub outcome: Outcome,
    pub reason: String,
}

fn tr(target: &str, reason: &str) -> Rewrite {
    Rewrite { target: Some(target.to_owned()), outcome: Outcome::Translated, reason: reason.to_owned() }
}

fn manual(target: Option<&str>, reason: &str) -> Rewrite {
    Rewrite { target: target.map(str::to_owned), outcome: Outcome::Manual, reason: reason.to_owned() }
}

fn lost(reason: &str) -> Rewrite {
    Rewrite { target: None, outcome: Outcome::NotMigratable, reason: reason.to_owned() }
}

static ZE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"zE\(\s*['"](webWidget(?::on|:get)?)['"]\s*,\s*['"]([\w:]+)['"]\s*(?:,\s*(.*?))?\)\s*;?\s*$"#)
        .expect("static regex")
});
static ZOPIM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$zopim\.livechat\.([\w.]+)\s*\(\s*(.*?)\)\s*;?\s*$").expect("static regex"));

/// Rewrite one classic widget call (K22's messaging API, K7).
pub fn rewrite(call: &str) -> Rewrite {
    let c = call.trim();
    if let Some(m) = ZE.captures(c) {
        let api = &m[1];
        let method = &m[2];
        let args = m.get(3).map(|a| a.as_str().trim()).filter(|a| !a.is_empty() && *a != "…" && *a != "...");
        let arg = args.unwrap_or("…");
        return match (api, method) {
            ("webWidget", "open" | "close" | "show" | "hide") => {
                tr(&format!("zE('messenger', '{method}')"), "Same action in the messaging Web Widget API.")
            }
            ("webWidget", "toggle") => manual(
                Some("zE('messenger', 'open') / zE('messenger', 'close')"),
                "Messaging has no toggle: track the state with messenger:on open/close and call open or close.",
            ),
            ("webWidget", "setLocale") => {
                tr(&format!("zE('messenger:set', 'locale', {arg})"), "The locale is set with messenger:set.")
            }
            ("webWidget", "logout") => tr("zE('messenger', 'logoutUser')", "Signing out is logoutUser in messaging."),
            ("webWidget", "identify" | "prefill") => manual(
                Some("zE('messenger', 'loginUser', callback) or zE('messenger:set', 'conversationFields', [...])"),
                "No direct equivalent: identify users with a JWT (loginUser) and pass other values as conversation fields.",
            ),
            ("webWidget", "chat:addTags") => Rewrite {
                target: Some(format!("zE('messenger:set', 'conversationTags', {arg})")),
                outcome: Outcome::Translated,
                reason: "Tags are set with conversationTags (it sets the whole list).".into(),
            },
            ("webWidget", "chat:removeTags") => manual(
                Some("zE('messenger:set', 'conversationTags', [...])"),
                "Messaging sets the whole tag list; set it again without the tags to remove.",
            ),
            ("webWidget", "updateSettings") => classify_settings(c),
            ("webWidget", "reset") => manual(
                Some("zE('messenger', 'logoutUser')"),
                "logoutUser clears the signed-in user; there is no full reset.",
            ),
            ("webWidget", m) => lost(&format!("'{m}' has no messaging Web Widget equivalent.")),
            ("webWidget:on", "open" | "close") => {
                tr(&format!("zE('messenger:on', '{method}', {arg})"), "Same event in the messaging Web Widget API.")
            }
            ("webWidget:on", "chat:unreadMessages") => tr(
                &format!("zE('messenger:on', 'unreadMessages', {arg})"),
                "The unread-messages event is messenger:on unreadMessages.",
            ),
            ("webWidget:on", e) => lost(&format!("The '{e}' event has no messaging Web Widget equivalent.")),
            (_, g) => lost(&format!("'{g}' cannot be read from the messaging Web Widget.")),
        };
    }
    if let Some(m) = ZOPIM.captures(c) {
        let path = &m[1];
        let arg = Some(m[2].trim()).filter(|a| !a.is_empty()).unwrap_or("…");
        return match path {
            "window.show" => tr("zE('messenger', 'open')", "Legacy $zopim call; messaging opens the widget with open."),
            "window.hide" => {
                tr("zE('messenger', 'close')", "Legacy $zopim call; messaging closes the widget with close.")
            }
            "button.show" => tr("zE('messenger', 'show')", "Legacy $zopim call."),
            "button.hide" | "hideAll" => tr("zE('messenger', 'hide')", "Legacy $zopim call."),
            "setLanguage" => tr(
                &format!("zE('messenger:set', 'locale', {arg})"),
                "Legacy $zopim call; the locale is set with messenger:set.",
            ),
            "addTags" => tr(
                &format!("zE('messenger:set', 'conversationTags', [{arg}])"),
                "Tags are set with conversationTags (it sets the whole list).",
            ),
            "setName" | "setEmail" | "setPhone" | "set" => manual(
                Some("zE('messenger', 'loginUser', callback)"),
                "Visitor details come from a signed JWT in messaging (loginUser), not from calls on the page.",
            ),
            p if p.starts_with("departments") => {
                lost("Messaging has no department picker; route with groups and triggers instead.")
            }
            p => manual(
                None,
                &format!(
                    "The legacy $zopim.livechat.{p} call has no documented messaging equivalent; remove or rebuild it."
                ),
            ),
        };
    }
    if c.contains("zESettings") || c.contains("webWidget:") || c.contains("webWidget.") {
        return classify_settings(c);
    }
    manual(None, "Not a recognised classic widget call: review it by hand.")
}

/// `zESettings.webWidget…` or `updateSettings`: decided by what the settings touch.
fn classify_settings(c: &str) -> Rewrite {
    if c.contains("jwtFn") || c.contains("authenticate") {
        return tr(
            "zE('messenger', 'loginUser', function (callback) { fetchJwt().then(callback); })",
            "Authentication moves from jwtFn to loginUser with a messaging JWT (see the visitor authentication item).",
        );
    }
    if c.contains("departments") {
        return lost("Messaging has no department picker; route with groups and triggers instead.");
    }
    if c.contains("zIndex") {
        return manual(
            Some("zE('messenger:set', 'zIndex', …)"),
            "zIndex is set with messenger:set; other settings live in Admin Center.",
        );
    }
    if c.contains("cookies") {
        return manual(Some("zE('messenger:set', 'cookies', …)"), "Cookie consent is set with messenger:set.");
    }
    manual(
        None,
        "Classic widget settings (colour, position, launcher, forms) are set in Admin Center for the messaging Web Widget, not in code.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_equivalents_are_translated() {
        let r = rewrite("zE('webWidget', 'open');");
        assert_eq!(r.target.as_deref(), Some("zE('messenger', 'open')"));
        assert_eq!(r.outcome, Outcome::Translated);
        let r = rewrite("zE(\"webWidget\", \"setLocale\", \"fr\")");
        assert_eq!(r.target.as_deref(), Some("zE('messenger:set', 'locale', \"fr\")"));
        let r = rewrite("zE('webWidget:on', 'chat:unreadMessages', function(n){})");
        assert_eq!(r.target.as_deref(), Some("zE('messenger:on', 'unreadMessages', function(n){})"));
    }

    #[test]
    fn department_calls_are_lost_and_prefill_is_manual() {
        assert_eq!(rewrite("$zopim.livechat.departments.filter('Sales')").outcome, Outcome::NotMigratable);
        assert_eq!(rewrite("zE('webWidget', 'prefill', …)").outcome, Outcome::Manual);
        assert_eq!(rewrite("zE('webWidget:on', 'chat:start', cb)").outcome, Outcome::NotMigratable);
    }

    #[test]
    fn jwt_settings_become_login_user() {
        let r = rewrite("window.zESettings = { webWidget: { authenticate: { chat: { jwtFn: f } } } }");
        assert!(r.target.unwrap().contains("loginUser"));
    }
}
