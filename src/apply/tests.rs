//! The runner against an in-memory account with faults at chosen writes: a kill (the
//! process dies, the write committed or not), a lost response (committed, no answer), a 5xx
//! (not committed), a 429 the client waited out. Whatever the faults, runs until one
//! completes leave exactly one object per call, no foreign object touched, a second run
//! that writes nothing, and an undo that restores the account as it was.
//!
//! The HTTP-level tests (the Support stand-in, the client's retries) are in tests/it.

use crate::plan::payload::Method;
use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::changeset::{Call, Kind, Live, LiveObject, Options, plan_changes};
use super::journal::Journal;
use super::live::Account;
use super::run::{Remote, RemoteError, RunError, apply, undo};
use crate::plan::Outcome;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// The process dies after the request; `commit` says whether Zendesk carried it out.
    Kill { commit: bool },
    /// Committed, the answer lost.
    Lost,
    /// A 5xx: not committed (or so it looks: the client cannot tell).
    ServerError,
    /// A 429 the client waited out and sent again: committed once, answered.
    RateLimited,
}

#[derive(Clone, Debug, Default)]
struct Mem {
    objects: Vec<(Kind, Value)>,
    next_id: u64,
    tick: u64,
    writes: usize,
    faults: BTreeMap<usize, Fault>,
    dead: bool,
}

impl Mem {
    fn stamp(&mut self) -> String {
        self.tick += 1;
        format!("2026-12-07T10:{:02}:{:02}Z", self.tick / 60 % 60, self.tick % 60)
    }

    fn kind_of(path: &str) -> Option<Kind> {
        Kind::OBJECTS.into_iter().find(|k| path == k.collection())
    }

    fn commit(&mut self, method: Method, path: &str, body: Option<&Value>) -> Result<Value, RemoteError> {
        if method == Method::Post {
            let kind = Mem::kind_of(path).ok_or_else(|| RemoteError::Refused(format!("404 {path}")))?;
            let mut obj = body.and_then(|b| b.get(kind.root())).cloned().unwrap_or(json!({}));
            let name = obj.get("name").cloned();
            if kind == Kind::Group
                && self.objects.iter().any(|(k, o)| *k == Kind::Group && o.get("name") == name.as_ref())
            {
                return Err(RemoteError::Refused("422 RecordInvalid: name has already been taken".into()));
            }
            self.next_id += 1;
            let id = 1000 + self.next_id;
            let t = self.stamp();
            let m = obj.as_object_mut().ok_or_else(|| RemoteError::Refused("400".into()))?;
            m.insert("id".into(), if kind == Kind::TriggerCategory { json!(id.to_string()) } else { json!(id) });
            m.insert("created_at".into(), json!(t));
            m.insert("updated_at".into(), json!(t));
            self.objects.push((kind, obj.clone()));
            return Ok(json!({ kind.root(): obj }));
        }
        let (base, last) = path.rsplit_once('/').unwrap_or_default();
        if method == Method::Put && last == "workweek" {
            let (_, id) = base.rsplit_once('/').unwrap_or_default();
            let t = self.stamp();
            let s = self
                .objects
                .iter_mut()
                .find(|(k, o)| *k == Kind::Schedule && LiveObject::from_json(Kind::Schedule, o).id == id)
                .ok_or_else(|| RemoteError::Refused("404".into()))?;
            s.1["intervals"] = body.map(|b| b["workweek"]["intervals"].clone()).unwrap_or_default();
            s.1["updated_at"] = json!(t);
            return Ok(body.cloned().unwrap_or_default());
        }
        if method == Method::Delete {
            let kind = Mem::kind_of(base).ok_or_else(|| RemoteError::Refused(format!("404 {path}")))?;
            let before = self.objects.len();
            self.objects.retain(|(k, o)| !(*k == kind && super::changeset::LiveObject::from_json(kind, o).id == last));
            return if self.objects.len() < before { Ok(Value::Null) } else { Err(RemoteError::Refused("404".into())) };
        }
        Err(RemoteError::Refused(format!("405 {method} {path}")))
    }
}

