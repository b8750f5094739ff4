//! What around the widget calls still breaks messaging (issue 19): Content Security
//! Policies written for the Classic widget's hosts, dependencies on wrapper libraries
//! written for the Classic API or the Chat SDKs, and consent managers that gate the widget.
//!
//! A policy counts only when it names a Zendesk or Zopim host (it was written for the
//! widget); its gaps are the hosts of Zendesk's messaging CSP page
//! (<https://developer.zendesk.com/documentation/zendesk-web-widget-sdks/sdks/web/csp>),
//! directive by directive, with the browser's fallback to `default-src`. The wrapper names
//! are packages checked on their registry pages (docs/surprises.md).

use std::collections::BTreeMap;

use super::rules::{Api, Wrapper};
use super::{Context, Hit};

/// The messaging CSP page's "custom setup": default-src (and so every fetch directive set
/// on its own: script-src, connect-src, frame-src) and img-src. The page's media-src list
/// was not in the copy this tool was checked against, so it is not checked.
const DEFAULT_HOSTS: &[&str] = &[
    "https://*.zdassets.com",
    "https://*.zendesk.com",
    "https://*.smooch.io",
    "https://*.ingest.*.sentry.io",
    "https://*.twilio.com",
    "wss://*.zendesk.com",
    "wss://api.smooch.io",
    "wss://voice-js.roaming.twilio.com",
];
const IMG_HOSTS: &[&str] = &[
    "https://static.zdassets.com",
    "https://*.zendesk.com",
    "https://media.smooch.io",
    "https://*.zdusercontent.com",
    "blob:",
    "data:",
];

/// Directives that take the default-src hosts when set on their own.
const FETCH: &[&str] = &["script-src", "connect-src", "frame-src"];

/// Whether a policy was written with the widget in mind.
fn about_widget(policy: &str) -> bool {
    let p = policy.to_ascii_lowercase();
    ["zopim", "zendesk", "zdassets", "smooch"].iter().any(|h| p.contains(h))
}

/// Whether a source expression allows `host` (wildcards on the left, `https:`, `*`).
fn allows(sources: &[String], host: &str) -> bool {
    let scheme = host.split_once("://").map_or(host, |(s, _)| s);
    sources.iter().any(|s| {
        let s = s.trim_end_matches('/');
        if s == "*" || s == host || s.eq_ignore_ascii_case(&format!("{scheme}:")) {
            return true;
        }
        // `https://*.zendesk.com` allows `https://*.zendesk.com` and `https://x.zendesk.com`.
        if let Some(rest) = s.strip_prefix(&format!("{scheme}://*.")) {
            return host.ends_with(&format!(".{rest}"));
        }
        false
    })
}

/// The hosts a policy lacks, as "connect-src: a b; img-src: c", or `None`.
pub(crate) fn gaps(policy: &str) -> Option<String> {
    if !about_widget(policy) {
        return None;
    }
    let mut dirs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for part in policy.split(';') {
        let mut words = part.split_whitespace();
        let Some(name) = words.next() else { continue };
        dirs.entry(name.to_ascii_lowercase()).or_insert_with(|| words.map(str::to_owned).collect());
    }
    let default = dirs.get("default-src");
    let mut out = Vec::new();
    let mut check = |name: &str, need: &[&str]| {
        let own = dirs.get(name).or(default);
        if let Some(sources) = own {
            let missing: Vec<&str> = need.iter().copied().filter(|h| !allows(sources, h)).collect();
            if !missing.is_empty() {
                out.push(format!("{name}: {}", missing.join(" ")));
            }
        }
    };
    if default.is_some() {
        check("default-src", DEFAULT_HOSTS);
    }
    let mut check = |name: &str, need: &[&str]| {
        let own = dirs.get(name).or(default);
        if let Some(sources) = own {
            let missing: Vec<&str> = need.iter().copied().filter(|h| !allows(sources, h)).collect();
            if !missing.is_empty() {
                let shown = if dirs.contains_key(name) {
                    name.to_owned()
                } else {
                    format!("default-src (it also governs {name})")
                };
                out.push(format!("{shown}: {}", missing.join(" ")));
            }
        }
    };
    for d in FETCH {
        if dirs.contains_key(*d) {
            check(d, DEFAULT_HOSTS);
        }
    }
    if dirs.contains_key("img-src") || default.is_some() {
        check("img-src", IMG_HOSTS);
    }
    out.dedup();
    (!out.is_empty()).then(|| out.join("; "))
}

