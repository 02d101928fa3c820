//! `/api/v1/pki` (issue 6; R16): the operator's view of the trust store in use: every CA
//! certificate and CRL, from the folders or fetched and cached, with its source and when it was
//! loaded. The listing is `tanba-trust`'s; this file only answers.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use tanba_domain::Msg;
use tanba_registry::RegistryError;

use crate::auth::Authenticated;
use crate::{ApiError, AppState};

/// One CA certificate or CRL of the trust store.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct TrustItemView {
    /// `root-certificate`, `ca-certificate`, `crl` or `delta-crl`.
    kind: String,
    /// The certificate's subject; none for CRLs.
    subject: Option<String>,
    /// The issuer.
    issuer: String,
    /// A certificate's serial number, hex.
    serial: Option<String>,
    /// A CRL's cRLNumber, decimal.
    crl_number: Option<String>,
    /// A CRL's thisUpdate, a certificate's notBefore (RFC 3339 UTC).
    this_update: String,
    /// A CRL's nextUpdate, a certificate's notAfter.
    next_update: Option<String>,
    /// SHA-256 of the DER bytes, hex (the audit log's object is `<kind>:<sha256>`).
    sha256: String,
    /// `trust_dir`, `crl_dir`, a CRL distribution point's URL, or `adapter:<id>:<source>`.
    source: String,
    /// When it was loaded: stored in the database, or the folders last read.
    loaded_at: String,
}

impl From<tanba_trust::TrustStoreEntry> for TrustItemView {
    fn from(e: tanba_trust::TrustStoreEntry) -> Self {
        TrustItemView {
            kind: e.kind.to_owned(),
            subject: e.subject,
            issuer: e.issuer,
            serial: e.serial,
            crl_number: e.crl_number,
            this_update: e.this_update,
            next_update: e.next_update,
            sha256: e.sha256,
            source: e.source,
            loaded_at: e.loaded_at,
        }
    }
}

#[utoipa::path(
    get, path = "/api/v1/pki/trust-store", tag = "pki", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every CA certificate and CRL in use: roots, intermediates, then CRLs.", body = Vec<TrustItemView>),
        (status = 403, description = "Only the operator reads the trust store."),
        (status = 404, description = "The hub has no trust store (`[pki] trust_dir` is not set)."),
    )
)]
pub(crate) async fn trust_store(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<Vec<TrustItemView>>, ApiError> {
    caller.require_operator()?;
    let trust = state.trust.as_ref().ok_or_else(|| {
        RegistryError::not_found("PKI_NOT_CONFIGURED", Msg::new("pki-not-configured"))
    })?;
    let entries = trust.entries().await?;
    Ok(Json(entries.into_iter().map(TrustItemView::from).collect()))
}
