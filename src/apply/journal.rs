//! The write-ahead journal of `migrate apply`: `PLAN_DIR/apply-state.json`.
//!
//! Before each write the journal records an *intent* (the call's key, method, path, the
//! marker the object will carry, and the ids of same-named objects that existed before), and
//! flushes it to the disk: the file is written beside its target, fsynced, renamed into
//! place, and the directory is fsynced so that the rename itself survives a power loss.
//! After the write it records what was *created* (the id, `updated_at`, a hash of the
//! content as the server returned it), flushed the same way. A run that dies between the two
//! leaves an intent without an id: the next run looks the object up (by marker, or by name
//! among objects that were not there before) before it creates anything again.
//!
//! The plan directory is locked for the whole run ([`Lock`]): two applies on one plan
//! refuse rather than interleave.

use crate::plan::payload::Method;
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{InputError, InputErrorKind};

/// The journal's file name in the plan directory.
pub const STATE_FILE: &str = "apply-state.json";
/// The lock file beside it (empty; the lock is the OS's advisory lock on it).
pub const LOCK_FILE: &str = ".apply.lock";
/// Version of `apply-state.json`, bumped on any change a reader could notice.
pub const FORMAT_VERSION: u32 = 1;

/// What the journal holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub format_version: u32,
    /// The account the plan is for.
    pub subdomain: String,
    /// The plan's input fingerprint: a state written for another plan is refused.
    pub plan_fingerprint: String,
    /// One entry per call, in the order first written.
    pub entries: Vec<Entry>,
}

/// One write, from intent to its end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The plan call's key.
    pub key: String,
    /// The method sent; none for an object adopted without a write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    pub path: String,
    /// The marker written into the object's description, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Ids of objects of the same kind and name that existed before the write: after a lost
    /// response, an object of that name that is not one of these is the one this write made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub existing_before: Vec<String>,
    pub status: Status,
    /// The created object's id (absent while only intended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `updated_at` of the object as created: undo leaves an object changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Hash of the object's content as created (see [`content_hash`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

/// Where an entry stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Written before the request: the request may or may not have reached Zendesk.
    Intent,
    /// The object exists and this run (or an earlier one) made it.
    Created,
    /// An existing object with the same content was adopted: never deleted by undo.
    Adopted,
    /// Undo deleted it.
    Deleted,
}

/// The intent recorded before a write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Intent {
    pub key: String,
    pub method: Method,
    pub path: String,
    pub marker: Option<String>,
    pub existing_before: Vec<String>,
}

/// What a completed write returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub id: String,
    pub updated_at: Option<String>,
    pub content_hash: String,
}

/// Why the journal could not be opened or written.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("another `migrate apply` is running on {}: it holds {}", .dir.display(), .dir.join(LOCK_FILE).display())]
    Locked { dir: PathBuf },
    #[error(
        "{} was written for another plan (account {found_subdomain}, plan {found_fingerprint}); this plan is for {subdomain}, plan {fingerprint}",
        .file.display()
    )]
    OtherPlan {
        file: PathBuf,
        found_subdomain: String,
        found_fingerprint: String,
        subdomain: String,
        fingerprint: String,
    },
    #[error("cannot write {}: {source}", .file.display())]
    Io { file: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Input(#[from] InputError),
}

/// The exclusive lock on a plan directory, held until dropped.
#[derive(Debug)]
pub struct Lock {
    // The OS releases the lock when the file is closed, also when the process dies.
    _file: File,
}

impl Lock {
    /// Take the lock on `dir`, or refuse at once when another process holds it.
    pub fn acquire(dir: &Path) -> Result<Lock, JournalError> {
        use fs4::fs_std::FileExt as _;
        let path = dir.join(LOCK_FILE);
        let io = |source| JournalError::Io { file: path.clone(), source };
        let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io)?;
        match file.try_lock_exclusive() {
            Ok(true) => Ok(Lock { _file: file }),
            Ok(false) => Err(JournalError::Locked { dir: dir.to_path_buf() }),
            Err(e) => Err(io(e)),
        }
    }
}

/// The journal of one plan directory, locked while it is open.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    state: State,
    _lock: Lock,
}

