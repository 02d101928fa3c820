//! WS-Security signing of outbound SOAP by the hub (issue 7, G1): a message that asks for it
//! leaves signed over its Body with the endpoint's key and certificate, and verifies with the
//! hub's own verifier; without a key (and without the test stand's `send_unsigned`) it is
//! held as undeliverable, never sent unsigned.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use support::deliver_all;
use support::probe::{ProbeWorld, Receiver, code, free_addr};

fn key_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../pki/tests/data/wss/{name}"))
}

#[tokio::test]
async fn a_message_asking_for_a_signature_arrives_signed_over_its_body() {
    let world = ProbeWorld::new(1).await;
    let (receiver, addr) = Receiver::start(free_addr().await).await;
    let mut settings = world.settings(addr, &[("sign", "yes")]);
    let endpoint = settings
        .installed
        .get_mut("probe")
        .and_then(|p| p.endpoints.get_mut("receiver"))
        .expect("endpoint");
    endpoint.signing_key = Some(key_file("ec.key.pem"));
    endpoint.signing_cert = Some(key_file("ec.cert.pem"));
    let node = world.node(&settings).await;

    let (_, status) = world.shipment(&[code(0)]).await;
    assert_eq!(status, "applied");
    assert!(node.handle_next_event().await.expect("handled"));
    deliver_all(&node, &world.db, Duration::from_secs(20)).await;

    let received = receiver.received();
    assert_eq!(received.len(), 1);
    let verified = tanba_pki::verify_soap_body(received[0].body.as_bytes()).expect("verifies");
    let cert = std::fs::read(key_file("ec.cert.pem")).expect("cert");
    assert!(
        String::from_utf8_lossy(&cert).contains("BEGIN CERTIFICATE")
            && verified
                .certificate
                .subject()
                .to_string()
                .contains("Tanba test hub signer"),
        "{}",
        verified.certificate.subject()
    );
    assert!(received[0].body.contains("mustUnderstand=\"1\""));
    // What is stored stays as the adapter built it; only the wire copy carries the signature.
    let stored = world.db.outbox("delivered", 1).await.expect("outbox");
    assert!(!String::from_utf8_lossy(&stored[0].message.body).contains("wsse:Security"));
}

#[tokio::test]
async fn without_a_key_a_message_asking_for_a_signature_is_not_sent() {
    let world = ProbeWorld::new(1).await;
    let (receiver, addr) = Receiver::start(free_addr().await).await;
    let node = world.node(&world.settings(addr, &[("sign", "yes")])).await;
    world.shipment(&[code(0)]).await;
    assert!(node.handle_next_event().await.expect("handled"));
    assert!(node.deliver_next().await.expect("attempted"));
    let dead = world.db.outbox("dead", 10).await.expect("outbox");
    assert_eq!(dead.len(), 1);
    assert!(
        dead[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("ADAPTER_SIGNING_UNAVAILABLE")),
        "{:?}",
        dead[0].last_error
    );
    assert!(receiver.received().is_empty());
}

#[tokio::test]
async fn a_key_that_is_not_its_certificates_stops_the_load() {
    let world = ProbeWorld::new(0).await;
    let mut settings = world.settings(free_addr().await, &[]);
    let endpoint = settings
        .installed
        .get_mut("probe")
        .and_then(|p| p.endpoints.get_mut("receiver"))
        .expect("endpoint");
    endpoint.signing_key = Some(key_file("rsa.key.pem"));
    endpoint.signing_cert = Some(key_file("ec.cert.pem"));
    let engine = &world.engine;
    let master = tanba_domain::emission::MasterSecret::new(vec![9; 32]).expect("secret");
    let registry = tanba_registry::Registry::new(
        world.db.clone(),
        master,
        tanba_domain::CheckDigitPolicy::Strict,
    );
    let http =
        std::sync::Arc::new(tanba_adapters::ReqwestClient::from_settings(&settings).expect("http"));
    let err = tanba_adapters::Adapters::load(
        world.db.clone(),
        registry,
        world.documents.clone(),
        engine,
        &settings,
        http,
    )
    .await
    .err()
    .expect("refused");
    assert_eq!(err.code(), "ADAPTER_CONFIG");
    assert!(err.to_string().contains("signing"), "{err}");
}
