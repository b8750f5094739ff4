//! What the chats show about how the account works, beyond the figures (issue 19): the
//! departments chats went to and the sites visitors chatted from.
//!
//! Sets with a cap, never a value per chat: each parser thread keeps its own small sets,
//! and a name already in a set costs a lookup, not an allocation, so the scan's memory stays
//! flat and the hot loop allocates only the first time a name is seen (at most [`CAP`]
//! times per set and chunk).

use std::collections::BTreeSet;

/// Names kept per set; more are counted as "and more".
pub(super) const CAP: usize = 50;

/// A capped set of names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Capped {
    pub names: BTreeSet<String>,
    /// A name was left out because the set was full.
    pub more: bool,
}

impl Capped {
    pub(super) fn add(&mut self, name: &str) {
        if self.names.contains(name) {
            return;
        }
        if self.names.len() >= CAP {
            self.more = true;
        } else {
            self.names.insert(name.to_owned());
        }
    }

    fn merge(&mut self, other: &Capped) {
        for n in &other.names {
            self.add(n);
        }
        self.more |= other.more;
    }
}

/// The sets one chunk (or the whole file) gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Seen {
    /// `department_name` of chats and offline messages.
    pub departments: Capped,
    /// Host names of the pages in `webpath` (`to`): the sites that carry the widget.
    pub sites: Capped,
}

impl Seen {
    /// The host of a page of a chat's `webpath`, a site that carries the widget; kept
    /// lower-cased.
    pub(super) fn site(&mut self, h: &str) {
        if h.bytes().any(|b| b.is_ascii_uppercase()) {
            self.sites.add(&h.to_ascii_lowercase());
        } else {
            self.sites.add(h);
        }
    }

    pub(super) fn merge(&mut self, other: &Seen) {
        self.departments.merge(&other.departments);
        self.sites.merge(&other.sites);
    }
}

/// The host of a web page address, without user, port or path; `None` for
/// anything but an `http(s)` address with a host.
pub(super) fn host(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|p| url.get(..p.len()).filter(|h| h.eq_ignore_ascii_case(p)).map(|_| &url[p.len()..]))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    let host = host_port.split(':').next()?.trim_end_matches('.');
    (!host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_page_addresses() {
        assert_eq!(host("https://www.zopim.com/landing/simulate?accountId=4l7"), Some("www.zopim.com"));
        assert_eq!(host("HTTP://user@Shop.Example:8080#x"), Some("Shop.Example"));
        assert_eq!(host("about:blank"), None);
        assert_eq!(host("file:///C:/x.html"), None);
        assert_eq!(host("https://"), None);
    }

    #[test]
    fn a_full_set_says_there_is_more() {
        let mut c = Capped::default();
        for i in 0..=CAP {
            c.add(&format!("d{i}"));
        }
        c.add("d0");
        assert_eq!(c.names.len(), CAP);
        assert!(c.more);
    }
}
