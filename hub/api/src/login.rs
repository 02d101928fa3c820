//! `/api/v1/auth/challenge` and `/api/v1/auth/login` (issue 6; R16, R23): sign the challenge's
//! text with your EDS (CMS, base64) and get a session token that works wherever an API token
//! does. No credentials are needed to call these two.

use axum::Json;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use base64::Engine as _;
use http::{HeaderMap, StatusCode};
use serde::Deserialize;
use tanba_domain::Msg;
use tanba_registry::{Challenge, RegistryError, Session};

use crate::body::JsonBody;
use crate::{ApiError, AppState};

#[utoipa::path(
    post, path = "/api/v1/auth/challenge", tag = "auth",
    responses((status = 201, description = "A one-time challenge to sign.", body = Challenge))
)]
pub(crate) async fn challenge(
    State(state): State<AppState>,
) -> Result<(StatusCode, Json<Challenge>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.registry.challenge().await?)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoginRequest {
    challenge_id: String,
    /// CMS SignedData over the challenge text, base64.
    signature: String,
}

#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "A session token bound to the signer's IIN and BIN.", body = Session),
        (status = 401, description = "The signature, certificate, chain, revocation or challenge did not pass; the problem says which."),
        (status = 422, description = "The signature is not base64."),
    )
)]
pub(crate) async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    let client_ip = crate::client::client_ip(&headers, Some(peer), &state.trusted_proxies);
    let signature = base64::engine::general_purpose::STANDARD
        .decode(request.signature.trim())
        .map_err(|_| {
            RegistryError::invalid(
                "/signature",
                "SIGNATURE_ENCODING",
                Msg::new("document-signature-encoding"),
            )
        })?;
    Ok(Json(
        state
            .registry
            .login(&request.challenge_id, &signature, client_ip)
            .await?,
    ))
}
