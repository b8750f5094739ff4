//! What each Classic widget or Chat API use becomes on messaging: the rules table.
//!
//! The scanner ([`super::js`], [`super::markup`]) recognises a use and names it with a
//! typed [`Api`]; this module alone decides its answer by an exhaustive `match`, never by
//! matching text. The messaging names are K22's (the messaging Web Widget API,
//! <https://developer.zendesk.com/api-reference/widget-messaging/web/core>); the Classic
//! families and what sites do with them are widget-js-api.md; the mapping is mapping.md §3
//! (K7: Classic API code "may not be supported"; prefill/identify → JWT or conversation
//! fields; departments → routing). Visitor authentication in code is a D-5 fact.

use std::borrow::Cow;

use serde::Serialize;

/// One use of a widget API, as the scanner recognised it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Api {
    /// `zE('webWidget', action, …)`.
    WebWidget(String),
    /// `zE('webWidget:on', event, cb)`.
    WebWidgetOn(String),
    /// `zE('webWidget:get', what)`.
    WebWidgetGet(String),
    /// The pre-2018 forms `zE.hide()`, `zE.identify(…)`…
    LegacyZe(String),
    /// `zE(function () {…})`: the Classic ready callback.
    ZeReady,
    /// `$zopim(function () {…})`: the Zopim ready wrapper.
    ZopimReady,
    /// `$zopim.livechat.<path>(…)`.
    Livechat(String),
    /// A key of `window.zESettings` or of an `updateSettings` payload, as a dotted path
    /// (`webWidget.chat.departments`).
    SettingsKey(String),
    /// `zE('messenger' | 'messenger:on' | 'messenger:set' | 'messenger:get', …)`.
    Messaging(String),
    /// `zChat.<method>`: the Chat Web SDK.
    ChatSdk(String),
    Loader(Loader),
    Risk(Risk),
    /// A call whose family or action is computed at run time.
    Dynamic(String),
    /// A mistake seen in the wild (widget-js-api.md "Bugs in the wild").
    SuspectedBug(Bug),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Loader {
    /// `<script id="ze-snippet" src="https://static.zdassets.com/ekr/snippet.js?key=…">`.
    ZeSnippet,
    /// The Zopim async loader (`//v2.zopim.com/?KEY`).
    Zopim,
    /// The older `zEmbed` iframe loader (`assets.zendesk.com/embeddable_framework`).
    Zembed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Risk {
    /// A selector on the Classic launcher or its iframe (`#launcher`, `iframe#webWidget`).
    LauncherSelector,
    /// A `.zopim` node.
    ZopimNode,
    /// The `__zlcstore` localStorage key.
    ZlcStore,
    /// `window.$zopim = …`, `delete window.zE`, a stub of `window.zE`.
    GlobalOverwritten,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bug {
    /// An `updateSettings` payload without the `webWidget` wrapper.
    MissingWebWidgetWrapper,
    /// `zE('updatePath', …)`: the family left out.
    FamilyLeftOut,
    /// `zeSettings` for `zESettings`.
    ZeSettingsTypo,
    /// `zE('somethingElse', …)`.
    UnknownFamily,
}

/// What a use becomes, in one word (the JSON and SARIF key; the rule id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Verdict {
    /// A messaging counterpart exists (K22).
    Rewrite,
    /// No messaging counterpart: the advice says what to do instead.
    NoEquivalent,
    /// Visitor authentication in code: a fact for the classification (D-5) and the JWT steps.
    VisitorAuth,
    /// Manipulation outside the API that breaks on messaging.
    Risk,
    /// The Chat Web SDK, a different product.
    DifferentProduct,
    /// The action is computed at run time.
    Dynamic,
    /// A mistake in the site's code.
    SuspectedBug,
    /// Nothing to change (the `ze-snippet` loader stays the same, K7).
    Keep,
    /// Already a messaging call.
    AlreadyMessaging,
}

impl Verdict {
    pub(crate) const ALL: [Verdict; 9] = [
        Verdict::Rewrite,
        Verdict::NoEquivalent,
        Verdict::VisitorAuth,
        Verdict::Risk,
        Verdict::DifferentProduct,
        Verdict::Dynamic,
        Verdict::SuspectedBug,
        Verdict::Keep,
        Verdict::AlreadyMessaging,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verdict::Rewrite => "rewrite",
            Verdict::NoEquivalent => "no-equivalent",
            Verdict::VisitorAuth => "visitor-auth",
            Verdict::Risk => "risk",
            Verdict::DifferentProduct => "different-product",
            Verdict::Dynamic => "dynamic",
            Verdict::SuspectedBug => "suspected-bug",
            Verdict::Keep => "keep",
            Verdict::AlreadyMessaging => "already-messaging",
        }
    }

    /// How a person reads it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Verdict::Rewrite => "rewrite",
            Verdict::NoEquivalent => "no equivalent",
            Verdict::VisitorAuth => "visitor authentication",
            Verdict::Risk => "risk",
            Verdict::DifferentProduct => "Chat Web SDK",
            Verdict::Dynamic => "dynamic",
            Verdict::SuspectedBug => "suspected bug",
            Verdict::Keep => "no change",
            Verdict::AlreadyMessaging => "already messaging",
        }
    }

    /// Whether the site still has work to do for this use (`--check` fails on it).
    pub(crate) fn needs_change(self) -> bool {
        !matches!(self, Verdict::Keep | Verdict::AlreadyMessaging)
    }

    /// A short description for SARIF's rule list.
    pub(crate) fn description(self) -> &'static str {
        match self {
            Verdict::Rewrite => "Classic widget call with a messaging counterpart (K22)",
            Verdict::NoEquivalent => "Classic widget call with no messaging counterpart",
            Verdict::VisitorAuth => "Visitor authentication in code (jwtFn): moves to loginUser with a messaging JWT",
            Verdict::Risk => "Manipulation of the Classic widget outside its API, which breaks on messaging",
            Verdict::DifferentProduct => "Chat Web SDK: a different product, replaced separately",
            Verdict::Dynamic => "Widget call whose action is computed at run time",
            Verdict::SuspectedBug => "Likely mistake in a Classic widget call",
            Verdict::Keep => "Widget loader that stays the same on messaging",
            Verdict::AlreadyMessaging => "Messaging Web Widget call: nothing to change",
        }
    }
}

