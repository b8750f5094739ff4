//! The answers file: the four answers in TOML, for scripts (docs/cli.md, `migrate answer`).
//!
//! ```toml
//! [operating_hours]
//! enabled = true
//! timezone = "Europe/Berlin"
//! type = "account"                       # or "department"
//! week = "Mon-Fri 09:00-17:00, Sat 10:00-14:00"
//! [operating_hours.departments]          # department schedules, by id or name
//! Sales = "Mon-Fri 08:00-20:00"
//!
//! [pre_chat_form]
//! enabled = true
//! greeting = "Hi! Tell us who you are."
//! fields = "name*, email*, department"   # or a list: ["name*", "email*"]
//!
//! [offline_form]
//! enabled = false
//!
//! [visitor_authentication]
//! enabled = false                        # never a shared_secret: it is refused
//!
//! [programme]
//! enrolled = true                        # Zendesk's migration email and banner came (D-2)
//! ```
//!
//! Unknown keys are errors: a misspelt `enabeld` must not silently leave an answer out.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::model::{Given, GivenForm};
use crate::account::read;
use crate::error::{InputError, InputErrorKind, Location};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    operating_hours: Option<Hours>,
    pre_chat_form: Option<FormAnswer>,
    offline_form: Option<FormAnswer>,
    visitor_authentication: Option<Auth>,
    programme: Option<Programme>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Programme {
    enrolled: Option<Switch>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hours {
    enabled: Option<Switch>,
    timezone: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    week: Option<String>,
    departments: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormAnswer {
    enabled: Option<Switch>,
    greeting: Option<String>,
    fields: Option<Fields>,
    display_operating_hours: Option<Switch>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Auth {
    enabled: Option<Switch>,
}

/// `true`/`false`, or the words `on`/`off`, `yes`/`no` (checked later, with the flags).
#[derive(Debug)]
struct Switch(String);

impl<'de> Deserialize<'de> for Switch {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Switch;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true or false (or \"on\" or \"off\")")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Switch, E> {
                Ok(Switch(if v { "on" } else { "off" }.to_owned()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Switch, E> {
                Ok(Switch(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

impl Switch {
    fn text(self) -> String {
        self.0
    }
}

/// `"name*, email*"` or `["name*", "email*"]`.
#[derive(Debug)]
struct Fields(String);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("field names as text (\"name*, email*\") or a list ([\"name*\", \"email*\"])")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Fields, E> {
                Ok(Fields(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Fields, A::Error> {
                let mut names: Vec<String> = Vec::new();
                while let Some(n) = seq.next_element::<String>()? {
                    names.push(n);
                }
                Ok(Fields(if names.is_empty() { "none".to_owned() } else { names.join(", ") }))
            }
        }
        d.deserialize_any(V)
    }
}

impl Fields {
    fn text(self) -> String {
        self.0
    }
}

fn form(f: Option<FormAnswer>) -> GivenForm {
    let f = f.unwrap_or_default();
    GivenForm {
        enabled: f.enabled.map(Switch::text),
        greeting: f.greeting,
        fields: f.fields.map(Fields::text),
        display_operating_hours: f.display_operating_hours.map(Switch::text),
    }
}

/// Read an answers file. Its values are checked with the flags' ([`super::model::resolve`]).
pub(crate) fn read(path: &Path) -> Result<Given, InputError> {
    let Some(bytes) = read::read_file(path, 1024 * 1024)? else {
        return Err(InputError::new(path, InputErrorKind::Invalid("no such answers file".into())));
    };
    let text = read::as_utf8(path, &bytes)?;
    parse(path, text)
}

pub(crate) fn parse(path: &Path, text: &str) -> Result<Given, InputError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| read::toml_error(path, text, &e))?;
    // The shared secret is never asked for nor written; one typed here is refused without
    // being repeated.
    if let Some(line) = secret_line(&table, text) {
        return Err(InputError::new(
            path,
            InputErrorKind::Invalid(
                "the answers file holds a shared_secret: migrate never asks for it and never writes it".into(),
            ),
        )
        .at(Location { json_path: Some("visitor_authentication.shared_secret".into()), line, column: None })
        .with_hint("remove the shared_secret line; visitor authentication is answered with enabled = true or false"));
    }
    let f: File = toml::from_str(text)
        .map_err(|e| read::toml_error(path, text, &e).with_hint("docs/cli.md lists the keys of the answers file"))?;
    let hours = f.operating_hours.unwrap_or_default();
    Ok(Given {
        hours: hours.enabled.map(Switch::text),
        timezone: hours.timezone,
        hours_type: hours.kind,
        week: hours.week,
        department_weeks: hours.departments.unwrap_or_default().into_iter().collect(),
        pre_chat: form(f.pre_chat_form),
        offline: form(f.offline_form),
        visitor_authentication: f.visitor_authentication.and_then(|a| a.enabled).map(Switch::text),
        enrolled: f.programme.and_then(|p| p.enrolled).map(Switch::text),
    })
}

/// Whether a `shared_secret` key appears anywhere, and on which line.
fn secret_line(table: &toml::Table, text: &str) -> Option<Option<usize>> {
    fn any(t: &toml::Table) -> bool {
        t.iter().any(|(k, v)| k == "shared_secret" || v.as_table().is_some_and(any))
    }
    any(table).then(|| text.lines().position(|l| l.trim_start().starts_with("shared_secret")).map(|i| i + 1))
}
