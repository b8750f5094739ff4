//! The sources every rule follows.
//!
//! `D-n` ids are the facts of `shared/domain/digest.md` (taken from five Zendesk articles,
//! linked here); `Kn` ids are the sources of `shared/domain/mapping.md`. A plan item, a
//! step or a classification reason carries the ids it follows, and the plan prints each
//! with its title and link so an admin can read the source.
//!
//! `Z-n` ids are current Zendesk pages the guide review of issue 18 quotes (and, where a
//! stored copy was found, checked): routing, roles, agent access, support addresses,
//! goals, IP bans, proactive messages (docs/mapping.md lists them).

use serde::{Deserialize, Serialize};

/// A source reference as it appears in a plan.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Ref {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

const ANNOUNCEMENT: &str = "https://support.zendesk.com/hc/en-us/articles/9460252937114";
const ABOUT_MESSAGING: &str = "https://support.zendesk.com/hc/en-us/articles/360057096813";
const AFTER_LEGACY: &str = "https://support.zendesk.com/hc/en-us/articles/4408823484442";
const CONTINUOUS: &str = "https://support.zendesk.com/hc/en-us/articles/4408829095706";
const CHANNEL_LINKING: &str = "https://support.zendesk.com/hc/en-us/articles/4409103296154";

/// Every known reference: id, title, link.
pub(crate) const ALL: &[(&str, &str, &str)] = &[
    ("D-1", "Selected live-chat accounts move to messaging (2025 programme)", ANNOUNCEMENT),
    ("D-2", "Selected accounts are told by email and banner", ANNOUNCEMENT),
    ("D-3", "Zendesk turns messaging on at account level; admins finish the move", ANNOUNCEMENT),
    ("D-4", "Inactive account: no tickets in the past 30 days; 30 days' notice", ANNOUNCEMENT),
    ("D-5", "Active accounts: segment 1 (low complexity, single brand) and segment 2", ANNOUNCEMENT),
    ("D-6", "Active accounts get about 60 days' notice; nothing must be done before activation", ANNOUNCEMENT),
    ("D-7", "Activation migrates several Chat settings, e.g. triggers and business hours", ANNOUNCEMENT),
    ("D-8", "The admin finishes setup and decides when to launch the messaging Web Widget", ANNOUNCEMENT),
    ("D-9", "Confirmation after activation", ANNOUNCEMENT),
    ("D-10", "Turn messaging on per brand; close live chats; launch off-peak", ANNOUNCEMENT),
    ("D-11", "Segment 1 reviews the migrated settings before launch", ANNOUNCEMENT),
    ("D-12", "Segment 2 follows a guide tailored to its configuration", ANNOUNCEMENT),
    ("D-13", "An admin who is not ready can ask to delay activation", ANNOUNCEMENT),
    ("D-14", "What messaging adds", ANNOUNCEMENT),
    ("D-15", "Messaging: automated conversations through the Web and Mobile SDKs", ABOUT_MESSAGING),
    ("D-16", "Required: Suite, or Support + Chat with the agent workspace on", ABOUT_MESSAGING),
    ("D-17", "Recommended: a public help centre with at least 10 articles", ABOUT_MESSAGING),
    (
        "D-18",
        "Capacity: 1,300 online agents, 8,000 concurrent (current K1), 200,000 a day, 500 integrations",
        ABOUT_MESSAGING,
    ),
    ("D-19", "Messaging limits: Data Center Location, mobile history and observers", ABOUT_MESSAGING),
    ("D-20", "Chat-only agents must reset their password", AFTER_LEGACY),
    ("D-21", "Chat API clients must be re-authorised", AFTER_LEGACY),
    ("D-22", "Chat Accounts and Agents APIs become GET-only", AFTER_LEGACY),
    ("D-23", "Zendesk Message (Facebook Messenger, LINE) was removed", AFTER_LEGACY),
    ("D-24", "Export chat history and Support data before the change", AFTER_LEGACY),
    ("D-25", "Ongoing conversations continue by email", CONTINUOUS),
    ("D-26", "Ongoing conversations need the agent workspace, messaging and a support address", CONTINUOUS),
    ("D-27", "End-user email addresses must not contain extended characters", CONTINUOUS),
    ("D-28", "The email goes out once the conversation is deemed inactive", CONTINUOUS),
    ("D-29", "An away-message trigger with ongoing conversations sends duplicates", CONTINUOUS),
    ("D-30", "Turning ongoing conversations on creates a trigger", CONTINUOUS),
    ("D-31", "Turning it off needs the setting and the trigger off", CONTINUOUS),
    ("D-32", "Channel linking: move a Web Widget conversation to WhatsApp, Messenger, Instagram", CHANNEL_LINKING),
    ("D-33", "Channel linking needs Suite, the agent workspace and a connected social channel", CHANNEL_LINKING),
    ("D-34", "Each channel shows its own replies; the widget shows everything", CHANNEL_LINKING),
    ("D-35", "The end user links and unlinks channels from the widget", CHANNEL_LINKING),
    ("D-36", "Replies go to the channel the end user used last", CHANNEL_LINKING),
    ("D-37", "Turning channel linking on per Web Widget", CHANNEL_LINKING),
    (
        "K1",
        "How migrating to messaging impacts Chat settings and capabilities",
        "https://support.zendesk.com/hc/en-us/articles/4408834919834",
    ),
    (
        "K2",
        "About the live chat-to-messaging migration wizard",
        "https://support.zendesk.com/hc/en-us/articles/9435865466906",
    ),
    (
        "K3",
        "Migrating triggers with the live chat-to-messaging migration wizard",
        "https://support.zendesk.com/hc/en-us/articles/9863791207066",
    ),
    (
        "K4",
        "Managing chat triggers when migrating from Chat to messaging",
        "https://support.zendesk.com/hc/en-us/articles/4408822204698",
    ),
    (
        "K5",
        "Messaging triggers conditions and actions reference",
        "https://support.zendesk.com/hc/en-us/articles/8015292388378",
    ),
    (
        "K6",
        "Zendesk live chat triggers conditions and actions reference",
        "https://support.zendesk.com/hc/en-us/articles/4408842880282",
    ),
    (
        "K7",
        "Setting up Web Widget for messaging when using live chat and Web Widget (Classic)",
        "https://support.zendesk.com/hc/en-us/articles/4408832031898",
    ),
    ("K8", "Migrating from live chat to messaging", "https://support.zendesk.com/hc/en-us/articles/4408821531162"),
    (
        "K9",
        "Configuring messaging responses and business hours",
        "https://support.zendesk.com/hc/en-us/articles/4500737327258",
    ),
    (
        "K10",
        "Creating a schedule with operating hours (Chat)",
        "https://support.zendesk.com/hc/en-us/articles/4408822398106",
    ),
    ("K11", "Schedules API", "https://developer.zendesk.com/api-reference/ticketing/ticket-management/schedules/"),
    (
        "K12",
        "Setting up user authentication for messaging",
        "https://support.zendesk.com/hc/en-us/articles/4411666638746",
    ),
    (
        "K13",
        "Enabling authenticated visitors in Web Widget (Classic)",
        "https://support.zendesk.com/hc/en-us/articles/4408838925082",
    ),
    (
        "K14",
        "Allowing customers to continue their conversation over email",
        "https://support.zendesk.com/hc/en-us/articles/4408829095706",
    ),
    (
        "K15",
        "Creating proactive messages for the Web Widget",
        "https://support.zendesk.com/hc/en-us/articles/5511266103834",
    ),
    ("K16", "About the standard messaging triggers", "https://support.zendesk.com/hc/en-us/articles/8567613882522"),
    ("K17", "Creating messaging triggers", "https://support.zendesk.com/hc/en-us/articles/6058753945242"),
    (
        "K18",
        "Limitations in the Zendesk Agent Workspace",
        "https://support.zendesk.com/hc/en-us/articles/4408821805338",
    ),
    (
        "K19",
        "About banning IP addresses from messaging channels",
        "https://support.zendesk.com/hc/en-us/articles/9418700382618",
    ),
    (
        "K20",
        "Chat triggers reference for developers (JSON format)",
        "https://support.zendesk.com/hc/en-us/articles/4408886111130",
    ),
    (
        "K21",
        "Chat REST API: departments, shortcuts, triggers",
        "https://developer.zendesk.com/api-reference/live-chat/chat-api/departments/",
    ),
    (
        "K22",
        "Messaging Web Widget JavaScript API",
        "https://developer.zendesk.com/api-reference/widget-messaging/web/core",
    ),
    (
        "K23",
        "Announcement of assisted messaging upgrades for select Chat customers",
        "https://support.zendesk.com/hc/pt-br/articles/7468913750426",
    ),
    (
        "K24",
        "Turning help center authentication for messaging on and off",
        "https://support.zendesk.com/hc/en-us/articles/9495852479770",
    ),
    ("K25", "Public scripts that post Chat trigger JSON (evidence of the JSON shape)", ""),
    (
        "K26",
        "Messaging JWT header with kid (public code and gist)",
        "https://gist.github.com/spasiu/2432ffd32698d97ba78ecc763b8e4048",
    ),
    ("K27", "ZendeskApi_v2 Schedules request class (workweek endpoint)", ""),
    // Z-n: current Zendesk pages the guide review of issue 18 quotes (docs/mapping.md,
    // "Pages the guide review added").
    (
        "Z-1",
        "Using omnichannel routing while migrating from chat to messaging",
        "https://support.zendesk.com/hc/en-us/articles/6249962577690",
    ),
    ("Z-2", "Chat roles for live chat and messaging", "https://support.zendesk.com/hc/en-us/articles/4408832171034"),
    (
        "Z-3",
        "Giving agents access to messaging channels",
        "https://support.zendesk.com/hc/en-us/articles/6073485578010",
    ),
    (
        "Z-4",
        "Activating and deactivating the Zendesk Agent Workspace",
        "https://support.zendesk.com/hc/en-us/articles/4581758611866",
    ),
    ("Z-5", "Routing messaging tickets", "https://support.zendesk.com/hc/en-us/articles/4408829019162"),
    ("Z-6", "Adding support addresses", "https://support.zendesk.com/hc/en-us/articles/5279521301914"),
    ("Z-7", "Messaging goals", "https://support.zendesk.com/hc/en-us/articles/9435878261402"),
    (
        "Z-8",
        "Banning IP addresses from messaging channels",
        "https://support.zendesk.com/hc/en-us/articles/9418700382618",
    ),
    ("Z-9", "About proactive messages", "https://support.zendesk.com/hc/en-us/articles/5381304334234"),
    // The second guide review (2026-12-07): where the Banned IP addresses page is.
    (
        "Z-10",
        "Viewing and managing IP addresses banned from messaging channels",
        "https://support.zendesk.com/hc/en-us/articles/9435777614874",
    ),
    (
        "Z-11",
        "Automatically releasing agent capacity for messaging conversations",
        "https://support.zendesk.com/hc/en-us/articles/7043034053658",
    ),
];