/// The answer for one use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Answer {
    pub verdict: Verdict,
    /// The messaging code, when there is a counterpart.
    pub messaging: Option<Cow<'static, str>>,
    /// What to do, for a person (static text but for dynamic actions: thousands of uses
    /// in a bundle share it).
    pub advice: Cow<'static, str>,
    /// A one-to-one rewrite `--patch` may make (open, close, show, hide, locale, open/close
    /// events).
    pub one_to_one: bool,
}

type Text = Cow<'static, str>;

fn rw(messaging: impl Into<Text>, advice: &'static str) -> Answer {
    Answer { verdict: Verdict::Rewrite, messaging: Some(messaging.into()), advice: advice.into(), one_to_one: false }
}

fn one(messaging: impl Into<Text>) -> Answer {
    Answer {
        verdict: Verdict::Rewrite,
        messaging: Some(messaging.into()),
        advice: "Same action in the messaging Web Widget API.".into(),
        one_to_one: true,
    }
}

fn none(advice: &'static str) -> Answer {
    Answer { verdict: Verdict::NoEquivalent, messaging: None, advice: advice.into(), one_to_one: false }
}

fn with(verdict: Verdict, advice: &'static str) -> Answer {
    Answer { verdict, messaging: None, advice: advice.into(), one_to_one: false }
}

const JWT: &str = "No equivalent: identify visitors with a messaging JWT (zE('messenger', 'loginUser', callback)) or pass values as conversation fields (zE('messenger:set', 'conversationFields', [{id, value}])).";
const DEPARTMENTS: &str = "No equivalent: messaging has no department picker; route with groups, triggers and omnichannel routing, or ask with a drop-down ticket field.";
const ADMIN_CENTER: &str = "No equivalent in code: set it in Admin Center for the messaging Web Widget (Channels > Messaging and social > Messaging), or remove it.";
const READY: &str = "No equivalent needed: the messaging snippet queues zE calls made before it loads; keep the calls inside, rewritten, and drop the wrapper.";
const REMOVE: &str =
    "No equivalent in the messaging Web Widget API: remove the call, or rebuild the behaviour another way.";
const EVENTS: &str = "No equivalent event in messaging (only open, close and unreadMessages): remove the listener or track it another way.";

