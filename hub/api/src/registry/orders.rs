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
const LINES_PER_CHUNK: usize = 10_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrderRequest {
    gtin: String,
    quantity: i64,
}

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

pub(crate) async fn get(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<OrderView>, ApiError> {
    Ok(Json(state.registry.order(&caller, &id).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    cursor: Option<String>,
    limit: Option<i64>,
}

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

pub(crate) async fn codes_text(
    state: State<AppState>,
    caller: Authenticated,
    id: Path<String>,
) -> Result<Response, ApiError> {
    print_file(state, caller, id, PrintFormat::Text).await
}

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
    let lines = state.registry.print_file(&caller, &id, format).await?;
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
        Body::from_stream(stream(lines)),
    )
        .into_response())
}

/// Generates the file on a blocking thread (FF1 and MACs are CPU work) and hands chunks to the
/// response as the client reads them; a client that goes away stops the generation.
fn stream(
    mut lines: PrintLines,
) -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    tokio::task::spawn_blocking(move || {
        loop {
            let chunk: String = lines.by_ref().take(LINES_PER_CHUNK).collect();
            if chunk.is_empty() || tx.blocking_send(Bytes::from(chunk)).is_err() {
                return;
            }
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (Ok(chunk), rx))
    })
}