/// The reference with this id. Unknown ids are a programming error caught by the tests;
/// at run time they still render, marked as unknown.
pub(crate) fn get(id: &str) -> Ref {
    match ALL.iter().find(|(i, _, _)| *i == id) {
        Some((i, title, url)) => {
            Ref { id: (*i).to_owned(), title: (*title).to_owned(), url: (!url.is_empty()).then(|| (*url).to_owned()) }
        }
        None => {
            debug_assert!(false, "unknown reference {id}");
            Ref { id: id.to_owned(), title: "unknown reference".to_owned(), url: None }
        }
    }
}

/// Several references, in the order given.
pub(crate) fn list(ids: &[&str]) -> Vec<Ref> {
    ids.iter().map(|i| get(i)).collect()
}

/// The articles behind some references, each once, as (name, link), for a guide a person
/// reads: the D-n facts of one article share its link, so a step citing D-8 and D-10
/// links the announcement once. References without a link (public code) are left out.
pub(crate) fn articles(refs: &[Ref]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in refs {
        let Some(url) = r.url.as_deref() else { continue };
        if out.iter().any(|(_, u)| u == url) {
            continue;
        }
        let name = match url {
            ANNOUNCEMENT => "2025 migration announcement".to_owned(),
            ABOUT_MESSAGING => "About messaging (2021)".to_owned(),
            AFTER_LEGACY => "After the legacy Chat upgrade (2021)".to_owned(),
            CONTINUOUS => "Continuous conversations".to_owned(),
            CHANNEL_LINKING => "Social channel linking".to_owned(),
            _ => short_name(&r.id).map_or_else(|| r.title.clone(), str::to_owned),
        };
        out.push((name, url.to_owned()));
    }
    out
}

