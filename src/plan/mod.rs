//! The plan: what `migrate plan` decides for one account, and the one thing every output
//! (text, markdown, JSON, the batch CSV) renders.
//!
//! The JSON form is a contract (`docs/plan-format.md`): `format_version`, keys in a fixed
//! order, lists in a fixed order, no timestamps of the run and no paths, so two runs on the
//! same export give byte-identical files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::account::FileState;
use crate::account::lenient::Timestamp;
use crate::refs::Ref;

pub mod dir;
pub mod history;
mod names;
pub mod options;
pub mod payload;
pub mod step_id;

pub use options::{ActivationBasis, ActivationPath, PlanOptions};
pub use payload::Payload;
pub use step_id::StepId;

/// Version of the plan format. Bumped on any change a consumer could notice.
pub const FORMAT_VERSION: u32 = 3;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub format_version: u32,
    pub account: AccountInfo,
    pub classification: Classification,
    pub items: Vec<Item>,
    pub steps: Vec<Step>,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub subdomain: String,
    pub exported_at: Timestamp,
    /// A hash of the export the plan was made from: every file of the account directory
    /// the plan read, by name and contents (`crate::account::fingerprint`). `migrate verify`
    /// and `migrate apply` refuse a plan whose export has changed since.
    pub input_fingerprint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_by: Option<String>,
    /// How Zendesk moves this account's settings: the assisted migration (the wizard's list,
    /// K2) or a self-serve activation (only widget settings, K7).
    pub activation: ActivationPath,
    /// Why this path: `--activation`, the admin's answer about the notice (D-2), or an
    /// assumption (issue 18).
    #[serde(default)]
    pub activation_basis: ActivationBasis,
    /// Every file of the layout and whether it was exported.
    pub files: BTreeMap<String, FileState>,
    /// Facts the plan could not decide, and the file that would decide each.
    pub undecided: Vec<Undecided>,
    /// The readiness facts (D-16 … D-37), known or not, each with who gave it (an API, the
    /// admin, a file written by hand) and where it was read.
    pub facts: Vec<crate::account::facts::KnownFact>,
    /// Figures from the chat history (`chat/chats.jsonl`), when exported: activity (D-4),
    /// traffic, the launch window (D-10) and capacity (D-18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<history::HistorySummary>,
    /// The dates of the move, when `--activation-date` was given (D-1, D-4, D-6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
}

/// The move on a calendar: when Zendesk's notice comes, when activation happens, and when
/// the launch window opens. Every date comes from `--activation-date`, never the clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// `YYYY-MM-DD`, as given.
    pub activation_date: String,
    /// Days of notice before activation: 30 for inactive accounts (D-4), 60 for active
    /// ones (D-6); absent when the segment is undetermined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_days: Option<u32>,
    /// When the email and banner are expected (activation date minus the notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_date: Option<String>,
    /// Before-activation steps are due by this day (the day before activation).
    pub before_activation_due: String,
    /// The first day of the launch window (the day after activation).
    pub launch_window_from: String,
    /// The timeline in a sentence or two.
    pub note: String,
    pub refs: Vec<Ref>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undecided {
    /// What is not known (`pre_chat_form`, `activity`, …).
    pub fact: String,
    /// The files that would decide it.
    pub files: Vec<String>,
    /// What the plan did without it.
    pub effect: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Inactive,
    #[serde(rename = "segment_1")]
    Segment1,
    #[serde(rename = "segment_2")]
    Segment2,
    Undetermined,
}

