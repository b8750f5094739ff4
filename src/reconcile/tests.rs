//! Table tests: each row a plan object, live objects, and the verdict.

use serde_json::{Value, json};

use super::*;
use crate::reconcile::hours::Interval;

fn live<T: serde::de::DeserializeOwned>(v: Value) -> Vec<T> {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("live objects: {e}"))
}

fn diffs(v: &Verdict) -> Vec<String> {
    match v {
        Verdict::Differs { differences, .. } => differences.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

fn hours_schedule() -> ExpectedSchedule {
    ExpectedSchedule {
        name: "Chat operating hours".into(),
        time_zones: vec!["Berlin".into(), "Europe/Berlin".into()],
        intervals: vec![Interval { start: 1980, end: 2460 }, Interval { start: 3420, end: 3900 }],
    }
}

#[test]
fn names_are_normalised() {
    for (a, b, same) in [
        ("Chat operating hours", "chat  operating HOURS ", true),
        ("Sales", " sales", true),
        ("Sales", "Sales 2", false),
        ("Ünïcode", "ünïcode", true),
    ] {
        assert_eq!(normalise(a) == normalise(b), same, "{a:?} vs {b:?}");
    }
}

#[test]
fn schedules() {
    let want = hours_schedule();
    let rows: Vec<(&str, Value, Verdict)> = vec![
        ("nothing there", json!([]), Verdict::Missing),
        (
            "as planned (rows split differently, case differs)",
            json!([{"id": 5, "name": "chat operating hours", "time_zone": "Berlin", "intervals": [{"start_time": 1980, "end_time": 2200}, {"start_time": 2200, "end_time": 2460}, {"start_time": 3420, "end_time": 3900}]}]),
            Verdict::Same { id: "5".into(), notes: vec![] },
        ),
        (
            "the IANA name is the same zone",
            json!([{"id": 5, "name": "Chat operating hours", "time_zone": "Europe/Berlin", "intervals": [{"start_time": 1980, "end_time": 2460}, {"start_time": 3420, "end_time": 3900}]}]),
            Verdict::Same { id: "5".into(), notes: vec![] },
        ),
        (
            "two schedules of that name",
            json!([{"id": 5, "name": "Chat operating hours"}, {"id": 6, "name": "Chat Operating Hours"}, {"id": 7, "name": "Other"}]),
            Verdict::Duplicate { ids: vec!["5".into(), "6".into()] },
        ),
    ];
    for (what, l, verdict) in rows {
        assert_eq!(schedule(&want, &live::<LiveSchedule>(l)), verdict, "{what}");
    }
    let drifted = live::<LiveSchedule>(
        json!([{"id": 5, "name": "Chat operating hours", "time_zone": "Pacific Time (US & Canada)", "intervals": [{"start_time": 1980, "end_time": 2400}, {"start_time": 3420, "end_time": 3900}]}]),
    );
    assert_eq!(
        diffs(&schedule(&want, &drifted)),
        [
            "time zone \"Berlin\" expected, \"Pacific Time (US & Canada)\" found",
            "Monday 09:00–17:00 expected, 09:00–16:00 found"
        ]
    );
}

#[test]
fn groups_and_members() {
    let want = ExpectedGroup {
        name: "Sales".into(),
        members: vec![
            ExpectedMember {
                email: Some("ana@acme.example".into()),
                support_user_id: Some("7001".into()),
                chat_agent_id: "1".into(),
            },
            // No Support id in the plan: found by email.
            ExpectedMember { email: Some("Bo@Acme.example".into()), support_user_id: None, chat_agent_id: "2".into() },
        ],
    };
    let users = live::<LiveUser>(
        json!([{"id": 7001, "email": "ana@acme.example"}, {"id": 7002, "email": "bo@acme.example"}, {"id": 7009, "email": "zed@acme.example"}]),
    );
    let groups =
        live::<LiveGroup>(json!([{"id": 9001, "name": "Sales"}, {"id": 9005, "name": "Sales", "deleted": true}]));
    let all = json!([{"user_id": 7001, "group_id": 9001}, {"user_id": 7002, "group_id": 9001}, {"user_id": 7009, "group_id": 9001}, {"user_id": 7002, "group_id": 1}]);
    let one = json!([{"user_id": 7001, "group_id": 9001}, {"user_id": 7002, "group_id": 1}]);
    // A deleted group does not count (no duplicate); the extra member is a note.
    assert_eq!(
        group(&want, &groups, &live(all), &users),
        Verdict::Same { id: "9001".into(), notes: vec!["1 other member not in the plan".into()] }
    );
    assert_eq!(
        diffs(&group(&want, &groups, &live(one), &users)),
        ["member Bo@Acme.example a member expected, not a member found"]
    );
    assert_eq!(group(&want, &live(json!([])), &[], &users), Verdict::Missing);
    let nobody = ExpectedGroup {
        name: "Sales".into(),
        members: vec![ExpectedMember {
            email: Some("dee@acme.example".into()),
            support_user_id: None,
            chat_agent_id: "4".into(),
        }],
    };
    assert_eq!(
        diffs(&group(&nobody, &groups, &[], &users)),
        ["member dee@acme.example a Support agent expected, no Support user with this email found"]
    );
}

#[test]
fn macros() {
    let want = ExpectedMacro::from_body(&json!({"macro": {"title": "refund", "active": true, "actions": [{"field": "comment_value", "value": "Refunds take 5 business days."}, {"field": "current_tags", "value": "refund vip"}], "restriction": {"type": "Group", "ids": [9002]}}})).unwrap();
    let same = json!([{"id": 3, "title": "Refund", "active": true, "actions": [{"field": "current_tags", "value": "vip refund"}, {"field": "comment_value", "value": ["channel:all", "Refunds take 5 business days.\r\n"]}], "restriction": {"type": "Group", "id": 9002, "ids": [9002]}}]);
    assert_eq!(macro_(&want, &live(same)), Verdict::Same { id: "3".into(), notes: vec![] });
    let drifted = json!([{"id": 3, "title": "refund", "active": false, "actions": [{"field": "comment_value", "value": "Refunds take 7 days."}], "restriction": null}]);
    assert_eq!(
        diffs(&macro_(&want, &live(drifted))),
        [
            "active yes expected, no found",
            "comment \"Refunds take 5 business days.\" expected, \"Refunds take 7 days.\" found",
            "tags refund vip expected, none found",
            "available to group 9002 expected, everyone found",
        ]
    );
    let twice = json!([{"id": 3, "title": "refund"}, {"id": 4, "title": "refund"}]);
    assert_eq!(macro_(&want, &live(twice)), Verdict::Duplicate { ids: vec!["3".into(), "4".into()] });
}

#[test]
fn triggers() {
    let inactive = ExpectedTrigger { title: "Route German visitors".into(), active: false, rules: None };
    let rows: Vec<(&str, Value, Verdict)> = vec![
        ("missing", json!([{"id": 1, "title": "Other"}]), Verdict::Missing),
        (
            "inactive as created",
            json!([{"id": 1, "title": "Route German visitors", "active": false}]),
            Verdict::Same { id: "1".into(), notes: vec![] },
        ),
        (
            "activated by the admin: reported, not a difference",
            json!([{"id": 1, "title": "Route German visitors", "active": true}]),
            Verdict::Same { id: "1".into(), notes: vec!["active: the admin has activated it".into()] },
        ),
    ];
    for (what, l, verdict) in rows {
        assert_eq!(trigger(&inactive, &live(l)), verdict, "{what}");
    }
    // With API-shaped rules, conditions compare as sets and values as text.
    let ruled = ExpectedTrigger {
        title: "T".into(),
        active: true,
        rules: Some((
            json!({"all": [{"field": "update_type", "operator": "is", "value": "Create"}, {"field": "via_id", "operator": "is", "value": 29}]}),
            json!([{"field": "group_id", "value": "9002"}]),
        )),
    };
    let same = json!([{"id": 2, "title": "T", "active": true, "conditions": {"all": [{"field": "via_id", "operator": "is", "value": "29"}, {"field": "update_type", "operator": "is", "value": "Create"}], "any": []}, "actions": [{"field": "group_id", "value": 9002}]}]);
    assert_eq!(trigger(&ruled, &live(same)), Verdict::Same { id: "2".into(), notes: vec![] });
    let off = json!([{"id": 2, "title": "T", "active": false, "conditions": {"all": []}, "actions": [{"field": "group_id", "value": 9002}]}]);
    let d = diffs(&trigger(&ruled, &live(off)));
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d[0].starts_with("active yes expected, no found") && d[1].starts_with("conditions "), "{d:?}");
}

#[test]
fn ticket_fields() {
    let want = ExpectedField::from_body(&json!({"ticket_field": {"type": "tagger", "title": "Choose a team", "visible_in_portal": true, "editable_in_portal": true, "custom_field_options": [{"name": "Sales", "value": "department_sales"}, {"name": "Billing", "value": "department_billing"}]}})).unwrap();
    let same = json!([{"id": 8, "title": "Choose a team", "type": "tagger", "visible_in_portal": true, "editable_in_portal": true, "custom_field_options": [{"value": "department_billing"}, {"value": "department_sales"}, {"value": "extra"}]}]);
    assert_eq!(ticket_field(&want, &live(same)), Verdict::Same { id: "8".into(), notes: vec![] });
    let drifted = json!([{"id": 8, "title": "Choose a team", "type": "text", "visible_in_portal": false, "editable_in_portal": true, "custom_field_options": [{"value": "department_sales"}]}]);
    assert_eq!(
        diffs(&ticket_field(&want, &live(drifted))),
        [
            "type tagger expected, text found",
            "visible to end users yes expected, no found",
            "options department_billing, department_sales expected, department_billing missing found"
        ]
    );
}

#[test]
fn nulls_from_the_api_read_as_absent() {
    let f: Vec<LiveTicketField> = live(
        json!([{"id": 1, "title": "Phone", "type": "text", "custom_field_options": null, "visible_in_portal": null}]),
    );
    assert!(f[0].custom_field_options.is_empty() && f[0].visible_in_portal.is_none());
    let m: Vec<LiveMacro> = live(json!([{"id": 1, "title": null, "actions": null}]));
    assert!(m[0].title.is_empty() && m[0].actions.is_empty());
}
