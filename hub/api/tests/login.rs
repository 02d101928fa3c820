//! EDS login (issue 6; R16, R23): a one-time challenge signed with a certificate of a trusted CA
//! opens a session bound to the participant it names; every failure is refused with its own
//! code, and a challenge works once.

mod support;

use base64::Engine as _;
use http::StatusCode;
use serde_json::{Value, json};
use support::*;
use tanba_pki::C14nMethod;
use tanba_pki::testpki::{ORG_BIN, TestIdentity, TestPki, detached_cms, enveloped_xml};

/// How the challenge is signed: NCALayer's two forms.
#[derive(Debug, Clone, Copy)]
enum Form {
    Cms,
    Xml,
}

async fn login(
    w: &World,
    signer: &TestIdentity,
    tamper: bool,
    form: Form,
) -> (StatusCode, Value, String) {
    let (status, challenge) = w.call("POST", "/api/v1/auth/challenge", "", None).await;
    assert_eq!(status, StatusCode::CREATED, "{challenge}");
    let id = challenge["id"].as_str().expect("an id").to_owned();
    let mut text = challenge["challenge"].as_str().expect("a text").to_owned();
    if tamper {
        text.push('!');
    }
    let body = match form {
        Form::Cms => {
            let cms = detached_cms(text.as_bytes(), signer).expect("a signature");
            json!({ "challenge_id": id, "signature": base64::engine::general_purpose::STANDARD.encode(cms) })
        }
        Form::Xml => {
            let document =
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><login>{text}</login>");
            let xml = enveloped_xml(&document, signer, C14nMethod::Inclusive).expect("a signature");
            json!({ "challenge_id": id, "signed_xml": xml })
        }
    };
    let (status, session) = w
        .call("POST", "/api/v1/auth/login", "", Some(body.clone()))
        .await;
    let replay = w.call("POST", "/api/v1/auth/login", "", Some(body)).await;
    assert_eq!(
        replay.1["code"], "CHALLENGE_UNKNOWN",
        "a challenge works once: {}",
        replay.1
    );
    (status, session, id)
}

#[tokio::test]
async fn a_signed_challenge_opens_a_session_for_the_participant_the_certificate_names() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_world(&pki, dir.path(), |_| {}).await;

    for form in [Form::Cms, Form::Xml] {
        let (status, session, _) = login(&w, &pki.org_head, false, form).await;
        assert_eq!(status, StatusCode::OK, "{form:?}: {session}");
        assert_eq!(session["participant"], ORG_BIN, "{form:?}");
    }
    let (status, session, _) = login(&w, &pki.org_head, false, Form::Cms).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["participant"], ORG_BIN);
    assert!(
        session["roles"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "head")),
        "{session}"
    );
    let token = session["token"].as_str().expect("a token");
    let (status, me) = w.call("GET", "/api/v1/me", token, None).await;
    assert_eq!(
        (status, me["id"].as_str()),
        (StatusCode::OK, Some(ORG_BIN)),
        "{me}"
    );

    for (case, signer, tamper, cms_code, xml_code) in [
        (
            "a revoked certificate",
            &pki.revoked,
            false,
            "PKI_REVOKED",
            None,
        ),
        (
            "an unknown CA",
            &pki.foreign,
            false,
            "PKI_UNKNOWN_ISSUER",
            None,
        ),
        (
            "an expired certificate",
            &pki.expired,
            false,
            "PKI_CERT_EXPIRED",
            None,
        ),
        (
            "another text signed",
            &pki.org_head,
            true,
            "PKI_CMS_DIGEST_MISMATCH",
            Some("CHALLENGE_MISMATCH"),
        ),
        (
            "a person not registered",
            &pki.person,
            false,
            "PARTICIPANT_NOT_REGISTERED",
            None,
        ),
    ] {
        for (form, code) in [
            (Form::Cms, cms_code),
            (Form::Xml, xml_code.unwrap_or(cms_code)),
        ] {
            let (status, problem, _) = login(&w, signer, tamper, form).await;
            assert_eq!(
                (status, problem["code"].as_str()),
                (StatusCode::FORBIDDEN, Some(code)),
                "{case} ({form:?}): {problem}"
            );
        }
    }
}

