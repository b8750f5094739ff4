//! Writing results without ever leaving a half-written file: each file goes to a
//! temporary file beside its target and is renamed into place; a plan's three files are
//! all written before any is renamed, so an interrupted run leaves either the old set or
//! the new one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// Write `files` (name, contents) into `dir` atomically, creating `dir` if needed.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut staged = Vec::new();
    for (name, contents) in files {
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        tmp.write_all(contents.as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| format!("cannot write {}", dir.join(name).display()))?;
        staged.push((tmp, dir.join(name)));
    }
    let mut written = Vec::new();
    for (tmp, target) in staged {
        tmp.persist(&target).map_err(|e| e.error).with_context(|| format!("cannot write {}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

/// Write one file atomically.
pub fn write_file(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
