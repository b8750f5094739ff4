//! `migrate answer ACCOUNT_DIR`: the four facts no API gives (D-5), asked one at a time on
//! a terminal, or given by flags and an answers file in a script.
//!
//! Both paths end in the same place: the answers as text go through
//! [`crate::answer::resolve`], which checks them and fills what was not asked from what the
//! export knows, and [`crate::answer::write`] writes the files atomically. On a terminal a
//! bad answer is asked again with what was expected; in a script it is refused (exit 2)
//! and nothing is written.

use std::io::IsTerminal as _;
use std::path::Path;

use anyhow::Result;
use dialoguer::console::{Style, Term};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input, Select};

use crate::account::Account;
use crate::answer::{self, Answers, Given, GivenForm, KnownDefaults, ScheduleScope, week, words};
use crate::cli::AnswerArgs;
use crate::error::UsageError;
use crate::exit_codes::ExitCode;
use crate::interrupt::{Interrupt, OnInterrupt, WriteGuard};
use crate::printer::Printer;

pub fn run(args: &AnswerArgs, ui: &Printer) -> Result<ExitCode> {
    let account = crate::account::load(&args.account)?;
    let mut given = Given::default();
    if let Some(path) = &args.answers {
        given = answer::file::read(path).map_err(|e| {
            let mut u = UsageError::new(e.headline());
            if let Some(h) = &e.hint {
                u = u.with_hint(h.clone());
            }
            u
        })?;
    }
    given = given.overlay(from_flags(args));
    let interactive = !args.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if interactive {
        return ask_and_write(&args.account, &account, &given, ui);
    }
    let which = answer::write::Which { hours: given.touches_hours(), widget: given.touches_widget() };
    if !which.hours && !which.widget {
        return Err(UsageError::new("no answers given, and there is no terminal to ask them on")
            .with_hint(
                "give them as flags (--hours, --pre-chat, --offline-form, --visitor-auth …) or in --answers FILE (docs/cli.md)",
            )
            .into());
    }
    let known = answer::known::known(&account);
    let answers = answer::resolve(&given, &known).map_err(|refused| refusal(&refused))?;
    write(&args.account, &account, &answers, which, ui)
}

/// The flags as given answers.
fn from_flags(a: &AnswerArgs) -> Given {
    Given {
        hours: a.hours.clone(),
        timezone: a.timezone.clone(),
        hours_type: a.hours_type.clone(),
        week: a.week.clone(),
        department_weeks: a
            .department_week
            .iter()
            .map(|s| match s.split_once('=') {
                Some((d, w)) => (d.trim().to_owned(), w.to_owned()),
                None => (s.clone(), String::new()),
            })
            .collect(),
        pre_chat: GivenForm {
            enabled: a.pre_chat.clone(),
            greeting: a.pre_chat_greeting.clone(),
            fields: a.pre_chat_fields.clone(),
            display_operating_hours: None,
        },
        offline: GivenForm {
            enabled: a.offline_form.clone(),
            greeting: a.offline_greeting.clone(),
            fields: a.offline_fields.clone(),
            display_operating_hours: a.offline_shows_hours.clone(),
        },
        visitor_authentication: a.visitor_auth.clone(),
    }
}

/// Every refused answer in one usage error.
fn refusal(refused: &[answer::Refused]) -> anyhow::Error {
    let lines: Vec<String> =
        refused.iter().map(|r| format!("  {}: {}", r.answer, crate::text::display::prose(&r.message))).collect();
    UsageError::new(format!("{} answer(s) refused, nothing was written:\n{}", refused.len(), lines.join("\n")))
        .with_hint("give each on the command line or in --answers FILE (docs/cli.md), or run on a terminal to be asked")
        .into()
}

