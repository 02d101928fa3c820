//! The commands an adapter's step asks for, applied in the transaction that records the step
//! (DESIGN.md, principle 3): a failure rolls the whole step back.

use tanba_plugin_host::adapter_types::{Command, Participant, ParticipantKind, ParticipantStatus};
use tanba_registry::{RegisterEntry, Registry};
use tanba_store::registry::upsert_register_participant;
use tokio_postgres::GenericClient;

use crate::AdapterError;

/// Most commands one step may carry (a page of a register is far smaller).
pub(crate) const MAX_COMMANDS: usize = 10_000;

/// Applies `commands` in `tx`, all or none (the caller rolls back on an error).
pub(crate) async fn apply(
    tx: &impl GenericClient,
    registry: &Registry,
    adapter: &str,
    commands: &[Command],
) -> Result<(), AdapterError> {
    if commands.len() > MAX_COMMANDS {
        return Err(AdapterError::BadStep {
            adapter: adapter.to_owned(),
            reason: format!("{} commands, more than {MAX_COMMANDS}", commands.len()),
        });
    }
    for command in commands {
        match command {
            Command::UpsertParticipant(p) => upsert(tx, registry, adapter, p).await?,
            Command::SubmitDocument(_) => return Err(unsupported(adapter, "submit a document")),
            Command::UpdateTrustStore(_) => {
                return Err(unsupported(adapter, "update the trust store"));
            }
        }
    }
    Ok(())
}

/// R1: a participant from a state register, checked by the registry (IIN/BIN and its kind,
/// name), then created or updated with an audit row.
async fn upsert(
    tx: &impl GenericClient,
    registry: &Registry,
    adapter: &str,
    p: &Participant,
) -> Result<(), AdapterError> {
    let entry = RegisterEntry {
        id: p.iin_bin.clone(),
        name: p.name.clone(),
        active: p.status == ParticipantStatus::Active,
        source: format!("adapter:{adapter}"),
    };
    let (row, audit) =
        registry
            .register_entry(&entry)
            .map_err(|source| AdapterError::Participant {
                adapter: adapter.to_owned(),
                source,
            })?;
    let expected = match p.kind {
        ParticipantKind::IndividualEntrepreneur => "iin",
        ParticipantKind::LegalEntity => "bin",
    };
    if row.kind != expected {
        return Err(AdapterError::BadStep {
            adapter: adapter.to_owned(),
            reason: format!("{} is a {}, reported as a {expected}", row.id, row.kind),
        });
    }
    upsert_register_participant(tx, &row, &audit).await?;
    Ok(())
}

fn unsupported(adapter: &str, command: &'static str) -> AdapterError {
    AdapterError::Unsupported {
        adapter: adapter.to_owned(),
        command,
    }
}
