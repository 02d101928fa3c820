//! OCSP (issue 6; R16: "OCSP where configured") against an OCSP responder simulated on loopback
//! (RFC 6960 answers signed by the test PKI's CA). At login: good lets the login through and
//! is kept until its nextUpdate; revoked, unknown, a forged answer and an unreachable responder
//! each refuse it with their own error in kk/ru/en; soft fail lets it through when the
//! responder is down. A signed document's signer is asked about the same way, once per signer
//! certificate: revoked rejects the document with the finding, good applies it.

mod support;

use std::sync::Arc;

use base64::Engine as _;
use http::StatusCode;
use serde_json::{Value, json};
use support::ocsp::{Mode, Responder};
use support::*;
use tanba_pki::testpki::{ORG_BIN, OcspReply, TestIdentity, TestPki, detached_cms};

async fn login(w: &World, signer: &TestIdentity, lang: &str) -> (StatusCode, Value) {
    let (status, challenge) = w.call("POST", "/api/v1/auth/challenge", "", None).await;
    assert_eq!(status, StatusCode::CREATED, "{challenge}");
    let text = challenge["challenge"].as_str().expect("a text");
    let cms = detached_cms(text.as_bytes(), signer).expect("a signature");
    let body = json!({
        "challenge_id": challenge["id"],
        "signature": base64::engine::general_purpose::STANDARD.encode(cms),
    });
    w.call_in("POST", "/api/v1/auth/login", "", Some(body), lang)
        .await
}

#[tokio::test]
async fn each_ocsp_answer_decides_the_login_and_a_good_one_is_kept_until_next_update() {
    let pki = Arc::new(TestPki::generate().expect("a test PKI"));
    let dir = tanba_testkit::open_tempdir();
    let (responder, url) = Responder::start(pki.clone()).await;
    let w = pki_world(&pki, dir.path(), |config| {
        config.pki.ocsp_url = Some(url.clone());
        config.pki.ocsp_timeout_secs = 5;
    })
    .await;

    for (mode, code) in [
        (Mode::Answer(OcspReply::Unknown, false), "PKI_OCSP_UNKNOWN"),
        (Mode::Answer(OcspReply::Revoked, false), "PKI_REVOKED"),
        (Mode::Forged, "PKI_OCSP_INVALID"),
        (Mode::Down, "PKI_OCSP_UNAVAILABLE"),
    ] {
        responder.set(mode);
        let mut details = Vec::new();
        for lang in ["kk", "ru", "en"] {
            let (status, problem) = login(&w, &pki.org_head, lang).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{mode:?}: {problem}");
            assert_eq!(problem["code"], code, "{mode:?}: {problem}");
            details.push(problem["detail"].as_str().expect("a detail").to_owned());
        }
        assert!(
            details[0] != details[1] && details[1] != details[2],
            "three languages: {details:?}"
        );
    }
    let (_, problem) = login(&w, &pki.org_head, "kk").await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("OCSP қызметіне қосылу мүмкін емес")),
        "{problem}"
    );

    responder.set(Mode::Answer(OcspReply::Good, true));
    let before = responder.hits();
    let (status, session) = login(&w, &pki.org_head, "en").await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(responder.hits(), before + 1);
    responder.set(Mode::Down);
    let (status, session) = login(&w, &pki.org_head, "en").await;
    assert_eq!(status, StatusCode::OK, "kept until nextUpdate: {session}");
    assert_eq!(responder.hits(), before + 1, "answered from the cache");
}

#[tokio::test]
async fn soft_fail_lets_a_login_through_when_the_responder_is_down() {
    let pki = Arc::new(TestPki::generate().expect("a test PKI"));
    let dir = tanba_testkit::open_tempdir();
    let (responder, url) = Responder::start(pki.clone()).await;
    let w = pki_world(&pki, dir.path(), |config| {
        config.pki.ocsp_url = Some(url.clone());
        config.pki.ocsp_soft_fail = true;
    })
    .await;
    responder.set(Mode::Down);
    let (status, session) = login(&w, &pki.org_head, "en").await;
    assert_eq!(status, StatusCode::OK, "{session}");
    responder.set(Mode::Answer(OcspReply::Revoked, false));
    let (status, problem) = login(&w, &pki.org_head, "en").await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("PKI_REVOKED")),
        "soft fail never overrides an answer: {problem}"
    );
    responder.set(Mode::Forged);
    let (_, problem) = login(&w, &pki.org_head, "en").await;
    assert_eq!(problem["code"], "PKI_OCSP_INVALID", "{problem}");
}

/// A tobacco GTIN of the test PKI's organisation (ORG_BIN).
const ORG_GTIN: &str = "04870000000029";

/// ORG_BIN's product, an order of `n` codes reported applied, as `token`: the raw codes.
async fn org_applied_codes(w: &World, token: &str, n: i64) -> Vec<String> {
    let path = format!("/api/v1/products/{ORG_GTIN}");
    let (status, body) = w
        .call("PUT", &path, token, Some(product_body("tobacco")))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let order = json!({ "gtin": ORG_GTIN, "quantity": n });
    let (status, order) = w.call("POST", "/api/v1/orders", token, Some(order)).await;
    assert_eq!(status, StatusCode::CREATED, "{order}");
    let id = order["id"].as_str().expect("an order id");
    let (_, text) = w.print_file(token, id, "txt").await;
    let codes: Vec<String> = text.lines().map(str::to_owned).collect();
    let applied = format!("/api/v1/orders/{id}/applied");
    let (status, body) = w
        .call("POST", &applied, token, Some(json!({ "codes": codes })))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    codes
}

