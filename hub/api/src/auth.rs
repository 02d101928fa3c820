//! Who is calling (R23): the extractor every registry handler takes. An API token
//! (`Authorization: Bearer tanba_...`, made with `tanba participant token`) or an EDS session's
//! token identifies the participant, and without either a client certificate presented over mTLS
//! (`[tls] client_auth`) does; all become the same [`Caller`]. A session whose
//! certificate gives no right to act for the organisation (issue 6) is refused every change
//! here, in one place, as is every call the permission matrix ([`crate::permissions`]) does
//! not allow the caller's roles; refusals are audited.

use axum::extract::FromRequestParts;
use http::StatusCode;
use http::request::Parts;
use tanba_domain::Msg;
use tanba_registry::{Caller, RegistryError};

use crate::{ApiError, AppState};

/// The authenticated participant of a request.
pub(crate) struct Authenticated(pub Caller);

fn unauthorized(detail: &'static str) -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        Msg::new("problem-unauthenticated-title"),
        Msg::new(detail),
    )
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let mut caller = match parts.headers.get(http::header::AUTHORIZATION) {
            Some(header) => {
                let token = header
                    .to_str()
                    .ok()
                    .and_then(|h| h.strip_prefix("Bearer "))
                    .map(str::trim);
                let Some(token) = token else {
                    return Err(refused(parts, state, "auth-scheme").await);
                };
                match state.registry.caller_by_token(token).await? {
                    Some(caller) => caller,
                    None => return Err(refused(parts, state, "auth-invalid").await),
                }
            }
            None => match crate::web::session_token(&parts.headers) {
                Some(token) => match by_cookie(parts, state, &token).await? {
                    Some(caller) => caller,
                    None => return Err(refused(parts, state, "auth-session-invalid").await),
                },
                None => {
                    let certificate =
                        client_certificate(parts).ok_or_else(|| unauthorized("auth-missing"))?;
                    let client_ip = crate::client::of_parts(parts, &state.trusted_proxies);
                    state
                        .registry
                        .caller_by_certificate(&certificate, client_ip)
                        .await?
                }
            },
        };
        caller.client_ip = crate::client::of_parts(parts, &state.trusted_proxies);
        tracing::Span::current().record("participant", caller.id.as_str());
        let route = parts
            .extensions
            .get::<axum::extract::MatchedPath>()
            .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
        if let Err(refused) = permitted(&caller, &parts.method, &route) {
            let action = format!("{} {route}", parts.method);
            let outcome = format!("refused:{}", refused.code);
            state
                .db
                .audit_alone(&caller.audit(&action, &route, &outcome))
                .await?;
            return Err(refused.into());
        }
        Ok(Authenticated(caller))
    }
}

/// The caller of the web's session cookie (issue 8): a live EDS session only, and for every
/// request that may change something, the session's CSRF token in `X-CSRF-Token` (forms send
/// theirs in a field, checked by the page that reads the form).
async fn by_cookie(
    parts: &Parts,
    state: &AppState,
    token: &str,
) -> Result<Option<Caller>, ApiError> {
    let Some(caller) = state.registry.caller_by_session(token).await? else {
        return Ok(None);
    };
    if !parts.method.is_safe() {
        let presented = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        require_csrf(token, presented)?;
    }
    Ok(Some(caller))
}

/// A request whose credentials (an API token, a session) are not valid: audited (R23: who
/// tried what, from where; the token itself is never written) and refused with 401. A request
/// with no credentials at all is refused without a row.
async fn refused(parts: &Parts, state: &AppState, detail: &'static str) -> ApiError {
    let route = parts
        .extensions
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let entry = tanba_store::AuditEntry {
        iin: None,
        bin: None,
        role: None,
        client_ip: crate::client::of_parts(parts, &state.trusted_proxies),
        action: format!("{} {route}", parts.method),
        object: Some(route),
        outcome: format!("refused:UNAUTHENTICATED:{detail}"),
    };
    if let Err(err) = state.db.audit_alone(&entry).await {
        return err.into();
    }
    unauthorized(detail)
}

/// The header a page's script sends its session's CSRF token in.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// `presented` is the CSRF token of session `token`, or the request is refused: 403.
pub(crate) fn require_csrf(token: &str, presented: &str) -> Result<(), ApiError> {
    if tanba_registry::csrf_matches(token, presented) {
        return Ok(());
    }
    let detail = if presented.is_empty() {
        "auth-csrf-missing"
    } else {
        "auth-csrf-invalid"
    };
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        "CSRF_TOKEN",
        Msg::new("problem-forbidden-title"),
        Msg::new(detail),
    ))
}

/// The leaf certificate the client presented over mTLS, if it did.
fn client_certificate(parts: &Parts) -> Option<Vec<u8>> {
    parts
        .extensions
        .get::<std::sync::Arc<axum_server::tls::TlsInfo>>()
        .and_then(|info| info.peer_certificates.first().cloned())
}

/// Whether the permission matrix lets `caller` call `method route`, and, for a change, whether
/// its certificate lets it act. The web's pages ask it for the API operation they stand for.
pub(crate) fn permitted(
    caller: &Caller,
    method: &http::Method,
    route: &str,
) -> Result<(), RegistryError> {
    let admitted = crate::permissions::allowed(method.as_str(), route)
        .is_some_and(|allowed| allowed.admits(&caller.roles));
    if !admitted {
        return Err(RegistryError::forbidden(
            "ROLE_NOT_ALLOWED",
            Msg::new("caller-role-not-allowed")
                .with("method", method.as_str())
                .with("route", route),
        ));
    }
    if method.is_safe() {
        Ok(())
    } else {
        caller.require_may_act()
    }
}
