//! The job runner: starts a job's exchange and applies each step the adapter returns, in one
//! transaction with the job's run (DESIGN.md, principles 2 and 3): the step's commands, its
//! message into the outbox (delivered by [`crate::delivery`]), the run's state.

use std::sync::Arc;

use tanba_plugin_host::adapter_types::{Method, Outbound, Signing, Step};
use tanba_store::adapter_events;
use tanba_store::adapters::{self, NewOutboxMessage, RunUpdate};
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::load::Installed;
use crate::{AdapterError, Adapters, commands};

/// Headers the hub sets itself; an adapter may not.
const HUB_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "content-type",
    "authorization",
    "idempotency-key",
    "cookie",
    "transfer-encoding",
    "connection",
];

impl Adapters {
    /// Starts `job` of `adapter` now, whatever its schedule (the operator's "run now", and
    /// tests); the scheduler starts due jobs the same way. Returns once the first step is
    /// committed (its message then waits in the outbox).
    pub async fn run_job_now(&self, adapter: &str, job: &str) -> Result<(), AdapterError> {
        let installed = self.job(adapter, job)?;
        let mut client = self.inner.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        let row = adapters::job_for_update(&*tx, adapter, job).await?;
        self.start_in(&*tx, &installed, job, &row.kept).await?;
        tx.commit().await.map_err(tx_error)?;
        Ok(())
    }

    pub(crate) fn job(&self, adapter: &str, job: &str) -> Result<Arc<Installed>, AdapterError> {
        self.installed(adapter)
            .filter(|i| i.jobs.iter().any(|(name, _)| name == job))
            .ok_or_else(|| AdapterError::UnknownJob {
                adapter: adapter.to_owned(),
                job: job.to_owned(),
            })
    }

    /// Calls `start-job` and applies its step in `tx`. A failed first step is recorded as the
    /// run's outcome (and committed by the caller); nothing of it is applied.
    pub(crate) async fn start_in(
        &self,
        tx: &impl GenericClient,
        installed: &Installed,
        job: &str,
        kept: &[u8],
    ) -> Result<(), AdapterError> {
        let adapter = installed.id();
        tracing::info!(adapter, job, "adapter job starting");
        adapters::update_run(tx, adapter, job, &RunUpdate::Started).await?;
        let step = installed
            .adapter
            .start_job(job, &installed.context(), kept)?;
        if let Err(err) = self
            .apply_step_atomically(tx, installed, Some(job), step)
            .await
        {
            tracing::warn!(adapter, job, code = %err.code(), %err, "adapter job failed to start");
            let failed = RunUpdate::Failed(err.for_the_record());
            adapters::update_run(tx, adapter, job, &failed).await?;
        }
        Ok(())
    }

    /// [`Adapters::apply_step`] under a savepoint: on an error nothing of the step stays in
    /// `tx`, which remains usable to record the failure.
    pub(crate) async fn apply_step_atomically(
        &self,
        tx: &impl GenericClient,
        installed: &Installed,
        job: Option<&str>,
        step: Step,
    ) -> Result<(), AdapterError> {
        tx.batch_execute("savepoint adapter_step")
            .await
            .map_err(tx_error)?;
        let result = self.apply_step(tx, installed, job, step).await;
        let end = if result.is_ok() {
            "release savepoint adapter_step"
        } else {
            "rollback to savepoint adapter_step"
        };
        tx.batch_execute(end).await.map_err(tx_error)?;
        result
    }

