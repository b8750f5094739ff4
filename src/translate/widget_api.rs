//! What each Classic widget or Chat API use becomes on messaging: the rules table.
//!
//! It lives here, below the scanner, so that the plan's answer for a hand-typed call of
//! `chat/widget.json` ([`super::widget`]) and `scan-site`'s answer are one table.
//!
//! The scanner (`scan::js`, `scan::markup`) recognises a use and names it with a
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
    /// `zE(function () {…})`: the Classic ready callback (through `zEmbed` or not).
    ZeReady {
        zembed: bool,
    },
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
    /// A Content Security Policy written for the Classic widget that blocks the messaging
    /// widget: what to add, directive by directive (see `scan::site`).
    Csp(String),
    /// A Content Security Policy the scan cannot read (built from variables).
    CspUnread(String),
    /// A dependency on a wrapper library written for the Classic widget or the Chat SDKs.
    Wrapper(Wrapper),
    /// The widget's script is held back until a consent manager allows it.
    ConsentGate(String),
}

/// A wrapper library found in a package manifest, with its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Wrapper {
    /// A web wrapper (Vue, Nuxt, Angular, React) whose methods call the Classic API.
    Web(String),
    /// A React Native or Flutter wrapper of the Chat mobile SDKs.
    Mobile(String),
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
    /// A Content Security Policy that blocks the messaging widget.
    Csp,
    /// A dependency on a Classic-only wrapper library.
    WrapperLibrary,
    /// A consent manager gates the widget.
    ConsentGate,
}

