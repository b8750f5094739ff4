//! Pre-chat and offline forms → the default messaging response (mapping.md §8, K9, K2).
//!
//! The pre-chat form becomes the response's "customer details" step (name and email are
//! built in; other fields become end-user-editable ticket fields: phone → text, department
//! → drop-down) and its greeting the first message. The offline form becomes the
//! outside-business-hours tab, which is only used when the channel has a schedule.

use super::{Context, item};
use crate::account::FileState;
use crate::account::widget::{Form, FormField};
use crate::plan::payload::{AdoptBy, ApiCall, CallKey, CustomerDetail, Object, Payload, ResponsePayload};
use crate::plan::{FeatureState, Outcome, Section};
use crate::steps::{Need, StepId};

const FILE: &str = "chat/widget.json";

pub fn translate(ctx: &mut Context) {
    let widget = ctx.account.chat.widget.as_ref();
    let state = ctx.account.state(FILE);
    let Some(widget) = widget else {
        let why = if state == FileState::Template { "is an unfilled template" } else { "was not exported" };
        ctx.undecided("pre_chat_form", &[FILE], format!("{FILE} {why}: the pre-chat form was not translated"));
        ctx.undecided("offline_form", &[FILE], format!("{FILE} {why}: the offline form was not translated"));
        return;
    };
    match &widget.pre_chat_form {
        Some(form) => pre_chat(ctx, form),
        None => ctx.undecided("pre_chat_form", &[FILE], "chat/widget.json has no pre_chat_form"),
    }
    match &widget.offline_form {
        Some(form) => offline(ctx, form),
        None => ctx.undecided("offline_form", &[FILE], "chat/widget.json has no offline_form"),
    }
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// The call that creates a ticket field for a form field (support-api.md §5), found again
/// by its title.
fn ticket_field(source: &str, chat_field: &str, body: serde_json::Value) -> ApiCall {
    let title = body["title"].clone();
    ApiCall::create(
        CallKey::new(source, &format!("ticket_field/{chat_field}")),
        Object::TicketField,
        "/api/v2/ticket_fields",
        serde_json::json!({ "ticket_field": body }),
    )
    .adopt_by(AdoptBy::field("title", title))
}

/// Map the form's fields (of the item `source`); returns the details, the ticket fields to
/// create, and notes.
fn map_fields(ctx: &Context, source: &str, fields: &[FormField]) -> (Vec<CustomerDetail>, Vec<ApiCall>, Vec<String>) {
    let mut details = Vec::new();
    let mut ticket_fields = Vec::new();
    let mut notes = Vec::new();
    let mut optional = Vec::new();
    for f in fields {
        let name = f.name.to_ascii_lowercase();
        let title = f.label.clone();
        let required = f.is_required();
        let detail = match name.as_str() {
            "name" => CustomerDetail {
                chat_field: f.name.clone(),
                messaging: "name".into(),
                title: None,
                required_in_chat: required,
                note: None,
            },
            "email" => CustomerDetail {
                chat_field: f.name.clone(),
                messaging: "email".into(),
                title: None,
                required_in_chat: required,
                note: Some("End-user addresses with extended characters (umlauts, accents) are refused (D-27).".into()),
            },
            "message" | "question" => CustomerDetail {
                chat_field: f.name.clone(),
                messaging: "none".into(),
                title: None,
                required_in_chat: required,
                note: Some("The customer's own first message starts the conversation; no field is needed.".into()),
            },
            "department" => {
                let options = department_choices(f.options.as_deref(), ctx.account);
                let t = title.clone().unwrap_or_else(|| "Department".into());
                ticket_fields.push(ticket_field(
                    source,
                    &f.name,
                    serde_json::json!({
                        "type": "tagger",
                        "title": t,
                        "title_in_portal": t,
                        "visible_in_portal": true,
                        "editable_in_portal": true,
                        "custom_field_options": options.iter().map(|o| serde_json::json!({"name": o, "value": format!("department_{}", slug(o))})).collect::<Vec<_>>(),
                    }),
                ));
                if options.is_empty() {
                    notes.push("The department drop-down has no options: chat/departments.json was not exported; add one option per department.".into());
                }
                CustomerDetail {
                    chat_field: f.name.clone(),
                    messaging: "ticket_field".into(),
                    title: Some(t),
                    required_in_chat: required,
                    note: Some("Messaging has no department picker: a drop-down ticket field plus a ticket trigger that sets the group from it (see the step that maps departments to groups) is our proposal, not a documented equivalent [I].".into()),
                }
            }
            _ => {
                let t = title.clone().unwrap_or_else(|| capitalise(&f.name));
                ticket_fields.push(ticket_field(
                    source,
                    &f.name,
                    serde_json::json!({
                        "type": "text",
                        "title": t,
                        "title_in_portal": t,
                        "visible_in_portal": true,
                        "editable_in_portal": true,
                    }),
                ));
                CustomerDetail {
                    chat_field: f.name.clone(),
                    messaging: "ticket_field".into(),
                    title: Some(t),
                    required_in_chat: required,
                    note: Some(if name == "phone" {
                        "Phone becomes a custom text ticket field (our proposal [I]; K9 allows text and drop-down fields).".into()
                    } else {
                        "Becomes a custom text ticket field (our proposal [I]; K9 allows text and drop-down fields)."
                            .into()
                    }),
                }
            }
        };
        if !required && detail.messaging != "none" {
            optional.push(f.name.clone());
        }
        details.push(detail);
    }
    if !optional.is_empty() {
        notes.push(format!(
            "Optional in Chat, mandatory in messaging (every customer-details field is): {}; drop the ones you do not want to require.",
            optional.join(", ")
        ));
    }
    (details, ticket_fields, notes)
}

/// On the assisted path the migration fills the response in (K2): the step is a check.
const ASSISTED_RESPONSE: &str = "The assisted migration sets this response up from the Chat form (K2): compare it with this plan's payload and fix what differs rather than starting again.";

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>().replace('_', " "),
        None => String::new(),
    }
}

