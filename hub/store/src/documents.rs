//! Documents (migration 0006; issue 5): stored byte for byte, claimed by one worker at a time
//! (`for no key update skip locked`, so any number of hub nodes share the queue), decided with
//! their findings, and their progress written from outside the deciding transaction.

use tokio_postgres::{GenericClient, Row};
use uuid::Uuid;

use crate::error::pg;
use crate::{Database, StoreError};

/// A document as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRow {
    /// Its id.
    pub id: Uuid,
    /// Who submitted it.
    pub sender: String,
    /// The client's idempotency key.
    pub idempotency_key: String,
    /// `introduction`, `shipment`, ...
    pub kind: String,
    /// `received`, `applied` or `rejected`.
    pub status: String,
    /// The exact bytes submitted.
    pub body: Vec<u8>,
    /// CMS detached signature, if any.
    pub signature: Option<Vec<u8>>,
    /// Units listed.
    pub units_total: i32,
    /// Findings (JSON array).
    pub findings: serde_json::Value,
    /// The receiving participant, for documents that have one.
    pub receiver: Option<String>,
    /// When it was submitted, RFC 3339 UTC.
    pub submitted_at: String,
    /// When it was decided.
    pub decided_at: Option<String>,
    /// Units checked so far, while it is being processed.
    pub checked: Option<i32>,
    /// The adapter that submitted it (issue 7), none for a participant's own.
    pub origin_adapter: Option<String>,
}

const SELECT: &str = "select d.id, d.sender, d.idempotency_key, d.kind, d.status, d.body,
        d.signature, d.units_total, d.findings, d.receiver,
        to_char(d.submitted_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
        to_char(d.decided_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
        p.checked, d.origin_adapter
     from documents d left join document_progress p on p.document_id = d.id";

fn read(r: &Row) -> DocumentRow {
    DocumentRow {
        id: r.get(0),
        sender: r.get(1),
        idempotency_key: r.get(2),
        kind: r.get(3),
        status: r.get(4),
        body: r.get(5),
        signature: r.get(6),
        units_total: r.get(7),
        findings: r.get(8),
        receiver: r.get(9),
        submitted_at: r.get(10),
        decided_at: r.get(11),
        checked: r.get(12),
        origin_adapter: r.get(13),
    }
}

/// Stores a document an adapter submitted, in the caller's transaction (the one that applies
/// the adapter's step) with its audit row; `false` when the adapter already submitted one
/// with this `external_id` (a redelivered message: nothing is written but the audit row).
pub async fn insert_adapter_document(
    tx: &impl GenericClient,
    doc: &DocumentRow,
    adapter: &str,
    external_id: &str,
    audit: &crate::AuditEntry,
) -> Result<bool, StoreError> {
    let inserted = tx
        .execute(
            "insert into documents (id, sender, idempotency_key, kind, body, signature,
                 units_total, receiver, origin_adapter, external_id)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             on conflict do nothing",
            &[
                &doc.id,
                &doc.sender,
                &doc.idempotency_key,
                &doc.kind,
                &doc.body,
                &doc.signature,
                &doc.units_total,
                &doc.receiver,
                &adapter,
                &external_id,
            ],
        )
        .await
        .map_err(pg("storing an adapter's document"))?;
    let (object, outcome) = if inserted == 1 {
        (doc.id.to_string(), "received")
    } else {
        (format!("{adapter}/{external_id}"), "duplicate")
    };
    let entry = crate::AuditEntry {
        object: Some(object),
        outcome: outcome.to_owned(),
        ..audit.clone()
    };
    crate::audit(tx, &entry).await?;
    Ok(inserted == 1)
}

/// Claims a received document for processing in `tx` (the claim ends with the transaction):
/// `id`, or the oldest waiting one. `None` when there is none or another worker holds it.
pub async fn claim_document(
    tx: &impl GenericClient,
    id: Option<Uuid>,
) -> Result<Option<DocumentRow>, StoreError> {
    let row = tx
        .query_opt(
            &format!(
                "{SELECT} where d.id = (select id from documents
                     where status = 'received' and ($1::uuid is null or id = $1)
                     order by submitted_at limit 1 for no key update skip locked)"
            ),
            &[&id],
        )
        .await
        .map_err(pg("claiming a document"))?;
    Ok(row.as_ref().map(read))
}

