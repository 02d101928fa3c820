//! Sign-in with an EDS through NCALayer (issue 8; R16, R23). The page asks the hub for a
//! one-time challenge, `ncalayer.js` has NCALayer sign it (`createCMSSignatureFromBase64`,
//! CMS detached) in the person's browser, and the form posts the signature here; the hub checks
//! it through the API's own login (the same challenge, chain, revocation and participant
//! checks), then keeps the session's token in the session cookie. Logout ends the session on
//! the server.
//!
//! The sign-in POST has a CSRF token of its own (R23; login CSRF would sign a person in as
//! someone else): the page sets a random secret in an HttpOnly, SameSite=Strict cookie scoped
//! to `/login` and puts, in the form, a token binding that secret to the page's one-time
//! challenge. Another site can make a browser post a challenge it signed itself, but it can
//! neither read nor set this browser's secret, so it cannot make the token; the token also
//! fits one challenge only. Checked before the signature, refused with 403 `CSRF_TOKEN`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use minijinja::context;
use serde::Deserialize;
use tanba_domain::Msg;
use tanba_registry::{LoginProof, RegistryError};

use super::Web;
use super::session::{clear, with_session};
use crate::ApiError;

/// The cookie holding the browser's sign-in secret, only ever sent to `/login`.
const LOGIN_COOKIE: &str = "tanba_login";
/// How long the secret is kept: an hour, longer than a challenge lives (a page left open
/// gets a new challenge on reload and keeps the secret).
const LOGIN_COOKIE_SECS: u32 = 3600;

/// `GET /login`: a fresh challenge for NCALayer to sign, and the form's CSRF token for it. The
/// browser's secret is kept when it has one (two sign-in tabs both work), else made.
pub(crate) async fn page(State(web): State<Web>, headers: HeaderMap) -> Response {
    let lang = web.lang(&headers);
    match web.app.registry.challenge().await {
        Ok(challenge) => {
            let secret = login_secret(&headers).unwrap_or_else(|| tanba_registry::new_token().0);
            let csrf = login_csrf(&secret, &challenge.id);
            let data = context! {
                challenge => challenge,
                csrf => csrf,
                ncalayer => web.app.web.ncalayer_url,
            };
            let page = web.page(lang, "/login", "login.html", data);
            with_login_cookie(page, &secret, web.app.web.secure_cookies)
        }
        Err(e) => web.failure(lang, "/login", &e.into()),
    }
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    challenge_id: String,
    signature: String,
    #[serde(default)]
    csrf: String,
}

/// The browser's sign-in secret, if its cookie holds one of the shape the hub makes.
fn login_secret(headers: &HeaderMap) -> Option<String> {
    super::cookie(headers, LOGIN_COOKIE).filter(|s| {
        (16..=128).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}

/// The token binding the browser's `secret` to the one-time challenge `challenge_id`
/// (SHA-256 under the hub's CSRF label, as a session's token is made).
fn login_csrf(secret: &str, challenge_id: &str) -> String {
    tanba_registry::csrf_token(&bound(secret, challenge_id))
}

/// What the token is made of (neither part contains the `\0` between them).
fn bound(secret: &str, challenge_id: &str) -> String {
    format!("{secret}\0{challenge_id}")
}

/// 403 `CSRF_TOKEN` unless the form's token is the one made for this browser's secret and the
/// challenge it posts (compared in constant time).
fn check_login_csrf(headers: &HeaderMap, form: &LoginForm) -> Result<(), ApiError> {
    let presented = form.csrf.trim();
    let detail = match login_secret(headers) {
        _ if presented.is_empty() => "web-login-csrf-missing",
        None => "web-login-csrf-missing",
        Some(secret) => {
            if tanba_registry::csrf_matches(&bound(&secret, &form.challenge_id), presented) {
                return Ok(());
            }
            "web-login-csrf-invalid"
        }
    };
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        "CSRF_TOKEN",
        Msg::new("problem-forbidden-title"),
        Msg::new(detail),
    ))
}