/// The two Chat forms and what each becomes: they share everything but these.
#[derive(Clone, Copy, Debug)]
struct Kind {
    /// The key in `chat/widget.json`.
    key: &'static str,
    /// The item's target when the form is off, and why.
    off_target: &'static str,
    off_reason: &'static str,
    step: StepId,
    /// Why the step is needed.
    on: &'static str,
}

const PRE_CHAT: Kind = Kind {
    key: "pre_chat_form",
    off_target: "Default messaging response without a customer-details step",
    off_reason: "Off in Chat: the messaging response asks for nothing first.",
    step: StepId::ConfigureMessagingResponse,
    on: "The Chat pre-chat form is on.",
};

const OFFLINE: Kind = Kind {
    key: "offline_form",
    off_target: "No outside-business-hours response",
    off_reason: "Off in Chat.",
    step: StepId::ConfigureOutsideHoursResponse,
    on: "The Chat offline form is on.",
};

/// The form's plan source; when the form is off, its item (and `None`: nothing to set up).
fn source_if_on(ctx: &mut Context, kind: Kind, form: &Form) -> Option<String> {
    let source = format!("{FILE}#{}", kind.key);
    if form.enabled.get() {
        return Some(source);
    }
    // Issue 18 #5: with operating hours on, selecting the schedule turns on the channel's
    // outside-hours response (K9), used whenever you are closed, while messaging keeps
    // taking conversations (schedules do not switch agents' status, Z-1). Someone writes it
    // even though the offline form was off. (Team plans have no schedules: the hours
    // translator says what to do instead.)
    let hours_on = ctx.classification.evidence.features.operating_hours.state == FeatureState::Used;
    let schedules =
        ctx.account.support.account.as_ref().and_then(|a| a.tier.as_ref()).is_none_or(|p| p.has_schedules());
    if kind.step == StepId::ConfigureOutsideHoursResponse && hours_on && schedules {
        ctx.item(item(
            Section::Forms,
            source.clone(),
            "Outside-business-hours response to write",
            Outcome::Manual,
            "The offline form is off in Chat, but operating hours are on: once the schedule is selected, the channel answers with its outside-hours response whenever you are closed (K9). Write it.",
            &["K9", "Z-1"],
        ));
        for brand in ctx.brand_names() {
            let mut n = Need::new(
                kind.step,
                "Operating hours are on and the offline form was off: nothing carries an outside-hours answer over.",
            )
            .source(&source);
            if let Some(b) = brand {
                n = n.instance(b);
            }
            ctx.need(n);
        }
        return None;
    }
    ctx.item(item(Section::Forms, source, kind.off_target, Outcome::Translated, kind.off_reason, &["K9"]));
    None
}

/// The form's step, once per brand, with what `details` adds to it.
fn per_brand_steps(ctx: &mut Context, kind: Kind, source: &str, outcome: Outcome, details: &[&str]) {
    for brand in ctx.brand_names() {
        let mut n = Need::new(kind.step, kind.on).source(source);
        if outcome == Outcome::MigratedByZendesk {
            n = n.detail(ASSISTED_RESPONSE);
        }
        for d in details {
            n = n.detail(*d);
        }
        if let Some(b) = brand {
            n = n.instance(b);
        }
        ctx.need(n);
    }
}

