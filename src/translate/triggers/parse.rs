//! The Chat trigger language (chat-api.md §4.4, K20) read into a typed tree, one trigger
//! at a time.
//!
//! The loader keeps each `definition` as raw JSON so that a bad trigger fails here, on its
//! own, with the JSON path inside `chat/triggers.json` (`[3].definition.condition[2]`),
//! while the other triggers still plan. Anything well formed but unknown (an event, an
//! operator, a condition, an action) is kept verbatim in the tree; the converter reports it.
//!
//! Real responses differ (K20 vs K25, Airbyte's schema): `actions` may be spelled `action`,
//! and `definition`, `event`, `condition` and `actions` may arrive as JSON-encoded strings.
//! Both are accepted and noted.
//!
//! Recursion is bounded: a condition nested deeper than [`MAX_DEPTH`] is an error for that
//! trigger. No real trigger comes close; the dashboard cannot nest at all (K6).

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

pub use super::lang::{flag, scalar_text, seconds};
use super::tables::{self, ActionKind, Arity, Op};

/// The deepest condition nesting accepted.
pub const MAX_DEPTH: usize = 32;

/// A trigger definition, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// The path of the definition (`[3].definition`).
    pub base: String,
    pub event: Event,
    /// The path of the event (`[3].definition.event`).
    pub event_path: String,
    pub condition: Option<Node>,
    pub actions: Vec<ActionNode>,
    /// Parts that were JSON-encoded strings and were decoded (their paths).
    pub decoded: Vec<String>,
    /// Keys of the definition this tool does not read, other than `version`/`editor`.
    pub unknown_keys: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    PageEnter,
    ChatRequested,
    ChatMessage,
    Unknown(String),
}

impl Event {
    pub fn name(&self) -> &str {
        match self {
            Event::PageEnter => "page_enter",
            Event::ChatRequested => "chat_requested",
            Event::ChatMessage => "chat_message",
            Event::Unknown(s) => s,
        }
    }
}

/// One condition and where it sits in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub path: String,
    pub cond: Cond,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// `[op, "@variable", value]`. `op` is `None` for an operator this tool does not know;
    /// `op_name` keeps its spelling.
    Cmp {
        op: Option<Op>,
        op_name: String,
        var: String,
        value: Value,
    },
    HasTag(String),
    FiredBefore,
    StillOnPage(u64),
    StillOnSite(u64),
    /// A condition of a shape this tool does not know, kept as written.
    Unknown {
        head: String,
        args: Vec<Value>,
    },
}

/// One action and where it sits in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct ActionNode {
    pub path: String,
    /// The name as written.
    pub name: String,
    /// `None` for an action this tool does not know.
    pub kind: Option<ActionKind>,
    pub args: Vec<Value>,
}

/// Why a definition could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ParseError {}

fn err<T>(path: &str, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { path: path.to_owned(), message: message.into() })
}

/// A short description of a JSON value's type for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A string where a list or object belongs may be that value, JSON-encoded (some accounts,
/// per Airbyte's schema). Decode it when it is; otherwise report what was expected.
fn decoded<'v>(
    v: &'v Value,
    path: &str,
    want: &str,
    fits: fn(&Value) -> bool,
    notes: &mut Vec<String>,
) -> Result<Cow<'v, Value>, ParseError> {
    if fits(v) {
        return Ok(Cow::Borrowed(v));
    }
    if let Value::String(s) = v {
        let t = s.trim_start();
        if t.starts_with('[') || t.starts_with('{') || t.starts_with('"') {
            // serde_json refuses nesting deeper than 128 on its own; our depth check
            // applies to what comes out.
            if let Ok(inner) = serde_json::from_str::<Value>(s) {
                if fits(&inner) {
                    notes.push(path.to_owned());
                    return Ok(Cow::Owned(inner));
                }
            }
        }
        return err(path, format!("expected {want}, found a string"));
    }
    err(path, format!("expected {want}, found {}", kind(v)))
}

/// Parse a trigger's `definition` (see [`parse_definition`]); a key the definition repeats
/// is an error of that trigger: which of the two Chat runs is unknown.
pub fn parse_trigger(t: &crate::account::chat::Trigger, base: &str) -> Result<Definition, ParseError> {
    if let Some(key) = t.definition.as_ref().and_then(|d| d.repeated_key.as_deref()) {
        return err(
            &format!("{base}.{key}"),
            "the key appears twice in the definition: which one Chat uses is unknown; keep one",
        );
    }
    parse_definition(t.definition_value(), base)
}

