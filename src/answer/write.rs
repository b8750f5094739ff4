//! Writing the answers: `chat/operating_hours.json` and `chat/widget.json` in the normal
//! (non-template) shapes of export-format.md, marked `"origin": "admin"`, and the manifest's
//! resource entries for them turned from `template` to `complete`.
//!
//! Nothing is half-written: every file is built and checked by the same reader `migrate
//! plan` uses before anything is written, then all are staged beside their targets and
//! renamed into place one after the other (each rename atomic). The shared secret is never
//! written: visitor authentication is `{"enabled": …}` only, whatever an earlier file held.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde_json::{Map, Value, json};

use super::model::{Answers, FormAnswer, Hours};
use super::week::Week;
use crate::account::manifest::{Manifest, ResourceState, ResourceStatus};
use crate::account::{hours::OperatingHours, read, widget::Widget};

pub(crate) const HOURS: &str = "chat/operating_hours.json";
pub(crate) const WIDGET: &str = "chat/widget.json";
pub(crate) const ACCOUNT: &str = "support/account.json";

/// What the manifest says of a file answered here.
pub(crate) const DETAIL: &str = "answered by the admin with `migrate answer`";

fn week_json(w: &Week) -> Value {
    let mut o = Map::new();
    for d in 0..7u8 {
        let spans: Vec<Value> =
            w.get(&d).into_iter().flatten().map(|s| json!({"start": s.start, "end": s.end})).collect();
        o.insert(d.to_string(), Value::Array(spans));
    }
    Value::Object(o)
}

/// `chat/operating_hours.json` for the answer.
pub(crate) fn hours_json(h: &Hours) -> Value {
    let departments: Map<String, Value> = h.departments.iter().map(|(id, w)| (id.clone(), week_json(w))).collect();
    json!({
        "origin": "admin",
        "enabled": h.enabled,
        "type": h.kind.as_str(),
        "timezone": h.timezone,
        "account_schedule": week_json(&h.week),
        "department_schedule": departments,
    })
}

/// A form, keeping each field's label and drop-down options from the earlier file.
fn form_json(f: &FormAnswer, previous: Option<&Value>) -> Value {
    let earlier = |name: &str| -> Option<&Map<String, Value>> {
        previous?
            .get("fields")?
            .as_array()?
            .iter()
            .filter_map(Value::as_object)
            .find(|o| o.get("name").and_then(Value::as_str) == Some(name))
    };
    let fields: Vec<Value> = f
        .fields
        .iter()
        .map(|field| {
            let mut o = Map::new();
            o.insert("name".into(), json!(field.name));
            o.insert("required".into(), json!(field.required));
            if let Some(e) = earlier(&field.name) {
                for key in ["label", "options"] {
                    if let Some(v) = e.get(key).filter(|v| !v.is_null()) {
                        o.insert(key.into(), v.clone());
                    }
                }
            }
            Value::Object(o)
        })
        .collect();
    let mut o = Map::new();
    o.insert("enabled".into(), json!(f.enabled));
    o.insert("greeting".into(), json!(f.greeting));
    if let Some(d) = f.display_operating_hours {
        o.insert("display_operating_hours".into(), json!(d));
    }
    o.insert("fields".into(), Value::Array(fields));
    Value::Object(o)
}

/// `chat/widget.json` for the answers; the look (`appearance`) and the hand-filled
/// `js_api_calls` of an earlier file are kept.
pub(crate) fn widget_json(a: &Answers, previous: Option<&Value>) -> Value {
    let prev = |k: &str| previous.and_then(|p| p.get(k)).filter(|v| !v.is_null());
    json!({
        "origin": "admin",
        "pre_chat_form": form_json(&a.pre_chat, prev("pre_chat_form")),
        "offline_form": form_json(&a.offline, prev("offline_form")),
        "visitor_authentication": {"enabled": a.visitor_authentication},
        "appearance": prev("appearance").cloned().unwrap_or_else(|| json!({"color": null, "position": null, "button_text": null})),
        "js_api_calls": prev("js_api_calls").cloned().unwrap_or_else(|| json!([])),
    })
}

fn pretty(v: &Value) -> Result<String> {
    let mut s = serde_json::to_string_pretty(v).context("cannot encode the answers")?;
    s.push('\n');
    Ok(s)
}