impl Segment {
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Inactive => "inactive",
            Segment::Segment1 => "segment_1",
            Segment::Segment2 => "segment_2",
            Segment::Undetermined => "undetermined",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Segment::Inactive => "inactive",
            Segment::Segment1 => "segment 1",
            Segment::Segment2 => "segment 2",
            Segment::Undetermined => "undetermined",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub segment: Segment,
    /// When undetermined: the segments the known facts still allow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible: Vec<Segment>,
    pub evidence: Evidence,
    /// One sentence per reason, each with its sources.
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The 30 days before `exported_at` (D-4).
    pub window: Window,
    pub activity: Activity,
    pub traffic: Traffic,
    pub brands: Brands,
    pub features: Features,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Window {
    const SECONDS: i64 = 30 * 24 * 3600;

    /// The 30 days that end at `exported_at`: the window in which D-4 and D-5 look for
    /// tickets.
    pub fn thirty_days_before(exported_at: Timestamp) -> Window {
        let start = exported_at.0.checked_sub(jiff::SignedDuration::from_secs(Self::SECONDS)).unwrap_or(exported_at.0);
        Window { start: Timestamp(start), end: exported_at }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Known {
    Yes,
    No,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// Whether the account had at least one ticket in the window.
    pub active: Known,
    /// Chats that created a ticket, started in the window (from the chat history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_tickets: Option<u64>,
    /// All tickets in the window (from `support/account.json`), when that was the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tickets: Option<u64>,
    /// All chats started in the window (from the chat history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chats: Option<u64>,
    /// Where the deciding figure came from (`chat/chats.jsonl`, `support/account.json#…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Traffic {
    /// Tickets a day over the window, rounded to one decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tickets_per_day: Option<f64>,
    pub level: TrafficLevel,
    pub note: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrafficLevel {
    /// No ticket in the window.
    None,
    /// At least one. The sources give no traffic threshold (D-5), so the plan grades
    /// nothing further.
    Some,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brands {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    pub multi_brand: Known,
    pub source: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Features {
    pub operating_hours: Feature,
    pub pre_chat_form: Feature,
    pub offline_form: Feature,
    pub visitor_authentication: Feature,
}

names::named_enum! {
    /// Why an account is in its segment: the machine code of a [`Reason`] (the JSON and
    /// `summary.csv`'s `reasons` column), fixed whatever the reason's sentence says.
    pub enum ReasonCode ("reason code") {
        Active => "active",
        Inactive => "inactive",
        ActivityUnknown => "activity-unknown",
        UsesOperatingHours => "uses-operating-hours",
        UsesPreChatForm => "uses-pre-chat-form",
        UsesOfflineForm => "uses-offline-form",
        UsesVisitorAuthentication => "uses-visitor-authentication",
        UnknownOperatingHours => "unknown-operating-hours",
        UnknownPreChatForm => "unknown-pre-chat-form",
        UnknownOfflineForm => "unknown-offline-form",
        UnknownVisitorAuthentication => "unknown-visitor-authentication",
        MultiBrand => "multi-brand",
        BrandsUnknown => "brands-unknown",
        InactiveBrands => "inactive-brands",
        Segment1 => "segment-1",
        Segment2 => "segment-2",
        Undetermined => "undetermined",
    }
}

impl Features {
    /// The reason codes of each feature when used and when unknown, in the order of
    /// [`Features::all`].
    pub fn codes() -> [(ReasonCode, ReasonCode); 4] {
        [
            (ReasonCode::UsesOperatingHours, ReasonCode::UnknownOperatingHours),
            (ReasonCode::UsesPreChatForm, ReasonCode::UnknownPreChatForm),
            (ReasonCode::UsesOfflineForm, ReasonCode::UnknownOfflineForm),
            (ReasonCode::UsesVisitorAuthentication, ReasonCode::UnknownVisitorAuthentication),
        ]
    }

    pub fn all(&self) -> [(&'static str, &Feature); 4] {
        [
            ("operating hours", &self.operating_hours),
            ("pre-chat form", &self.pre_chat_form),
            ("offline form", &self.offline_form),
            ("visitor authentication", &self.visitor_authentication),
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feature {
    pub state: FeatureState,
    /// The file (and key) the state was read from.
    pub source: String,
    /// Who gave the fact: an API, the admin (`migrate answer`), or a file written by hand;
    /// absent when the state is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<crate::account::facts::Origin>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureState {
    Used,
    NotUsed,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    pub text: String,
    pub refs: Vec<Ref>,
}

/// One Chat object or setting and what becomes of it in messaging.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub section: Section,
    /// The file and object, e.g. `chat/triggers.json#"First Reply"`.
    pub source: String,
    /// What it becomes, and where that lives.
    pub target: String,
    pub outcome: Outcome,
    pub reason: String,
    pub refs: Vec<Ref>,
    /// Details a person or a script applies: an API body, a translated trigger, code. Its
    /// `kind` names the shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Payload>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Zendesk's activation copies it (D-7, K2); the plan says what to expect.
    MigratedByZendesk,
    /// The tool produced the messaging configuration; apply it as given.
    Translated,
    /// A person must decide or do it; the plan says what and where.
    Manual,
    /// Messaging has no equivalent; it is lost.
    NotMigratable,
}

impl Outcome {
    pub const ALL: [Outcome; 4] =
        [Outcome::MigratedByZendesk, Outcome::Translated, Outcome::Manual, Outcome::NotMigratable];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::MigratedByZendesk => "migrated_by_zendesk",
            Outcome::Translated => "translated",
            Outcome::Manual => "manual",
            Outcome::NotMigratable => "not_migratable",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::MigratedByZendesk => "migrated by Zendesk",
            Outcome::Translated => "translated",
            Outcome::Manual => "manual",
            Outcome::NotMigratable => "not migratable",
        }
    }
}

/// The families of settings, in the order a plan lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Account,
    BusinessHours,
    Forms,
    Authentication,
    Departments,
    Agents,
    Routing,
    Skills,
    Roles,
    Shortcuts,
    Bans,
    Goals,
    Triggers,
    Widget,
    Integrations,
}

impl Section {
    pub fn label(self) -> &'static str {
        match self {
            Section::Account => "Account",
            Section::BusinessHours => "Operating hours",
            Section::Forms => "Forms",
            Section::Authentication => "Visitor authentication",
            Section::Departments => "Departments",
            Section::Agents => "Agents",
            Section::Routing => "Routing",
            Section::Skills => "Skills",
            Section::Roles => "Roles",
            Section::Shortcuts => "Shortcuts",
            Section::Bans => "Bans",
            Section::Goals => "Goals",
            Section::Triggers => "Triggers",
            Section::Widget => "Web Widget",
            Section::Integrations => "Integrations",
        }
    }
}

/// A setup step that remains for this account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Stable id (`configure-messaging-response`), once per plan.
    pub id: StepId,
    /// For a step done for each brand's Web Widget: the brands, in order (one step lists
    /// them all rather than repeating per brand).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brands: Vec<String>,
    pub phase: Phase,
    pub title: String,
    pub what: String,
    pub why: String,
    #[serde(rename = "where")]
    pub where_: String,
    pub verify: String,
    pub refs: Vec<Ref>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    pub blocking: bool,
    /// The plan items that need this step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// A date, when the plan was given an activation date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    BeforeActivation,
    /// The admin turns messaging on for the account and waits for Zendesk's confirmation
    /// (D-7, D-9).
    Activation,
    AfterActivation,
    BeforeLaunch,
    Launch,
    AfterLaunch,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::BeforeActivation,
        Phase::Activation,
        Phase::AfterActivation,
        Phase::BeforeLaunch,
        Phase::Launch,
        Phase::AfterLaunch,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Phase::BeforeActivation => "Before activation",
            Phase::Activation => "Activation",
            Phase::AfterActivation => "After activation",
            Phase::BeforeLaunch => "Before launch",
            Phase::Launch => "Launch",
            Phase::AfterLaunch => "After launch",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<Ref>,
    /// Activation should not go ahead until this is resolved (e.g. `legacy-chat`: the
    /// account is still on legacy Chat, D-1, D-20 … D-22); on an assisted plan it adds
    /// `request-activation-delay` (D-13). Written only when true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub blocking: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Plan {
    /// The account's Zendesk subscription, from the `plan` fact of `account.facts` (`None`
    /// when it was not known when the plan was made).
    pub fn subscription(&self) -> Option<crate::account::support::SubscriptionTier> {
        let fact = self.account.facts.iter().find(|f| f.fact == "plan")?;
        serde_json::from_value(fact.value.clone()).ok()
    }

    /// Every Support API call of the plan with its item, in plan order: the order they are
    /// made in (a call comes after the one it depends on; `plan::dir` checks it).
    pub fn calls(&self) -> impl Iterator<Item = (&Item, &payload::ApiCall)> {
        self.items.iter().flat_map(|i| i.payload.iter().flat_map(|p| p.calls()).map(move |c| (i, c)))
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.items.iter().filter(|i| i.outcome == outcome).count()
    }

    pub fn blocking_steps(&self) -> usize {
        self.steps.iter().filter(|s| s.blocking).count()
    }

    /// `acme: segment 2 · 14 settings · 9 steps, 2 blocking`: the summary for a person.
    /// What the plan's activation path rests on, for its first lines (issue 18 item 2): an
    /// assumption says which path and what changes if the other one holds; an answer says
    /// whose. `None` when `--activation` chose it, or for an inactive account (D-4).
    pub fn activation_note(&self) -> Option<String> {
        if self.classification.segment == Segment::Inactive {
            return None;
        }
        const OTHER_SELF_SERVE: &str =
            "If not, Zendesk copies nothing: run `migrate answer --enrolled no` and plan again.";
        Some(match self.account.activation_basis {
            ActivationBasis::Flag => return None,
            ActivationBasis::Enrolled => {
                "Assisted: the admin answered that the account got Zendesk's migration email and in-product banner, so Zendesk activates it and its wizard copies triggers, hours and forms.".to_owned()
            }
            ActivationBasis::NotEnrolled => {
                "Self-serve: the admin answered that the account got no migration email or banner from Zendesk, so it is not in the programme and nothing is copied; you turn messaging on and recreate the settings.".to_owned()
            }
            ActivationBasis::Assumed => format!(
                "Assumed assisted: nobody has said whether the account got Zendesk's migration email and banner (programme accounts only; activations from 2025-09-22). {OTHER_SELF_SERVE}"
            ),
            ActivationBasis::AgentWorkspaceOff => "Assumed: self-serve. The agent workspace is off, and Zendesk's programme takes only accounts on it, so nothing is copied for you. If the account did get Zendesk's migration email and banner, run `migrate answer --enrolled yes`: Zendesk then activates it and copies triggers, hours and forms.".to_owned(),
        })
    }

    pub fn summary_sentence(&self) -> String {
        let steps = self.steps.len() as u64;
        let blocking = match self.blocking_steps() {
            0 => "none blocking".to_owned(),
            n => format!("{n} blocking"),
        };
        format!(
            "{}: {} · {} · {}, {blocking}",
            self.account.subdomain,
            self.classification.segment.label(),
            crate::text::plural(self.items.len() as u64, "setting"),
            crate::text::plural(steps, "step"),
        )
    }

    /// `acme: segment_2 · 14 settings translated · 9 steps (2 blocking)`
    pub fn summary_line(&self) -> String {
        format!(
            "{}: {} · {} settings translated · {} steps ({} blocking)",
            self.account.subdomain,
            self.classification.segment.as_str(),
            self.items.len(),
            self.steps.len(),
            self.blocking_steps()
        )
    }
}
