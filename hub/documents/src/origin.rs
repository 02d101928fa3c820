//! Documents an adapter submits (issue 7; R12: an EAEU shipment becomes an import, R13: a
//! fiscal receipt becomes a retail sale): the same checks at the door and the same processing
//! (format-and-logic control, the group's rule set) as a participant's, with the sender's BIN
//! or IIN as the sender and the adapter recorded as the document's origin. The adapter signs
//! nothing (it holds no key); the hub took the message from the external system under its own
//! authentication, and the audit row names the adapter.

use tanba_domain::Msg;
use tanba_registry::RegistryError;
use tanba_store::{AuditEntry, insert_adapter_document};
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::Documents;

/// A document as an adapter hands it over.
pub struct AdapterDocument<'a> {
    /// The adapter's id.
    pub adapter: &'a str,
    /// The document's id in the external system.
    pub external_id: &'a str,
    /// The sending participant's BIN or IIN.
    pub sender: &'a str,
    /// The document as a participant would write it (JSON, `kind` first).
    pub body: Vec<u8>,
}

impl Documents {
    /// Checks `doc` and stores it in `tx` (the transaction of the adapter's step), to be
    /// processed like any other once `tx` commits; `None` when the adapter already submitted
    /// a document with this external id (a redelivered message: harmless, audited).
    pub async fn submit_from_adapter(
        &self,
        tx: &impl GenericClient,
        doc: AdapterDocument<'_>,
    ) -> Result<Option<Uuid>, RegistryError> {
        let sender = self.db.participant(doc.sender).await?;
        if sender.is_none_or(|p| p.status != "active") {
            return Err(RegistryError::invalid(
                "/sender",
                "DOCUMENT_SENDER_UNKNOWN",
                Msg::new("document-sender-unknown").with("id", doc.sender.escape_debug()),
            ));
        }
        let row = self.checked_row(doc.sender, doc.body, None, None).await?;
        let audit = AuditEntry {
            bin: Some(doc.sender.to_owned()),
            role: Some(format!("adapter:{}", doc.adapter)),
            action: "document.submit".to_owned(),
            outcome: "received".to_owned(),
            ..AuditEntry::default()
        };
        let inserted =
            insert_adapter_document(tx, &row, doc.adapter, doc.external_id, &audit).await?;
        if inserted {
            tracing::info!(document = %row.id, kind = %row.kind, adapter = doc.adapter,
                external_id = doc.external_id, "document received from an adapter");
            self.wake.notify_one();
            Ok(Some(row.id))
        } else {
            tracing::info!(
                adapter = doc.adapter,
                external_id = doc.external_id,
                "an adapter's document was already received; redelivery ignored"
            );
            Ok(None)
        }
    }
}
