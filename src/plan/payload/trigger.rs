//! The payload of a trigger item: the outcome, the translated trigger in the shape an admin
//! follows in Admin Center, the Chat original, and every change with its reason.
//!
//! No public API creates messaging triggers or proactive messages (mapping.md §14.2), so
//! the translation uses the Admin Center labels (K5, K15) rather than API field names:
//! each condition is `{condition, operator, value}` as the editor shows it, and each entry
//! says where in `chat/triggers.json` it came from (`from`). The markdown guide reads this
//! payload back for its side-by-side view.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the wizard makes of a Chat trigger (K3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerOutcome {
    /// Keeps its enabled state.
    MessagingTrigger,
    /// Created inactive.
    SupportTrigger,
    /// Created inactive.
    ProactiveMessage,
    /// Listed in the wizard's "Not migrated" tab.
    NotMigratable,
}

impl TriggerOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerOutcome::MessagingTrigger => "messaging_trigger",
            TriggerOutcome::SupportTrigger => "support_trigger",
            TriggerOutcome::ProactiveMessage => "proactive_message",
            TriggerOutcome::NotMigratable => "not_migratable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TriggerOutcome::MessagingTrigger => "messaging trigger",
            TriggerOutcome::SupportTrigger => "Support trigger",
            TriggerOutcome::ProactiveMessage => "proactive message",
            TriggerOutcome::NotMigratable => "not migrated",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TriggerPayload {
    pub outcome: TriggerOutcome,
    pub enabled_in_chat: bool,
    /// Messaging triggers keep their state; Support triggers and proactive messages are
    /// created inactive (K3).
    pub active_after_migration: bool,
    /// An away/offline auto-reply: duplicates with continuous conversations (D-29).
    pub away_auto_reply: bool,
    /// The Chat trigger already runs on messaging (`@visitor_source_type`, K25).
    pub targets_messaging: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<Standard>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated: Option<Translated>,
    /// A Support trigger's companion (trigger review #1, #11): the messaging trigger or
    /// proactive message that keeps what a ticket trigger cannot (the message to the
    /// customer, a page-URL or country condition carried by a tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub companion: Option<Companion>,
    /// For a Support trigger: the Triggers API request that creates it, inactive
    /// (support-api.md §1), its conditions and actions as API fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create: Option<super::ApiCall>,
    /// Every difference between the Chat original and the translation, in file order.
    pub changes: Vec<Change>,
    pub chat: ChatOriginal,
}

/// What a Support trigger leaves out and messaging keeps, to create beside it: the message
/// Chat sent (the only part of a department trigger on a chat event that ever ran, K6), and
/// the conditions a ticket trigger has no counterpart for, relayed by a ticket tag the
/// companion adds and the Support trigger tests (K5 *Add tags*; the order in which the two
/// run is inferred).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Companion {
    pub translated: Translated,
    /// The tag the companion adds and the Support trigger tests, when it relays conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_tag: Option<String>,
    /// The companion's own differences from the Chat trigger.
    pub changes: Vec<Change>,
}

/// One of the three standard triggers messaging already has (K16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standard {
    pub name: String,
    /// Whether the Chat trigger still sends the stock message.
    pub same_message: bool,
    /// Whether the Chat trigger runs on the standard trigger's event (K16: all three run
    /// "When a customer requests a conversation"; review #7).
    #[serde(default = "yes")]
    pub same_event: bool,
    pub recommendation: String,
}

fn yes() -> bool {
    true
}

impl Standard {
    /// What to do about a Chat trigger (`trigger`, its name) that matches this standard
    /// trigger (K16: First Reply, Request Contact Details, All Agents Offline, each shipped
    /// inactive), so the customer gets one greeting, not two. Assisted: the migrated copy
    /// keeps its Chat state (K3), so keep exactly one of the two active. Self-serve: the Chat
    /// trigger stays a Chat trigger (K4), so the standard one is the messaging trigger to use.
    pub fn advice(&self, trigger: &str, active_after_migration: bool, assisted: bool) -> String {
        let standard = &self.name;
        let copy = if self.same_message {
            ""
        } else {
            " (copy this trigger's message into it: it differs from the stock one)"
        };
        // Review #7: the standard one runs when a customer requests a conversation (K16).
        let event = if self.same_event {
            ""
        } else {
            " The standard one runs once, when a customer requests a conversation; this one runs on every message, so the reply comes at another moment."
        };
        if !assisted {
            return format!(
                "Messaging has its own standard \"{standard}\" trigger, inactive: activate it{copy} rather than creating a second \"{trigger}\".{event}"
            );
        }
        if active_after_migration {
            format!(
                "Keep exactly one \"{standard}\" trigger active: this migrated copy or messaging's standard one{copy}. Make the other inactive in Admin Center > Objects and rules > Business rules > Messaging triggers.{event}"
            )
        } else {
            format!(
                "Messaging also has a standard \"{standard}\" trigger; both are inactive. If you want this message, activate exactly one of them.{event}"
            )
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Translated {
    MessagingTrigger(MessagingTrigger),
    SupportTrigger(SupportTrigger),
    ProactiveMessage(ProactiveMessage),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    All,
    Any,
}

impl Match {
    pub fn label(self) -> &'static str {
        match self {
            Match::All => "Match ALL of the following conditions",
            Match::Any => "Match ANY of the following conditions",
        }
    }
}

/// A messaging trigger as the Admin Center editor shows it (K17, K5).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessagingTrigger {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(rename = "where")]
    pub where_: String,
    pub channels: Vec<String>,
    pub active: bool,
    pub run_only_once_per_ticket: bool,
    pub run_trigger: String,
    #[serde(rename = "match")]
    pub match_: Match,
    pub conditions: Vec<Condition>,
    pub actions: Vec<ActionOut>,
}

/// A ticket trigger (K3: triggers that set a department become Support triggers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupportTrigger {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(rename = "where")]
    pub where_: String,
    pub active: bool,
    #[serde(rename = "match")]
    pub match_: Match,
    pub conditions: Vec<Condition>,
    pub actions: Vec<ActionOut>,
}

