//! Building guests: every `cdylib` crate under `plugins/`, `adapters/` and
//! `sandbox-tests/guests/` is compiled for `wasm32-unknown-unknown` with the `plugin` profile
//! and wrapped into a component with `wit-component`. Such a component imports nothing: the
//! module was built without WASI (DESIGN.md, "Facts measured on this machine").

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::run;

const TARGET: &str = "wasm32-unknown-unknown";
const GUEST_DIRS: &[&str] = &["plugins", "adapters", "sandbox-tests/guests"];

/// Builds every guest and returns their package names.
pub fn build(root: &Path) -> Result<Vec<String>> {
    ensure_target()?;
    let guests = find_guests(root)?;
    if guests.is_empty() {
        return Ok(guests);
    }
    let mut args = vec!["build", "--profile", "plugin", "--target", TARGET];
    for guest in &guests {
        args.extend(["--package", guest.as_str()]);
    }
    run("cargo", &args)?;
    let target_dir = target_dir(root);
    let out = target_dir.join("tanba-plugins");
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    for guest in &guests {
        let file = format!("{}.wasm", guest.replace('-', "_"));
        let module = target_dir.join(TARGET).join("plugin").join(&file);
        let component = componentize(&module)?;
        let dest = out.join(format!("{guest}.wasm"));
        std::fs::write(&dest, &component).with_context(|| format!("writing {}", dest.display()))?;
        eprintln!("xtask: {} ({} bytes)", dest.display(), component.len());
    }
    Ok(guests)
}

/// A rule-set package directory made from a plugin crate's `manifest.toml` and component.
pub struct Package {
    /// `<target>/tanba-packages/<crate dir name>`.
    pub dir: PathBuf,
    /// The product groups its manifest names.
    pub groups: Vec<String>,
}

/// Package directories (unsigned) for every rule set under `plugins/` that has a
/// `manifest.toml`; call after [`build`].
pub fn packages(root: &Path) -> Result<Vec<Package>> {
    let mut packages = Vec::new();
    let entries = std::fs::read_dir(root.join("plugins")).context("reading plugins/")?;
    for entry in entries.flatten() {
        let manifest_path = entry.path().join("manifest.toml");
        let Ok(manifest) = std::fs::read_to_string(&manifest_path) else {
            continue;
        };
        let cargo = std::fs::read_to_string(entry.path().join("Cargo.toml"))?;
        let name = package_name(&cargo, &manifest_path)?;
        let parsed: toml::Table = manifest
            .parse()
            .with_context(|| format!("{}", manifest_path.display()))?;
        let groups = parsed
            .get("product_groups")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|g| g.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let dir = target_dir(root)
            .join("tanba-packages")
            .join(entry.file_name());
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("manifest.toml"), &manifest)?;
        let component = target_dir(root)
            .join("tanba-plugins")
            .join(format!("{name}.wasm"));
        std::fs::copy(&component, dir.join("component.wasm"))
            .with_context(|| format!("copying {}", component.display()))?;
        packages.push(Package { dir, groups });
    }
    packages.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(packages)
}

/// Package directories (unsigned) for every adapter under `adapters/` (a `cdylib` crate), in
/// `<target>/tanba-packages/adapters/<id>` where `<id>` is the crate's directory name, the id
/// its `describe` gives: a manifest of kind `adapter` at the crate's version for the WIT
/// package `wit/adapter` declares, and the component. Call after [`build`]; returns the
/// directory holding them and their ids.
pub fn adapter_packages(root: &Path) -> Result<(PathBuf, Vec<String>)> {
    let wit = adapter_wit(root)?;
    let out = target_dir(root).join("tanba-packages").join("adapters");
    let mut ids = Vec::new();
    let entries = std::fs::read_dir(root.join("adapters")).context("reading adapters/")?;
    for entry in entries.flatten() {
        let cargo_path = entry.path().join("Cargo.toml");
        let Ok(cargo) = std::fs::read_to_string(&cargo_path) else {
            continue;
        };
        if !cargo.contains("\"cdylib\"") {
            continue;
        }
        let name = package_name(&cargo, &cargo_path)?;
        let version = cargo
            .lines()
            .find_map(|line| line.trim().strip_prefix("version = \""))
            .and_then(|rest| rest.strip_suffix('"'))
            .with_context(|| format!("no version in {}", cargo_path.display()))?;
        let id = entry.file_name().to_string_lossy().into_owned();
        let dir = out.join(&id);
        std::fs::create_dir_all(&dir)?;
        let manifest = format!(
            "# The demo's package of the {id} adapter (made by cargo xtask start).\n\
             id = \"{id}\"\nkind = \"adapter\"\nversion = \"{version}\"\nwit = \"{wit}\"\n"
        );
        std::fs::write(dir.join("manifest.toml"), manifest)?;
        let component = target_dir(root)
            .join("tanba-plugins")
            .join(format!("{name}.wasm"));
        std::fs::copy(&component, dir.join("component.wasm"))
            .with_context(|| format!("copying {}", component.display()))?;
        ids.push(id);
    }
    ids.sort();
    Ok((out, ids))
}

/// `tanba:adapter@<version>`, as `wit/adapter/adapter.wit` declares its package.
fn adapter_wit(root: &Path) -> Result<String> {
    let path = root.join("wit/adapter/adapter.wit");
    let wit = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    wit.lines()
        .find_map(|line| line.trim().strip_prefix("package "))
        .and_then(|rest| rest.strip_suffix(';'))
        .map(str::to_owned)
        .with_context(|| format!("no package line in {}", path.display()))
}

/// Wraps a core module with its embedded component type into a component.
fn componentize(module: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(module).with_context(|| format!("reading {}", module.display()))?;
    wit_component::ComponentEncoder::default()
        .module(&bytes)
        .and_then(|encoder| encoder.validate(true).encode())
        .with_context(|| format!("making a component of {}", module.display()))
}

/// The guest crates: `cdylib` packages in the guest directories.
fn find_guests(root: &Path) -> Result<Vec<String>> {
    let mut guests = Vec::new();
    for dir in GUEST_DIRS {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let manifest = entry.path().join("Cargo.toml");
            let Ok(text) = std::fs::read_to_string(&manifest) else {
                continue;
            };
            if text.contains("\"cdylib\"") {
                guests.push(package_name(&text, &manifest)?);
            }
        }
    }
    guests.sort();
    Ok(guests)
}

fn package_name(manifest: &str, path: &Path) -> Result<String> {
    manifest
        .lines()
        .find_map(|line| line.trim().strip_prefix("name = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_owned)
        .with_context(|| format!("no package name in {}", path.display()))
}

/// `CARGO_TARGET_DIR`, or `target/` in the workspace.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn ensure_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("running rustup")?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l == TARGET)
    {
        return Ok(());
    }
    run("rustup", &["target", "add", TARGET])
}