/// Parse one trigger's `definition`. `base` is its path, e.g. `[3].definition`.
pub fn parse_definition(def: Option<&Value>, base: &str) -> Result<Definition, ParseError> {
    let mut notes = Vec::new();
    let def = match def {
        None | Some(Value::Null) => return err(base, "the trigger has no definition"),
        Some(v) => decoded(v, base, "an object with event, condition and actions", Value::is_object, &mut notes)?,
    };
    let Some(obj) = def.as_object() else {
        return err(base, "expected an object with event, condition and actions");
    };

    let event_path = format!("{base}.event");
    let event = match obj.get("event") {
        None | Some(Value::Null) => return err(&event_path, "the definition has no event"),
        Some(v) => {
            let v = decoded(v, &event_path, "an event name", Value::is_string, &mut notes)?;
            let s = v.as_str().unwrap_or_default();
            // A JSON-encoded string ("\"chat_requested\"") decodes to the plain name.
            let s = match serde_json::from_str::<Value>(s) {
                Ok(Value::String(inner)) if s.starts_with('"') => {
                    notes.push(event_path.clone());
                    inner
                }
                _ => s.to_owned(),
            };
            match s.as_str() {
                "page_enter" => Event::PageEnter,
                "chat_requested" => Event::ChatRequested,
                "chat_message" => Event::ChatMessage,
                _ => Event::Unknown(s),
            }
        }
    };

    let cond_path = format!("{base}.condition");
    let condition = match obj.get("condition") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let v = decoded(v, &cond_path, "a condition list", Value::is_array, &mut notes)?;
            match v.as_array() {
                // An empty root list means "no conditions".
                Some(a) if a.is_empty() => None,
                _ => Some(parse_cond(&v, &cond_path, 1)?),
            }
        }
    };

    // K20 names the key `action`; every payload seen uses `actions` (K25, captures).
    let (key, raw_actions) = match (obj.get("actions"), obj.get("action")) {
        (Some(a), _) => ("actions", Some(a)),
        (None, Some(a)) => ("action", Some(a)),
        (None, None) => ("actions", None),
    };
    let actions_path = format!("{base}.{key}");
    let actions = match raw_actions {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => {
            let v = decoded(v, &actions_path, "a list of actions", Value::is_array, &mut notes)?;
            let list = v.as_array().map(Vec::as_slice).unwrap_or_default();
            let mut out = Vec::with_capacity(list.len());
            for (i, a) in list.iter().enumerate() {
                out.push(parse_action(a, &format!("{actions_path}[{i}]"))?);
            }
            out
        }
    };

    let mut unknown_keys: Vec<String> = obj
        .keys()
        .filter(|k| !matches!(k.as_str(), "event" | "condition" | "actions" | "action" | "version" | "editor"))
        .map(|k| format!("{base}.{k}"))
        .collect();
    if key == "actions" && obj.contains_key("action") {
        unknown_keys.push(format!("{base}.action"));
    }
    unknown_keys.sort();

    Ok(Definition { base: base.to_owned(), event, event_path, condition, actions, decoded: notes, unknown_keys })
}