impl Verdict {
    pub(crate) const ALL: [Verdict; 12] = [
        Verdict::Rewrite,
        Verdict::NoEquivalent,
        Verdict::VisitorAuth,
        Verdict::Risk,
        Verdict::DifferentProduct,
        Verdict::Dynamic,
        Verdict::SuspectedBug,
        Verdict::Keep,
        Verdict::AlreadyMessaging,
        Verdict::Csp,
        Verdict::WrapperLibrary,
        Verdict::ConsentGate,
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
            Verdict::Csp => "csp",
            Verdict::WrapperLibrary => "wrapper-library",
            Verdict::ConsentGate => "consent-gate",
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
            Verdict::Csp => "content security policy",
            Verdict::WrapperLibrary => "wrapper library",
            Verdict::ConsentGate => "consent gate",
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
            Verdict::Csp => "Content Security Policy that blocks the messaging widget's hosts",
            Verdict::WrapperLibrary => {
                "Dependency on a wrapper library written for the Classic widget or the Chat SDKs"
            }
            Verdict::ConsentGate => "A consent manager loads the widget only after consent",
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
    /// A rewrite `--patch` may make: one that runs on both widgets, before and after the
    /// switch (`scan::patch`).
    pub one_to_one: bool,
}

type Text = Cow<'static, str>;

fn rw(messaging: impl Into<Text>, advice: &'static str) -> Answer {
    Answer { verdict: Verdict::Rewrite, messaging: Some(messaging.into()), advice: advice.into(), one_to_one: false }
}

fn patchable(messaging: impl Into<Text>, advice: &'static str) -> Answer {
    Answer { verdict: Verdict::Rewrite, messaging: Some(messaging.into()), advice: advice.into(), one_to_one: true }
}

fn one(messaging: impl Into<Text>) -> Answer {
    patchable(messaging, SAME)
}

fn none(advice: &'static str) -> Answer {
    Answer { verdict: Verdict::NoEquivalent, messaging: None, advice: advice.into(), one_to_one: false }
}

fn with(verdict: Verdict, advice: &'static str) -> Answer {
    Answer { verdict, messaging: None, advice: advice.into(), one_to_one: false }
}

/// The core reference (K22): show, hide, open, close, locale, the open/close events.
const SAME: &str = "Same action in the messaging Web Widget API. --patch writes a call that runs on both widgets.";
/// Finding 2 of the widget review: "if you use hide to conceal both the widget and launcher,
/// open will neither display the widget nor launcher"; the call-to-action pattern is show
/// then open (https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/cta-and-messaging-web-widget).
const SHOW_OPEN: &str = "zE('messenger', 'show'); zE('messenger', 'open')";
const OPEN: &str = "On messaging, open does not undo hide: show first, then open (Zendesk's call-to-action pattern). --patch writes a call that runs on both widgets.";
const HIDE: &str = "Messaging's hide conceals the whole widget, an open conversation included (Chat's button.hide hid only the button). --patch writes a call that runs on both widgets.";
const ACTIVATE: &str = "Opens the widget: show, then open; activate's options (hideOnClose) have no counterpart.";
/// Finding 9: conversation fields do not identify anyone; Zendesk's answer is authentication.
const PREFILL: &str = "No equivalent for anonymous visitors: messaging takes a signed-in visitor's name and email from a messaging JWT (zE('messenger', 'loginUser', callback)); others give them in the conversation.";
const NOTES: &str = "No visitor notes in messaging: a conversation field (a custom ticket field that end users may edit; zE('messenger:set', 'conversationFields', [{id, value}])) can carry the value to the ticket.";
const DEPARTMENTS: &str = "No equivalent: messaging has no department picker; route with groups, triggers and omnichannel routing, or ask with a drop-down ticket field.";
const ADMIN_CENTER: &str = "No equivalent in code: set it in Admin Center for the messaging Web Widget (Channels > Messaging and social > Messaging), or remove it.";
/// Finding 20: Zendesk's own messaging example keeps the callback form (a product manager,
/// https://support.zendesk.com/hc/en-us/community/posts/4419487686682).
const ZE_READY: &str = "Keeps working on messaging (Zendesk's own messaging example runs code in a zE(function () {…}) callback): rewrite the calls inside.";
/// Finding 1: `$zopim` is gone once the loader is swapped.
const ZOPIM_READY: &str = "$zopim is not defined once the Zopim loader is replaced by the messaging snippet: this wrapper would throw and nothing inside it would run. --patch makes it (window.$zopim || window.zE)(function () {…}), which runs with either loader.";
const REMOVE: &str =
    "No equivalent in the messaging Web Widget API: remove the call, or rebuild the behaviour another way.";
/// Finding 12: "Classic APIs, like zE.identify or zE.hide … will return undefined on messaging".
const LEGACY_THROWS: &str = "No equivalent, and on messaging zE.<method> is undefined: the call throws a TypeError and the code after it in the same function does not run. Remove it, or guard it (if (zE.identify) …).";
/// Finding 8: the events reference has more than open, close and unreadMessages.
const EVENTS: &str = "Not the same event on messaging: the events reference (https://developer.zendesk.com/api-reference/widget-messaging/web/events/) has open, close, unreadMessages and more (proactiveMessageDisplayed, for example); pick the one this listener tracks, or remove it.";
/// surprises.md no-agent-availability-api.
const AVAILABILITY: &str = "Messaging has no agent-availability, operating-hours or department-status API: drive this from your own schedule (the Support business hours) or keep the launcher visible and answer out of hours inside messaging.";
const GETTER: &str = "No getter for this state in the messaging references: track what you need with messenger:on open/close, or remove it.";
const IS_CHATTING: &str = "No 'is chatting' getter in the messaging references; messenger:on open/close tells only whether the widget is open, not whether a conversation is going on.";
const TOGGLE: &str =
    "No toggle in messaging: track the state with messenger:on open/close and call zE('messenger', 'open') or 'close'.";
/// Finding 19: tags apply on the next message and logoutUser clears them.
const TAGS: &str = "Tags are set with conversationTags, which sets the whole list; they apply when the visitor next sends a message or starts a conversation, and logoutUser clears them.";
const REMOVE_TAGS: &str = "Messaging sets the whole tag list: set it again without the tags to remove (it applies on the visitor's next message).";
const FIELDS: &str = "Ticket-field values set from the page are conversationFields on messaging (custom ticket fields that end users may edit); a prefilled name or email has no counterpart.";
/// Finding 7: https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/client-color.
const COLOR: &str = "Colours set from code have a code counterpart: zE('messenger:set', 'customization', { theme: { primary, onPrimary, … } }) (https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/client-color).";
const CUSTOMIZATION: &str = "zE('messenger:set', 'customization', { theme: { primary: … } })";
/// Finding 3 and surprises.md cookie-consent-behaviour-change.
const COOKIE_LAW: &str = "cookieLaw.comply made the visitor opt in before the Chat widget set its cookie. Messaging has no opt-in mode: with cookies off its widget is hidden and its storage deleted. Keep the gate: load the messaging snippet only after consent (or call zE('messenger:set', 'cookies', …) when consent changes), and give visitors who decline another way to reach you.";
const IMPLICIT: &str = "Implicit consent: the Chat widget used its cookie unless the visitor opted out. Messaging uses its storage by default; honour an opt-out with zE('messenger:set', 'cookies', …) off, which hides the widget and deletes its storage.";
/// Finding 4: `cookies: false` kept the Classic widget; on messaging it hides it.
const COOKIES: &str = "Not the same meaning: Classic cookies:false kept the widget with some features off; on messaging, cookies off hides the widget and deletes its storage. Decide with your consent manager; the current form takes a range ('all', 'functional', 'none'; the boolean is deprecated, per DefinitelyTyped's copy of the reference).";
/// Finding 5: resetWidget (DefinitelyTyped's copy of the core reference, section "Reset widget").
const RESET: &str = "resetWidget clears the widget's local state (user data, conversations, connections); logoutUser only signs the user out.";
/// Finding 13: behavioral-customization page.
const SEND: &str = "Not one to one: messaging's sendMessage takes a content object and a conversation id (https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/behavioral-customization/).";
/// Finding 16.
const POPOUT: &str = "No popout command: Zendesk documents a page holding the widget, opened with window.open('page-with-the-widget', 'popout', 'width=400,height=700') (https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/messaging-web-widget-popup-qs).";
/// Finding 17: Chat codes (pt_BR) and messaging locales come from different lists.
const LANGUAGE: &str = "Chat's language codes (pt_BR, zh_CN) come from another list than messaging's locales (https://support.zendesk.com/api/v2/locales/public.json): check the code. --patch rewrites literal codes without an underscore, with a call that runs on both widgets.";
/// Finding 18: no page-path API in the messaging references.
const UPDATE_PATH: &str =
    "No page-path command in the messaging references (core, events, authentication): remove the call.";
/// Finding 14: `authenticate.jwtFn` without `chat` is the Help Center JWT.
const HC_AUTH: &str = "Help Center authentication (restricted articles in the widget), not chat visitor authentication: the messaging widget has no help-centre search, so remove it. Not a fact for the classification.";
const VISITOR_AUTH: &str = "Visitor authentication in code: create a messaging signing key, add kid and scope:user to the JWT, and switch jwtFn to loginUser (D-5).";
const LOGIN: &str = "zE('messenger', 'loginUser', function (callback) { callback(jwt); })";
const CSP_PAGE: &str = "https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/csp";

fn visitor_auth() -> Answer {
    Answer {
        verdict: Verdict::VisitorAuth,
        messaging: Some(LOGIN.into()),
        advice: VISITOR_AUTH.into(),
        one_to_one: false,
    }
}

/// The answer for one use (K22, mapping.md §3, widget-js-api.md, widget-js-review.md).
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
            "chat:status" | "chat:departmentStatus" => none(AVAILABILITY),
            _ => none(EVENTS),
        },
        Api::WebWidgetGet(what) => match what.as_str() {
            "chat:isChatting" => none(IS_CHATTING),
            "chat:department" => none(DEPARTMENTS),
            "chat:departmentStatus" | "chat:status" => none(AVAILABILITY),
            _ => none(GETTER),
        },
        Api::LegacyZe(m) => match m.as_str() {
            "hide" => patchable("zE('messenger', 'hide')", HIDE),
            "show" => one("zE('messenger', 'show')"),
            "activate" => patchable(SHOW_OPEN, ACTIVATE),
            "setLocale" => one("zE('messenger:set', 'locale', …)"),
            "logout" => rw(
                "zE('messenger', 'logoutUser')",
                "Signing out is logoutUser in messaging; the legacy zE.logout is undefined there and throws.",
            ),
            _ => none(LEGACY_THROWS),
        },
        Api::ZeReady { zembed: false } => with(Verdict::Keep, ZE_READY),
        Api::ZeReady { zembed: true } => rw(
            "zE(function () {…})",
            "The messaging snippet defines zE, not zEmbed: call the ready callback through zE when the loader is replaced.",
        ),
        Api::ZopimReady => patchable("zE(function () {…})", ZOPIM_READY),
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
            "Replace the Zopim loader with the Web Widget snippet from Admin Center (Channels > Messaging and social > Messaging) when you switch; the calls --patch rewrites run with either loader, the others must be changed by then.",
        ),
        Api::Loader(Loader::Zembed) => rw(
            "<script id=\"ze-snippet\" src=\"https://static.zdassets.com/ekr/snippet.js?key=…\"></script>",
            "Replace the old zEmbed loader with the Web Widget snippet from Admin Center (Channels > Messaging and social > Messaging); calls made through zEmbed then need zE.",
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
        Api::Csp(missing) => Answer {
            verdict: Verdict::Csp,
            messaging: Some(missing.clone().into()),
            advice: format!(
                "This Content Security Policy blocks the messaging widget (it loads, then shows \"Offline\"): add the hosts shown, from Zendesk's messaging CSP page ({CSP_PAGE}), before the switch; a directive set on its own (connect-src, img-src) does not fall back to default-src. Test in Safari and Firefox as well as Chrome."
            )
            .into(),
            one_to_one: false,
        },
        Api::CspUnread(why) => Answer {
            verdict: Verdict::Dynamic,
            messaging: None,
            advice: format!(
                "A Content Security Policy the scan cannot read ({why}): check that it allows the messaging widget's hosts ({CSP_PAGE})."
            )
            .into(),
            one_to_one: false,
        },
        Api::Wrapper(Wrapper::Web(_)) => with(
            Verdict::WrapperLibrary,
            "A wrapper library written for the Classic widget API: after the switch its calls are no longer supported (the widget logs that it no longer supports these APIs). Replace it with direct zE('messenger', …) calls, or fork it; do not count on an update (https://github.com/dansmaculotte/vue-zendesk/issues/59).",
        ),
        Api::Wrapper(Wrapper::Mobile(_)) => with(
            Verdict::WrapperLibrary,
            "A wrapper of the Chat mobile SDKs for an app: messaging in apps needs Zendesk's messaging SDKs instead. This plan covers the web widget and cannot act on app code: plan the app's replacement with its team.",
        ),
        Api::ConsentGate(manager) => Answer {
            verdict: Verdict::ConsentGate,
            messaging: None,
            advice: format!(
                "The widget loads only after consent ({manager}). Keep this gate for the messaging snippet and decide its consent category; unlike Chat's cookie-law mode, turning messaging's cookies off hides the widget, so give visitors who decline another way to reach you (https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/sdk_api_reference/)."
            )
            .into(),
            one_to_one: false,
        },
    }
}

