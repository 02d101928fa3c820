//! `cargo xtask start`: the hub on `.tanba/demo` with the bundled rule sets deployed, signed by
//! a demo publisher key, and active; and the government simulators (`tanba-sim-gov`: SHEP,
//! IS ESF, the EAEU gateway, a receipt feed) on loopback, with the four bundled adapters signed
//! by the same key and configured against them (`.tanba/demo/adapters.toml`, which the
//! simulators write). Each step is an ordinary `tanba` command, so the demo exercises the same
//! paths an operator and a regulator use.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::plugins::{self, target_dir};
use crate::{output, run};

const DATA_DIR: &str = ".tanba/demo";
/// The manufacturer of deploy/demo/registry.toml whose API token the demo prints.
const DEMO_MANUFACTURER: &str = "200540000009";
/// The operator of deploy/demo/registry.toml, whose token reads participants, adapters' outbox
/// and jobs (the SHEP sync's entrepreneur, the simulators' exchanges).
const DEMO_OPERATOR: &str = "000140000002";
const KEY_ID: &str = "demo-publisher";
/// The scope a publisher key needs to sign adapters.
const ADAPTER_SCOPE: &str = "@adapters";
/// The hub configuration the simulators write for their ports.
const ADAPTERS_CONFIG: &str = ".tanba/demo/adapters.toml";
/// A fingerprint of the bundled packages the demo's database was built with.
const BUILT_FROM: &str = ".tanba/demo/packages.fingerprint";

/// Builds everything, deploys the bundled rule sets, and serves until Ctrl-C.
pub fn start(root: &Path, extra: &[String]) -> Result<()> {
    plugins::build(root)?;
    let packages = plugins::packages(root)?;
    let (adapters_dir, adapters) = plugins::adapter_packages(root)?;
    run(
        "cargo",
        &["build", "--package", "tanba", "--package", "tanba-sim-gov"],
    )?;
    let tanba = target_dir(root).join("debug/tanba");
    let tanba = tanba.to_str().context("target path is UTF-8")?;
    let with_dir = |args: &[&str]| -> Result<()> {
        let mut all = args.to_vec();
        all.extend(["--data-dir", DATA_DIR]);
        run(tanba, &all)
    };
    let package_dirs: Vec<PathBuf> = packages
        .iter()
        .map(|p| p.dir.clone())
        .chain(adapters.iter().map(|id| adapters_dir.join(id)))
        .collect();
    let fingerprint = fingerprint(&package_dirs)?;
    start_afresh_if_changed(&fingerprint)?;
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
        .chain([ADAPTER_SCOPE.to_owned()])
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
    // The adapters are deployed by the hub at start, from the packages the configuration names.
    for id in &adapters {
        let dir = adapters_dir.join(id);
        let dir = dir.to_str().context("package path is UTF-8")?;
        run(
            tanba,
            &["plugin", "sign", dir, "--key", key_str, "--key-id", KEY_ID],
        )?;
    }
    std::fs::write(BUILT_FROM, &fingerprint).context("writing the packages' fingerprint")?;
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
    for (who, id) in [
        ("manufacturer", DEMO_MANUFACTURER),
        ("operator", DEMO_OPERATOR),
    ] {
        let token_file = PathBuf::from(DATA_DIR).join(format!("{who}.token"));
        if !token_file.exists() {
            let token = output(tanba, &["participant", "token", id, "--data-dir", DATA_DIR])?;
            std::fs::write(&token_file, token.trim()).context("writing a demo token")?;
        }
        println!(
            "Demo API token of {who} {id} is in {} (Authorization: Bearer ...).",
            token_file.display()
        );
    }
    let mut simulators = start_simulators(root, &adapters_dir)?;
    let mut serve = vec!["serve", "--config", ADAPTERS_CONFIG];
    serve.extend(extra.iter().map(String::as_str));
    let served = with_dir(&serve);
    let _ = simulators.kill();
    let _ = simulators.wait();
    served
}

/// The demo's database holds the bundled packages under their versions, and a package rebuilt
/// from changed code under the same version cannot be deployed over its stored one ("version
/// exists"). So when the packages differ from those the demo was built with, the demo starts
/// afresh: its data is rebuilt from the demo files, and what was done in it is gone.
fn start_afresh_if_changed(fingerprint: &str) -> Result<()> {
    let built_from = std::fs::read_to_string(BUILT_FROM).ok();
    if Path::new(DATA_DIR).exists() && built_from.as_deref() != Some(fingerprint) {
        eprintln!(
            "xtask: the bundled plugins or adapters changed since the demo last started; \
             starting the demo afresh ({DATA_DIR} is rebuilt)"
        );
        std::fs::remove_dir_all(DATA_DIR).context("removing the old demo")?;
    }
    std::fs::create_dir_all(DATA_DIR).context("creating .tanba/demo")
}

/// A fingerprint of the packages' manifests and components, in a stable order.
fn fingerprint(dirs: &[PathBuf]) -> Result<String> {
    use std::hash::{DefaultHasher, Hasher};
    let mut sorted = dirs.to_vec();
    sorted.sort();
    let mut hasher = DefaultHasher::new();
    for dir in &sorted {
        for file in ["manifest.toml", "component.wasm"] {
            let path = dir.join(file);
            let bytes =
                std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            hasher.write(path.to_string_lossy().as_bytes());
            hasher.write(&bytes);
        }
    }
    Ok(format!("{:016x}", hasher.finish()))
}

/// Starts `tanba-sim-gov` and waits until it has written the hub's `[adapters]` configuration
/// for its ports ([`ADAPTERS_CONFIG`], packages in `adapters_dir`).
fn start_simulators(root: &Path, adapters_dir: &Path) -> Result<Child> {
    let program = target_dir(root).join("debug/tanba-sim-gov");
    let config = Path::new(ADAPTERS_CONFIG);
    if config.exists() {
        std::fs::remove_file(config).context("removing the last run's adapters.toml")?;
    }
    let packages = adapters_dir.to_str().context("package path is UTF-8")?;
    eprintln!(
        "xtask: {} --demo-config {ADAPTERS_CONFIG} --packages {packages} &",
        program.display()
    );
    let mut child = Command::new(&program)
        .args(["--demo-config", ADAPTERS_CONFIG, "--packages", packages])
        .spawn()
        .with_context(|| format!("starting {}", program.display()))?;
    let started = Instant::now();
    while !config.exists() {
        if let Some(status) = child.try_wait()? {
            anyhow::bail!("the simulators stopped ({status}) before writing {ADAPTERS_CONFIG}");
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            anyhow::bail!("the simulators did not write {ADAPTERS_CONFIG} within 30 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(child)
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
