//! The verify report: one check per plan item and step, in the plan's order, and a summary.
//! Its JSON (`--format json`) is a contract like the plan's: `format_version`, fixed key
//! order, no timestamps or paths, so two runs against the same live state are
//! byte-identical. Tests read it back through these same types.

use serde::{Deserialize, Serialize};

/// Version of the verify report format.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub format_version: u32,
    pub checks: Vec<Check>,
    pub summary: Summary,
}

/// What a check is about: a plan item (its id is the item's source) or a step (its id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Item,
    Step,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The live state matches the plan.
    Pass,
    /// Readable and different (or missing, or duplicated).
    Fail,
    /// Not decidable by this tool; [`Unknown`] says why.
    Unknown,
}

/// Why a check is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unknown {
    /// Zendesk has no public API that reads it (messaging triggers, responses, widget
    /// settings, proactive messages, signing keys: support-api.md §7).
    NoApi,
    /// A person must look: a test conversation, the site's code, a decision.
    NeedsPerson,
    /// The API refused to read it with these credentials or on this plan (403, 404).
    NotReadable,
    /// Nothing to check: the item is not migrated, or the step is not about the live account.
    NotApplicable,
}

impl Unknown {
    pub const ALL: [Unknown; 4] = [Unknown::NoApi, Unknown::NeedsPerson, Unknown::NotReadable, Unknown::NotApplicable];

    /// As the summary line counts it: `7 no API`, `2 need a person`.
    pub fn counted(self, n: usize) -> String {
        match self {
            Unknown::NoApi => format!("{n} no API"),
            Unknown::NeedsPerson if n == 1 => "1 needs a person".to_owned(),
            Unknown::NeedsPerson => format!("{n} need a person"),
            Unknown::NotReadable => format!("{n} not readable"),
            Unknown::NotApplicable => format!("{n} not applicable"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Unknown::NoApi => "no API",
            Unknown::NeedsPerson => "needs a person",
            Unknown::NotReadable => "not readable",
            Unknown::NotApplicable => "not applicable",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// The item's source (`chat/shortcuts.json#"hi"`) or the step's id.
    pub id: String,
    pub kind: CheckKind,
    pub status: Status,
    /// Present exactly when `status` is `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<Unknown>,
    /// What was checked, in the plan's words (the item's target, the step's title).
    pub title: String,
    /// One or two sentences: what was found, what differs, or why it cannot be checked.
    pub reason: String,
    /// What was read to decide.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// One read and what it showed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The request: `GET /api/v2/business_hours/schedules`.
    pub read: String,
    /// The live objects that stand for the item (their ids), none when it is missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<Difference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub what: String,
    pub expected: String,
    pub found: String,
}

impl From<&crate::reconcile::Difference> for Difference {
    fn from(d: &crate::reconcile::Difference) -> Self {
        Difference { what: d.what.clone(), expected: d.expected.clone(), found: d.found.clone() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The account's subdomain (the plan's).
    pub account: String,
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub no_api: usize,
    pub needs_person: usize,
    pub not_readable: usize,
    pub not_applicable: usize,
}

impl Summary {
    pub fn of(account: &str, checks: &[Check]) -> Summary {
        let count = |s: Status| checks.iter().filter(|c| c.status == s).count();
        let unknown = |k: Unknown| checks.iter().filter(|c| c.unknown == Some(k)).count();
        Summary {
            account: account.to_owned(),
            pass: count(Status::Pass),
            fail: count(Status::Fail),
            unknown: count(Status::Unknown),
            no_api: unknown(Unknown::NoApi),
            needs_person: unknown(Unknown::NeedsPerson),
            not_readable: unknown(Unknown::NotReadable),
            not_applicable: unknown(Unknown::NotApplicable),
        }
    }

    pub fn of_kind(&self, k: Unknown) -> usize {
        match k {
            Unknown::NoApi => self.no_api,
            Unknown::NeedsPerson => self.needs_person,
            Unknown::NotReadable => self.not_readable,
            Unknown::NotApplicable => self.not_applicable,
        }
    }

    /// `acme: 14 pass · 1 fail · 9 unknown (7 no API, 2 need a person)`
    pub fn line(&self) -> String {
        let kinds: Vec<String> =
            Unknown::ALL.iter().filter(|k| self.of_kind(**k) > 0).map(|k| k.counted(self.of_kind(*k))).collect();
        let detail = if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) };
        format!("{}: {} pass · {} fail · {} unknown{detail}", self.account, self.pass, self.fail, self.unknown)
    }

    /// Whether the run fails: a `fail`, or with `strict` an unknown that could have been
    /// known (not-applicable checks never fail a run: nothing could be checked).
    pub fn failed(&self, strict: bool) -> bool {
        self.fail > 0 || (strict && self.unknown > self.not_applicable)
    }
}

impl Report {
    pub fn new(account: &str, checks: Vec<Check>) -> Report {
        let summary = Summary::of(account, &checks);
        Report { format_version: FORMAT_VERSION, checks, summary }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_counts_each_unknown_kind() {
        let s = Summary {
            account: "acme".into(),
            pass: 14,
            fail: 1,
            unknown: 9,
            no_api: 7,
            needs_person: 2,
            not_readable: 0,
            not_applicable: 0,
        };
        assert_eq!(s.line(), "acme: 14 pass · 1 fail · 9 unknown (7 no API, 2 need a person)");
        assert!(s.failed(false));
        let none = Summary { fail: 0, unknown: 0, no_api: 0, needs_person: 0, ..s };
        assert_eq!(none.line(), "acme: 14 pass · 0 fail · 0 unknown");
        assert!(!none.failed(true));
        let na = Summary { unknown: 2, not_applicable: 2, ..none.clone() };
        assert!(!na.failed(true), "not applicable never fails a run");
        let nr = Summary { unknown: 1, not_readable: 1, ..none };
        assert!(nr.failed(true) && !nr.failed(false));
    }
}
