//! The marker an object created by `migrate apply` carries in its description:
//! `[migrate:<plan>:<key>]`, where `<plan>` is the first 8 characters of the plan's input
//! fingerprint and `<key>` the plan call's key.
//!
//! It is how apply finds its own object again when the journal holds no id for it (the
//! response to the create was lost, the run was killed between the write and the journal):
//! the journal's id first, then the marker. A key with a character that would break the
//! bracket form (`]`, a space, a quote…) or longer than 64 characters is written as `h`
//! and a hash of the key, so that a marker is always one token an admin can search for.

/// A parsed marker.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Marker {
    /// The plan's fingerprint, short.
    pub plan: String,
    /// The key as written (the key itself, or `h` + hash).
    pub key: String,
}

const OPEN: &str = "[migrate:";

impl Marker {
    /// The marker of `key` in the plan of fingerprint `plan_fingerprint`.
    pub fn new(plan_fingerprint: &str, key: &str) -> Marker {
        let plan: String = plan_fingerprint.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
        let safe = !key.is_empty()
            && key.len() <= 64
            && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | '#' | '@'));
        let key = if safe { key.to_owned() } else { format!("h{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes())) };
        Marker { plan, key }
    }

    /// `[migrate:1a2b3c4d:group:sales]`
    pub fn text(&self) -> String {
        format!("{OPEN}{}:{}]", self.plan, self.key)
    }

    /// The markers in a description, in order.
    pub fn find_all(text: &str) -> Vec<Marker> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find(OPEN) {
            let after = &rest[start + OPEN.len()..];
            let Some(end) = after.find(']') else { break };
            let inner = &after[..end];
            if let Some((plan, key)) = inner.split_once(':')
                && !plan.is_empty()
                && !key.is_empty()
                && plan.chars().all(|c| c.is_ascii_alphanumeric())
                && !key.contains(char::is_whitespace)
            {
                out.push(Marker { plan: plan.to_owned(), key: key.to_owned() });
            }
            rest = &after[end..];
        }
        out
    }

    /// Whether `description` carries this marker.
    pub fn is_in(&self, description: Option<&str>) -> bool {
        description.is_some_and(|d| Marker::find_all(d).contains(self))
    }

    /// `description` with the marker appended on its own line (once).
    pub fn append_to(&self, description: Option<&str>) -> String {
        match description {
            Some(d) if self.is_in(Some(d)) => d.to_owned(),
            Some(d) if !d.trim().is_empty() => format!("{}\n\n{}", d.trim_end(), self.text()),
            _ => self.text(),
        }
    }

    /// `description` without this marker (for comparing an object's content with the plan).
    pub fn strip_from(&self, description: &str) -> String {
        description.replace(&self.text(), "").trim_end().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_reads_back_from_the_description_it_was_appended_to() {
        let m = Marker::new("0123456789abcdef", "group:sales");
        assert_eq!(m.text(), "[migrate:01234567:group:sales]");
        let d = m.append_to(Some("Agents of the Sales department"));
        assert_eq!(d, "Agents of the Sales department\n\n[migrate:01234567:group:sales]");
        assert_eq!(Marker::find_all(&d), std::slice::from_ref(&m));
        assert!(m.is_in(Some(&d)));
        assert_eq!(m.append_to(Some(&d)), d, "appended once");
        assert_eq!(m.strip_from(&d), "Agents of the Sales department");
        assert_eq!(m.append_to(None), m.text());
    }

    #[test]
    fn another_plan_or_key_is_another_marker() {
        let m = Marker::new("aaaaaaaa", "macro:hi");
        assert!(!Marker::new("bbbbbbbb", "macro:hi").is_in(Some(&m.text())));
        assert!(!Marker::new("aaaaaaaa", "macro:hi2").is_in(Some(&m.text())));
        assert!(!m.is_in(None));
        assert!(!m.is_in(Some("[migrate:aaaaaaaa:macro:hi")), "unclosed");
    }

    #[test]
    fn an_awkward_key_is_hashed_into_one_token() {
        let m = Marker::new("fp", "chat/departments.json#\"Sales ] team\"");
        assert!(m.key.starts_with('h') && m.key.len() == 17, "{}", m.key);
        assert_eq!(Marker::find_all(&format!("x {} y", m.text())), std::slice::from_ref(&m));
        assert_eq!(m, Marker::new("fp", "chat/departments.json#\"Sales ] team\""), "deterministic");
    }
}