#[tokio::test]
async fn an_employee_without_the_right_to_sign_may_read_but_not_act() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_world(&pki, dir.path(), |_| {}).await;
    let (status, session, _) = login(&w, &pki.org_employee, false, Form::Cms).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let token = session["token"].as_str().expect("a token");
    let (status, me) = w.call("GET", "/api/v1/me", token, None).await;
    assert_eq!(status, StatusCode::OK, "reading is allowed: {me}");
    let order = json!({ "gtin": GTIN, "quantity": 1 });
    let (status, problem) = w
        .call_in("POST", "/api/v1/orders", token, Some(order.clone()), "kk")
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("CERTIFICATE_MAY_NOT_ACT")),
        "{problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("қол қою құқығы")),
        "{problem}"
    );
    let (_, audit) = w
        .call(
            "GET",
            &format!("/api/v1/audit?bin={ORG_BIN}"),
            &w.operator,
            None,
        )
        .await;
    assert!(
        audit["items"]
            .as_array()
            .expect("rows")
            .iter()
            .any(|r| r["action"] == "POST /api/v1/orders"
                && r["outcome"] == "refused:CERTIFICATE_MAY_NOT_ACT"
                && r["iin"].is_string()),
        "the refusal is audited with the person: {audit}"
    );
    let (status, session, _) = login(&w, &pki.org_head, false, Form::Cms).await;
    assert_eq!(status, StatusCode::OK);
    let head = session["token"].as_str().expect("a token");
    let (status, problem) = w.call("POST", "/api/v1/orders", head, Some(order)).await;
    assert_ne!(status, StatusCode::FORBIDDEN, "the head may act: {problem}");
}

#[tokio::test]
async fn a_crl_copied_into_the_folder_revokes_without_a_restart() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_world(&pki, dir.path(), |config| {
        config.pki.reload_secs = 1;
    })
    .await;
    let (status, _, _) = login(&w, &pki.org_head, false, Form::Cms).await;
    assert_eq!(status, StatusCode::OK);

    let delta = pki
        .delta_crl(2, 1, &[&pki.org_head], &[])
        .expect("a delta CRL");
    let crl = dir.path().join("crl");
    std::fs::write(crl.join("delta.crl"), delta).expect("copied in");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (status, problem, _) = login(&w, &pki.org_head, false, Form::Cms).await;
        if status == StatusCode::FORBIDDEN {
            assert_eq!(problem["code"], "PKI_REVOKED", "{problem}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the CRL was not loaded within 20 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_login_names_exactly_one_proof() {
    let w = world().await;
    let (_, challenge) = w.call("POST", "/api/v1/auth/challenge", "", None).await;
    for body in [
        json!({ "challenge_id": challenge["id"] }),
        json!({ "challenge_id": challenge["id"], "signature": "AAAA", "signed_xml": "<login/>" }),
    ] {
        let (status, problem) = w
            .call_in("POST", "/api/v1/auth/login", "", Some(body), "ru")
            .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("LOGIN_PROOF_ONE")),
            "{problem}"
        );
        assert!(
            problem["detail"]
                .as_str()
                .is_some_and(|d| d.contains("signed_xml")),
            "{problem}"
        );
    }
}

#[tokio::test]
async fn without_trusted_cas_the_hub_says_eds_login_is_not_configured() {
    let w = world().await;
    let (_, challenge) = w.call("POST", "/api/v1/auth/challenge", "", None).await;
    let body = json!({ "challenge_id": challenge["id"], "signature": "AAAA" });
    let (status, problem) = w
        .call_in("POST", "/api/v1/auth/login", "", Some(body), "kk")
        .await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (StatusCode::CONFLICT, Some("LOGIN_NOT_CONFIGURED")),
        "{problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("ЭЦҚ")),
        "{problem}"
    );
}
