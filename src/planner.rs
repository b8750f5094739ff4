//! From a loaded export to a plan: scan the history, classify, translate, add the steps
//! every account of its segment needs, and collect the warnings.

use crate::classify;
use crate::error::InputError;
use crate::export::{Export, FileState};
use crate::history::{self, HistoryOptions, HistoryStats};
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
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions { activation: ActivationPath::Assisted, max_bad_history_fraction: 0.01, activation_date: None }
    }
}

/// Make the plan for one loaded account. Fails only on a history file too damaged to use.
pub fn plan(export: &Export, options: &PlanOptions) -> Result<Plan, InputError> {
    let window = classify::window(export.manifest.exported_at);
    let history: Option<HistoryStats> = match &export.chat.chats {
        Some(path) => {
            let mut stats = history::scan(
                path,
                &HistoryOptions { window: window.clone(), max_bad_fraction: options.max_bad_history_fraction },
            )?;
            stats.partial = export
                .manifest
                .resources
                .get("chat/chats.jsonl")
                .is_some_and(|r| r.status == crate::export::manifest::ResourceState::Partial);
            Some(stats)
        }
        None => None,
    };
    let classification = classify::classify(export, history.as_ref());
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
    if let Some(h) = &history {
        for (line, reason) in &h.bad_lines {
            warnings.push(Warning {
                code: "history-bad-line".into(),
                message: format!("line {line} skipped: {reason}"),
                source: Some("chat/chats.jsonl".into()),
                refs: vec![],
                blocking: false,
            });
        }
        if h.bad_line_count > h.bad_lines.len() as u64 {
            warnings.push(Warning {
                code: "history-bad-line".into(),
                message: format!("{} more bad lines skipped", h.bad_line_count - h.bad_lines.len() as u64),
                source: Some("chat/chats.jsonl".into()),
                refs: vec![],
                blocking: false,
            });
        }
    }
    warnings.append(&mut out.warnings);

    let mut needs = std::mem::take(&mut out.needs);
    segment_steps(export, &classification.segment, &out.items, &mut needs, &out.undecided, history.as_ref());
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
            history: history.as_ref().map(HistoryStats::to_plan_value),
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
    history: Option<&HistoryStats>,
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
            needs.push(Need::new(
                StepId::LaunchWebWidgetOffPeak,
                "Active accounts launch the messaging Web Widget in off-peak hours after closing live chats.",
            ));
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
