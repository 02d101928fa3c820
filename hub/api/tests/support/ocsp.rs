//! An OCSP responder simulated on loopback (RFC 6960 answers signed by the test PKI's CA, or
//! forged, or none): what the OCSP tests of logins, signed documents and mTLS clients ask.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use http::StatusCode;
use tanba_pki::testpki::{OcspReply, TestPki, ocsp_response};
use time::{Duration, OffsetDateTime};

/// How the simulated responder answers next.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    /// Signed by the CA, with nextUpdate an hour ahead when `cacheable`.
    Answer(OcspReply, bool),
    /// Signed by a CA nobody trusts.
    Forged,
    /// HTTP 500, as a proxy in front of a broken responder.
    Down,
}

/// The responder: its mode and how many requests it received.
#[derive(Clone)]
pub struct Responder {
    pki: Arc<TestPki>,
    mode: Arc<Mutex<Mode>>,
    hits: Arc<AtomicUsize>,
}

impl Responder {
    /// Serves on a loopback port (down until told otherwise); the responder and its URL.
    pub async fn start(pki: Arc<TestPki>) -> (Responder, String) {
        let responder = Responder {
            pki,
            mode: Arc::new(Mutex::new(Mode::Down)),
            hits: Arc::new(AtomicUsize::new(0)),
        };
        let app = axum::Router::new()
            .route("/", axum::routing::post(answer))
            .with_state(responder.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let url = format!("http://{}/", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        (responder, url)
    }

    /// Answers as `mode` from now on.
    pub fn set(&self, mode: Mode) {
        *self.mode.lock().expect("not poisoned") = mode;
    }

    /// Requests received so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

async fn answer(
    State(r): State<Responder>,
    request: Bytes,
) -> Result<([(&'static str, &'static str); 1], Vec<u8>), StatusCode> {
    r.hits.fetch_add(1, Ordering::SeqCst);
    let mode = *r.mode.lock().expect("not poisoned");
    let now = OffsetDateTime::now_utc() - Duration::minutes(1);
    let (reply, signer, next) = match mode {
        Mode::Down => return Err(StatusCode::INTERNAL_SERVER_ERROR),
        Mode::Forged => (OcspReply::Good, &r.pki.foreign_root, None),
        Mode::Answer(reply, cacheable) => (
            reply,
            &r.pki.intermediate,
            cacheable.then(|| now + Duration::hours(1)),
        ),
    };
    let der = ocsp_response(&request, reply, signer, true, now, next)
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    Ok(([("content-type", "application/ocsp-response")], der))
}
