//! Banned visitors and IP addresses (mapping.md §10, K2, K19).
//!
//! The migration turns banned visitors into suspended users (K2). IP bans are not in the
//! wizard's list: they become entries of the messaging IP ban list (account-wide, Web
//! Widget and mobile SDKs only, at most 5,000 records, K19). Bans are listed as two items
//! (visitors, addresses) with every entry in the payload, not one item per ban, so that an
//! account with thousands of bans still has a readable plan.

use super::{Context, item};
use crate::plan::payload::{BannedIps, BannedVisitors, IpBan, Payload, VisitorBan};
use crate::plan::{Outcome, Section};
use crate::steps::{Need, StepId};

const FILE: &str = "chat/bans.json";
/// Messaging keeps at most this many IP ban records (K19).
pub const MAX_IP_BANS: usize = 5000;

pub fn translate(ctx: &mut Context) {
    let Some(bans) = ctx.account.chat.bans.as_ref() else {
        ctx.undecided(
            "bans",
            &[FILE],
            "chat/bans.json was not exported: banned visitors and IP addresses were not planned",
        );
        return;
    };
    if !bans.visitor.is_empty() {
        let src = format!("{FILE}#visitor");
        let outcome = ctx.wizard_or(Outcome::Manual);
        let mut it = item(
            Section::Bans,
            src.clone(),
            format!(
                "{} (Agent workspace > Customers > Suspended users)",
                crate::text::plural(bans.visitor.len() as u64, "suspended user")
            ),
            outcome,
            if outcome == Outcome::MigratedByZendesk {
                "The migration turns banned visitors into suspended users."
            } else {
                "Self-serve activation does not copy bans: suspend the users behind these visitors."
            },
            &["K2", "K19"],
        );
        it.payload = Some(Payload::BannedVisitors(BannedVisitors {
            visitors: bans
                .visitor
                .iter()
                .map(|b| VisitorBan {
                    visitor_id: b.visitor_id.clone(),
                    visitor_name: b.visitor_name.clone(),
                    reason: b.reason.clone(),
                })
                .collect(),
        }));
        ctx.item(it);
        if outcome == Outcome::Manual {
            ctx.need(
                Need::new(
                    StepId::SuspendBannedVisitors,
                    format!("{}.", crate::text::plural(bans.visitor.len() as u64, "banned Chat visitor")),
                )
                .source(src),
            );
        }
    }
    if !bans.ip_address.is_empty() {
        let src = format!("{FILE}#ip_address");
        let n = bans.ip_address.len();
        let mut it = item(
            Section::Bans,
            src.clone(),
            format!(
                "{} (Admin Center > People > Restrictions > Banned IP addresses)",
                crate::text::plural(n as u64, "messaging IP ban")
            ),
            Outcome::Translated,
            "IP bans are not copied by the migration; the payload lists every address for the messaging IP ban list.",
            &["K19", "K2", "Z-10"],
        );
        it.payload = Some(Payload::BannedIps(BannedIps {
            ip_addresses: bans
                .ip_address
                .iter()
                .map(|b| IpBan { ip_address: b.ip_address.clone(), reason: b.reason.clone() })
                .collect(),
        }));
        it.notes.push("Messaging IP bans apply to the Web Widget and mobile SDKs only, not social channels.".into());
        if n > MAX_IP_BANS {
            it.notes
                .push(format!("{n} addresses exceed the messaging limit of {MAX_IP_BANS}: merge them into ranges."));
            ctx.warn(
                "ip-bans-over-limit",
                format!("{n} IP bans exceed the messaging limit of {MAX_IP_BANS} records: merge addresses into ranges before recreating them"),
                Some(&src),
                &["K19"],
            );
        }
        ctx.item(it);
        ctx.need(
            Need::new(
                StepId::RecreateIpBans,
                format!("{} in Chat.", crate::text::plural(n as u64, "banned IP address")),
            )
            .source(src),
        );
    }
}