/// The answer for one use (K22, mapping.md §3, widget-js-api.md).
pub(crate) fn answer(api: &Api) -> Answer {
    match api {
        Api::WebWidget(action) => web_widget(action),
        Api::WebWidgetOn(event) => match event.as_str() {
            "open" => one("zE('messenger:on', 'open', callback)"),
            "close" => one("zE('messenger:on', 'close', callback)"),
            "chat:unreadMessages" => rw(
                "zE('messenger:on', 'unreadMessages', callback)",
                "The unread-messages event is messenger:on unreadMessages.",
            ),
            _ => none(EVENTS),
        },
        Api::WebWidgetGet(_) => {
            none("No getter in the messaging Web Widget API: track the state with messenger:on open/close instead.")
        }
        Api::LegacyZe(m) => match m.as_str() {
            "hide" => one("zE('messenger', 'hide')"),
            "show" => one("zE('messenger', 'show')"),
            "activate" => one("zE('messenger', 'open')"),
            "setLocale" => one("zE('messenger:set', 'locale', …)"),
            "identify" => none(JWT),
            "logout" => rw("zE('messenger', 'logoutUser')", "Signing out is logoutUser in messaging."),
            _ => none(REMOVE),
        },
        Api::ZeReady | Api::ZopimReady => none(READY),
        Api::Livechat(path) => livechat(path),
        Api::SettingsKey(key) => settings_key(key),
        Api::Messaging(_) => with(Verdict::AlreadyMessaging, "Already a messaging Web Widget call: nothing to change."),
        Api::ChatSdk(_) => with(
            Verdict::DifferentProduct,
            "The Chat Web SDK is a separate product from the widget: plan its replacement on its own (messaging offers the Web Widget API and the Sunshine Conversations SDKs).",
        ),
        Api::Loader(Loader::ZeSnippet) => {
            with(Verdict::Keep, "The ze-snippet loader stays the same on messaging (K7): nothing to change.")
        }
        Api::Loader(Loader::Zopim) => rw(
            "<script id=\"ze-snippet\" src=\"https://static.zdassets.com/ekr/snippet.js?key=…\"></script>",
            "Replace the Zopim loader with the Web Widget snippet from Admin Center (Channels > Messaging and social > Messaging).",
        ),
        Api::Loader(Loader::Zembed) => rw(
            "<script id=\"ze-snippet\" src=\"https://static.zdassets.com/ekr/snippet.js?key=…\"></script>",
            "Replace the old zEmbed loader with the Web Widget snippet from Admin Center (Channels > Messaging and social > Messaging).",
        ),
        Api::Risk(r) => with(
            Verdict::Risk,
            match r {
                Risk::LauncherSelector => {
                    "Styles or scripts the Classic launcher or its iframe directly; the messaging widget's markup differs, so this breaks: use the widget's own settings in Admin Center."
                }
                Risk::ZopimNode => {
                    "Touches the Zopim widget's nodes directly; they do not exist on messaging: remove this code."
                }
                Risk::ZlcStore => {
                    "Reads or writes the Zopim widget's __zlcstore storage key, which messaging does not use: remove this code."
                }
                Risk::GlobalOverwritten => {
                    "Overwrites or deletes the widget's global (zE or $zopim); on messaging this breaks the widget or hides calls: review it."
                }
            },
        ),
        Api::Dynamic(what) => Answer {
            verdict: Verdict::Dynamic,
            messaging: None,
            advice: format!(
                "Dynamic action: {what}; the scan cannot tell which call this is, so check every value it can take."
            )
            .into(),
            one_to_one: false,
        },
        Api::SuspectedBug(b) => with(
            Verdict::SuspectedBug,
            match b {
                Bug::MissingWebWidgetWrapper => {
                    "This updateSettings payload lacks the webWidget wrapper, so the Classic widget ignores it; on messaging, drop it or use messenger:set."
                }
                Bug::FamilyLeftOut => {
                    "The family is left out (zE('updatePath', …) instead of zE('webWidget', 'updatePath', …)); the call does nothing today: remove it."
                }
                Bug::ZeSettingsTypo => {
                    "zeSettings is a typo for zESettings, so the widget never read these settings: remove them or set them in Admin Center."
                }
                Bug::UnknownFamily => "Not a known widget API family: review this call.",
            },
        ),
    }
}

fn web_widget(action: &str) -> Answer {
    match action {
        "open" => one("zE('messenger', 'open')"),
        "close" => one("zE('messenger', 'close')"),
        "show" => one("zE('messenger', 'show')"),
        "hide" => one("zE('messenger', 'hide')"),
        "setLocale" => one("zE('messenger:set', 'locale', …)"),
        "toggle" => none(
            "No toggle in messaging: track the state with messenger:on open/close and call zE('messenger', 'open') or 'close'.",
        ),
        "logout" => rw("zE('messenger', 'logoutUser')", "Signing out is logoutUser in messaging."),
        "reset" => rw("zE('messenger', 'logoutUser')", "logoutUser clears the signed-in user; there is no full reset."),
        "identify" | "prefill" => none(JWT),
        "chat:addTags" => rw(
            "zE('messenger:set', 'conversationTags', [...])",
            "Tags are set with conversationTags, which sets the whole list.",
        ),
        "chat:removeTags" => rw(
            "zE('messenger:set', 'conversationTags', [...])",
            "Messaging sets the whole tag list: set it again without the tags to remove.",
        ),
        "updateSettings" => none(
            "Settings passed in a variable: the scan cannot see its keys; zIndex and cookies become messenger:set, the rest moves to Admin Center.",
        ),
        "updatePath" => none("No equivalent: messaging follows page views by itself; remove the call."),
        "helpCenter:setSuggestions" => {
            none("No equivalent: the messaging widget has no help center suggestions; use an AI agent or remove it.")
        }
        "chat:end" => {
            none("No equivalent: conversations are ended by agents or triggers in messaging; remove the call.")
        }
        _ => none(REMOVE),
    }
}