impl Journal {
    /// Lock `dir` and read its journal, or start an empty one. A journal of another account
    /// or plan is refused, and so is one that does not parse (named with its line).
    pub fn open(dir: &Path, subdomain: &str, plan_fingerprint: &str) -> Result<Journal, JournalError> {
        let lock = Lock::acquire(dir)?;
        let state = match read(dir)? {
            Some(s) if s.subdomain != subdomain || s.plan_fingerprint != plan_fingerprint => {
                return Err(JournalError::OtherPlan {
                    file: dir.join(STATE_FILE),
                    found_subdomain: s.subdomain,
                    found_fingerprint: s.plan_fingerprint,
                    subdomain: subdomain.to_owned(),
                    fingerprint: plan_fingerprint.to_owned(),
                });
            }
            Some(s) => s,
            None => State {
                format_version: FORMAT_VERSION,
                subdomain: subdomain.to_owned(),
                plan_fingerprint: plan_fingerprint.to_owned(),
                entries: Vec::new(),
            },
        };
        Ok(Journal { dir: dir.to_path_buf(), state, _lock: lock })
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.state.entries.iter().find(|e| e.key == key)
    }

    /// Record, durably, that a write is about to be sent. An earlier entry of the same key
    /// (an intent a crash left, or an object undo deleted) is replaced.
    pub fn intent(&mut self, intent: Intent) -> Result<(), JournalError> {
        let entry = Entry {
            key: intent.key,
            method: Some(intent.method),
            path: intent.path,
            marker: intent.marker,
            existing_before: intent.existing_before,
            status: Status::Intent,
            id: None,
            updated_at: None,
            content_hash: None,
        };
        match self.state.entries.iter_mut().find(|e| e.key == entry.key) {
            Some(e) => *e = entry,
            None => self.state.entries.push(entry),
        }
        self.save()
    }

    /// Record, durably, the object a write made (or found after a lost response).
    pub fn created(&mut self, key: &str, written: Written) -> Result<(), JournalError> {
        self.finish(key, Status::Created, Some(written))
    }

    /// Record, durably, that an existing object with the plan's content stands for `key`.
    pub fn adopted(&mut self, key: &str, written: Written) -> Result<(), JournalError> {
        self.finish(key, Status::Adopted, Some(written))
    }

    /// Record, durably, that undo deleted the object of `key`.
    pub fn deleted(&mut self, key: &str) -> Result<(), JournalError> {
        self.finish(key, Status::Deleted, None)
    }

    fn finish(&mut self, key: &str, status: Status, written: Option<Written>) -> Result<(), JournalError> {
        let Some(e) = self.state.entries.iter_mut().find(|e| e.key == key) else {
            // Adopting needs no intent (nothing is sent): start the entry here.
            self.state.entries.push(Entry {
                key: key.to_owned(),
                method: None,
                path: String::new(),
                marker: None,
                existing_before: Vec::new(),
                status,
                id: written.as_ref().map(|w| w.id.clone()),
                updated_at: written.as_ref().and_then(|w| w.updated_at.clone()),
                content_hash: written.map(|w| w.content_hash),
            });
            return self.save();
        };
        e.status = status;
        if let Some(w) = written {
            e.id = Some(w.id);
            e.updated_at = w.updated_at;
            e.content_hash = Some(w.content_hash);
        }
        self.save()
    }

    /// Write the state atomically and durably: file fsync, rename, directory fsync.
    fn save(&self) -> Result<(), JournalError> {
        let path = self.dir.join(STATE_FILE);
        let mut text = serde_json::to_string_pretty(&self.state).unwrap_or_default();
        text.push('\n');
        crate::output::write_file(&path, text.as_bytes())
            .map_err(|e| JournalError::Io { file: path.clone(), source: std::io::Error::other(format!("{e:#}")) })?;
        sync_dir(&self.dir).map_err(|source| JournalError::Io { file: self.dir.clone(), source })
    }
}

/// Read `dir`'s journal without locking it (`None` when there is none).
pub fn read(dir: &Path) -> Result<Option<State>, JournalError> {
    let path = dir.join(STATE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(InputError::io(&path, &e).into()),
    };
    let state: State = crate::account::read::parse(&path, &text)?;
    if state.format_version != FORMAT_VERSION {
        return Err(InputError::new(
            &path,
            InputErrorKind::UnsupportedFormat {
                found: i64::from(state.format_version),
                supported: i64::from(FORMAT_VERSION),
            },
        )
        .into());
    }
    Ok(Some(state))
}

/// fsync a directory, so that a rename into it is on the disk.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // Windows cannot open a directory as a file; its renames are journalled by NTFS.
        let _ = dir;
        Ok(())
    }
}

