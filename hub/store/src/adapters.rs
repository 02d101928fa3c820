//! Adapters' outbox and jobs (migration 0010; issue 7, G1): the messages the hub delivers for
//! adapters, claimed by one delivery worker at a time (`for update skip locked`), and each
//! job's schedule slot and last run, claimed under `pg_try_advisory_xact_lock` so a slot starts
//! once across hub nodes. Every function takes the caller's transaction where what it writes
//! must commit with something else (a step's commands, the next message).

use tokio_postgres::{GenericClient, Row};
use uuid::Uuid;

use crate::error::pg;
use crate::{Database, StoreError};

/// A message to deliver, as an adapter's step asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxMessage {
    /// Its id.
    pub id: Uuid,
    /// The adapter's id.
    pub adapter: String,
    /// A declared outbound endpoint.
    pub endpoint: String,
    /// Appended to the endpoint's URL (checked relative).
    pub path: String,
    /// `get` or `post`.
    pub method: String,
    /// Unique per adapter: a second message with the same key is not stored.
    pub idempotency_key: String,
    /// The bytes to send.
    pub body: Vec<u8>,
    /// Its content type.
    pub content_type: String,
    /// Further headers.
    pub headers: Vec<(String, String)>,
    /// Whether the hub signs it (WS-Security) before sending.
    pub sign: bool,
    /// The job whose exchange this message is a step of, if any.
    pub job: Option<String>,
    /// The adapter's opaque state for `on-reply`, with `job`.
    pub exchange_state: Option<Vec<u8>>,
}

/// A message as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    /// What was asked.
    pub message: NewOutboxMessage,
    /// `pending`, `delivered` or `dead`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// The last failure, for the operator.
    pub last_error: Option<String>,
    /// When it was written, RFC 3339 UTC.
    pub created_at: String,
    /// When it was delivered.
    pub delivered_at: Option<String>,
}

const OUTBOX: &str = "select id, adapter, endpoint, path, method, idempotency_key, body,
        content_type, headers, sign, job, exchange_state, status, attempts, last_error,
        to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
        to_char(delivered_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')
     from adapter_outbox";

fn read_outbox(r: &Row) -> OutboxRow {
    let headers: serde_json::Value = r.get(8);
    OutboxRow {
        message: NewOutboxMessage {
            id: r.get(0),
            adapter: r.get(1),
            endpoint: r.get(2),
            path: r.get(3),
            method: r.get(4),
            idempotency_key: r.get(5),
            body: r.get(6),
            content_type: r.get(7),
            headers: serde_json::from_value(headers).unwrap_or_default(),
            sign: r.get(9),
            job: r.get(10),
            exchange_state: r.get(11),
        },
        status: r.get(12),
        attempts: r.get(13),
        last_error: r.get(14),
        created_at: r.get(15),
        delivered_at: r.get(16),
    }
}

/// Writes a message in the caller's transaction; `false` when the adapter already has one
/// with that idempotency key (nothing is written then).
pub async fn insert_outbox(
    tx: &impl GenericClient,
    m: &NewOutboxMessage,
) -> Result<bool, StoreError> {
    let headers = serde_json::to_value(&m.headers).unwrap_or_default();
    let inserted = tx
        .execute(
            "insert into adapter_outbox (id, adapter, endpoint, path, method, idempotency_key,
                 body, content_type, headers, sign, job, exchange_state)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             on conflict (adapter, idempotency_key) do nothing",
            &[
                &m.id,
                &m.adapter,
                &m.endpoint,
                &m.path,
                &m.method,
                &m.idempotency_key,
                &m.body,
                &m.content_type,
                &headers,
                &m.sign,
                &m.job,
                &m.exchange_state,
            ],
        )
        .await
        .map_err(pg("writing an outbox message"))?;
    Ok(inserted == 1)
}

/// Claims the oldest due pending message in `tx` (the claim ends with the transaction); none
/// when there is none or other workers hold them all.
pub async fn claim_due_outbox(tx: &impl GenericClient) -> Result<Option<OutboxRow>, StoreError> {
    let row = tx
        .query_opt(
            &format!(
                "{OUTBOX} where id = (select id from adapter_outbox
                     where status = 'pending' and next_attempt_at <= now()
                     order by next_attempt_at limit 1 for update skip locked)"
            ),
            &[],
        )
        .await
        .map_err(pg("claiming an outbox message"))?;
    Ok(row.as_ref().map(read_outbox))
}

