//! `/api/v1/documents` (issue 5): submit a document (202 with its id, or a 4xx problem naming
//! what is malformed), read it back with its status, progress and findings, and list one's
//! documents. An `Idempotency-Key` header (or the body's `id`) makes a resubmission return the
//! first document; `Tanba-Signature` carries the CMS detached signature in base64.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use tanba_documents::DocumentView;
use tanba_domain::Msg;
use tanba_registry::{Page, RegistryError};

use crate::auth::Authenticated;
use crate::body::Query;
use crate::{ApiError, AppState};

/// The largest document body: a million codes with their tails.
pub(crate) const MAX_BODY: usize = 160 << 20;

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[utoipa::path(
    post, path = "/api/v1/documents", tag = "documents", security(("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "A resubmission with the same key returns the first document (200, `Idempotent-Replayed: true`)."),
        ("Tanba-Signature" = Option<String>, Header, description = "CMS detached signature of the exact body, base64 (R16)."),
    ),
    request_body(content = tanba_documents::DocumentForm, description = "One document, tagged by `kind`; its exact bytes are kept."),
    responses(
        (status = 202, description = "Received; processed in the background, all or nothing. Poll `Location`.", body = DocumentView),
        (status = 200, description = "A resubmission: the first document.", body = DocumentView),
        (status = 403, description = "The caller may not send this document, or its signature is not the sender's."),
        (status = 413, description = "Over 1,000,000 units or the body limit."),
        (status = 422, description = "The document is malformed; the problem points at the field."),
    )
)]
pub(crate) async fn submit(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let signature = header_text(&headers, "tanba-signature")
        .map(|b64| {
            base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| {
                    RegistryError::invalid(
                        "",
                        "SIGNATURE_ENCODING",
                        Msg::new("document-signature-encoding"),
                    )
                })
        })
        .transpose()?;
    let key = header_text(&headers, "idempotency-key");
    let submitted = state
        .documents
        .submit(&caller, body.to_vec(), key, signature)
        .await?;
    let location = format!("/api/v1/documents/{}", submitted.document.id);
    let status = if submitted.replayed {
        StatusCode::OK
    } else {
        StatusCode::ACCEPTED
    };
    Ok((
        status,
        [
            (header::LOCATION, location),
            (
                http::HeaderName::from_static("idempotent-replayed"),
                submitted.replayed.to_string(),
            ),
        ],
        Json(submitted.document),
    )
        .into_response())
}

#[utoipa::path(
    get, path = "/api/v1/documents/{id}", tag = "documents", security(("bearer" = [])),
    params(("id" = String, Path, description = "Document id.")),
    responses(
        (status = 200, description = "The document: status, progress (units checked / total) and findings in kk, ru and en.", body = DocumentView),
        (status = 404, description = "No such document, or not visible to the caller."),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<DocumentView>, ApiError> {
    Ok(Json(state.documents.get(&caller, &id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    status: Option<String>,
    kind: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/documents", tag = "documents", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "The caller's documents (sent or received), newest first.", body = Page<DocumentView>),
        (status = 422, description = "A filter, cursor or limit is invalid."),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<DocumentView>>, ApiError> {
    let page = state
        .documents
        .list(
            &caller,
            q.status.as_deref(),
            q.kind.as_deref(),
            q.cursor.as_deref(),
            q.limit.unwrap_or(100),
        )
        .await?;
    Ok(Json(page))
}
