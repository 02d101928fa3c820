//! A simulator of the e-Gov gateway's synchronous channel (SHEP SyncChannel v10 `SendMessage`)
//! serving the individual entrepreneurs register in the payload format of the SHEP adapter
//! (`adapters/shep/src/entrepreneurs.rs`; the real register's schema is not public), as the
//! adapter's recorded replies in `adapters/shep/tests/data` show. For tests and the demo on
//! loopback (issue 7): entrepreneurs can be added while it runs, and it can be told to fail
//! (HTTP 500, a timeout, a SOAP fault, malformed XML) or be stopped and started again on the
//! same port.
//!
//! Not for: validating requests against the schemas (the adapter's own tests do that with
//! the real XSD) or checking signatures. It reads only what it needs from a request.

mod soap;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

pub use soap::Request;

/// An entry of the simulated register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entrepreneur {
    /// 12 digits.
    pub iin: String,
    /// Registered name.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED` or `CLOSED`.
    pub status: String,
}

/// How the simulator answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Like the gateway: the requested page.
    Normal,
    /// HTTP 500 with an HTML error page, as a proxy in front of the gateway does.
    ServerError,
    /// No answer for a minute.
    Timeout,
    /// HTTP 500 with a SOAP fault (`SendMessageFault1_SendMessageFault`).
    Fault,
    /// HTTP 200 with XML that is not well-formed.
    Malformed,
}

/// A request as the simulator received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The request's `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// What was read from it.
    pub request: Request,
    /// How it was answered.
    pub mode: Mode,
}

#[derive(Debug)]
struct Register {
    entrepreneurs: Vec<Entrepreneur>,
    as_of: String,
    mode: Mode,
    received: Vec<Received>,
}

/// A running simulator. Dropping it stops the server.
pub struct SimShep {
    addr: SocketAddr,
    register: Arc<Mutex<Register>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl SimShep {
    /// Starts on `127.0.0.1` at a free port, with an empty register as of `as_of`
    /// (`YYYY-MM-DD`).
    pub async fn start(as_of: &str) -> std::io::Result<SimShep> {
        let register = Arc::new(Mutex::new(Register {
            entrepreneurs: Vec::new(),
            as_of: as_of.to_owned(),
            mode: Mode::Normal,
            received: Vec::new(),
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mut sim = SimShep {
            addr,
            register,
            server: None,
        };
        sim.serve(listener);
        Ok(sim)
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let app = Router::new()
            .route("/bip-sync-wss-gost/", post(send_message))
            .with_state(self.register.clone());
        self.server = Some(tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        }));
    }

    /// The SyncChannel URL to configure as the adapter's `shep-sync` endpoint.
    pub fn url(&self) -> String {
        format!("http://{}/bip-sync-wss-gost/", self.addr)
    }

    /// Stops listening: connections are refused until [`SimShep::restart`].
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
    }

    /// Listens again on the same port.
    pub async fn restart(&mut self) -> std::io::Result<()> {
        self.stop().await;
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        self.serve(listener);
        Ok(())
    }

    /// Adds an entrepreneur to the register.
    pub fn add(&self, iin: &str, name: &str, status: &str) {
        self.lock().entrepreneurs.push(Entrepreneur {
            iin: iin.into(),
            name: name.into(),
            status: status.into(),
        });
    }

    /// How to answer from now on.
    pub fn set_mode(&self, mode: Mode) {
        self.lock().mode = mode;
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Register> {
        self.register.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for SimShep {
    fn drop(&mut self) {
        if let Some(server) = &self.server {
            server.abort();
        }
    }
}

async fn send_message(
    State(register): State<Arc<Mutex<Register>>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let request = match soap::read_request(&body) {
        Some(request) => request,
        None => {
            return xml(
                StatusCode::INTERNAL_SERVER_ERROR,
                soap::fault("the request is not a SendMessage"),
            );
        }
    };
    let (mode, answer) = {
        let mut register = register.lock().unwrap_or_else(|e| e.into_inner());
        let mode = register.mode;
        register.received.push(Received {
            idempotency_key: headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            request: request.clone(),
            mode,
        });
        let answer = soap::page(&request, &register.entrepreneurs, &register.as_of);
        (mode, answer)
    };
    match mode {
        Mode::Normal => xml(StatusCode::OK, answer),
        Mode::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body>502 Bad Gateway</body></html>",
        )
            .into_response(),
        Mode::Timeout => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            xml(StatusCode::OK, answer)
        }
        Mode::Fault => xml(
            StatusCode::INTERNAL_SERVER_ERROR,
            soap::fault("Service temporarily unavailable"),
        ),
        Mode::Malformed => xml(
            StatusCode::OK,
            "<soapenv:Envelope><soapenv:Body><broken".into(),
        ),
    }
}

fn xml(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        body,
    )
        .into_response()
}