/// Marks a claimed message delivered.
pub async fn outbox_delivered(tx: &impl GenericClient, id: Uuid) -> Result<(), StoreError> {
    tx.execute(
        "update adapter_outbox set status = 'delivered', attempts = attempts + 1,
             delivered_at = now(), last_error = null where id = $1",
        &[&id],
    )
    .await
    .map_err(pg("marking an outbox message delivered"))?;
    Ok(())
}

/// Counts a failed attempt: the message waits `delay_ms` for the next one, or is dead.
pub async fn outbox_failed(
    tx: &impl GenericClient,
    id: Uuid,
    error: &str,
    retry_in_ms: Option<i64>,
) -> Result<(), StoreError> {
    attempt_failed(tx, "adapter_outbox", id, error, retry_in_ms)
        .await
        .map_err(pg("recording a failed delivery"))
}

/// One failed attempt on a row of a retried queue (`adapter_outbox`, `adapter_events`): the
/// row waits `retry_in_ms` as `pending`, or becomes `dead` when there is none.
pub(crate) async fn attempt_failed(
    tx: &impl GenericClient,
    table: &'static str,
    id: Uuid,
    error: &str,
    retry_in_ms: Option<i64>,
) -> Result<(), tokio_postgres::Error> {
    tx.execute(
        &format!(
            "update {table} set attempts = attempts + 1, last_error = $2,
                 status = case when $3::bigint is null then 'dead' else 'pending' end,
                 next_attempt_at = now() + make_interval(secs => coalesce($3::bigint, 0) / 1000.0)
             where id = $1"
        ),
        &[&id, &error, &retry_in_ms],
    )
    .await?;
    Ok(())
}

impl Database {
    /// Messages by status, newest first (the operator's view of dead letters).
    pub async fn outbox(&self, status: &str, limit: i64) -> Result<Vec<OutboxRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!("{OUTBOX} where status = $1 order by created_at desc limit $2"),
                &[&status, &limit],
            )
            .await
            .map_err(pg("reading the outbox"))?;
        Ok(rows.iter().map(read_outbox).collect())
    }

    /// One message.
    pub async fn outbox_message(&self, id: Uuid) -> Result<Option<OutboxRow>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(&format!("{OUTBOX} where id = $1"), &[&id])
            .await
            .map_err(pg("reading an outbox message"))?;
        Ok(row.as_ref().map(read_outbox))
    }

    /// Puts a dead message back in the queue, due now, with its attempts reset (the
    /// operator's replay), with its audit row; `false` when there is no dead message with that
    /// id.
    pub async fn replay_outbox(
        &self,
        id: Uuid,
        audit: &crate::AuditEntry,
    ) -> Result<bool, StoreError> {
        let updated = self
            .execute_audited(
                "update adapter_outbox set status = 'pending', attempts = 0,
                     next_attempt_at = now() where id = $1 and status = 'dead'",
                &[&id],
                "replaying an outbox message",
                audit,
            )
            .await?;
        Ok(updated == 1)
    }
}

/// A job's schedule and last run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    /// The adapter's id.
    pub adapter: String,
    /// The job's name.
    pub job: String,
    /// When it next falls due, Unix seconds; none until scheduled.
    pub next_due_unix: Option<i64>,
    /// When the last run started, RFC 3339 UTC.
    pub run_started_at: Option<String>,
    /// When it ended.
    pub run_ended_at: Option<String>,
    /// `running`, `done` or `failed`.
    pub outcome: Option<String>,
    /// The last failure's code and reason.
    pub last_error: Option<String>,
    /// What the last finished run kept.
    pub kept: Vec<u8>,
    /// The state of the exchange in progress.
    pub exchange_state: Option<Vec<u8>>,
}

