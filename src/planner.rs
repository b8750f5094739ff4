//! From a loaded account and its scanned history to a plan: classify, translate, add the
//! steps every account of its segment needs, and collect the warnings. Pure: it reads no
//! file and knows no terminal.

use crate::account::{Account, FileState};
use crate::capacity;
use crate::classify;
use crate::findings::Context;
use crate::history::{self, HistoryReport};
use crate::plan::history::{Capacity, CapacityCheck, CapacityFigure, HistorySummary, TimeZoneSource};
use crate::plan::{AccountInfo, FORMAT_VERSION, Known, Outcome, Plan, PlanOptions, Segment, Warning};
use crate::steps::{self, Need, StepId};
use crate::{readiness, translate};

/// Make the plan for one loaded account and its scanned history (`None` when the export
/// has no `chat/chats.jsonl`). Pure: no file is read here, so the same inputs give the same
/// plan; [`crate::pipeline`] loads the account and scans the history.
pub fn plan(account: &Account, report: Option<&HistoryReport>, options: &PlanOptions) -> Plan {
    let agents = enabled_agents(account);
    let limit = capacity::ConcurrentLimit::from_options(options.concurrent_limit);
    let history: Option<&HistorySummary> = report.map(|r| &r.summary);
    // Capacity (D-18): from the history when there is one, from the agents alone otherwise.
    let capacity =
        history.map_or_else(|| capacity::assess(&capacity::Peaks::default(), agents, limit), |h| h.capacity.clone());
    let classification = classify::classify(account, history);
    let mut ctx = Context::new(account, &classification, options);
    translate::translate(&mut ctx);
    readiness::check(&mut ctx);
    let mut out = ctx.out;
    // Items are listed by family in the plan's section order; within a family, in the
    // order of the export (stable sort keeps it).
    out.items.sort_by_key(|i| i.section);

    if classification.evidence.activity.active == Known::Unknown {
        out.undecided.insert(
            0,
            crate::plan::Undecided {
                fact: "activity".into(),
                files: vec!["chat/chats.jsonl".into(), "support/account.json".into()],
                effect: "the segment is undetermined".into(),
            },
        );
    }
    if classification.evidence.brands.multi_brand == Known::Unknown {
        out.undecided.push(crate::plan::Undecided {
            fact: "brands".into(),
            files: vec!["support/brands.json".into()],
            effect: "per-brand steps are written once, for every brand".into(),
        });
    }

    let mut warnings: Vec<Warning> = account
        .notes
        .iter()
        .map(|n| Warning {
            code: n.code.to_owned(),
            message: n.message.clone(),
            source: Some(n.file.clone()),
            refs: vec![],
            blocking: false,
        })
        .collect();
    if let Some(r) = report {
        warnings.extend(history_warnings(r, options.timezone.as_deref()));
    }
    warnings.extend(classify::activity_warnings(account, history, &classification.evidence.activity));
    warnings.append(&mut out.warnings);
    // Warnings are plan prose, read in the guide: full sentences (STYLE.md's no-period rule
    // is for one-line CLI messages). Some come from code shared with CLI errors.
    for w in &mut warnings {
        end_sentence(&mut w.message);
    }

    let mut needs = std::mem::take(&mut out.needs);
    segment_steps(account, &classification.segment, &out.items, &mut needs, &out.undecided, history, &capacity);
    let mut steps_list = steps::build(needs);
    // D-13: an admin who is not ready can ask to delay activation, so the step is offered
    // whenever something blocks. What must be settled before activation (a blocking
    // before-activation step, or a warning such as the Data Center Location add-on, D-19)
    // is the reason to ask; steps that block only the launch can wait until after it, since
    // nothing must be done before activation (D-6) and the admin decides when to launch
    // (D-8) — the step says so rather than alarm.
    let before: Vec<String> = dedup(
        steps_list
            .iter()
            .filter(|s| s.blocking && s.phase == crate::plan::Phase::BeforeActivation)
            .map(|s| s.id.clone())
            .chain(warnings.iter().filter(|w| w.blocking).map(|w| w.code.clone()))
            .collect(),
    );
    let launch: Vec<String> = dedup(
        steps_list
            .iter()
            .filter(|s| s.blocking && s.phase != crate::plan::Phase::BeforeActivation)
            .map(|s| s.id.clone())
            .collect(),
    );
    if (!before.is_empty() || !launch.is_empty()) && classification.segment != Segment::Inactive {
        let mut why = Vec::new();
        if !before.is_empty() {
            why.push(format!("Open and due before activation: {}.", before.join(", ")));
        }
        if !launch.is_empty() {
            why.push(format!(
                "Open but blocking only the launch: {}; these can wait until after activation, so they need no delay on their own.",
                launch.join(", ")
            ));
        }
        let mut extra = steps::build(vec![Need::new(StepId::RequestActivationDelay, why.join(" "))]);
        steps_list.append(&mut extra);
        steps_list.sort_by_key(|s| s.phase);
    }
    let timeline = options.activation_date.map(|date| {
        crate::timeline::apply(
            date,
            classification.segment,
            account.manifest.exported_at,
            &mut steps_list,
            &mut warnings,
        )
    });

    let files = crate::account::LAYOUT
        .iter()
        .map(|f| ((*f).to_owned(), account.files.get(*f).copied().unwrap_or(FileState::Missing)))
        .collect();
    Plan {
        format_version: FORMAT_VERSION,
        account: AccountInfo {
            subdomain: account.manifest.subdomain.clone(),
            exported_at: account.manifest.exported_at,
            exported_by: account.manifest.exported_by.clone(),
            activation: options.activation,
            files,
            undecided: out.undecided,
            facts: crate::account::facts::known_facts(account),
            history: report.map(|r| r.summary.clone()),
            timeline,
        },
        classification,
        items: out.items,
        steps: steps_list,
        warnings,
    }
}

