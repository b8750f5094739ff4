//! Writing results without ever leaving a half-written file: each file goes to a
//! temporary file beside its target and is renamed into place, so each file is whole, the
//! old one or the new one. A set of files (a plan's three) is written to temporaries first
//! and renamed only when all are written, which keeps the window small, but the renames
//! are one by one: a run killed between two of them leaves some new files beside old ones.
//! Rerunning the command replaces them all. (Renaming a whole staged directory would close
//! that window, but `--out` may be a folder that holds other files.)
//!
//! Durability is a separate choice ([`Durability`]). The rename alone protects against an
//! interrupted *process* (Ctrl-C, a crash): a reader sees the old file or the new one,
//! never a torn one. Only an fsync of the file before the rename, and of its directory
//! after it (so that the rename itself is on disk), also protects against a *power loss or
//! kernel crash*, at the cost of a disk flush per file. `migrate plan` writes three files and
//! syncs them; `migrate batch` writes tens of thousands, where a flush per file would take
//! most of the run, so it relies on the rename and on `--resume` (whose marker records a
//! hash of every output and so notices a file lost or emptied by a crash).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// Whether `path` is `dir` or lies under it, following symbolic links. `path` need not
/// exist yet.
pub(crate) fn is_within(path: &Path, dir: &Path) -> bool {
    match (resolve(path), dir.canonicalize()) {
        (Some(p), Ok(d)) => p.starts_with(d),
        _ => false,
    }
}

/// `path` made absolute with symbolic links resolved, though it need not exist yet: its
/// nearest existing ancestor is resolved and the rest appended.
pub(crate) fn resolve(path: &Path) -> Option<PathBuf> {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    let resolved = loop {
        if let Ok(c) = existing.canonicalize() {
            break c;
        }
        let name = existing.file_name()?.to_os_string();
        let parent = existing.parent()?;
        rest.push(name);
        existing = if parent.as_os_str().is_empty() { PathBuf::from(".") } else { parent.to_path_buf() };
    };
    Some(rest.iter().rev().fold(resolved, |p, n| p.join(n)))
}

/// Whether a write is flushed to the disk before it is renamed into place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Durability {
    /// fsync each file before the rename: survives a power loss.
    Sync,
    /// Rename only: atomic against an interrupted process, not against a power loss.
    NoSync,
}

/// Write `files` (name, contents) into `dir` atomically and durably, creating `dir` if
/// needed.
pub(crate) fn write_files(dir: &Path, files: &[(&str, &str)]) -> Result<Vec<PathBuf>> {
    write_files_with(dir, files, Durability::Sync)
}

/// [`write_files`] with a choice of [`Durability`].
pub(crate) fn write_files_with(dir: &Path, files: &[(&str, &str)], durability: Durability) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut staged = Vec::new();
    for (name, contents) in files {
        let tmp = stage(dir, name, contents.as_bytes(), durability)?;
        staged.push((tmp, dir.join(name)));
    }
    let mut written = Vec::new();
    for (tmp, target) in staged {
        tmp.persist(&target).map_err(|e| e.error).with_context(|| format!("cannot write {}", target.display()))?;
        written.push(target);
    }
    sync_dir(dir, durability)?;
    Ok(written)
}

/// Write one file atomically and durably.
pub(crate) fn write_file(path: &Path, contents: &[u8]) -> Result<()> {
    write_file_with(path, contents, Durability::Sync)
}

/// [`write_file`] with a choice of [`Durability`].
pub(crate) fn write_file_with(path: &Path, contents: &[u8], durability: Durability) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = stage(dir, &name, contents, durability)?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    sync_dir(dir, durability)
}

/// Write `name` into `dir`, which must exist, atomically: for a file that follows others
/// into a folder just written (the batch marker), without creating the folder again.
pub(crate) fn write_file_in(dir: &Path, name: &str, contents: &[u8], durability: Durability) -> Result<()> {
    let target = dir.join(name);
    let tmp = stage(dir, name, contents, durability)?;
    tmp.persist(&target).map_err(|e| e.error).with_context(|| format!("cannot write {}", target.display()))?;
    sync_dir(dir, durability)
}

/// With [`Durability::Sync`], flush `dir` itself, so that the renames into it survive a
/// power loss (a file's fsync does not cover its directory entry). Unix only: elsewhere a
/// directory cannot be opened for this, and the rename is as durable as the system makes it.
fn sync_dir(dir: &Path, durability: Durability) -> Result<()> {
    #[cfg(unix)]
    if durability == Durability::Sync {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .with_context(|| format!("cannot flush the folder {}", dir.display()))?;
    }
    #[cfg(not(unix))]
    let _ = (dir, durability);
    Ok(())
}

/// A temporary file in `dir` that will become `name`. Outputs get the permissions any
/// newly created file gets (0666 less the umask, usually 0644), not the private 0600 of a
/// temporary file: plans and summaries are meant to be shared and hold no secret.
pub(crate) fn temp_in(dir: &Path, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
}

/// A temporary file beside the target (`.name.XXXXXX.tmp`, hidden, removed when dropped)
/// holding `contents`.
fn stage(dir: &Path, name: &str, contents: &[u8], durability: Durability) -> Result<tempfile::NamedTempFile> {
    let mut tmp = temp_in(dir, name).with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(contents)
        .and_then(|()| if durability == Durability::Sync { tmp.as_file().sync_all() } else { Ok(()) })
        .with_context(|| format!("cannot write {}", dir.join(name).display()))?;
    Ok(tmp)
}
