//! Which of Zendesk's groups an account falls in, and why (D-4, D-5).
//!
//! - **inactive**: no tickets in the 30 days before `exported_at` (D-4);
//! - **segment 1**: active, single brand, and none of operating hours, pre-chat form,
//!   offline form, visitor authentication (D-5);
//! - **segment 2**: active, and multi-brand or using any of the four (D-5);
//! - **undetermined**: a fact that decides it is not in the export. The plan never
//!   guesses; it lists the segments the known facts still allow and the file that would
//!   decide.
//!
//! Zendesk's wording calls both segments "high traffic" (D-5) but gives no threshold: the
//! traffic figure is reported and decides nothing; the segment follows complexity and
//! brands, which is this plan's reading of D-5 (digest: "an inference, mark it so").
//! "Tickets" in D-4 are tickets of any channel: an export with no chat ticket but other
//! tickets in the window is active.

use crate::account::{Account, FileState};
use crate::plan::history::HistorySummary;
use crate::plan::{
    Activity, Brands, Classification, Evidence, Feature, FeatureState, Features, Known, Reason, ReasonCode, Segment,
    Traffic, TrafficLevel, Warning, Window,
};
use crate::refs;
use crate::text::{capitalize, join_and, plural, thousands};

pub(crate) fn classify(account: &Account, history: Option<&HistorySummary>) -> Classification {
    let window = Window::thirty_days_before(account.manifest.exported_at);
    let activity = activity(account, history);
    let traffic = traffic(&activity);
    let brands = brands(account);
    let features = features(account);
    let mut reasons = Vec::new();

    let day = account.manifest.exported_at.0.strftime("%Y-%m-%d").to_string();
    // Activity (D-4).
    let from = activity.source.as_deref().map_or("the export", source_label);
    match activity.active {
        Known::Yes => reasons.push(Reason {
            code: ReasonCode::Active,
            text: match (activity.chat_tickets, activity.tickets) {
                (Some(0), Some(t)) => format!(
                    "Active: no chat ticket, but {} in the 30 days before {day} ({from}); the rule counts tickets of any channel, and one is enough (D-4).",
                    plural(t, "ticket")
                ),
                _ => format!(
                    "Active: {} in the 30 days before {day} ({from}); one ticket is enough to make an account active.",
                    activity_figure(&activity)
                ),
            },
            refs: refs::list(&["D-4", "D-5"]),
        }),
        Known::No => {
            let (counted, note) = match (activity.chat_tickets, activity.tickets) {
                (_, Some(0)) => ("no ticket at all", ""),
                (Some(0), None) => ("no chat ticket", "; the export has no count of other tickets"),
                _ => ("no ticket", ""),
            };
            let chats = activity.chats.filter(|c| *c > 0).map_or_else(String::new, |c| {
                format!(
                    " {} started in the window without a ticket: someone still reaches live chat, so check who answers before relying on that.",
                    plural(c, "chat")
                )
            });
            reasons.push(Reason {
                code: ReasonCode::Inactive,
                text: format!(
                    "Inactive: {counted} in the 30 days before {day} ({from}{note}); Zendesk turns messaging on at account level with no effect on current support work.{chats}"
                ),
                refs: refs::list(&["D-4"]),
            });
        }
        Known::Unknown => reasons.push(Reason {
            code: ReasonCode::ActivityUnknown,
            text: match activity.chat_tickets {
                Some(0) => format!(
                    "Activity unknown: no chat ticket in the 30 days before {day} ({from}), but the export has no count of the other tickets; any ticket makes an account active, so the plan does not guess between inactive and active.{}",
                    activity.chats.filter(|c| *c > 0).map_or_else(String::new, |c| format!(" {} started in the window without a ticket.", plural(c, "chat")))
                ),
                _ => "Activity unknown: the export has neither a chat history nor a ticket count, so the plan does not guess between inactive and active.".into(),
            },
            refs: refs::list(&["D-4"]),
        }),
    }

    let used: Vec<&str> =
        features.all().into_iter().filter(|(_, f)| f.state == FeatureState::Used).map(|(n, _)| n).collect();
    let unknown: Vec<&str> =
        features.all().into_iter().filter(|(_, f)| f.state == FeatureState::Unknown).map(|(n, _)| n).collect();

    if activity.active != Known::No {
        for ((name, f), (uses, unknown)) in features.all().into_iter().zip(Features::codes()) {
            match f.state {
                FeatureState::Used => reasons.push(Reason {
                    code: uses,
                    text: format!("Uses {name}: high complexity."),
                    refs: refs::list(&["D-5"]),
                }),
                FeatureState::Unknown => reasons.push(Reason {
                    code: unknown,
                    text: format!("Whether the account uses {name} is unknown: {}.", f.source),
                    refs: refs::list(&["D-5"]),
                }),
                FeatureState::NotUsed => {}
            }
        }
        match brands.multi_brand {
            Known::Yes => reasons.push(Reason {
                code: ReasonCode::MultiBrand,
                text: format!("Multi-brand: {} active brands.", brands.active.unwrap_or_default()),
                refs: refs::list(&["D-5"]),
            }),
            Known::Unknown => reasons.push(Reason {
                code: ReasonCode::BrandsUnknown,
                text: "The number of brands is unknown: support/brands.json was not exported.".into(),
                refs: refs::list(&["D-5"]),
            }),
            Known::No => {
                // Whether inactive brands count is not in D-5; the decision rests on our
                // reading, so say so where it could change the segment.
                let inactive = brands.total.unwrap_or_default().saturating_sub(brands.active.unwrap_or_default());
                if inactive > 0 {
                    reasons.push(Reason {
                        code: ReasonCode::InactiveBrands,
                        text: format!(
                            "Single brand: {} active brand, and {} not counted. D-5 says \"single brand\" without saying whether inactive brands count; this plan counts the brands whose Web Widget can go live [I].{}",
                            brands.active.unwrap_or_default(),
                            plural(inactive, "inactive brand"),
                            if used.is_empty() {
                                " If Zendesk counts them, the account is multi-brand and segment 2."
                            } else {
                                ""
                            }
                        ),
                        refs: refs::list(&["D-5"]),
                    });
                }
            }
        }
    }

    let complex = !used.is_empty() || brands.multi_brand == Known::Yes;
    let simple = used.is_empty() && unknown.is_empty() && brands.multi_brand == Known::No;
    let (segment, possible) = match activity.active {
        Known::No => (Segment::Inactive, vec![]),
        Known::Yes if complex => (Segment::Segment2, vec![]),
        Known::Yes if simple => (Segment::Segment1, vec![]),
        Known::Yes => (Segment::Undetermined, vec![Segment::Segment1, Segment::Segment2]),
        Known::Unknown => {
            let mut p = vec![Segment::Inactive];
            if complex {
                p.push(Segment::Segment2);
            } else if simple {
                p.push(Segment::Segment1);
            } else {
                p.extend([Segment::Segment1, Segment::Segment2]);
            }
            (Segment::Undetermined, p)
        }
    };
    match segment {
        Segment::Segment1 => reasons.push(Reason {
            code: ReasonCode::Segment1,
            text: "Single brand and none of operating hours, pre-chat form, offline form or visitor authentication: segment 1, the fewest setup tasks (this plan's reading of Zendesk's segment rule; traffic decides nothing, as no threshold is given).".into(),
            refs: refs::list(&["D-5", "D-11"]),
        }),
        Segment::Segment2 => {
            let mut why = Vec::new();
            if brands.multi_brand == Known::Yes {
                why.push("multi-brand".to_owned());
            }
            if !used.is_empty() {
                why.push(format!("uses {}", join_and(&used)));
            }
            reasons.push(Reason {
                code: ReasonCode::Segment2,
                text: format!(
                    "Active and {}: segment 2 (this plan's reading of Zendesk's segment rule). Zendesk also guides segment 2 through its own steps in Admin Center, tailored to the account; this plan complements that guide.",
                    why.join(" and ")
                ),
                refs: refs::list(&["D-5", "D-12"]),
            });
        }
        Segment::Undetermined if activity.active == Known::Yes => reasons.push(Reason {
            code: ReasonCode::Undetermined,
            text: format!(
                "Active, but segment 1 or 2 depends on facts not exported ({}); the plan lists the steps either would need.",
                undetermined_facts(&unknown, &brands)
            ),
            refs: refs::list(&["D-5"]),
        }),
        Segment::Undetermined => reasons.push(Reason {
            code: ReasonCode::Undetermined,
            text: format!(
                "Segment undetermined: if the account had no ticket in the window it is inactive, otherwise {}.",
                possible
                    .iter()
                    .filter(|s| **s != Segment::Inactive)
                    .map(|s| s.label())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            refs: refs::list(&["D-4", "D-5"]),
        }),
        Segment::Inactive => {}
    }
    Classification { segment, possible, evidence: Evidence { window, activity, traffic, brands, features }, reasons }
}

fn undetermined_facts(unknown: &[&str], brands: &Brands) -> String {
    let mut v: Vec<String> = unknown.iter().map(|s| (*s).to_owned()).collect();
    if brands.multi_brand == Known::Unknown {
        v.push("brands".into());
    }
    v.join(", ")
}

fn activity_figure(a: &Activity) -> String {
    match (a.chat_tickets, a.tickets) {
        (Some(c), _) => plural(c, "chat ticket"),
        (None, Some(t)) => plural(t, "ticket"),
        (None, None) => "tickets".into(),
    }
}

/// Where the activity figure comes from, in the contract's order: the chat history, then
/// `chat_tickets_last_30_days`, then `tickets_last_30_days` (export-format.md). One ticket
/// makes an account active (D-4), so a history that counts no chat ticket does not make the
/// account inactive when `chat_tickets_last_30_days` counts some: the positive figure
/// decides, and [`activity_warnings`] says that the two disagree.
const CHAT_TICKETS: &str = "support/account.json#chat_tickets_last_30_days";
const TICKETS: &str = "support/account.json#tickets_last_30_days";

/// Where an activity figure came from, in an admin's words (the JSON keeps the file key).
pub(crate) fn source_label(source: &str) -> &'static str {
    match source {
        "chat/chats.jsonl" => "the chat history",
        CHAT_TICKETS => "Support's count of chat tickets",
        TICKETS => "Support's count of tickets",
        _ => "the export",
    }
}

