//! `setDepartment`: Chat routes the visitor to a department (public code, K25; Chat applies
//! it only when the trigger runs on page load, K6).
//!
//! Messaging triggers cannot route, so a trigger that sets a department becomes a Support
//! trigger, created inactive (K3; mapping.md §5.4 and §16, where the wizard doing this for
//! this action is inferred). There the action sets the Support group the department is
//! linked to (`settings.support_group_id`, as `departments.rs` maps it; K18). A department
//! id the export does not hold (K21: `chat/departments.json`) leaves the group unknown: a
//! warning, and the item is manual whatever the activation path (issue 10 item 9).

use serde_json::Value;

use super::ActionInput;
use crate::plan::payload::IdRef;
use crate::plan::payload::trigger::{ActionOut, ChangeKind};
use crate::translate::triggers::context::{Conv, DepartmentGroup};
use crate::translate::triggers::lang::Target;

pub(super) const APPLIES_TO: &[&str] = &["setDepartment"];

pub(super) const SUMMARY: &str = "a trigger that sets a department becomes a Support trigger, created inactive, whose action sets the group linked to the department";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Messaging | Target::Proactive => "makes the trigger a Support trigger (mapping §16)",
        Target::Support => {
            "Group (renamed): the Support group linked to the department, or the group to pick when none is linked yet; a department the export does not hold is a warning and a manual item"
        }
    }
}

pub(super) fn apply(cx: &mut Conv, at: &ActionInput) -> Option<ActionOut> {
    if cx.target != Target::Support {
        // Not reached: the trigger becomes a Support trigger as soon as it sets a department.
        cx.drops_action(at.path, at.chat.clone(), doc(cx.target), at.refs);
        return None;
    }
    cx.acc.add(ChangeKind::Renamed, at.path, at.label, Some("Group".to_owned()), "renamed action", at.refs);
    let id = at.args.first().cloned().unwrap_or(Value::Null);
    let found = (cx.dept)(&id);
    if let Some(d) = &found {
        // The group linked to the department, or the one the plan creates for it under the
        // department's name (departments.rs), by name: its id is known when the plan is
        // applied (support-api.md §1, `group_id`).
        let name = d.group.clone().unwrap_or_else(|| d.name.clone());
        cx.api(at.path, "group_id", None, IdRef::Group { name }.to_value());
    }
    let value = match found {
        Some(DepartmentGroup { name, group: Some(g) }) => format!("{g} (from department \"{name}\")"),
        Some(DepartmentGroup { name, group: None }) => {
            format!("the group for department \"{name}\" (none linked yet: map-departments-to-groups)")
        }
        None => {
            // Issue 10 item 9: a warning and a manual item, not a silent "(not found)".
            cx.acc.add(
                ChangeKind::Dropped,
                at.path,
                format!("Chat department {id}"),
                None,
                "the department is not among the exported Chat departments (deleted in Chat, or not exported), so the Support group it maps to is unknown: pick the group in the action before activating the Support trigger (K3, K21); no source says whether Zendesk's migration maps it",
                &["K3", "K21"],
            );
            cx.acc.warn(
                "trigger-department-not-found",
                format!(
                    "the trigger sets Chat department {id}, which is not among the exported Chat departments: its Support group is unknown; pick the group by hand before activating the Support trigger"
                ),
            );
            cx.acc.unresolved = true;
            format!("the group to pick: Chat department {id} is not among the exported departments")
        }
    };
    Some(ActionOut {
        action: "Group".to_owned(),
        display_name: None,
        value: Some(Value::String(value)),
        quick_replies: None,
        from: at.path.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::translate::triggers::rules::test_support::conv;

    #[test]
    fn the_group_linked_to_the_department_is_set() {
        let args = [json!(7)];
        let at = ActionInput {
            path: "[0].definition.actions[0]",
            chat: "[\"setDepartment\", 7]".into(),
            label: "Set visitor department",
            args: &args,
            refs: &["K6"],
        };
        let dept = |v: &Value| {
            (v == &json!(7)).then(|| DepartmentGroup { name: "Sales".into(), group: Some("Sales team".into()) })
        };
        let mut cx = conv(Target::Support);
        cx.dept = &dept;
        let out = apply(&mut cx, &at).expect("an action");
        assert_eq!(out.value, Some(json!("Sales team (from department \"Sales\")")));
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Renamed);
        assert!(cx.acc.warnings.is_empty() && !cx.acc.unresolved);
    }

    /// Issue 10 item 9: an id not among the exported departments is a warning and a manual
    /// item, not a silent "(not found)".
    #[test]
    fn a_department_that_was_not_exported_is_a_warning_and_unresolved() {
        let args = [json!(999)];
        let at = ActionInput {
            path: "[0].definition.actions[0]",
            chat: "[\"setDepartment\", 999]".into(),
            label: "Set visitor department",
            args: &args,
            refs: &["K6"],
        };
        let mut cx = conv(Target::Support);
        let out = apply(&mut cx, &at).expect("the action stays, for the admin to complete");
        assert_eq!(out.action, "Group");
        assert!(cx.acc.unresolved);
        assert_eq!(cx.acc.warnings[0].code, "trigger-department-not-found");
        assert!(cx.acc.changes.iter().any(|c| c.kind == ChangeKind::Dropped && c.chat == "Chat department 999"));
    }
}
