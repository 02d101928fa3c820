//! Build-and-dev tasks, run as `cargo xtask <task>` (the alias is in `.cargo/config.toml`).
//!
//! - `test`: installs what the tests need (PostgreSQL's server programs; Chromium, node and the
//!   web tests' playwright-core for the browser tests), then runs formatting,
//!   clippy and every test of the workspace. CI (`.ci/run`) runs exactly this.
//! - `start`: installs what the hub needs and starts it on a zero-config local database.
//! - `plugins`: builds every guest crate (rule sets, adapters, hostile sandbox guests) for
//!   `wasm32-unknown-unknown` and wraps each into a component in `<target>/tanba-plugins/`.
//!
//! Not for: anything the hub does at run time.

mod apt;
mod browser;
mod demo;
mod plugins;
mod postgres;

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};
use postgres::ensure_postgres;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    std::env::set_current_dir(&root).context("entering the workspace root")?;
    match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("start") => {
            ensure_postgres()?;
            demo::start(&root, &args[1..])
        }
        Some("plugins") => plugins::build(&root).map(drop),
        _ => {
            eprintln!("usage: cargo xtask test | start [serve flags...] | plugins");
            bail!("unknown task {:?}", args.first());
        }
    }
}

/// Formatting, lints, and every test: the host crates' (which load the freshly built
/// components) and the guests' own logic tests, run natively.
fn test() -> Result<()> {
    ensure_postgres()?;
    browser::ensure_browser(&workspace_root())?;
    let guests = plugins::build(&workspace_root())?;
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    // The Extism peer bench brings a second wasmtime: it is linted when it is built
    // (`cargo bench -p tanba-extism-peer`), not on every test run.
    let clippy = [
        "clippy",
        "--workspace",
        "--exclude",
        "tanba-extism-peer",
        "--exclude",
        "tanba-extism-guest",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ];
    run("cargo", &clippy)?;
    run("cargo", &["test"])?;
    // The guests' logic, the SDKs they share and the adapters' schema checker, compiled natively.
    let mut guest_tests = vec![
        "test",
        "--package",
        "tanba-plugin-sdk",
        "--package",
        "tanba-adapter-sdk",
        "--package",
        "tanba-xsd-check",
    ];
    for guest in &guests {
        guest_tests.extend(["--package", guest.as_str()]);
    }
    run("cargo", &guest_tests)
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

/// Runs `program` and returns what it printed on standard output.
pub(crate) fn output(program: &str, args: &[&str]) -> Result<String> {
    eprintln!("xtask: {program} {}", args.join(" "));
    let out = Command::new(program)
        .args(args)
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("starting {program}"))?;
    if !out.status.success() {
        bail!("{program} {} failed ({})", args.join(" "), out.status);
    }
    String::from_utf8(out.stdout).context("the output is UTF-8")
}

/// The workspace this run is for. `cargo run` sets `CARGO_MANIFEST_DIR` for the process, and
/// that is read first: the path compiled in is the one of whichever checkout built this binary,
/// and clones sharing a target directory (CI's fresh clone, worktrees) reuse the binary.
fn workspace_root() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_owned()
}
