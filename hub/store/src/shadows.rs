//! Shadow runs: which candidate runs beside each group's active rule set, and where the two
//! disagreed (migration 0003).

use crate::error::pg;
use crate::{Activation, Database, StoreError};

/// One disagreement between the active rule set and its candidate.
#[derive(Debug, Clone)]
pub struct Disagreement {
    /// The product group.
    pub product_group: String,
    /// `check-code`, `check-document` or `check-sale`.
    pub function: String,
    /// SHA-256 of the input.
    pub input_sha256: Vec<u8>,
    /// `id@version` of the active rule set.
    pub active: String,
    /// `id@version` of the candidate.
    pub candidate: String,
    /// What the active one answered (JSON).
    pub active_verdict: serde_json::Value,
    /// What the candidate answered (JSON).
    pub candidate_verdict: serde_json::Value,
    /// When, as PostgreSQL prints it.
    pub observed_at: String,
}

impl Database {
    /// Starts shadowing `group`'s active rule set with `candidate` (replacing any earlier one).
    pub async fn put_shadow(&self, candidate: &Activation, by: &str) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "insert into plugin_shadows (product_group, plugin_id, version, started_by)
                 values ($1, $2, $3, $4)
                 on conflict (product_group) do update
                 set plugin_id = excluded.plugin_id, version = excluded.version,
                     started_at = now(), started_by = excluded.started_by",
                &[
                    &candidate.product_group,
                    &candidate.plugin_id,
                    &candidate.version,
                    &by,
                ],
            )
            .await
            .map_err(pg("starting a shadow run"))?;
        Ok(())
    }

    /// Stops shadowing `group`; `false` when nothing was.
    pub async fn clear_shadow(&self, group: &str) -> Result<bool, StoreError> {
        let deleted = self
            .client()
            .await?
            .execute(
                "delete from plugin_shadows where product_group = $1",
                &[&group],
            )
            .await
            .map_err(pg("stopping a shadow run"))?;
        Ok(deleted == 1)
    }

    /// Every group's candidate.
    pub async fn shadows(&self) -> Result<Vec<Activation>, StoreError> {
        self.assignments(
            "select product_group, plugin_id, version from plugin_shadows order by product_group",
            "reading shadow runs",
        )
        .await
    }

    /// Keeps one disagreement.
    pub async fn record_disagreement(&self, d: &Disagreement) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "insert into plugin_shadow_disagreements (product_group, function, input_sha256,
                     active, candidate, active_verdict, candidate_verdict)
                 values ($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &d.product_group,
                    &d.function,
                    &d.input_sha256,
                    &d.active,
                    &d.candidate,
                    &d.active_verdict,
                    &d.candidate_verdict,
                ],
            )
            .await
            .map_err(pg("recording a shadow disagreement"))?;
        Ok(())
    }

    /// The newest `limit` disagreements of `group`.
    pub async fn disagreements(
        &self,
        group: &str,
        limit: i64,
    ) -> Result<Vec<Disagreement>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select product_group, function, input_sha256, active, candidate,
                        active_verdict, candidate_verdict, observed_at::text
                 from plugin_shadow_disagreements where product_group = $1
                 order by observed_at desc, id desc limit $2",
                &[&group, &limit],
            )
            .await
            .map_err(pg("reading shadow disagreements"))?;
        Ok(rows
            .iter()
            .map(|r| Disagreement {
                product_group: r.get(0),
                function: r.get(1),
                input_sha256: r.get(2),
                active: r.get(3),
                candidate: r.get(4),
                active_verdict: r.get(5),
                candidate_verdict: r.get(6),
                observed_at: r.get(7),
            })
            .collect())
    }
}
