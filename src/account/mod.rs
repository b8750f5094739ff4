//! Reading an exported account: one directory in the layout of `docs/export-format.md`.
//!
//! Every file but `manifest.toml` is optional: a missing file means "not exported", never
//! "empty", and the plan lists the facts it could not decide because of it. API files are
//! read exactly as the API returns them; our own files (`manifest.toml`,
//! `operating_hours.json`, `widget.json`, `support/account.json`) have the shapes given
//! in the contract, and keys we do not know in them are reported.

pub mod chat;
pub mod facts;
pub mod fingerprint;
pub mod hours;
pub mod lenient;
pub mod manifest;
pub mod read;
pub mod site_scan;
pub mod support;
pub mod widget;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{InputError, InputErrorKind};
use crate::text;
use read::MAX_JSON_BYTES;

pub use manifest::Manifest;

/// Every file of the layout, in the order the plan lists them.
pub const LAYOUT: &[&str] = &[
    "chat/account.json",
    "chat/agents.json",
    "chat/departments.json",
    "chat/triggers.json",
    "chat/shortcuts.json",
    "chat/bans.json",
    "chat/goals.json",
    "chat/skills.json",
    "chat/roles.json",
    "chat/routing_settings.json",
    "chat/oauth_clients.json",
    "chat/chats.jsonl",
    "chat/operating_hours.json",
    "chat/widget.json",
    "support/brands.json",
    "support/groups.json",
    "support/schedules.json",
    "support/users.json",
    "support/account_settings.json",
    "support/recipient_addresses.json",
    "support/account.json",
];

/// Files that may sit in an account directory without being part of the export.
const KNOWN_EXTRA: &[&str] = &["expect.toml", site_scan::FILE];

/// What became of one file of the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    Loaded,
    Missing,
    /// A template written by `migrate export` that the admin has not completed yet.
    Template,
}

/// A remark made while loading (an unknown file, an ignored key, an incomplete resource).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadNote {
    pub code: &'static str,
    pub file: String,
    pub message: String,
}

/// The Chat side of an export.
#[derive(Debug, Default)]
pub struct ChatData {
    pub account: Option<chat::ChatAccount>,
    pub agents: Option<Vec<chat::Agent>>,
    pub departments: Option<Vec<chat::Department>>,
    pub triggers: Option<Vec<chat::Trigger>>,
    pub shortcuts: Option<Vec<chat::Shortcut>>,
    pub bans: Option<chat::Bans>,
    pub goals: Option<Vec<chat::Goal>>,
    pub skills: Option<Vec<chat::Skill>>,
    pub roles: Option<Vec<chat::Role>>,
    pub routing: Option<chat::RoutingSettings>,
    pub oauth_clients: Option<Vec<chat::OAuthClient>>,
    /// `chat/chats.jsonl` is streamed by [`crate::history`], never loaded.
    pub chats: Option<PathBuf>,
    pub operating_hours: Option<hours::OperatingHours>,
    pub widget: Option<widget::Widget>,
    /// Written by `migrate scan-site --account`, not by the export.
    pub site_scan: Option<site_scan::SiteScan>,
}

/// The Support side of an export.
#[derive(Debug, Default)]
pub struct SupportData {
    pub brands: Option<Vec<support::Brand>>,
    pub groups: Option<Vec<support::Group>>,
    pub schedules: Option<Vec<support::Schedule>>,
    pub users: Option<Vec<support::User>>,
    /// `support/account.json`, with the facts of the API files below merged in.
    pub account: Option<support::SupportAccount>,
    /// `GET /api/v2/account/settings`.
    pub settings: Option<facts::AccountSettings>,
    /// `GET /api/v2/recipient_addresses`.
    pub recipient_addresses: Option<Vec<facts::RecipientAddress>>,
    /// Where each key of `account` came from (API, admin, or by hand).
    pub origins: BTreeMap<String, facts::FactSource>,
}

/// A loaded account.
#[derive(Debug)]
pub struct Account {
    /// The directory's own name (used for batch output folders).
    pub name: String,
    /// Where it was read from. Never written into a plan: plans must not depend on paths.
    pub root: PathBuf,
    pub manifest: Manifest,
    pub chat: ChatData,
    pub support: SupportData,
    pub files: BTreeMap<String, FileState>,
    pub notes: Vec<LoadNote>,
    /// The hash of the files read ([`fingerprint::fingerprint`]): `manifest.toml`, every
    /// file of the layout that was there, and `chat/site_scan.json` when it was read.
    pub fingerprint: String,
}

