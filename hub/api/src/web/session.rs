//! The signed-in web session (issue 8; R16, R23): the EDS session token from the API's login
//! lives in an HttpOnly, SameSite=Strict cookie (Secure under TLS), and every change a page
//! asks for carries the session's CSRF token ([`tanba_registry::csrf_token`]), in a form field
//! or, from a script, in `X-CSRF-Token`. Which pages a participant may open is the permission
//! matrix's answer for the API operation each page stands for: no second set of rules.

use axum::response::{IntoResponse, Redirect, Response};
use http::{HeaderMap, HeaderValue, Method, header};
use minijinja::context;
use tanba_registry::Caller;

use super::Web;

/// The cookie that carries the session's token.
pub(crate) const SESSION_COOKIE: &str = "tanba_session";

/// The session token a request's cookie carries, if any.
pub(crate) fn session_token(headers: &HeaderMap) -> Option<String> {
    super::cookie(headers, SESSION_COOKIE).filter(|t| !t.is_empty())
}

/// A signed-in participant on a page: who, the session's token and its CSRF token.
pub(crate) struct SignedIn {
    pub(crate) caller: Caller,
    pub(crate) token: String,
    pub(crate) csrf: String,
}

impl SignedIn {
    /// What every signed-in page's template is given.
    pub(crate) fn context(&self) -> minijinja::Value {
        context! {
            me => self.caller.id,
            csrf => self.csrf,
            roles => self.caller.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        }
    }

    /// The refusal of a form without this session's CSRF token (403, in the page's language);
    /// `None` when the token is the session's.
    pub(crate) fn csrf_refused(
        &self,
        web: &Web,
        headers: &HeaderMap,
        presented: &str,
    ) -> Option<Response> {
        crate::auth::require_csrf(&self.token, presented)
            .err()
            .map(|e| web.failure(web.lang(headers), "/cabinet", &e))
    }
}

impl Web {
    /// The signed-in participant of a page that stands for API operation `method route`; else
    /// the sign-in page (no or a dead session) or a refusal (the matrix does not allow it).
    pub(crate) async fn signed_in(
        &self,
        (headers, peer): (&HeaderMap, std::net::SocketAddr),
        method: Method,
        route: &str,
    ) -> Result<SignedIn, Response> {
        let lang = self.lang(headers);
        let to_login = || Redirect::to("/login").into_response();
        let token = session_token(headers).ok_or_else(to_login)?;
        let mut caller = match self.app.registry.caller_by_session(&token).await {
            Ok(Some(caller)) => caller,
            Ok(None) => return Err(clear(to_login(), self.app.web.secure_cookies)),
            Err(e) => return Err(self.failure(lang, "/", &e.into())),
        };
        caller.client_ip = crate::client::client_ip(headers, Some(peer), &self.app.trusted_proxies);
        if let Err(refused) = crate::auth::permitted(&caller, &method, route) {
            return Err(self.failure(lang, "/cabinet", &refused.into()));
        }
        let csrf = tanba_registry::csrf_token(&token);
        Ok(SignedIn {
            caller,
            token,
            csrf,
        })
    }
}

/// `response` with the session cookie set to `token`: a browser-session cookie (the server
/// ends the session itself at its expiry or logout), or removed with `Max-Age=0`.
pub(crate) fn with_session(mut response: Response, token: &str, secure: bool) -> Response {
    let secure = if secure { "; Secure" } else { "" };
    let age = if token.is_empty() { "; Max-Age=0" } else { "" };
    let cookie =
        format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{age}{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// `response` with the session cookie removed from the browser.
pub(crate) fn clear(response: Response, secure: bool) -> Response {
    with_session(response, "", secure)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookie_of(response: &Response) -> &str {
        response.headers()[header::SET_COOKIE]
            .to_str()
            .expect("a cookie")
    }

    #[test]
    fn the_session_cookie_is_http_only_strict_and_secure_under_tls() {
        let plain = with_session(Response::default(), "tanba_x", false);
        assert_eq!(
            cookie_of(&plain),
            "tanba_session=tanba_x; Path=/; HttpOnly; SameSite=Strict"
        );
        let tls = with_session(Response::default(), "tanba_x", true);
        assert!(cookie_of(&tls).ends_with("; Secure"), "{}", cookie_of(&tls));
        let gone = clear(Response::default(), true);
        assert_eq!(
            cookie_of(&gone),
            "tanba_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
        );
    }
}
