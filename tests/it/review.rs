//! The guide read against Zendesk's current pages (issue 18, `guide-review.md`): one test
//! per finding, each on an account that shows it, most through the plan's own types (step
//! ids, item outcomes), a few on the sentence the admin reads.

use std::path::Path;

use migrate::account::facts::Origin;
use migrate::plan::{ActivationBasis, ActivationPath, Phase, Plan, PlanOptions, Step};

use crate::common::{copy_dir, fixture, migrate};

fn plan_with(dir: &Path, activation: Option<ActivationPath>) -> Plan {
    migrate::pipeline::plan_account(dir, &PlanOptions { activation, ..PlanOptions::default() }).unwrap()
}

fn plan(name: &str) -> Plan {
    plan_with(&fixture(name), None)
}

fn step<'a>(p: &'a Plan, id: &str) -> Option<&'a Step> {
    p.steps.iter().find(|s| s.id == id)
}

fn ids(p: &Plan) -> Vec<&str> {
    p.steps.iter().map(|s| s.id.as_str()).collect()
}

fn md(p: &Plan) -> String {
    migrate::render::markdown::render(p)
}

/// Issue 18 item 2: enrolment is a fact the admin answers, recorded with its origin; the
/// plan follows it unless `--activation` is given, and says in its first lines what it
/// assumed when nobody answered.
#[test]
fn enrolment_is_answered_recorded_and_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("bloom");
    copy_dir(&fixture("segment-1"), &a);
    let before = plan_with(&a, None);
    assert_eq!(before.account.activation, ActivationPath::Assisted);
    assert_eq!(before.account.activation_basis, ActivationBasis::Assumed);
    let head: String = md(&before).lines().take(8).collect::<Vec<_>>().join("\n");
    assert!(head.contains("Assumed assisted") && head.contains("--enrolled no"), "{head}");

    migrate().arg("answer").arg(&a).args(["--enrolled", "no", "--no-input"]).assert().success();
    let after = plan_with(&a, None);
    assert_eq!(after.account.activation, ActivationPath::SelfServe);
    assert_eq!(after.account.activation_basis, ActivationBasis::NotEnrolled);
    let fact = after.account.facts.iter().find(|f| f.fact == "enrolled").unwrap();
    assert_eq!((fact.value.as_bool(), fact.origin), (Some(false), Some(Origin::Admin)));
    assert!(ids(&after).contains(&"recreate-chat-triggers"), "{:?}", ids(&after));
    // --activation still overrides the answer.
    let forced = plan_with(&a, Some(ActivationPath::Assisted));
    assert_eq!(
        (forced.account.activation, forced.account.activation_basis),
        (ActivationPath::Assisted, ActivationBasis::Flag)
    );
    assert!(!md(&forced).contains("Assumed"));
    // A bad answer is refused, nothing written.
    migrate().arg("answer").arg(&a).args(["--enrolled", "maybe", "--no-input"]).assert().code(2);
}
