//! `/api/v1/orders`: emission orders (R1, R2) and their print files. A participant orders codes
//! for a GTIN it owns and downloads them as text (one raw code per line, GS as byte 0x1D) or
//! CSV. The file is generated while it streams: a million codes never sit in memory.

use std::convert::Infallible;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use serde::Deserialize;
use tanba_registry::{OrderView, Page, PrintFormat, PrintLines};

use crate::auth::Authenticated;
use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

/// Lines per chunk sent to the client: ~1 MB of codes.
const LINES_PER_CHUNK: i64 = 10_000;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrderRequest {
    gtin: String,
    quantity: i64,
}

#[utoipa::path(
    post, path = "/api/v1/orders", tag = "emission", security(("bearer" = [])),
    request_body = OrderRequest,
    responses(
        (status = 201, description = "Codes reserved; `Location` names the order.", body = OrderView),
        (status = 403, description = "The caller does not own the GTIN."),
        (status = 404, description = "No such product."),
        (status = 422, description = "The GTIN or quantity (1 to 1,000,000) is invalid."),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(request): JsonBody<OrderRequest>,
) -> Result<Response, ApiError> {
    let order = state
        .registry
        .order_codes(&caller, &request.gtin, request.quantity)
        .await?;
    let location = format!("/api/v1/orders/{}", order.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(order),
    )
        .into_response())
}

#[utoipa::path(
    get, path = "/api/v1/orders/{id}", tag = "emission", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id.")),
    responses(
        (status = 200, description = "The order.", body = OrderView),
        (status = 404, description = "No such order, or not visible to the caller."),
    )
)]
pub(crate) async fn get(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    Ok(Json(state.registry.order(&caller, &id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    cursor: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/orders", tag = "emission", security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "The caller's orders, newest first.", body = Page<OrderView>),
        (status = 422, description = "The cursor or limit is invalid."),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<ListQuery>,
) -> Result<Json<Page<OrderView>>, ApiError> {
    let page = state
        .registry
        .orders(&caller, q.cursor.as_deref(), q.limit.unwrap_or(100))
        .await?;
    Ok(Json(page))
}

#[utoipa::path(
    get, path = "/api/v1/orders/{id}/codes.txt", tag = "emission", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id.")),
    responses(
        (status = 200, description = "One raw code per line, GS as byte 0x1D, generated while it streams.", content_type = "text/plain", body = String),
        (status = 404, description = "No such order, or not visible to the caller."),
    )
)]
pub(crate) async fn codes_text(
    state: State<AppState>,
    caller: Authenticated,
    id: Path<String>,
) -> Result<Response, ApiError> {
    print_file(state, caller, id, PrintFormat::Text).await
}

#[utoipa::path(
    get, path = "/api/v1/orders/{id}/codes.csv", tag = "emission", security(("bearer" = [])),
    params(("id" = String, Path, description = "Order id.")),
    responses(
        (status = 200, description = "The codes as CSV (raw, bracketed, GTIN, serial), formula-safe.", content_type = "text/csv", body = String),
        (status = 404, description = "No such order, or not visible to the caller."),
    )
)]
pub(crate) async fn codes_csv(
    state: State<AppState>,
    caller: Authenticated,
    id: Path<String>,
) -> Result<Response, ApiError> {
    print_file(state, caller, id, PrintFormat::Csv).await
}

async fn print_file(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
    format: PrintFormat,
) -> Result<Response, ApiError> {
    let even = state.registry.print_file(&caller, &id, format).await?;
    let odd = state.registry.print_file(&caller, &id, format).await?;
    let (content_type, extension) = match format {
        PrintFormat::Text => ("text/plain; charset=utf-8", "txt"),
        PrintFormat::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"codes-{id}.{extension}\""),
            ),
        ],
        Body::from_stream(stream([even, odd])),
    )
        .into_response())
}

/// Generates the file on two blocking threads (FF1 and MACs are CPU work), one making the
/// even chunks and one the odd, and hands chunks to the response in order as the client reads
/// them; a client that goes away stops the generation.
fn stream(
    workers: [PrintLines; 2],
) -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> + Send + 'static {
    let header = workers[0]
        .header()
        .map(|h| Ok(Bytes::from_static(h.as_bytes())));
    let [even, odd] = workers;
    let receivers = [(0, even), (1, odd)].map(|(first, mut lines)| {
        let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(2);
        tokio::task::spawn_blocking(move || {
            let mut chunk = first;
            loop {
                lines.seek(chunk * LINES_PER_CHUNK);
                let text: String = lines.by_ref().take(LINES_PER_CHUNK as usize).collect();
                if text.is_empty() || tx.blocking_send(Bytes::from(text)).is_err() {
                    return;
                }
                chunk += 2;
            }
        });
        rx
    });
    let chunks = futures_util::stream::unfold((receivers, 0usize), |(mut rx, turn)| async move {
        let chunk = rx[turn % 2].recv().await?;
        Some((Ok(chunk), (rx, turn + 1)))
    });
    futures_util::StreamExt::chain(futures_util::stream::iter(header), chunks)
}