fn csp_hit(policy: &str, offset: usize, hits: &mut Vec<Hit>, context: Context) {
    if let Some(missing) = gaps(policy) {
        hits.push(Hit {
            offset,
            call: "Content-Security-Policy".into(),
            api: Api::Csp(format!("add {missing}")),
            edit: None,
            context,
            fails_after: false,
        });
    }
}

/// A policy written as text (a header value, a meta tag, a string in code).
pub(crate) fn policy_text(policy: &str, offset: usize, hits: &mut Vec<Hit>, context: Context) {
    if policy.contains("-src") {
        csp_hit(policy, offset, hits, context);
    }
}

/// helmet's `directives: { defaultSrc: [...], connectSrc: [...] }`, already read into
/// (camelCase name, sources) pairs.
pub(crate) fn policy_directives(dirs: &[(String, Vec<String>)], offset: usize, hits: &mut Vec<Hit>) {
    let policy: Vec<String> = dirs
        .iter()
        .map(|(k, v)| {
            let mut name = String::new();
            for c in k.chars() {
                if c.is_ascii_uppercase() {
                    name.push('-');
                    name.push(c.to_ascii_lowercase());
                } else {
                    name.push(c);
                }
            }
            format!("{name} {}", v.join(" "))
        })
        .collect();
    csp_hit(&policy.join("; "), offset, hits, Context::Code);
}

/// Server configs (nginx `add_header`, Apache `Header set`), Rails
/// (`policy.connect_src :self, "https://…"`) and Django (`CSP_CONNECT_SRC = (…)`,
/// django-csp): the policy rebuilt from the lines that set it, reported at the first.
pub(crate) fn config_lines(text: &str, hits: &mut Vec<Hit>) {
    let mut off = 0;
    let mut rebuilt: Vec<String> = Vec::new();
    let mut first = None;
    for line in text.split_inclusive('\n') {
        let start = off;
        off += line.len();
        let l = line.trim();
        if l.starts_with('#') || l.starts_with("//") {
            continue;
        }
        if let Some(i) = l.find("Content-Security-Policy") {
            // The quoted value after the header name.
            let rest = &l[i + "Content-Security-Policy".len()..];
            let at = start + (line.len() - line.trim_start().len());
            if let Some(q) = rest.find(['"', '\'']) {
                let quote = rest.as_bytes()[q] as char;
                let value = rest[q + 1..].split(quote).next().unwrap_or("");
                policy_text(value, at, hits, Context::Code);
            } else if rest.contains('$') {
                // `add_header Content-Security-Policy $csp;`: listed, with why it was not checked.
                hits.push(Hit {
                    offset: at,
                    call: "Content-Security-Policy".into(),
                    api: Api::CspUnread("the header is set from a variable".into()),
                    edit: None,
                    context: Context::Code,
                    fails_after: false,
                });
            }
            continue;
        }
        // `policy.connect_src :self, "https://a"` / `CSP_CONNECT_SRC = ("'self'", "https://a")`.
        let lower = l.to_ascii_lowercase();
        let Some(p) = lower.find("_src") else { continue };
        let name_start = lower[..p].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
        let name = lower[name_start..p + 4].trim_start_matches("csp_").replace('_', "-");
        if !matches!(
            name.as_str(),
            "default-src" | "script-src" | "connect-src" | "img-src" | "frame-src" | "media-src"
        ) {
            continue;
        }
        let mut sources: Vec<String> = Vec::new();
        for (i, part) in l[p + 4..].split(['"', '\'']).enumerate() {
            if i % 2 == 1 && !part.is_empty() {
                sources.push(part.to_owned());
            }
        }
        for w in l[p + 4..].split([' ', ',', '(', ')', '[', ']']) {
            // Rails symbols: :self, :none are keywords; :https, :data, :blob are schemes.
            match w.strip_prefix(':') {
                Some(sym @ ("self" | "none" | "unsafe_inline" | "unsafe_eval")) => {
                    sources.push(format!("'{}'", sym.replace('_', "-")))
                }
                Some(scheme) if !scheme.is_empty() => sources.push(format!("{scheme}:")),
                _ => {}
            }
        }
        first.get_or_insert(start + (line.len() - line.trim_start().len()));
        rebuilt.push(format!("{name} {}", sources.join(" ")));
    }
    if let Some(at) = first {
        csp_hit(&rebuilt.join("; "), at, hits, Context::Code);
    }
}

