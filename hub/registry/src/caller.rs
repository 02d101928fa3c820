//! Who is calling (R9, R23): the participant an API token (and later an EDS session or an mTLS
//! certificate) identifies, with its roles, groups and status. Handlers receive a [`Caller`]
//! and never look at how it was authenticated.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use tanba_domain::{Msg, ParticipantStatus, Role};
use tanba_store::AuditEntry;
use tanba_store::registry::ParticipantRow;

use crate::{Registry, RegistryError};

/// Prefix of every API token, so a leaked one is recognisable in a scan of logs or code.
const TOKEN_PREFIX: &str = "tanba_";

/// An authenticated participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// BIN or IIN.
    pub id: String,
    /// Its roles.
    pub roles: Vec<Role>,
    /// Product groups it works in (or regulates).
    pub product_groups: Vec<String>,
    /// Whether it may change anything.
    pub status: ParticipantStatus,
    /// The person acting, when an EDS session says who (IIN).
    pub iin: Option<String>,
    /// The client's address, as the API saw it.
    pub client_ip: Option<String>,
    /// Whether the caller may only read: an EDS session of an organisation's employee whose
    /// certificate gives no right to sign (issue 6, [`tanba_pki::may_act`]).
    pub read_only: bool,
}

impl Caller {
    /// From a stored participant. Unknown role or status names (written by a newer hub) are
    /// dropped or read as suspended, so they never grant a right.
    pub fn from_row(row: &ParticipantRow) -> Caller {
        Caller {
            id: row.id.clone(),
            roles: row.roles.iter().filter_map(|r| r.parse().ok()).collect(),
            product_groups: row.product_groups.clone(),
            status: row.status.parse().unwrap_or(ParticipantStatus::Suspended),
            iin: None,
            client_ip: None,
            read_only: false,
        }
    }

    /// The audit record of `action` on `object` by this caller, ending in `outcome` (R23).
    pub fn audit(&self, action: &str, object: impl ToString, outcome: &str) -> AuditEntry {
        AuditEntry {
            iin: self.iin.clone(),
            bin: Some(self.id.clone()),
            role: Some(
                self.roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            client_ip: self.client_ip.clone(),
            action: action.to_owned(),
            object: Some(object.to_string()),
            outcome: outcome.to_owned(),
        }
    }

    /// The hub's own console (`tanba registry import`, ...): the operator's rights, acting for
    /// nobody. Exists only in the process of whoever runs the `tanba` command on the hub's
    /// database; no request can become it.
    pub fn console() -> Caller {
        Caller {
            id: "console".to_owned(),
            roles: vec![Role::Operator],
            product_groups: Vec::new(),
            status: ParticipantStatus::Active,
            iin: None,
            client_ip: None,
            read_only: false,
        }
    }

    /// Whether it has `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether it runs the hub.
    pub fn is_operator(&self) -> bool {
        self.has(Role::Operator)
    }

    /// Whether it regulates any of `groups`.
    pub fn regulates_any(&self, groups: &[String]) -> bool {
        self.has(Role::Regulator) && groups.iter().any(|g| self.product_groups.contains(g))
    }

    /// Refuses anyone but the operator and the regulators of every one of `groups` (R17: a
    /// regulator governs its own product groups' rule sets only).
    pub fn require_regulator_of(&self, groups: &[String]) -> Result<(), RegistryError> {
        if self.is_operator()
            || (self.has(Role::Regulator) && groups.iter().all(|g| self.product_groups.contains(g)))
        {
            return Ok(());
        }
        Err(RegistryError::forbidden(
            "NOT_REGULATOR_OF_GROUP",
            Msg::new("caller-not-regulator").with("groups", groups.join(", ")),
        ))
    }

    /// Refuses changes by a read-only caller ([`Caller::read_only`]).
    pub fn require_may_act(&self) -> Result<(), RegistryError> {
        if self.read_only {
            return Err(RegistryError::forbidden(
                "CERTIFICATE_MAY_NOT_ACT",
                Msg::new("caller-read-only").with("id", &self.id),
            ));
        }
        Ok(())
    }

    /// Refuses a suspended participant's changes.
    pub fn require_active(&self) -> Result<(), RegistryError> {
        match self.status {
            ParticipantStatus::Active => Ok(()),
            ParticipantStatus::Suspended => Err(RegistryError::forbidden(
                "PARTICIPANT_SUSPENDED",
                Msg::new("caller-suspended").with("id", &self.id),
            )),
        }
    }

    /// Refuses anyone but the operator.
    pub fn require_operator(&self) -> Result<(), RegistryError> {
        if self.is_operator() {
            Ok(())
        } else {
            Err(RegistryError::forbidden(
                "OPERATOR_ONLY",
                Msg::new("caller-not-operator"),
            ))
        }
    }
}

/// A new random API token and the SHA-256 the database keeps of it.
pub fn new_token() -> (String, [u8; 32]) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    let token = format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = token_hash(&token);
    (token, hash)
}

fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Registry {
    /// Issues an API token for `participant` (shown once; only its hash is kept).
    pub async fn issue_token(
        &self,
        participant: &str,
        label: &str,
    ) -> Result<String, RegistryError> {
        if self.db.participant(participant).await?.is_none() {
            return Err(RegistryError::not_found(
                "PARTICIPANT_NOT_FOUND",
                Msg::new("participant-not-found").with("id", participant),
            ));
        }
        let (token, hash) = new_token();
        let audit = Caller::console().audit("token.issue", participant, "ok");
        self.db
            .insert_api_token(participant, &hash, label, &audit)
            .await?;
        Ok(token)
    }

    /// The caller a client certificate presented over mTLS identifies (issue 6: system
    /// integrations): trusted and not revoked now (CRLs, then the OCSP responder where
    /// `[pki] ocsp_url` is set: rustls' handshake cannot wait for it, so it is asked here, per
    /// request, its answers cached until their nextUpdate), naming an active registered
    /// participant by its BIN (or IIN). A certificate whose role gives no right to act makes a
    /// read-only caller, as for EDS sessions. A refusal is audited (R23) like a refused login:
    /// action `mtls`, object `certificate:<SHA-256 hex>`, outcome `refused:<CODE>`,
    /// `client_ip`.
    pub async fn caller_by_certificate(
        &self,
        der: &[u8],
        client_ip: Option<String>,
    ) -> Result<Caller, RegistryError> {
        let attempt = self.certificate_caller(der).await;
        if let Err(e) = &attempt
            && matches!(e.kind, crate::Kind::Forbidden)
        {
            let entry = AuditEntry {
                client_ip,
                action: "mtls".to_owned(),
                object: Some(format!("certificate:{:x}", Sha256::digest(der))),
                outcome: format!("refused:{}", e.code),
                ..Default::default()
            };
            self.db.audit_alone(&entry).await?;
        }
        attempt
    }

    async fn certificate_caller(&self, der: &[u8]) -> Result<Caller, RegistryError> {
        let refused = |e: tanba_pki::PkiError| RegistryError::forbidden(e.code(), e.msg());
        let pki = self.pki.as_ref().ok_or_else(|| {
            RegistryError::forbidden("LOGIN_NOT_CONFIGURED", Msg::new("login-not-configured"))
        })?;
        let pki = pki.current();
        let cert = tanba_pki::Certificate::from_der(der).map_err(refused)?;
        pki.trust_signer(&cert, time::OffsetDateTime::now_utc())
            .map_err(refused)?;
        self.ocsp_status(&pki, &cert).await.map_err(refused)?;
        let id = cert
            .participant(self.ids)
            .map_err(refused)?
            .ok_or_else(|| {
                RegistryError::forbidden(
                    "CERTIFICATE_NO_IDENTITY",
                    Msg::new("login-no-identity").with("subject", cert.subject().to_string()),
                )
            })?;
        let row = self
            .db
            .participant(&id)
            .await?
            .filter(|p| p.status == "active")
            .ok_or_else(|| {
                RegistryError::forbidden(
                    "PARTICIPANT_NOT_REGISTERED",
                    Msg::new("login-not-registered").with("id", &id),
                )
            })?;
        Ok(Caller {
            iin: cert.iin(self.ids).map_err(refused)?.map(|i| i.to_string()),
            read_only: !tanba_pki::may_act(&cert.roles()),
            ..Caller::from_row(&row)
        })
    }

    /// The caller an `Authorization: Bearer` token identifies (an API token or an EDS
    /// session's token); `None` for an unknown, revoked or expired one (the API answers 401
    /// without saying which).
    pub async fn caller_by_token(&self, token: &str) -> Result<Option<Caller>, RegistryError> {
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 128 {
            return Ok(None);
        }
        let hash = token_hash(token);
        if let Some(row) = self.db.token_participant(&hash).await? {
            return Ok(Some(Caller::from_row(&row)));
        }
        self.caller_by_session(token).await
    }

    /// The caller of a live EDS session's token only: what the web's session cookie may carry
    /// (an API token never becomes a cookie); `None` for an unknown, ended or expired one.
    pub async fn caller_by_session(&self, token: &str) -> Result<Option<Caller>, RegistryError> {
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 128 {
            return Ok(None);
        }
        let hash = token_hash(token);
        Ok(self.db.session_participant(&hash).await?.map(|session| {
            let roles: Vec<tanba_pki::Role> = session
                .certificate_roles
                .iter()
                .filter_map(|r| tanba_pki::Role::from_name(r))
                .collect();
            Caller {
                iin: session.iin,
                read_only: !tanba_pki::may_act(&roles),
                ..Caller::from_row(&session.participant)
            }
        }))
    }
}

impl Registry {
    /// Ends the EDS session of `token` on the server (the web's logout), audited as `caller`;
    /// `false` when it had already ended or expired.
    pub async fn logout(&self, caller: &Caller, token: &str) -> Result<bool, RegistryError> {
        let audit = caller.audit("logout", &caller.id, "ok");
        Ok(self.db.end_session(&token_hash(token), &audit).await?)
    }
}

/// The CSRF token of the web session whose token is `session_token` (issue 8): a synchronizer
/// token bound to that session, derived from its secret rather than stored, so it lives and
/// dies with the session. Only a page of the hub (which reads the HttpOnly cookie on the
/// server) can know it; a forged cross-site request cannot.
pub fn csrf_token(session_token: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"tanba-csrf\0");
    hasher.update(session_token.as_bytes());
    URL_SAFE_NO_PAD.encode(hasher.finalize())
}

/// Whether `presented` is the CSRF token of `session_token` (compared in constant time).
pub fn csrf_matches(session_token: &str, presented: &str) -> bool {
    let expected = csrf_token(session_token);
    expected.len() == presented.len()
        && expected
            .bytes()
            .zip(presented.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}
