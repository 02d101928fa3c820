//! The scheduler: starts each adapter job when its cron expression falls due, read in
//! Asia/Almaty as the adapter contract says, exactly once across hub nodes. A node takes the
//! job's advisory lock without waiting (`pg_try_advisory_xact_lock`; a node that does not get
//! it skips the job), then reads the job's row: the slot is due only if `next_due_at` has
//! passed, and the run is started and `next_due_at` moved to the next slot in the same
//! transaction, so a slot another node took is no longer due when the lock is free again.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Almaty;
use croner::Cron;
use tanba_store::adapters;

use crate::runner::tx_error;
use crate::{AdapterError, Adapters};

/// The first slot of `cron` strictly after `after`, in Asia/Almaty, as Unix seconds.
pub fn next_due(cron: &Cron, after: DateTime<Utc>) -> Option<i64> {
    cron.find_next_occurrence(&after.with_timezone(&Almaty), false)
        .ok()
        .map(|t| t.timestamp())
}

impl Adapters {
    /// Starts every job whose slot is due at `now` and that no other node is starting; returns
    /// the `(adapter, job)` pairs this node started. A job seen for the first time is only
    /// scheduled (its first slot after `now`).
    pub async fn run_due_jobs(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, String)>, AdapterError> {
        let mut started = Vec::new();
        for (adapter, installed) in self.loaded() {
            for (job, cron) in &installed.jobs {
                let Some(cron) = cron else { continue };
                if self.start_if_due(&adapter, job, cron, now).await? {
                    started.push((adapter.clone(), job.clone()));
                }
            }
        }
        Ok(started)
    }

    async fn start_if_due(
        &self,
        adapter: &str,
        job: &str,
        cron: &Cron,
        now: DateTime<Utc>,
    ) -> Result<bool, AdapterError> {
        let mut client = self.inner.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        if !adapters::try_lock_job(&*tx, adapter, job).await? {
            return Ok(false);
        }
        let row = adapters::job_for_update(&*tx, adapter, job).await?;
        let next = next_due(cron, now).ok_or_else(|| AdapterError::Config {
            adapter: adapter.to_owned(),
            reason: format!("job {job}: the cron expression never falls due"),
        })?;
        let due = row.next_due_unix.is_some_and(|due| due <= now.timestamp());
        // A run still waiting for a reply keeps its exchange; this slot is skipped.
        let busy = row.outcome.as_deref() == Some("running");
        let start = due && !busy;
        if start {
            let installed = self.job(adapter, job)?;
            self.start_in(&*tx, &installed, job, &row.kept).await?;
        } else if due {
            tracing::warn!(
                adapter,
                job,
                "slot skipped: the previous run is still going"
            );
        }
        if due || row.next_due_unix.is_none() {
            adapters::set_job_due(&*tx, adapter, job, next).await?;
        }
        tx.commit().await.map_err(tx_error)?;
        Ok(start)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn slots_are_read_in_almaty_time() {
        // 02:30 in Almaty (UTC+5 since March 2024) is 21:30 UTC the day before.
        let cron = Cron::from_str("30 2 * * *").expect("valid");
        let after = DateTime::parse_from_rfc3339("2026-11-25T00:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let next = next_due(&cron, after).expect("a slot");
        let expected = DateTime::parse_from_rfc3339("2026-11-25T21:30:00Z").expect("time");
        assert_eq!(next, expected.timestamp());
    }
}