/// The hash of an object's content, for telling later whether someone changed it: xxh3-128
/// of its JSON with the keys sorted and the fields that change on their own (`updated_at`,
/// `created_at`, `url`, `position`) left out.
pub fn content_hash(object: &serde_json::Value) -> String {
    fn canonical(v: &serde_json::Value, top: bool) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Object(m) => {
                let mut keys: Vec<_> = m
                    .keys()
                    .filter(|k| !top || !matches!(k.as_str(), "updated_at" | "created_at" | "url" | "position"))
                    .collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), canonical(&m[k], false))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| canonical(x, false)).collect()),
            other => other.clone(),
        }
    }
    let text = serde_json::to_string(&canonical(object, true)).unwrap_or_default();
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn intent(key: &str) -> Intent {
        Intent {
            key: key.to_owned(),
            method: Method::Post,
            path: "/api/v2/groups".to_owned(),
            marker: Some(format!("[migrate:abc:{key}]")),
            existing_before: vec!["7".to_owned()],
        }
    }

    #[test]
    fn an_intent_is_on_disk_before_the_write_and_the_result_after() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut j = Journal::open(dir.path(), "acme", "fp1").unwrap();
            j.intent(intent("group:Sales")).unwrap();
            let on_disk = read(dir.path()).unwrap().unwrap();
            assert_eq!(on_disk.entries[0].status, Status::Intent);
            assert_eq!(on_disk.entries[0].id, None);
            j.created(
                "group:Sales",
                Written { id: "42".into(), updated_at: Some("t1".into()), content_hash: "h".into() },
            )
            .unwrap();
        }
        // Read back on the next run.
        let j = Journal::open(dir.path(), "acme", "fp1").unwrap();
        let e = j.entry("group:Sales").unwrap();
        assert_eq!((e.status, e.id.as_deref(), e.updated_at.as_deref()), (Status::Created, Some("42"), Some("t1")));
        assert_eq!(e.existing_before, ["7"]);
        // No temporary file is left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn a_second_apply_on_the_same_plan_refuses_while_the_first_runs() {
        let dir = tempfile::tempdir().unwrap();
        let first = Journal::open(dir.path(), "acme", "fp1").unwrap();
        let err = Journal::open(dir.path(), "acme", "fp1").unwrap_err();
        assert!(matches!(err, JournalError::Locked { .. }), "{err}");
        assert!(err.to_string().contains("another `migrate apply` is running"), "{err}");
        drop(first);
        Journal::open(dir.path(), "acme", "fp1").unwrap();
    }

    #[test]
    fn a_journal_of_another_plan_or_account_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        Journal::open(dir.path(), "acme", "fp1").unwrap().intent(intent("k")).unwrap();
        let err = Journal::open(dir.path(), "acme", "fp2").unwrap_err();
        assert!(matches!(err, JournalError::OtherPlan { .. }), "{err}");
        let err = Journal::open(dir.path(), "other", "fp1").unwrap_err();
        assert!(err.to_string().contains("account acme"), "{err}");
    }

    #[test]
    fn a_hand_edited_journal_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STATE_FILE), "{\n  \"format_version\": 1,\n  \"subdomain\": 3\n}\n").unwrap();
        let err = Journal::open(dir.path(), "acme", "fp1").unwrap_err();
        let JournalError::Input(e) = &err else { panic!("{err}") };
        assert!(e.headline().contains("apply-state.json:3"), "{}", e.headline());
        std::fs::write(
            dir.path().join(STATE_FILE),
            r#"{"format_version": 9, "subdomain": "acme", "plan_fingerprint": "fp1", "entries": []}"#,
        )
        .unwrap();
        let err = Journal::open(dir.path(), "acme", "fp1").unwrap_err();
        assert!(matches!(&err, JournalError::Input(e) if matches!(e.kind, InputErrorKind::UnsupportedFormat { .. })));
    }

    #[test]
    fn a_new_intent_replaces_the_old_entry_of_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), "acme", "fp1").unwrap();
        j.intent(intent("k")).unwrap();
        j.created("k", Written { id: "1".into(), updated_at: None, content_hash: "h".into() }).unwrap();
        j.deleted("k").unwrap();
        j.intent(intent("k")).unwrap();
        assert_eq!(j.state().entries.len(), 1);
        assert_eq!(j.entry("k").unwrap().status, Status::Intent);
        assert_eq!(j.entry("k").unwrap().id, None);
    }

    #[test]
    fn the_content_hash_ignores_timestamps_and_key_order() {
        let a = json!({"id": 1, "name": "Sales", "updated_at": "t1", "tags": ["a"]});
        let b = json!({"tags": ["a"], "updated_at": "t2", "name": "Sales", "id": 1});
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_ne!(content_hash(&a), content_hash(&json!({"id": 1, "name": "Sales!", "tags": ["a"]})));
    }
}
