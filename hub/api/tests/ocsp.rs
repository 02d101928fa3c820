//! OCSP at login (issue 6; R16) against an OCSP responder simulated on loopback (RFC 6960
//! answers signed by the test PKI's CA): good lets the login through and is kept until its
//! nextUpdate; revoked, unknown, a forged answer and an unreachable responder each refuse it
//! with their own error in kk/ru/en; soft fail lets it through when the responder is down.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use base64::Engine as _;
use http::StatusCode;
use serde_json::{Value, json};
use support::*;
use tanba_pki::testpki::{OcspReply, TestIdentity, TestPki, detached_cms, ocsp_response};
use time::{Duration, OffsetDateTime};

/// How the simulated responder answers next.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Signed by the CA, with nextUpdate an hour ahead when `cacheable`.
    Answer(OcspReply, bool),
    /// Signed by a CA nobody trusts.
    Forged,
    /// HTTP 500, as a proxy in front of a broken responder.
    Down,
}

#[derive(Clone)]
struct Responder {
    pki: Arc<TestPki>,
    mode: Arc<Mutex<Mode>>,
    hits: Arc<AtomicUsize>,
}

impl Responder {
    async fn start(pki: Arc<TestPki>) -> (Responder, String) {
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

    fn set(&self, mode: Mode) {
        *self.mode.lock().expect("not poisoned") = mode;
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
    let before = responder.hits.load(Ordering::SeqCst);
    let (status, session) = login(&w, &pki.org_head, "en").await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(responder.hits.load(Ordering::SeqCst), before + 1);
    responder.set(Mode::Down);
    let (status, session) = login(&w, &pki.org_head, "en").await;
    assert_eq!(status, StatusCode::OK, "kept until nextUpdate: {session}");
    assert_eq!(
        responder.hits.load(Ordering::SeqCst),
        before + 1,
        "answered from the cache"
    );
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
