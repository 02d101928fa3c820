//! Liveness and readiness, for load balancers and orchestrators.

use axum::Json;
use axum::extract::State;
use http::StatusCode;
use serde_json::{Value, json};
use tanba_domain::Msg;

use crate::{ApiError, AppState};

/// `/healthz`: the process answers. Never touches the database, so a database outage does not
/// get healthy hub processes restarted.
#[utoipa::path(
    get, path = "/healthz", tag = "service",
    responses((status = 200, description = "The process answers.", body = Object))
)]
pub(crate) async fn healthz() -> Json<Value> {
    Json(json!({ "status": "alive" }))
}

/// `/readyz`: the database answers and its schema is the one this binary expects. 503 with
/// `Retry-After` otherwise, so a load balancer sends traffic elsewhere until it returns.
#[utoipa::path(
    get, path = "/readyz", tag = "service",
    responses(
        (status = 200, description = "The database answers and its schema is current.", body = Object),
        (status = 503, description = "The database is away, or migrations are pending; retry after `Retry-After` seconds."),
    )
)]
pub(crate) async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let readiness = state.db.readiness().await?;
    if !readiness.is_current() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "MIGRATIONS_NOT_CURRENT",
            Msg::new("problem-unavailable-title"),
            Msg::new("store-migration-pending")
                .with_number("count", i64::from(readiness.expected - readiness.applied)),
        )
        .retry_later());
    }
    Ok(Json(json!({
        "status": "ready",
        "schema": { "applied": readiness.applied, "expected": readiness.expected },
    })))
}
