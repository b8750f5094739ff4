//! Pagination, endpoint by endpoint (chat-api.md §3, §6). Each style reads pages until its
//! own end condition and guards against a server whose cursor does not move: a page link
//! already fetched, or a `since_id` that does not grow, stops with [`ApiErrorKind::Loop`]
//! instead of looping for ever.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde_json::{Map, Value};
use url::Url;

use super::client::{Client, path_of};
use super::pace::Lane;
use super::request::{ApiError, ApiErrorKind};

/// A whole resource, all pages read.
#[derive(Clone, Debug, PartialEq)]
pub struct Paged {
    /// What is written to the file: the response itself, or the pages concatenated.
    pub value: Value,
    pub pages: u32,
    pub items: u64,
}

/// One request, one object or array (`/account`, `/departments`, `/routing_settings/account`).
pub async fn single(c: &Client, path: &str, lanes: &[Lane], what: &str) -> Result<Paged, ApiError> {
    let url = c.url(path)?;
    let value = c.get_json(&url, lanes, what).await?;
    let items = match &value {
        Value::Array(a) => a.len() as u64,
        Value::Object(o) => match o.get("data") {
            Some(_) => 1,
            None => o.values().filter_map(Value::as_array).map(|a| a.len() as u64).max().unwrap_or(1),
        },
        _ => {
            return Err(ApiError::get(
                path_of(&url),
                ApiErrorKind::Shape { message: "expected a JSON object or array".into() },
            ));
        }
    };
    Ok(Paged { value, pages: 1, items })
}

/// `since_id` + `limit` (agents, bans): the next page starts after the last id; an empty
/// page ends the list.
///
/// A page is either an array (agents) or an object of arrays (bans:
/// `{"visitor":[...],"ip_address":[...]}`), written back in the same shape with the pages
/// concatenated per key. Visitor and IP bans have separate id ranges and the API does not
/// say how `since_id` applies to the two lists [I], so the next `since_id` is the smallest of
/// the lists' "last id + 1": no ban can be skipped, and ones read twice are dropped by id.
pub async fn since_id(c: &Client, path: &str, limit: u32, what: &str) -> Result<Paged, ApiError> {
    let mut since: Option<u64> = None;
    let mut pages = 0u32;
    let mut lists: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut other: Map<String, Value> = Map::new();
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut array_shape = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let pq = match since {
            Some(s) => format!("{path}{sep}limit={limit}&since_id={s}"),
            None => format!("{path}{sep}limit={limit}"),
        };
        let url = c.url(&pq)?;
        let page = c.get_json(&url, &[Lane::Chat], what).await?;
        pages += 1;
        let page_lists: Vec<(String, Vec<Value>)> = match page {
            Value::Array(a) => {
                array_shape.get_or_insert(true);
                vec![(String::new(), a)]
            }
            Value::Object(o) => {
                array_shape.get_or_insert(false);
                let mut v = Vec::new();
                for (k, val) in o {
                    match val {
                        Value::Array(a) => v.push((k, a)),
                        val => {
                            other.entry(k).or_insert(val);
                        }
                    }
                }
                v
            }
            _ => {
                return Err(ApiError::get(
                    path_of(&url),
                    ApiErrorKind::Shape { message: "expected a JSON array or object".into() },
                ));
            }
        };
        let mut next: Option<u64> = None;
        let mut any = false;
        for (key, items) in page_lists {
            let list = lists.entry(key.clone()).or_default();
            let ids = seen.entry(key).or_default();
            let mut max_id: Option<u64> = None;
            for item in items {
                any = true;
                let id = item.get("id").and_then(numeric_id).ok_or_else(|| {
                    ApiError::get(
                        path_of(&url),
                        ApiErrorKind::Shape {
                            message: "an item has no numeric id, so the list cannot be paged by since_id".into(),
                        },
                    )
                })?;
                max_id = Some(max_id.map_or(id, |m| m.max(id)));
                if ids.insert(id.to_string()) {
                    list.push(item);
                }
            }
            if let Some(m) = max_id {
                next = Some(next.map_or(m + 1, |n| n.min(m + 1)));
            }
        }
        if !any {
            break;
        }
        if let (Some(prev), Some(n)) = (since, next)
            && n <= prev
        {
            return Err(ApiError::get(path_of(&url), ApiErrorKind::Loop { next: format!("since_id={n}") }));
        }
        since = next;
        c.printer()
            .progress(&format!("{what}: page {pages} ({} items so far)", lists.values().map(Vec::len).sum::<usize>()));
    }
    let items = lists.values().map(|l| l.len() as u64).sum();
    let value = if array_shape.unwrap_or(true) {
        Value::Array(lists.into_values().next().unwrap_or_default())
    } else {
        let mut o = other;
        for (k, l) in lists {
            o.insert(k, Value::Array(l));
        }
        Value::Object(o)
    };
    Ok(Paged { value, pages, items })
}