/// Parse one condition. `depth` counts the lists entered, the root being 1.
fn parse_cond(v: &Value, path: &str, depth: usize) -> Result<Node, ParseError> {
    if depth > MAX_DEPTH {
        return err(
            path,
            format!(
                "conditions nest deeper than {MAX_DEPTH} levels; no real trigger does (the dashboard cannot nest at all)"
            ),
        );
    }
    let Some(list) = v.as_array() else {
        return err(path, format!("expected a condition list like [\"eq\", \"@variable\", value], found {}", kind(v)));
    };
    let Some(head) = list.first() else {
        return err(path, "empty condition list");
    };
    let Some(head) = head.as_str() else {
        return err(&format!("{path}[0]"), format!("expected an operator name, found {}", kind(head)));
    };
    let args = &list[1..];
    let node = |cond| Ok(Node { path: path.to_owned(), cond });
    match head {
        "and" | "or" => {
            let mut children = Vec::with_capacity(args.len());
            for (i, c) in args.iter().enumerate() {
                children.push(parse_cond(c, &format!("{path}[{}]", i + 1), depth + 1)?);
            }
            node(if head == "and" { Cond::And(children) } else { Cond::Or(children) })
        }
        "not" => {
            if args.len() != 1 {
                return err(path, format!("`not` takes one condition, found {}", args.len()));
            }
            node(Cond::Not(Box::new(parse_cond(&args[0], &format!("{path}[1]"), depth + 1)?)))
        }
        "firedBefore" => {
            if !args.is_empty() {
                return err(path, format!("`firedBefore` takes no arguments, found {}", args.len()));
            }
            node(Cond::FiredBefore)
        }
        "stillOnPage" | "stillOnSite" => {
            if args.len() != 1 {
                return err(path, format!("`{head}` takes a number of seconds, found {} arguments", args.len()));
            }
            let Some(secs) = seconds(&args[0]) else {
                return err(&format!("{path}[1]"), format!("expected a number of seconds, found {}", kind(&args[0])));
            };
            node(if head == "stillOnPage" { Cond::StillOnPage(secs) } else { Cond::StillOnSite(secs) })
        }
        "hasTag" => {
            if args.len() != 1 {
                return err(path, format!("`hasTag` takes one tag, found {} arguments", args.len()));
            }
            let Some(tag) = scalar_text(&args[0]) else {
                return err(&format!("{path}[1]"), format!("expected a tag, found {}", kind(&args[0])));
            };
            node(Cond::HasTag(tag))
        }
        _ => {
            let op = tables::operator_by_name(head).map(|o| o.op);
            let looks_like_cmp = args.len() == 2 && args[0].as_str().is_some_and(|s| s.starts_with('@'));
            match op {
                Some(op) => {
                    if args.len() != 2 {
                        return err(
                            path,
                            format!("`{head}` takes a variable and a value (2 arguments), found {}", args.len()),
                        );
                    }
                    let Some(var) = args[0].as_str() else {
                        return err(
                            &format!("{path}[1]"),
                            format!("expected a variable name like \"@visitor_page_url\", found {}", kind(&args[0])),
                        );
                    };
                    if args[1].is_array() || args[1].is_object() {
                        return err(
                            &format!("{path}[2]"),
                            format!("expected a value (text, number or boolean), found {}", kind(&args[1])),
                        );
                    }
                    node(Cond::Cmp {
                        op: Some(op),
                        op_name: head.to_owned(),
                        var: var.to_owned(),
                        value: args[1].clone(),
                    })
                }
                None if looks_like_cmp => node(Cond::Cmp {
                    op: None,
                    op_name: head.to_owned(),
                    var: args[0].as_str().unwrap_or_default().to_owned(),
                    value: args[1].clone(),
                }),
                None => node(Cond::Unknown { head: head.to_owned(), args: args.to_vec() }),
            }
        }
    }
}

fn parse_action(v: &Value, path: &str) -> Result<ActionNode, ParseError> {
    let Some(list) = v.as_array() else {
        return err(path, format!("expected an action list like [\"addTag\", \"vip\"], found {}", kind(v)));
    };
    let Some(head) = list.first() else {
        return err(path, "empty action list");
    };
    let Some(name) = head.as_str() else {
        return err(&format!("{path}[0]"), format!("expected an action name, found {}", kind(head)));
    };
    let args = list[1..].to_vec();
    let spec = tables::action(name);
    if let Some(spec) = spec {
        if let Arity::Range(lo, hi) = spec.arity {
            if args.len() < lo || args.len() > hi {
                let want = if lo == hi { format!("{lo}") } else { format!("{lo} to {hi}") };
                return err(path, format!("`{name}` takes {want} argument(s), found {}", args.len()));
            }
        }
        check_args(spec.kind, &args, path)?;
    }
    Ok(ActionNode { path: path.to_owned(), name: name.to_owned(), kind: spec.map(|s| s.kind), args })
}