/// Active or not from the chat tickets of the window and the count of all tickets, when
/// the export has one. D-4 counts tickets of any channel: a chat ticket, or any other
/// ticket, makes the account active; no chat ticket shows it inactive only when the count
/// of all tickets is known to be zero too. Without that count the plan does not guess.
fn decide(chat_tickets: u64, all_tickets: Option<u64>) -> Known {
    match (chat_tickets, all_tickets) {
        (c, _) if c > 0 => Known::Yes,
        (_, Some(t)) if t > 0 => Known::Yes,
        (_, Some(_)) => Known::No,
        (_, None) => Known::Unknown,
    }
}

fn activity(account: &Account, history: Option<&HistorySummary>) -> Activity {
    let account = account.support.account.as_ref();
    let chat_tickets_fact = account.and_then(|a| a.chat_tickets_last_30_days);
    let tickets_fact = account.and_then(|a| a.tickets_last_30_days);
    if let Some(h) = history {
        // A history that stopped part way can prove activity but not inactivity.
        let overruled = h.chat_tickets_in_window == 0 && chat_tickets_fact.is_some_and(|n| n > 0);
        if (h.chat_tickets_in_window > 0 || !h.partial) && !overruled {
            // D-4 counts tickets of any channel: no chat ticket but other tickets is active.
            return Activity {
                active: decide(h.chat_tickets_in_window, tickets_fact),
                chat_tickets: Some(h.chat_tickets_in_window),
                tickets: tickets_fact.filter(|_| h.chat_tickets_in_window == 0),
                chats: Some(h.chats_in_window),
                // No chat ticket: the count of all tickets decides (D-4).
                source: Some(
                    if h.chat_tickets_in_window == 0 && tickets_fact.is_some() { TICKETS } else { "chat/chats.jsonl" }
                        .into(),
                ),
            };
        }
    }
    if let Some(n) = chat_tickets_fact {
        return Activity {
            active: decide(n, tickets_fact),
            chat_tickets: Some(n),
            tickets: tickets_fact,
            chats: None,
            source: Some(if n == 0 && tickets_fact.is_some() { TICKETS } else { CHAT_TICKETS }.into()),
        };
    }
    if let Some(n) = tickets_fact {
        return Activity {
            active: if n > 0 { Known::Yes } else { Known::No },
            chat_tickets: None,
            tickets: Some(n),
            chats: None,
            source: Some(TICKETS.into()),
        };
    }
    Activity { active: Known::Unknown, chat_tickets: None, tickets: None, chats: None, source: None }
}