/// `response` with the sign-in secret cookie set to `secret`, or removed when it is empty.
fn with_login_cookie(mut response: Response, secret: &str, secure: bool) -> Response {
    let secure = if secure { "; Secure" } else { "" };
    let age = if secret.is_empty() {
        0
    } else {
        LOGIN_COOKIE_SECS
    };
    let cookie = format!(
        "{LOGIN_COOKIE}={secret}; Path=/login; HttpOnly; SameSite=Strict; Max-Age={age}{secure}"
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `POST /login`: checks the signature as `POST /api/v1/auth/login` does and opens the session.
pub(crate) async fn submit(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = web.lang(&headers);
    if let Err(refused) = check_login_csrf(&headers, &form) {
        return web.failure(lang, "/login", &refused);
    }
    let client_ip = crate::client::client_ip(&headers, Some(peer), &web.app.trusted_proxies);
    let Ok(cms) = base64::engine::general_purpose::STANDARD.decode(form.signature.trim()) else {
        let e = RegistryError::invalid(
            "/signature",
            "SIGNATURE_ENCODING",
            Msg::new("document-signature-encoding"),
        );
        return web.failure(lang, "/login", &e.into());
    };
    match web
        .app
        .registry
        .login(&form.challenge_id, LoginProof::Cms(&cms), client_ip)
        .await
    {
        Ok(session) => {
            let secure = web.app.web.secure_cookies;
            let signed_in = with_session(
                Redirect::to("/cabinet").into_response(),
                &session.token,
                secure,
            );
            with_login_cookie(signed_in, "", secure)
        }
        Err(e) => web.failure(lang, "/login", &e.into()),
    }
}

/// The logout form's field.
#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout` (with the session's CSRF token): ends the session on the server and
/// forgets the cookie.
pub(crate) async fn logout(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::GET, "/api/v1/me");
    if let Some(refused) = me.csrf_refused(&web, &headers, &form.csrf) {
        return refused;
    }
    let lang = web.lang(&headers);
    if let Err(e) = web.app.registry.logout(&me.caller, &me.token).await {
        return web.failure(lang, "/cabinet", &e.into());
    }
    clear(
        Redirect::to("/").into_response(),
        web.app.web.secure_cookies,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(challenge_id: &str, csrf: &str) -> LoginForm {
        LoginForm {
            challenge_id: challenge_id.to_owned(),
            signature: String::new(),
            csrf: csrf.to_owned(),
        }
    }

    fn with_secret(secret: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let cookie = format!("tanba_lang=kk; {LOGIN_COOKIE}={secret}");
        headers.insert(header::COOKIE, cookie.parse().expect("a header"));
        headers
    }

    fn refusal(result: Result<(), ApiError>) -> (&'static str, &'static str) {
        let e = result.expect_err("refused");
        (e.code(), e.status_and_detail().1.id())
    }

    #[test]
    fn the_sign_in_token_fits_one_browser_and_one_challenge() {
        let secret = tanba_registry::new_token().0;
        let headers = with_secret(&secret);
        let token = login_csrf(&secret, "c1");
        assert!(check_login_csrf(&headers, &form("c1", &token)).is_ok());
        assert_eq!(
            refusal(check_login_csrf(&headers, &form("c2", &token))),
            ("CSRF_TOKEN", "web-login-csrf-invalid"),
            "another challenge"
        );
        let other = with_secret(&tanba_registry::new_token().0);
        assert_eq!(
            refusal(check_login_csrf(&other, &form("c1", &token))),
            ("CSRF_TOKEN", "web-login-csrf-invalid"),
            "another browser"
        );
        assert_eq!(
            refusal(check_login_csrf(&HeaderMap::new(), &form("c1", &token))),
            ("CSRF_TOKEN", "web-login-csrf-missing"),
            "no cookie"
        );
        assert_eq!(
            refusal(check_login_csrf(&headers, &form("c1", ""))),
            ("CSRF_TOKEN", "web-login-csrf-missing"),
            "no token"
        );
    }

    #[test]
    fn a_malformed_secret_is_not_taken_from_the_cookie() {
        assert_eq!(login_secret(&with_secret("short")), None);
        assert_eq!(login_secret(&with_secret(&"a;b".repeat(10))), None);
        let secret = tanba_registry::new_token().0;
        assert_eq!(login_secret(&with_secret(&secret)), Some(secret));
    }

    #[test]
    fn the_secret_cookie_is_http_only_strict_and_only_for_the_sign_in_page() {
        let set = with_login_cookie(Response::default(), "tanba_s3cret", true);
        assert_eq!(
            set.headers()[header::SET_COOKIE],
            "tanba_login=tanba_s3cret; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600; Secure"
        );
        let gone = with_login_cookie(Response::default(), "", false);
        assert_eq!(
            gone.headers()[header::SET_COOKIE],
            "tanba_login=; Path=/login; HttpOnly; SameSite=Strict; Max-Age=0"
        );
    }
}
