//! The stand-in's routes: a request (method, path, query, body) and the store in, a status
//! and a JSON body out. Pure, so a route is testable without a server.
//!
//! GET serves every list with its real pagination (cursor `page[size]`/`page[after]` with
//! `meta.has_more` and `links.next`; offset `page`/`per_page` with `next_page`; schedules
//! whole) and every object by id, and `GET /api/v2/triggers/definitions`. [`write`] routes
//! `migrate apply`'s POST, PUT and DELETE on `Store::insert`/`update`/`remove` (ids,
//! timestamps, 422 on a duplicate group name); "committed but the answer lost" is a fault
//! of the server (`Fault::Committed`).

use serde_json::{Value, json};

use super::store::{Kind, Paging, Store};

/// One request as the router sees it.
pub(crate) struct Req<'a> {
    pub(crate) method: &'a str,
    /// Without `.json`.
    pub(crate) path: &'a str,
    pub(crate) query: Vec<(String, String)>,
    /// `http://127.0.0.1:PORT`, for the links in answers.
    pub(crate) origin: &'a str,
    pub(crate) body: Option<Value>,
}

impl Req<'_> {
    fn param(&self, key: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn params(&self, key: &str) -> Vec<&str> {
        self.query.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }
}

/// The answer: status and body.
pub(crate) type Reply = (u16, Value);

fn not_found() -> Reply {
    (404, json!({"error": "RecordNotFound", "description": "Not found"}))
}

/// Route a request.
pub(crate) fn route(store: &mut Store, req: &Req<'_>, page_cap: usize) -> Reply {
    match req.method {
        "GET" => read(store, req, page_cap),
        _ => write(store, req),
    }
}

/// POST, PUT, DELETE (`migrate apply`): create with an id and timestamps (201, or 200 where
/// the API documents 200: macros, trigger categories — support-api.md §1, §2), 422
/// `RecordInvalid` on a duplicate group name when the account checks group names (§4, §6),
/// a schedule's workweek, an update, a delete (204; 404 when there is none).
pub(crate) fn write(store: &mut Store, req: &Req<'_>) -> Reply {
    let writable = [
        Kind::Schedules,
        Kind::Groups,
        Kind::Memberships,
        Kind::Macros,
        Kind::Triggers,
        Kind::TriggerCategories,
        Kind::TicketFields,
    ];
    for kind in writable {
        let (list, _, one) = kind.path();
        if req.method == "POST" && req.path == list {
            let Some(obj) = req.body.as_ref().and_then(|b| b.get(one)).filter(|o| o.is_object()).cloned() else {
                return (
                    400,
                    json!({"error": "InvalidRequest", "description": format!("the body has no {one:?} object")}),
                );
            };
            if let Some(missing) = required(kind).iter().find(|k| obj.get(**k).is_none_or(Value::is_null)) {
                return invalid(missing, "cannot be blank", "BlankValue");
            }
            if kind == Kind::Groups
                && store.settings.pointer("/groups/check_group_name_uniqueness") == Some(&json!(true))
                && store
                    .list(kind)
                    .iter()
                    .any(|g| g.get("name") == obj.get("name") && g.get("deleted") != Some(&json!(true)))
            {
                return invalid("name", "Name: has already been taken", "DuplicateValue");
            }
            let id = store.insert(kind, obj);
            let created = store.get(kind, &id).cloned().unwrap_or(Value::Null);
            let status = if matches!(kind, Kind::Macros | Kind::TriggerCategories) { 200 } else { 201 };
            return (status, json!({one: created}));
        }
        let Some(rest) = req.path.strip_prefix(list).and_then(|r| r.strip_prefix('/')) else { continue };
        match (req.method, rest.split_once('/')) {
            ("PUT", Some((id, "workweek"))) if kind == Kind::Schedules => {
                let Some(intervals) = req.body.as_ref().and_then(|b| b.pointer("/workweek/intervals")).cloned() else {
                    return (400, json!({"error": "InvalidRequest", "description": "no workweek.intervals"}));
                };
                return if store.update(kind, id, &json!({"intervals": intervals})) {
                    (200, json!({"workweek": {"intervals": intervals}}))
                } else {
                    not_found()
                };
            }
            ("PUT", None) => {
                let fields = req.body.as_ref().and_then(|b| b.get(one)).cloned().unwrap_or(json!({}));
                return if store.update(kind, rest, &fields) {
                    (200, json!({one: store.get(kind, rest).cloned()}))
                } else {
                    not_found()
                };
            }
            ("DELETE", None) => return if store.remove(kind, rest) { (204, Value::Null) } else { not_found() },
            _ => {}
        }
    }
    (
        405,
        json!({"error": "MethodNotAllowed", "description": format!("the stand-in does not route {} {}", req.method, req.path)}),
    )
}

