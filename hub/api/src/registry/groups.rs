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

pub(crate) async fn list(
    State(state): State<AppState>,
    _caller: Authenticated,
) -> Result<Json<Vec<ProductGroupView>>, ApiError> {
    Ok(Json(state.registry.groups().await?))
}

pub(crate) async fn get(
    State(state): State<AppState>,
    _caller: Authenticated,
    Path(id): Path<String>,
) -> Result<Json<ProductGroupView>, ApiError> {
    Ok(Json(state.registry.group_view(&id).await?))
}

pub(crate) async fn put(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
    JsonBody(spec): JsonBody<GroupSpec>,
) -> Result<Json<ProductGroupView>, ApiError> {
    let spec = GroupSpec { id, ..spec };
    Ok(Json(state.registry.put_group(&caller, spec).await?))
}

#[derive(Serialize)]
pub(crate) struct RotatedKey {
    key_id: String,
}

pub(crate) async fn rotate_key(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<RotatedKey>), ApiError> {
    let key_id = state.registry.rotate_key(&caller, &id).await?;
    Ok((StatusCode::CREATED, Json(RotatedKey { key_id })))
}
