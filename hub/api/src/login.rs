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
use tanba_registry::{Challenge, LoginProof, RegistryError, Session};

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
    /// The challenge's id.
    challenge_id: String,
    /// A CMS SignedData over the challenge text, base64 (NCALayer `createCMSSignatureFromBase64`).
    #[serde(default)]
    signature: Option<String>,
    /// An XML document whose element text is the challenge, signed with an enveloped XMLDSig
    /// signature (NCALayer `signXml`). Send this or `signature`, not both.
    #[serde(default)]
    signed_xml: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "A session token bound to the signer's IIN and BIN.", body = Session),
        (status = 403, description = "The signature, certificate, chain, revocation, challenge or participant did not pass; the problem says which."),
        (status = 422, description = "Neither or both of `signature` and `signed_xml`, or a signature that is not base64."),
    )
)]
pub(crate) async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    let client_ip = crate::client::client_ip(&headers, Some(peer), &state.trusted_proxies);
    let cms;
    let proof = match (&request.signature, &request.signed_xml) {
        (Some(b64), None) => {
            cms = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| {
                    RegistryError::invalid(
                        "/signature",
                        "SIGNATURE_ENCODING",
                        Msg::new("document-signature-encoding"),
                    )
                })?;
            LoginProof::Cms(&cms)
        }
        (None, Some(xml)) => LoginProof::Xml(xml.as_bytes()),
        _ => {
            return Err(RegistryError::invalid(
                "/signature",
                "LOGIN_PROOF_ONE",
                Msg::new("login-proof-one"),
            )
            .into());
        }
    };
    Ok(Json(
        state
            .registry
            .login(&request.challenge_id, proof, client_ip)
            .await?,
    ))
}