/// A short name for a Zendesk article in a guide's "Sources" (the JSON keeps the title).
fn short_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "K1" => "Chat settings after the move",
        "K2" => "The migration wizard",
        "K3" => "Triggers in the migration wizard",
        "K4" => "Chat triggers when migrating",
        "K5" => "Messaging trigger reference",
        "K6" => "Chat trigger reference",
        "K7" => "Web Widget for messaging",
        "K8" => "Migrating to messaging",
        "K9" => "Messaging responses and hours",
        "K10" => "Chat operating hours",
        "K11" => "Schedules API",
        "K12" => "Messaging authentication",
        "K13" => "Chat visitor authentication",
        "K14" => "Continuous conversations",
        "K15" => "Proactive messages",
        "K16" => "Standard messaging triggers",
        "K17" => "Creating messaging triggers",
        "K18" => "Agent workspace limits",
        "K19" => "Messaging IP bans",
        "K22" => "Messaging widget API",
        "Z-1" => "Omnichannel routing during the move",
        "Z-2" => "Chat roles",
        "Z-3" => "Agent access to messaging",
        "Z-4" => "Turning on the agent workspace",
        "Z-5" => "Routing messaging tickets",
        "Z-6" => "Support addresses",
        "Z-7" => "Messaging goals",
        "Z-8" => "Messaging IP bans (who may)",
        "Z-9" => "About proactive messages",
        "Z-10" => "Banned IP addresses page",
        "Z-11" => "Messaging inactivity and capacity",
        _ => return None,
    })
}

/// The first link among the references, for "see" lines.
pub(crate) fn first_link(refs: &[Ref]) -> Option<&str> {
    refs.iter().find_map(|r| r.url.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_digest_is_complete() {
        let mut ids: Vec<_> = ALL.iter().map(|(i, _, _)| *i).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n);
        for d in 1..=37 {
            assert!(ALL.iter().any(|(i, _, _)| *i == format!("D-{d}")), "D-{d} missing");
        }
        for k in 1..=27 {
            assert!(ALL.iter().any(|(i, _, _)| *i == format!("K{k}")), "K{k} missing");
        }
    }

    #[test]
    fn articles_are_linked_once() {
        let a = articles(&list(&["D-8", "D-10", "K7", "K25"]));
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].0, "2025 migration announcement");
    }

    #[test]
    fn every_source_document_is_linked() {
        assert!(get("D-5").url.unwrap().starts_with("https://support.zendesk.com/"));
        assert!(get("K25").url.is_none());
    }
}
