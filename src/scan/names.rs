//! The names and tokens both scanners look for, and the one way code is blanked out:
//! shared by the JavaScript visitor ([`super::js`]) and the markup reader
//! ([`super::markup`]), which import this leaf and not each other.

use super::rules::{Loader, Risk};

/// Replace every byte but line breaks with a space, keeping offsets and UTF-8 valid.
pub(crate) fn blank(bytes: &mut [u8]) {
    for b in bytes {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Text that touches the Classic widget outside its API (widget-js-api.md).
pub(crate) const RISKY: &[(&str, Risk)] = &[
    ("iframe#webWidget", Risk::LauncherSelector),
    ("#launcher", Risk::LauncherSelector),
    ("#webWidget", Risk::LauncherSelector),
    (".zopim", Risk::ZopimNode),
    ("__zlcstore", Risk::ZlcStore),
];

/// `needle` in `s` as a whole name: not inside a longer one (`v2.zopim.com`, `#launcherbar`).
pub(crate) fn has_token(s: &str, needle: &str) -> bool {
    let name = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut from = 0;
    while let Some(i) = s[from..].find(needle) {
        let end = from + i + needle.len();
        let next = s[end..].chars().next();
        let prev = s[..from + i].chars().next_back();
        if !next.is_some_and(name) && !prev.is_some_and(name) {
            return true;
        }
        from = end;
    }
    false
}

/// `ze-snippet loader (key 0f1e…)`: the loader and the widget key in its URL, which tells
/// which account's widget a page loads (a public value, printed on every page).
pub(crate) fn loader_name(api: Loader, url: &str) -> String {
    let key = match api {
        Loader::ZeSnippet => url.split_once("key=").map(|(_, k)| k),
        Loader::Zopim => url.split_once("zopim.com/?").map(|(_, k)| k),
        Loader::Zembed => None,
    }
    .map(|k| k.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>())
    .filter(|k| !k.is_empty());
    let name = match api {
        Loader::ZeSnippet => "ze-snippet loader",
        Loader::Zopim => "Zopim loader",
        Loader::Zembed => "zEmbed loader",
    };
    match key {
        Some(k) => format!("{name} (key {k})"),
        None => name.to_owned(),
    }
}
