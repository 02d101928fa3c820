//! Codes after emission (issue 3; R3, R4, R8): the application report of an order's codes,
//! aggregation into group packs and transport units, a unit's story and an aggregate's
//! contents.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use tanba_registry::{Aggregation, ReportOutcome, UnitTrace, UnitView};

use crate::auth::Authenticated;
use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AppliedReport {
    codes: Vec<String>,
}

#[utoipa::path(
    post, path = "/api/v1/orders/{id}/applied", tag = "units", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id.")),
    request_body = AppliedReport,
    responses(
        (status = 200, description = "Every listed code is now APPLIED (all or nothing).", body = ReportOutcome),
        (status = 404, description = "No such order, or not visible to the caller."),
        (status = 409, description = "A code was already reported."),
        (status = 413, description = "Too many codes in one report."),
        (status = 422, description = "A code is malformed or not of this order; the problem points at it."),
    )
)]
pub(crate) async fn applied(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
    JsonBody(report): JsonBody<AppliedReport>,
) -> Result<Json<ReportOutcome>, ApiError> {
    let outcome = state
        .registry
        .report_applied(&caller, &id, &report.codes)
        .await?;
    Ok(Json(outcome))
}

#[utoipa::path(
    post, path = "/api/v1/aggregations", tag = "units", security(("bearer" = [])),
    request_body = Aggregation,
    responses(
        (status = 200, description = "Done (all or nothing).", body = ReportOutcome),
        (status = 403, description = "A unit is not the caller's."),
        (status = 409, description = "The operation breaks an aggregation rule (cycle, mixed owners or statuses)."),
        (status = 413, description = "Too many units in one request."),
        (status = 422, description = "A unit is malformed or unknown; the problem points at it."),
    )
)]
pub(crate) async fn aggregate(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(request): JsonBody<Aggregation>,
) -> Result<Json<ReportOutcome>, ApiError> {
    Ok(Json(state.registry.aggregate(&caller, &request).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnitQuery {
    code: String,
}

#[utoipa::path(
    get, path = "/api/v1/units/trace", tag = "units", security(("bearer" = [])),
    params(UnitQuery),
    responses(
        (status = 200, description = "The unit's state and history, oldest first (R8).", body = UnitTrace),
        (status = 404, description = "No such unit, or not visible to the caller."),
        (status = 422, description = "The code is malformed."),
    )
)]
pub(crate) async fn trace(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<UnitQuery>,
) -> Result<Json<UnitTrace>, ApiError> {
    Ok(Json(state.registry.trace(&caller, &q.code).await?))
}

#[utoipa::path(
    get, path = "/api/v1/units/contents", tag = "units", security(("bearer" = [])),
    params(UnitQuery),
    responses(
        (status = 200, description = "Everything the aggregate holds, at any depth.", body = Vec<UnitView>),
        (status = 404, description = "No such unit, or not visible to the caller."),
        (status = 422, description = "The code is malformed."),
    )
)]
pub(crate) async fn contents(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<UnitQuery>,
) -> Result<Json<Vec<UnitView>>, ApiError> {
    Ok(Json(state.registry.contents(&caller, &q.code).await?))
}
