//! The special rules: the parts of the trigger language a table row cannot say as a plain
//! counterpart (`Same`, `Renamed`, `Values`, `Approx`, `Implied`, `None` in `tables.rs`).
//!
//! A table row names its rule as `Map::Rule(Rule::…)` (variables, actions) or `rule: Rule::…`
//! (special conditions). Each rule lives in its own file with the text `docs/triggers.md`
//! prints for it, its code, and tests of that code, like one rule per file in ruff
//! (`crates/ruff_linter/src/rules/*/rules/`) and one diagnostic per handler in rust-analyzer
//! (`crates/ide-diagnostics/src/handlers/`). This file is the registry: the enum and the
//! exhaustive `match`es that dispatch to the files, so a variant (a row's rule) without its
//! docs and its code does not compile.
//!
//! Rules receive a condition already normalised (`Input`) and write into the conversion's
//! [`Conv`]; they import neither the tables nor the stages, so the tables can name them.

mod comment_text;
pub(crate) mod has_tag;
pub(crate) mod negation;
pub(crate) mod nesting;
mod not_yet_in_conversation;
mod run_once;
mod sender_role;
mod set_department;
mod source_type;
mod still_on_page;
mod time_spent;
mod visit_history;

use serde_json::Value;

use super::context::Conv;
use super::lang::{Op, Target};
use crate::plan::payload::trigger::{ActionOut, Condition};

/// Every special rule. The order is the order of the rules section in `docs/triggers.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// `and` / `or` groups: merged, or flagged when all and any mix.
    Nesting,
    /// `not`: folded into the operator or pushed into the group.
    Negation,
    /// `firedBefore`: run once.
    RunOnce,
    /// `hasTag`: ticket tags.
    HasTag,
    /// `stillOnPage` / `stillOnSite`: the proactive delay.
    StillOnPage,
    /// `@visitor_time_on_page` / `@visitor_time_on_site` in a proactive message.
    TimeSpent,
    /// `@visitor_previous_visits` in a proactive message: visit history.
    VisitHistory,
    /// `@visitor_requesting_chat` / `@visitor_served` in a proactive message.
    NotYetInConversation,
    /// `@visitor_source_type`: the trigger already runs on messaging.
    SourceType,
    /// `@sender_type` in a Support trigger: the current user's role.
    SenderRole,
    /// `@message` in a Support trigger: the comment text.
    CommentText,
    /// `setDepartment`: a Support trigger that sets the group.
    SetDepartment,
}

impl Rule {
    /// Every rule, in docs order.
    pub const ALL: &'static [Rule] = &[
        Rule::Nesting,
        Rule::Negation,
        Rule::RunOnce,
        Rule::HasTag,
        Rule::StillOnPage,
        Rule::TimeSpent,
        Rule::VisitHistory,
        Rule::NotYetInConversation,
        Rule::SourceType,
        Rule::SenderRole,
        Rule::CommentText,
        Rule::SetDepartment,
    ];

    /// The file that holds the rule (`src/translate/triggers/rules/<id>.rs`).
    pub fn id(self) -> &'static str {
        match self {
            Rule::Nesting => "nesting",
            Rule::Negation => "negation",
            Rule::RunOnce => "run_once",
            Rule::HasTag => "has_tag",
            Rule::StillOnPage => "still_on_page",
            Rule::TimeSpent => "time_spent",
            Rule::VisitHistory => "visit_history",
            Rule::NotYetInConversation => "not_yet_in_conversation",
            Rule::SourceType => "source_type",
            Rule::SenderRole => "sender_role",
            Rule::CommentText => "comment_text",
            Rule::SetDepartment => "set_department",
        }
    }

    /// The Chat variables, conditions or actions the rule is written for: a row may name
    /// the rule only when its own name is here (tested).
    pub fn applies_to(self) -> &'static [&'static str] {
        match self {
            Rule::Nesting => nesting::APPLIES_TO,
            Rule::Negation => negation::APPLIES_TO,
            Rule::RunOnce => run_once::APPLIES_TO,
            Rule::HasTag => has_tag::APPLIES_TO,
            Rule::StillOnPage => still_on_page::APPLIES_TO,
            Rule::TimeSpent => time_spent::APPLIES_TO,
            Rule::VisitHistory => visit_history::APPLIES_TO,
            Rule::NotYetInConversation => not_yet_in_conversation::APPLIES_TO,
            Rule::SourceType => source_type::APPLIES_TO,
            Rule::SenderRole => sender_role::APPLIES_TO,
            Rule::CommentText => comment_text::APPLIES_TO,
            Rule::SetDepartment => set_department::APPLIES_TO,
        }
    }

    /// What the rule does, in one sentence, for the rules section of the docs.
    pub fn summary(self) -> &'static str {
        match self {
            Rule::Nesting => nesting::SUMMARY,
            Rule::Negation => negation::SUMMARY,
            Rule::RunOnce => run_once::SUMMARY,
            Rule::HasTag => has_tag::SUMMARY,
            Rule::StillOnPage => still_on_page::SUMMARY,
            Rule::TimeSpent => time_spent::SUMMARY,
            Rule::VisitHistory => visit_history::SUMMARY,
            Rule::NotYetInConversation => not_yet_in_conversation::SUMMARY,
            Rule::SourceType => source_type::SUMMARY,
            Rule::SenderRole => sender_role::SUMMARY,
            Rule::CommentText => comment_text::SUMMARY,
            Rule::SetDepartment => set_department::SUMMARY,
        }
    }

    /// The rule's text in the docs table cell of one target.
    pub fn doc(self, t: Target) -> &'static str {
        match self {
            Rule::Nesting => nesting::doc(t),
            Rule::Negation => negation::doc(t),
            Rule::RunOnce => run_once::doc(t),
            Rule::HasTag => has_tag::doc(t),
            Rule::StillOnPage => still_on_page::doc(t),
            Rule::TimeSpent => time_spent::doc(t),
            Rule::VisitHistory => visit_history::doc(t),
            Rule::NotYetInConversation => not_yet_in_conversation::doc(t),
            Rule::SourceType => source_type::doc(t),
            Rule::SenderRole => sender_role::doc(t),
            Rule::CommentText => comment_text::doc(t),
            Rule::SetDepartment => set_department::doc(t),
        }
    }
}

