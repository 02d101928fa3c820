//! Participants (R9) and the API tokens that identify them.

use tokio_postgres::Row;
use uuid::Uuid;

use super::MAX_PAGE;
use crate::error::pg;
use crate::{Database, StoreError};

/// A participant as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantRow {
    /// BIN or IIN.
    pub id: String,
    /// `bin` or `iin`.
    pub kind: String,
    /// `{"kk": ..., "ru": ...}`.
    pub names: serde_json::Value,
    /// Role names.
    pub roles: Vec<String>,
    /// Product group ids it works in.
    pub product_groups: Vec<String>,
    /// `active` or `suspended`.
    pub status: String,
    /// The KATO code (9 digits) of its region, when known (R15: exports group by it).
    pub kato: Option<String>,
}

const SELECT: &str =
    "select p.id, p.kind, p.names, p.roles, p.product_groups, p.status, p.kato from participants p";

fn read(r: &Row) -> ParticipantRow {
    ParticipantRow {
        id: r.get(0),
        kind: r.get(1),
        names: r.get(2),
        roles: r.get(3),
        product_groups: r.get(4),
        status: r.get(5),
        kato: r.get(6),
    }
}

/// Creates or updates a participant from a state register in the caller's transaction (issue
/// 7, R1): a new one gets `p`'s roles; an existing one keeps its roles and groups and takes the
/// register's names and status.
pub async fn upsert_register_participant(
    tx: &impl tokio_postgres::GenericClient,
    p: &ParticipantRow,
    audit: &crate::AuditEntry,
) -> Result<(), StoreError> {
    tx.execute(
        "insert into participants (id, kind, names, roles, product_groups, status, kato)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do update
         set names = excluded.names, status = excluded.status,
             kato = coalesce(excluded.kato, participants.kato), updated_at = now()",
        &[
            &p.id,
            &p.kind,
            &p.names,
            &p.roles,
            &p.product_groups,
            &p.status,
            &p.kato,
        ],
    )
    .await
    .map_err(pg("upserting a participant from a register"))?;
    crate::audit(tx, audit).await
}

impl Database {
    /// Registers a participant; `false` if one with that id exists (nothing changes then).
    pub async fn insert_participant(
        &self,
        p: &ParticipantRow,
        audit: &crate::AuditEntry,
    ) -> Result<bool, StoreError> {
        let inserted = self
            .execute_audited(
                "insert into participants (id, kind, names, roles, product_groups, status, kato)
                 values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing",
                &[
                    &p.id,
                    &p.kind,
                    &p.names,
                    &p.roles,
                    &p.product_groups,
                    &p.status,
                    &p.kato,
                ],
                "registering a participant",
                audit,
            )
            .await?;
        Ok(inserted == 1)
    }

    /// Replaces a participant's names, roles, groups and status; `false` if it does not exist.
    pub async fn update_participant(
        &self,
        p: &ParticipantRow,
        audit: &crate::AuditEntry,
    ) -> Result<bool, StoreError> {
        let updated = self
            .execute_audited(
                "update participants set names = $2, roles = $3, product_groups = $4,
                     status = $5, kato = $6, updated_at = now()
                 where id = $1",
                &[
                    &p.id,
                    &p.names,
                    &p.roles,
                    &p.product_groups,
                    &p.status,
                    &p.kato,
                ],
                "updating a participant",
                audit,
            )
            .await?;
        Ok(updated == 1)
    }

    /// One participant.
    pub async fn participant(&self, id: &str) -> Result<Option<ParticipantRow>, StoreError> {
        let row = self
            .query_opt_cached(
                &format!("{SELECT} where p.id = $1"),
                &[&id],
                "reading a participant",
            )
            .await?;
        Ok(row.as_ref().map(read))
    }

    /// A page of participants after `cursor` (an id), by id; with `group`, only those working
    /// in it.
    pub async fn participants(
        &self,
        group: Option<&str>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Vec<ParticipantRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "{SELECT} where ($1::text is null or $1 = any(p.product_groups))
                       and ($2::text is null or p.id > $2)
                     order by p.id limit $3"
                ),
                &[&group, &cursor, &limit.clamp(1, MAX_PAGE)],
            )
            .await
            .map_err(pg("listing participants"))?;
        Ok(rows.iter().map(read).collect())
    }

    /// Stores a new API token's hash for `participant`.
    pub async fn insert_api_token(
        &self,
        participant: &str,
        token_sha256: &[u8],
        label: &str,
        audit: &crate::AuditEntry,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        self.execute_audited(
            "insert into api_tokens (id, participant, token_sha256, label)
             values ($1, $2, $3, $4)",
            &[&id, &participant, &token_sha256, &label],
            "storing an API token",
            audit,
        )
        .await?;
        Ok(id)
    }

    /// The participant a live (not revoked) token belongs to.
    pub async fn token_participant(
        &self,
        token_sha256: &[u8],
    ) -> Result<Option<ParticipantRow>, StoreError> {
        let row = self
            .query_opt_cached(
                &format!(
                    "{SELECT} join api_tokens t on t.participant = p.id
                     where t.token_sha256 = $1 and t.revoked_at is null"
                ),
                &[&token_sha256],
                "checking an API token",
            )
            .await?;
        Ok(row.as_ref().map(read))
    }
}