fn pre_chat(ctx: &mut Context, form: &Form) {
    let Some(source) = source_if_on(ctx, PRE_CHAT, form) else {
        return;
    };
    let (details, ticket_fields, mut notes) = map_fields(ctx, &source, &form.fields);
    let payload = ResponsePayload {
        tab: "during_business_hours".into(),
        first_message: form.greeting.clone().filter(|g| !g.trim().is_empty()),
        customer_details: details,
        ticket_fields,
    };
    if ctx.classification.evidence.features.visitor_authentication.state == FeatureState::Used {
        notes.push("Signed-in (JWT) users are not asked for name and email (K9).".into());
    }
    let outcome = ctx.wizard_or(Outcome::Translated);
    let mut it = item(
        Section::Forms,
        source.clone(),
        "Default messaging response: first message and customer details (Admin Center > Channels > Messaging and social > Messaging > Responses)",
        outcome,
        if outcome == Outcome::MigratedByZendesk {
            "The migration turns the pre-chat form into the response's customer-details step with an equivalent follow-up message; the payload is what to expect."
        } else {
            "Translated: the greeting becomes the first message, the fields the customer details."
        },
        &["K2", "K9"],
    );
    it.notes = notes;
    let has_fields = !payload.ticket_fields.is_empty();
    it.payload = Some(Payload::Response(payload));
    ctx.item(it);
    let fields_first: &[&str] = if has_fields {
        &[
            "Create the ticket fields in the payload first (Admin Center > Objects and rules > Tickets > Fields), then add them to the customer details.",
        ]
    } else {
        &[]
    };
    per_brand_steps(ctx, PRE_CHAT, &source, outcome, fields_first);
}

fn offline(ctx: &mut Context, form: &Form) {
    let Some(source) = source_if_on(ctx, OFFLINE, form) else {
        return;
    };
    let (details, ticket_fields, mut notes) = map_fields(ctx, &source, &form.fields);
    let hours_used = ctx.classification.evidence.features.operating_hours.state == FeatureState::Used;
    let mut first = form.greeting.clone().filter(|g| !g.trim().is_empty());
    if form.display_operating_hours.is_some_and(|d| d.get()) {
        let hours_text =
            ctx.out.items.iter().find(|i| i.source == "chat/operating_hours.json#account_schedule").and_then(|i| {
                match &i.payload {
                    Some(Payload::Schedule(s)) => Some(s.hours.join(", ")),
                    _ => None,
                }
            });
        match hours_text {
            Some(t) if !t.is_empty() => {
                let tz = ctx.account.chat.operating_hours.as_ref().map(|h| h.timezone.0.clone()).unwrap_or_default();
                first = Some(format!("{} Our hours: {t} ({tz}).", first.unwrap_or_default()).trim().to_owned());
                notes.push("The offline form displayed the operating hours; messaging has no such option, so this payload adds them to the first message (our proposal [I]; Zendesk's migration may not: add them by hand if they are missing).".into());
            }
            _ => notes.push("The offline form displayed the operating hours; messaging has no such option: add them to the first message.".into()),
        }
    }
    notes.push("Messaging always creates a ticket on handoff; agents answer later, asynchronously.".into());
    let payload = ResponsePayload {
        tab: "outside_business_hours".into(),
        first_message: first,
        customer_details: details,
        ticket_fields,
    };
    let (outcome, reason) = if hours_used {
        let o = ctx.wizard_or(Outcome::Translated);
        (
            o,
            if o == Outcome::MigratedByZendesk {
                "The migration turns the offline form into the outside-business-hours tab; the payload is what to expect."
            } else {
                "Translated into the outside-business-hours response; it applies once the channel has the schedule."
            },
        )
    } else {
        (
            Outcome::Manual,
            "The outside-business-hours response needs a schedule on the channel; without business hours the same response is always sent, so decide when \"offline\" applies.",
        )
    };
    let mut it = item(
        Section::Forms,
        source.clone(),
        "Default messaging response, outside-business-hours tab (Admin Center > Channels > Messaging and social > Messaging > Responses)",
        outcome,
        reason,
        &["K2", "K9"],
    );
    it.notes = notes;
    it.payload = Some(Payload::Response(payload));
    ctx.item(it);
    // Not blocking: without a schedule no conversation is lost, it becomes a ticket that
    // agents answer later (mapping §8); only the offline wording is missing.
    let hours: &[&str] = match ctx.classification.evidence.features.operating_hours.state {
        FeatureState::Used => &[],
        FeatureState::NotUsed => &[
            "Chat operating hours are not used, so the channel has no business hours and always sends the business-hours response (K9): Chat showed the offline form whenever no agent was online. Either create a schedule for the hours agents are online and select it on the channel, or move the offline form's wording into the main response. Conversations started while no agent is online still become tickets that agents answer later.",
        ],
        FeatureState::Unknown => &[
            "Whether Chat operating hours are used is not known (see the undecided facts): without a schedule on the channel, the outside-business-hours response never applies (K9). Export chat/operating_hours.json and plan again, or check the channel's business hours by hand.",
        ],
    };
    per_brand_steps(ctx, OFFLINE, &source, outcome, hours);
}

/// What a pre-chat department picker offers: its own list, or else every enabled Chat
/// department (the form translation and the history surprises read it the same way).
pub(crate) fn department_choices(options: Option<&[String]>, account: &crate::account::Account) -> Vec<String> {
    options.map(<[String]>::to_vec).unwrap_or_else(|| {
        account
            .chat
            .departments
            .as_ref()
            .map(|ds| {
                ds.iter()
                    .filter(|d| d.enabled.is_none_or(|e| e.get()))
                    .map(crate::account::chat::Department::label)
                    .collect()
            })
            .unwrap_or_default()
    })
}
