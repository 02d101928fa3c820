//! `/api/v1/exports` (issue 9; R15): de-personalised aggregates for analytic systems. The
//! operator makes an export of a period on demand (the schedule makes the others); the
//! operator and analytic systems (`analytic-system`) list the manifests, read one, and
//! download the Parquet file. Making and downloading are audited. The work is
//! `tanba-exports`'; this file only parses and answers.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use serde::Deserialize;
use serde_json::Value;

use crate::auth::Authenticated;
use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

/// A period to export.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportRequest {
    /// The first day (`YYYY-MM-DD`, Asia/Almaty).
    from: String,
    /// The day after the last (`YYYY-MM-DD`): the period is `[from, to)`.
    to: String,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    /// The id of the last export of the previous page.
    after: Option<String>,
    /// At most this many (1 to 500, default 100).
    limit: Option<i64>,
}

#[utoipa::path(
    post, path = "/api/v1/exports", tag = "exports", security(("bearer" = [])),
    request_body = ExportRequest,
    responses(
        (status = 201, description = "The export was made and stored; its manifest.", body = Object),
        (status = 403, description = "Only the operator makes exports on demand."),
        (status = 422, description = "A day is malformed, or the period is empty, too long or in the future."),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(request): JsonBody<ExportRequest>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let manifest = state
        .exports
        .export_on_demand(&caller, &request.from, &request.to)
        .await?;
    Ok((StatusCode::CREATED, Json(manifest)))
}

#[utoipa::path(
    get, path = "/api/v1/exports", tag = "exports", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "Manifests of the stored exports, oldest first.", body = Vec<Object>),
        (status = 403, description = "Only the operator and analytic systems read exports."),
        (status = 404, description = "`after` names no export."),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<Value>>, ApiError> {
    let manifests = state
        .exports
        .list(&caller, q.after.as_deref(), q.limit.unwrap_or(100))
        .await?;
    Ok(Json(manifests))
}

#[utoipa::path(
    get, path = "/api/v1/exports/{id}", tag = "exports", security(("bearer" = [])),
    params(("id" = String, Path, description = "The export's id.")),
    responses(
        (status = 200, description = "The export's manifest: period, schema, rows, units per flow, the file's SHA-256.", body = Object),
        (status = 403, description = "Only the operator and analytic systems read exports."),
        (status = 404, description = "No such export."),
    )
)]
pub(crate) async fn manifest(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.exports.manifest(&caller, &id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/exports/{id}/file", tag = "exports", security(("bearer" = [])),
    params(("id" = String, Path, description = "The export's id.")),
    responses(
        (status = 200, description = "The Apache Parquet file (schema in docs/EXPORTS.md).", content_type = "application/vnd.apache.parquet", body = Vec<u8>),
        (status = 403, description = "Only the operator and analytic systems read exports."),
        (status = 404, description = "No such export."),
    )
)]
pub(crate) async fn file(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let bytes = state.exports.file(&caller, &id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, tanba_exports::MEDIA_TYPE.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"tanba-export-{id}.parquet\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