/// Whether a use throws once the messaging snippet replaces the Classic or Zopim loader:
/// `$zopim` is gone, and the legacy `zE.<method>` forms are undefined (findings 1, 12). The
/// `zE('webWidget', …)` forms only log a warning on messaging ("leaving them won't cause
/// any issues", quoted in https://github.com/dansmaculotte/vue-zendesk/issues/59).
pub(crate) fn fails_after_switch(api: &Api) -> bool {
    match api {
        Api::Livechat(_) | Api::ZopimReady | Api::ZeReady { zembed: true } => true,
        Api::LegacyZe(m) => m != "apply" && m != "call",
        _ => false,
    }
}

fn web_widget(action: &str) -> Answer {
    match action {
        "open" => patchable(SHOW_OPEN, OPEN),
        "close" => one("zE('messenger', 'close')"),
        "show" => one("zE('messenger', 'show')"),
        "hide" => patchable("zE('messenger', 'hide')", HIDE),
        "setLocale" => one("zE('messenger:set', 'locale', …)"),
        "toggle" => none(TOGGLE),
        "logout" => rw("zE('messenger', 'logoutUser')", "Signing out is logoutUser in messaging."),
        "reset" => rw("zE('messenger', 'resetWidget', callback)", RESET),
        "identify" | "prefill" => none(PREFILL),
        "chat:addTags" => rw("zE('messenger:set', 'conversationTags', [...])", TAGS),
        "chat:removeTags" => rw("zE('messenger:set', 'conversationTags', [...])", REMOVE_TAGS),
        "chat:send" => {
            rw("zE('messenger', 'sendMessage', { content: { type: 'text', text } }, conversationId, callback)", SEND)
        }
        "updateSettings" => none(
            "Settings passed in a variable: the scan cannot see its keys. zIndex, cookies (with another meaning), colours (customization) and chat tags (conversationTags) have messenger:set counterparts; the rest moves to Admin Center.",
        ),
        "updatePath" => none(UPDATE_PATH),
        "helpCenter:setSuggestions" => {
            none("No equivalent: the messaging widget has no help center suggestions; use an AI agent or remove it.")
        }
        "chat:end" => {
            none("No equivalent: conversations are ended by agents or triggers in messaging; remove the call.")
        }
        "popout" => none(POPOUT),
        _ => none(REMOVE),
    }
}

