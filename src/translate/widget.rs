//! The classic widget's look and the JavaScript API calls on the customer's site
//! (mapping.md §3, K7, K22).
//!
//! Position, colour and button text carry over when each brand's widget is converted
//! (K7). API calls do not: each call found on the site is rewritten to its messaging
//! counterpart (`zE('messenger', …)`), marked manual when only part of it has one, and
//! not migratable when messaging has none (the department picker, chat events).

use std::sync::LazyLock;

use regex::Regex;

use super::widget_api::{self, Api, Verdict};
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

static ZE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"zE\(\s*['"](webWidget(?::on|:get)?)['"]\s*,\s*['"]([\w:]+)['"]"#).expect("static regex")
});
static ZOPIM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$zopim\.livechat\.([\w.]+)\s*\(").expect("static regex"));
static LEGACY_ZE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^zE\.(\w+)\s*\(").expect("static regex"));

/// Which widget API use a hand-typed call is, in the scanner's terms, so that the answer
/// comes from the one rules table `scan-site` uses ([`widget_api::answer`]). `None`: not
/// a call this reading recognises.
pub(crate) fn api_of(call: &str) -> Option<Api> {
    let c = call.trim();
    if let Some(m) = ZE.captures(c) {
        let (family, action) = (&m[1], m[2].to_owned());
        return Some(match family {
            "webWidget:on" => Api::WebWidgetOn(action),
            "webWidget:get" => Api::WebWidgetGet(action),
            _ if action == "updateSettings" => settings_key(c).unwrap_or(Api::WebWidget(action)),
            _ => Api::WebWidget(action),
        });
    }
    if let Some(m) = ZOPIM.captures(c) {
        return Some(Api::Livechat(m[1].to_owned()));
    }
    if c.starts_with("$zopim(") {
        return Some(Api::ZopimReady);
    }
    if let Some(m) = LEGACY_ZE.captures(c) {
        return Some(Api::LegacyZe(m[1].to_owned()));
    }
    if c.contains("zESettings") || c.contains("webWidget") {
        return Some(settings_key(c).unwrap_or_else(|| Api::SettingsKey("webWidget".to_owned())));
    }
    None
}

/// The settings key a typed `zESettings` or `updateSettings` text touches (the scanner reads
/// the object's keys; a line typed into the export is read by the names in it).
fn settings_key(c: &str) -> Option<Api> {
    let key = if c.contains("jwtFn") || c.contains("authenticate") {
        if c.contains("chat") { "webWidget.authenticate.chat.jwtFn" } else { "webWidget.authenticate.jwtFn" }
    } else if c.contains("departments") {
        "webWidget.chat.departments"
    } else if c.contains("hideWhenOffline") {
        "webWidget.chat.hideWhenOffline"
    } else if c.contains("zIndex") {
        "webWidget.zIndex"
    } else if c.contains("cookies") {
        "webWidget.cookies"
    } else if c.contains("color") {
        "webWidget.color"
    } else {
        return None;
    };
    Some(Api::SettingsKey(key.to_owned()))
}

/// Rewrite one classic widget call: `scan-site`'s answer for the same use (K22, K7).
pub fn rewrite(call: &str) -> Rewrite {
    let Some(api) = api_of(call) else {
        return Rewrite {
            target: None,
            outcome: Outcome::Manual,
            reason: "Not a recognised classic widget call: review it by hand.".to_owned(),
        };
    };
    let a = widget_api::answer(&api);
    let outcome = match a.verdict {
        Verdict::Rewrite | Verdict::VisitorAuth | Verdict::Keep | Verdict::AlreadyMessaging => Outcome::Translated,
        Verdict::NoEquivalent => Outcome::NotMigratable,
        Verdict::Risk
        | Verdict::DifferentProduct
        | Verdict::Dynamic
        | Verdict::SuspectedBug
        | Verdict::Csp
        | Verdict::WrapperLibrary
        | Verdict::ConsentGate => Outcome::Manual,
    };
    Rewrite { target: a.messaging.map(|m| m.into_owned()), outcome, reason: a.advice.into_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_equivalents_are_translated() {
        let r = rewrite("zE('webWidget', 'close');");
        assert_eq!(r.target.as_deref(), Some("zE('messenger', 'close')"));
        assert_eq!(r.outcome, Outcome::Translated);
        let r = rewrite("zE(\"webWidget\", \"setLocale\", \"fr\")");
        assert_eq!(r.target.as_deref(), Some("zE('messenger:set', 'locale', …)"));
        let r = rewrite("zE('webWidget:on', 'chat:unreadMessages', function(n){})");
        assert_eq!(r.target.as_deref(), Some("zE('messenger:on', 'unreadMessages', callback)"));
    }

    #[test]
    fn the_corrected_answers_of_the_widget_review() {
        // open does not undo hide on messaging: show, then open (finding 2).
        assert_eq!(
            rewrite("zE('webWidget', 'open')").target.as_deref(),
            Some("zE('messenger', 'show'); zE('messenger', 'open')")
        );
        assert_eq!(
            rewrite("$zopim.livechat.window.show()").target.as_deref(),
            Some("zE('messenger', 'show'); zE('messenger', 'open')")
        );
        // reset is resetWidget, not logoutUser (finding 5).
        assert_eq!(
            rewrite("zE('webWidget', 'reset')").target.as_deref(),
            Some("zE('messenger', 'resetWidget', callback)")
        );
        // cookieLaw.comply is a consent gate to keep (finding 3).
        let r = rewrite("$zopim.livechat.cookieLaw.comply()");
        assert_eq!((r.target, r.outcome), (None, Outcome::NotMigratable));
        assert!(r.reason.contains("Keep the gate"));
        // authenticate is visitor authentication.
        assert!(rewrite("$zopim.livechat.authenticate({ jwtFn: f })").target.unwrap().contains("loginUser"));
    }

    #[test]
    fn department_calls_are_lost_and_prefill_has_no_equivalent() {
        assert_eq!(rewrite("$zopim.livechat.departments.filter('Sales')").outcome, Outcome::NotMigratable);
        assert_eq!(rewrite("zE('webWidget', 'prefill', …)").outcome, Outcome::NotMigratable);
        assert_eq!(rewrite("zE('webWidget:on', 'chat:start', cb)").outcome, Outcome::NotMigratable);
        assert_eq!(
            rewrite("window.zESettings = { webWidget: { chat: { departments: { enabled: [] } } } }").outcome,
            Outcome::NotMigratable
        );
        assert_eq!(rewrite("something else").outcome, Outcome::Manual);
    }

    #[test]
    fn jwt_settings_become_login_user() {
        let r = rewrite("window.zESettings = { webWidget: { authenticate: { chat: { jwtFn: f } } } }");
        assert!(r.target.unwrap().contains("loginUser"));
    }

    /// One table: the plan's answer for a typed call is the scanner's for the same call.
    #[test]
    fn the_plan_and_scan_site_answer_alike() {
        let alloc = oxc_allocator::Allocator::default();
        for call in [
            "zE('webWidget', 'open');",
            "zE('webWidget', 'reset');",
            "zE('webWidget', 'hide');",
            "zE('webWidget', 'logout');",
            "zE('webWidget', 'chat:addTags', ['vip']);",
            "zE('webWidget:on', 'chat:status', function (s) {});",
            "zE('webWidget:get', 'chat:isChatting');",
            "$zopim.livechat.window.show();",
            "$zopim.livechat.cookieLaw.comply();",
            "$zopim.livechat.departments.filter('Sales');",
            "$zopim.livechat.setLanguage('fr');",
            "zE.hide();",
        ] {
            let (hits, _) = crate::scan::scan_text(&alloc, call, crate::scan::Lang::Js(oxc_span::SourceType::cjs()));
            let scanned: Vec<_> = hits.iter().map(|h| widget_api::answer(&h.api)).collect();
            assert_eq!(scanned.len(), 1, "{call}: {hits:?}");
            let ours = rewrite(call);
            assert_eq!(ours.target.as_deref(), scanned[0].messaging.as_deref(), "{call}");
            assert_eq!(ours.reason, scanned[0].advice, "{call}");
            assert_eq!(api_of(call).as_ref(), Some(&hits[0].api), "{call}");
        }
    }
}
