//! What the conversion of one trigger carries from stage to stage: the target it converts
//! to, the changes and warnings recorded so far, the target settings lifted out of Chat
//! conditions (run once, channel, delay), and the department lookup for `setDepartment`.
//!
//! The stages (`convert/`) and the special rules (`rules/`) both write here; it imports
//! neither, so a rule can record a change without reaching back into a stage.

use std::collections::BTreeSet;

use serde_json::Value;

use super::lang::Target;
use crate::plan::payload::trigger::{Change, ChangeKind, Condition, ConditionLeaf};

/// The channel a messaging trigger runs on when it comes from the Web Widget (K5, K17).
pub(crate) const WEB_WIDGET_AND_SDKS: &str = "Web Widget & SDKs";

/// A Chat department and the Support group it maps to, for `setDepartment`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepartmentGroup {
    pub name: String,
    pub group: Option<String>,
}

/// A warning to put in the plan for this trigger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warn {
    pub code: &'static str,
    pub message: String,
}

/// The changes, warnings and sources recorded for one trigger, in file order.
#[derive(Default)]
pub(crate) struct Acc {
    pub(crate) changes: Vec<Change>,
    pub(crate) warnings: Vec<Warn>,
    pub(crate) refs: BTreeSet<&'static str>,
    /// Something the plan cannot settle and no source says the wizard can (a department
    /// that was not exported): the item is manual on either activation path.
    pub(crate) unresolved: bool,
    /// For a Support trigger: each translated condition and action as a Triggers API field,
    /// by the path of the Chat condition or action it came from ([`Conv::api`]).
    pub(crate) api: std::collections::HashMap<String, ApiField>,
    /// For a Support trigger whose every part has an API field: the Triggers API body
    /// (`convert/actions.rs`).
    pub(crate) support_body: Option<Value>,
}

/// A ticket-trigger condition or action as the Triggers API writes it (support-api.md §1):
/// `{field, operator, value}`, an action without the operator.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ApiField {
    pub(crate) field: &'static str,
    pub(crate) operator: Option<&'static str>,
    pub(crate) value: Value,
}

impl ApiField {
    pub(crate) fn to_json(&self) -> Value {
        match self.operator {
            Some(op) => serde_json::json!({"field": self.field, "operator": op, "value": self.value}),
            None => serde_json::json!({"field": self.field, "value": self.value}),
        }
    }
}

impl Acc {
    pub(crate) fn add(
        &mut self,
        kind: ChangeKind,
        path: &str,
        chat: impl Into<String>,
        messaging: Option<String>,
        reason: impl Into<String>,
        refs: &[&'static str],
    ) {
        self.refs.extend(refs.iter().copied());
        self.changes.push(Change {
            kind,
            path: path.to_owned(),
            chat: chat.into(),
            messaging,
            reason: reason.into(),
            refs: refs.iter().map(|r| (*r).to_owned()).collect(),
        });
    }

    pub(crate) fn warn(&mut self, code: &'static str, message: String) {
        self.warnings.push(Warn { code, message });
    }
}

/// Settings of the target that Chat expressed as conditions or actions.
#[derive(Default)]
pub(crate) struct Settings {
    pub(crate) run_once: bool,
    pub(crate) channel: bool,
    pub(crate) seconds: Option<u64>,
    /// A Support trigger that runs when the ticket is updated, not when it is created (a
    /// Chat trigger on `chat_message`).
    pub(crate) on_update: bool,
}

/// One trigger's conversion in progress.
pub(crate) struct Conv<'a> {
    pub(crate) target: Target,
    pub(crate) acc: Acc,
    pub(crate) st: Settings,
    pub(crate) dept: &'a dyn Fn(&Value) -> Option<DepartmentGroup>,
}

impl Conv<'_> {
    /// Record a condition the target cannot express: it blocks a messaging trigger, and is
    /// dropped (and flagged) from the inactive targets.
    pub(crate) fn lacks(&mut self, path: &str, chat: String, why: &str, refs: &[&'static str]) {
        match self.target {
            Target::Messaging => self.acc.add(
                ChangeKind::NoEquivalent,
                path,
                chat,
                None,
                format!("no messaging-trigger equivalent: {why}"),
                refs,
            ),
            t => self.acc.add(
                ChangeKind::Dropped,
                path,
                chat,
                None,
                format!(
                    "no {} equivalent: {why}; left out of the inactive {}: replace it before activating, or it runs more broadly than in Chat (K3)",
                    t.label(),
                    t.label()
                ),
                refs,
            ),
        }
    }

    /// Record an action the target has no counterpart for: left out of every target (a
    /// trigger left with no action at all is not migrated, K17, K15).
    pub(crate) fn drops_action(&mut self, path: &str, chat: String, why: &str, refs: &[&'static str]) {
        self.acc.add(
            ChangeKind::Dropped,
            path,
            chat,
            None,
            format!("no {} equivalent: {why}; redo it by hand if it matters", self.target.label()),
            refs,
        );
    }

    /// Record the Triggers API form of the condition or action at `path` (a Support
    /// trigger's only: the other targets have no API, mapping.md §14.2).
    pub(crate) fn api(&mut self, path: &str, field: &'static str, operator: Option<&'static str>, value: Value) {
        if self.target == Target::Support {
            self.acc.api.insert(path.to_owned(), ApiField { field, operator, value });
        }
    }

    /// Record something this tool does not know: it blocks the trigger (K3 "conversion
    /// failed") and is reported as a warning.
    pub(crate) fn unknown(&mut self, path: &str, chat: String, what: &str, code: &'static str) {
        self.acc.add(
            ChangeKind::Unknown,
            path,
            chat.clone(),
            None,
            format!("unknown {what}: not in the Chat trigger reference (K20, K6); kept verbatim, the trigger cannot be converted safely"),
            &["K20", "K6"],
        );
        self.acc.warn(
            code,
            format!("unknown {what} {chat} at {path}: kept verbatim; the trigger is not migrated, check it in Chat > Settings > Triggers and recreate it by hand"),
        );
    }
}

/// A translated condition as the Admin Center editor shows it.
pub(crate) fn leaf_out(object: Option<&str>, condition: &str, operator: &str, value: Value, from: &str) -> Condition {
    Condition::Leaf(ConditionLeaf {
        object: object.map(str::to_owned),
        condition: condition.to_owned(),
        operator: operator.to_owned(),
        value,
        from: from.to_owned(),
    })
}
