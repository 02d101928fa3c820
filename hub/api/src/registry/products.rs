//! `/api/v1/products`: the product catalogue. Its GTIN's owner (or the operator) writes a
//! product; anyone signed in reads the catalogue.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use tanba_registry::{Page, ProductInput, ProductView};

use crate::auth::Authenticated;
use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

#[utoipa::path(
    put, path = "/api/v1/products/{gtin}", tag = "registry", security(("bearer" = [])),
    params(("gtin" = String, Path, description = "GTIN-8/12/13/14 with its check digit.")),
    request_body = ProductInput,
    responses(
        (status = 200, description = "Created or changed.", body = ProductView),
        (status = 403, description = "Only the GTIN's owner or the operator writes it."),
        (status = 422, description = "A field is invalid; the problem points at it."),
    )
)]
pub(crate) async fn put(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(gtin): Path<String>,
    JsonBody(input): JsonBody<ProductInput>,
) -> Result<Json<ProductView>, ApiError> {
    let input = ProductInput { gtin, ..input };
    Ok(Json(state.registry.put_product(&caller, input).await?))
}

#[utoipa::path(
    get, path = "/api/v1/products/{gtin}", tag = "registry", security(("bearer" = [])),
    params(("gtin" = String, Path, description = "GTIN.")),
    responses(
        (status = 200, description = "The product.", body = ProductView),
        (status = 404, description = "No such product."),
        (status = 422, description = "The GTIN is malformed."),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    _caller: Authenticated,
    Path(gtin): Path<String>,
) -> Result<Json<ProductView>, ApiError> {
    Ok(Json(state.registry.product(&gtin).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    owner: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/products", tag = "registry", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "The catalogue, page by page.", body = Page<ProductView>),
        (status = 422, description = "The cursor or limit is invalid."),
    )
)]
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