/// A Chat condition handed to a rule, after `not` was folded and groups merged.
#[derive(Debug)]
pub(crate) struct Input<'a> {
    /// Where it is in `chat/triggers.json`.
    pub(crate) path: &'a str,
    /// As written in the Chat JSON.
    pub(crate) chat: String,
    /// Under a `not` that could not be folded into it.
    pub(crate) negated: bool,
    /// Directly in the trigger's top-level ALL (conditions that are really settings lift out
    /// only from there).
    pub(crate) top: bool,
    pub(crate) subject: Subject<'a>,
}

/// The condition itself.
#[derive(Debug)]
pub(crate) enum Subject<'a> {
    Cmp { op: Op, value: &'a Value },
    HasTag(&'a str),
    FiredBefore,
    StillOn { seconds: u64, page: bool },
}

/// The text used when a rule meets a condition it is not written for (a row naming the
/// wrong rule; `tables.rs` tests that none does).
const NOT_WRITTEN_FOR: &str = "no rule for this condition here";

impl Input<'_> {
    /// The operator and value of a comparison, for the rules written for variables.
    fn cmp(&self) -> Option<(Op, &Value)> {
        match self.subject {
            Subject::Cmp { op, value } => Some((op, value)),
            _ => None,
        }
    }
}

/// A rule met a condition it is not written for: recorded as having no counterpart.
fn misplaced(cx: &mut Conv, at: &Input) -> Option<Condition> {
    cx.lacks(at.path, at.chat.clone(), NOT_WRITTEN_FOR, &[]);
    None
}

/// Apply the rule a table row names for a condition. `None`: nothing to add to the target's
/// conditions (the rule lifted it into a setting, found it implied, or recorded why not).
pub(crate) fn condition(rule: Rule, cx: &mut Conv, at: &Input) -> Option<Condition> {
    match rule {
        Rule::RunOnce => run_once::apply(cx, at),
        Rule::HasTag => has_tag::apply(cx, at),
        Rule::StillOnPage => still_on_page::apply(cx, at),
        Rule::TimeSpent => time_spent::apply(cx, at),
        Rule::VisitHistory => visit_history::apply(cx, at),
        Rule::NotYetInConversation => not_yet_in_conversation::apply(cx, at),
        Rule::SourceType => source_type::apply(cx, at),
        Rule::SenderRole => sender_role::apply(cx, at),
        Rule::CommentText => comment_text::apply(cx, at),
        // Applied by the normalise stage, before any single condition is looked at.
        Rule::Nesting | Rule::Negation => None,
        Rule::SetDepartment => misplaced(cx, at),
    }
}

/// A Chat action handed to a rule.
#[derive(Debug)]
pub(crate) struct ActionInput<'a> {
    pub(crate) path: &'a str,
    /// As written in the Chat JSON.
    pub(crate) chat: String,
    /// The Chat dashboard label, without its argument hint.
    pub(crate) label: &'a str,
    pub(crate) args: &'a [Value],
    pub(crate) refs: &'static [&'static str],
}

/// Apply the rule a table row names for an action: the action of the target, if any.
pub(crate) fn action(rule: Rule, cx: &mut Conv, at: &ActionInput) -> Option<ActionOut> {
    match rule {
        Rule::SetDepartment => set_department::apply(cx, at),
        Rule::Nesting
        | Rule::Negation
        | Rule::RunOnce
        | Rule::HasTag
        | Rule::StillOnPage
        | Rule::TimeSpent
        | Rule::VisitHistory
        | Rule::NotYetInConversation
        | Rule::SourceType
        | Rule::SenderRole
        | Rule::CommentText => {
            cx.drops_action(at.path, at.chat.clone(), NOT_WRITTEN_FOR, at.refs);
            None
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! A conversion context and inputs for the rules' own tests.

    use serde_json::Value;

    use super::{Input, Subject};
    use crate::translate::triggers::context::{Acc, Conv, DepartmentGroup, Settings};
    use crate::translate::triggers::lang::Target;

    pub(crate) fn no_department(_: &Value) -> Option<DepartmentGroup> {
        None
    }

    pub(crate) fn conv(target: Target) -> Conv<'static> {
        Conv { target, acc: Acc::default(), st: Settings::default(), dept: &no_department }
    }

    pub(crate) fn input<'a>(subject: Subject<'a>, top: bool, negated: bool) -> Input<'a> {
        Input { path: "[0].definition.condition[1]", chat: "chat".to_owned(), negated, top, subject }
    }
}