const JOBS: &str = "select adapter, job, extract(epoch from next_due_at)::bigint,
        to_char(run_started_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
        to_char(run_ended_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
        outcome, last_error, kept, exchange_state
     from adapter_jobs";

fn read_job(r: &Row) -> JobRow {
    JobRow {
        adapter: r.get(0),
        job: r.get(1),
        next_due_unix: r.get(2),
        run_started_at: r.get(3),
        run_ended_at: r.get(4),
        outcome: r.get(5),
        last_error: r.get(6),
        kept: r.get(7),
        exchange_state: r.get(8),
    }
}

/// Takes the job's advisory lock for the caller's transaction, without waiting: `false` when
/// another node holds it (it is starting this job now).
pub async fn try_lock_job(
    tx: &impl GenericClient,
    adapter: &str,
    job: &str,
) -> Result<bool, StoreError> {
    let row = tx
        .query_one(
            "select pg_try_advisory_xact_lock(hashtextextended('tanba-adapter-job/' || $1 || '/' || $2, 0))",
            &[&adapter, &job],
        )
        .await
        .map_err(pg("locking an adapter job"))?;
    Ok(row.get(0))
}

/// The job's row, locked for the caller's transaction; created (unscheduled) when missing.
pub async fn job_for_update(
    tx: &impl GenericClient,
    adapter: &str,
    job: &str,
) -> Result<JobRow, StoreError> {
    tx.execute(
        "insert into adapter_jobs (adapter, job) values ($1, $2) on conflict do nothing",
        &[&adapter, &job],
    )
    .await
    .map_err(pg("creating an adapter job"))?;
    let row = tx
        .query_one(
            &format!("{JOBS} where adapter = $1 and job = $2 for update"),
            &[&adapter, &job],
        )
        .await
        .map_err(pg("reading an adapter job"))?;
    Ok(read_job(&row))
}

/// Sets when the job next falls due.
pub async fn set_job_due(
    tx: &impl GenericClient,
    adapter: &str,
    job: &str,
    due_unix: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "update adapter_jobs set next_due_at = to_timestamp($3::bigint) where adapter = $1 and job = $2",
        &[&adapter, &job, &due_unix],
    )
    .await
    .map_err(pg("scheduling an adapter job"))?;
    Ok(())
}

/// What happened to a job's run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunUpdate {
    /// It started.
    Started,
    /// It waits for the reply to a message; the state of that step.
    Waiting(Vec<u8>),
    /// It finished; what it keeps for the next run.
    Done(Vec<u8>),
    /// It failed: code and reason.
    Failed(String),
}

/// Records a run's progress in the caller's transaction.
pub async fn update_run(
    tx: &impl GenericClient,
    adapter: &str,
    job: &str,
    update: &RunUpdate,
) -> Result<(), StoreError> {
    let (sql, value): (&str, Option<&(dyn tokio_postgres::types::ToSql + Sync)>) = match update {
        RunUpdate::Started => (
            "update adapter_jobs set run_started_at = now(), run_ended_at = null,
                 outcome = 'running', last_error = null, exchange_state = null
             where adapter = $1 and job = $2",
            None,
        ),
        RunUpdate::Waiting(state) => (
            "update adapter_jobs set exchange_state = $3 where adapter = $1 and job = $2",
            Some(state),
        ),
        RunUpdate::Done(kept) => (
            "update adapter_jobs set run_ended_at = now(), outcome = 'done', kept = $3,
                 exchange_state = null where adapter = $1 and job = $2",
            Some(kept),
        ),
        RunUpdate::Failed(error) => (
            "update adapter_jobs set run_ended_at = now(), outcome = 'failed', last_error = $3,
                 exchange_state = null where adapter = $1 and job = $2",
            Some(error),
        ),
    };
    let result = match value {
        Some(v) => tx.execute(sql, &[&adapter, &job, v]).await,
        None => tx.execute(sql, &[&adapter, &job]).await,
    };
    result.map_err(pg("recording an adapter job's run"))?;
    Ok(())
}

impl Database {
    /// Every job's schedule and last run, by adapter and job.
    pub async fn adapter_jobs(&self) -> Result<Vec<JobRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(&format!("{JOBS} order by adapter, job"), &[])
            .await
            .map_err(pg("reading adapter jobs"))?;
        Ok(rows.iter().map(read_job).collect())
    }
}