/// Argument types of the actions whose spelling is verified.
fn check_args(kind_: ActionKind, args: &[Value], path: &str) -> Result<(), ParseError> {
    let bad =
        |i: usize, want: &str| err(&format!("{path}[{}]", i + 1), format!("expected {want}, found {}", kind(&args[i])));
    match kind_ {
        ActionKind::SendMessage => {
            for (i, a) in args.iter().enumerate() {
                if !(a.is_string() || (i == 2 && a.is_null())) {
                    return bad(
                        i,
                        if i == 0 {
                            "a display name"
                        } else if i == 1 {
                            "a message"
                        } else {
                            "quick-reply options"
                        },
                    );
                }
            }
        }
        ActionKind::Wait if seconds(&args[0]).is_none() => return bad(0, "a number of seconds"),
        ActionKind::SetTriggered if flag(&args[0]).is_none() => return bad(0, "true or false"),
        ActionKind::AddTag if scalar_text(&args[0]).is_none() => return bad(0, "a tag"),
        ActionKind::SetDepartment if !(args[0].is_number() || args[0].is_string()) => {
            return bad(0, "a department id");
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(v: Value) -> Result<Definition, ParseError> {
        parse_definition(Some(&v), "[3].definition")
    }

    #[test]
    fn reads_a_stock_trigger() {
        let d = parse(json!({
            "event": "chat_requested", "version": 1, "editor": "advanced",
            "condition": ["and", ["eq", "@visitor_requesting_chat", true], ["not", ["firedBefore"]]],
            "actions": [["wait", 5], ["sendMessageToVisitor", "Customer Service", "Hi"]]
        }))
        .unwrap();
        assert_eq!(d.event, Event::ChatRequested);
        let Some(Node { cond: Cond::And(ch), .. }) = &d.condition else { panic!("{d:?}") };
        assert_eq!(ch[1].path, "[3].definition.condition[2]");
        assert!(
            matches!(&ch[1].cond, Cond::Not(n) if n.cond == Cond::FiredBefore && n.path == "[3].definition.condition[2][1]")
        );
        assert_eq!(d.actions[1].kind, Some(ActionKind::SendMessage));
        assert_eq!(d.actions[1].path, "[3].definition.actions[1]");
        assert!(d.unknown_keys.is_empty() && d.decoded.is_empty());
    }

    #[test]
    fn accepts_action_spelling_and_json_encoded_parts() {
        let d = parse(json!({
            "event": "\"chat_message\"",
            "condition": "[\"and\", [\"icontains\", \"@message\", \"refund\"]]",
            "action": "[[\"addTag\", \"refund\"]]"
        }))
        .unwrap();
        assert_eq!(d.event, Event::ChatMessage);
        assert_eq!(d.actions[0].path, "[3].definition.action[0]");
        assert_eq!(d.decoded.len(), 3);
        let whole = parse(Value::String(r#"{"event":"page_enter","actions":[["addTag","x"]]}"#.into())).unwrap();
        assert_eq!(whole.event, Event::PageEnter);
    }

    #[test]
    fn keeps_unknowns_verbatim() {
        let d = parse(json!({
            "event": "chat_ended",
            "condition": ["and", ["startswith", "@visitor_page_url", "/x"], ["eq", "@visitor_mood", "happy"], ["isVip"]],
            "actions": [["sendSurvey", {"id": 1}]]
        }))
        .unwrap();
        assert_eq!(d.event, Event::Unknown("chat_ended".into()));
        let Some(Node { cond: Cond::And(ch), .. }) = &d.condition else { panic!() };
        assert!(matches!(&ch[0].cond, Cond::Cmp { op: None, op_name, .. } if op_name == "startswith"));
        assert!(matches!(&ch[1].cond, Cond::Cmp { op: Some(Op::Eq), var, .. } if var == "@visitor_mood"));
        assert!(matches!(&ch[2].cond, Cond::Unknown { head, args } if head == "isVip" && args.is_empty()));
        assert_eq!(d.actions[0].kind, None);
        assert_eq!(d.actions[0].args, vec![json!({"id": 1})]);
    }

    #[test]
    fn bad_definitions_name_the_path() {
        let cases = [
            (
                json!({"event": "chat_requested", "condition": ["and", ["eq", "@visitor_served"]]}),
                "[3].definition.condition[1]",
                "2 arguments",
            ),
            (
                json!({"event": "chat_requested", "condition": ["and", "eq"]}),
                "[3].definition.condition[1]",
                "found a string",
            ),
            (
                json!({"event": "chat_requested", "condition": {"and": []}}),
                "[3].definition.condition",
                "found an object",
            ),
            (json!({"event": "chat_requested", "condition": ["not"]}), "[3].definition.condition", "one condition"),
            (
                json!({"event": "chat_requested", "condition": ["stillOnPage", "soon"]}),
                "[3].definition.condition[1]",
                "seconds",
            ),
            (json!({"event": "chat_requested", "actions": [["wait"]]}), "[3].definition.actions[0]", "argument"),
            (json!({"event": "chat_requested", "actions": "not json"}), "[3].definition.actions", "found a string"),
            (json!({"event": 3}), "[3].definition.event", "found a number"),
            (json!({"condition": []}), "[3].definition.event", "no event"),
            (json!([1, 2]), "[3].definition", "found a list"),
        ];
        for (v, path, msg) in cases {
            let e = parse(v.clone()).unwrap_err();
            assert_eq!(e.path, path, "{v}");
            assert!(e.message.contains(msg), "{v}: {e}");
        }
        assert_eq!(parse_definition(None, "[0].definition").unwrap_err().message, "the trigger has no definition");
    }

    #[test]
    fn depth_is_bounded() {
        let mut c = json!(["eq", "@visitor_served", false]);
        for _ in 0..MAX_DEPTH - 1 {
            c = json!(["not", c]);
        }
        assert!(parse(json!({"event": "chat_requested", "condition": c.clone()})).is_ok());
        let c = json!(["not", c]);
        let e = parse(json!({"event": "chat_requested", "condition": c})).unwrap_err();
        assert!(e.message.contains("deeper than 32"), "{e}");
        assert!(e.path.starts_with("[3].definition.condition[1][1]"));
    }
}