impl Account {
    /// The brands whose Web Widget gets per-brand steps: the active brands by name, or one
    /// unnamed entry when the brands were not exported (a per-brand step is then written
    /// once, "for each brand").
    pub fn widget_brands(&self) -> Vec<Option<String>> {
        match &self.support.brands {
            Some(list) => {
                let v: Vec<Option<String>> = list.iter().filter(|b| b.is_active()).map(|b| Some(b.label())).collect();
                if v.is_empty() { vec![None] } else { v }
            }
            None => vec![None],
        }
    }

    pub fn state(&self, file: &str) -> FileState {
        self.files.get(file).copied().unwrap_or(FileState::Missing)
    }
}

/// Load the account in `root`.
pub fn load(root: &Path) -> Result<Account, InputError> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(InputError::new(
                root,
                InputErrorKind::NotAnAccount("not a directory: an exported account is a directory".into()),
            )
            .with_hint("pass the account directory that holds manifest.toml"));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(InputError::new(root, InputErrorKind::NotAnAccount("no such directory".into())));
        }
        Err(e) => return Err(InputError::io(root, &e)),
    }
    folders_inside(root)?;
    let manifest_path = root.join("manifest.toml");
    let Some(bytes) = read::read_file(&manifest_path, read::MAX_TOML_BYTES)? else {
        return Err(InputError::new(
            &manifest_path,
            InputErrorKind::NotAnAccount("manifest.toml is missing: this is not an exported account".into()),
        )
        .with_hint("run `migrate export`, or write manifest.toml by hand (docs/export-format.md)"));
    };
    let text = read::as_utf8(&manifest_path, &bytes)?;
    let manifest = Manifest::parse(&manifest_path, text)?;

    let mut loader =
        Loader { root, files: BTreeMap::new(), notes: Vec::new(), manifest: &manifest, item_bytes: 0, item_objects: 0 };
    let chat = ChatData {
        account: loader.api("chat/account.json", read::parse)?,
        agents: loader.items("chat/agents.json", "agents", "agent")?,
        departments: loader.items("chat/departments.json", "departments", "department")?,
        triggers: loader.items("chat/triggers.json", "triggers", "trigger")?,
        shortcuts: loader.items("chat/shortcuts.json", "shortcuts", "shortcut")?,
        bans: loader.api("chat/bans.json", read::parse)?,
        goals: loader.items("chat/goals.json", "goals", "goal")?,
        skills: loader.items("chat/skills.json", "skills", "skill")?,
        roles: loader.items("chat/roles.json", "roles", "role")?,
        routing: loader
            .api("chat/routing_settings.json", |p, t| read::parse::<chat::RoutingSettingsFile>(p, t).map(|f| f.data))?,
        oauth_clients: loader.items("chat/oauth_clients.json", "clients", "client")?,
        chats: loader.stream("chat/chats.jsonl")?,
        operating_hours: loader.own("chat/operating_hours.json")?,
        widget: loader.own("chat/widget.json")?,
        site_scan: site_scan::load(root)?,
    };
    let support = SupportData {
        brands: loader.api("support/brands.json", |p, t| read::parse_list(p, t, "brands", "brand"))?,
        groups: loader.api("support/groups.json", |p, t| read::parse_list(p, t, "groups", "group"))?,
        schedules: loader.api("support/schedules.json", |p, t| read::parse_list(p, t, "schedules", "schedule"))?,
        users: loader.api("support/users.json", |p, t| read::parse_list(p, t, "users", "user"))?,
        settings: loader
            .api(facts::SETTINGS, |p, t| read::parse::<facts::AccountSettingsFile>(p, t).map(|f| f.settings))?,
        recipient_addresses: loader
            .api(facts::ADDRESSES, |p, t| read::parse_list(p, t, "recipient_addresses", "recipient address"))?,
        account: loader.own("support/account.json")?,
        origins: BTreeMap::new(),
    };
    let Loader { files, mut notes, .. } = loader;
    let mut support = support;
    support.origins = facts::merge(&mut support, &mut notes);
    notes.extend(unknown_files(root));
    for key in &manifest.unknown_keys {
        notes.push(LoadNote {
            code: "unknown-key",
            file: "manifest.toml".to_owned(),
            message: format!("unknown key `{key}` ignored (docs/export-format.md lists the keys)"),
        });
    }
    for name in manifest.resources.keys().filter(|n| !LAYOUT.contains(&n.as_str())) {
        notes.push(LoadNote {
            code: "unknown-key",
            file: "manifest.toml".to_owned(),
            message: format!(
                "resources.{name:?} names no file of the export layout and was ignored{}",
                closest(name).map(|l| format!(" (did you mean {l}?)")).unwrap_or_default()
            ),
        });
    }
    for (name, status) in &manifest.resources {
        let file = name.clone();
        match status.status {
            manifest::ResourceState::Complete | manifest::ResourceState::Template => {}
            manifest::ResourceState::Partial => notes.push(LoadNote {
                code: "resource-partial",
                file,
                message: format!(
                    "the export of {name} stopped part way{}; facts from it may be incomplete (rerun `migrate export --resume`)",
                    status.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
                ),
            }),
            manifest::ResourceState::Forbidden => notes.push(LoadNote {
                code: "resource-forbidden",
                file,
                message: format!(
                    "the API refused {name}{}; it is treated as not exported",
                    status.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default()
                ),
            }),
        }
    }
    let name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| manifest.subdomain.clone());
    let read = files.iter().filter(|(_, s)| **s != FileState::Missing).map(|(f, _)| f.as_str());
    let scan = chat.site_scan.is_some().then_some(site_scan::FILE);
    let fingerprint = fingerprint::fingerprint(root, read.chain(["manifest.toml"]).chain(scan))?;
    Ok(Account { name, root: root.to_path_buf(), manifest, chat, support, files, notes, fingerprint })
}