/// Submits the introduction of `code`, signed by `signer` over its exact bytes, as `token`;
/// the document once decided.
async fn signed_introduction(w: &World, token: &str, code: &str, signer: &TestIdentity) -> Value {
    let body = serde_json::to_vec(&json!({
        "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20",
        "units": [code],
    }))
    .expect("json");
    let cms = detached_cms(&body, signer).expect("a signature");
    let response = w
        .app
        .http
        .post(format!("{}/api/v1/documents", w.app.address))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .header(
            "tanba-signature",
            base64::engine::general_purpose::STANDARD.encode(cms),
        )
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let submitted: Value = response.json().await.expect("json");
    w.decided(token, submitted["id"].as_str().expect("an id"))
        .await
}

/// Issue 6: a document's signer is put to the OCSP responder after its chain and CRLs passed:
/// revoked by the responder rejects the document with PKI_REVOKED (the units stay as they
/// were), an unreachable responder with PKI_OCSP_UNAVAILABLE, each in kk/ru/en; good applies
/// it, and the answer is kept until its nextUpdate (the next document by the same key is not
/// asked about again).
#[tokio::test]
async fn a_documents_signer_is_put_to_the_ocsp_responder() {
    let pki = Arc::new(TestPki::generate().expect("a test PKI"));
    let dir = tanba_testkit::open_tempdir();
    let (responder, url) = Responder::start(pki.clone()).await;
    let w = pki_world(&pki, dir.path(), |config| {
        config.pki.ocsp_url = Some(url.clone());
        config.pki.ocsp_timeout_secs = 5;
        config.pki.require_signed_documents = true;
    })
    .await;
    let token = w
        .registry
        .issue_token(ORG_BIN, "test")
        .await
        .expect("a token");
    let codes = org_applied_codes(&w, &token, 2).await;

    for (mode, code) in [
        (Mode::Down, "PKI_OCSP_UNAVAILABLE"),
        (Mode::Answer(OcspReply::Revoked, false), "PKI_REVOKED"),
        (Mode::Answer(OcspReply::Unknown, false), "PKI_OCSP_UNKNOWN"),
    ] {
        responder.set(mode);
        let before = responder.hits();
        let doc = signed_introduction(&w, &token, &codes[0], &pki.org_head).await;
        assert_eq!(doc["status"], "rejected", "{mode:?}: {doc}");
        assert_eq!(doc["findings"][0]["code"], code, "{mode:?}: {doc}");
        assert_eq!(
            responder.hits(),
            before + 1,
            "{mode:?}: the responder was asked"
        );
        let texts: Vec<&str> = ["kk", "ru", "en"]
            .iter()
            .map(|lang| doc["findings"][0]["message"][lang].as_str().unwrap_or(""))
            .collect();
        assert!(
            texts.iter().all(|t| t.len() > 20) && texts[0] != texts[1] && texts[1] != texts[2],
            "{mode:?}: three languages: {texts:?}"
        );
    }

    responder.set(Mode::Answer(OcspReply::Good, true));
    let before = responder.hits();
    let doc = signed_introduction(&w, &token, &codes[0], &pki.org_head).await;
    assert_eq!(doc["status"], "applied", "a good signer: {doc}");
    assert_eq!(responder.hits(), before + 1);
    responder.set(Mode::Down);
    let doc = signed_introduction(&w, &token, &codes[1], &pki.org_head).await;
    assert_eq!(doc["status"], "applied", "kept until nextUpdate: {doc}");
    assert_eq!(responder.hits(), before + 1, "answered from the cache");
}

/// `[pki] ocsp_soft_fail` holds for documents as for logins: an unreachable responder lets a
/// document through, an answer saying revoked never does.
#[tokio::test]
async fn soft_fail_lets_a_document_through_only_when_the_responder_is_down() {
    let pki = Arc::new(TestPki::generate().expect("a test PKI"));
    let dir = tanba_testkit::open_tempdir();
    let (responder, url) = Responder::start(pki.clone()).await;
    let w = pki_world(&pki, dir.path(), |config| {
        config.pki.ocsp_url = Some(url.clone());
        config.pki.ocsp_soft_fail = true;
        config.pki.require_signed_documents = true;
    })
    .await;
    let token = w
        .registry
        .issue_token(ORG_BIN, "test")
        .await
        .expect("a token");
    let codes = org_applied_codes(&w, &token, 2).await;
    responder.set(Mode::Answer(OcspReply::Revoked, false));
    let doc = signed_introduction(&w, &token, &codes[0], &pki.org_head).await;
    assert_eq!(
        (doc["status"].as_str(), doc["findings"][0]["code"].as_str()),
        (Some("rejected"), Some("PKI_REVOKED")),
        "{doc}"
    );
    responder.set(Mode::Down);
    let doc = signed_introduction(&w, &token, &codes[0], &pki.org_head).await;
    assert_eq!(doc["status"], "applied", "soft fail: {doc}");
}
