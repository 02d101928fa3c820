//! Reading the audit log (R23): the operator searches it by participant, person, object and
//! time. Writing happens inside each action's transaction (see the store's `audit`).

use serde::Serialize;
use tanba_store::{AuditFilter, AuditRow};

use crate::{Caller, Page, Registry, RegistryError};

/// An audit row as the operator reads it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditView {
    /// Its position in the chain.
    pub id: i64,
    /// When (UTC, milliseconds).
    pub at: String,
    /// The person.
    pub iin: Option<String>,
    /// The participant.
    pub bin: Option<String>,
    /// Their roles.
    pub role: Option<String>,
    /// The client's address.
    pub client_ip: Option<String>,
    /// What was done.
    pub action: String,
    /// To what.
    pub object: Option<String>,
    /// How it ended.
    pub outcome: String,
    /// What the object alone does not say: for `trust.admit`, where the CA certificate or
    /// CRL came from (the URL fetched, `adapter:<id>:<source>`).
    pub detail: Option<String>,
}

impl From<AuditRow> for AuditView {
    fn from(r: AuditRow) -> Self {
        AuditView {
            id: r.id,
            at: r.at,
            iin: r.entry.iin,
            bin: r.entry.bin,
            role: r.entry.role,
            client_ip: r.entry.client_ip,
            action: r.entry.action,
            object: r.entry.object,
            outcome: r.entry.outcome,
            detail: r.detail,
        }
    }
}

impl Registry {
    /// Audit rows matching `filter`, oldest first (operator only).
    pub async fn audit(
        &self,
        caller: &Caller,
        filter: &AuditFilter,
        limit: i64,
    ) -> Result<Page<AuditView>, RegistryError> {
        caller.require_operator()?;
        let rows = self.db.audit_search(filter, limit).await?;
        let items: Vec<AuditView> = rows.into_iter().map(AuditView::from).collect();
        Ok(Page::of(items, limit, |r: &AuditView| r.id.to_string()))
    }
}