impl Remote for Mem {
    async fn send(&mut self, method: Method, path: &str, body: Option<&Value>) -> Result<Value, RemoteError> {
        if self.dead {
            return Err(RemoteError::Ambiguous("killed".into()));
        }
        let n = self.writes;
        self.writes += 1;
        match self.faults.get(&n).copied() {
            None | Some(Fault::RateLimited) => self.commit(method, path, body),
            Some(Fault::Kill { commit }) => {
                if commit {
                    let _ = self.commit(method, path, body);
                }
                self.dead = true;
                Err(RemoteError::Ambiguous("killed".into()))
            }
            Some(Fault::Lost) => {
                let _ = self.commit(method, path, body);
                Err(RemoteError::Ambiguous("the connection was lost before the answer".into()))
            }
            Some(Fault::ServerError) => Err(RemoteError::Ambiguous("500 Internal Server Error".into())),
        }
    }

    async fn list(&mut self, kind: Kind) -> Result<Vec<LiveObject>, RemoteError> {
        if self.dead {
            return Err(RemoteError::Ambiguous("killed".into()));
        }
        Ok(self.objects.iter().filter(|(k, _)| *k == kind).map(|(k, o)| LiveObject::from_json(*k, o)).collect())
    }
}

fn call(key: &str, kind: Kind, name: &str, path: &str, body: Value, deps: &[&str]) -> Call {
    Call {
        key: key.into(),
        kind,
        source: format!("chat/test.json#\"{name}\""),
        outcome: Outcome::Translated,
        method: if kind.is_update() { Method::Put } else { Method::Post },
        path: path.into(),
        body,
        depends_on: deps.iter().map(|d| (*d).to_owned()).collect(),
        name: name.into(),
        pair: None,
        left: None,
        verdict: None,
    }
}

/// A plan with one of everything apply makes.
fn calls() -> Vec<Call> {
    let mut member = call(
        "member:72:sales",
        Kind::Membership,
        "agent@example.com → Sales",
        Kind::Membership.collection(),
        json!({"user_id": 72, "group_id": {"$ref": "depends_on"}}),
        &["group:sales"],
    );
    member.pair = Some(("72".into(), "group:sales".into()));
    vec![
        call(
            "schedule:0",
            Kind::Schedule,
            "Chat operating hours",
            Kind::Schedule.collection(),
            json!({"name": "Chat operating hours", "time_zone": "Berlin"}),
            &[],
        ),
        call(
            "schedule:0/workweek",
            Kind::Workweek,
            "Chat operating hours",
            "/api/v2/business_hours/schedules/{id}/workweek",
            json!({"intervals": [{"start_time": 1980, "end_time": 2460}]}),
            &["schedule:0"],
        ),
        call("group:sales", Kind::Group, "Sales", Kind::Group.collection(), json!({"name": "Sales"}), &[]),
        call("group:billing", Kind::Group, "Billing", Kind::Group.collection(), json!({"name": "Billing"}), &[]),
        member,
        call(
            "macro:hi",
            Kind::Macro,
            "hi",
            Kind::Macro.collection(),
            json!({"title": "hi", "actions": [{"field": "comment_value", "value": "Hello"}], "restriction": {"type": "Group", "ids": [{"$ref": "group", "name": "Sales"}]}}),
            &[],
        ),
        call(
            "field:order",
            Kind::TicketField,
            "Order number",
            Kind::TicketField.collection(),
            json!({"type": "text", "title": "Order number", "visible_in_portal": true, "editable_in_portal": true}),
            &[],
        ),
        call(
            "trigger-category",
            Kind::TriggerCategory,
            "Moved from Chat",
            Kind::TriggerCategory.collection(),
            json!({"name": "Moved from Chat"}),
            &[],
        ),
        call(
            "trigger:vip",
            Kind::Trigger,
            "VIP",
            Kind::Trigger.collection(),
            json!({"title": "VIP", "active": false, "category_id": {"ref": "trigger-category"}, "conditions": {"all": [{"field": "update_type", "operator": "is", "value": "Create"}]}, "actions": [{"field": "group_id", "value": {"$ref": "group", "name": "Sales"}}]}),
            &["trigger-category"],
        ),
    ]
}

/// What the account held before: objects apply must never touch.
fn foreign() -> Mem {
    let mut m = Mem::default();
    for (kind, obj) in [
        (Kind::Group, json!({"id": 1, "name": "Support", "updated_at": "2020-01-01T00:00:00Z"})),
        (Kind::Macro, json!({"id": 2, "title": "Close", "updated_at": "2020-01-01T00:00:00Z"})),
        (Kind::Schedule, json!({"id": 3, "name": "Office", "time_zone": "UTC", "updated_at": "2020-01-01T00:00:00Z"})),
    ] {
        m.objects.push((kind, obj));
    }
    m
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(f)
}

