//! The plumbing every simulator of an external system shares (issue 7, "Simulators"): a server
//! on `127.0.0.1` at a free port that can be stopped and started again on the same port, a
//! [`Mode`] that makes it fail the way real systems do (HTTP 500 with an HTML page, a timeout,
//! the protocol's own fault, a malformed body), and a record of every request it received for
//! tests to inspect. A simulator supplies its routes, its data `S`, and its answers.
//!
//! Not for: speaking any protocol (each simulator does), or checking signatures.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// How the simulator answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Like the real system.
    Normal,
    /// HTTP 500 with an HTML error page, as a proxy in front of the system does.
    ServerError,
    /// No answer for a minute.
    Timeout,
    /// The protocol's own fault (a SOAP fault, an error document).
    Fault,
    /// HTTP 200 with a body that is not well-formed.
    Malformed,
}

/// A request as the simulator received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The request path.
    pub path: String,
    /// The `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// The body, as text.
    pub body: String,
    /// How it was answered.
    pub mode: Mode,
}

/// The simulator's data, its mode and its record, behind one lock; handlers get it as axum
/// state.
#[derive(Debug)]
pub struct Shared<S> {
    inner: Mutex<Inner<S>>,
}

#[derive(Debug)]
struct Inner<S> {
    data: S,
    mode: Mode,
    received: Vec<Received>,
}

impl<S> Shared<S> {
    /// Records a request and returns the mode to answer it in.
    pub fn record(&self, path: &str, headers: &HeaderMap, body: &str) -> Mode {
        let mut inner = self.lock();
        let mode = inner.mode;
        inner.received.push(Received {
            path: path.to_owned(),
            idempotency_key: headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: body.to_owned(),
            mode,
        });
        mode
    }

    /// Runs `f` on the simulator's data.
    pub fn with<R>(&self, f: impl FnOnce(&mut S) -> R) -> R {
        f(&mut self.lock().data)
    }

    fn lock(&self) -> MutexGuard<'_, Inner<S>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The state handlers receive.
pub type SharedState<S> = Arc<Shared<S>>;

/// A running simulator. Dropping it stops the server.
pub struct Sim<S> {
    addr: SocketAddr,
    shared: SharedState<S>,
    routes: fn(SharedState<S>) -> Router,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl<S: Send + 'static> Sim<S> {
    /// Starts on `127.0.0.1` at a free port with `data`, serving what `routes` builds.
    pub async fn start(data: S, routes: fn(SharedState<S>) -> Router) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                data,
                mode: Mode::Normal,
                received: Vec::new(),
            }),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let mut sim = Sim {
            addr: listener.local_addr()?,
            shared,
            routes,
            server: None,
        };
        sim.serve(listener);
        Ok(sim)
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let app = (self.routes)(self.shared.clone());
        self.server = Some(tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        }));
    }

    /// `http://127.0.0.1:<port>` followed by `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops listening: connections are refused until [`Sim::restart`].
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

    /// How to answer from now on.
    pub fn set_mode(&self, mode: Mode) {
        self.shared.lock().mode = mode;
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().received.clone()
    }

    /// Runs `f` on the simulator's data.
    pub fn with<R>(&self, f: impl FnOnce(&mut S) -> R) -> R {
        self.shared.with(f)
    }
}

impl<S> Drop for Sim<S> {
    fn drop(&mut self) {
        if let Some(server) = &self.server {
            server.abort();
        }
    }
}

/// A body with its status and content type.
pub fn body(status: StatusCode, content_type: &str, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, content_type.to_owned())],
        body,
    )
        .into_response()
}

/// The answer in `mode`: `normal` as the system would give it, `fault` as its own fault (with
/// its status), `malformed` a broken body of the protocol's content type.
pub async fn answer(
    mode: Mode,
    normal: Response,
    fault: Response,
    malformed: Response,
) -> Response {
    match mode {
        Mode::Normal => normal,
        Mode::ServerError => body(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html",
            "<html><body>502 Bad Gateway</body></html>".into(),
        ),
        Mode::Timeout => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            normal
        }
        Mode::Fault => fault,
        Mode::Malformed => malformed,
    }
}

/// `&`, `<`, `>` and `"` escaped for XML text and attributes.
pub fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::extract::State;
    use axum::routing::post;

    fn routes(shared: SharedState<u32>) -> Router {
        Router::new()
            .route(
                "/x",
                post(|State(s): State<SharedState<u32>>, headers: HeaderMap, text: String| async move {
                    let mode = s.record("/x", &headers, &text);
                    let n = s.with(|n| {
                        *n += 1;
                        *n
                    });
                    let ok = body(StatusCode::OK, "text/plain", n.to_string());
                    let fault = body(StatusCode::BAD_REQUEST, "text/plain", "fault".into());
                    let bad = body(StatusCode::OK, "text/plain", "<".into());
                    answer(mode, ok, fault, bad).await
                }),
            )
            .with_state(shared)
    }

    async fn post_text(url: &str) -> Option<(u16, String)> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = url
            .trim_start_matches("http://")
            .split('/')
            .next()?
            .to_owned();
        let mut stream = tokio::net::TcpStream::connect(addr).await.ok()?;
        let request = "POST /x HTTP/1.1\r\nHost: x\r\nIdempotency-Key: k1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi";
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut out = String::new();
        stream.read_to_string(&mut out).await.ok()?;
        let status = out.get(9..12)?.parse().ok()?;
        Some((status, out.rsplit("\r\n\r\n").next()?.to_owned()))
    }

    #[tokio::test]
    async fn records_fails_on_request_and_restarts_on_its_port() {
        let mut sim = Sim::start(0_u32, routes).await.expect("starts");
        let url = sim.url("/x");
        assert_eq!(post_text(&url).await, Some((200, "1".into())));
        sim.set_mode(Mode::Fault);
        assert_eq!(post_text(&url).await, Some((400, "fault".into())));
        sim.set_mode(Mode::ServerError);
        assert_eq!(post_text(&url).await.map(|r| r.0), Some(500));
        sim.stop().await;
        assert_eq!(post_text(&url).await, None);
        sim.restart().await.expect("restarts");
        sim.set_mode(Mode::Normal);
        assert_eq!(post_text(&url).await, Some((200, "4".into())));
        let received = sim.received();
        assert_eq!(received.len(), 4);
        assert_eq!(received[0].idempotency_key.as_deref(), Some("k1"));
        assert_eq!(
            (received[1].body.as_str(), received[1].mode),
            ("hi", Mode::Fault)
        );
    }
}
