//! The commands an adapter's step asks for, applied in the transaction that records the step
//! (DESIGN.md, principle 3): a failure rolls the whole step back.

use serde_json::{Map, Value};
use tanba_documents::{AdapterDocument, Documents};
use tanba_plugin_host::adapter_types::{
    Command, Document, Participant, ParticipantKind, ParticipantStatus,
};
use tanba_registry::{RegisterEntry, Registry};
use tanba_store::registry::upsert_register_participant;
use tokio_postgres::GenericClient;

use crate::AdapterError;

/// Most commands one step may carry (a page of a register is far smaller).
pub(crate) const MAX_COMMANDS: usize = 10_000;

/// What commands are applied with: the hub's services.
pub(crate) struct Hub<'a> {
    pub(crate) registry: &'a Registry,
    pub(crate) documents: &'a Documents,
}

/// Applies `commands` in `tx`, all or none (the caller rolls back on an error).
pub(crate) async fn apply(
    tx: &impl GenericClient,
    hub: &Hub<'_>,
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
            Command::UpsertParticipant(p) => upsert(tx, hub.registry, adapter, p).await?,
            Command::SubmitDocument(d) => submit(tx, hub.documents, adapter, d).await?,
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

/// R12, R13: a document from an external system, through the same checks as a participant's
/// (`Documents::submit_from_adapter`); a second one with the same external id is ignored.
async fn submit(
    tx: &impl GenericClient,
    documents: &Documents,
    adapter: &str,
    d: &Document,
) -> Result<(), AdapterError> {
    let external_ok =
        (1..=200).contains(&d.external_id.len()) && !d.external_id.chars().any(char::is_control);
    if !external_ok {
        return Err(AdapterError::BadStep {
            adapter: adapter.to_owned(),
            reason: "a document's external id is empty, too long or has control characters".into(),
        });
    }
    let document = AdapterDocument {
        adapter,
        external_id: &d.external_id,
        sender: &d.sender,
        body: body(d),
    };
    documents
        .submit_from_adapter(tx, document)
        .await
        .map_err(|e| AdapterError::Document {
            adapter: adapter.to_owned(),
            code: e.code.to_owned(),
            pointer: e.pointer.clone().unwrap_or_default(),
        })?;
    Ok(())
}

/// The document as a participant would write it: `kind` (the WIT's kebab-case in the hub's
/// snake_case), the receiver, each header field (kebab-case names in snake_case), and the
/// lines' codes or SSCCs as `units`. Unknown fields are refused by the document's own checks.
fn body(d: &Document) -> Vec<u8> {
    let snake = |s: &str| s.replace('-', "_");
    let mut o = Map::new();
    o.insert("kind".into(), Value::String(snake(&d.kind)));
    if let Some(receiver) = &d.receiver {
        o.insert("receiver".into(), Value::String(receiver.clone()));
    }
    for (name, value) in &d.fields {
        o.insert(snake(name), Value::String(value.clone()));
    }
    let units: Vec<Value> = d
        .lines
        .iter()
        .filter_map(|l| l.code.clone().or_else(|| l.sscc.clone()))
        .map(Value::String)
        .collect();
    if !units.is_empty() {
        o.insert("units".into(), Value::Array(units));
    }
    serde_json::to_vec(&Value::Object(o)).unwrap_or_default()
}

fn unsupported(adapter: &str, command: &'static str) -> AdapterError {
    AdapterError::Unsupported {
        adapter: adapter.to_owned(),
        command,
    }
}
