//! The words every stage of the trigger translator shares: the three places a Chat trigger
//! can land (K3), the comparison operators of the trigger language (K20), and the readers of
//! the loosely typed values Chat writes (`"10"` for 10, `1` for true).
//!
//! It sits below the tables, the parser and the rules, and imports none of them, so that the
//! tables can name a rule (`Map::Rule`) while the rule's code reads these words without a
//! circle of imports.

use serde_json::Value;

/// The three places a Chat trigger can land (K3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Messaging,
    Proactive,
    Support,
}

impl Target {
    pub fn label(self) -> &'static str {
        match self {
            Target::Messaging => "messaging trigger",
            Target::Proactive => "proactive message",
            Target::Support => "Support trigger",
        }
    }
}

/// The comparison operators of the trigger language [V] K20.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Neq,
    Lt,
    Gt,
    Lte,
    Gte,
    Contains,
    NContains,
    IContains,
    NIContains,
    Regex,
    IRegex,
}

/// A non-negative whole number of seconds, written as a number or a numeric string.
pub fn seconds(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => {
            n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0).map(|f| f as u64))
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean written `true`/`1`/`"true"`.
pub fn flag(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) if n.as_u64() == Some(1) => Some(true),
        Value::Number(n) if n.as_u64() == Some(0) => Some(false),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Text of a string or number (tags are sometimes numbers).
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
