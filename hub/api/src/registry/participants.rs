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

#[utoipa::path(
    get, path = "/api/v1/me", tag = "registry", security(("bearer" = [])),
    responses((status = 200, description = "The caller's participant.", body = ParticipantView))
)]
pub(crate) async fn me(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<ParticipantView>, ApiError> {
    Ok(Json(state.registry.participant(&caller, &caller.id).await?))
}

#[utoipa::path(
    post, path = "/api/v1/participants", tag = "registry", security(("bearer" = [])),
    request_body = ParticipantInput,
    responses(
        (status = 201, description = "Registered.", body = ParticipantView),
        (status = 403, description = "Only the operator registers participants."),
        (status = 409, description = "Already registered."),
        (status = 422, description = "A field is invalid; the problem points at it."),
    )
)]
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

#[utoipa::path(
    put, path = "/api/v1/participants/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, description = "BIN or IIN.")),
    request_body = ParticipantInput,
    responses(
        (status = 200, description = "Changed.", body = ParticipantView),
        (status = 403, description = "Only the operator changes participants."),
        (status = 404, description = "No such participant, or not visible to the caller."),
        (status = 422, description = "A field is invalid; the problem points at it."),
    )
)]
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

#[utoipa::path(
    get, path = "/api/v1/participants/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, description = "BIN or IIN.")),
    responses(
        (status = 200, description = "The participant.", body = ParticipantView),
        (status = 404, description = "No such participant, or not visible to the caller."),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<ParticipantView>, ApiError> {
    Ok(Json(state.registry.participant(&caller, &id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    product_group: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/participants", tag = "registry", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "The participants the caller may see.", body = Page<ParticipantView>),
        (status = 422, description = "The cursor or limit is invalid."),
    )
)]
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
