//! The Chat trigger language and what each part becomes, as data.
//!
//! One row per event, operator, variable, action and placeholder, with the messaging
//! counterpart for each of the three places a Chat trigger can land (K3): a messaging
//! trigger, a proactive message, or a Support (ticket) trigger. The converter reads these
//! rows; `docs/triggers.md` prints them (a test keeps the two identical), so the table an
//! admin reads is the table the code runs. What a plain counterpart cannot say, a row hands
//! to a special rule (`Map::Rule`, `rules/`): the rule's own file holds its docs text and its
//! code, and a rule without both does not compile.
//!
//! Labels on the messaging side are the Admin Center labels of K5 (messaging triggers),
//! K15 (proactive messages) and the ticket-trigger editor, because no public API creates
//! messaging triggers (mapping.md §14.2): the admin recreates them field by field.
//!
//! SpellingEvidence follows mapping.md: a JSON spelling marked [`SpellingEvidence::Verified`] was read in a
//! source (K20 developer reference, K6 placeholder list, real captures, public code K25);
//! [`SpellingEvidence::Inferred`] spellings come from the dashboard labels and are unconfirmed.

use std::fmt::Write as _;

pub use super::lang::{Op, Target};
use super::rules::Rule;

/// Whether a JSON spelling or a mapping was read in a source or inferred.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpellingEvidence {
    /// `[V]`: seen in a cited source or a real capture.
    Verified,
    /// `[I]`: our inference; confirm against a real account.
    Inferred,
}

impl SpellingEvidence {
    pub fn tag(self) -> &'static str {
        match self {
            SpellingEvidence::Verified => "[V]",
            SpellingEvidence::Inferred => "[I]",
        }
    }
}

