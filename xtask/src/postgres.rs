//! PostgreSQL's server programs for tests and the local hub.

use std::path::Path;

use anyhow::{Result, bail};

/// PostgreSQL's server programs, installed from Debian's packages when missing and we may.
pub fn ensure_postgres() -> Result<()> {
    if postgres_found() {
        return Ok(());
    }
    crate::apt::install(
        &["postgresql"],
        "PostgreSQL server programs (initdb, postgres, version 15 or later) are",
    )?;
    if !postgres_found() {
        bail!("apt-get installed postgresql, but initdb is still not found");
    }
    Ok(())
}

fn postgres_found() -> bool {
    let on_path = std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .any(|dir| Path::new(dir).join("initdb").is_file());
    let debian = std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().join("bin/initdb").is_file())
    });
    on_path || debian
}