async fn live(remote: &mut Mem) -> Result<Live, RemoteError> {
    let mut objects = Vec::new();
    for k in Kind::OBJECTS {
        objects.extend(remote.list(k).await?);
    }
    Ok(Live { objects, ..Live::default() })
}

/// One run, as the command does it: lock, read, decide, write.
async fn one_run(dir: &std::path::Path, remote: &mut Mem) -> Result<super::run::RunReport, String> {
    let mut journal = Journal::open(dir, "acme", "fp123456").map_err(|e| e.to_string())?;
    let live = live(remote).await.map_err(|e| e.to_string())?;
    let calls = calls();
    let set = plan_changes("acme", "fp123456", &calls, &live, Some(journal.state()), Options::default());
    let account = Account { objects: live.objects.clone(), ..Account::default() };
    apply(remote, &mut journal, "fp123456", &set, &calls, &account, &|| false).await.map_err(|e| e.to_string())
}

async fn one_undo(dir: &std::path::Path, remote: &mut Mem) -> Result<super::run::UndoReport, String> {
    let mut journal = Journal::open(dir, "acme", "fp123456").map_err(|e| e.to_string())?;
    let live = live(remote).await.map_err(|e| e.to_string())?;
    let steps = super::undo::plan_undo(journal.state(), |_, id| live.objects.iter().find(|o| o.id == id));
    undo(remote, &mut journal, &steps, &|| false).await.map_err(|e| e.to_string())
}

/// Run until a run completes (a killed process is restarted: the remote comes back).
fn run_to_completion(dir: &std::path::Path, remote: &mut Mem) -> Vec<String> {
    let mut errors = Vec::new();
    for _ in 0..30 {
        remote.dead = false;
        match block_on(one_run(dir, remote)) {
            Ok(_) => return errors,
            Err(e) => errors.push(e),
        }
    }
    panic!("no run completed: {errors:#?}");
}

fn names(m: &Mem, kind: Kind) -> Vec<String> {
    let mut v: Vec<String> =
        m.objects.iter().filter(|(k, _)| *k == kind).map(|(_, o)| LiveObject::from_json(kind, o).name).collect();
    v.sort();
    v
}

fn check_exactly_the_plan(m: &Mem) {
    assert_eq!(names(m, Kind::Schedule), ["Chat operating hours", "Office"]);
    assert_eq!(names(m, Kind::Group), ["Billing", "Sales", "Support"]);
    assert_eq!(names(m, Kind::Macro), ["Close", "hi"]);
    assert_eq!(names(m, Kind::TicketField), ["Order number"]);
    assert_eq!(names(m, Kind::TriggerCategory), ["Moved from Chat"]);
    assert_eq!(names(m, Kind::Trigger), ["VIP"]);
    assert_eq!(m.objects.iter().filter(|(k, _)| *k == Kind::Membership).count(), 1);
    let sales = m.objects.iter().find(|(k, o)| *k == Kind::Group && o["name"] == "Sales").unwrap().1["id"].clone();
    let member = &m.objects.iter().find(|(k, _)| *k == Kind::Membership).unwrap().1;
    assert_eq!(member["group_id"], sales);
    let trigger = &m.objects.iter().find(|(k, _)| *k == Kind::Trigger).unwrap().1;
    assert_eq!(trigger["active"], false, "Support triggers are created inactive");
    assert!(trigger["category_id"].is_string());
    let schedule =
        &m.objects.iter().find(|(k, o)| *k == Kind::Schedule && o["name"] == "Chat operating hours").unwrap().1;
    assert_eq!(schedule["intervals"], json!([{"start_time": 1980, "end_time": 2460}]));
}

#[test]
fn a_clean_run_creates_the_plan_and_a_second_run_writes_nothing_and_undo_restores() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = foreign();
    let before = m.objects.clone();
    let report = block_on(one_run(dir.path(), &mut m)).unwrap();
    assert_eq!(report.created.len(), 8, "{report:?}");
    assert_eq!(report.updated, ["schedule:0/workweek"]);
    check_exactly_the_plan(&m);
    // Every marker kind carries its marker.
    let group = &m.objects.iter().find(|(k, o)| *k == Kind::Group && o["name"] == "Sales").unwrap().1;
    assert_eq!(group["description"], "[migrate:fp123456:group:sales]");
    let field = &m.objects.iter().find(|(k, _)| *k == Kind::TicketField).unwrap().1;
    assert!(field["agent_description"].as_str().unwrap().contains("[migrate:"));
    assert!(field.get("description").is_none(), "the end-user description is left alone");

    let writes = m.writes;
    let again = block_on(one_run(dir.path(), &mut m)).unwrap();
    assert_eq!(m.writes, writes, "a second run writes nothing: {again:?}");

    let u = block_on(one_undo(dir.path(), &mut m)).unwrap();
    assert_eq!(u.deleted.len(), 8, "{u:?}");
    assert_eq!(m.objects, before);
}

