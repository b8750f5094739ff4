//! Every Chat setting translated into its messaging counterpart.
//!
//! One file per family of settings. Each translator reads the typed export, adds one
//! [`Item`] per Chat object or setting (source, target, outcome, reason, sources), states the
//! steps the account needs ([`Need`]), and records facts it could not decide. Nothing here
//! reads files or knows about the terminal: the export is already loaded, and the plan is
//! rendered elsewhere.
//!
//! The outcome of a setting depends on how the account is moved (mapping.md §1): with
//! Zendesk's assisted migration the wizard copies triggers, operating hours, forms, goals,
//! visitor bans and idle settings (K2, D-7); with a self-serve activation only the widget's
//! look carries over (K7) and the tool's translation is what the admin applies.

pub mod auth;
pub mod bans;
pub mod departments;
pub mod forms;
pub mod hours;
pub mod routing;
pub mod shortcuts;
pub mod site_scan;
pub mod surprises;
pub mod triggers;
pub mod widget;
pub(crate) mod widget_api;

pub use crate::findings::Context;
use crate::plan::{Item, Outcome, Section};
use crate::refs;

/// Build an item.
pub fn item(
    section: Section,
    source: impl Into<String>,
    target: impl Into<String>,
    outcome: Outcome,
    reason: impl Into<String>,
    refs: &[&str],
) -> Item {
    Item {
        section,
        source: source.into(),
        target: target.into(),
        outcome,
        reason: reason.into(),
        refs: refs::list(refs),
        payload: None,
        notes: Vec::new(),
    }
}

/// Chat objects that share a name share a plan source (`chat/triggers.json#"Greet"`): the
/// admin cannot tell their items apart, and a shortcut name becomes a macro title that then
/// exists twice. Say so once per repeated name; the objects are still all planned.
pub fn warn_repeated_names(ctx: &mut Context, file: &str, what: &str, names: impl IntoIterator<Item = String>) {
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for n in names {
        *seen.entry(n).or_default() += 1;
    }
    for (name, n) in seen.into_iter().filter(|(_, n)| *n > 1) {
        ctx.warn(
            "duplicate-name",
            format!(
                "{n} {what} are named {}: their plan items share the source {}; rename all but one in Chat so that each can be told apart",
                serde_json::Value::String(name.clone()),
                source(file, &name)
            ),
            Some(file),
            &[],
        );
    }
}

/// `chat/triggers.json#"First Reply"`
pub fn source(file: &str, key: &str) -> String {
    format!("{file}#{}", serde_json::Value::String(key.to_owned()))
}

/// An API call's key starts with its item's source, and Chat objects that share a name
/// share a source ([`warn_repeated_names`]): the calls of the second item of a source are
/// keyed `SOURCE (2)/ROLE`, and so on, so every key is unique in the plan. Run once, after
/// every translator (the planner does).
pub(crate) fn unique_call_keys(items: &mut [Item]) {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for item in items {
        let Some(payload) = item.payload.as_mut() else { continue };
        let calls = payload.calls_mut();
        if calls.is_empty() {
            continue;
        }
        let n = seen.entry(item.source.clone()).or_default();
        *n += 1;
        if *n == 1 {
            continue;
        }
        let renamed = format!("{} ({n})", item.source);
        let rename = |k: &mut crate::plan::payload::CallKey| {
            if let Some(rest) = k.0.strip_prefix(item.source.as_str()) {
                k.0 = format!("{renamed}{rest}");
            }
        };
        for c in calls {
            rename(&mut c.key);
            if let Some(d) = c.depends_on.as_mut() {
                rename(d);
            }
        }
    }
}

/// Translate every setting of the account into `ctx`.
pub fn translate(ctx: &mut Context) {
    hours::translate(ctx);
    forms::translate(ctx);
    auth::translate(ctx);
    departments::translate(ctx);
    routing::translate(ctx);
    shortcuts::translate(ctx);
    bans::translate(ctx);
    triggers::translate(ctx);
    widget::translate(ctx);
    site_scan::translate(ctx);
    surprises::translate(ctx);
}