/// How one Chat element becomes part of one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Map {
    /// The same condition or action under the same label.
    Same(&'static str),
    /// The same meaning under a new label.
    Renamed(&'static str),
    /// A new label, and values that change: `(chat value, messaging value, flagged)`.
    /// A flagged pair changes meaning or spelling in a way an admin must notice.
    Values(&'static str, &'static [(&'static str, &'static str, bool)]),
    /// A coarser or different counterpart: converted, reviewed by hand. (label, why)
    Approx(&'static str, &'static str),
    /// Already true of the target; dropped without loss. (why)
    Implied(&'static str),
    /// No counterpart. (why, with the alternative when there is one)
    None(&'static str),
    /// Decided by a special rule: its own file under `rules/` holds the code and the text.
    Rule(Rule),
}

impl Map {
    /// The text of this mapping in the docs table, in the column of target `t`.
    pub fn doc(self, t: Target) -> String {
        match self {
            Map::Same(l) => l.to_owned(),
            Map::Renamed(l) => format!("{l} (renamed)"),
            Map::Values(l, vals) => {
                let v: Vec<String> = vals
                    .iter()
                    .map(|(c, m, flagged)| if *flagged { format!("`{c}` → **{m}**") } else { format!("`{c}` → {m}") })
                    .collect();
                format!("{l} (renamed; values {})", v.join(", "))
            }
            Map::Approx(l, why) => format!("≈ {l} (approximate: {why})"),
            Map::Implied(why) => format!("implied: {why}"),
            Map::None(why) => format!("— {why}"),
            Map::Rule(r) => format!("rule: {}", r.doc(t)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Events

#[derive(Debug)]
pub struct EventSpec {
    pub name: &'static str,
    /// The Chat dashboard label (K6).
    pub chat: &'static str,
    /// The messaging trigger run event (K5), when there is one.
    pub messaging: Option<&'static str>,
    pub proactive: Option<&'static str>,
    pub refs: &'static [&'static str],
}

/// Chat trigger events [V] K20.
pub const EVENTS: &[EventSpec] = &[
    EventSpec {
        name: "page_enter",
        chat: "When a visitor has loaded the chat widget",
        messaging: None,
        proactive: Some("Visitor loads the page (or: Visitor is on the page, with a duration)"),
        refs: &["K20", "K6", "K4", "K3", "K15"],
    },
    EventSpec {
        name: "chat_requested",
        chat: "When a visitor requests a chat",
        messaging: Some("When a customer requests a conversation"),
        proactive: None,
        refs: &["K20", "K6", "K5"],
    },
    EventSpec {
        name: "chat_message",
        chat: "When a chat message is sent",
        messaging: Some("When a message is sent"),
        proactive: None,
        refs: &["K20", "K6", "K5"],
    },
];

/// Messaging run events no Chat event maps to (K5, review #8): what the plan offers a
/// trigger that messages waiting customers (`convert/outcome.rs`), with the placeholders
/// only they fill.
pub const MESSAGING_ONLY_EVENTS: &[(&str, &str)] = &[
    (
        "When a conversation is added to the queue",
        "the conversation is placed in the queue; with `@wait_time_min`, `@wait_time_max` and `@queue_size` it tells the customer the estimated wait (Displaying estimated wait time, <https://support.zendesk.com/hc/en-us/articles/8009787999514>)",
    ),
    ("When a conversation is assigned from a queue", "an agent accepts the ticket from the queue"),
];

pub fn event(name: &str) -> Option<&'static EventSpec> {
    EVENTS.iter().find(|e| e.name == name)
}

// ---------------------------------------------------------------------------------------
// Operators

#[derive(Debug)]
pub struct OperatorSpec {
    pub op: Op,
    pub name: &'static str,
    /// The Chat dashboard / K20 description.
    pub chat: &'static str,
    pub messaging: Map,
    pub proactive: Map,
    /// The operator that means `not (x op v)`, used to fold `not` into a condition.
    pub negation: Option<Op>,
}

pub const OPERATORS: &[OperatorSpec] = &[
    OperatorSpec {
        op: Op::Eq,
        name: "eq",
        chat: "Equals",
        messaging: Map::Same("Is"),
        // Review #13: "The Page URL string is case insensitive" (likewise Page title), while
        // Chat's Equals is an exact match (K6).
        proactive: Map::Approx("Is", "proactive Page URL/title matching ignores case (K15)"),
        negation: Some(Op::Neq),
    },
    OperatorSpec {
        op: Op::Neq,
        name: "neq",
        chat: "Is not equal",
        messaging: Map::Same("Is not"),
        proactive: Map::Approx("Is not", "proactive Page URL/title matching ignores case (K15)"),
        negation: Some(Op::Eq),
    },
    OperatorSpec {
        op: Op::Lt,
        name: "lt",
        chat: "Less than",
        messaging: Map::Same("Less than"),
        proactive: Map::None("proactive conditions compare text only (K15)"),
        negation: Some(Op::Gte),
    },
    OperatorSpec {
        op: Op::Gt,
        name: "gt",
        chat: "Greater than",
        messaging: Map::Same("Greater than"),
        proactive: Map::None("proactive conditions compare text only (K15)"),
        negation: Some(Op::Lte),
    },
    OperatorSpec {
        op: Op::Lte,
        name: "lte",
        chat: "Less than or equal to",
        messaging: Map::Same("Less than or equal to"),
        proactive: Map::None("proactive conditions compare text only (K15)"),
        negation: Some(Op::Gt),
    },
    OperatorSpec {
        op: Op::Gte,
        name: "gte",
        chat: "Greater than or equal to",
        messaging: Map::Same("Greater than or equal to"),
        proactive: Map::None("proactive conditions compare text only (K15)"),
        negation: Some(Op::Lt),
    },
    OperatorSpec {
        op: Op::Contains,
        name: "contains",
        chat: "Contains (case sensitive)",
        messaging: Map::Same("Contains (case sensitive)"),
        proactive: Map::Approx("Contains at least one of", "proactive Page URL/title matching ignores case (K15)"),
        negation: Some(Op::NContains),
    },
    OperatorSpec {
        op: Op::NContains,
        name: "ncontains",
        chat: "Does not contain (case sensitive)",
        messaging: Map::Approx("Does not contain", "messaging has no case-sensitive 'does not contain' (K5)"),
        proactive: Map::Approx("Doesn't contain", "proactive Page URL/title matching ignores case (K15)"),
        negation: Some(Op::Contains),
    },
    OperatorSpec {
        op: Op::IContains,
        name: "icontains",
        chat: "Contains",
        messaging: Map::Same("Contains"),
        proactive: Map::Same("Contains at least one of"),
        negation: Some(Op::NIContains),
    },
    OperatorSpec {
        op: Op::NIContains,
        name: "nicontains",
        chat: "Does not contain",
        messaging: Map::Same("Does not contain"),
        proactive: Map::Same("Doesn't contain"),
        negation: Some(Op::IContains),
    },
    OperatorSpec {
        op: Op::Regex,
        name: "regex",
        chat: "Reg Ex (case sensitive)",
        messaging: Map::Same("Reg Ex (case sensitive)"),
        proactive: Map::None("proactive conditions have no regular expressions (K15)"),
        negation: None,
    },
    OperatorSpec {
        op: Op::IRegex,
        name: "iregex",
        chat: "Reg Ex",
        messaging: Map::Same("Reg Ex"),
        proactive: Map::None("proactive conditions have no regular expressions (K15)"),
        negation: None,
    },
];

pub fn operator_by_name(name: &str) -> Option<&'static OperatorSpec> {
    OPERATORS.iter().find(|o| o.name == name)
}

pub fn operator(op: Op) -> &'static OperatorSpec {
    // Every `Op` has a row (tested); the first row is a harmless fallback.
    OPERATORS.iter().find(|o| o.op == op).unwrap_or(&OPERATORS[0])
}

// ---------------------------------------------------------------------------------------
// Variables (conditions)

#[derive(Debug)]
pub struct VariableSpec {
    pub name: &'static str,
    /// The Chat dashboard label (K6).
    pub chat: &'static str,
    /// Whether the JSON spelling was seen in a source (and which).
    pub spelling: (SpellingEvidence, &'static str),
    pub messaging: Map,
    pub proactive: Map,
    pub support: Map,
    pub refs: &'static [&'static str],
}

impl VariableSpec {
    pub fn map(&self, t: Target) -> Map {
        match t {
            Target::Messaging => self.messaging,
            Target::Proactive => self.proactive,
            Target::Support => self.support,
        }
    }
}

const STATUS_VALUES: &[(&str, &str, bool)] =
    &[("online", "Online", false), ("away", "Away", false), ("offline", "Invisible", true)];
const SENDER_TYPES: &[(&str, &str, bool)] = &[("visitor", "Customer", true), ("agent", "Agent", true)];

const NO_TICKET_CONDITION: &str = "no ticket-trigger condition for it [I]";
const VISITOR_DEPARTMENT: &str = "Chat set it by Set visitor department or the JS API (K6); the nearest is the group assigned to the conversation, set by routing (K5)";
const NO_PROACTIVE_CONDITION: &str =
    "proactive messages only check page URL, page title, visit history and device language (K15)";

/// Every condition variable: chat-api.md §4.4, mapping.md §5.3 and the K6 lists.
pub const VARIABLES: &[VariableSpec] = &[
    VariableSpec {
        name: "@hour_of_day",
        chat: "Hour of day (UTC)",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::Same("Hour of day"),
        proactive: Map::None("closest is the send time 'only during/outside business hours' with a schedule (K15)"),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@day_of_week",
        chat: "Day of week (0 = Monday)",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::Same("Day of week"),
        proactive: Map::None("closest is the send time 'only during/outside business hours' with a schedule (K15)"),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_time_on_page",
        chat: "Visitor time on page",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::None("no time-on-page condition in messaging triggers (K5)"),
        proactive: Map::Rule(Rule::TimeSpent),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5", "K15"],
    },
    VariableSpec {
        name: "@visitor_time_on_site",
        chat: "Visitor time on site",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::None("no time-on-site condition in messaging triggers (K5)"),
        proactive: Map::Rule(Rule::TimeSpent),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5", "K15"],
    },
    VariableSpec {
        name: "@visitor_ip",
        chat: "Visitor IP",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::Renamed("Customer IP"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_hostname",
        chat: "Visitor host name",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::None("no host-name condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_city",
        chat: "Visitor city",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::None("no city condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_region",
        chat: "Visitor region",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::None("no region condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_country_code",
        chat: "Visitor country code",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::Approx(
            "Customer country",
            "messaging has one country condition; whether it takes a code or a name is unverified [I]",
        ),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_country_name",
        chat: "Visitor country name",
        spelling: (SpellingEvidence::Verified, "K20"),
        messaging: Map::Approx(
            "Customer country",
            "messaging has one country condition; whether it takes a code or a name is unverified [I]",
        ),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_previous_visits",
        chat: "Visitor previous visits",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        messaging: Map::None("no visit-count condition in messaging triggers (K5)"),
        proactive: Map::Rule(Rule::VisitHistory),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5", "K15"],
    },
    VariableSpec {
        name: "@visitor_previous_chats",
        chat: "Visitor previous chats",
        spelling: (SpellingEvidence::Verified, "public code (K25)"),
        messaging: Map::Renamed("Customer previous conversations"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_page_url",
        chat: "Visitor page URL",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        messaging: Map::Renamed("Customer page URL"),
        proactive: Map::Renamed("Page URL"),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5", "K15"],
    },
    VariableSpec {
        name: "@visitor_page_title",
        chat: "Visitor page title",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::None("no page-title condition in messaging triggers (K5); proactive messages have one (K15)"),
        proactive: Map::Renamed("Page title"),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5", "K15"],
    },
    VariableSpec {
        name: "@visitor_page_count",
        chat: "Visitor page count",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::None("no page-count condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_previous_page",
        chat: "Previous page",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        messaging: Map::None("no previous-page condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_referrer",
        chat: "Visitor referrer",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::None("no referrer condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_search_engine",
        chat: "Visitor search engine",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::None("no search-engine condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_search_terms",
        chat: "Visitor search terms",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::None("no search-terms condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_name",
        chat: "Visitor name",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::Renamed("Customer name"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_email",
        chat: "Visitor email",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        messaging: Map::Renamed("Customer email"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_tags",
        chat: "Visitor tag",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::Approx("Tags", "visitor tags become ticket tags [I]"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::Approx("Tags", "visitor tags become ticket tags [I]"),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_triggered",
        chat: "Visitor triggered",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::Renamed("Customer triggered"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_department_id",
        chat: "Visitor department (set by action or JS API)",
        spelling: (SpellingEvidence::Inferred, "chat-api.md §4.4"),
        // Review #15: like `@department`, it names the chat's department; messaging's nearest
        // is "Group | Name of the group assigned to the conversation" (K5).
        messaging: Map::Approx("Group", VISITOR_DEPARTMENT),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::Approx("Group", VISITOR_DEPARTMENT),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_department_name",
        chat: "Visitor department (set by action or JS API)",
        spelling: (SpellingEvidence::Inferred, "chat-api.md §4.4"),
        // Review #15: like `@department`, it names the chat's department; messaging's nearest
        // is "Group | Name of the group assigned to the conversation" (K5).
        messaging: Map::Approx("Group", VISITOR_DEPARTMENT),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::Approx("Group", VISITOR_DEPARTMENT),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@department",
        chat: "Department (chosen in the pre-chat form)",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        messaging: Map::Renamed("Group"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::Renamed("Group"),
        refs: &["K6", "K5", "K4"],
    },
    VariableSpec {
        name: "@department_status",
        chat: "Department status",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        messaging: Map::Values("Group status", STATUS_VALUES),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_browser",
        chat: "Visitor browser",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::Renamed("Customer browser"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_platform",
        chat: "Visitor platform",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::Renamed("Customer platform"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_user_agent",
        chat: "Visitor user agent",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::None(
            "no user-agent condition in messaging triggers (K5); Customer browser/OS/platform are coarser",
        ),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_status",
        chat: "Visitor status (online/idle)",
        spelling: (SpellingEvidence::Verified, "K6 placeholder list"),
        messaging: Map::None("no visitor-status condition in messaging triggers (K5)"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_chatting",
        chat: "Visitor is chatting",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        messaging: Map::Renamed("Customer is in active conversation"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_requesting_chat",
        chat: "Visitor requesting chat",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        messaging: Map::Renamed("Customer is requesting conversation"),
        proactive: Map::Rule(Rule::NotYetInConversation),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_served",
        chat: "Visitor served",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        messaging: Map::Renamed("Customer served"),
        proactive: Map::Rule(Rule::NotYetInConversation),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@account_status",
        chat: "Account status",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        messaging: Map::Values("Account status", STATUS_VALUES),
        proactive: Map::None("closest is the send time 'only during/outside business hours' (K15)"),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5", "K16"],
    },
    VariableSpec {
        name: "@sender",
        chat: "Sender",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        messaging: Map::Same("Sender"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@sender_type",
        chat: "Sender type",
        spelling: (SpellingEvidence::Verified, "public code (K25)"),
        messaging: Map::Values("Sender Type", SENDER_TYPES),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::Rule(Rule::SenderRole),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@message",
        chat: "Message",
        spelling: (SpellingEvidence::Verified, "public code (K25)"),
        messaging: Map::Same("Message"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::Rule(Rule::CommentText),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@queue_size",
        chat: "Queue size (account)",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        messaging: Map::Same("Queue Size"),
        proactive: Map::None(NO_PROACTIVE_CONDITION),
        support: Map::None(NO_TICKET_CONDITION),
        refs: &["K6", "K5"],
    },
    VariableSpec {
        name: "@visitor_source_type",
        chat: "Channel (set when a Chat trigger runs on messaging)",
        spelling: (SpellingEvidence::Verified, "public code (K25)"),
        messaging: Map::Rule(Rule::SourceType),
        proactive: Map::Rule(Rule::SourceType),
        support: Map::Rule(Rule::SourceType),
        refs: &["K25", "K4", "K17"],
    },
];

pub fn variable(name: &str) -> Option<&'static VariableSpec> {
    VARIABLES.iter().find(|v| v.name == name)
}

// ---------------------------------------------------------------------------------------
// Special conditions

#[derive(Debug)]
pub struct SpecialSpec {
    pub name: &'static str,
    pub chat: &'static str,
    pub spelling: (SpellingEvidence, &'static str),
    /// What it becomes in every target: a special condition is never a plain counterpart.
    pub rule: Rule,
    pub refs: &'static [&'static str],
}

/// Conditions that are not `op variable value`.
pub const SPECIALS: &[SpecialSpec] = &[
    SpecialSpec {
        name: "and / or",
        chat: "Check all / any of the following conditions",
        spelling: (SpellingEvidence::Verified, "K20"),
        rule: Rule::Nesting,
        refs: &["K20", "K5", "K6"],
    },
    SpecialSpec {
        name: "not",
        chat: "Negation (JSON only)",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        rule: Rule::Negation,
        refs: &["K25", "K5"],
    },
    SpecialSpec {
        name: "firedBefore",
        chat: "Trigger fired before for this visitor (JSON only)",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        rule: Rule::RunOnce,
        refs: &["K25", "K17", "K15"],
    },
    SpecialSpec {
        name: "hasTag",
        chat: "Visitor tag",
        spelling: (SpellingEvidence::Verified, "public code (K25)"),
        rule: Rule::HasTag,
        refs: &["K6", "K5", "K25"],
    },
    SpecialSpec {
        name: "stillOnPage",
        chat: "Still on page (delay, then re-check; max 3600 s)",
        spelling: (SpellingEvidence::Verified, "K20"),
        rule: Rule::StillOnPage,
        refs: &["K20", "K6", "K15"],
    },
    SpecialSpec {
        name: "stillOnSite",
        chat: "Still on site (delay, then re-check; max 3600 s)",
        spelling: (SpellingEvidence::Verified, "K20"),
        rule: Rule::StillOnPage,
        refs: &["K20", "K6", "K15"],
    },
];

pub fn special(name: &str) -> Option<&'static SpecialSpec> {
    SPECIALS.iter().find(|s| s.name == name)
}

// ---------------------------------------------------------------------------------------
// Actions

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    SendMessage,
    SetTriggered,
    Wait,
    AddTag,
    RemoveTag,
    SetName,
    SetDepartment,
    ReplaceNote,
    AppendNote,
    Ban,
    RequestEmail,
    NotifyAgent,
    SetSkills,
}

/// How many arguments an action takes, checked when its spelling is verified.
#[derive(Clone, Copy, Debug)]
pub enum Arity {
    Range(usize, usize),
    /// Spelling or arguments unverified: accept what is there and keep it.
    Any,
}

#[derive(Debug)]
pub struct ActionSpec {
    pub kind: ActionKind,
    /// JSON names; the first is the one we print. More than one only for unverified spellings.
    pub names: &'static [&'static str],
    pub chat: &'static str,
    pub spelling: (SpellingEvidence, &'static str),
    pub arity: Arity,
    pub messaging: Map,
    pub proactive: Map,
    pub support: Map,
    pub refs: &'static [&'static str],
}

impl ActionSpec {
    pub fn map(&self, t: Target) -> Map {
        match t {
            Target::Messaging => self.messaging,
            Target::Proactive => self.proactive,
            Target::Support => self.support,
        }
    }
}

const SUPPORT_NO_MESSAGE: &str =
    "a Support trigger does not post into the messaging conversation [I]; keep this message in a messaging trigger";

/// Chat trigger actions: K6 (labels), K20/K25 and captures (spellings), K5 (messaging).
pub const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        kind: ActionKind::SendMessage,
        names: &["sendMessageToVisitor"],
        chat: "Send message to visitor (display name, text[, quick replies \"A/B\"])",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        arity: Arity::Range(2, 3),
        messaging: Map::Renamed("Send message to customer"),
        proactive: Map::Renamed("Message (human agent response)"),
        support: Map::None(SUPPORT_NO_MESSAGE),
        refs: &["K6", "K5", "K15"],
    },
    ActionSpec {
        kind: ActionKind::SetTriggered,
        names: &["setTriggered"],
        chat: "Set triggered",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        arity: Arity::Range(1, 1),
        messaging: Map::Same("Set triggered"),
        proactive: Map::Approx(
            "Frequency",
            "the proactive message's frequency replaces the set-triggered flag (mapping §12) [I]",
        ),
        support: Map::None("ticket triggers have no set-triggered flag [I]"),
        refs: &["K6", "K5"],
    },
    ActionSpec {
        kind: ActionKind::Wait,
        names: &["wait"],
        chat: "Wait (seconds)",
        spelling: (SpellingEvidence::Verified, "real capture (airbyte)"),
        arity: Arity::Range(1, 1),
        messaging: Map::Same("Wait"),
        proactive: Map::Approx(
            "Event duration",
            "the wait is added to the time on the page before the message (K15) [I]",
        ),
        support: Map::None("ticket triggers cannot wait [I]"),
        refs: &["K6", "K5"],
    },
    ActionSpec {
        kind: ActionKind::AddTag,
        names: &["addTag"],
        chat: "Add tag",
        spelling: (SpellingEvidence::Verified, "public code (K25), real capture"),
        arity: Arity::Range(1, 1),
        messaging: Map::Renamed("Add tags"),
        proactive: Map::Renamed("Ticket tags"),
        support: Map::Renamed("Add tags"),
        refs: &["K6", "K5", "K15"],
    },
    ActionSpec {
        kind: ActionKind::RemoveTag,
        names: &["removeTag"],
        chat: "Remove tag",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        arity: Arity::Any,
        messaging: Map::Renamed("Remove tags"),
        proactive: Map::None("a proactive message can only add ticket tags (K15)"),
        support: Map::Renamed("Remove tags"),
        refs: &["K6", "K5"],
    },
    ActionSpec {
        kind: ActionKind::SetName,
        names: &["setName", "setVisitorName"],
        chat: "Set name of visitor",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        arity: Arity::Any,
        messaging: Map::None(
            "not in the Admin Center messaging actions (K5; K4 lists it only for Chat-dashboard triggers)",
        ),
        proactive: Map::None("proactive messages have no such action (K15)"),
        support: Map::None("ticket triggers do not rename the requester [I]"),
        refs: &["K6", "K5", "K4"],
    },
    ActionSpec {
        kind: ActionKind::SetDepartment,
        names: &["setDepartment"],
        chat: "Set visitor department (only on page load)",
        spelling: (SpellingEvidence::Verified, "public code (K25)"),
        arity: Arity::Range(1, 1),
        messaging: Map::Rule(Rule::SetDepartment),
        proactive: Map::Rule(Rule::SetDepartment),
        support: Map::Rule(Rule::SetDepartment),
        refs: &["K6", "K3", "K18"],
    },
    ActionSpec {
        kind: ActionKind::ReplaceNote,
        names: &["setNote", "replaceNote"],
        chat: "Replace note",
        spelling: (SpellingEvidence::Inferred, "chat-api.md §4.4"),
        arity: Arity::Any,
        messaging: Map::None("visitor notes do not exist in messaging (mapping §5.4)"),
        proactive: Map::None("visitor notes do not exist in messaging (mapping §5.4)"),
        support: Map::None("visitor notes do not exist in messaging (mapping §5.4)"),
        refs: &["K6", "K5"],
    },
    ActionSpec {
        kind: ActionKind::AppendNote,
        names: &["appendNote"],
        chat: "Append note",
        spelling: (SpellingEvidence::Inferred, "chat-api.md §4.4"),
        arity: Arity::Any,
        messaging: Map::None("visitor notes do not exist in messaging (mapping §5.4)"),
        proactive: Map::None("visitor notes do not exist in messaging (mapping §5.4)"),
        support: Map::None("visitor notes do not exist in messaging (mapping §5.4)"),
        refs: &["K6", "K5"],
    },
    ActionSpec {
        kind: ActionKind::Ban,
        names: &["ban", "banVisitor"],
        chat: "Block visitor",
        spelling: (SpellingEvidence::Inferred, "chat-api.md §4.4"),
        arity: Arity::Any,
        // Review #10: Chat's action "Bans the visitor from accessing your chat service" (K6);
        // Suspend user suspends the Zendesk end user (K5), see the reason.
        messaging: Map::Approx(
            "Suspend user",
            "Chat banned the visitor from chat only (K6); Suspend user suspends the end user (K5), who then cannot sign in or create tickets through the channels suspended from, possibly every channel (Suspending messaging users, https://support.zendesk.com/hc/en-us/articles/8009733465370); to block an IP address, use messaging's IP ban list instead (K19)",
        ),
        proactive: Map::None("proactive messages cannot suspend users (K15)"),
        support: Map::None("keep the suspension in a messaging trigger [I]"),
        refs: &["K6", "K5", "K19"],
    },
    ActionSpec {
        kind: ActionKind::RequestEmail,
        names: &["requestEmail"],
        chat: "Request email (continuous conversations)",
        spelling: (SpellingEvidence::Inferred, "dashboard label"),
        arity: Arity::Any,
        messaging: Map::Same("Request email"),
        proactive: Map::None("proactive messages ask for name/email in their response instead (K15)"),
        support: Map::None("a ticket trigger cannot ask in the conversation [I]"),
        refs: &["K6", "K5", "K14"],
    },
    ActionSpec {
        kind: ActionKind::NotifyAgent,
        names: &["sendNotificationToAgent"],
        chat: "Notify agent (recalled, not in K6)",
        spelling: (SpellingEvidence::Inferred, "chat-api.md §4.4"),
        arity: Arity::Any,
        messaging: Map::None("no such messaging action (K5); use a ticket trigger notification"),
        proactive: Map::None("no such proactive action (K15)"),
        support: Map::None("use a ticket-trigger email notification instead [I]"),
        refs: &["K5"],
    },
    ActionSpec {
        kind: ActionKind::SetSkills,
        names: &["setSkills"],
        chat: "Set skills (recalled, not in K6)",
        spelling: (SpellingEvidence::Inferred, "chat-api.md §4.4"),
        arity: Arity::Any,
        // Second review #3, Z-1: "You must recreate your Chat skills as ticket skills and
        // configure triggers to apply the skills to tickets."
        messaging: Map::None(
            "no such messaging action (K5); a ticket trigger applies skills, once the Chat skills are ticket skills (Z-1)",
        ),
        proactive: Map::None("no such proactive action (K15)"),
        support: Map::None(
            "not carried over: a ticket trigger applies skills, once the Chat skills are ticket skills (Z-1); add that action by hand [I]",
        ),
        refs: &["K5", "K1", "Z-1"],
    },
];

pub fn action(name: &str) -> Option<&'static ActionSpec> {
    ACTIONS.iter().find(|a| a.names.contains(&name))
}

pub fn action_kind(kind: ActionKind) -> &'static ActionSpec {
    ACTIONS.iter().find(|a| a.kind == kind).unwrap_or(&ACTIONS[0])
}

// ---------------------------------------------------------------------------------------
// Placeholders

#[derive(Debug)]
pub struct PlaceholderSpec {
    pub chat: &'static str,
    /// The messaging placeholder (K5), or `None` when it is lost.
    pub messaging: Option<&'static str>,
    /// The proactive message variable (K15 "Add a variable": First name, Full name), or
    /// `None` when a proactive message has none (trigger review #6).
    pub proactive: Option<&'static str>,
    pub note: &'static str,
}

/// Chat placeholders (K6) and their messaging counterparts (K5), mapping.md §5.4.
pub const PLACEHOLDERS: &[PlaceholderSpec] = &[
    PlaceholderSpec { chat: "@hour_of_day", messaging: Some("@hour_of_day"), proactive: None, note: "" },
    PlaceholderSpec { chat: "@day_of_week", messaging: Some("@day_of_week"), proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_ip", messaging: Some("@customer_ip"), proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_hostname", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_city", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_region", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_country_code", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_country_name", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_page_url", messaging: Some("@customer_page_url"), proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_page_title", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_referrer", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_search_engine", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_search_terms", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_user_agent", messaging: None, proactive: None, note: "" },
    PlaceholderSpec {
        chat: "@visitor_browser",
        messaging: None,
        proactive: None,
        note: "a condition, not a placeholder, in messaging",
    },
    PlaceholderSpec {
        chat: "@visitor_platform",
        messaging: None,
        proactive: None,
        note: "a condition, not a placeholder, in messaging",
    },
    PlaceholderSpec {
        chat: "@account_status",
        messaging: Some("@account_status"),
        proactive: None,
        note: "prints Invisible where Chat printed offline",
    },
    PlaceholderSpec { chat: "@visitor_previous_visits", messaging: None, proactive: None, note: "" },
    PlaceholderSpec {
        chat: "@visitor_previous_chats",
        messaging: Some("@customer_prev_conversations"),
        proactive: None,
        note: "",
    },
    PlaceholderSpec {
        chat: "@visitor_name",
        messaging: Some("@customer_name"),
        proactive: Some("Full name"),
        note: "",
    },
    PlaceholderSpec {
        chat: "@visitor_email",
        messaging: Some("@customer_email"),
        proactive: None,
        note: "Chat spelling not in K6 [I]",
    },
    PlaceholderSpec { chat: "@visitor_status", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_time_on_page", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_time_on_site", messaging: None, proactive: None, note: "" },
    PlaceholderSpec { chat: "@visitor_page_count", messaging: None, proactive: None, note: "" },
    PlaceholderSpec {
        chat: "@visitor_requesting_chat",
        messaging: Some("@customer_requesting_conversation"),
        proactive: None,
        note: "",
    },
    PlaceholderSpec { chat: "@visitor_served", messaging: Some("@customer_served"), proactive: None, note: "" },
    PlaceholderSpec {
        chat: "@visitor_tags",
        messaging: Some("@tag"),
        proactive: None,
        note: "visitor tags become ticket tags [I]",
    },
    PlaceholderSpec { chat: "@visitor_triggered", messaging: Some("@customer_triggered"), proactive: None, note: "" },
    PlaceholderSpec {
        chat: "@visitor_chatting",
        messaging: Some("@customer_is_in_active_conversation"),
        proactive: None,
        note: "Chat spelling not in K6 [I]",
    },
    PlaceholderSpec {
        chat: "@sender",
        messaging: Some("@sender"),
        proactive: None,
        note: "Chat spelling not in K6 [I]",
    },
    PlaceholderSpec {
        chat: "@sender_type",
        messaging: Some("@sender_type"),
        proactive: None,
        note: "prints Customer/Agent [I]",
    },
    PlaceholderSpec {
        chat: "@message",
        messaging: Some("@message"),
        proactive: None,
        note: "Chat spelling not in K6 [I]",
    },
    PlaceholderSpec {
        chat: "@queue_size",
        messaging: Some("@queue_size"),
        proactive: None,
        note: "Chat spelling not in K6 [I]",
    },
    PlaceholderSpec { chat: "@referrer", messaging: None, proactive: None, note: "" },
];

pub fn placeholder(name: &str) -> Option<&'static PlaceholderSpec> {
    PLACEHOLDERS.iter().find(|p| p.chat == name)
}

// ---------------------------------------------------------------------------------------
// Standard triggers

#[derive(Debug)]
pub struct StandardSpec {
    pub name: &'static str,
    /// The message text of the stock trigger (K4 Chat version, K16 messaging version).
    pub message: &'static str,
}

/// The three standard triggers that exist in Chat (K4) and, inactive, in messaging (K16).
pub const STANDARD: &[StandardSpec] = &[
    StandardSpec {
        name: "First Reply",
        message: "Thanks for your message, please wait a moment while our agents attend to you.",
    },
    StandardSpec {
        name: "Request Contact Details",
        message: "Hi, sorry we are away at the moment. Please leave your email address and we will get back to you as soon as possible.",
    },
    StandardSpec {
        name: "All Agents Offline",
        message: "Hi there! Thanks for reaching out to us. We're offline right now, but we'll respond to your message when we're back online in a few hours.",
    },
];

pub fn standard(name: &str) -> Option<&'static StandardSpec> {
    let n = name.trim();
    STANDARD.iter().find(|s| s.name.eq_ignore_ascii_case(n))
}

// ---------------------------------------------------------------------------------------
// The docs table

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// One row of a table with the three targets (messaging trigger, proactive message,
/// Support trigger).
struct TargetRow {
    key: String,
    chat: String,
    spelling: String,
    targets: [String; 3],
    refs: String,
}

fn target_table(o: &mut String, heading: &str, cols: (&str, &str), rows: impl Iterator<Item = TargetRow>) {
    let _ = writeln!(o, "{heading}");
    let _ = writeln!(
        o,
        "| {} | {} | Spelling | Messaging trigger | Proactive message | Support trigger | Sources |",
        cols.0, cols.1
    );
    let _ = writeln!(o, "|---|---|---|---|---|---|---|");
    for r in rows {
        let [m, p, t] = &r.targets;
        let _ = writeln!(o, "| {} | {} | {} | {m} | {p} | {t} | {} |", r.key, r.chat, r.spelling, r.refs);
    }
}

/// The tables of `docs/triggers.md`, generated from the rows above.
pub fn markdown() -> String {
    let mut o = String::new();
    let _ = writeln!(o, "### Events\n");
    let _ = writeln!(o, "| Chat event | Chat label | Messaging trigger | Proactive message | Sources |");
    let _ = writeln!(o, "|---|---|---|---|---|");
    for e in EVENTS {
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} | {} |",
            e.name,
            e.chat,
            e.messaging.unwrap_or("— (not available for messaging, K4)"),
            e.proactive.unwrap_or("—"),
            e.refs.join(", ")
        );
    }
    let _ = writeln!(o, "\nUnknown events are kept verbatim and the trigger is not migrated.\n");
    let _ = writeln!(o, "Messaging run events with no Chat event (K5):\n");
    for (e, what) in MESSAGING_ONLY_EVENTS {
        let _ = writeln!(o, "- *{e}*: {what}.");
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "### Operators\n");
    let _ = writeln!(o, "| Chat operator | Chat meaning | Messaging trigger | Proactive message | `not` folds to |");
    let _ = writeln!(o, "|---|---|---|---|---|");
    for op in OPERATORS {
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} | {} |",
            op.name,
            op.chat,
            cell(&op.messaging.doc(Target::Messaging)),
            cell(&op.proactive.doc(Target::Proactive)),
            op.negation.map_or_else(|| "— (no counterpart)".to_owned(), |n| format!("`{}`", operator(n).name))
        );
    }
    let _ = writeln!(o, "\nSources: K20 (Chat operators), K5 (messaging operators), K15 (proactive conditions).\n");

    let row = |key: String, chat: &str, spelling: (SpellingEvidence, &str), maps: [Map; 3], refs: &[&str]| TargetRow {
        key,
        chat: cell(chat),
        spelling: format!("{} {}", spelling.0.tag(), spelling.1),
        targets: [
            cell(&maps[0].doc(Target::Messaging)),
            cell(&maps[1].doc(Target::Proactive)),
            cell(&maps[2].doc(Target::Support)),
        ],
        refs: refs.join(", "),
    };
    target_table(
        &mut o,
        "### Conditions (variables)\n",
        ("Chat variable", "Chat label"),
        VARIABLES
            .iter()
            .map(|v| row(format!("`{}`", v.name), v.chat, v.spelling, [v.messaging, v.proactive, v.support], v.refs)),
    );
    target_table(
        &mut o,
        "\n### Special conditions\n",
        ("Chat condition", "Meaning"),
        SPECIALS.iter().map(|s| row(format!("`{}`", s.name), s.chat, s.spelling, [Map::Rule(s.rule); 3], s.refs)),
    );
    target_table(
        &mut o,
        "\n### Actions\n",
        ("Chat action", "Chat label"),
        ACTIONS.iter().map(|a| {
            let names: Vec<String> = a.names.iter().map(|n| format!("`{n}`")).collect();
            row(names.join(" / "), a.chat, a.spelling, [a.messaging, a.proactive, a.support], a.refs)
        }),
    );

    let _ = writeln!(o, "\n### Special rules\n");
    let _ = writeln!(o, "| Rule | Applies to | What it does |");
    let _ = writeln!(o, "|---|---|---|");
    for r in Rule::ALL {
        let names: Vec<String> = r.applies_to().iter().map(|n| format!("`{n}`")).collect();
        let _ = writeln!(o, "| `rules/{}.rs` | {} | {} |", r.id(), cell(&names.join(", ")), cell(r.summary()));
    }

    let _ = writeln!(o, "\n### Placeholders\n");
    let _ = writeln!(o, "| Chat placeholder | Messaging placeholder | Proactive message | Note |");
    let _ = writeln!(o, "|---|---|---|---|");
    for p in PLACEHOLDERS {
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} |",
            p.chat,
            p.messaging
                .map_or_else(|| "— (lost: the text keeps it verbatim and is flagged)".to_owned(), |m| format!("`{m}`")),
            p.proactive.map_or_else(|| "— (lost)".to_owned(), |v| format!("variable *{v}* (Add a variable)")),
            p.note
        );
    }
    let _ = writeln!(
        o,
        "\nSources: K6 (Chat placeholders), K5 (messaging placeholders), K15 (proactive name variables), mapping.md §5.4."
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_has_one_row_and_negations_are_symmetric() {
        for op in OPERATORS {
            assert_eq!(operator_by_name(op.name).map(|o| o.op), Some(op.op));
            if let Some(n) = op.negation {
                assert_eq!(operator(n).negation, Some(op.op), "{} ↔ {}", op.name, operator(n).name);
            }
        }
        assert_eq!(OPERATORS.len(), 12);
    }

    #[test]
    fn names_are_unique_and_every_row_cites_a_source() {
        let mut names: Vec<&str> = VARIABLES.iter().map(|v| v.name).collect();
        names.extend(ACTIONS.iter().flat_map(|a| a.names.iter().copied()));
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(n, names.len());
        for v in VARIABLES {
            assert!(!v.refs.is_empty() && v.name.starts_with('@'), "{}", v.name);
            for r in v.refs {
                assert!(crate::refs::ALL.iter().any(|(id, _, _)| id == r), "{r}");
            }
        }
        for a in ACTIONS {
            assert!(!a.refs.is_empty());
        }
        for p in PLACEHOLDERS {
            assert!(p.chat.starts_with('@'));
            assert!(p.messaging.is_none_or(|m| m.starts_with('@')));
        }
    }

    /// A row may name a rule only when the rule is written for that row, and every rule is
    /// named by a row: the table and the rules cannot drift apart.
    #[test]
    fn every_rule_is_used_by_the_rows_it_is_written_for() {
        let mut used = Vec::new();
        let mut check = |name: &str, maps: &[Map]| {
            for m in maps {
                if let Map::Rule(r) = m {
                    assert!(r.applies_to().contains(&name), "{name} names {r:?}, written for {:?}", r.applies_to());
                    assert!(Rule::ALL.contains(r), "{r:?} is missing from Rule::ALL (and so from the docs)");
                    used.push(*r);
                }
            }
        };
        for v in VARIABLES {
            check(v.name, &[v.messaging, v.proactive, v.support]);
        }
        for s in SPECIALS {
            check(s.name, &[Map::Rule(s.rule)]);
        }
        for a in ACTIONS {
            for n in a.names {
                check(n, &[a.messaging, a.proactive, a.support]);
            }
        }
        for o in OPERATORS {
            assert!(!matches!(o.messaging, Map::Rule(_)) && !matches!(o.proactive, Map::Rule(_)), "{}", o.name);
        }
        for r in Rule::ALL {
            assert!(used.contains(r), "{r:?} is named by no row");
        }
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }

    #[test]
    fn standard_triggers_match_by_name_ignoring_case() {
        assert_eq!(standard(" first reply ").map(|s| s.name), Some("First Reply"));
        assert!(standard("First Reply 2").is_none());
    }
}
