//! `/api/v1/products`: the product catalogue. Its GTIN's owner (or the operator) writes a
//! product; anyone signed in reads the catalogue.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use tanba_registry::{Page, ProductInput, ProductView};

use crate::auth::Authenticated;
use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

pub(crate) async fn put(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(gtin): Path<String>,
    JsonBody(input): JsonBody<ProductInput>,
) -> Result<Json<ProductView>, ApiError> {
    let input = ProductInput { gtin, ..input };
    Ok(Json(state.registry.put_product(&caller, input).await?))
}

pub(crate) async fn get(
    State(state): State<AppState>,
    _caller: Authenticated,
    Path(gtin): Path<String>,
) -> Result<Json<ProductView>, ApiError> {
    Ok(Json(state.registry.product(&gtin).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    owner: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    _caller: Authenticated,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<ProductView>>, ApiError> {
    let page = state
        .registry
        .products(
            q.owner.as_deref(),
            q.cursor.as_deref(),
            q.limit.unwrap_or(100),
        )
        .await?;
    Ok(Json(page))
}
