//! Who is calling (R23): the extractor every registry handler takes. Today an API token
//! (`Authorization: Bearer tanba_...`, made with `tanba participant token`) identifies the
//! participant; EDS sessions and mTLS certificates (issue 6) will be further ways to the same
//! [`Caller`], added here without touching a handler.

use axum::extract::FromRequestParts;
use http::StatusCode;
use http::request::Parts;
use tanba_domain::Msg;
use tanba_registry::Caller;

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
        let header = parts
            .headers
            .get(http::header::AUTHORIZATION)
            .ok_or_else(|| unauthorized("auth-missing"))?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| unauthorized("auth-scheme"))?;
        let mut caller = state
            .registry
            .caller_by_token(token)
            .await?
            .ok_or_else(|| unauthorized("auth-invalid"))?;
        caller.client_ip = crate::client::of_parts(parts, &state.trusted_proxies);
        tracing::Span::current().record("participant", caller.id.as_str());
        Ok(Authenticated(caller))
    }
}
