//! The choices that change what a plan says (not how it is printed): how Zendesk moves the
//! account, the activation date, the history's time zone and limits. Part of the plan's
//! leaf so that every stage that decides something reads the same settings.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ActivationPath {
    /// Zendesk activates messaging and its migration copies the Chat settings it can (K2, D-7).
    #[default]
    Assisted,
    /// The admin turns messaging on; only widget settings carry over (K7).
    SelfServe,
}

/// Why a plan follows its activation path: `--activation`, the admin's answer about the
/// programme's notice (D-2), or an assumption the plan states in its first lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivationBasis {
    /// `--activation` was given.
    Flag,
    /// The admin said the account got Zendesk's migration email and banner (D-2).
    Enrolled,
    /// The admin said it got no such notice: not in the programme, so self-serve (K2).
    NotEnrolled,
    /// Nobody said; the agent workspace is off, and the programme takes only accounts on
    /// it (D-1): assumed self-serve.
    AgentWorkspaceOff,
    /// Nobody said: assumed assisted.
    #[default]
    Assumed,
}

impl ActivationBasis {
    /// The path was assumed, not known: the plan says what changes if the other holds.
    pub fn is_assumption(self) -> bool {
        matches!(self, ActivationBasis::AgentWorkspaceOff | ActivationBasis::Assumed)
    }
}

/// Settings that change what a plan says (not how it is printed). Serialised, they key
/// `batch --resume`'s cache: any change of an option plans the account again.
#[derive(Clone, Debug, Serialize)]
pub struct PlanOptions {
    /// `--activation`, when given: it overrides what the account says about its enrolment
    /// (issue 18: enrolment is a fact, D-2, K2).
    pub activation: Option<ActivationPath>,
    /// Give up on `chat/chats.jsonl` when more than this fraction of lines is bad.
    pub max_bad_history_fraction: f64,
    /// The day Zendesk activates messaging (`--activation-date`): steps get dates (D-1,
    /// D-4, D-6). Never taken from the clock.
    pub activation_date: Option<jiff::civil::Date>,
    /// Time zone of the history's days and hours when `chat/operating_hours.json` gives
    /// none (`--timezone`).
    pub timezone: Option<String>,
    /// Length of the off-peak launch window, whole hours (`--launch-window`, D-10).
    pub launch_window_hours: u8,
    /// Concurrent conversations to check against (`--concurrent-limit`); the current K1's 8,000 when
    /// not given.
    pub concurrent_limit: Option<u64>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            activation: None,
            max_bad_history_fraction: 0.01,
            activation_date: None,
            timezone: None,
            launch_window_hours: 2,
            concurrent_limit: None,
        }
    }
}
