//! The uses of the Classic widget and Chat APIs that `migrate scan-site` found in the
//! site's code (`chat/site_scan.json`), and what surrounds them (a Content Security Policy,
//! a wrapper library, a consent gate: docs/surprises.md): each one that needs a change
//! becomes an item and a line of the JS API step, by file and line, with its rewrite or
//! fix (K22, mapping.md §3, K7).
//!
//! The scan already decided each answer (src/translate/widget_api.rs); this translator only carries
//! it into the plan, next to the hand-typed `js_api_calls` (which keep working).

use super::{Context, item};
use crate::account::site_scan::FILE;
use crate::plan::payload::{JsApiRewrite, Payload};
use crate::plan::{Outcome, Section};
use crate::steps::{Need, StepId};

pub fn translate(ctx: &mut Context) {
    let Some(scan) = ctx.account.chat.site_scan.clone() else { return };
    let uses: Vec<_> = scan.findings.iter().filter(|u| u.needs_change()).collect();
    if uses.is_empty() {
        return;
    }
    // Around the calls (issue 19): a Content Security Policy, a wrapper library, a consent gate.
    let around =
        uses.iter().filter(|u| matches!(u.verdict.as_str(), "csp" | "wrapper-library" | "consent-gate")).count();
    let calls = uses.len() - around;
    let mut parts = Vec::new();
    if calls > 0 {
        parts
            .push(format!("uses the classic widget or Chat API in {calls} place{}", if calls == 1 { "" } else { "s" }));
    }
    if around > 0 {
        parts.push(format!(
            "has {around} place{} around the widget that messaging needs changed (a Content Security Policy, a wrapper library, a consent gate)",
            if around == 1 { "" } else { "s" }
        ));
    }
    let why = format!("The site's code {} (found by `migrate scan-site`).", parts.join(" and "));
    for u in uses {
        let place = format!("{}:{}:{}", u.file, u.line, u.column);
        let src = format!("{FILE}#{place}");
        let outcome = if u.verdict == "rewrite" { Outcome::Translated } else { Outcome::Manual };
        let mut it = item(
            Section::Widget,
            src.clone(),
            u.messaging.clone().unwrap_or_else(|| "No messaging equivalent".into()),
            outcome,
            u.advice.clone(),
            &["K7", "K22"],
        );
        // The place is in the source (`chat/site_scan.json#FILE:LINE:COL`).
        it.payload =
            Some(Payload::JsApiRewrite(JsApiRewrite { classic: u.call.clone(), messaging: u.messaging.clone() }));
        ctx.item(it);
        // The call sits in a code span: a backtick in it (a hand-edited file) would end it.
        let call = u.call.replace('`', "'");
        let detail = match &u.messaging {
            Some(m) => format!("{}:{}: `{call}` → `{}`", u.file, u.line, m.replace('`', "'")),
            None => format!("{}:{}: `{call}` → {}", u.file, u.line, u.advice),
        };
        ctx.need(Need::new(StepId::UpdateWidgetJsApi, why.clone()).source(src).detail(detail));
    }
}