#[test]
fn undo_keeps_what_an_admin_changed_and_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = foreign();
    block_on(one_run(dir.path(), &mut m)).unwrap();
    let t = m.stamp();
    let g = m.objects.iter_mut().find(|(k, o)| *k == Kind::Group && o["name"] == "Billing").unwrap();
    g.1["description"] = json!("edited by an admin");
    g.1["updated_at"] = json!(t);
    let u = block_on(one_undo(dir.path(), &mut m)).unwrap();
    assert_eq!(u.kept.len(), 1, "{u:?}");
    assert_eq!(u.kept[0].0, "group:billing");
    assert_eq!(names(&m, Kind::Group), ["Billing", "Support"]);
}

#[test]
fn a_lost_response_is_found_by_its_marker_not_created_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = foreign();
    // Write 2 is the Sales group (schedule, workweek, group).
    m.faults.insert(2, Fault::Lost);
    let report = block_on(one_run(dir.path(), &mut m)).unwrap();
    assert_eq!(report.recovered, ["group:sales"]);
    check_exactly_the_plan(&m);
}

#[test]
fn a_kill_after_the_commit_leaves_an_intent_the_next_run_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = foreign();
    // Write 0 is the schedule, which has no description: found by name among new objects.
    m.faults.insert(0, Fault::Kill { commit: true });
    let errors = run_to_completion(dir.path(), &mut m);
    assert_eq!(errors.len(), 1, "{errors:?}");
    check_exactly_the_plan(&m);
    let j = super::journal::read(dir.path()).unwrap().unwrap();
    assert_eq!(j.entries.iter().filter(|e| e.status == super::journal::Status::Created).count(), 9);
}

#[test]
fn a_refused_write_stops_the_run_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = foreign();
    let calls = calls();
    let mut journal = Journal::open(dir.path(), "acme", "fp123456").unwrap();
    let live = block_on(live(&mut m)).unwrap();
    let set = plan_changes("acme", "fp123456", &calls, &live, None, Options::default());
    // A group named "Sales" appears between the read and the write: 422.
    m.objects.push((Kind::Group, json!({"id": 9, "name": "Sales"})));
    let account = Account { objects: live.objects.clone(), ..Account::default() };
    let err = block_on(apply(&mut m, &mut journal, "fp123456", &set, &calls, &account, &|| false)).unwrap_err();
    assert!(
        matches!(&err, RunError::Refused { key, message, .. } if key == "group:sales" && message.contains("422")),
        "{err}"
    );
    // Interrupted before the first write: nothing written.
    let before = m.writes;
    let err = block_on(apply(&mut m, &mut journal, "fp123456", &set, &calls, &account, &|| true)).unwrap_err();
    assert!(matches!(err, RunError::Interrupted { .. }));
    assert_eq!(m.writes, before);
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        any::<bool>().prop_map(|commit| Fault::Kill { commit }),
        Just(Fault::Lost),
        Just(Fault::ServerError),
        Just(Fault::RateLimited),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn no_fault_pattern_makes_a_duplicate_or_touches_a_foreign_object(
        faults in proptest::collection::btree_map(0usize..20, fault(), 0..6),
        undo_faults in proptest::collection::btree_map(0usize..10, fault(), 0..3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut m = foreign();
        let before = m.objects.clone();
        m.faults = faults;
        run_to_completion(dir.path(), &mut m);
        check_exactly_the_plan(&m);
        for original in &before {
            prop_assert!(m.objects.contains(original), "foreign object changed: {original:?}");
        }
        // A second run after a complete one writes nothing.
        m.faults.clear();
        let writes = m.writes;
        block_on(one_run(dir.path(), &mut m)).unwrap();
        prop_assert_eq!(m.writes, writes);
        // Undo, itself interrupted, restores the account once it completes.
        m.faults = undo_faults.into_iter().map(|(n, f)| (writes + n, f)).collect();
        let mut done = false;
        for _ in 0..20 {
            m.dead = false;
            if block_on(one_undo(dir.path(), &mut m)).is_ok() {
                done = true;
                break;
            }
        }
        prop_assert!(done);
        prop_assert_eq!(&m.objects, &before);
    }
}
