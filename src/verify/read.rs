//! Reading the live account: GET every page of each Support list the plan needs, through
//! the one Zendesk client (paced on the Support lane, retried, scrubbed). A list the API
//! refuses (403, or 404 where the account lacks the feature) becomes [`Read::Refused`] and
//! its checks `unknown: not readable`; any other failure (401, an outage, a broken answer
//! after the retries) stops the account: the checks would be guesses.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::live::{Live, Read, Resource};
use crate::zendesk::pages;
use crate::zendesk::{ApiError, ApiErrorKind, Client};

/// Read what `needs` names, in its (fixed) order.
pub async fn read(c: &Client, needs: &BTreeSet<Resource>) -> Result<Live, ApiError> {
    let mut live = Live::default();
    for &r in needs {
        let raw = fetch(c, r).await?;
        match r {
            Resource::Schedules => live.schedules = typed(raw, r)?,
            Resource::Groups => live.groups = typed(raw, r)?,
            Resource::Memberships => live.memberships = typed(raw, r)?,
            Resource::Users => live.users = typed(raw, r)?,
            Resource::Macros => live.macros = typed(raw, r)?,
            Resource::Triggers => live.triggers = typed(raw, r)?,
            Resource::TicketFields => live.ticket_fields = typed(raw, r)?,
            Resource::AccountSettings => live.settings = raw,
            Resource::Articles => live.articles = raw,
        }
    }
    Ok(live)
}

/// Every item of one list (the settings object as one item), or the refusing status.
async fn fetch(c: &Client, r: Resource) -> Result<Read<Value>, ApiError> {
    let (path, key, cursor) = r.path();
    let got = if r == Resource::AccountSettings {
        pages::single(c, path, &[crate::zendesk::pace::Lane::Support], r.what())
            .await
            .map(|p| vec![p.value.get(key).cloned().unwrap_or(Value::Null)])
    } else {
        pages::support_list(c, path, key, cursor, r.what()).await.map(|p| match p.value.get(key) {
            Some(Value::Array(a)) => a.clone(),
            _ => Vec::new(),
        })
    };
    match got {
        Ok(v) => Ok(Read::Got(v)),
        Err(e) => match e.kind {
            ApiErrorKind::Forbidden { .. } => Ok(Read::Refused { status: 403 }),
            ApiErrorKind::Status { status: 404, .. } => Ok(Read::Refused { status: 404 }),
            _ => Err(e),
        },
    }
}

fn typed<T: DeserializeOwned>(raw: Read<Value>, r: Resource) -> Result<Read<T>, ApiError> {
    Ok(match raw {
        Read::Got(v) => Read::Got(
            v.into_iter()
                .enumerate()
                .map(|(i, o)| {
                    serde_json::from_value(o).map_err(|e| {
                        ApiError::get(
                            r.path().0,
                            ApiErrorKind::Shape {
                                message: format!("{}[{i}] is not one of the {}: {e}", r.path().1, r.what()),
                            },
                        )
                    })
                })
                .collect::<Result<Vec<T>, _>>()?,
        ),
        Read::Refused { status } => Read::Refused { status },
        Read::Skipped => Read::Skipped,
    })
}