/// The activity figures of the export that disagree about inactive versus active (D-4),
/// each as a warning that says which figure decided and how to check. Zendesk's notice
/// tells the two apart as well: 30 days before activation for an inactive account, about
/// 60 for an active one (D-4, D-6).
pub(crate) fn activity_warnings(account: &Account, history: Option<&HistorySummary>) -> Vec<Warning> {
    let account = account.support.account.as_ref();
    let mut chat_figures: Vec<(&str, u64)> = Vec::new();
    if let Some(h) = history {
        // A partial history proves activity only.
        if h.chat_tickets_in_window > 0 || !h.partial {
            chat_figures.push(("chat/chats.jsonl", h.chat_tickets_in_window));
        }
    }
    if let Some(n) = account.and_then(|a| a.chat_tickets_last_30_days) {
        chat_figures.push((CHAT_TICKETS, n));
    }
    let zero = chat_figures.iter().find(|(_, n)| *n == 0);
    let positive = chat_figures.iter().find(|(_, n)| *n > 0);
    let mut out = Vec::new();
    if let (Some((zero_src, _)), Some((pos_src, n))) = (zero, positive) {
        out.push(Warning {
            code: "activity-figures-disagree".into(),
            message: format!(
                "{} counts no chat ticket in the 30 days before the export, but {} counts {}: the plan treats the account as active, since one ticket is enough (D-4). Check which figure is right before relying on the plan; Zendesk's notice also tells: about 60 days before activation for an active account, 30 for an inactive one (D-6).",
                capitalize(source_label(zero_src)),
                source_label(pos_src),
                thousands(*n)
            ),
            source: Some((*zero_src).to_owned()),
            refs: refs::list(&["D-4", "D-6"]),
            blocking: false,
        });
    }
    out
}

