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
pub mod readiness;
pub mod routing;
pub mod shortcuts;
pub mod timezones;
pub mod triggers;
pub mod widget;

use crate::account::Account;
use crate::plan::{ActivationPath, Classification, Item, Outcome, Section, Undecided, Warning};
use crate::plan::PlanOptions;
use crate::refs::{self, Ref};
use crate::steps::Need;

/// What the translators produce for one account.
#[derive(Debug, Default)]
pub struct Output {
    pub items: Vec<Item>,
    pub needs: Vec<Need>,
    pub warnings: Vec<Warning>,
    pub undecided: Vec<Undecided>,
}

/// What a translator sees, and where it puts its results.
#[derive(Debug)]
pub struct Context<'a> {
    pub account: &'a Account,
    pub classification: &'a Classification,
    pub options: &'a PlanOptions,
    pub out: Output,
}

impl Context<'_> {
    pub fn assisted(&self) -> bool {
        self.options.activation == ActivationPath::Assisted
    }

    /// `migrated_by_zendesk` when the assisted migration copies this setting, otherwise
    /// `fallback`.
    pub fn wizard_or(&self, fallback: Outcome) -> Outcome {
        if self.assisted() { Outcome::MigratedByZendesk } else { fallback }
    }

    pub fn item(&mut self, item: Item) {
        self.out.items.push(item);
    }

    pub fn need(&mut self, need: Need) {
        self.out.needs.push(need);
    }

    pub fn warn(&mut self, code: &str, message: impl Into<String>, source: Option<&str>, refs: &[&str]) {
        self.out.warnings.push(Warning {
            code: code.to_owned(),
            message: message.into(),
            source: source.map(str::to_owned),
            refs: refs::list(refs),
            blocking: false,
        });
    }

    /// A warning that stops activation until it is resolved (request-activation-delay is
    /// added for it, D-13).
    pub fn warn_blocking(&mut self, code: &str, message: impl Into<String>, source: Option<&str>, refs: &[&str]) {
        self.warn(code, message, source, refs);
        if let Some(w) = self.out.warnings.last_mut() {
            w.blocking = true;
        }
    }

    pub fn undecided(&mut self, fact: &str, files: &[&str], effect: impl Into<String>) {
        self.out.undecided.push(Undecided {
            fact: fact.to_owned(),
            files: files.iter().map(|f| (*f).to_owned()).collect(),
            effect: effect.into(),
        });
    }

    /// The brands whose Web Widget needs per-brand steps: active brands by name, or one
    /// unnamed entry when the brands were not exported.
    pub fn brand_names(&self) -> Vec<Option<String>> {
        match &self.account.support.brands {
            Some(list) => {
                let v: Vec<Option<String>> = list.iter().filter(|b| b.is_active()).map(|b| Some(b.label())).collect();
                if v.is_empty() { vec![None] } else { v }
            }
            None => vec![None],
        }
    }

    /// The name of a Chat department by id, for readable sources.
    pub fn department_name(&self, id: &crate::account::lenient::Id) -> Option<String> {
        self.account
            .chat
            .departments
            .as_ref()?
            .iter()
            .find(|d| d.id.as_ref() == Some(id))
            .map(crate::account::chat::Department::label)
    }
}

/// The active brands by name, or one unnamed entry when brands were not exported (a
/// per-brand step is then written once, "for each brand").
pub fn brand_names(account: &Account) -> Vec<Option<String>> {
    match &account.support.brands {
        Some(list) => {
            let v: Vec<Option<String>> = list.iter().filter(|b| b.is_active()).map(|b| Some(b.label())).collect();
            if v.is_empty() { vec![None] } else { v }
        }
        None => vec![None],
    }
}

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

pub fn with_refs(mut item: Item, extra: &[&str]) -> Item {
    let mut more: Vec<Ref> = refs::list(extra);
    item.refs.append(&mut more);
    item
}

/// Translate every setting of the export.
pub fn translate(account: &Account, classification: &Classification, options: &PlanOptions) -> Output {
    let mut ctx = Context { account, classification, options, out: Output::default() };
    hours::translate(&mut ctx);
    forms::translate(&mut ctx);
    auth::translate(&mut ctx);
    departments::translate(&mut ctx);
    routing::translate(&mut ctx);
    shortcuts::translate(&mut ctx);
    bans::translate(&mut ctx);
    triggers::translate(&mut ctx);
    widget::translate(&mut ctx);
    readiness::check(&mut ctx);
    // Items are listed by family in the plan's section order; within a family, in the
    // order of the export (stable sort keeps it).
    ctx.out.items.sort_by_key(|i| i.section);
    ctx.out
}
