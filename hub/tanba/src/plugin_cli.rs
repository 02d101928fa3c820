//! `tanba plugin ...` and `tanba publisher ...`: rule sets from the operator's and the
//! publishers' side of the command line. These talk to the database directly, like `migrate`;
//! a running hub hears of every activation through `LISTEN tanba_plugins`.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use ed25519_dalek::SigningKey;
use tanba::{Config, HubError, open_database};
use tanba_domain::Msg;
use tanba_plugin_host::{EngineSettings, PluginEngine, PluginPackage, sign_package};
use tanba_rules::{DeployOutcome, RuleRegistry};

use crate::console::Console;

/// What to do with rule-set plugins.
#[derive(Debug, Subcommand)]
pub enum PluginAction {
    /// Verify, compile and store a signed package directory (manifest.toml, component.wasm,
    /// signature.toml).
    Deploy {
        /// The package directory.
        dir: PathBuf,
        /// Also make it the active rule set of every group it serves.
        #[arg(long)]
        activate: bool,
    },
    /// List deployed packages and where each is active.
    List,
    /// Make a deployed version the active rule set (of every group it serves, or of --group).
    Activate {
        /// Plugin id.
        id: String,
        /// Version.
        version: String,
        /// Only these product groups.
        #[arg(long = "group")]
        groups: Vec<String>,
    },
    /// Return a product group to the rule set it ran before.
    Rollback {
        /// The product group.
        group: String,
    },
    /// Run a candidate version beside a group's active rule set on live calls; only the active
    /// answer counts, every disagreement is recorded.
    Shadow {
        /// Plugin id.
        id: String,
        /// Version.
        version: String,
        /// The product group whose active rule set it shadows.
        #[arg(long)]
        group: String,
    },
    /// Stop a group's shadow run.
    ShadowStop {
        /// The product group.
        group: String,
    },
    /// Show a group's newest shadow disagreements.
    ShadowReport {
        /// The product group.
        group: String,
        /// How many, newest first.
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Create an Ed25519 signing key for a publisher (FILE, mode 0600) and its public key
    /// (FILE.pub, hex, for the operator to register).
    Keygen {
        /// Where to write the secret key.
        file: PathBuf,
    },
    /// Sign a package directory with a publisher key (writes signature.toml).
    Sign {
        /// The package directory.
        dir: PathBuf,
        /// The secret key file made by keygen.
        #[arg(long)]
        key: PathBuf,
        /// The key's registered id.
        #[arg(long)]
        key_id: String,
    },
}

/// What to do with publisher keys.
#[derive(Debug, Subcommand)]
pub enum PublisherAction {
    /// Register a publisher key (or change its groups).
    Add {
        /// The key's id.
        key_id: String,
        /// The Ed25519 public key, 64 hex digits (keygen prints it).
        #[arg(long)]
        public_key: String,
        /// The product groups it may publish rules for, comma-separated; `@adapters` lets the
        /// operator's key sign adapter packages (issue 7).
        #[arg(long, value_delimiter = ',', required = true)]
        groups: Vec<String>,
    },
}

/// Who acts, for the records: `cli:<user>`.
fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    )
}

async fn registry(
    config: &Config,
    path_var: Option<String>,
) -> Result<(RuleRegistry, tanba::OpenDatabase), HubError> {
    let opened = open_database(config, path_var).await?;
    opened.db.migrate().await?;
    let engine = PluginEngine::new(&EngineSettings::default())?;
    Ok((RuleRegistry::new(opened.db.clone(), engine), opened))
}

