//! The operator's view of adapters (issue 7): the outbox by status (dead letters first of
//! all), replaying a dead message, and each adapter job's last run. Operator only; a replay is
//! audited. The work itself is `tanba-adapters`'; this file only reads and requeues.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use tanba_domain::Msg;
use tanba_registry::RegistryError;
use tanba_store::adapters::{JobRow, OutboxRow};

use crate::auth::Authenticated;
use crate::body::Query;
use crate::{ApiError, AppState};

/// An outbox message without its body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct OutboxView {
    id: String,
    adapter: String,
    endpoint: String,
    path: String,
    method: String,
    idempotency_key: String,
    /// The job whose exchange it belongs to, if any.
    job: Option<String>,
    /// `pending`, `delivered` or `dead`.
    status: String,
    attempts: i32,
    /// `CODE: reason` of the last failed attempt.
    last_error: Option<String>,
    created_at: String,
    delivered_at: Option<String>,
}

impl From<OutboxRow> for OutboxView {
    fn from(row: OutboxRow) -> Self {
        let m = row.message;
        OutboxView {
            id: m.id.to_string(),
            adapter: m.adapter,
            endpoint: m.endpoint,
            path: m.path,
            method: m.method,
            idempotency_key: m.idempotency_key,
            job: m.job,
            status: row.status,
            attempts: row.attempts,
            last_error: row.last_error,
            created_at: row.created_at,
            delivered_at: row.delivered_at,
        }
    }
}

/// An adapter job's schedule and last run.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct JobView {
    adapter: String,
    job: String,
    /// When it next falls due, Unix seconds.
    next_due_unix: Option<i64>,
    run_started_at: Option<String>,
    run_ended_at: Option<String>,
    /// `running`, `done` or `failed`.
    outcome: Option<String>,
    last_error: Option<String>,
}

impl From<JobRow> for JobView {
    fn from(row: JobRow) -> Self {
        JobView {
            adapter: row.adapter,
            job: row.job,
            next_due_unix: row.next_due_unix,
            run_started_at: row.run_started_at,
            run_ended_at: row.run_ended_at,
            outcome: row.outcome,
            last_error: row.last_error,
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutboxQuery {
    /// `pending`, `delivered` or `dead` (default `dead`).
    status: Option<String>,
    /// At most this many, newest first (1-1000, default 100).
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/adapters/outbox", tag = "adapters", security(("bearer" = [])),
    params(OutboxQuery),
    responses(
        (status = 200, description = "Outbox messages, newest first.", body = Vec<OutboxView>),
        (status = 403, description = "Only the operator reads the outbox."),
        (status = 422, description = "An unknown status or a limit out of range."),
    )
)]
pub(crate) async fn outbox(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<OutboxQuery>,
) -> Result<Json<Vec<OutboxView>>, ApiError> {
    caller.require_operator()?;
    let status = q.status.unwrap_or_else(|| "dead".into());
    if !matches!(status.as_str(), "pending" | "delivered" | "dead") {
        return Err(invalid("/status", "OUTBOX_STATUS_INVALID", "adapter-outbox-status").into());
    }
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(invalid("/limit", "LIMIT_INVALID", "adapter-outbox-limit").into());
    }
    let rows = state.db.outbox(&status, limit).await?;
    Ok(Json(rows.into_iter().map(OutboxView::from).collect()))
}

/// The answer to a replay.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Replayed {
    /// The message, now pending again.
    id: String,
}

#[utoipa::path(
    post, path = "/api/v1/adapters/outbox/{id}/replay", tag = "adapters",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The dead message's id.")),
    responses(
        (status = 200, description = "The message waits for delivery again.", body = Replayed),
        (status = 403, description = "Only the operator replays messages."),
        (status = 404, description = "There is no dead message with that id."),
    )
)]
pub(crate) async fn replay(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(id): Path<String>,
) -> Result<Json<Replayed>, ApiError> {
    caller.require_operator()?;
    let not_dead = || {
        RegistryError::not_found(
            "OUTBOX_NOT_DEAD",
            Msg::new("adapter-outbox-not-dead").with("id", id.escape_debug()),
        )
    };
    let uuid = uuid::Uuid::parse_str(&id).map_err(|_| not_dead())?;
    let audit = caller.audit("adapter.outbox.replay", uuid, "ok");
    if !state.db.replay_outbox(uuid, &audit).await? {
        return Err(not_dead().into());
    }
    Ok(Json(Replayed {
        id: uuid.to_string(),
    }))
}

#[utoipa::path(
    get, path = "/api/v1/adapters/jobs", tag = "adapters", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every adapter job's schedule and last run.", body = Vec<JobView>),
        (status = 403, description = "Only the operator reads adapter jobs."),
    )
)]
pub(crate) async fn jobs(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<Vec<JobView>>, ApiError> {
    caller.require_operator()?;
    let rows = state.db.adapter_jobs().await?;
    Ok(Json(rows.into_iter().map(JobView::from).collect()))
}

/// The answer to "run now".
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Started {
    adapter: String,
    job: String,
}

#[utoipa::path(
    post, path = "/api/v1/adapters/jobs/{adapter}/{job}/run", tag = "adapters",
    security(("bearer" = [])),
    params(
        ("adapter" = String, Path, description = "The adapter's id."),
        ("job" = String, Path, description = "One of its jobs."),
    ),
    responses(
        (status = 202, description = "Started: its first step is committed; follow it in `GET /api/v1/adapters/jobs`. The hub's `@hub/crl-fetch` job has run to its end by then.", body = Started),
        (status = 403, description = "Only the operator starts jobs."),
        (status = 404, description = "No such adapter job on this hub node."),
    )
)]
pub(crate) async fn run_job(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path((adapter, job)): Path<(String, String)>,
) -> Result<(http::StatusCode, Json<Started>), ApiError> {
    caller.require_operator()?;
    let unknown = || {
        RegistryError::not_found(
            "ADAPTER_UNKNOWN_JOB",
            Msg::new("adapter-unknown-job")
                .with("adapter", adapter.escape_debug())
                .with("job", job.escape_debug()),
        )
    };
    // `@hub/crl-fetch` (issue 6) runs whole now; its result is the job's row.
    let ran = if (adapter.as_str(), job.as_str())
        == (tanba_adapters::CRL_JOB_OWNER, tanba_adapters::CRL_JOB)
    {
        let fetch = state.crl_fetch.as_ref().ok_or_else(unknown)?;
        fetch.run_now().await.map(|_| ())
    } else {
        let adapters = state.adapters.as_ref().ok_or_else(unknown)?;
        adapters.run_job_now(&adapter, &job).await
    };
    match ran {
        Ok(()) => {}
        Err(tanba_adapters::AdapterError::UnknownJob { .. }) => return Err(unknown().into()),
        Err(err) => {
            tracing::warn!(adapter, job, code = %err.code(), %err, "run now failed");
            return Err(ApiError::from(RegistryError::new(
                tanba_registry::Kind::Unavailable,
                "ADAPTER_RUN_FAILED",
                err.msg(),
            )));
        }
    }
    let audit = caller.audit("adapter.job.run", format!("{adapter}/{job}"), "ok");
    state.db.audit_alone(&audit).await?;
    Ok((http::StatusCode::ACCEPTED, Json(Started { adapter, job })))
}

fn invalid(pointer: &str, code: &'static str, id: &'static str) -> RegistryError {
    RegistryError::invalid(pointer.to_owned(), code, Msg::new(id))
}
