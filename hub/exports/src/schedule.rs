//! The scheduled export (R15, incremental): when `[exports] cron` falls due (Asia/Almaty), one
//! node exports the days since the last scheduled export up to yesterday. It reuses the
//! adapters' scheduler as it is: `tanba_adapters::next_due` reads the cron in Asia/Almaty, and
//! the slot is claimed like an adapter job's (`pg_try_advisory_xact_lock`, then `next_due_at`
//! moved in the same transaction), in the job table under the name `@hub`/`exports` (no adapter
//! can be called `@hub`), so the operator sees it among the jobs.

use chrono::{DateTime, Utc};
use serde_json::Value;
use tanba_registry::RegistryError;
use tanba_store::{AuditEntry, adapters, exports as store};

use crate::period::{Period, almaty_day};
use crate::{Exports, tx_error};

/// The job slot's names in the shared job table.
const OWNER: &str = "@hub";
const JOB: &str = "exports";

/// How often a node looks whether the slot is due.
const TICK: std::time::Duration = std::time::Duration::from_secs(30);

impl Exports {
    /// Runs the scheduled export if its slot is due at `now` and no other node is running it;
    /// its manifest, or `None`. The first look only schedules the first slot.
    pub async fn run_due(&self, now: DateTime<Utc>) -> Result<Option<Value>, RegistryError> {
        let Some(cron) = &self.cron else {
            return Ok(None);
        };
        let mut client = self.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        if !adapters::try_lock_job(&*tx, OWNER, JOB).await? {
            return Ok(None);
        }
        let row = adapters::job_for_update(&*tx, OWNER, JOB).await?;
        let due = row.next_due_unix.is_some_and(|due| due <= now.timestamp());
        let made = if due {
            scheduled_in(&*tx, now).await?
        } else {
            None
        };
        if (due || row.next_due_unix.is_none())
            && let Some(next) = tanba_adapters::next_due(cron, now)
        {
            adapters::set_job_due(&*tx, OWNER, JOB, next).await?;
        }
        tx.commit().await.map_err(tx_error)?;
        Ok(made)
    }

    /// The incremental export at `now`, whatever the schedule: the days from where the last
    /// scheduled export ended (or the first day of the history) up to yesterday in Almaty;
    /// `None` when there is no whole day to export yet. Serialised across nodes by the same
    /// lock as the schedule.
    pub async fn export_since_last(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<Value>, RegistryError> {
        let mut client = self.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        if !adapters::try_lock_job(&*tx, OWNER, JOB).await? {
            return Ok(None);
        }
        let made = scheduled_in(&*tx, now).await?;
        tx.commit().await.map_err(tx_error)?;
        Ok(made)
    }

    /// Looks for a due slot every 30 seconds until aborted.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(err) = self.run_due(Utc::now()).await {
                    tracing::warn!(code = err.code, "scheduled export failed");
                }
                tokio::time::sleep(TICK).await;
            }
        })
    }
}

/// The period the next scheduled export covers at `now`, and the export itself.
async fn scheduled_in(
    tx: &impl tokio_postgres::GenericClient,
    now: DateTime<Utc>,
) -> Result<Option<Value>, RegistryError> {
    let today = almaty_day(now);
    let from = match store::last_scheduled_end(tx).await? {
        Some(end) => end.parse().ok(),
        None => store::first_history_unix(tx)
            .await?
            .and_then(|at| DateTime::from_timestamp(at, 0))
            .map(almaty_day),
    };
    let from = from.unwrap_or_else(|| today.pred_opt().unwrap_or(today));
    if from >= today {
        return Ok(None);
    }
    let period = Period { from, to: today };
    let audit = AuditEntry {
        role: Some("hub".into()),
        action: "export.create".into(),
        outcome: "ok".into(),
        ..Default::default()
    };
    crate::export_in(tx, &period, "scheduled", audit)
        .await
        .map(Some)
}
