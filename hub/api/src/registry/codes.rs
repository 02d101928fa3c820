//! `POST /api/v1/codes/status`: what the registry knows of a scanned code (R1, R2, R11): the
//! order that emitted it, its status, and whether its crypto tail is genuine. A code that was
//! never emitted or whose tail does not match is a problem naming the reason.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tanba_registry::CodeStatus;

use crate::auth::Authenticated;
use crate::body::JsonBody;
use crate::{ApiError, AppState};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusRequest {
    code: String,
}

#[utoipa::path(
    post, path = "/api/v1/codes/status", tag = "codes", security(("bearer" = [])),
    request_body = StatusRequest,
    responses(
        (status = 200, description = "What the registry knows of the code.", body = CodeStatus),
        (status = 404, description = "The code was never emitted."),
        (status = 422, description = "The code is malformed, or its verification code does not match."),
    )
)]
pub(crate) async fn status(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(request): JsonBody<StatusRequest>,
) -> Result<Json<CodeStatus>, ApiError> {
    let code = request.code.trim_end_matches(['\r', '\n']);
    Ok(Json(state.registry.code_status(&caller, code).await?))
}