    /// Applies one step in `tx` (of `job`'s exchange, or of an event's when `job` is none): a
    /// `send` applies its commands and writes its message (and the run's state), `done`
    /// applies its commands and ends the run (or keeps the event state), `failed` is returned
    /// as an error with nothing applied. The caller rolls back on an error.
    pub(crate) async fn apply_step(
        &self,
        tx: &impl GenericClient,
        installed: &Installed,
        job: Option<&str>,
        step: Step,
    ) -> Result<(), AdapterError> {
        let adapter = installed.id();
        let hub = self.hub();
        match step {
            Step::Send(send) => {
                let message = outbox_message(installed, job, send.message, send.state.clone())?;
                commands::apply(tx, &hub, adapter, &send.commands).await?;
                let inserted = adapters::insert_outbox(tx, &message).await?;
                if !inserted && job.is_some() {
                    // A new step of an exchange reusing a delivered message's key would wait
                    // for a reply that never comes.
                    return Err(AdapterError::BadStep {
                        adapter: adapter.to_owned(),
                        reason: format!(
                            "idempotency key {} was used by an earlier message",
                            message.idempotency_key
                        ),
                    });
                }
                if !inserted {
                    tracing::info!(key = %message.idempotency_key, "message already in the outbox");
                }
                if let Some(job) = job {
                    let waiting = RunUpdate::Waiting(send.state);
                    adapters::update_run(tx, adapter, job, &waiting).await?;
                }
                Ok(())
            }
            Step::Done(done) => {
                commands::apply(tx, &hub, adapter, &done.commands).await?;
                if let Some(job) = job {
                    adapters::update_run(tx, adapter, job, &RunUpdate::Done(done.keep)).await?;
                    tracing::info!(adapter, job, "adapter job done");
                } else {
                    adapter_events::set_event_kept(tx, adapter, &done.keep).await?;
                }
                Ok(())
            }
            Step::Failed(failure) => Err(AdapterError::Failed {
                adapter: adapter.to_owned(),
                code: failure.code,
                reason: failure.reason.en,
                retry: failure.after == tanba_plugin_host::adapter_types::AfterFailure::RetryLater,
            }),
        }
    }
}

/// A `send`'s message as an outbox row, checked: a configured outbound endpoint, a relative
/// path that stays below it, a key, and no header the hub owns.
fn outbox_message(
    installed: &Installed,
    job: Option<&str>,
    message: Outbound,
    state: Vec<u8>,
) -> Result<NewOutboxMessage, AdapterError> {
    let adapter = installed.id().to_owned();
    let bad = |reason: String| AdapterError::BadStep {
        adapter: adapter.clone(),
        reason,
    };
    if !installed.outbound(&message.endpoint) {
        return Err(AdapterError::Endpoint {
            adapter: adapter.clone(),
            endpoint: message.endpoint,
        });
    }
    check_path(&message.path).map_err(&bad)?;
    let key_ok = (1..=200).contains(&message.idempotency_key.len())
        && message
            .idempotency_key
            .bytes()
            .all(|b| b.is_ascii_graphic());
    if !key_ok {
        return Err(bad(
            "the idempotency key is empty, too long or not printable ASCII".into(),
        ));
    }
    if let Some((name, _)) = message
        .headers
        .iter()
        .find(|(n, _)| HUB_HEADERS.contains(&n.to_ascii_lowercase().as_str()))
    {
        return Err(bad(format!("header {name} is the hub's")));
    }
    Ok(NewOutboxMessage {
        id: Uuid::new_v4(),
        adapter: adapter.clone(),
        endpoint: message.endpoint,
        path: message.path,
        method: match message.method {
            Method::Get => "get".into(),
            Method::Post => "post".into(),
        },
        idempotency_key: message.idempotency_key,
        body: message.body,
        content_type: message.content_type,
        headers: message.headers,
        sign: message.signing == Signing::WsSecurityBody,
        job: job.map(str::to_owned),
        exchange_state: Some(state),
    })
}

/// A path below the endpoint's URL: relative, no `..` or `.` segment, no query, fragment,
/// backslash or control character.
fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Ok(());
    }
    let bad_char = path
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '?' | '#' | '\\' | '%'));
    let bad_segment = path
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..");
    if path.len() > 500 || bad_char || bad_segment {
        return Err(format!("path {path:?} is not a plain relative path"));
    }
    Ok(())
}

pub(crate) fn tx_error(e: tokio_postgres::Error) -> AdapterError {
    AdapterError::Store(tanba_store::StoreError::from_pg(
        "an adapter's transaction",
        e,
    ))
}

#[cfg(test)]
mod tests {
    use super::check_path;

    #[test]
    fn only_plain_relative_paths_pass() {
        for good in ["", "nca_rsa.crl", "pub/certs/root.cer"] {
            assert!(check_path(good).is_ok(), "{good}");
        }
        for bad in [
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "x?y=1",
            "x#f",
            "a\\b",
            "%2e%2e",
            "a b",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }
}
