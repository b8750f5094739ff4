//! From a loaded export to a plan: scan the history, classify, translate, add the steps
//! every account of its segment needs, and collect the warnings.

use crate::classify;
use crate::error::InputError;
use crate::export::{Export, FileState};
use crate::history::{self, Capacity, ConcurrentLimit, HistoryOptions, HistoryReport, HistorySummary, Peaks};
use crate::plan::{AccountInfo, ActivationPath, FORMAT_VERSION, Known, Outcome, Plan, Segment, Warning};
use crate::steps::{self, Need, StepId};
use crate::translate;

/// Settings that change what a plan says (not how it is printed).
#[derive(Clone, Debug)]
pub struct PlanOptions {
    pub activation: ActivationPath,
    /// Give up on `chat/chats.jsonl` when more than this fraction of lines is bad.
    pub max_bad_history_fraction: f64,
    /// The day Zendesk activates messaging (`--activation-date`): steps get dates (D-1,
    /// D-4, D-6). Never taken from the clock.
    pub activation_date: Option<jiff::civil::Date>,
    /// Time zone of the history's days and hours when `chat/operating_hours.json` gives
    /// none (`--timezone`).
    pub timezone: Option<String>,
    /// Length of the off-peak launch window, whole hours (`--launch-window`, D-10).
    pub launch_window_hours: u8,
    /// Concurrent conversations to check against (`--concurrent-limit`); D-18's 4,000 when
    /// not given.
    pub concurrent_limit: Option<u64>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            activation: ActivationPath::Assisted,
            max_bad_history_fraction: 0.01,
            activation_date: None,
            timezone: None,
            launch_window_hours: 2,
            concurrent_limit: None,
        }
    }
}

