//! Files written with `--out FILE [--force]` (`keel export`, `keel report`):
//! checked before anything is read, never overwritten without `--force`.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::error::invalid;

/// Refuses, before anything is read or written, an --out that exists
/// (unless --force) or whose directory does not.
pub fn check(out: &Path, force: bool) -> anyhow::Result<()> {
    if out.is_dir() {
        return Err(invalid(format!("--out: {} is a directory", out.display())));
    }
    if out.exists() && !force {
        return Err(invalid(format!(
            "--out: {} already exists; pass --force to overwrite it",
            out.display()
        )));
    }
    if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(invalid(format!(
            "--out: the directory {} does not exist",
            dir.display()
        )));
    }
    Ok(())
}

/// Writes `text` to `out`, replacing it only with `force`.
pub fn write(out: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        // Checked before; create_new also closes the race with another writer.
        options.create_new(true);
    }
    let mut file = options
        .open(out)
        .with_context(|| format!("creating {}", out.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}