fn livechat(path: &str) -> Answer {
    match path {
        "window.show" => one("zE('messenger', 'open')"),
        "window.hide" => one("zE('messenger', 'close')"),
        "button.show" => one("zE('messenger', 'show')"),
        "button.hide" | "hideAll" => one("zE('messenger', 'hide')"),
        "setLanguage" => one("zE('messenger:set', 'locale', …)"),
        "window.onShow" => one("zE('messenger:on', 'open', callback)"),
        "window.onHide" => one("zE('messenger:on', 'close', callback)"),
        "setOnUnreadMsgs" => rw(
            "zE('messenger:on', 'unreadMessages', callback)",
            "The unread-messages event is messenger:on unreadMessages.",
        ),
        "window.toggle" => none(
            "No toggle in messaging: track the state with messenger:on open/close and call zE('messenger', 'open') or 'close'.",
        ),
        "addTags" => rw(
            "zE('messenger:set', 'conversationTags', [...])",
            "Tags are set with conversationTags, which sets the whole list.",
        ),
        "removeTags" => rw(
            "zE('messenger:set', 'conversationTags', [...])",
            "Messaging sets the whole tag list: set it again without the tags to remove.",
        ),
        "cookieLaw.comply" | "cookieLaw.setDefaultImplicitConsent" => rw(
            "zE('messenger:set', 'cookies', true)",
            "Cookie consent is set with messenger:set cookies (true or false).",
        ),
        "setName" | "setEmail" | "setPhone" | "set" | "setNotes" | "appendNotes" => none(JWT),
        p if p.starts_with("departments") => none(DEPARTMENTS),
        p if [
            "concierge.",
            "badge.",
            "bubble.",
            "theme.",
            "button.",
            "window.",
            "mobileNotifications.",
            "offlineForm.",
        ]
        .iter()
        .any(|prefix| p.starts_with(prefix))
            || matches!(p, "setGreetings" | "setDisableSound" | "setColor" | "setStatus") =>
        {
            none(ADMIN_CENTER)
        }
        p if p.starts_with("setOn") => none(EVENTS),
        _ => none(REMOVE),
    }
}

fn settings_key(key: &str) -> Answer {
    let k = key.strip_prefix("webWidget.").unwrap_or(key);
    if k.starts_with("authenticate") {
        return Answer {
            verdict: Verdict::VisitorAuth,
            messaging: Some("zE('messenger', 'loginUser', function (callback) { callback(jwt); })".into()),
            advice: "Visitor authentication in code: create a messaging signing key, add kid and scope:user to the JWT, and switch jwtFn to loginUser (D-5).".into(),
            one_to_one: false,
        };
    }
    if k.starts_with("chat.departments") {
        return none(DEPARTMENTS);
    }
    match k {
        "zIndex" => rw("zE('messenger:set', 'zIndex', …)", "The stacking order is set with messenger:set zIndex."),
        "cookies" => rw("zE('messenger:set', 'cookies', …)", "Cookie consent is set with messenger:set cookies."),
        _ => none(ADMIN_CENTER),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_one_rewrites_are_the_issue_list() {
        for a in ["open", "close", "show", "hide", "setLocale"] {
            assert!(answer(&Api::WebWidget(a.into())).one_to_one, "{a}");
        }
        assert!(answer(&Api::WebWidgetOn("open".into())).one_to_one);
        assert!(!answer(&Api::WebWidget("logout".into())).one_to_one);
        assert!(!answer(&Api::WebWidgetOn("chat:unreadMessages".into())).one_to_one);
    }

    #[test]
    fn identify_and_departments_have_no_equivalent() {
        assert_eq!(answer(&Api::WebWidget("identify".into())).verdict, Verdict::NoEquivalent);
        assert_eq!(answer(&Api::Livechat("departments.filter".into())).verdict, Verdict::NoEquivalent);
        assert_eq!(answer(&Api::SettingsKey("webWidget.chat.departments".into())).verdict, Verdict::NoEquivalent);
        assert_eq!(answer(&Api::SettingsKey("webWidget.authenticate.chat.jwtFn".into())).verdict, Verdict::VisitorAuth);
        assert_eq!(answer(&Api::Messaging("messenger".into())).verdict, Verdict::AlreadyMessaging);
    }
}