fn write(
    dir: &Path,
    account: &Account,
    answers: &Answers,
    which: answer::write::Which,
    ui: &Printer,
) -> Result<ExitCode> {
    let previous = std::fs::read(dir.join(answer::write::WIDGET))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
    let guard = WriteGuard::installed();
    let written = answer::write::write(dir, &account.manifest, answers, previous.as_ref(), which);
    drop(guard);
    let written = written?;
    ui.info(&format!("wrote {}: {}", written.join(" and "), summary(answers)));
    ui.info(&format!(
        "\nhint: `migrate plan {}` now decides the segment from these answers",
        crate::text::display::prose(&dir.display().to_string())
    ));
    Ok(ExitCode::Success)
}

/// The answers in one line.
pub fn summary(a: &Answers) -> String {
    let on = |b: bool| if b { "on" } else { "off" };
    let hours = if a.hours.enabled {
        match a.hours.kind {
            ScheduleScope::Account => {
                format!("operating hours on ({}, {})", a.hours.timezone, week::format(&a.hours.week))
            }
            ScheduleScope::Department => format!(
                "operating hours on ({}, {} department schedule(s))",
                a.hours.timezone,
                a.hours.departments.len()
            ),
        }
    } else {
        "operating hours off".to_owned()
    };
    format!(
        "{hours}; pre-chat form {}; offline form {}; visitor authentication {}",
        on(a.pre_chat.enabled),
        on(a.offline.enabled),
        on(a.visitor_authentication)
    )
}

/// Ask the four facts on the terminal (stderr), then write them. Ctrl-C or Esc at any
/// question writes nothing (exit 130).
pub fn ask_and_write(dir: &Path, account: &Account, given: &Given, ui: &Printer) -> Result<ExitCode> {
    let known = answer::known::known(account);
    // Offline messages in the chat history show visitors used the offline form: offered as
    // the default when no file says whether it is on (a hint for the admin, never written
    // without their answer).
    let offline_messages = if known.offline.is_none() {
        crate::pipeline::scan_history(account, &crate::plan::PlanOptions::default())
            .ok()
            .flatten()
            .map(|r| r.summary.offline_messages)
    } else {
        None
    };
    let term = Term::stderr();
    Interrupt::install(ui, ON_INTERRUPT);
    let theme: Box<dyn Theme> =
        if ui.color_stderr() { Box::new(ColorfulTheme::default()) } else { Box::new(SimpleTheme) };
    match ask(&term, theme.as_ref(), &known, given, offline_messages, ui) {
        Ok(Some(answers)) => write(dir, account, &answers, answer::write::Which { hours: true, widget: true }, ui),
        Ok(None) => {
            ui.info("nothing was written");
            Ok(ExitCode::Success)
        }
        Err(e) if is_interrupt(&e) => {
            let _ = term.show_cursor();
            ui.info("\ninterrupted: nothing was written");
            Ok(ExitCode::Interrupted)
        }
        Err(e) => Err(anyhow::Error::new(e).context("cannot ask on the terminal")),
    }
}

/// Ctrl-C while a question is on screen. dialoguer hides the cursor while it waits for a
/// key, and the default SIGINT would leave the terminal that way: show it again, say that
/// nothing was written, and exit 130. Answers are only written after the last question,
/// and an interrupt while they are written is held until the files are in place
/// ([`WriteGuard`]).
const ON_INTERRUPT: OnInterrupt =
    OnInterrupt::Exit { message: "interrupted: nothing was written", cleanup: show_cursor };

fn show_cursor() {
    let _ = Term::stderr().show_cursor();
}

fn is_interrupt(e: &dialoguer::Error) -> bool {
    let dialoguer::Error::IO(io) = e;
    io.kind() == std::io::ErrorKind::Interrupted
}

/// A headed block: the fact, and where to look for it.
fn heading(term: &Term, ui: &Printer, n: u8, title: &str, where_: &str) -> std::io::Result<()> {
    let (bold, dim) =
        if ui.color_stderr() { (Style::new().bold(), Style::new().dim()) } else { (Style::new(), Style::new()) };
    term.write_line("")?;
    term.write_line(&format!("{}", bold.apply_to(format!("{title} ({n} of 4)"))))?;
    for line in where_.lines() {
        term.write_line(&format!("  {}", dim.apply_to(line)))?;
    }
    Ok(())
}

