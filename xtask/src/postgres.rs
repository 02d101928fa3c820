//! PostgreSQL's server programs for tests and the local hub.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::run;

/// PostgreSQL's server programs, installed from Debian's packages when missing and we may.
pub fn ensure_postgres() -> Result<()> {
    if postgres_found() {
        return Ok(());
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if !is_root || !Path::new("/usr/bin/apt-get").exists() {
        bail!(
            "PostgreSQL server programs (initdb, postgres) are missing: install PostgreSQL 15 or \
             later (Debian: apt-get install postgresql) and run this again"
        );
    }
    eprintln!("xtask: installing PostgreSQL from Debian's packages");
    run("apt-get", &["update", "-q"])?;
    run(
        "apt-get",
        &[
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            "postgresql",
        ],
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
