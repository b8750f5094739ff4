//! `chat/widget.json`: the Chat widget settings that decide the segment (pre-chat form,
//! offline form, visitor authentication) and the classic widget's look (export-format.md).

use serde::Deserialize;

use super::lenient::{Flag, null_as_empty, object_only};
use crate::secret::Secret;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Widget {
    /// `true` in a template written by `migrate export` that the admin has not completed.
    pub template: Option<bool>,
    /// `"admin"` when `migrate answer` wrote the file; absent in a file written or completed
    /// by hand.
    pub origin: Option<super::facts::Origin>,
    pub pre_chat_form: Option<Form>,
    pub offline_form: Option<Form>,
    pub visitor_authentication: Option<VisitorAuthentication>,
    pub appearance: Option<Appearance>,
    /// Classic widget API calls found on the customer's site (hand-filled).
    pub js_api_calls: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct Form {
    pub enabled: Flag,
    #[serde(default)]
    pub greeting: Option<String>,
    #[serde(default)]
    pub display_operating_hours: Option<Flag>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub fields: Vec<FormField>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct FormField {
    pub name: String,
    #[serde(default)]
    pub required: Option<Flag>,
    #[serde(default)]
    pub label: Option<String>,
    /// Choices of a drop-down field (the department picker lists departments).
    #[serde(default)]
    pub options: Option<Vec<String>>,
}

impl FormField {
    pub fn is_required(&self) -> bool {
        self.required.is_some_and(Flag::get)
    }
}

/// Visitor authentication. The shared secret is read only to know that authentication is
/// set up; it never leaves memory.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct VisitorAuthentication {
    pub enabled: Flag,
    #[serde(default)]
    pub shared_secret: Option<Secret>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Appearance {
    pub color: Option<String>,
    pub position: Option<String>,
    pub button_text: Option<String>,
}

object_only! {
    Widget => "an object of widget settings (docs/export-format.md)",
    Form => "a form object {\"enabled\": …, \"fields\": [...]}",
    FormField => "a form field object {\"name\": …}",
    VisitorAuthentication => "a visitor authentication object {\"enabled\": …, \"shared_secret\": …}",
    Appearance => "an appearance object",
}
