//! The `document-applied` event adapters are told about (issue 7: the Ministry of Finance gets
//! introductions, shipments and withdrawals as they happen, R6, G2). Queued in the transaction
//! that applies the document, for every adapter that handles the event: an adapter never runs
//! inside the document's transaction, and an event is never lost or told about a document that
//! was rolled back.

use crate::plan::Change;
use serde_json::{Value, json};
use tanba_store::DocumentRow;
use tanba_store::adapter_events::{DOCUMENT_APPLIED, queue_event, subscribed};
use tokio_postgres::GenericClient;

/// Body members that are not header fields.
const NOT_FIELDS: &[&str] = &["kind", "id", "units", "accepted", "children"];

/// Queues `document-applied` for `doc` in `tx`, when some adapter handles it.
pub(crate) async fn document_applied(
    tx: &impl GenericClient,
    doc: &DocumentRow,
    changes: &[Change],
) -> Result<(), tanba_registry::RegistryError> {
    if !subscribed(tx, DOCUMENT_APPLIED).await? {
        return Ok(());
    }
    let payload = payload(doc, changes);
    let queued = queue_event(tx, DOCUMENT_APPLIED, &payload).await?;
    tracing::debug!(document = %doc.id, queued, "document-applied queued for adapters");
    Ok(())
}

/// The event as the adapter runner reads it back (`applied-document` of the WIT contract).
fn payload(doc: &DocumentRow, changes: &[Change]) -> Value {
    let fields: Vec<(String, String)> = serde_json::from_slice::<Value>(&doc.body)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .map(|o| {
            o.into_iter()
                .filter(|(k, _)| !NOT_FIELDS.contains(&k.as_str()))
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k, s)),
                    Value::Number(n) => Some((k, n.to_string())),
                    Value::Bool(b) => Some((k, b.to_string())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let codes: Vec<&str> = changes.iter().map(|c| c.after.key.as_str()).collect();
    json!({
        "kind": doc.kind,
        "id": doc.id.to_string(),
        "sender": doc.sender,
        "receiver": doc.receiver,
        "codes": codes,
        "fields": fields,
        "applied_unix_seconds": std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    })
}
