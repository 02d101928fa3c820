//! Debian packages the tests and the local hub need, installed when missing and we may.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::run;

/// Installs `packages` with apt-get as root; else fails saying what to install (`what`).
pub fn install(packages: &[&str], what: &str) -> Result<()> {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if !is_root || !Path::new("/usr/bin/apt-get").exists() {
        bail!(
            "{what} missing: install it (Debian: apt-get install {}) and run this again",
            packages.join(" ")
        );
    }
    eprintln!(
        "xtask: installing {} from Debian's packages",
        packages.join(", ")
    );
    run("apt-get", &["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(packages);
    run("apt-get", &args)
}
