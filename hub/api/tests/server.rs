//! The server itself: TLS with rustls, and graceful shutdown that finishes requests in flight.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use http::StatusCode;
use tanba_api::{HttpServer, TlsFiles};
use tanba_testkit::{open_tempdir, spawn_app_with};

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// A self-signed certificate for localhost, written as PEM files into `dir`.
fn self_signed(dir: &std::path::Path) -> (TlsFiles, reqwest::Certificate) {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("rcgen");
    let files = TlsFiles {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
        client_roots: None,
    };
    std::fs::write(&files.cert, cert.cert.pem()).expect("write cert");
    std::fs::write(&files.key, cert.signing_key.serialize_pem()).expect("write key");
    let trusted = reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).expect("pem");
    (files, trusted)
}

#[tokio::test]
async fn the_hub_serves_https_when_a_certificate_is_configured() {
    let dir = open_tempdir();
    let (files, trusted) = self_signed(dir.path());
    let app = spawn_app_with(|config| {
        config.tls = Some(tanba::TlsSettings {
            cert: files.cert.clone(),
            key: files.key.clone(),
            client_auth: false,
        });
    })
    .await;
    let client = reqwest::Client::builder()
        .add_root_certificate(trusted)
        .resolve("localhost", app.addr)
        .build()
        .expect("client");
    let url = format!("https://localhost:{}/healthz", app.addr.port());
    let response = client
        .get(&url)
        .send()
        .await
        .expect("TLS handshake and request");
    assert_eq!(response.status(), StatusCode::OK);

    let untrusting = reqwest::Client::builder()
        .resolve("localhost", app.addr)
        .build()
        .expect("client");
    assert!(
        untrusting.get(&url).send().await.is_err(),
        "an unknown CA is refused"
    );
    let plain = tokio::time::timeout(
        Duration::from_secs(5),
        app.http.get(format!("http://{}/healthz", app.addr)).send(),
    )
    .await;
    assert!(
        !matches!(plain, Ok(Ok(_))),
        "plain HTTP to the TLS port gets no answer"
    );
}

#[tokio::test]
async fn an_unusable_certificate_is_named() {
    let dir = open_tempdir();
    let files = TlsFiles {
        cert: dir.path().join("cert.pem"),
        key: dir.path().join("key.pem"),
        client_roots: None,
    };
    std::fs::write(&files.cert, "not a certificate").expect("write");
    std::fs::write(&files.key, "not a key").expect("write");
    let err = HttpServer::start(loopback(), Some(&files), Router::new())
        .await
        .err()
        .expect("refused");
    assert_eq!(err.msg().id(), "server-tls");
    assert!(err.to_string().contains("cert.pem"), "{err}");
}

#[tokio::test]
async fn graceful_shutdown_lets_a_request_in_flight_finish() {
    let started = std::sync::Arc::new(tokio::sync::Notify::new());
    let handler_started = started.clone();
    let router = Router::new().route(
        "/slow",
        get(move || async move {
            handler_started.notify_one();
            tokio::time::sleep(Duration::from_millis(800)).await;
            "finished"
        }),
    );
    let server = HttpServer::start(loopback(), None, router)
        .await
        .expect("starts");
    let url = format!("http://{}/slow", server.local_addr());
    let in_flight = tokio::spawn(async move { reqwest::get(url).await });
    // Shut down only once the handler runs: the request is then truly in flight.
    started.notified().await;

    let addr = server.local_addr();
    server
        .shutdown(Duration::from_secs(10))
        .await
        .expect("clean stop");

    let response = in_flight
        .await
        .expect("task")
        .expect("the request was not cut");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.expect("body"), "finished");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no new connections after shutdown"
    );
}

#[tokio::test]
async fn a_taken_address_is_named() {
    let first = HttpServer::start(loopback(), None, Router::new())
        .await
        .expect("starts");
    let err = HttpServer::start(first.local_addr(), None, Router::new())
        .await
        .err()
        .expect("the port is taken");
    assert_eq!(err.msg().id(), "server-bind");
}
