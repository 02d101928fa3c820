//! Build-and-dev tasks, run as `cargo xtask <task>` (the alias is in `.cargo/config.toml`).
//!
//! - `test`: installs what the tests need (PostgreSQL's server programs), then runs formatting,
//!   clippy and every test of the workspace. CI (`.ci/run`) runs exactly this.
//! - `start`: installs what the hub needs and starts it on a zero-config local database.
//!
//! Not for: anything the hub does at run time.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    std::env::set_current_dir(&root).context("entering the workspace root")?;
    match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("start") => start(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask test | cargo xtask start [serve flags...]");
            bail!("unknown task {:?}", args.first());
        }
    }
}

/// Formatting, lints, and every test.
fn test() -> Result<()> {
    ensure_postgres()?;
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run("cargo", &["test", "--workspace"])
}

/// The hub on a private database under `.tanba/demo`, until Ctrl-C.
fn start(extra: &[String]) -> Result<()> {
    ensure_postgres()?;
    // Rule-set plugins and demo data arrive with issues 3 and 4; until then the hub starts with
    // its schema and health endpoints only.
    let mut args = vec![
        "run",
        "--package",
        "tanba",
        "--",
        "serve",
        "--data-dir",
        ".tanba/demo",
    ];
    args.extend(extra.iter().map(String::as_str));
    run("cargo", &args)
}

/// PostgreSQL's server programs, installed from Debian's packages when missing and we may.
fn ensure_postgres() -> Result<()> {
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

fn run(program: &str, args: &[&str]) -> Result<()> {
    eprintln!("xtask: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("starting {program}"))?;
    if !status.success() {
        bail!("{program} {} failed ({status})", args.join(" "));
    }
    Ok(())
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_owned()
}
