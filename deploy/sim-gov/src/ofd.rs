//! A fiscal data operator's receipt feed in the fiscal-data adapter's format
//! (`adapters/ofd/src/feed.rs`): `POST` [`FEED_PATH`] with `{"after", "limit"}` answers the
//! receipts after the cursor (a receipt's position, six digits).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};
use tanba_sim_kit::{SharedState, Sim, answer, body};

/// Where the feed is served.
pub const FEED_PATH: &str = "/ofd/feed";

/// The operator's receipts, oldest first.
#[derive(Debug, Default)]
pub struct Feed {
    /// Receipts as JSON objects of the feed's format.
    pub receipts: Vec<Value>,
}

/// Starts the simulator.
pub async fn start() -> std::io::Result<Sim<Feed>> {
    Sim::start(Feed::default(), routes).await
}

/// A `sell` receipt of one line with `codes` at `price_tiyn` each.
pub fn sale(id: &str, seller_bin: &str, time: &str, codes: &[&str], price_tiyn: u64) -> Value {
    json!({
        "id": id,
        "fiscal_sign": format!("FS{id}"),
        "seller_bin": seller_bin,
        "cash_register": {"serial": "SWK00033717", "registration_number": "600300123456"},
        "time": time,
        "operation": "sell",
        "lines": [{
            "name": "Товар",
            "excise_stamps": codes,
            "price_tiyn": price_tiyn,
            "quantity": codes.len(),
        }],
    })
}

fn routes(shared: SharedState<Feed>) -> Router {
    Router::new()
        .route(FEED_PATH, post(feed))
        .with_state(shared)
}

async fn feed(State(s): State<SharedState<Feed>>, headers: HeaderMap, text: String) -> Response {
    let mode = s.record(FEED_PATH, &headers, &text);
    let request: Option<(usize, usize)> = serde_json::from_str::<Value>(&text).ok().and_then(|v| {
        let after = match &v["after"] {
            Value::Null => 0,
            Value::String(c) => c.parse().ok()?,
            _ => return None,
        };
        Some((after, v["limit"].as_u64()? as usize))
    });
    let normal = match request {
        Some((after, limit)) => {
            let page = s.with(|f| {
                let receipts: Vec<Value> =
                    f.receipts.iter().skip(after).take(limit).cloned().collect();
                let next = after + receipts.len();
                json!({
                    "receipts": receipts,
                    "next_cursor": format!("{next:06}"),
                    "has_more": next < f.receipts.len(),
                })
            });
            body(StatusCode::OK, "application/json", page.to_string())
        }
        None => body(
            StatusCode::BAD_REQUEST,
            "application/json",
            r#"{"error":"expected {\"after\", \"limit\"}"}"#.into(),
        ),
    };
    let fault = body(
        StatusCode::SERVICE_UNAVAILABLE,
        "application/json",
        r#"{"error":"feed unavailable"}"#.into(),
    );
    let malformed = body(
        StatusCode::OK,
        "application/json",
        r#"{"receipts": [{"id": "#.into(),
    );
    answer(mode, normal, fault, malformed).await
}
