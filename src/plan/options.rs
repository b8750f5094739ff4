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

/// Settings that change what a plan says (not how it is printed). Serialised, they key
/// `batch --resume`'s cache: any change of an option plans the account again.
#[derive(Clone, Debug, Serialize)]
pub struct PlanOptions {
    pub activation: ActivationPath,
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
    /// Concurrent conversations to check against (`--concurrent-limit`); D-18's 4,000 when
    /// not given.
    pub concurrent_limit: Option<u64>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            activation: ActivationPath::Assisted,
            max_bad_history_fraction: 0.01,
            activation_date: None,
            timezone: None,
            launch_window_hours: 2,
            concurrent_limit: None,
        }
    }
}
