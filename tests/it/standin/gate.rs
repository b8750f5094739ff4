//! What both local Zendesks answer before routing a request: the export stand-in
//! (`fake_zendesk.rs`) and the stateful Support stand-in (`standin/`) include this one file
//! (each as its own module, so that a bench can take either server alone).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::json;
use wiremock::{Request, ResponseTemplate};

/// Before routing: 429 with `Retry-After: 1` beyond
/// `rate_per_sec` requests in a sliding one-second window, and 401 for a wrong
/// `Authorization` header (Zendesk's own bodies).
pub(crate) fn gate(
    req: &Request,
    window: &Mutex<VecDeque<Instant>>,
    rate_per_sec: Option<usize>,
    authorization: &str,
) -> Option<(ResponseTemplate, u16)> {
    if let Some(limit) = rate_per_sec {
        let now = Instant::now();
        let mut w = window.lock().unwrap();
        while w.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1)) {
            w.pop_front();
        }
        if w.len() >= limit {
            let body = json!({"error": "RateLimited"});
            return Some((ResponseTemplate::new(429).insert_header("Retry-After", "1").set_body_json(body), 429));
        }
        w.push_back(now);
    }
    let auth = req.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
    if auth != authorization {
        let body = json!({"error": "invalid_token", "description": "The access token provided is invalid"});
        return Some((ResponseTemplate::new(401).set_body_json(body), 401));
    }
    None
}
