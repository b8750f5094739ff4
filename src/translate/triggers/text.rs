//! Message text: Chat's `@@` escape and `@placeholder` names, rewritten for messaging.
//!
//! In Chat action text a literal `@` is written `@@` (K6); a single `@` starts a
//! placeholder. Messaging placeholders have new names (`@visitor_name` → `@customer_name`,
//! K5); some Chat placeholders have none and stay in the text verbatim, flagged, so the
//! admin edits the sentence rather than sending `@visitor_city` to a customer.

use super::tables;

/// A rewritten text and what changed in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rewritten {
    pub text: String,
    /// How many `@@` became `@`.
    pub unescaped: usize,
    /// Placeholders renamed: (Chat, messaging).
    pub renamed: Vec<(String, String)>,
    /// Chat placeholders with no messaging counterpart, kept verbatim.
    pub lost: Vec<String>,
    /// Placeholders that become a proactive message variable: (Chat, variable), written
    /// `[variable]` where the admin inserts it (K15 "Add a variable").
    pub variables: Vec<(String, String)>,
    /// `@words` that are not Chat placeholders, kept verbatim.
    pub unknown: Vec<String>,
}

/// Rewrite Chat action text for messaging. With `placeholders == false` (a proactive
/// message, K15) a placeholder with a proactive variable becomes `[variable]`, every other
/// one is kept and reported as lost.
pub fn rewrite(text: &str, placeholders: bool) -> Rewritten {
    let mut out = Rewritten { text: String::with_capacity(text.len()), ..Rewritten::default() };
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        out.text.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('@') {
            out.text.push('@');
            out.unescaped += 1;
            rest = tail;
            continue;
        }
        let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        if len == 0 {
            // A lone `@` (before a space or punctuation) is not a placeholder.
            out.text.push('@');
            rest = after;
            continue;
        }
        let name = format!("@{}", &after[..len]);
        match tables::placeholder(&name) {
            Some(p) => match p.messaging {
                Some(m) if placeholders => {
                    out.text.push_str(m);
                    if m != name {
                        push_unique(&mut out.renamed, (name.clone(), m.to_owned()));
                    }
                }
                _ if !placeholders && p.proactive.is_some() => {
                    let v = p.proactive.unwrap_or_default();
                    out.text.push_str(&format!("[{v}]"));
                    push_unique(&mut out.variables, (name.clone(), v.to_owned()));
                }
                _ => {
                    out.text.push_str(&name);
                    push_unique(&mut out.lost, name.clone());
                }
            },
            None => {
                out.text.push_str(&name);
                push_unique(&mut out.unknown, name.clone());
            }
        }
        rest = &after[len..];
    }
    out.text.push_str(rest);
    out
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_at_is_unescaped() {
        let r = rewrite("Email help@@acme.example or sales@@acme.example", true);
        assert_eq!(r.text, "Email help@acme.example or sales@acme.example");
        assert_eq!(r.unescaped, 2);
        assert!(r.unknown.is_empty() && r.renamed.is_empty());
    }

    #[test]
    fn placeholders_are_renamed_or_flagged() {
        let r = rewrite("Hi @visitor_name, from @visitor_city (@visitor_name again) @ noon", true);
        assert_eq!(r.text, "Hi @customer_name, from @visitor_city (@customer_name again) @ noon");
        assert_eq!(r.renamed, vec![("@visitor_name".to_owned(), "@customer_name".to_owned())]);
        assert_eq!(r.lost, vec!["@visitor_city".to_owned()]);
    }

    #[test]
    fn unknown_words_and_unescaped_emails_are_kept_and_reported() {
        let r = rewrite("write to user@domain.com, @@@visitor_name", true);
        assert_eq!(r.text, "write to user@domain.com, @@customer_name");
        assert_eq!(r.unknown, vec!["@domain".to_owned()]);
        assert_eq!(r.unescaped, 1);
    }

    /// Trigger review #6: the name has a proactive variable (K15), the others none.
    #[test]
    fn proactive_text_gets_the_name_variable_and_keeps_other_placeholders() {
        let r = rewrite("Hi @visitor_name from @visitor_city", false);
        assert_eq!(r.text, "Hi [Full name] from @visitor_city");
        assert_eq!(r.variables, vec![("@visitor_name".to_owned(), "Full name".to_owned())]);
        assert_eq!(r.lost, vec!["@visitor_city".to_owned()]);
    }

    #[test]
    fn non_ascii_text_is_safe() {
        let r = rewrite("Grüße @visitor_name — ça va? @", true);
        assert_eq!(r.text, "Grüße @customer_name — ça va? @");
    }
}