/// Packages written for the Classic widget API, checked on their registry pages.
const WEB_WRAPPERS: &[&str] = &[
    "@dansmaculotte/vue-zendesk",
    "@dansmaculotte/nuxt-zendesk",
    "@condebiel/vue-zendesk",
    "ngx-zendesk-webwidget",
    "ngx-zendesk-webwidget-8",
    "@nitsanzo/ngx-zendesk-webwidget",
    "@tom.dutton/ngx-zendesk-webwidget",
    "ng7-zendesk-webwidget",
    "ng-zendesk-widget",
    "angular-zendesk-widget",
    "react-zendesk",
    "@residently/react-zendesk",
    "@ham-zeal/react-zendesk",
];
/// Wrappers of the Chat mobile SDKs.
const MOBILE_WRAPPERS: &[&str] = &[
    "react-native-zendesk-chat",
    "@alf-team/react-native-zendesk-chat",
    "react-native-zendesk-chat-api",
    "rn-zendesk-chat-api",
    "react-native-zendesk-v2",
    "zendesk_flutter_plugin",
];

/// A package manifest or lock file: each wrapper named as a dependency, at its line.
pub(crate) fn manifest(text: &str, hits: &mut Vec<Hit>) {
    let mut off = 0;
    for line in text.split_inclusive('\n') {
        let start = off;
        off += line.len();
        if !line.contains("zendesk") {
            continue;
        }
        for (list, mobile) in [(WEB_WRAPPERS, false), (MOBILE_WRAPPERS, true)] {
            for name in list {
                // `"name": "^1"` (package.json, package-lock), `name@^1:` (yarn.lock),
                // `/name@1` or `name:` (pnpm, pubspec).
                let Some(i) = line.find(name) else { continue };
                let before = line[..i].chars().next_back();
                let after = line[i + name.len()..].chars().next();
                // Not the tail of a longer or scoped name (`@residently/react-zendesk`), but
                // pnpm's `/react-zendesk@…` is the name itself.
                let scoped =
                    before == Some('/') && line[..i - 1].chars().next_back().is_some_and(char::is_alphanumeric);
                if scoped
                    || before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
                    || after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
                {
                    continue;
                }
                let lead = line.len() - line.trim_start().len();
                let api =
                    Api::Wrapper(if mobile { Wrapper::Mobile((*name).into()) } else { Wrapper::Web((*name).into()) });
                hits.push(Hit {
                    offset: start + lead,
                    call: format!("dependency {name}"),
                    api,
                    edit: None,
                    context: Context::Code,
                    fails_after: false,
                });
            }
        }
    }
}

/// A consent manager's mark on a script tag that holds the widget back until consent.
pub(crate) fn consent_manager(attrs: &[(String, String)]) -> Option<&'static str> {
    let get = |n: &str| attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v.as_str());
    let plain = get("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("text/plain"));
    if get("data-cookieconsent").is_some() {
        return Some("Cookiebot, data-cookieconsent");
    }
    if get("class").is_some_and(|c| c.contains("optanon-category")) {
        return Some("OneTrust, optanon-category");
    }
    if plain && get("data-category").is_some() {
        return Some("a consent manager, data-category");
    }
    if plain && (get("data-cookiecategory").is_some() || get("data-consent").is_some()) {
        return Some("a consent manager, data-cookiecategory");
    }
    if get("data-usercentrics").is_some() {
        return Some("Usercentrics, data-usercentrics");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_classic_policy_lacks_the_messaging_hosts() {
        let p = "default-src 'self' https://*.zdassets.com https://*.zendesk.com https://*.zopim.com wss://*.zendesk.com wss://*.zopim.com; img-src 'self' https://v2assets.zopim.io https://static.zdassets.com data:";
        let g = gaps(p).expect("gaps");
        assert!(
            g.starts_with(
                "default-src: https://*.smooch.io https://*.ingest.*.sentry.io https://*.twilio.com wss://api.smooch.io"
            ),
            "{g}"
        );
        assert!(
            g.contains("img-src: https://*.zendesk.com https://media.smooch.io https://*.zdusercontent.com blob:"),
            "{g}"
        );
        // The messaging page's own policy has no gap; a policy for another product is not ours.
        let full = format!("default-src 'self' {}; img-src 'self' {}", DEFAULT_HOSTS.join(" "), IMG_HOSTS.join(" "));
        assert_eq!(gaps(&full), None);
        assert_eq!(gaps("default-src 'self'; connect-src https://api.stripe.com"), None);
        // connect-src set on its own does not fall back to default-src.
        let g = gaps("default-src * ; connect-src 'self' https://*.zopim.com").expect("gaps");
        assert!(g.starts_with("connect-src: https://*.zdassets.com"), "{g}");
    }
}