fn livechat(path: &str) -> Answer {
    match path {
        "window.show" => patchable(SHOW_OPEN, OPEN),
        "window.hide" => one("zE('messenger', 'close')"),
        "button.show" => one("zE('messenger', 'show')"),
        "button.hide" | "hideAll" => patchable("zE('messenger', 'hide')", HIDE),
        "setLanguage" => patchable("zE('messenger:set', 'locale', …)", LANGUAGE),
        "window.onShow" => one("zE('messenger:on', 'open', callback)"),
        "window.onHide" => one("zE('messenger:on', 'close', callback)"),
        "setOnUnreadMsgs" => rw(
            "zE('messenger:on', 'unreadMessages', callback)",
            "The unread-messages event is messenger:on unreadMessages.",
        ),
        "window.toggle" => none(TOGGLE),
        "addTags" => rw("zE('messenger:set', 'conversationTags', [...])", TAGS),
        "removeTags" => rw("zE('messenger:set', 'conversationTags', [...])", REMOVE_TAGS),
        "cookieLaw.comply" => none(COOKIE_LAW),
        "cookieLaw.setDefaultImplicitConsent" => none(IMPLICIT),
        p if p.starts_with("cookieLaw.") => none(COOKIE_LAW),
        "authenticate" => visitor_auth(),
        "setName" | "setEmail" | "setPhone" | "set" => none(PREFILL),
        "setNotes" | "appendNotes" => none(NOTES),
        "say" => {
            rw("zE('messenger', 'sendMessage', { content: { type: 'text', text } }, conversationId, callback)", SEND)
        }
        "endChat" => {
            none("No equivalent: conversations are ended by agents or triggers in messaging; remove the call.")
        }
        "setOnStatus" | "button.setHideWhenOffline" | "departments.getAll" | "departments.getDepartment" => {
            none(AVAILABILITY)
        }
        p if p.starts_with("departments") => none(DEPARTMENTS),
        "theme.setColor" | "theme.setColors" | "window.setColor" | "button.setColor" | "setColor"
        | "badge.setColor" | "bubble.setColor" => rw(CUSTOMIZATION, COLOR),
        "window.getDisplay" | "isChatting" => none(if path == "isChatting" { IS_CHATTING } else { GETTER }),
        "window.openPopout" => none(POPOUT),
        p if p.starts_with("setOn") => none(EVENTS),
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
            || matches!(p, "setGreetings" | "setDisableSound") =>
        {
            none(ADMIN_CENTER)
        }
        _ => none(REMOVE),
    }
}

fn settings_key(key: &str) -> Answer {
    let k = key.strip_prefix("webWidget.").unwrap_or(key);
    // `authenticate.chat.jwtFn` is Chat's visitor authentication; the bare
    // `authenticate.jwtFn` is the Help Center's (finding 14).
    if k.starts_with("authenticate.chat") {
        return visitor_auth();
    }
    if k.starts_with("authenticate") {
        return none(HC_AUTH);
    }
    if k.starts_with("chat.departments") {
        return none(DEPARTMENTS);
    }
    match k {
        "zIndex" => rw("zE('messenger:set', 'zIndex', …)", "The stacking order is set with messenger:set zIndex."),
        "cookies" => rw("zE('messenger:set', 'cookies', …)", COOKIES),
        "color" => rw(CUSTOMIZATION, COLOR),
        "chat.tags" | "contactForm.tags" => rw("zE('messenger:set', 'conversationTags', [...])", TAGS),
        "contactForm.fields" => rw("zE('messenger:set', 'conversationFields', [{ id, value }])", FIELDS),
        "chat.hideWhenOffline" => none(AVAILABILITY),
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
