//! `cargo xtask start`: the hub on `.tanba/demo` with the bundled rule sets deployed, signed by
//! a demo publisher key, and active. Each step is an ordinary `tanba` command, so the demo
//! exercises the same paths an operator and a regulator use.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::plugins::{self, target_dir};
use crate::{output, run};

const DATA_DIR: &str = ".tanba/demo";
/// The manufacturer of deploy/demo/registry.toml whose API token the demo prints.
const DEMO_MANUFACTURER: &str = "200540000009";
const KEY_ID: &str = "demo-publisher";

/// Builds everything, deploys the bundled rule sets, and serves until Ctrl-C.
pub fn start(root: &Path, extra: &[String]) -> Result<()> {
    plugins::build(root)?;
    let packages = plugins::packages(root)?;
    run("cargo", &["build", "--package", "tanba"])?;
    let tanba = target_dir(root).join("debug/tanba");
    let tanba = tanba.to_str().context("target path is UTF-8")?;
    let with_dir = |args: &[&str]| -> Result<()> {
        let mut all = args.to_vec();
        all.extend(["--data-dir", DATA_DIR]);
        run(tanba, &all)
    };
    std::fs::create_dir_all(DATA_DIR).context("creating .tanba/demo")?;
    let key = PathBuf::from(DATA_DIR).join("publisher.key");
    let key_str = key.to_str().context("key path is UTF-8")?;
    if !key.exists() {
        run(tanba, &["plugin", "keygen", key_str])?;
    }
    let public =
        std::fs::read_to_string(format!("{key_str}.pub")).context("reading the demo public key")?;
    let groups = packages
        .iter()
        .flat_map(|p| p.groups.clone())
        .collect::<Vec<_>>()
        .join(",");
    with_dir(&[
        "publisher",
        "add",
        KEY_ID,
        "--public-key",
        public.trim(),
        "--groups",
        &groups,
    ])?;
    for package in &packages {
        let dir = package.dir.to_str().context("package path is UTF-8")?;
        run(
            tanba,
            &["plugin", "sign", dir, "--key", key_str, "--key-id", KEY_ID],
        )?;
        with_dir(&["plugin", "deploy", dir, "--activate"])?;
    }
    // Demo participants, products and product groups; a token for the demo manufacturer.
    with_dir(&["registry", "import", "deploy/demo/registry.toml"])?;
    // Reference data (R20): one file per classifier, named after it; re-importing an unchanged
    // file changes nothing.
    for file in reference_files()? {
        let classifier = file
            .file_stem()
            .and_then(|s| s.to_str())
            .context("reference file names are UTF-8")?;
        let path = file.to_str().context("reference path is UTF-8")?;
        with_dir(&["reference", "import", classifier, path])?;
    }
    let token_file = PathBuf::from(DATA_DIR).join("manufacturer.token");
    if !token_file.exists() {
        let token = output(
            tanba,
            &[
                "participant",
                "token",
                DEMO_MANUFACTURER,
                "--data-dir",
                DATA_DIR,
            ],
        )?;
        std::fs::write(&token_file, token.trim()).context("writing the demo token")?;
    }
    println!(
        "Demo API token of manufacturer {DEMO_MANUFACTURER} is in {} (Authorization: Bearer ...).",
        token_file.display()
    );
    let mut serve = vec!["serve"];
    serve.extend(extra.iter().map(String::as_str));
    with_dir(&serve)
}

/// The demo's reference data files, `deploy/demo/reference/<classifier>.csv`, by name.
fn reference_files() -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("deploy/demo/reference")
        .context("reading deploy/demo/reference")?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    Ok(files)
}
