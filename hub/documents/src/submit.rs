//! Submission and reading of documents: shape checks at the door (malformed JSON, unknown kind
//! or field, too many units, a unit listed twice, an unknown receiver: 4xx at once, nothing
//! stored), idempotent resubmission, and who may read a document (its sender, its receiver,
//! the operator).

use serde::Serialize;
use serde_json::Value;
use tanba_domain::{Msg, Role};
use tanba_registry::{Caller, Page, RegistryError};
use tanba_store::DocumentRow;
use uuid::Uuid;

use crate::Documents;
use crate::form::{DocumentForm, MAX_UNITS};

/// A document as its sender or receiver sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    /// Its id.
    pub id: String,
    /// `introduction`, `shipment`, ...
    pub kind: String,
    /// Who sent it.
    pub sender: String,
    /// Who receives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receiver: Option<String>,
    /// `received`, `checking`, `applied` or `rejected`.
    pub status: &'static str,
    /// Units listed / checked so far.
    pub progress: Progress,
    /// What the checks found (errors for a rejected document; warnings may come with an
    /// applied one), each with texts in kk, ru and en.
    #[schema(value_type = Vec<crate::FindingView>)]
    pub findings: Value,
    /// Whether it came with a signature (verified with the EDS issue).
    pub signed: bool,
    /// When it was submitted and decided.
    pub submitted_at: String,
    /// When it was decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<String>,
}

/// How far processing has got.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Progress {
    /// Units checked.
    pub checked: i32,
    /// Units listed.
    pub total: i32,
}

/// The answer to a submission.
pub struct Submitted {
    /// The document.
    pub document: DocumentView,
    /// `true` when this resubmission returned an earlier document.
    pub replayed: bool,
}

impl From<DocumentRow> for DocumentView {
    fn from(d: DocumentRow) -> Self {
        let status = match (d.status.as_str(), d.checked) {
            ("applied", _) => "applied",
            ("rejected", _) => "rejected",
            (_, Some(_)) => "checking",
            _ => "received",
        };
        let checked = if d.decided_at.is_some() {
            d.units_total
        } else {
            d.checked.unwrap_or(0)
        };
        DocumentView {
            id: d.id.to_string(),
            kind: d.kind,
            sender: d.sender,
            receiver: d.receiver,
            status,
            progress: Progress {
                checked,
                total: d.units_total,
            },
            findings: d.findings,
            signed: d.signature.is_some(),
            submitted_at: d.submitted_at,
            decided_at: d.decided_at,
        }
    }
}

fn invalid(pointer: &str, code: &'static str, msg: Msg) -> RegistryError {
    RegistryError::invalid(pointer, code, msg)
}

fn not_found(id: &str) -> RegistryError {
    RegistryError::not_found(
        "DOCUMENT_NOT_FOUND",
        Msg::new("document-not-found").with("id", id.escape_debug()),
    )
}

impl Documents {
    /// Takes a document: `body` is kept byte for byte with `signature`. Resubmitting with the
    /// same idempotency key (header, or the body's `id`) returns the first document.
    pub async fn submit(
        &self,
        caller: &Caller,
        body: Vec<u8>,
        idempotency_key: Option<String>,
        signature: Option<Vec<u8>>,
    ) -> Result<Submitted, RegistryError> {
        caller.require_active()?;
        let row = self
            .checked_row(&caller.id, body, idempotency_key, signature)
            .await?;
        let audit = caller.audit("document.submit", "", "received");
        let (stored, inserted) = self.db.insert_document(&row, &audit).await?;
        if inserted {
            tracing::info!(document = %stored.id, kind = %stored.kind, units = stored.units_total, "document received");
            self.wake.notify_one();
        }
        Ok(Submitted {
            document: stored.into(),
            replayed: !inserted,
        })
    }

