//! The signed-in web session (issue 8; R16, R23): EDS sign-in on the web page sets an HttpOnly,
//! SameSite=Strict session cookie that the pages and the API accept; a forged, ended or expired
//! session is refused; every change made with the cookie needs the session's CSRF token (403
//! in kk/ru/en without it); logout ends the session on the server.

mod support;

use http::StatusCode;
use serde_json::{Value, json};
use support::web::*;
use support::*;
use tanba_pki::testpki::{ORG_BIN, TestPki};

async fn get(w: &World, path: &str, session: &str) -> reqwest::Response {
    browser()
        .get(format!("{}{path}", w.app.address))
        .header("cookie", format!("tanba_session={session}; tanba_lang=en"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn an_eds_sign_in_opens_a_cookie_session_for_the_pages_and_the_api() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_hub(&pki, dir.path()).await;
    let session = sign_in(&w, &pki).await;

    let cabinet = get(&w, "/cabinet", &session).await;
    assert_eq!(cabinet.status(), StatusCode::OK);
    assert_eq!(cabinet.headers()["cache-control"], "no-store");
    let html = cabinet.text().await.expect("html");
    assert!(
        html.contains(ORG_BIN),
        "the dashboard names the participant: {html}"
    );
    assert!(html.contains("id=\"status-chart\""), "{html}");

    let me = get(&w, "/api/v1/me", &session).await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.expect("json");
    assert_eq!(me["id"], ORG_BIN, "{me}");

    // An API token is never a session cookie.
    let token = w.registry.issue_token(ORG_BIN, "t").await.expect("a token");
    assert_eq!(
        get(&w, "/api/v1/me", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn forged_and_expired_sessions_are_refused() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_hub(&pki, dir.path()).await;

    let forged = "tanba_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let page = get(&w, "/cabinet", forged).await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER, "to the sign-in page");
    assert_eq!(page.headers()["location"], "/login");
    let api = get(&w, "/api/v1/me", forged).await;
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);

    let session = sign_in(&w, &pki).await;
    assert_eq!(
        get(&w, "/api/v1/me", &session).await.status(),
        StatusCode::OK
    );
    w.app
        .db
        .as_ref()
        .expect("the database")
        .pool()
        .client()
        .await
        .expect("a client")
        .execute(
            "update sessions set expires_at = now() - interval '1 second'",
            &[],
        )
        .await
        .expect("the session expires");
    let api = get(&w, "/api/v1/me", &session).await;
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    let problem: Value = api.json().await.expect("a problem");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("Sign in again"),
        "{problem}"
    );
    let page = get(&w, "/cabinet/documents", &session).await;
    assert_eq!(page.headers()["location"], "/login");
    let cleared = page.headers()["set-cookie"].to_str().expect("a cookie");
    assert!(
        cleared.contains("Max-Age=0"),
        "the dead cookie is dropped: {cleared}"
    );
}

#[tokio::test]
async fn changes_made_with_the_cookie_need_the_sessions_csrf_token_and_logout_ends_it() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_hub(&pki, dir.path()).await;
    let session = sign_in(&w, &pki).await;
    let csrf = tanba_registry::csrf_token(&session);
    let post = |lang: &'static str, token: Option<&str>| {
        let mut request = browser()
            .post(format!("{}/api/v1/documents", w.app.address))
            .header("cookie", format!("tanba_session={session}"))
            .header("accept-language", lang)
            .json(&json!({ "kind": "write_off", "reason": "LOSS", "units": [format!("01{GTIN}21abc1234")] }));
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        request.send()
    };
    for (lang, words) in [
        ("kk", "CSRF токені жоқ"),
        ("ru", "нет CSRF-токена"),
        ("en", "no CSRF token"),
    ] {
        let refused = post(lang, None).await.expect("sent");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let problem: Value = refused.json().await.expect("a problem");
        assert_eq!(problem["code"], "CSRF_TOKEN", "{problem}");
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or_default()
                .contains(words),
            "{problem}"
        );
    }
    let other = tanba_registry::csrf_token("tanba_someone-else");
    let refused = post("en", Some(&other)).await.expect("sent");
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "another session's token"
    );
    let accepted = post("en", Some(&csrf)).await.expect("sent");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);

    // A form without the token is refused too, and changes nothing.
    let logout = |token: &str| {
        browser()
            .post(format!("{}/logout", w.app.address))
            .header("cookie", format!("tanba_session={session}; tanba_lang=ru"))
            .form(&[("csrf", token)])
            .send()
    };
    let refused = logout("").await.expect("sent");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let html = refused.text().await.expect("html");
    assert!(html.contains("CSRF"), "{html}");
    assert_eq!(
        get(&w, "/api/v1/me", &session).await.status(),
        StatusCode::OK
    );

    let out = logout(&csrf).await.expect("sent");
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .expect("cookie")
            .contains("Max-Age=0")
    );
    assert_eq!(
        get(&w, "/api/v1/me", &session).await.status(),
        StatusCode::UNAUTHORIZED,
        "the session ended on the server, whatever the browser keeps"
    );
}
