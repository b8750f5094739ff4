//! The Zendesk client (`src/zendesk/client.rs`) writing to the local stand-in
//! (tests/it/fake_zendesk.rs): a POST that is answered, one that is refused for a while
//! (retried), and ones whose fate is unknown (not retried: the server may have created the
//! object). The decision itself is a table test in `src/zendesk/retry.rs`; these check that
//! the client does what it says over a real socket. Waits go through a fake clock.

use std::sync::Arc;
use std::time::Duration;

use migrate::printer::Printer;
use migrate::secret::Secret;
use migrate::zendesk::pace::{Lane, Rates};
use migrate::zendesk::retry::RetryPolicy;
use migrate::zendesk::{ApiErrorKind, Auth, Client, ClientOptions, FakeClock, Method, Request};
use serde_json::json;

use crate::fake_zendesk::{Account, Fake, Fault, Options};

const TOKEN: &str = "tok-SECRET-client-4d1e";

struct Setup {
    client: Client,
    clock: Arc<FakeClock>,
    said: Printer,
}

fn client(uri: &str, timeout: Duration) -> Setup {
    let clock = Arc::new(FakeClock::new());
    let said = Printer::memory();
    let opts = ClientOptions {
        base_url: url::Url::parse(uri).unwrap(),
        auth: Auth::Bearer(Secret::new(TOKEN)),
        rates: Rates { chat: 1_000_000, support: 1_000_000, incremental: 1_000_000 },
        timeout,
        policy: RetryPolicy::default(),
        seed: Some(1),
    };
    Setup { client: Client::new(opts, clock.clone(), said.clone()).unwrap(), clock, said }
}

async fn fake() -> Fake {
    Fake::start(Account::synthetic(1, 0, 0, 1), Options::bearer(TOKEN)).await
}

fn create_group(c: &Client) -> Request<'static> {
    Request::post(
        c.url("/api/v2/groups").unwrap(),
        json!({"group": {"name": "Returns"}}),
        &[Lane::Support],
        "group \"Returns\"",
    )
}

fn posts(fake: &Fake) -> usize {
    fake.hits().iter().filter(|h| h.method == "POST" && h.path == "/api/v2/groups").count()
}

#[tokio::test]
async fn a_post_answered_201_returns_the_created_object() {
    let fake = fake().await;
    let s = client(&fake.uri(), Duration::from_secs(5));
    let r = s.client.send(&create_group(&s.client)).await.unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(r.body["group"]["name"], "Returns");
    assert!(r.body["group"]["id"].as_u64().is_some(), "{}", r.body);
    assert_eq!(posts(&fake), 1);
    assert_eq!(s.client.stats().retries, 0);
}

#[tokio::test]
async fn a_post_answered_500_is_not_sent_again() {
    let fake = fake().await;
    fake.fault("/api/v2/groups", vec![Fault::Status(500, None)]);
    let s = client(&fake.uri(), Duration::from_secs(5));
    let e = s.client.send(&create_group(&s.client)).await.unwrap_err();
    assert_eq!(posts(&fake), 1, "a POST that may have been done is sent once");
    assert_eq!(e.method, Method::Post);
    assert!(matches!(e.kind, ApiErrorKind::Ambiguous { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.starts_with("POST /api/v2/groups: HTTP 500 Internal Server Error: fault: injected 500"), "{msg}");
    assert!(msg.contains("not sent again: the server may have done it"), "{msg}");
    assert!(e.hint().is_some_and(|h| h.contains("look the object up")));
    assert!(!format!("{msg} {e:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_post_that_times_out_is_not_sent_again() {
    let fake = fake().await;
    fake.fault("/api/v2/groups", vec![Fault::Delay(Duration::from_secs(3))]);
    let s = client(&fake.uri(), Duration::from_millis(300));
    let e = s.client.send(&create_group(&s.client)).await.unwrap_err();
    assert!(matches!(e.kind, ApiErrorKind::Ambiguous { .. }), "{e:?}");
    assert!(e.to_string().contains("no complete answer within 0.3s"), "{e}");
    assert_eq!(s.client.stats().requests, 1);
}

#[tokio::test]
async fn a_post_answered_429_with_retry_after_is_sent_again_after_the_wait() {
    let fake = fake().await;
    fake.fault("/api/v2/groups", vec![Fault::Status(429, Some("7".into()))]);
    let s = client(&fake.uri(), Duration::from_secs(5));
    let r = s.client.send(&create_group(&s.client)).await.unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(posts(&fake), 2, "refused once, then created");
    assert!(s.clock.sleeps().contains(&Duration::from_secs(7)), "{:?}", s.clock.sleeps());
    let said = s.said.lines().join("\n");
    assert!(said.contains("group \"Returns\": rate limited (HTTP 429); waiting 7s as Retry-After asks"), "{said}");
    assert_eq!(s.client.stats().rate_limited, 1);
}

#[tokio::test]
async fn a_post_answered_503_with_retry_after_is_sent_again() {
    let fake = fake().await;
    fake.fault("/api/v2/groups", vec![Fault::Status(503, Some("2".into()))]);
    let s = client(&fake.uri(), Duration::from_secs(5));
    let r = s.client.send(&create_group(&s.client)).await.unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(posts(&fake), 2);
    assert!(s.clock.sleeps().contains(&Duration::from_secs(2)), "{:?}", s.clock.sleeps());
}

#[tokio::test]
async fn a_post_that_cannot_connect_is_retried_then_given_up() {
    // A port nothing listens on: the connection is refused, nothing was sent.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let uri = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let s = client(&uri, Duration::from_secs(5));
    let e = s.client.send(&create_group(&s.client)).await.unwrap_err();
    assert!(matches!(e.kind, ApiErrorKind::GaveUp { attempts: 6, .. }), "{e:?}");
    assert!(e.to_string().starts_with("POST /api/v2/groups: cannot connect"), "{e}");
    assert_eq!(s.client.stats().requests, 6, "every attempt was refused before anything was sent");
}
