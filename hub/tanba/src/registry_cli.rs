//! `tanba registry import`, `tanba participant token` and `tanba product-group rotate-key`: the
//! operator's console for the registry (issue 3). Like `migrate`, these talk to the database
//! directly, as the operator.

use std::path::PathBuf;

use clap::Subcommand;
use serde::Deserialize;
use tanba::{Config, HubError, open_database};
use tanba_domain::Msg;
use tanba_registry::{Caller, GroupSpec, Kind, ParticipantInput, ProductInput, Registry};

use crate::console::Console;

/// The registry as a whole.
#[derive(Debug, Subcommand)]
pub enum RegistryAction {
    /// Create or update product groups, participants and products from a TOML file with
    /// [[product_groups]], [[participants]] and [[products]] tables (see deploy/demo/registry.toml).
    /// Entries apply in order; the first refused one stops the import and is named. Every entry
    /// is an upsert, so the fixed file is simply run again.
    Import {
        /// The TOML file.
        file: PathBuf,
    },
}

/// Participants.
#[derive(Debug, Subcommand)]
pub enum ParticipantAction {
    /// Issue an API token for a participant. It is printed once; the hub keeps only its hash.
    Token {
        /// The participant's BIN or IIN.
        id: String,
        /// What the token is for, to recognise it later.
        #[arg(long, default_value = "console")]
        label: String,
    },
}

/// The audit log.
#[derive(Debug, Subcommand)]
pub enum AuditAction {
    /// Check the whole hash chain; reports the first row that breaks it (exit code 1).
    Verify,
}

/// Product groups.
#[derive(Debug, Subcommand)]
pub enum GroupAction {
    /// Start a new verification key for a group; codes made with older keys keep verifying.
    RotateKey {
        /// The product group.
        group: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportFile {
    #[serde(default)]
    product_groups: Vec<GroupSpec>,
    #[serde(default)]
    participants: Vec<ParticipantInput>,
    #[serde(default)]
    products: Vec<ProductInput>,
}

/// The registry on the configured database, with the database handle: in zero-config mode it
/// owns the private cluster, which must outlive every use of the registry.
async fn open_registry(
    config: &Config,
    path_var: Option<String>,
) -> Result<(Registry, tanba::OpenDatabase), HubError> {
    let opened = open_database(config, path_var).await?;
    opened.db.migrate().await?;
    let registry = tanba::registry(config, opened.db.clone())?;
    Ok((registry, opened))
}

/// Runs `tanba registry ...`.
pub async fn registry(
    action: RegistryAction,
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let RegistryAction::Import { file } = action;
    let text = std::fs::read_to_string(&file).map_err(|e| HubError::File {
        path: file.clone(),
        reason: e.to_string(),
    })?;
    let import: ImportFile = toml::from_str(&text).map_err(|e| HubError::File {
        path: file.clone(),
        reason: e.to_string(),
    })?;
    let (registry, _cluster) = open_registry(config, path_var).await?;
    let operator = Caller::console();
    let counts = (
        import.product_groups.len(),
        import.participants.len(),
        import.products.len(),
    );
    for group in import.product_groups {
        registry.put_group(&operator, group).await?;
    }
    for participant in import.participants {
        match registry
            .register_participant(None, participant.clone())
            .await
        {
            Err(e) if e.kind == Kind::Conflict => {
                registry.update_participant(&operator, participant).await?;
            }
            other => {
                other?;
            }
        }
    }
    for product in import.products {
        registry.put_product(&operator, product).await?;
    }
    console.say(
        &Msg::new("cli-registry-imported")
            .with("groups", counts.0)
            .with("participants", counts.1)
            .with("products", counts.2),
    );
    Ok(())
}

/// Runs `tanba participant ...`.
pub async fn participant(
    action: ParticipantAction,
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let ParticipantAction::Token { id, label } = action;
    let (registry, _cluster) = open_registry(config, path_var).await?;
    let token = registry.issue_token(&id, &label).await?;
    // The token alone on standard output, so scripts can capture it.
    console.line(&token);
    Ok(())
}

/// Runs `tanba product-group ...`.
pub async fn group(
    action: GroupAction,
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let GroupAction::RotateKey { group } = action;
    let (registry, _cluster) = open_registry(config, path_var).await?;
    let key_id = registry.rotate_key(&Caller::console(), &group).await?;
    console.say(
        &Msg::new("cli-key-rotated")
            .with("group", group)
            .with("key", key_id),
    );
    Ok(())
}

/// Runs `tanba audit ...`.
pub async fn audit(
    action: AuditAction,
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let AuditAction::Verify = action;
    let opened = open_database(config, path_var).await?;
    opened.db.migrate().await?;
    match opened.db.audit_verify().await? {
        (None, rows) => {
            console.say(&Msg::new("cli-audit-verified").with("rows", rows));
            Ok(())
        }
        (Some(row), _) => Err(HubError::AuditBroken { row }),
    }
}
