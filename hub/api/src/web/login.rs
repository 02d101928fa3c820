//! Sign-in with an EDS through NCALayer (issue 8; R16, R23). The page asks the hub for a
//! one-time challenge, `ncalayer.js` has NCALayer sign it (`createCMSSignatureFromBase64`,
//! CMS detached) in the person's browser, and the form posts the signature here; the hub checks
//! it through the API's own login (the same challenge, chain, revocation and participant
//! checks), then keeps the session's token in the session cookie. Logout ends the session on
//! the server.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine as _;
use http::{HeaderMap, Method};
use minijinja::context;
use serde::Deserialize;
use tanba_domain::Msg;
use tanba_registry::{LoginProof, RegistryError};

use super::Web;
use super::session::{clear, with_session};

/// `GET /login`: a fresh challenge for NCALayer to sign.
pub(crate) async fn page(State(web): State<Web>, headers: HeaderMap) -> Response {
    let lang = web.lang(&headers);
    match web.app.registry.challenge().await {
        Ok(challenge) => web.page(
            lang,
            "/login",
            "login.html",
            context! { challenge => challenge, ncalayer => web.app.web.ncalayer_url },
        ),
        Err(e) => web.failure(lang, "/login", &e.into()),
    }
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    challenge_id: String,
    signature: String,
}

/// `POST /login`: checks the signature as `POST /api/v1/auth/login` does and opens the session.
pub(crate) async fn submit(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = web.lang(&headers);
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
        Ok(session) => with_session(
            Redirect::to("/cabinet").into_response(),
            &session.token,
            web.app.web.secure_cookies,
        ),
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
