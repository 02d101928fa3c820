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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AppliedReport {
    codes: Vec<String>,
}

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

pub(crate) async fn aggregate(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(request): JsonBody<Aggregation>,
) -> Result<Json<ReportOutcome>, ApiError> {
    Ok(Json(state.registry.aggregate(&caller, &request).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnitQuery {
    code: String,
}

pub(crate) async fn trace(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<UnitQuery>,
) -> Result<Json<UnitTrace>, ApiError> {
    Ok(Json(state.registry.trace(&caller, &q.code).await?))
}

pub(crate) async fn contents(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<UnitQuery>,
) -> Result<Json<Vec<UnitView>>, ApiError> {
    Ok(Json(state.registry.contents(&caller, &q.code).await?))
}
