//! mTLS (issue 6): a system integration presents a client certificate instead of a token. The
//! certificate must chain to a trusted certifying centre, not be revoked (by a CRL, or by the
//! OCSP responder where one is configured), and name an active participant; its role decides
//! whether it may act or only read, as for EDS sessions.

mod support;

use base64::Engine as _;
use http::StatusCode;
use serde_json::{Value, json};
use support::ocsp::{Mode, Responder};
use support::*;
use tanba_pki::testpki::{ORG_BIN, OcspReply, TestIdentity, TestPki};

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// A client for the hub at `w`, trusting its certificate, presenting `who` (with the chain).
fn client(
    server_cert: &reqwest::Certificate,
    who: Option<(&TestIdentity, &TestIdentity)>,
) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .add_root_certificate(server_cert.clone());
    if let Some((leaf, issuer)) = who {
        let bundle = format!(
            "{}{}{}",
            pem("PRIVATE KEY", leaf.key_pkcs8_der()),
            pem("CERTIFICATE", leaf.der()),
            pem("CERTIFICATE", issuer.der())
        );
        let identity = reqwest::Identity::from_pem(bundle.as_bytes()).expect("an identity");
        builder = builder.identity(identity);
    }
    builder.build().expect("a client")
}

async fn call(
    client: &reqwest::Client,
    w: &World,
    method: &str,
    path: &str,
) -> Result<(StatusCode, Value), reqwest::Error> {
    let url = format!("{}{path}", w.app.address)
        .replace("http://", "https://")
        .replace("127.0.0.1", "localhost");
    let method = method.parse::<reqwest::Method>().expect("a method");
    let response = client
        .request(method, url)
        .json(&json!({ "gtin": GTIN, "quantity": 1 }))
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

#[tokio::test]
async fn a_client_certificate_identifies_a_registered_participant() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let (ca, crl) = pki_folders(&pki, dir.path());
    let server = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("rcgen");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, server.cert.pem()).expect("cert");
    std::fs::write(&key, server.signing_key.serialize_pem()).expect("key");
    let server_cert = reqwest::Certificate::from_pem(server.cert.pem().as_bytes()).expect("pem");
    let w = world_with(|config| {
        config.pki.trust_dir = Some(ca.clone());
        config.pki.crl_dir = Some(crl.clone());
        config.tls = Some(tanba::TlsSettings {
            cert: cert.clone(),
            key: key.clone(),
            client_auth: true,
        });
    })
    .await;
    let org = json!({ "id": ORG_BIN, "names": { "kk": "Ұйым", "ru": "Организация" }, "roles": ["manufacturer"], "product_groups": ["tobacco"] });
    w.registry
        .register_participant(None, serde_json::from_value(org).expect("a participant"))
        .await
        .expect("registered");

    let head = client(&server_cert, Some((&pki.org_head, &pki.intermediate)));
    let (status, me) = call(&head, &w, "GET", "/api/v1/me").await.expect("served");
    assert_eq!(
        (status, me["id"].as_str()),
        (StatusCode::OK, Some(ORG_BIN)),
        "{me}"
    );
    let (status, body) = call(&head, &w, "POST", "/api/v1/orders")
        .await
        .expect("served");
    assert_ne!(
        status,
        StatusCode::FORBIDDEN,
        "the head's system may act: {body}"
    );

    let employee = client(&server_cert, Some((&pki.org_employee, &pki.intermediate)));
    let (status, _) = call(&employee, &w, "GET", "/api/v1/me")
        .await
        .expect("served");
    assert_eq!(status, StatusCode::OK, "an employee's certificate reads");
    let (status, problem) = call(&employee, &w, "POST", "/api/v1/orders")
        .await
        .expect("served");
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("CERTIFICATE_MAY_NOT_ACT")),
        "{problem}"
    );

    for (case, who, code) in [
        ("a revoked certificate", &pki.revoked, "PKI_REVOKED"),
        (
            "a person not registered",
            &pki.person,
            "PARTICIPANT_NOT_REGISTERED",
        ),
    ] {
        let c = client(&server_cert, Some((who, &pki.intermediate)));
        let (status, problem) = call(&c, &w, "GET", "/api/v1/me").await.expect("served");
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::FORBIDDEN, Some(code)),
            "{case}: {problem}"
        );
    }

    let anonymous = client(&server_cert, None);
    let (status, problem) = call(&anonymous, &w, "GET", "/api/v1/me")
        .await
        .expect("served");
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("UNAUTHENTICATED")),
        "{problem}"
    );
    let foreign = client(&server_cert, Some((&pki.foreign, &pki.foreign_root)));
    assert!(
        call(&foreign, &w, "GET", "/api/v1/me").await.is_err(),
        "a certificate of an unknown CA fails the TLS handshake"
    );
}