fn traffic(a: &Activity) -> Traffic {
    let figure = match (a.chat_tickets, a.tickets) {
        (Some(0), Some(t)) => Some(t),
        (c, t) => c.or(t),
    };
    let Some(n) = figure else {
        return Traffic {
            tickets_per_day: None,
            level: TrafficLevel::Unknown,
            note: "Traffic unknown: no ticket figure was exported.".into(),
        };
    };
    let per_day = (n as f64 / 30.0 * 10.0).round() / 10.0;
    let what = if a.chat_tickets.is_some_and(|c| c > 0 || a.tickets.is_none()) { "chat ticket" } else { "ticket" };
    let (level, note) = if n == 0 {
        (TrafficLevel::None, format!("No {what} in the window."))
    } else {
        (
            TrafficLevel::Some,
            format!(
                "{} in 30 days (about {per_day} a day). The sources give no traffic threshold, so traffic does not decide the segment.",
                plural(n, what)
            ),
        )
    };
    Traffic { tickets_per_day: Some(per_day), level, note }
}

fn brands(account: &Account) -> Brands {
    match &account.support.brands {
        None => Brands {
            active: None,
            total: None,
            multi_brand: Known::Unknown,
            source: "support/brands.json not exported".into(),
        },
        Some(list) => {
            let active = list.iter().filter(|b| b.is_active()).count() as u64;
            Brands {
                active: Some(active),
                total: Some(list.len() as u64),
                multi_brand: if active > 1 { Known::Yes } else { Known::No },
                source: "support/brands.json".into(),
            }
        }
    }
}

