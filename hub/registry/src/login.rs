//! Login with an EDS (issue 6; R16, R23): the hub issues a one-time challenge, the client signs
//! its text with the national CA's key (CMS, detached or attached, as NCALayer produces), and
//! the hub verifies signature, chain and revocation, finds the participant the certificate
//! speaks for (BIN, or an entrepreneur's IIN), and opens a session bound to it and to the
//! person who signed. The session token works wherever an API token does.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use tanba_domain::Msg;
use tanba_pki::Certificate;
use tanba_store::NewSession;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::caller::new_token;
use crate::{Kind, Registry, RegistryError};

/// How long a challenge may be answered, in seconds.
const CHALLENGE_SECS: i64 = 300;
/// How long a session lasts, in seconds.
const SESSION_SECS: i64 = 8 * 3600;

/// A challenge to sign.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Challenge {
    /// Its id, to send back with the signature.
    pub id: String,
    /// The exact text to sign (UTF-8).
    pub challenge: String,
    /// When it stops being accepted.
    pub expires_at: String,
}

/// An opened session.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Session {
    /// The bearer token (shown once).
    pub token: String,
    /// The participant it acts for.
    pub participant: String,
    /// The signer's certificate subject.
    pub subject: String,
    /// The certificate's roles.
    pub roles: Vec<String>,
    /// When it ends.
    pub expires_at: String,
}

fn challenge_text(id: Uuid, nonce: &[u8]) -> String {
    format!("tanba-login:{id}:{}", URL_SAFE_NO_PAD.encode(nonce))
}

fn refused(code: &'static str, msg: Msg) -> RegistryError {
    RegistryError::new(Kind::Forbidden, code, msg)
}

/// How the caller proves it signed the challenge (R16): either form NCALayer produces.
#[derive(Debug, Clone, Copy)]
pub enum LoginProof<'a> {
    /// A CMS SignedData, detached, over the challenge text (`createCMSSignatureFromBase64`).
    Cms(&'a [u8]),
    /// An XML document whose element text is the challenge, with an enveloped XMLDSig
    /// signature (`signXml`).
    Xml(&'a [u8]),
}

impl LoginProof<'_> {
    /// The request field the proof came in, for problems.
    fn pointer(self) -> &'static str {
        match self {
            LoginProof::Cms(_) => "/signature",
            LoginProof::Xml(_) => "/signed_xml",
        }
    }

    /// The signer's certificate, once the signature over `challenge` verified and the signer's
    /// chain and revocation status passed.
    fn signer(self, pki: &tanba_pki::Pki, challenge: &str) -> Result<Certificate, RegistryError> {
        let refusal = |e: tanba_pki::PkiError| refused(e.code(), e.msg()).at(self.pointer());
        let now = OffsetDateTime::now_utc();
        match self {
            LoginProof::Cms(cms) => pki
                .verify_signed(challenge.as_bytes(), cms, now)
                .map_err(refusal)?
                .into_iter()
                .next()
                .ok_or_else(|| refusal(tanba_pki::PkiError::NoSigner)),
            LoginProof::Xml(xml) => {
                let verified = pki.verify_signed_xml(xml, now).map_err(refusal)?;
                if verified.root_text.trim() != challenge {
                    return Err(refused(
                        "CHALLENGE_MISMATCH",
                        Msg::new("login-challenge-mismatch"),
                    )
                    .at(self.pointer()));
                }
                Ok(verified.certificate)
            }
        }
    }
}

impl Registry {
    /// A new one-time challenge.
    pub async fn challenge(&self) -> Result<Challenge, RegistryError> {
        let id = Uuid::new_v4();
        let mut nonce = [0u8; 32];
        getrandom::fill(&mut nonce).expect("the operating system's random source works");
        let expires_at = self.db.insert_challenge(id, &nonce, CHALLENGE_SECS).await?;
        Ok(Challenge {
            id: id.to_string(),
            challenge: challenge_text(id, &nonce),
            expires_at,
        })
    }

    /// Verifies the `proof` that the challenge `challenge_id` was signed and opens a session;
    /// every attempt, refused or not, is in the audit log with `client_ip`.
    pub async fn login(
        &self,
        challenge_id: &str,
        proof: LoginProof<'_>,
        client_ip: Option<String>,
    ) -> Result<Session, RegistryError> {
        let attempt = self.try_login(challenge_id, proof, client_ip.clone()).await;
        if let Err(e) = &attempt
            && !matches!(e.kind, Kind::Unavailable | Kind::Internal)
        {
            let entry = tanba_store::AuditEntry {
                client_ip,
                action: "login".to_owned(),
                object: Some(challenge_id.chars().take(64).collect()),
                outcome: format!("refused:{}", e.code),
                ..Default::default()
            };
            self.db.audit_alone(&entry).await?;
        }
        attempt
    }

    async fn try_login(
        &self,
        challenge_id: &str,
        proof: LoginProof<'_>,
        client_ip: Option<String>,
    ) -> Result<Session, RegistryError> {
        let pki = self.pki.as_ref().ok_or_else(|| {
            RegistryError::new(
                Kind::Conflict,
                "LOGIN_NOT_CONFIGURED",
                Msg::new("login-not-configured"),
            )
        })?;
        let pki = pki.current();
        let unknown = || refused("CHALLENGE_UNKNOWN", Msg::new("login-challenge-unknown"));
        let id = Uuid::parse_str(challenge_id).map_err(|_| unknown().at("/challenge_id"))?;
        let nonce = self
            .db
            .take_challenge(id)
            .await?
            .ok_or_else(|| unknown().at("/challenge_id"))?;
        let text = challenge_text(id, &nonce);
        let cert = proof.signer(&pki, &text)?;
        let cert = &cert;
        let pki_refusal = |e: tanba_pki::PkiError| refused(e.code(), e.msg()).at(proof.pointer());
        self.ocsp_status(&pki, cert).await.map_err(pki_refusal)?;
        let participant = cert
            .participant(self.ids)
            .map_err(pki_refusal)?
            .ok_or_else(|| {
                refused(
                    "CERTIFICATE_NO_IDENTITY",
                    Msg::new("login-no-identity").with("subject", cert.subject().to_string()),
                )
            })?;
        let row = self.db.participant(&participant).await?;
        if row.as_ref().is_none_or(|p| p.status != "active") {
            return Err(refused(
                "PARTICIPANT_NOT_REGISTERED",
                Msg::new("login-not-registered").with("id", &participant),
            ));
        }
        let (token, hash) = new_token();
        let roles: Vec<String> = cert.roles().iter().map(|r| r.to_string()).collect();
        let session = NewSession {
            token_sha256: hash.to_vec(),
            participant: participant.clone(),
            iin: cert
                .iin(self.ids)
                .map_err(pki_refusal)?
                .map(|i| i.to_string()),
            certificate_sha256: Sha256::digest(cert.der()).to_vec(),
            roles: roles.clone(),
            lifetime_secs: SESSION_SECS,
        };
        let audit = tanba_store::AuditEntry {
            iin: session.iin.clone(),
            bin: Some(participant.clone()),
            role: Some(roles.join(",")),
            client_ip,
            action: "login".to_owned(),
            object: Some(cert.subject().to_string()),
            outcome: "ok".to_owned(),
        };
        let expires_at = self.db.insert_session(&session, &audit).await?;
        tracing::info!(participant, subject = %cert.subject(), "EDS login");
        Ok(Session {
            token,
            participant,
            subject: cert.subject().to_string(),
            roles,
            expires_at,
        })
    }
}
