//! The stand-in's routes: a request (method, path, query, body) and the store in, a status
//! and a JSON body out. Pure, so a route is testable without a server.
//!
//! GET serves every list with its real pagination (cursor `page[size]`/`page[after]` with
//! `meta.has_more` and `links.next`; offset `page`/`per_page` with `next_page`; schedules
//! whole) and every object by id. Writes are not routed yet: `migrate apply` adds POST, PUT
//! and DELETE in [`write`] on top of `Store::insert`/`update`/`remove` (ids, timestamps,
//! 422 on a duplicate name, "committed but the answer lost" as a fault).

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

/// POST, PUT, DELETE: for `migrate apply` to add.
pub(crate) fn write(_store: &mut Store, req: &Req<'_>) -> Reply {
    (
        405,
        json!({"error": "MethodNotAllowed", "description": format!("the stand-in does not route {} yet", req.method)}),
    )
}

fn read(store: &Store, req: &Req<'_>, page_cap: usize) -> Reply {
    if req.path == "/api/v2/account/settings" {
        return (200, json!({"settings": store.settings}));
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