fn numeric_id(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// A Support list (`{"brands":[...]}`): cursor pagination (`page[size]`, `meta.has_more`,
/// `links.next`), or the older offset style (`next_page`), whichever the answer carries.
/// Written as `{"<key>": [all items]}`.
pub async fn support_list(c: &Client, path: &str, key: &str, cursor: bool, what: &str) -> Result<Paged, ApiError> {
    let mut items = Vec::new();
    let pages = support_walk(c, path, key, cursor, what, |page| items.extend(page.iter().cloned())).await?;
    let n = items.len() as u64;
    let mut o = Map::new();
    o.insert(key.to_owned(), Value::Array(items));
    Ok(Paged { value: Value::Object(o), pages, items: n })
}

/// Read every page of a Support list, handing each page's items to `each`; the number of
/// pages read.
async fn support_walk(
    c: &Client,
    path: &str,
    key: &str,
    cursor: bool,
    what: &str,
    mut each: impl FnMut(&[Value]),
) -> Result<u32, ApiError> {
    let first = if cursor {
        let sep = if path.contains('?') { '&' } else { '?' };
        format!("{path}{sep}page[size]=100")
    } else {
        path.to_owned()
    };
    let mut url = c.url(&first)?;
    let mut fetched: HashSet<String> = HashSet::from([url.to_string()]);
    let mut items = 0usize;
    let mut pages = 0u32;
    loop {
        let page = c.get_json(&url, &[Lane::Support], what).await?;
        pages += 1;
        let Some(Value::Array(list)) = page.get(key) else {
            return Err(ApiError::get(
                path_of(&url),
                ApiErrorKind::Shape { message: format!("expected {{\"{key}\": [...]}}") },
            ));
        };
        items += list.len();
        each(list);
        let Some(link) = next_support_link(&page) else { break };
        let next = c.follow(&url, &link)?;
        if !fetched.insert(next.to_string()) {
            return Err(ApiError::get(path_of(&url), ApiErrorKind::Loop { next: path_of(&next) }));
        }
        if pages % 10 == 0 {
            c.printer().progress(&format!("{what}: page {pages} ({items} items so far)"));
        }
        url = next;
    }
    Ok(pages)
}

/// The help centre's public articles (D-17 recommends at least 10): every page of
/// `GET /api/v2/help_center/articles`, counting the articles that are not drafts and that
/// everyone may see (`user_segment_id` null). The articles themselves are not kept.
pub async fn public_articles(c: &Client, what: &str) -> Result<u64, ApiError> {
    let mut public = 0u64;
    support_walk(c, "/api/v2/help_center/articles", "articles", true, what, |page| {
        public += page
            .iter()
            .filter(|a| {
                a.get("draft").and_then(Value::as_bool) != Some(true)
                    && a.get("user_segment_id").is_none_or(Value::is_null)
            })
            .count() as u64;
    })
    .await?;
    Ok(public)
}

fn next_support_link(page: &Value) -> Option<String> {
    if let Some(has_more) = page.pointer("/meta/has_more").and_then(Value::as_bool) {
        if !has_more {
            return None;
        }
        if let Some(next) = page.pointer("/links/next").and_then(Value::as_str) {
            return Some(next.to_owned());
        }
        let after = page.pointer("/meta/after_cursor").and_then(Value::as_str)?;
        return Some(format!("?page[size]=100&page[after]={after}"));
    }
    page.get("next_page").and_then(Value::as_str).map(str::to_owned)
}

/// `GET /api/v2/search/count?query=…` → `{"count": N}` (chat-api.md §6).
pub async fn search_count(c: &Client, query: &str, what: &str) -> Result<u64, ApiError> {
    let mut url = c.url("/api/v2/search/count")?;
    url.query_pairs_mut().append_pair("query", query);
    let v = c.get_json(&url, &[Lane::Support], what).await?;
    v.get("count")
        .and_then(Value::as_u64)
        .ok_or_else(|| ApiError::get(path_of(&url), ApiErrorKind::Shape { message: "expected {\"count\": N}".into() }))
}

/// One page of the incremental chat export.
#[derive(Clone, Debug)]
pub struct ChatPage {
    pub chats: Vec<Value>,
    /// The page after this one, when there is one.
    pub next: Option<Url>,
}

/// The first URL of the incremental chat export: `start_time` in unix seconds,
/// `fields=chats(*)` so that chats come whole and not as bare ids (DOC-incr).
pub fn first_chats_url(c: &Client, start_time: i64, limit: u32) -> Result<Url, ApiError> {
    let mut url = c.url("/api/v2/chat/incremental/chats")?;
    url.query_pairs_mut()
        .append_pair("fields", "chats(*)")
        .append_pair("limit", &limit.to_string())
        .append_pair("start_time", &start_time.to_string());
    Ok(url)
}

/// Fetch one page of the incremental chat export. The export ends when a page holds fewer
/// chats than the limit (`count < limit`), or has no `next_page`.
pub async fn chats_page(c: &Client, url: &Url, limit: u32, what: &str) -> Result<ChatPage, ApiError> {
    let page = c.get_json(url, &[Lane::Chat, Lane::Incremental], what).await?;
    let Some(Value::Array(chats)) = page.get("chats") else {
        return Err(ApiError::get(
            path_of(url),
            ApiErrorKind::Shape { message: "expected {\"chats\": [...], \"count\": N, …}".into() },
        ));
    };
    let count = page.get("count").and_then(Value::as_u64).unwrap_or(chats.len() as u64);
    // The limit in force is the one in the URL asked (next_page links carry it).
    let limit = url
        .query_pairs()
        .find(|(k, _)| k == "limit")
        .and_then(|(_, v)| v.parse::<u64>().ok())
        .unwrap_or(u64::from(limit));
    let next = match page.get("next_page").and_then(Value::as_str) {
        Some(link) if count >= limit => Some(c.follow(url, link)?),
        _ => None,
    };
    Ok(ChatPage { chats: chats.clone(), next })
}
