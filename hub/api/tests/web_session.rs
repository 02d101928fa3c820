//! The signed-in web session (issue 8; R16, R23): EDS sign-in on the web page sets an HttpOnly,
//! SameSite=Strict session cookie that the pages and the API accept; a forged, ended or expired
//! session is refused; every change made with the cookie needs the session's CSRF token (403
//! in kk/ru/en without it); logout ends the session on the server. The sign-in POST itself
//! needs the sign-in page's own CSRF token, bound to this browser and the page's challenge.

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

/// Posts the sign-in form `fields` with `cookie` in `lang`; the answer.
async fn post_login(
    w: &World,
    cookie: &str,
    fields: &[(&'static str, String)],
    lang: &str,
) -> reqwest::Response {
    browser()
        .post(format!("{}/login", w.app.address))
        .header("cookie", format!("tanba_lang={lang}; {cookie}"))
        .form(fields)
        .send()
        .await
        .expect("sent")
}

/// A sign-in page: its secret cookie and its HTML.
async fn login_page(w: &World, cookie: &str) -> (String, String) {
    let page = browser()
        .get(format!("{}/login", w.app.address))
        .header("cookie", cookie)
        .send()
        .await
        .expect("the sign-in page");
    assert_eq!(page.status(), StatusCode::OK);
    let secret = login_cookie(&page);
    (secret, page.text().await.expect("html"))
}

/// A refused sign-in: 403 `CSRF_TOKEN` with `words` in the page, and no session.
async fn refused(response: reqwest::Response, words: &str) {
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(
        set_cookie(&response, "tanba_session=").is_none(),
        "nobody is signed in"
    );
    let html = response.text().await.expect("html");
    assert!(html.contains("data-code=\"CSRF_TOKEN\""), "{html}");
    assert!(html.contains(words), "{words}: {html}");
}

#[tokio::test]
async fn the_sign_in_post_needs_the_sign_in_pages_own_csrf_token() {
    let pki = TestPki::generate().expect("a test PKI");
    let dir = tanba_testkit::open_tempdir();
    let w = pki_hub(&pki, dir.path()).await;
    let (secret, html) = login_page(&w, "").await;
    let signed = login_form(&html, &pki);

    // Another site posting a challenge it had signed: the browser has no secret to send, or
    // has its own, or the site leaves the token out.
    for (lang, words) in [
        ("kk", "Кіру пішіні қорғау токенінсіз келді"),
        ("ru", "Форма входа пришла без защитного токена"),
        ("en", "The sign-in form came without its protection token"),
    ] {
        refused(post_login(&w, "", &signed, lang).await, words).await;
    }
    let (elsewhere, _) = login_page(&w, "").await;
    assert_ne!(elsewhere, secret, "each browser gets its own secret");
    refused(
        post_login(&w, &elsewhere, &signed, "en").await,
        "does not match the sign-in page this browser opened",
    )
    .await;
    let untokened: Vec<_> = signed
        .iter()
        .filter(|(name, _)| *name != "csrf")
        .cloned()
        .collect();
    refused(
        post_login(&w, &secret, &untokened, "ru").await,
        "без защитного токена",
    )
    .await;

    // The token fits one challenge: a second tab keeps the browser's secret but gets its own.
    let (again, second) = login_page(&w, &secret).await;
    assert_eq!(again, secret, "a second sign-in tab keeps the secret");
    let mut crossed = login_form(&second, &pki);
    let first_token = signed.iter().find(|(n, _)| *n == "csrf").expect("csrf");
    crossed.retain(|(name, _)| *name != "csrf");
    crossed.push(first_token.clone());
    refused(
        post_login(&w, &secret, &crossed, "kk").await,
        "қорғау токені осы браузер ашқан кіру бетіне сәйкес келмейді",
    )
    .await;

    // The refusals came before the signature was looked at: the challenge still signs in.
    let response = post_login(&w, &secret, &signed, "en").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie(&response, "tanba_session=").is_some());
}
