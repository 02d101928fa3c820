//! Build-and-dev tasks, run as `cargo xtask <task>` (the alias is in `.cargo/config.toml`).
//!
//! - `test`: installs what the tests need (PostgreSQL's server programs), then runs formatting,
//!   clippy and every test of the workspace. CI (`.ci/run`) runs exactly this.
//! - `start`: installs what the hub needs and starts it on a zero-config local database.
//! - `plugins`: builds every guest crate (rule sets, adapters, hostile sandbox guests) for
//!   `wasm32-unknown-unknown` and wraps each into a component in `<target>/tanba-plugins/`.
//!
//! Not for: anything the hub does at run time.

mod plugins;
mod postgres;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use postgres::ensure_postgres;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    std::env::set_current_dir(&root).context("entering the workspace root")?;
    match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("start") => start(&args[1..]),
        Some("plugins") => plugins::build(&root).map(drop),
        _ => {
            eprintln!("usage: cargo xtask test | start [serve flags...] | plugins");
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

pub(crate) fn run(program: &str, args: &[&str]) -> Result<()> {
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
