//! Signed documents (R16, issue 6 with issue 5's hook): with `[pki]` configured, a document is
//! decided only if its detached CMS signature verifies against the trusted CAs, is not revoked,
//! and names the sender; each failure is its own finding.

mod support;

use base64::Engine as _;
use serde_json::{Value, json};
use support::*;
use tanba_pki::testpki::{ORG_BIN, TestIdentity, TestPki, detached_cms};

async fn submit(
    w: &World,
    token: &str,
    body: &[u8],
    signer: Option<&TestIdentity>,
    signed_bytes: &[u8],
) -> Value {
    let mut request = w
        .app
        .http
        .post(format!("{}/api/v1/documents", w.app.address))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(signer) = signer {
        let cms = detached_cms(signed_bytes, signer).expect("a signature");
        request = request.header(
            "tanba-signature",
            base64::engine::general_purpose::STANDARD.encode(cms),
        );
    }
    let response = request.send().await.expect("sent");
    let submitted: Value = response.json().await.expect("json");
    w.decided(token, submitted["id"].as_str().expect("an id"))
        .await
}

#[tokio::test]
async fn only_documents_signed_by_the_sender_under_a_trusted_ca_are_decided() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_world(&pki, dir.path(), |config| {
        config.pki.require_signed_documents = true;
    })
    .await;
    let token = w
        .registry
        .issue_token(ORG_BIN, "test")
        .await
        .expect("a token");
    // A write-off of a code nobody reported: a document that passes the signature check is
    // rejected by the next rule, UNIT_UNKNOWN, so each outcome below shows which check spoke.
    let body = serde_json::to_vec(
        &json!({ "kind": "write_off", "reason": "LOSS", "units": [format!("01{GTIN}21abc1234")] }),
    )
    .expect("json");

    let decided = submit(&w, &token, &body, Some(&pki.org_head), &body).await;
    assert_eq!(
        decided["findings"][0]["code"], "UNIT_UNKNOWN",
        "a good signature passes: {decided}"
    );
    assert_eq!(decided["signed"], true);
    for (case, signer, signed, expected) in [
        ("unsigned", None, &body[..], "SIGNATURE_MISSING"),
        (
            "someone else's key",
            Some(&pki.person),
            &body[..],
            "SIGNER_NOT_SENDER",
        ),
        (
            "other bytes signed",
            Some(&pki.org_head),
            &b"{}"[..],
            "PKI_CMS_DIGEST_MISMATCH",
        ),
        (
            "a revoked certificate",
            Some(&pki.revoked),
            &body[..],
            "PKI_REVOKED",
        ),
        (
            "an expired certificate",
            Some(&pki.expired),
            &body[..],
            "PKI_CERT_EXPIRED",
        ),
        (
            "an unknown CA",
            Some(&pki.foreign),
            &body[..],
            "PKI_UNKNOWN_ISSUER",
        ),
        (
            "an employee without the right to sign",
            Some(&pki.org_employee),
            &body[..],
            "SIGNER_MAY_NOT_SIGN",
        ),
    ] {
        let decided = submit(&w, &token, &body, signer, signed).await;
        assert_eq!(decided["status"], "rejected", "{case}: {decided}");
        assert_eq!(
            decided["findings"][0]["code"], expected,
            "{case}: {decided}"
        );
        for lang in ["kk", "ru", "en"] {
            assert!(
                decided["findings"][0]["message"][lang]
                    .as_str()
                    .is_some_and(|t| t.len() > 20),
                "{case} {lang}: {decided}"
            );
        }
    }
}