/// Runs a plugin action.
pub async fn plugin(
    action: PluginAction,
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    match action {
        PluginAction::Keygen { file } => return keygen(&file, console),
        PluginAction::Sign { dir, key, key_id } => return sign(&dir, &key, &key_id, console),
        _ => {}
    }
    let (registry, _opened) = registry(config, path_var).await?;
    match action {
        PluginAction::Deploy { dir, activate } => {
            let package = PluginPackage::read_dir(&dir)?;
            let outcome = registry.deploy(package, &actor()).await?;
            let (id, label) = match &outcome {
                DeployOutcome::Stored { label } => ("cli-plugin-deployed", label),
                DeployOutcome::AlreadyStored { label } => ("cli-plugin-already", label),
            };
            console.say(&Msg::new(id).with("label", label));
            if activate {
                let (plugin, version) = label.split_once('@').unwrap_or((label, ""));
                registry.activate(plugin, version, &[], &actor()).await?;
                console.say(
                    &Msg::new("cli-plugin-activated")
                        .with("plugin", plugin)
                        .with("version", version),
                );
            }
        }
        PluginAction::List => list(&registry, console).await?,
        PluginAction::Activate {
            id,
            version,
            groups,
        } => {
            registry.activate(&id, &version, &groups, &actor()).await?;
            console.say(
                &Msg::new("cli-plugin-activated")
                    .with("plugin", id)
                    .with("version", version),
            );
        }
        PluginAction::Rollback { group } => {
            let back = registry.rollback(&group, &actor()).await?;
            console.say(
                &Msg::new("cli-plugin-rolled-back")
                    .with("group", group)
                    .with("plugin", back.plugin_id)
                    .with("version", back.version),
            );
        }
        PluginAction::Shadow { id, version, group } => {
            registry
                .start_shadow(&id, &version, &group, &actor())
                .await?;
            console.say(
                &Msg::new("cli-shadow-started")
                    .with("plugin", id)
                    .with("version", version)
                    .with("group", group),
            );
        }
        PluginAction::ShadowStop { group } => {
            let id = if registry.stop_shadow(&group, &actor()).await? {
                "cli-shadow-stopped"
            } else {
                "cli-shadow-none"
            };
            console.say(&Msg::new(id).with("group", group));
        }
        PluginAction::ShadowReport { group, limit } => {
            let report = registry.shadow_report(&group, limit).await?;
            if report.is_empty() {
                console.say(&Msg::new("cli-shadow-report-empty").with("group", &group));
            }
            for d in report {
                console.line(&format!(
                    "{} {} input={} {}={} {}={}",
                    d.observed_at,
                    d.function,
                    &hex::encode(&d.input_sha256)[..16],
                    d.active,
                    d.active_verdict,
                    d.candidate,
                    d.candidate_verdict,
                ));
            }
        }
        PluginAction::Keygen { .. } | PluginAction::Sign { .. } => {}
    }
    Ok(())
}

/// Runs a publisher action.
pub async fn publisher(
    action: PublisherAction,
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let PublisherAction::Add {
        key_id,
        public_key,
        groups,
    } = action;
    let bytes: [u8; 32] = hex::decode(public_key.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| HubError::File {
            path: PathBuf::from("--public-key"),
            reason: "expected 64 hex digits (an Ed25519 public key)".into(),
        })?;
    let (registry, _opened) = registry(config, path_var).await?;
    registry
        .register_publisher(&key_id, bytes, &groups, &actor())
        .await?;
    console.say(
        &Msg::new("cli-publisher-added")
            .with("key", key_id)
            .with("groups", groups.join(", ")),
    );
    Ok(())
}

async fn list(registry: &RuleRegistry, console: &Console) -> Result<(), HubError> {
    let packages = registry.packages().await?;
    if packages.is_empty() {
        console.say(&Msg::new("cli-plugin-none"));
    }
    for p in packages {
        let active = if p.active_for.is_empty() {
            "-".to_owned()
        } else {
            p.active_for.join(",")
        };
        console.line(&format!(
            "{:<20} {:<10} groups={:<24} active={:<16} key={} sha256={}",
            p.plugin_id,
            p.version,
            p.product_groups.join(","),
            active,
            p.key_id,
            &p.component_sha256[..16],
        ));
    }
    Ok(())
}

fn keygen(file: &Path, console: &Console) -> Result<(), HubError> {
    let key = SigningKey::generate(&mut rand_core::OsRng);
    write_secret(file, &hex::encode(key.to_bytes()))?;
    let public = hex::encode(key.verifying_key().to_bytes());
    let public_file = PathBuf::from(format!("{}.pub", file.display()));
    std::fs::write(&public_file, format!("{public}\n")).map_err(|e| HubError::File {
        path: public_file,
        reason: e.to_string(),
    })?;
    console.say(
        &Msg::new("cli-plugin-keygen")
            .with("path", file.display())
            .with("public", public),
    );
    Ok(())
}

fn sign(dir: &Path, key_file: &Path, key_id: &str, console: &Console) -> Result<(), HubError> {
    let key = read_secret(key_file)?;
    let file_error = |e: std::io::Error| HubError::File {
        path: dir.to_owned(),
        reason: e.to_string(),
    };
    let (manifest, component) = PluginPackage::read_unsigned(dir).map_err(file_error)?;
    let signature = sign_package(&manifest, &component, &key, key_id);
    PluginPackage::write_signature(dir, &signature).map_err(file_error)?;
    console.say(
        &Msg::new("cli-plugin-signed")
            .with("dir", dir.display())
            .with("key", key_id),
    );
    Ok(())
}

/// Reads a secret key file written by `keygen`.
pub fn read_secret(file: &Path) -> Result<SigningKey, HubError> {
    let bad = |reason: String| HubError::File {
        path: file.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(file).map_err(|e| bad(e.to_string()))?;
    let seed: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| bad("not a key written by tanba plugin keygen".into()))?;
    Ok(SigningKey::from_bytes(&seed))
}

fn write_secret(file: &Path, text: &str) -> Result<(), HubError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut handle = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
        .map_err(|e| HubError::File {
            path: file.to_owned(),
            reason: e.to_string(),
        })?;
    handle
        .write_all(text.as_bytes())
        .map_err(|e| HubError::File {
            path: file.to_owned(),
            reason: e.to_string(),
        })
}