fn features(account: &Account) -> Features {
    use crate::account::facts::Origin;
    let widget = account.chat.widget.as_ref();
    // A file `migrate answer` wrote says so; any other was written or completed by hand.
    let widget_origin = Some(widget.and_then(|w| w.origin).unwrap_or(Origin::ExportFile));
    let widget_state = account.state("chat/widget.json");
    let widget_missing = |what: &str| -> Feature {
        Feature {
            state: FeatureState::Unknown,
            source: match widget_state {
                FileState::Template => "chat/widget.json is an unfilled template".into(),
                _ if widget.is_some() => format!("chat/widget.json has no {what}"),
                _ => "chat/widget.json not exported".into(),
            },
            origin: None,
        }
    };

    let operating_hours = match (&account.chat.operating_hours, account.state("chat/operating_hours.json")) {
        (Some(h), _) => Feature {
            state: if h.enabled.get() { FeatureState::Used } else { FeatureState::NotUsed },
            source: format!(
                "chat/operating_hours.json: enabled {}{}",
                h.enabled.get(),
                if h.enabled.get() { format!(", {} schedule", kind_label(h.kind())) } else { String::new() }
            ),
            origin: Some(h.origin.unwrap_or(Origin::ExportFile)),
        },
        (None, FileState::Template) => Feature {
            state: FeatureState::Unknown,
            source: "chat/operating_hours.json is an unfilled template".into(),
            origin: None,
        },
        (None, _) => {
            // A Chat plan without operating hours cannot use them.
            let plan_has =
                account.chat.account.as_ref().and_then(|a| a.subscription.as_ref()).and_then(|p| p.operating_hours);
            match plan_has {
                Some(f) if !f.get() => Feature {
                    state: FeatureState::NotUsed,
                    source: "chat/account.json: the Chat plan has no operating hours".into(),
                    origin: Some(Origin::Api),
                },
                _ => Feature {
                    state: FeatureState::Unknown,
                    source: "chat/operating_hours.json not exported".into(),
                    origin: None,
                },
            }
        }
    };

    let form = |f: Option<&crate::account::widget::Form>, what: &str, key: &str| match f {
        Some(form) => Feature {
            state: if form.enabled.get() { FeatureState::Used } else { FeatureState::NotUsed },
            source: format!("chat/widget.json: {key}.enabled {}", form.enabled.get()),
            origin: widget_origin,
        },
        None => widget_missing(what),
    };
    let pre_chat_form = form(widget.and_then(|w| w.pre_chat_form.as_ref()), "pre_chat_form", "pre_chat_form");
    let offline_form = form(widget.and_then(|w| w.offline_form.as_ref()), "offline_form", "offline_form");

    let js_auth = widget
        .and_then(|w| w.js_api_calls.as_ref())
        .is_some_and(|calls| calls.iter().any(|c| c.contains("jwtFn") || c.contains("authenticate")));
    let site_auth =
        account.chat.site_scan.as_ref().is_some_and(|s| s.findings.iter().any(|f| f.verdict == "visitor-auth"));
    let visitor_authentication = match widget.and_then(|w| w.visitor_authentication.as_ref()) {
        // On without a shared secret in the export still counts as used: the setting is
        // what Zendesk's segment rule reads (D-5); the secret is often left out of a
        // hand-made export on purpose. The source says so, for the admin to confirm.
        Some(a) if a.enabled.get() => Feature {
            state: FeatureState::Used,
            source: if a.shared_secret.is_some() {
                "chat/widget.json: visitor_authentication.enabled true".into()
            } else {
                "chat/widget.json: visitor_authentication.enabled true, no shared_secret exported (check in Chat that a secret was generated)".into()
            },
            origin: widget_origin,
        },
        _ if js_auth => Feature {
            state: FeatureState::Used,
            source: "chat/widget.json: js_api_calls pass a JWT (jwtFn)".into(),
            origin: Some(Origin::ExportFile),
        },
        // Visitor authentication found in the site's code by `migrate scan-site` (D-5). The
        // stored scan is a file of the account directory; no origin of its own yet.
        _ if site_auth => Feature {
            state: FeatureState::Used,
            source: "chat/site_scan.json: the site's code passes a JWT (jwtFn)".into(),
            origin: Some(Origin::ExportFile),
        },
        Some(_) => Feature {
            state: FeatureState::NotUsed,
            source: "chat/widget.json: visitor_authentication.enabled false".into(),
            origin: widget_origin,
        },
        None => widget_missing("visitor_authentication"),
    };
    Features { operating_hours, pre_chat_form, offline_form, visitor_authentication }
}

fn kind_label(k: crate::account::hours::HoursKind) -> &'static str {
    match k {
        crate::account::hours::HoursKind::Account => "account",
        crate::account::hours::HoursKind::Department => "department",
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::{Feature, FeatureState, Features, ReasonCode};

    /// Each feature's codes are the ones of its label (`uses-pre-chat-form`), in the order of
    /// `Features::all`: the codes are fixed names, no longer made from the labels, and the
    /// two lists must not drift apart.
    #[test]
    fn feature_codes_follow_the_features_in_order() {
        let f = Feature { state: FeatureState::Used, source: String::new(), origin: None };
        let features = Features {
            operating_hours: f.clone(),
            pre_chat_form: f.clone(),
            offline_form: f.clone(),
            visitor_authentication: f,
        };
        for ((label, _), (uses, unknown)) in features.all().into_iter().zip(Features::codes()) {
            let slug = label.replace(' ', "-");
            assert_eq!(uses.as_str(), format!("uses-{slug}"));
            assert_eq!(unknown.as_str(), format!("unknown-{slug}"));
        }
        assert_eq!(ReasonCode::parse("low-traffic"), None, "removed in format 2");
    }
}