/// Make the plan for one loaded account. Fails only on a history file too damaged to use.
pub fn plan(export: &Export, options: &PlanOptions) -> Result<Plan, InputError> {
    let window = classify::window(export.manifest.exported_at);
    let agents = enabled_agents(export);
    let limit = ConcurrentLimit {
        concurrent: options.concurrent_limit.unwrap_or(history::CONCURRENT_LIMIT),
        from_flag: options.concurrent_limit.is_some(),
    };
    let hours_tz = export.chat.operating_hours.as_ref().map(|h| h.timezone.0.as_str());
    let report: Option<HistoryReport> = match &export.chat.chats {
        Some(path) => {
            let (time_zone, time_zone_used) = history::resolve_time_zone(hours_tz, options.timezone.as_deref());
            Some(history::scan(
                path,
                &HistoryOptions {
                    window: window.clone(),
                    max_bad_fraction: options.max_bad_history_fraction,
                    time_zone,
                    time_zone_used,
                    launch_window_hours: options.launch_window_hours,
                    limits: limit,
                    agents,
                    partial: export
                        .manifest
                        .resources
                        .get(history::SOURCE)
                        .is_some_and(|r| r.status == crate::export::manifest::ResourceState::Partial),
                    threads: None,
                },
            )?)
        }
        None => None,
    };
    let history: Option<&HistorySummary> = report.as_ref().map(|r| &r.summary);
    // Capacity (D-18): from the history when there is one, from the agents alone otherwise.
    let capacity =
        history.map_or_else(|| history::assess_capacity(&Peaks::default(), agents, limit), |h| h.capacity.clone());
    let classification = classify::classify(export, history);
    let mut out = translate::translate(export, &classification, options);

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

    let mut warnings: Vec<Warning> = export
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
    if let Some(r) = &report {
        warnings.extend(history_warnings(r, options.timezone.as_deref()));
    }
    warnings.extend(activity_disagreement(export, &classification));
    warnings.append(&mut out.warnings);

    let mut needs = std::mem::take(&mut out.needs);
    segment_steps(export, &classification.segment, &out.items, &mut needs, &out.undecided, history, &capacity);
    let mut steps_list = steps::build(needs);
    // D-13: when something blocks (a step, or a warning such as the Data Center Location
    // add-on, D-19), the admin may need more time.
    let mut blocking: Vec<String> = steps_list.iter().filter(|s| s.blocking).map(|s| s.id.clone()).collect();
    blocking.extend(warnings.iter().filter(|w| w.blocking).map(|w| w.code.clone()));
    if !blocking.is_empty() && classification.segment != Segment::Inactive {
        let mut extra = steps::build(vec![Need::new(
            StepId::RequestActivationDelay,
            format!("Blocking steps or warnings are open: {}.", dedup(blocking).join(", ")),
        )]);
        steps_list.append(&mut extra);
        steps_list.sort_by_key(|s| s.phase);
    }
    let timeline = options.activation_date.map(|date| {
        crate::timeline::apply(
            date,
            classification.segment,
            export.manifest.exported_at,
            &mut steps_list,
            &mut warnings,
        )
    });

    let files = crate::export::LAYOUT
        .iter()
        .map(|f| ((*f).to_owned(), export.files.get(*f).copied().unwrap_or(FileState::Missing)))
        .collect();
    Ok(Plan {
        format_version: FORMAT_VERSION,
        account: AccountInfo {
            subdomain: export.manifest.subdomain.clone(),
            exported_at: export.manifest.exported_at,
            exported_by: export.manifest.exported_by.clone(),
            activation: options.activation,
            files,
            undecided: out.undecided,
            history: report.map(|r| r.summary),
            timeline,
        },
        classification,
        items: out.items,
        steps: steps_list,
        warnings,
    })
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// Steps that follow from the segment rather than from one setting (D-4, D-10, D-11, D-24).
fn segment_steps(
    export: &Export,
    segment: &Segment,
    items: &[crate::plan::Item],
    needs: &mut Vec<Need>,
    undecided: &[crate::plan::Undecided],
    history: Option<&HistorySummary>,
    capacity: &Capacity,
) {
    let brand_names = translate::brand_names(export);
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
                        "{} setting(s) are migrated by Zendesk on activation.",
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
            if has_history || export.chat.chats.is_none() {
                needs.push(Need::new(
                    StepId::ExportChatHistory,
                    "Chat history is not migrated as such; export what you need to keep first.",
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
fn enabled_agents(export: &Export) -> Option<u64> {
    export.chat.agents.as_ref().map(|list| list.iter().filter(|a| a.enabled.is_none_or(|f| f.get())).count() as u64)
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
    let concerns: Vec<String> = c.concerns().map(history::CapacityCheck::sentence).collect();
    if concerns.is_empty() {
        return None;
    }
    let mut n = Need::new(
        StepId::ReviewCapacity,
        format!("The account is near or over messaging's recommended capacity: {}.", concerns.join("; ")),
    );
    for check in c.concerns() {
        n = n.source(match check.figure {
            history::CapacityFigure::Agents => "chat/agents.json",
            _ => history::SOURCE,
        });
    }
    Some(n.detail(c.limits.note.clone()))
}

/// The history decides the activity before `support/account.json` (export-format.md); when
/// the Support count says the opposite (an empty or cut-down history beside thousands of
/// chat tickets), the plan says so instead of dropping the count unseen (D-4).
fn activity_disagreement(export: &Export, c: &crate::plan::Classification) -> Option<Warning> {
    let a = &c.evidence.activity;
    if a.source.as_deref() != Some(history::SOURCE) {
        return None;
    }
    let account = export.support.account.as_ref()?;
    let (key, n) = match (account.chat_tickets_last_30_days, account.tickets_last_30_days) {
        (Some(n), _) => ("chat_tickets_last_30_days", n),
        (None, Some(n)) => ("tickets_last_30_days", n),
        (None, None) => return None,
    };
    let history_active = a.active == Known::Yes;
    if history_active == (n > 0) {
        return None;
    }
    Some(Warning {
        code: "activity-sources-disagree".into(),
        message: format!(
            "{} has {} chat tickets in the 30 days before the export, but support/account.json#{key} says {}; the history decides the segment, so check that it covers those 30 days (export it again if it was cut short)",
            history::SOURCE,
            crate::classify::thousands(a.chat_tickets.unwrap_or(0)),
            crate::classify::thousands(n),
        ),
        source: Some(history::SOURCE.to_owned()),
        refs: crate::refs::list(&["D-4"]),
        blocking: false,
    })
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
        if h.time_zone.source == history::TimeZoneSource::OperatingHours && h.time_zone.name != flag {
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
