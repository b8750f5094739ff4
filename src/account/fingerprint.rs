//! The fingerprint of an export: one hash over the files of an account directory that a
//! plan reads, by name and contents, so that a plan can say which export it was made from
//! and `migrate verify` / `migrate apply` can refuse a plan whose export has changed since.
//!
//! Deterministic and independent of where the directory lives: each file is hashed as its
//! path inside the account (`chat/triggers.json`), its length and its bytes, in path order
//! (xxh3-128). Hidden files and files the plan does not read (`expect.toml`) are left out,
//! so a fixture's expectations or an editor's swap file do not change it.

use std::io::Read as _;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use crate::error::InputError;

/// The hash over `files` (paths relative to `root`, each read whole), as 32 hex digits.
/// Files are taken in sorted order whatever order they are given in.
pub fn fingerprint<'a>(root: &Path, files: impl IntoIterator<Item = &'a str>) -> Result<String, InputError> {
    let mut names: Vec<&str> = files.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    let mut h = Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    for rel in names {
        let path = root.join(rel);
        let mut file = std::fs::File::open(&path).map_err(|e| InputError::io(&path, &e))?;
        let len = file.metadata().map_err(|e| InputError::io(&path, &e))?.len();
        h.update(rel.as_bytes());
        h.update(b"\0");
        h.update(&len.to_le_bytes());
        loop {
            let n = file.read(&mut buf).map_err(|e| InputError::io(&path, &e))?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
        }
    }
    Ok(format!("{:032x}", h.digest128()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_contents_count_and_the_place_does_not() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for d in [a.path(), b.path()] {
            std::fs::create_dir(d.join("chat")).unwrap();
            std::fs::write(d.join("manifest.toml"), "x").unwrap();
            std::fs::write(d.join("chat/agents.json"), "[]").unwrap();
        }
        let files = ["manifest.toml", "chat/agents.json"];
        let fa = fingerprint(a.path(), files).unwrap();
        assert_eq!(fa, fingerprint(b.path(), ["chat/agents.json", "manifest.toml"]).unwrap());
        assert_eq!(fa.len(), 32);
        std::fs::write(b.path().join("chat/agents.json"), "[ ]").unwrap();
        assert_ne!(fa, fingerprint(b.path(), files).unwrap(), "contents count");
        std::fs::write(b.path().join("chat/agents.json"), "[]").unwrap();
        std::fs::rename(b.path().join("chat/agents.json"), b.path().join("chat/skills.json")).unwrap();
        assert_ne!(fa, fingerprint(b.path(), ["manifest.toml", "chat/skills.json"]).unwrap(), "names count");
        assert!(fingerprint(a.path(), ["chat/missing.json"]).is_err());
    }
}
