//! `/api/v1/product-groups`: product groups as data (issue 3). Anyone signed in reads them; the
//! operator creates, changes and rotates their verification keys.

use axum::Json;
use axum::extract::{Path, State};
use http::StatusCode;
use serde::Serialize;
use tanba_registry::{GroupSpec, ProductGroupView};

use crate::auth::Authenticated;
use crate::body::JsonBody;
use crate::{ApiError, AppState};

#[utoipa::path(
    get, path = "/api/v1/product-groups", tag = "registry", security(("bearer" = [])),
    responses((status = 200, description = "Every product group.", body = Vec<ProductGroupView>))
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    _caller: Authenticated,
) -> Result<Json<Vec<ProductGroupView>>, ApiError> {
    Ok(Json(state.registry.groups().await?))
}

#[utoipa::path(
    get, path = "/api/v1/product-groups/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product group id, e.g. `tobacco`.")),
    responses(
        (status = 200, description = "The product group.", body = ProductGroupView),
        (status = 404, description = "No such product group."),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    _caller: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<ProductGroupView>, ApiError> {
    Ok(Json(state.registry.group_view(&id).await?))
}

#[utoipa::path(
    put, path = "/api/v1/product-groups/{id}", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product group id, e.g. `tobacco`.")),
    request_body = GroupSpec,
    responses(
        (status = 200, description = "Created or changed (a new group gets its first key).", body = ProductGroupView),
        (status = 403, description = "Only the operator describes product groups."),
        (status = 422, description = "A field is invalid; the problem points at it."),
    )
)]
pub(crate) async fn put(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
    JsonBody(spec): JsonBody<GroupSpec>,
) -> Result<Json<ProductGroupView>, ApiError> {
    let spec = GroupSpec { id, ..spec };
    Ok(Json(state.registry.put_group(&caller, spec).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct RotatedKey {
    key_id: String,
}

#[utoipa::path(
    post, path = "/api/v1/product-groups/{id}/keys", tag = "registry", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product group id.")),
    responses(
        (status = 201, description = "A new current verification key; old keys keep verifying old codes. Only its id is ever shown.", body = RotatedKey),
        (status = 403, description = "Only the operator rotates keys."),
        (status = 404, description = "No such product group."),
    )
)]
pub(crate) async fn rotate_key(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<RotatedKey>), ApiError> {
    let key_id = state.registry.rotate_key(&caller, &id).await?;
    Ok((StatusCode::CREATED, Json(RotatedKey { key_id })))
}