/// Issue 6, "reloadable without restart": the mTLS trust anchors follow the PKI's reloads. A CA
/// put into the trust folder while the hub runs is accepted in the TLS handshake from the next
/// reload on (the certificate is then judged like any other: this CA has no CRL), with no new
/// server.
#[tokio::test]
async fn client_certificate_anchors_follow_a_trust_folder_reload() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let (ca, crl) = pki_folders(&pki, dir.path());
    let server = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("rcgen");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, server.cert.pem()).expect("cert");
    std::fs::write(&key, server.signing_key.serialize_pem()).expect("key");
    let server_cert = reqwest::Certificate::from_pem(server.cert.pem().as_bytes()).expect("pem");
    let w = world_with(|config| {
        config.pki.trust_dir = Some(ca.clone());
        config.pki.crl_dir = Some(crl.clone());
        config.pki.reload_secs = 1;
        config.tls = Some(tanba::TlsSettings {
            cert: cert.clone(),
            key: key.clone(),
            client_auth: true,
        });
    })
    .await;
    let foreign = client(&server_cert, Some((&pki.foreign, &pki.foreign_root)));
    assert!(
        call(&foreign, &w, "GET", "/api/v1/me").await.is_err(),
        "not an anchor yet: the handshake fails"
    );

    std::fs::write(ca.join("foreign-root.der"), pki.foreign_root.der()).expect("new CA");
    let mut answer = None;
    for _ in 0..100 {
        let fresh = client(&server_cert, Some((&pki.foreign, &pki.foreign_root)));
        if let Ok(served) = call(&fresh, &w, "GET", "/api/v1/me").await {
            answer = Some(served);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (status, problem) = answer.expect("the handshake passes after the reload");
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("PKI_NO_CRL")),
        "{problem}"
    );
}

/// Issue 6, "OCSP where configured": rustls' handshake cannot wait for a responder, so the
/// client certificate is put to it when the request's caller is made, and the answer is kept
/// until its nextUpdate. Revoked by the responder (its CRL says nothing) is refused with
/// PKI_REVOKED, an unreachable responder with PKI_OCSP_UNAVAILABLE; good lets the client in.
#[tokio::test]
async fn a_client_certificate_revoked_by_the_ocsp_responder_is_refused() {
    let pki = std::sync::Arc::new(TestPki::generate().expect("a test PKI"));
    let dir = tanba_testkit::open_tempdir();
    let (responder, url) = Responder::start(pki.clone()).await;
    let (ca, crl) = pki_folders(&pki, dir.path());
    let server = rcgen::generate_simple_self_signed(vec!["localhost".into()]).expect("rcgen");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, server.cert.pem()).expect("cert");
    std::fs::write(&key, server.signing_key.serialize_pem()).expect("key");
    let server_cert = reqwest::Certificate::from_pem(server.cert.pem().as_bytes()).expect("pem");
    let w = world_with(|config| {
        config.pki.trust_dir = Some(ca.clone());
        config.pki.crl_dir = Some(crl.clone());
        config.pki.ocsp_url = Some(url.clone());
        config.pki.ocsp_timeout_secs = 5;
        config.tls = Some(tanba::TlsSettings {
            cert: cert.clone(),
            key: key.clone(),
            client_auth: true,
        });
    })
    .await;
    let org = json!({ "id": ORG_BIN, "names": { "kk": "Ұйым", "ru": "Организация" }, "roles": ["manufacturer"], "product_groups": ["tobacco"] });
    w.registry
        .register_participant(None, serde_json::from_value(org).expect("a participant"))
        .await
        .expect("registered");
    let head = client(&server_cert, Some((&pki.org_head, &pki.intermediate)));

    for (mode, code) in [
        (Mode::Answer(OcspReply::Revoked, false), "PKI_REVOKED"),
        (Mode::Down, "PKI_OCSP_UNAVAILABLE"),
    ] {
        responder.set(mode);
        let before = responder.hits();
        let (status, problem) = call(&head, &w, "GET", "/api/v1/me").await.expect("served");
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::FORBIDDEN, Some(code)),
            "{mode:?}: {problem}"
        );
        assert_eq!(responder.hits(), before + 1, "{mode:?}: asked per request");
    }
    // R23: each refusal is in the audit log, under the certificate's SHA-256.
    let object = {
        use sha2::Digest as _;
        format!(
            "certificate:{}",
            hex::encode(sha2::Sha256::digest(pki.org_head.der()))
        )
    };
    let url = format!("{}/api/v1/audit?object={object}", w.app.address)
        .replace("http://", "https://")
        .replace("127.0.0.1", "localhost");
    let response = client(&server_cert, None)
        .get(url)
        .bearer_auth(&w.operator)
        .send()
        .await
        .expect("served");
    let status = response.status();
    let found: Value = response.json().await.expect("json");
    assert_eq!(status, StatusCode::OK, "{found}");
    let outcomes: Vec<(&str, &str)> = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap_or(""),
                r["outcome"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("mtls", "refused:PKI_REVOKED"),
            ("mtls", "refused:PKI_OCSP_UNAVAILABLE")
        ],
        "{found}"
    );

    responder.set(Mode::Answer(OcspReply::Good, true));
    let (status, me) = call(&head, &w, "GET", "/api/v1/me").await.expect("served");
    assert_eq!(
        (status, me["id"].as_str()),
        (StatusCode::OK, Some(ORG_BIN)),
        "{me}"
    );
    let asked = responder.hits();
    responder.set(Mode::Down);
    let (status, me) = call(&head, &w, "GET", "/api/v1/me").await.expect("served");
    assert_eq!(status, StatusCode::OK, "kept until nextUpdate: {me}");
    assert_eq!(responder.hits(), asked, "answered from the cache");
}