    /// The row of a document `sender` submits, after every check at the door (its shape, its
    /// units, its receiver); nothing is stored. Participants' documents and adapters' go
    /// through here alike.
    pub(crate) async fn checked_row(
        &self,
        sender: &str,
        body: Vec<u8>,
        idempotency_key: Option<String>,
        signature: Option<Vec<u8>>,
    ) -> Result<DocumentRow, RegistryError> {
        let mut value: Value = serde_json::from_slice(&body).map_err(|e| {
            invalid(
                "",
                "DOCUMENT_MALFORMED",
                Msg::new("document-malformed").with("reason", e),
            )
        })?;
        let body_id = value.as_object_mut().and_then(|o| o.remove("id"));
        let body_id = match body_id {
            None => None,
            Some(Value::String(id)) if (1..=128).contains(&id.len()) => Some(id),
            Some(_) => {
                return Err(invalid(
                    "/id",
                    "DOCUMENT_ID_INVALID",
                    Msg::new("document-id-invalid"),
                ));
            }
        };
        let form: DocumentForm = serde_json::from_value(value).map_err(|e| {
            invalid(
                "",
                "DOCUMENT_INVALID",
                Msg::new("document-invalid").with("reason", e),
            )
        })?;
        let (pointer, units) = form.units();
        if units.len() > MAX_UNITS || (form.needs_units() && units.is_empty()) {
            return Err(invalid(
                pointer,
                "UNITS_COUNT",
                Msg::new("units-count").with("max", MAX_UNITS),
            ));
        }
        let mut seen = std::collections::HashSet::with_capacity(units.len());
        for (i, unit) in units.iter().enumerate() {
            let key = tanba_registry::unit_key(unit, &format!("{pointer}/{i}"))?;
            if !seen.insert(key.clone()) {
                return Err(invalid(
                    &format!("{pointer}/{i}"),
                    "UNIT_LISTED_TWICE",
                    Msg::new("unit-listed-twice").with("unit", key),
                ));
            }
        }
        match &form {
            DocumentForm::Remark { old, new } => {
                let (old, new) = (
                    tanba_registry::unit_key(old, "/old")?,
                    tanba_registry::unit_key(new, "/new")?,
                );
                if old == new {
                    return Err(invalid(
                        "/new",
                        "UNIT_LISTED_TWICE",
                        Msg::new("unit-listed-twice").with("unit", new),
                    ));
                }
            }
            DocumentForm::Aggregation { parent, .. } => {
                tanba_registry::unit_key(parent, "/parent")?;
            }
            DocumentForm::RetailSale { .. } => crate::retail::check_form(&form)?,
            _ => {}
        }
        if let DocumentForm::Acceptance { shipment, .. } = &form
            && Uuid::parse_str(shipment).is_err()
        {
            return Err(not_found(shipment).at("/shipment"));
        }
        if let Some(receiver) = form.receiver() {
            let known = self.db.participant(receiver).await?;
            if known.is_none_or(|p| p.status != "active") {
                return Err(invalid(
                    "/receiver",
                    "RECEIVER_UNKNOWN",
                    Msg::new("document-receiver-unknown").with("id", receiver.escape_debug()),
                ));
            }
        }
        let id = Uuid::new_v4();
        Ok(DocumentRow {
            id,
            sender: sender.to_owned(),
            idempotency_key: idempotency_key
                .or(body_id)
                .unwrap_or_else(|| id.to_string()),
            kind: form.kind().to_owned(),
            status: "received".to_owned(),
            body,
            signature,
            units_total: i32::try_from(units.len()).unwrap_or(i32::MAX),
            findings: Value::Array(Vec::new()),
            receiver: form.receiver().map(str::to_owned),
            submitted_at: String::new(),
            decided_at: None,
            checked: None,
            origin_adapter: None,
        })
    }

    /// One document, for its sender, its receiver, its groups' regulators and the operator.
    pub async fn get(&self, caller: &Caller, id: &str) -> Result<DocumentView, RegistryError> {
        self.visible(caller, id).await.map(Into::into)
    }

    /// One document as [`Documents::get`] shows it, with the form it was submitted as (the
    /// cabinet offers a received shipment's units to accept); `None` for a body this version
    /// no longer reads.
    pub async fn get_with_form(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<(DocumentView, Option<DocumentForm>), RegistryError> {
        let row = self.visible(caller, id).await?;
        let form = serde_json::from_slice::<Value>(&row.body)
            .ok()
            .map(|mut value| {
                value.as_object_mut().map(|o| o.remove("id"));
                value
            })
            .and_then(|value| serde_json::from_value(value).ok());
        Ok((row.into(), form))
    }

    /// The stored document `id`, if `caller` is its sender, its receiver or the operator.
    async fn visible(&self, caller: &Caller, id: &str) -> Result<DocumentRow, RegistryError> {
        let uuid = Uuid::parse_str(id).map_err(|_| not_found(id))?;
        match self.db.document(uuid).await? {
            Some(d)
                if d.sender == caller.id
                    || d.receiver.as_deref() == Some(caller.id.as_str())
                    || caller.has(Role::Operator) =>
            {
                Ok(d)
            }
            _ => Err(not_found(id)),
        }
    }

    /// The documents the caller sent or receives, newest first.
    pub async fn list(
        &self,
        caller: &Caller,
        status: Option<&str>,
        kind: Option<&str>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Page<DocumentView>, RegistryError> {
        let cursor = cursor
            .map(|c| {
                Uuid::parse_str(c)
                    .map_err(|_| invalid("/cursor", "CURSOR_INVALID", Msg::new("cursor-invalid")))
            })
            .transpose()?;
        // "checking" is "received" with progress; the list filters on what is stored.
        let stored_status = status.map(|s| if s == "checking" { "received" } else { s });
        let rows = self
            .db
            .documents(&caller.id, stored_status, kind, cursor, limit)
            .await?;
        let items: Vec<DocumentView> = rows.into_iter().map(DocumentView::from).collect();
        let next_cursor = (i64::try_from(items.len()).unwrap_or(i64::MAX) >= limit)
            .then(|| items.last().map(|d| d.id.clone()))
            .flatten();
        Ok(Page { items, next_cursor })
    }
}