fn end_sentence(s: &mut String) {
    let t = s.trim_end();
    if !t.is_empty() && !t.ends_with(['.', '!', '?']) {
        s.truncate(t.len());
        s.push('.');
    }
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// Steps that follow from the segment rather than from one setting (D-4, D-10, D-11, D-24).
fn segment_steps(
    account: &Account,
    segment: &Segment,
    items: &[crate::plan::Item],
    needs: &mut Vec<Need>,
    undecided: &[crate::plan::Undecided],
    history: Option<&HistorySummary>,
    capacity: &Capacity,
) {
    let brand_names = translate::brand_names(account);
    let has_history = history.is_some_and(|h| h.chats > 0);
    match segment {
        Segment::Inactive => {
            needs.push(Need::new(
                StepId::ConfirmInactive,
                "No tickets in the 30 days before the export: Zendesk turns messaging on at account level with no effect on current support work.",
            ));
            if has_history {
                needs.push(
                    Need::new(StepId::ExportChatHistory, "The account has chat history you may want to keep.")
                        .source("chat/chats.jsonl"),
                );
            }
            // The translated settings still matter once someone starts using chat again;
            // their steps stay in the plan, but nothing in them blocks.
            for n in needs.iter_mut() {
                n.blocking = Some(false);
            }
        }
        Segment::Segment1 | Segment::Segment2 | Segment::Undetermined => {
            if items.iter().any(|i| i.outcome == Outcome::MigratedByZendesk) {
                needs.push(Need::new(
                    StepId::ReviewMigratedSettings,
                    format!(
                        "{} setting(s) in this plan are marked migrated by Zendesk: copied by the activation or the widget conversion, or already in place.",
                        items.iter().filter(|i| i.outcome == Outcome::MigratedByZendesk).count()
                    ),
                ));
            }
            for b in &brand_names {
                let mut n =
                    Need::new(StepId::TurnOnMessagingPerBrand, "Messaging is turned on for each brand's Web Widget.");
                if let Some(name) = b {
                    n = n.instance(name.clone());
                }
                needs.push(n);
            }
            needs.push(launch_need(history));
            if let Some(n) = capacity_need(capacity) {
                needs.push(n);
            }
            if has_history || account.chat.chats.is_none() {
                needs.push(Need::new(
                    StepId::ExportChatHistory,
                    "Zendesk advises exporting the Chat and Support data you want to keep, as CSV, before a Chat account is upgraded (D-24); this plan applies that advice to the move to messaging, as a precaution [I].",
                ));
            }
            if *segment == Segment::Undetermined {
                needs.push(Need::new(
                    StepId::CompleteExport,
                    format!("Undecided: {}.", undecided.iter().map(|u| u.fact.as_str()).collect::<Vec<_>>().join(", ")),
                ));
            }
        }
    }
}

/// Enabled agents in `chat/agents.json` (an agent without `enabled` counts: the capacity
/// check errs on the side of more).
pub fn enabled_agents(account: &Account) -> Option<u64> {
    account.chat.agents.as_ref().map(|list| list.iter().filter(|a| a.enabled.is_none_or(|f| f.get())).count() as u64)
}

/// D-10: launch off-peak; with a history, the quietest window of the week.
fn launch_need(history: Option<&HistorySummary>) -> Need {
    let mut n = Need::new(
        StepId::LaunchWebWidgetOffPeak,
        "Active accounts launch the messaging Web Widget in off-peak hours after closing live chats.",
    );
    if let Some(h) = history {
        if let (Some(w), Some(t)) = (&h.launch_window, &h.traffic) {
            n = n
                .detail(format!(
                    "Quietest {}-hour window of the week: {} (over {} weeks of chat/chats.jsonl, {} to {}; time zone {}).",
                    w.hours,
                    w.text,
                    w.weeks,
                    t.first_day,
                    t.last_day,
                    h.time_zone.source.label()
                ))
                .source(history::SOURCE);
        }
    }
    n
}

/// D-18: a review when a figure is near or over messaging's recommended limits.
fn capacity_need(c: &Capacity) -> Option<Need> {
    let concerns: Vec<String> = c.concerns().map(CapacityCheck::sentence).collect();
    if concerns.is_empty() {
        return None;
    }
    let mut n = Need::new(
        StepId::ReviewCapacity,
        format!("The account is near or over messaging's recommended capacity: {}.", concerns.join("; ")),
    );
    for check in c.concerns() {
        n = n.source(match check.figure {
            CapacityFigure::Agents => "chat/agents.json",
            _ => history::SOURCE,
        });
    }
    Some(n.detail(c.limits.note.clone()))
}

/// What the plan warns about in the history: skipped lines, a file out of export order,
/// chat types it does not know, and a `--timezone` the account's own time zone overrode.
fn history_warnings(r: &HistoryReport, flag_tz: Option<&str>) -> Vec<Warning> {
    let h = &r.summary;
    let warn = |code: &str, message: String| Warning {
        code: code.to_owned(),
        message,
        source: Some(history::SOURCE.to_owned()),
        refs: vec![],
        blocking: false,
    };
    let mut w = Vec::new();
    for b in &r.bad_lines {
        w.push(warn("history-bad-line", format!("line {} skipped: {}", b.line, b.reason)));
    }
    let shown = r.bad_lines.len() as u64;
    if h.bad_lines > shown {
        w.push(warn(
            "history-bad-line",
            format!(
                "{} more bad lines skipped ({} of {} in all); check how the file was written if the figures matter",
                h.bad_lines - shown,
                h.bad_lines,
                h.objects + h.bad_lines
            ),
        ));
    }
    if h.out_of_order > 0 {
        w.push(warn(
            "history-out-of-order",
            format!(
                "update_timestamp goes backwards at {} place(s): the file is not in export order, so for a chat that appears twice the later line was used, which may not be its latest version; export the history again in one run to be sure",
                h.out_of_order
            ),
        ));
    }
    if r.unknown_kinds > 0 {
        w.push(warn(
            "history-unknown-type",
            format!(
                "{} chat object(s) have a type other than chat or offline_msg; they were counted as chats",
                r.unknown_kinds
            ),
        ));
    }
    if let Some(flag) = flag_tz {
        if h.time_zone.source == TimeZoneSource::OperatingHours && h.time_zone.name != flag {
            w.push(Warning {
                code: "timezone-flag-unused".into(),
                message: format!(
                    "--timezone {flag} was not used: chat/operating_hours.json gives the account's time zone, {}",
                    h.time_zone.name
                ),
                source: Some("chat/operating_hours.json".into()),
                refs: vec![],
                blocking: false,
            });
        }
    }
    w
}