/// Records the decision on a claimed document.
pub async fn decide_document(
    tx: &impl GenericClient,
    id: Uuid,
    status: &str,
    findings: &serde_json::Value,
) -> Result<(), StoreError> {
    tx.execute(
        "update documents set status = $2, findings = $3, decided_at = now() where id = $1",
        &[&id, &status, findings],
    )
    .await
    .map_err(pg("deciding a document"))?;
    Ok(())
}

impl Database {
    /// Stores a submitted document; if the sender already submitted one with this idempotency
    /// key, returns that one instead (and `false`).
    pub async fn insert_document(
        &self,
        doc: &DocumentRow,
        audit: &crate::AuditEntry,
    ) -> Result<(DocumentRow, bool), StoreError> {
        let mut client = self.client().await?;
        let client = client
            .transaction()
            .await
            .map_err(pg("starting a submission"))?;
        let inserted = client
            .execute(
                "insert into documents (id, sender, idempotency_key, kind, body, signature,
                     units_total, receiver)
                 values ($1, $2, $3, $4, $5, $6, $7, $8)
                 on conflict (sender, idempotency_key) do nothing",
                &[
                    &doc.id,
                    &doc.sender,
                    &doc.idempotency_key,
                    &doc.kind,
                    &doc.body,
                    &doc.signature,
                    &doc.units_total,
                    &doc.receiver,
                ],
            )
            .await
            .map_err(pg("storing a document"))?;
        let row = client
            .query_one(
                &format!("{SELECT} where d.sender = $1 and d.idempotency_key = $2"),
                &[&doc.sender, &doc.idempotency_key],
            )
            .await
            .map_err(pg("reading a document back"))?;
        let stored = read(&row);
        let outcome = if inserted == 1 {
            "received"
        } else {
            "replayed"
        };
        let entry = crate::AuditEntry {
            object: Some(stored.id.to_string()),
            outcome: outcome.to_owned(),
            ..audit.clone()
        };
        crate::audit(&*client, &entry).await?;
        client
            .commit()
            .await
            .map_err(pg("committing a submission"))?;
        Ok((stored, inserted == 1))
    }

    /// One document.
    pub async fn document(&self, id: Uuid) -> Result<Option<DocumentRow>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(&format!("{SELECT} where d.id = $1"), &[&id])
            .await
            .map_err(pg("reading a document"))?;
        Ok(row.as_ref().map(read))
    }

    /// A page of the documents `party` sent or receives, newest first, after `cursor`,
    /// optionally of one `status` and `kind`.
    pub async fn documents(
        &self,
        party: &str,
        status: Option<&str>,
        kind: Option<&str>,
        cursor: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<DocumentRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "{SELECT} where (d.sender = $1 or d.receiver = $1)
                       and ($2::text is null or d.status = $2)
                       and ($3::text is null or d.kind = $3)
                       and ($4::uuid is null or (d.submitted_at, d.id) <
                            (select submitted_at, id from documents where id = $4))
                     order by d.submitted_at desc, d.id desc limit $5"
                ),
                &[
                    &party,
                    &status,
                    &kind,
                    &cursor,
                    &limit.clamp(1, crate::registry::MAX_PAGE),
                ],
            )
            .await
            .map_err(pg("listing documents"))?;
        Ok(rows.iter().map(read).collect())
    }

    /// Records how many of a document's units have been checked (outside its transaction, so
    /// callers see progress while it runs).
    pub async fn set_progress(&self, id: Uuid, checked: i32, total: i32) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "insert into document_progress (document_id, checked, total) values ($1, $2, $3)
                 on conflict (document_id) do update set checked = excluded.checked",
                &[&id, &checked, &total],
            )
            .await
            .map_err(pg("recording progress"))?;
        Ok(())
    }
}
