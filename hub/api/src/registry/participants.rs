//! `/api/v1/participants` and `/api/v1/me` (R9): the operator registers and changes
//! participants; a participant's data is visible to itself, its groups' regulators and the
//! operator.

use axum::Json;
use axum::extract::{Path, State};
use http::StatusCode;
use serde::Deserialize;
use tanba_registry::{Page, ParticipantInput, ParticipantView};

use crate::auth::Authenticated;
use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

pub(crate) async fn me(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<ParticipantView>, ApiError> {
    Ok(Json(state.registry.participant(&caller, &caller.id).await?))
}

pub(crate) async fn register(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(input): JsonBody<ParticipantInput>,
) -> Result<(StatusCode, Json<ParticipantView>), ApiError> {
    let view = state
        .registry
        .register_participant(Some(&caller), input)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

pub(crate) async fn update(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<ParticipantInput>,
) -> Result<Json<ParticipantView>, ApiError> {
    let input = ParticipantInput { id, ..input };
    Ok(Json(
        state.registry.update_participant(&caller, input).await?,
    ))
}

pub(crate) async fn get(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<ParticipantView>, ApiError> {
    Ok(Json(state.registry.participant(&caller, &id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    product_group: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<ParticipantView>>, ApiError> {
    let page = state
        .registry
        .participants(
            &caller,
            q.product_group.as_deref(),
            q.cursor.as_deref(),
            q.limit.unwrap_or(100),
        )
        .await?;
    Ok(Json(page))
}
