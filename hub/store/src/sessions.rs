//! Login challenges and EDS sessions (migration 0007).

use uuid::Uuid;

use crate::error::pg;
use crate::registry::ParticipantRow;
use crate::{Database, StoreError};

/// A session to open.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// SHA-256 of its token.
    pub token_sha256: Vec<u8>,
    /// The participant it acts for.
    pub participant: String,
    /// The signer's IIN.
    pub iin: Option<String>,
    /// SHA-256 of the signer's certificate.
    pub certificate_sha256: Vec<u8>,
    /// The certificate's roles.
    pub roles: Vec<String>,
    /// How long it lasts, in seconds.
    pub lifetime_secs: i64,
}

/// Whom a live session acts for, and as whom.
#[derive(Debug, Clone)]
pub struct SessionOf {
    /// The participant.
    pub participant: ParticipantRow,
    /// The signer's IIN.
    pub iin: Option<String>,
    /// The signer certificate's roles, as login stored them.
    pub certificate_roles: Vec<String>,
}

impl Database {
    /// Stores a challenge that expires after `lifetime_secs`.
    pub async fn insert_challenge(
        &self,
        id: Uuid,
        nonce: &[u8],
        lifetime_secs: i64,
    ) -> Result<String, StoreError> {
        let row = self
            .client()
            .await?
            .query_one(
                "insert into login_challenges (id, nonce, expires_at)
                 values ($1, $2, now() + make_interval(secs => $3))
                 returning to_char(expires_at at time zone 'UTC',
                                   'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
                &[&id, &nonce, &(lifetime_secs as f64)],
            )
            .await
            .map_err(pg("storing a login challenge"))?;
        Ok(row.get(0))
    }

    /// Uses up challenge `id`: its nonce if it existed, was unused and had not expired; it can
    /// never be used again either way.
    pub async fn take_challenge(&self, id: Uuid) -> Result<Option<Vec<u8>>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "update login_challenges set used_at = now()
                 where id = $1 and used_at is null and expires_at > now()
                 returning nonce",
                &[&id],
            )
            .await
            .map_err(pg("using a login challenge"))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Opens a session and records the login in the audit log, in one transaction; returns
    /// its expiry (RFC 3339).
    pub async fn insert_session(
        &self,
        s: &NewSession,
        audit: &crate::AuditEntry,
    ) -> Result<String, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg("starting a login"))?;
        let row = tx
            .query_one(
                "insert into sessions (id, token_sha256, participant, iin, certificate_sha256,
                     roles, expires_at)
                 values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
                 returning to_char(expires_at at time zone 'UTC',
                                   'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
                &[
                    &Uuid::new_v4(),
                    &s.token_sha256,
                    &s.participant,
                    &s.iin,
                    &s.certificate_sha256,
                    &s.roles,
                    &(s.lifetime_secs as f64),
                ],
            )
            .await
            .map_err(pg("opening a session"))?;
        crate::audit(&*tx, audit).await?;
        tx.commit().await.map_err(pg("committing a login"))?;
        Ok(row.get(0))
    }

    /// The participant of a live session, and the IIN of the person who signed in.
    pub async fn session_participant(
        &self,
        token_sha256: &[u8],
    ) -> Result<Option<SessionOf>, StoreError> {
        let found: Option<(String, Option<String>, Vec<String>)> = self
            .query_opt_cached(
                "select participant, iin, roles from sessions
                 where token_sha256 = $1 and expires_at > now()",
                &[&token_sha256],
                "checking a session",
            )
            .await?
            .map(|r| (r.get(0), r.get(1), r.get(2)));
        match found {
            Some((id, iin, certificate_roles)) => {
                Ok(self.participant(&id).await?.map(|participant| SessionOf {
                    participant,
                    iin,
                    certificate_roles,
                }))
            }
            None => Ok(None),
        }
    }

    /// Ends the live session whose token hashes to `token_sha256` (logout) and records it in
    /// the audit log, in one transaction; `false` when there was none.
    pub async fn end_session(
        &self,
        token_sha256: &[u8],
        audit: &crate::AuditEntry,
    ) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("starting a logout"))?;
        let ended = tx
            .execute(
                "update sessions set expires_at = now()
                 where token_sha256 = $1 and expires_at > now()",
                &[&token_sha256],
            )
            .await
            .map_err(pg("ending a session"))?;
        if ended > 0 {
            crate::audit(&*tx, audit).await?;
        }
        tx.commit().await.map_err(pg("committing a logout"))?;
        Ok(ended > 0)
    }
}
