//! Small answers typed by a person: on/off, and a form's field list.

/// The fields a Chat pre-chat or offline form can hold (chat-api.md §5: name, email, phone,
/// the department picker, the message).
pub(crate) const FIELD_NAMES: [&str; 5] = ["name", "email", "phone", "department", "message"];

/// What a field list looks like, for error messages and prompts.
pub(crate) const FIELDS_EXPECTED: &str = "field names separated by commas, `*` after a required one, such as `name*, email*, phone, department, message` (or `none`)";

/// `on`/`off` and the usual spellings of yes and no.
pub(crate) fn on_off(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "on" | "yes" | "y" | "true" | "enabled" | "1" => Ok(true),
        "off" | "no" | "n" | "false" | "disabled" | "0" => Ok(false),
        _ => Err(format!("{:?} is not on or off: expected on or off (yes or no)", text.trim())),
    }
}

/// A form field as the admin gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub required: bool,
}

/// `name*, email*, phone` → fields in that order.
pub(crate) fn fields(text: &str) -> Result<Vec<Field>, String> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let mut out: Vec<Field> = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        let (name, required) = match part.strip_suffix('*') {
            Some(n) => (n.trim(), true),
            None => (part, false),
        };
        let name = name.to_ascii_lowercase();
        if name.is_empty() {
            return Err(format!("an empty field name in {text:?}: expected {FIELDS_EXPECTED}"));
        }
        if !FIELD_NAMES.contains(&name.as_str()) {
            return Err(format!("{part:?} is not a Chat form field: expected one of {}", FIELD_NAMES.join(", ")));
        }
        if out.iter().any(|f| f.name == name) {
            return Err(format!("the field {name} is given twice in {text:?}"));
        }
        out.push(Field { name, required });
    }
    Ok(out)
}

/// Fields back in the form [`fields`] reads.
pub(crate) fn format_fields(list: &[Field]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    list.iter().map(|f| format!("{}{}", f.name, if f.required { "*" } else { "" })).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_and_round_trip() {
        let f = fields("Name*, email *, phone,department, message").unwrap();
        assert_eq!(f.len(), 5);
        assert!(f[0].required && f[1].required && !f[2].required);
        assert_eq!(format_fields(&f), "name*, email*, phone, department, message");
        assert_eq!(fields("none").unwrap(), vec![]);
    }

    #[test]
    fn bad_fields_and_switches_are_refused() {
        assert!(fields("name, address").unwrap_err().contains("not a Chat form field"));
        assert!(fields("name, name").unwrap_err().contains("twice"));
        assert!(fields("name,,email").unwrap_err().contains("empty field name"));
        assert!(on_off("maybe").unwrap_err().contains("expected on or off"));
        assert!(on_off(" Yes ").unwrap());
    }
}