fn confirm(term: &Term, theme: &dyn Theme, prompt: &str, default: Option<bool>) -> dialoguer::Result<bool> {
    let mut c = Confirm::with_theme(theme).with_prompt(prompt).wait_for_newline(true);
    if let Some(d) = default {
        c = c.default(d);
    }
    c.interact_on(term)
}

fn text<F>(term: &Term, theme: &dyn Theme, prompt: &str, default: &str, check: F) -> dialoguer::Result<String>
where
    F: Fn(&str) -> Result<(), String>,
{
    let mut i = Input::<String>::with_theme(theme)
        .with_prompt(prompt)
        .allow_empty(true)
        .validate_with(move |s: &String| check(s));
    if !default.is_empty() {
        i = i.default(default.to_owned()).show_default(true);
    }
    i.interact_text_on(term)
}

/// A given answer (flag or file) that reads, else what the export knows.
fn pick<T>(given: Option<&String>, parse: impl Fn(&str) -> Result<T, String>, known: Option<T>) -> Option<T> {
    given.and_then(|g| parse(g).ok()).or(known)
}

const WHERE_HOURS: &str = "Where: Chat dashboard › Settings › Account › Operating Hours\n(is \"Enable operating hours\" on? which schedule type, time zone and hours?)";
const WHERE_PRE_CHAT: &str = "Where: Chat dashboard › Settings › Widget › Forms › Pre-Chat FormAnswer";
const WHERE_OFFLINE: &str = "Where: Chat dashboard › Settings › Widget › Forms › Offline FormAnswer";
const WHERE_AUTH: &str = "Where: Chat dashboard › Settings › Widget › Widget Security › Visitor Authentication\n(only whether it is on: the shared secret is not needed and is never asked for)";

