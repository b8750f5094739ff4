//! The machine contract: `plan.json` and `messaging-config.json` (docs/plan-format.md).
//! Pretty-printed, keys in declaration order, a final newline; nothing volatile.

use serde::Serialize;

use crate::account::lenient::Timestamp;
use crate::plan::{ActivationPath, FORMAT_VERSION, Item, Plan};

pub fn plan(plan: &Plan) -> String {
    to_string(plan)
}

/// `messaging-config.json`: the messaging configuration, one item per Chat object or
/// setting, with what to apply. Read back as [`crate::plan::dir::MessagingConfig`].
#[derive(Serialize)]
struct MessagingConfig<'a> {
    format_version: u32,
    subdomain: &'a str,
    exported_at: Timestamp,
    input_fingerprint: &'a str,
    activation: ActivationPath,
    items: &'a [Item],
}

pub fn messaging_config(plan: &Plan) -> String {
    to_string(&MessagingConfig {
        format_version: FORMAT_VERSION,
        subdomain: &plan.account.subdomain,
        exported_at: plan.account.exported_at,
        input_fingerprint: &plan.account.input_fingerprint,
        activation: plan.account.activation,
        items: &plan.items,
    })
}

fn to_string<T: Serialize>(v: &T) -> String {
    // Serializing plain data to a String cannot fail; fall back to an empty object rather
    // than panic if it ever does.
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| "{}".to_owned());
    s.push('\n');
    s
}
