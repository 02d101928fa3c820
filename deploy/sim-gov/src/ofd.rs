//! A fiscal data operator's receipt feed in the fiscal-data adapter's format
//! (`adapters/ofd/src/feed.rs`): `POST` [`FEED_PATH`] with `{"after", "limit"}` answers the
//! receipts after the cursor (a receipt's position, six digits). A cash register hands a
//! receipt in at [`RECEIPTS_PATH`] (the demo's way to sell something).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};
use tanba_sim_kit::{SharedState, Sim, answer, body};

/// Where the feed is served.
pub const FEED_PATH: &str = "/ofd/feed";

/// Where a cash register hands in a receipt: `POST` a sale as `{"id", "seller_bin", "time",
/// "codes", "price_tiyn"}` (see [`sale`]); it is added to the feed.
pub const RECEIPTS_PATH: &str = "/ofd/receipts";

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
        .route(RECEIPTS_PATH, post(hand_in))
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

/// A sale handed in by a cash register, added to the feed: 201 with its position, or 400 naming
/// what is missing.
async fn hand_in(State(s): State<SharedState<Feed>>, headers: HeaderMap, text: String) -> Response {
    s.record(RECEIPTS_PATH, &headers, &text);
    let request = serde_json::from_str::<Value>(&text).unwrap_or_default();
    let field = |name: &str| request[name].as_str().filter(|v| !v.is_empty());
    let codes: Vec<&str> = request["codes"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let price = request["price_tiyn"].as_u64();
    let (Some(id), Some(seller), Some(time), Some(price)) =
        (field("id"), field("seller_bin"), field("time"), price)
    else {
        return body(
            StatusCode::BAD_REQUEST,
            "application/json",
            r#"{"error":"expected {\"id\", \"seller_bin\", \"time\", \"codes\", \"price_tiyn\"}"}"#
                .into(),
        );
    };
    if codes.is_empty() {
        return body(
            StatusCode::BAD_REQUEST,
            "application/json",
            r#"{"error":"codes: at least one marking code"}"#.into(),
        );
    }
    let receipt = sale(id, seller, time, &codes, price);
    let position = s.with(|f| {
        f.receipts.push(receipt);
        f.receipts.len()
    });
    body(
        StatusCode::CREATED,
        "application/json",
        json!({ "position": format!("{position:06}") }).to_string(),
    )
}