/// Check a file the way `migrate plan` will read it: it must parse with no unknown key.
fn check<T: serde::de::DeserializeOwned>(root: &Path, rel: &str, text: &str) -> Result<()> {
    match read::parse_own::<T>(&root.join(rel), text) {
        Ok((_, ignored)) if ignored.is_empty() => Ok(()),
        Ok((_, ignored)) => bail!("internal error: {rel} would have unknown keys {ignored:?}"),
        Err(e) => bail!("internal error: {rel} would not load: {}", e.headline()),
    }
}

/// Which of the two files to write: only those the admin answered something about, so that
/// a file completed by hand is not marked as the admin's answer when nothing in it was
/// answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Which {
    pub hours: bool,
    pub widget: bool,
    /// The enrolment answer (D-2), written into `support/account.json` with the admin as
    /// its origin (`answered_by_admin`), every other key of that file kept.
    pub enrolled: Option<bool>,
}

/// `support/account.json` with `enrolled` set and marked as the admin's answer. A template
/// is refused: its facts are not read until it is completed, so the answer would be lost.
pub(crate) fn account_json(previous: Option<&Value>, enrolled: bool) -> Result<Value> {
    let mut o = match previous {
        Some(Value::Object(o)) => o.clone(),
        Some(_) => bail!("{ACCOUNT} is not a JSON object: fix it before answering the enrolment"),
        None => Map::new(),
    };
    if o.get("template").and_then(Value::as_bool) == Some(true) {
        bail!(
            "{ACCOUNT} is an unfilled template: complete it and set \"template\": false before answering the enrolment"
        );
    }
    o.insert("enrolled".into(), json!(enrolled));
    let mut by_admin: Vec<Value> = o.get("answered_by_admin").and_then(Value::as_array).cloned().unwrap_or_default();
    if !by_admin.iter().any(|v| v.as_str() == Some("enrolled")) {
        by_admin.push(json!("enrolled"));
    }
    o.insert("answered_by_admin".into(), Value::Array(by_admin));
    Ok(Value::Object(o))
}

/// Write the answers into the account in `root`, whose manifest is `manifest`. `previous`
/// is the raw `chat/widget.json` already there, if any. The files written, by name.
pub(crate) fn write(
    root: &Path,
    manifest: &Manifest,
    answers: Option<&Answers>,
    previous_widget: Option<&Value>,
    which: Which,
) -> Result<Vec<&'static str>> {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut names = Vec::new();
    if let (true, Some(answers)) = (which.widget, answers) {
        let widget = pretty(&widget_json(answers, previous_widget))?;
        check::<Widget>(root, WIDGET, &widget)?;
        files.push((WIDGET.to_owned(), widget));
        names.push(WIDGET);
    }
    if let (true, Some(answers)) = (which.hours, answers) {
        let hours = pretty(&hours_json(&answers.hours))?;
        check::<OperatingHours>(root, HOURS, &hours)?;
        files.push((HOURS.to_owned(), hours));
        names.push(HOURS);
    }
    if let Some(enrolled) = which.enrolled {
        let previous = match std::fs::read(root.join(ACCOUNT)) {
            Ok(b) => Some(
                serde_json::from_slice::<Value>(&b)
                    .with_context(|| format!("cannot read {ACCOUNT} to add the enrolment answer"))?,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("cannot read {ACCOUNT}")),
        };
        let text = pretty(&account_json(previous.as_ref(), enrolled)?)?;
        check::<crate::account::support::SupportAccount>(root, ACCOUNT, &text)?;
        files.push((ACCOUNT.to_owned(), text));
        names.push(ACCOUNT);
    }
    let mut m = manifest.clone();
    let mut touched = false;
    for rel in names.iter().copied().filter(|r| *r != ACCOUNT) {
        if let Some(status) = m.resources.get_mut(rel) {
            *status = ResourceStatus { status: ResourceState::Complete, detail: Some(DETAIL.to_owned()), items: None };
            touched = true;
        }
    }
    if touched {
        files.push(("manifest.toml".to_owned(), toml::to_string(&m).context("cannot encode manifest.toml")?));
    }

    // Stage every file, then rename them into place.
    let mut staged = Vec::new();
    for (rel, text) in &files {
        let target = root.join(rel);
        let dir = target.parent().unwrap_or(root);
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut tmp =
            crate::output::temp_in(dir, &name).with_context(|| format!("cannot write in {}", dir.display()))?;
        tmp.write_all(text.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| format!("cannot write {}", target.display()))?;
        staged.push((tmp, target));
    }
    for (tmp, target) in staged {
        tmp.persist(&target).map_err(|e| e.error).with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(names)
}