/// Ask every question; the answers go through the same checks as flags.
fn ask(
    term: &Term,
    theme: &dyn Theme,
    known: &KnownDefaults,
    given: &Given,
    offline_messages: Option<u64>,
    ui: &Printer,
) -> dialoguer::Result<Option<Answers>> {
    let mut out = Given::default();
    let yes_no = |b: bool| if b { "on" } else { "off" }.to_owned();

    // 1. Operating hours.
    let mut where_hours = WHERE_HOURS.to_owned();
    if known.plan_has_operating_hours == Some(false) {
        where_hours.push_str("\nThe export says the Chat plan does not include operating hours.");
    }
    heading(term, ui, 1, "Operating hours", &where_hours)?;
    let earlier = known.hours.as_ref();
    let on_default = pick(given.hours.as_ref(), words::on_off, earlier.map(|h| h.enabled))
        .or(known.plan_has_operating_hours.filter(|p| !p));
    let on = confirm(term, theme, "Are operating hours on?", on_default)?;
    out.hours = Some(yes_no(on));
    if on {
        let tz_default = given
            .timezone
            .clone()
            .or_else(|| earlier.filter(|h| h.enabled).map(|h| h.timezone.clone()))
            .or_else(|| known.timezone_hint.clone())
            .unwrap_or_default();
        let tz = text(term, theme, "Time zone (an IANA name such as Europe/Berlin)", &tz_default, |s| {
            answer::model::timezone(s).map(|_| ())
        })?;
        out.timezone = Some(tz);
        let kind_default = pick(given.hours_type.as_ref(), ScheduleScope::parse, earlier.map(|h| h.kind));
        let kind = if known.departments.is_empty() {
            ScheduleScope::Account
        } else {
            let items = ["Account schedule (one for the whole account)", "DepartmentAnswer schedules"];
            let i = Select::with_theme(theme)
                .with_prompt("Which schedule is in force?")
                .items(items)
                .default(usize::from(kind_default == Some(ScheduleScope::Department)))
                .interact_on(term)?;
            if i == 1 { ScheduleScope::Department } else { ScheduleScope::Account }
        };
        out.hours_type = Some(kind.as_str().to_owned());
        match kind {
            ScheduleScope::Account => {
                let w_default = given
                    .week
                    .clone()
                    .or_else(|| earlier.filter(|h| h.enabled).map(|h| week::format(&h.week)))
                    .unwrap_or_default();
                let w = text(term, theme, "Hours (e.g. Mon-Fri 09:00-17:00, Sat 10:00-14:00)", &w_default, |s| {
                    week::parse(s).map(|_| ())
                })?;
                out.week = Some(w);
            }
            ScheduleScope::Department => {
                term.write_line("  One week per department (\"closed\" for a department without hours).")?;
                for d in &known.departments {
                    let d_default = earlier
                        .and_then(|h| h.departments.get(&d.id))
                        .map_or_else(|| "closed".to_owned(), week::format);
                    let prompt = format!("Hours of {}", crate::text::display::prose(&d.label()));
                    let w = text(term, theme, &prompt, &d_default, |s| week::parse(s).map(|_| ()))?;
                    out.department_weeks.push((d.id.clone(), w));
                }
            }
        }
    }

    // 2, 3. The forms.
    for (n, title, where_, earlier, given_form, offline) in [
        (2, "Pre-chat form", WHERE_PRE_CHAT, known.pre_chat.as_ref(), &given.pre_chat, false),
        (3, "Offline form", WHERE_OFFLINE, known.offline.as_ref(), &given.offline, true),
    ] {
        let mut where_ = where_.to_owned();
        let mut history_default = None;
        if offline {
            match offline_messages {
                Some(0) => where_.push_str("\nThe exported chat history holds no offline message."),
                Some(n) => {
                    where_.push_str(&format!(
                        "\nThe exported chat history holds {} offline message(s): visitors have used the offline form.",
                        crate::text::thousands(n)
                    ));
                    history_default = Some(true);
                }
                None => {}
            }
        }
        heading(term, ui, n, title, &where_)?;
        let on_default =
            pick(given_form.enabled.as_ref(), words::on_off, earlier.map(|f| f.enabled)).or(history_default);
        let on = confirm(term, theme, &format!("Is the {} on?", title.to_lowercase()), on_default)?;
        let slot = if offline { &mut out.offline } else { &mut out.pre_chat };
        slot.enabled = Some(yes_no(on));
        if !on {
            continue;
        }
        let greeting_default =
            given_form.greeting.clone().or_else(|| earlier.map(|f| f.greeting.clone())).unwrap_or_default();
        slot.greeting = Some(text(term, theme, "Greeting (empty for none)", &greeting_default, |_| Ok(()))?);
        let fields_default = given_form
            .fields
            .clone()
            .or_else(|| earlier.map(|f| words::format_fields(&f.fields)))
            .unwrap_or_else(|| if offline { "name*, email*, message*" } else { "name, email" }.to_owned());
        slot.fields = Some(text(
            term,
            theme,
            "Fields (`*` after a required one: name, email, phone, department, message)",
            &fields_default,
            |s| words::fields(s).map(|_| ()),
        )?);
        if offline {
            let d = pick(
                given_form.display_operating_hours.as_ref(),
                words::on_off,
                earlier.and_then(|f| f.display_operating_hours),
            );
            let shows = confirm(term, theme, "Does the offline form show the operating hours?", d.or(Some(false)))?;
            slot.display_operating_hours = Some(yes_no(shows));
        }
    }

    // 4. Visitor authentication: on or off only.
    heading(term, ui, 4, "Visitor authentication", WHERE_AUTH)?;
    let d = pick(given.visitor_authentication.as_ref(), words::on_off, known.visitor_authentication);
    let on = confirm(term, theme, "Is visitor authentication on?", d)?;
    out.visitor_authentication = Some(yes_no(on));

    let answers = match answer::resolve(&out, known) {
        Ok(a) => a,
        Err(refused) => {
            // Every answer was checked as it was typed; this is a defect, not a typo.
            for r in refused {
                term.write_line(&format!("error: {}: {}", r.answer, r.message))?;
            }
            return Ok(None);
        }
    };
    term.write_line("")?;
    term.write_line(&summary(&answers))?;
    if confirm(term, theme, "Write these answers?", Some(true))? { Ok(Some(answers)) } else { Ok(None) }
}
