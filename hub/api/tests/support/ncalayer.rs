//! A test double of NCALayer (issue 8): a WebSocket server on loopback that speaks NCALayer's
//! protocol as the web pages use it — a greeting `{"result":{"version":...}}`, then
//! `kz.gov.pki.knca.commonUtils` / `createCMSSignatureFromBase64` answered with
//! `{"code":"200","responseObject":<CMS, base64>}` — and signs with a test PKI identity instead
//! of a person's key (no dialogue: it always "chooses" that key). Anything else is answered
//! with code 500 as NCALayer does, so a page that asks wrongly fails its test.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::any;
use base64::Engine as _;
use serde_json::{Value, json};
use tanba_pki::testpki::{TestPki, detached_cms};

/// A running double.
pub struct NcaLayer {
    /// `ws://127.0.0.1:PORT`, for `[web] ncalayer_url`.
    pub url: String,
    /// Every request it received, in order.
    pub requests: Arc<Mutex<Vec<Value>>>,
}

#[derive(Clone)]
struct Double {
    pki: Arc<TestPki>,
    requests: Arc<Mutex<Vec<Value>>>,
}

/// Starts a double that signs with `pki.org_head` (the organisation's head, who may sign).
pub async fn ncalayer(pki: Arc<TestPki>) -> NcaLayer {
    let requests = Arc::new(Mutex::new(Vec::new()));
    let double = Double {
        pki,
        requests: requests.clone(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let url = format!("ws://{}", listener.local_addr().expect("an address"));
    let app = Router::new().route("/", any(upgrade)).with_state(double);
    tokio::spawn(async move { axum::serve(listener, app).await });
    NcaLayer { url, requests }
}

async fn upgrade(State(double): State<Double>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| serve(double, socket))
}

async fn serve(double: Double, mut socket: WebSocket) {
    let greeting = json!({ "result": { "version": "1.4-double" } }).to_string();
    if socket.send(Message::Text(greeting.into())).await.is_err() {
        return;
    }
    while let Some(Ok(message)) = socket.recv().await {
        let Message::Text(text) = message else {
            continue;
        };
        let request: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        double
            .requests
            .lock()
            .expect("requests")
            .push(request.clone());
        let answer = answer(&double.pki, &request).to_string();
        if socket.send(Message::Text(answer.into())).await.is_err() {
            return;
        }
    }
}

/// NCALayer's answer to one request.
fn answer(pki: &TestPki, request: &Value) -> Value {
    let refuse = |message: &str| json!({ "code": "500", "message": message });
    if request["module"] != "kz.gov.pki.knca.commonUtils"
        || request["method"] != "createCMSSignatureFromBase64"
    {
        return refuse("Unknown module or method");
    }
    let args = request["args"].as_array().cloned().unwrap_or_default();
    let (Some(storage), Some(key_type), Some(data), Some(attached)) = (
        args.first().and_then(Value::as_str),
        args.get(1).and_then(Value::as_str),
        args.get(2).and_then(Value::as_str),
        args.get(3).and_then(Value::as_bool),
    ) else {
        return refuse("args: storage, key type, base64 data, attached");
    };
    if storage != "PKCS12" || !["AUTHENTICATION", "SIGNATURE"].contains(&key_type) || attached {
        return refuse("the double signs PKCS12 keys, detached, only");
    }
    let Ok(content) = base64::engine::general_purpose::STANDARD.decode(data) else {
        return refuse("data is not base64");
    };
    let cms = detached_cms(&content, &pki.org_head).expect("the double signs");
    json!({
        "code": "200",
        "message": "",
        "responseObject": base64::engine::general_purpose::STANDARD.encode(cms),
    })
}
