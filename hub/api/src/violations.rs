//! Violation reports (R7): `POST /api/v1/public/violations` for anyone, without signing in
//! (limited per address like the public check); `GET /api/v1/violations`, `GET .../{id}`,
//! `GET .../{id}/photo` and `PUT .../{id}/status` for the regulator of the report's product
//! group and the operator. The rules live in `tanba_registry` (violations).

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::response::IntoResponse;
use base64::Engine as _;
use http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use tanba_domain::{Lang, Msg};
use tanba_registry::{RegistryError, ViolationInput, ViolationQuery, ViolationView};

use crate::auth::Authenticated;
use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

/// The largest request body: a 4 MiB photo in base64 and the text fields.
pub(crate) const MAX_BODY: usize = 6 << 20;

/// A report from the public.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportRequest {
    /// The code as scanned or typed (any form).
    code: String,
    /// `no_code`, `code_unreadable`, `check_failed`, `product_mismatch`, `expired`,
    /// `sold_again` or `other` (which needs `details`).
    reason: String,
    /// What is wrong, in the reporter's words (at most 2,000 characters).
    details: Option<String>,
    /// Latitude in degrees, with `longitude`.
    latitude: Option<f64>,
    /// Longitude in degrees, with `latitude`.
    longitude: Option<f64>,
    /// Address or description of the place (at most 500 characters).
    address: Option<String>,
    /// A JPEG, PNG or WebP photo, base64, at most 4 MiB; its type is read from its bytes.
    photo: Option<String>,
    /// `kk`, `ru` or `en`; else `Accept-Language`.
    lang: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/public/violations", tag = "public",
    request_body = ReportRequest,
    responses(
        (status = 201, description = "Stored; the regulator of the code's product group reads it.", body = ViolationView),
        (status = 413, description = "The body is over 6 MiB."),
        (status = 422, description = "A field is missing or wrong; the problem points at it."),
        (status = 429, description = "Too many calls from this address; retry after `Retry-After` seconds."),
    )
)]
pub(crate) async fn report(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<ReportRequest>,
) -> Result<(StatusCode, Json<ViolationView>), ApiError> {
    let client = crate::public::admit(&state, peer, &headers)?;
    let place = crate::public::place(request.latitude, request.longitude)?;
    let photo = match request.photo.as_deref().filter(|p| !p.is_empty()) {
        Some(text) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .map_err(|_| {
                    RegistryError::invalid(
                        "/photo",
                        "PHOTO_ENCODING",
                        Msg::new("violation-photo-encoding"),
                    )
                })?,
        ),
        None => None,
    };
    let lang = request
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or_else(|| crate::lang::caller_lang(&headers, state.default_lang));
    let input = ViolationInput {
        code: request.code,
        reason: request.reason,
        details: request.details,
        place,
        address: request.address,
        photo,
        lang: Some(lang),
    };
    let view = state
        .registry
        .report_violation(input, client.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Filters and paging of the reports.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    /// Only this status.
    status: Option<String>,
    /// Only this product group (one the caller regulates).
    product_group: Option<String>,
    /// Reports older than this id (the last id of the previous page).
    before: Option<i64>,
    /// At most this many (1 to 500, default 100).
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/violations", tag = "public", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "Reports, newest first: the operator's all, a regulator's own groups'.", body = Vec<ViolationView>),
        (status = 403, description = "Only regulators (their own groups) and the operator read reports."),
        (status = 422, description = "An unknown status."),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<ListQuery>,
) -> Result<Json<Vec<ViolationView>>, ApiError> {
    let query = ViolationQuery {
        status: q.status,
        product_group: q.product_group,
        before: q.before,
        limit: q.limit.unwrap_or(100),
    };
    Ok(Json(state.registry.violations(&caller, query).await?))
}

fn report_id(id: &str) -> Result<i64, ApiError> {
    id.parse().map_err(|_| {
        RegistryError::not_found(
            "VIOLATION_NOT_FOUND",
            Msg::new("violation-not-found").with("id", id.escape_debug()),
        )
        .into()
    })
}

#[utoipa::path(
    get, path = "/api/v1/violations/{id}", tag = "public", security(("bearer" = [])),
    params(("id" = String, Path, description = "The report's id.")),
    responses(
        (status = 200, description = "The report.", body = ViolationView),
        (status = 403, description = "The report is of a group the caller does not regulate."),
        (status = 404, description = "No such report."),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<ViolationView>, ApiError> {
    let id = report_id(&id)?;
    Ok(Json(state.registry.violation(&caller, id).await?))
}

#[utoipa::path(
    get, path = "/api/v1/violations/{id}/photo", tag = "public", security(("bearer" = [])),
    params(("id" = String, Path, description = "The report's id.")),
    responses(
        (status = 200, description = "The photo, as JPEG, PNG or WebP.", content_type = "image/*"),
        (status = 403, description = "The report is of a group the caller does not regulate."),
        (status = 404, description = "No such report, or it has no photo."),
    )
)]
pub(crate) async fn photo(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let id = report_id(&id)?;
    let (bytes, content_type) = state.registry.violation_photo(&caller, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    ))
}

/// A report's new status.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusChange {
    /// `in_review`, `confirmed`, `rejected` or `closed` (new -> in_review -> confirmed or
    /// rejected -> closed; new may go straight to confirmed or rejected).
    status: String,
}

#[utoipa::path(
    put, path = "/api/v1/violations/{id}/status", tag = "public", security(("bearer" = [])),
    params(("id" = String, Path, description = "The report's id.")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "Changed (audited).", body = ViolationView),
        (status = 403, description = "The report is of a group the caller does not regulate (the refusal is audited)."),
        (status = 404, description = "No such report."),
        (status = 409, description = "The report's status does not lead to this one, or it changed meanwhile."),
        (status = 422, description = "An unknown status."),
    )
)]
pub(crate) async fn set_status(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
    JsonBody(change): JsonBody<StatusChange>,
) -> Result<Json<ViolationView>, ApiError> {
    let id = report_id(&id)?;
    Ok(Json(
        state
            .registry
            .set_violation_status(&caller, id, &change.status)
            .await?,
    ))
}
