//! What the deciding stages share: the [`Context`] a translator or a readiness check reads
//! (the account, its classification, the plan options) and the [`Findings`] it adds to
//! (items, needs, warnings, undecided facts). [`crate::translate`] and
//! [`crate::readiness`] both write here; [`crate::planner`] turns the findings into a plan.

use crate::account::Account;
use crate::plan::{ActivationPath, Classification, Item, Outcome, PlanOptions, Undecided, Warning};
use crate::refs;
use crate::steps::Need;

/// What the deciding stages found for one account: items, the steps it needs, warnings,
/// and the facts they could not decide.
#[derive(Debug, Default)]
pub struct Findings {
    pub items: Vec<Item>,
    pub needs: Vec<Need>,
    pub warnings: Vec<Warning>,
    pub undecided: Vec<Undecided>,
}

/// What a translator or a readiness check sees, and where it puts its findings.
#[derive(Debug)]
pub struct Context<'a> {
    pub account: &'a Account,
    pub classification: &'a Classification,
    pub options: &'a PlanOptions,
    pub out: Findings,
}

impl<'a> Context<'a> {
    pub fn new(account: &'a Account, classification: &'a Classification, options: &'a PlanOptions) -> Context<'a> {
        Context { account, classification, options, out: Findings::default() }
    }

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

    /// A warning that stops activation until it is resolved: on an assisted plan the planner
    /// adds request-activation-delay for it, as for a blocking before-activation step (D-13).
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
        self.account.widget_brands()
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
