//! A simulator of the e-Gov gateway's synchronous channel (SHEP SyncChannel v10 `SendMessage`)
//! serving the individual entrepreneurs register in the payload format of the SHEP adapter
//! (`adapters/shep/src/entrepreneurs.rs`; the real register's schema is not public), as the
//! adapter's recorded replies in `adapters/shep/tests/data` show. For tests and the demo on
//! loopback (issue 7): entrepreneurs can be added while it runs, and it can be told to fail
//! (HTTP 500, a timeout, a SOAP fault, malformed XML) or be stopped and started again on the
//! same port. The server, its modes and its record are `tanba-sim-kit`'s, shared with the other
//! simulators.
//!
//! Not for: validating requests against the schemas (the adapter's own tests do that with
//! the real XSD) or checking signatures. It reads only what it needs from a request.

mod soap;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use tanba_sim_kit::{SharedState, Sim, answer, body};

pub use soap::Request;
pub use tanba_sim_kit::Mode;

const PATH: &str = "/bip-sync-wss-gost/";

/// An entry of the simulated register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entrepreneur {
    /// 12 digits.
    pub iin: String,
    /// Registered name.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED` or `CLOSED`.
    pub status: String,
    /// The KATO code of the place of registration, where the register has one.
    pub kato: Option<String>,
}

/// A `SendMessage` request as the simulator received it.
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
}

/// A running simulator. Dropping it stops the server.
pub struct SimShep {
    sim: Sim<Register>,
}

impl SimShep {
    /// Starts on `127.0.0.1` at a free port, with an empty register as of `as_of`
    /// (`YYYY-MM-DD`).
    pub async fn start(as_of: &str) -> std::io::Result<SimShep> {
        let register = Register {
            entrepreneurs: Vec::new(),
            as_of: as_of.to_owned(),
        };
        Ok(SimShep {
            sim: Sim::start(register, routes).await?,
        })
    }

    /// The SyncChannel URL to configure as the adapter's `shep-sync` endpoint.
    pub fn url(&self) -> String {
        self.sim.url(PATH)
    }

    /// Stops listening: connections are refused until [`SimShep::restart`].
    pub async fn stop(&mut self) {
        self.sim.stop().await;
    }

    /// Listens again on the same port.
    pub async fn restart(&mut self) -> std::io::Result<()> {
        self.sim.restart().await
    }

    /// Adds an entrepreneur to the register.
    pub fn add(&self, iin: &str, name: &str, status: &str) {
        self.add_in(iin, name, status, None);
    }

    /// Like [`SimShep::add`], registered at the place with KATO code `kato`.
    pub fn add_in(&self, iin: &str, name: &str, status: &str, kato: Option<&str>) {
        self.sim.with(|r| {
            r.entrepreneurs.push(Entrepreneur {
                iin: iin.into(),
                name: name.into(),
                status: status.into(),
                kato: kato.map(str::to_owned),
            });
        });
    }

    /// How to answer from now on.
    pub fn set_mode(&self, mode: Mode) {
        self.sim.set_mode(mode);
    }

    /// Every `SendMessage` received so far, in order (requests that were not one are left out).
    pub fn received(&self) -> Vec<Received> {
        self.sim
            .received()
            .into_iter()
            .filter_map(|r| {
                Some(Received {
                    request: soap::read_request(&r.body)?,
                    idempotency_key: r.idempotency_key,
                    mode: r.mode,
                })
            })
            .collect()
    }
}

fn routes(shared: SharedState<Register>) -> Router {
    Router::new()
        .route(PATH, post(send_message))
        .with_state(shared)
}

async fn send_message(
    State(register): State<SharedState<Register>>,
    headers: HeaderMap,
    text: String,
) -> Response {
    let Some(request) = soap::read_request(&text) else {
        return xml(
            StatusCode::INTERNAL_SERVER_ERROR,
            soap::fault("the request is not a SendMessage"),
        );
    };
    let mode = register.record(PATH, &headers, &text);
    let page = register.with(|r| soap::page(&request, &r.entrepreneurs, &r.as_of));
    let fault = xml(
        StatusCode::INTERNAL_SERVER_ERROR,
        soap::fault("Service temporarily unavailable"),
    );
    let malformed = xml(
        StatusCode::OK,
        "<soapenv:Envelope><soapenv:Body><broken".into(),
    );
    answer(mode, xml(StatusCode::OK, page), fault, malformed).await
}

fn xml(status: StatusCode, text: String) -> Response {
    body(status, "text/xml; charset=utf-8", text)
}