struct Loader<'a> {
    root: &'a Path,
    files: BTreeMap<String, FileState>,
    notes: Vec<LoadNote>,
    manifest: &'a Manifest,
    /// Bytes and objects of the Chat lists read so far whose objects become plan items.
    item_bytes: u64,
    item_objects: usize,
}

impl Loader<'_> {
    /// A Chat list whose every object becomes a plan item: bounded alone (objects,
    /// [`read::max_objects`]; bytes, [`read::MAX_ITEM_LISTS_BYTES`]) and with the others
    /// ([`read::MAX_ITEM_OBJECTS`], the same byte budget), so that the plan's memory is
    /// bounded by design whatever the account holds (docs/export-format.md, "Limits").
    fn items<X: serde::de::DeserializeOwned>(
        &mut self,
        rel: &'static str,
        plural: &'static str,
        singular: &'static str,
    ) -> Result<Option<Vec<X>>, InputError> {
        let path = self.root.join(rel);
        let budget = read::MAX_ITEM_LISTS_BYTES;
        let Some(bytes) = read::read_file(&path, budget)? else {
            self.files.insert(rel.to_owned(), FileState::Missing);
            return Ok(None);
        };
        self.item_bytes += bytes.len() as u64;
        if self.item_bytes > budget {
            return Err(InputError::new(
                &path,
                InputErrorKind::Invalid(format!(
                    "the Chat lists whose objects become plan items hold {} with this one, more than the {} `migrate plan` plans",
                    text::human_bytes(self.item_bytes),
                    text::human_bytes(budget)
                )),
            )
            .with_hint("check that each file holds only this account's API response (docs/export-format.md, \"Limits\")"));
        }
        let text = read::as_utf8(&path, &bytes)?;
        let list: Vec<X> = read::parse_list(&path, text, plural, singular)?;
        self.item_objects += list.len();
        if self.item_objects > read::MAX_ITEM_OBJECTS {
            return Err(InputError::new(
                &path,
                InputErrorKind::Invalid(format!(
                    "the Chat lists hold {} objects with this one, more than the {} `migrate plan` plans",
                    text::thousands(self.item_objects as u64),
                    text::thousands(read::MAX_ITEM_OBJECTS as u64)
                )),
            )
            .with_hint(
                "check that each file holds only this account's API response (docs/export-format.md, \"Limits\")",
            ));
        }
        self.files.insert(rel.to_owned(), FileState::Loaded);
        Ok(Some(list))
    }

    /// An API response file.
    fn api<T>(
        &mut self,
        rel: &'static str,
        parse: impl FnOnce(&Path, &str) -> Result<T, InputError>,
    ) -> Result<Option<T>, InputError> {
        let path = self.root.join(rel);
        let Some(bytes) = read::read_file(&path, MAX_JSON_BYTES)? else {
            self.files.insert(rel.to_owned(), FileState::Missing);
            return Ok(None);
        };
        let text = read::as_utf8(&path, &bytes)?;
        let v = parse(&path, text)?;
        self.files.insert(rel.to_owned(), FileState::Loaded);
        Ok(Some(v))
    }

    /// One of our own files: unknown keys are reported, and a template the admin has not
    /// completed (`"template": true`) is validated but its facts are not used.
    fn own<T: OwnFile>(&mut self, rel: &'static str) -> Result<Option<T>, InputError> {
        let path = self.root.join(rel);
        let Some(bytes) = read::read_file(&path, MAX_JSON_BYTES)? else {
            self.files.insert(rel.to_owned(), FileState::Missing);
            return Ok(None);
        };
        let text = read::as_utf8(&path, &bytes)?;
        let (value, ignored) = read::parse_own::<T>(&path, text)?;
        for key in ignored {
            self.notes.push(LoadNote {
                code: "unknown-key",
                file: rel.to_owned(),
                message: format!("unknown key `{key}` ignored (docs/export-format.md lists the keys)"),
            });
        }
        let marked = self.manifest.resources.get(rel).is_some_and(|s| s.status == manifest::ResourceState::Template);
        let template = value.template();
        if template.unwrap_or(false) || (marked && template.is_none()) {
            self.files.insert(rel.to_owned(), FileState::Template);
            self.notes.push(LoadNote {
                code: "template-unverified",
                file: rel.to_owned(),
                message: format!(
                    "{rel} is a template no API could fill; its facts are unverified until you complete it and set \"template\": false"
                ),
            });
            return Ok(None);
        }
        self.files.insert(rel.to_owned(), FileState::Loaded);
        Ok(Some(value))
    }

    /// A file too large to load, read later by streaming.
    fn stream(&mut self, rel: &'static str) -> Result<Option<PathBuf>, InputError> {
        let path = self.root.join(rel);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => Err(InputError::new(&path, InputErrorKind::IsDirectory)),
            Ok(m) => {
                read::regular(&path, &m)?;
                self.files.insert(rel.to_owned(), FileState::Loaded);
                Ok(Some(path))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                read::not_found(&path)?;
                self.files.insert(rel.to_owned(), FileState::Missing);
                Ok(None)
            }
            Err(e) => Err(InputError::io(&path, &e)),
        }
    }
}