/// A proactive message for the Web Widget (K15).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProactiveMessage {
    pub name: String,
    #[serde(rename = "where")]
    pub where_: String,
    pub channel: String,
    pub active: bool,
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
    #[serde(rename = "match")]
    pub match_: Match,
    pub conditions: Vec<Condition>,
    pub frequency: String,
    pub send_time: String,
    pub response: ProactiveResponse,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ticket_tags: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProactiveResponse {
    #[serde(rename = "type")]
    pub kind: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub from: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Condition {
    Leaf(ConditionLeaf),
    /// A group messaging cannot express (mixed all/any); kept so the admin sees where to
    /// split the trigger.
    Group(ConditionGroup),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConditionLeaf {
    /// Proactive messages choose an object first (Visitor, Device; K15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    pub condition: String,
    pub operator: String,
    pub value: Value,
    /// Where in `chat/triggers.json` it came from.
    pub from: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConditionGroup {
    #[serde(rename = "match")]
    pub match_: Match,
    pub conditions: Vec<Condition>,
    pub from: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionOut {
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_replies: Option<String>,
    pub from: String,
}

/// One exact difference between the Chat trigger and its translation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The JSON path inside `chat/triggers.json` (`[3].definition.condition[2]`).
    pub path: String,
    /// The Chat side, as written.
    pub chat: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging: Option<String>,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The definition could not be read; the trigger is not migrated.
    ParseError,
    /// An event, variable, operator, condition or action this tool does not know.
    Unknown,
    /// No counterpart in the target; the trigger is not migrated.
    NoEquivalent,
    /// No counterpart; left out of an inactive target and must be replaced by hand.
    Dropped,
    /// A coarser or different counterpart; review by hand.
    Approximated,
    /// Mixed all/any that messaging cannot express.
    NotEquivalentNesting,
    Renamed,
    ValueChanged,
    /// `not firedBefore` → run once / frequency.
    RunOnce,
    /// Moved (suspend user goes last, K5).
    Moved,
    /// Nested groups merged, `not` folded: same meaning.
    Flattened,
    /// `@@` → `@`.
    Unescaped,
    PlaceholderRenamed,
    PlaceholderLost,
    UnknownPlaceholder,
    /// True of the target already; left out without loss.
    Implied,
    /// The trigger already targets messaging; the condition becomes the channel.
    Channel,
    /// One of the three standard triggers (K16).
    Standard,
    /// Something the admin should know; nothing changes.
    Note,
    /// The translation would do what the Chat trigger never did (a department set on a chat
    /// event, which Chat runs only on page load, K6): decide before activating.
    NewBehaviour,
    /// A documented messaging feature that serves the trigger's purpose better, or a setting
    /// to consider; shown to the admin, nothing to redo.
    Advice,
}

impl ChangeKind {
    /// Changes that make the trigger not migratable.
    pub fn blocks(self) -> bool {
        matches!(self, ChangeKind::ParseError | ChangeKind::Unknown | ChangeKind::NoEquivalent)
    }

    /// Changes that leave work for a person.
    pub fn manual(self) -> bool {
        matches!(
            self,
            ChangeKind::Dropped
                | ChangeKind::Approximated
                | ChangeKind::NotEquivalentNesting
                | ChangeKind::PlaceholderLost
                | ChangeKind::UnknownPlaceholder
                | ChangeKind::NewBehaviour
        )
    }

    /// Changes a guide shows the admin: work to do, reasons it is not migrated, advice.
    pub fn shown(self) -> bool {
        self.manual() || self.blocks() || self == ChangeKind::Advice
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::ParseError => "parse error",
            ChangeKind::Unknown => "unknown",
            ChangeKind::NoEquivalent => "no equivalent",
            ChangeKind::Dropped => "dropped",
            ChangeKind::Approximated => "approximated",
            ChangeKind::NotEquivalentNesting => "mixed all/any",
            ChangeKind::Renamed => "renamed",
            ChangeKind::ValueChanged => "value changed",
            ChangeKind::RunOnce => "run once",
            ChangeKind::Moved => "moved",
            ChangeKind::Flattened => "flattened",
            ChangeKind::Unescaped => "@@ un-escaped",
            ChangeKind::PlaceholderRenamed => "placeholder renamed",
            ChangeKind::PlaceholderLost => "placeholder lost",
            ChangeKind::UnknownPlaceholder => "unknown placeholder",
            ChangeKind::Implied => "implied",
            ChangeKind::Channel => "channel",
            ChangeKind::Standard => "standard trigger",
            ChangeKind::Note => "note",
            ChangeKind::NewBehaviour => "new behaviour",
            ChangeKind::Advice => "option",
        }
    }
}

/// The Chat trigger as exported, with a readable summary for the side-by-side view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChatOriginal {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub enabled: bool,
    /// The definition exactly as exported (unknown parts included).
    pub definition: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<ChatSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSummary {
    pub run_trigger: String,
    pub conditions: Vec<String>,
    pub actions: Vec<String>,
}