/// The fields a create must carry (support-api.md §1–§5).
fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Schedules => &["name", "time_zone"],
        Kind::Groups | Kind::TriggerCategories => &["name"],
        Kind::Memberships => &["user_id", "group_id"],
        Kind::Macros => &["title", "actions"],
        Kind::Triggers => &["title", "conditions", "actions"],
        Kind::TicketFields => &["type", "title"],
        _ => &[],
    }
}

/// 422 in the `RecordInvalid` shape (support-api.md §6: third-party evidence only).
fn invalid(field: &str, description: &str, error: &str) -> Reply {
    (
        422,
        json!({"error": "RecordInvalid", "description": "Record validation errors", "details": {field: [{"description": description, "error": error}]}}),
    )
}

fn read(store: &Store, req: &Req<'_>, page_cap: usize) -> Reply {
    if req.path == "/api/v2/account/settings" {
        return (200, json!({"settings": store.settings}));
    }
    if req.path == "/api/v2/triggers/definitions" {
        return (200, json!({"definitions": store.trigger_definitions}));
    }
    for kind in Kind::ALL {
        let (list, key, one) = kind.path();
        if kind == Kind::Articles && req.path.starts_with(list) && !store.help_centre {
            return not_found();
        }
        if req.path == list {
            let mut items: Vec<Value> = store.list(kind).to_vec();
            if kind == Kind::Users {
                let roles = req.params("role[]");
                let roles = if roles.is_empty() { req.param("role").into_iter().collect() } else { roles };
                if !roles.is_empty() {
                    items.retain(|u| u.get("role").and_then(Value::as_str).is_some_and(|r| roles.contains(&r)));
                }
            }
            return (200, page(req, kind, key, &items, page_cap));
        }
        if let Some(id) = req.path.strip_prefix(list).and_then(|r| r.strip_prefix('/'))
            && !id.contains('/')
        {
            return match store.get(kind, id) {
                Some(o) => (200, json!({one: o})),
                None => not_found(),
            };
        }
    }
    (404, json!({"error": "InvalidEndpoint", "description": "Not found"}))
}

fn page(req: &Req<'_>, kind: Kind, key: &str, all: &[Value], cap: usize) -> Value {
    let path = req.path;
    let origin = req.origin;
    let cursor = req.param("page[size]").is_some() || req.param("page[after]").is_some();
    match kind.paging() {
        Paging::None => json!({key: all, "next_page": null, "previous_page": null, "count": all.len()}),
        Paging::CursorOrOffset if cursor => {
            let size =
                req.param("page[size]").and_then(|s| s.parse::<usize>().ok()).unwrap_or(100).clamp(1, 100).min(cap);
            let after: usize = req.param("page[after]").and_then(|s| s.parse().ok()).unwrap_or(0);
            let items: Vec<&Value> = all.iter().skip(after).take(size).collect();
            let end = after + items.len();
            let more = end < all.len();
            let keep: String =
                req.query.iter().filter(|(k, _)| !k.starts_with("page[")).map(|(k, v)| format!("&{k}={v}")).collect();
            json!({
                key: items,
                "meta": {"has_more": more, "after_cursor": end.to_string(), "before_cursor": after.to_string()},
                "links": {"next": if more { json!(format!("{origin}{path}.json?page[size]={size}&page[after]={end}{keep}")) } else { Value::Null }, "prev": null},
            })
        }
        Paging::CursorOrOffset | Paging::Offset => {
            let per = req.param("per_page").and_then(|s| s.parse::<usize>().ok()).unwrap_or(100).clamp(1, 100).min(cap);
            let n: usize = req.param("page").and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
            let items: Vec<&Value> = all.iter().skip((n - 1) * per).take(per).collect();
            let more = n * per < all.len();
            let next =
                if more { json!(format!("{origin}{path}.json?page={}&per_page={per}", n + 1)) } else { Value::Null };
            json!({key: items, "next_page": next, "previous_page": null, "count": all.len()})
        }
    }
}