/// `chat/` and `support/` must be folders of the account: one that is a symbolic link out
/// of it would be read through, and the names of the files there (another account's, the
/// host's) would end up in the plan's warnings (issue 11). A link to a folder inside the
/// account is fine, and so is an account folder that is itself a link (a batch folder of
/// links to exports).
fn folders_inside(root: &Path) -> Result<(), InputError> {
    let Ok(real_root) = root.canonicalize() else { return Ok(()) };
    for sub in ["chat", "support"] {
        let path = root.join(sub);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            continue;
        }
        let target = std::fs::read_link(&path).map(|t| t.display().to_string()).unwrap_or_default();
        match path.canonicalize() {
            Ok(real) if real.starts_with(&real_root) => {}
            Ok(_) => {
                return Err(InputError::new(
                    &path,
                    InputErrorKind::Io(format!(
                        "a symbolic link to {}, outside the account folder",
                        crate::text::display::quote(&target)
                    )),
                )
                .with_hint(format!("copy the files into {sub}/ instead of linking to another folder")));
            }
            // A dangling link: reported like a dangling file link, never "not exported".
            Err(_) => return read::not_found(&path),
        }
    }
    Ok(())
}

/// Our own files may carry `"template": true` (written by `migrate export` for what no
/// API gives).
pub trait OwnFile: serde::de::DeserializeOwned {
    fn template(&self) -> Option<bool>;
}

impl OwnFile for hours::OperatingHours {
    fn template(&self) -> Option<bool> {
        self.template
    }
}

impl OwnFile for widget::Widget {
    fn template(&self) -> Option<bool> {
        self.template
    }
}

impl OwnFile for support::SupportAccount {
    fn template(&self) -> Option<bool> {
        self.template
    }
}

/// Files in the account directory that are not part of the layout: reported, since a
/// misspelt name (`chat/trigers.json`) would otherwise look like "not exported".
fn unknown_files(root: &Path) -> Vec<LoadNote> {
    let mut notes = Vec::new();
    for dir in ["", "chat", "support"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        let mut names: Vec<String> =
            entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        for name in names {
            if name.starts_with('.') {
                continue;
            }
            let rel = if dir.is_empty() { name.clone() } else { format!("{dir}/{name}") };
            let known = rel == "manifest.toml"
                || LAYOUT.contains(&rel.as_str())
                || KNOWN_EXTRA.contains(&rel.as_str())
                || (dir.is_empty() && (name == "chat" || name == "support"));
            if known {
                continue;
            }
            let suggestion = closest(&rel).map(|l| format!(" (did you mean {l}?)")).unwrap_or_default();
            notes.push(LoadNote {
                code: "unknown-file",
                file: rel.clone(),
                message: format!("{rel} is not part of the export layout and was ignored{suggestion}"),
            });
        }
    }
    notes
}

/// The layout file a misspelt name most likely meant.
fn closest(name: &str) -> Option<&'static str> {
    LAYOUT.iter().map(|l| (strsim::levenshtein(l, name), *l)).filter(|(d, _)| *d <= 3).min().map(|(_, l)| l)
}
