//! Small formatters for prose the plan and the commands print: numbers with thousands
//! separators, lists joined with "and", plurals, capitals, byte sizes and durations. One
//! copy of each, so that every output writes a figure the same way. (Three older copies
//! remain in modules other work owns, to be moved here: the capitals in `readiness.rs`'s
//! `plan_name` and `translate/forms.rs`'s `capitalise`, and `scan/report.rs`'s `plural`.)
//!
//! [`display`] turns untrusted text (names, folder names, server answers) into text for each
//! medium a person reads: a terminal line, Markdown, a CSV cell.

pub mod display;

/// `4812` → `4,812`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `["a", "b", "c"]` → `a, b and c`.
pub fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `1, "trigger"` → `1 trigger`; `2, "trigger"` → `2 triggers` (no "trigger(s)" in a guide).
pub fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else if word.ends_with('y') && !word.ends_with("ay") {
        format!("{} {}ies", thousands(n), &word[..word.len() - 1])
    } else if word.ends_with('s') || word.ends_with("ch") {
        format!("{} {word}es", thousands(n))
    } else {
        format!("{} {word}s", thousands(n))
    }
}

/// `1536` → `1.5 KiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 { format!("{n} B") } else { format!("{v:.1} {}", UNITS[u]) }
}

/// `pre-chat form` → `Pre-chat form`: the first letter upper case, the rest as it is.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// `0.3s`, `7s`, `2m05s`.
pub fn secs(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s < 120.0 && d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else if s < 60.0 {
        format!("{s:.1}s")
    } else if s < 120.0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(4812), "4,812");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(join_and(&[]), "");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
        assert_eq!(plural(1, "week"), "1 week");
        assert_eq!(plural(3, "week"), "3 weeks");
        assert_eq!(plural(2, "policy"), "2 policies");
        assert_eq!(plural(1_000, "chat"), "1,000 chats");
        assert_eq!(human_bytes(10), "10 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(capitalize("pre-chat form"), "Pre-chat form");
        assert_eq!(capitalize("éclair"), "Éclair");
        assert_eq!(capitalize(""), "");
        assert_eq!(secs(std::time::Duration::from_millis(300)), "0.3s");
        assert_eq!(secs(std::time::Duration::from_secs(125)), "2m05s");
    }
}
