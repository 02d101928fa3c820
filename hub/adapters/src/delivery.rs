//! The outbox delivery worker: takes the oldest due message (`for update skip locked`, so any
//! number of hub nodes share the queue and none sends a message another is sending), sends it
//! with its `Idempotency-Key`, and in the same transaction records the outcome: delivered, a
//! retry after an exponential backoff with jitter, or dead after `max_attempts` (the operator
//! can replay it). A job's message feeds its reply to the adapter (`on-reply`) and applies the
//! next step with the delivery, so a step is never applied twice.

use tanba_plugin_host::adapter_types::Reply;
use tanba_store::adapters::{self, OutboxRow, RunUpdate};
use tokio_postgres::GenericClient;

use crate::http::Request;
use crate::runner::tx_error;
use crate::{AdapterError, Adapters};

impl Adapters {
    /// Delivers the oldest due message, if there is one; `true` when one was handled
    /// (delivered, retried later or dead).
    pub async fn deliver_next(&self) -> Result<bool, AdapterError> {
        let mut client = self.inner.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        let Some(row) = adapters::claim_due_outbox(&*tx).await? else {
            return Ok(false);
        };
        let outcome = self.deliver(&*tx, &row).await;
        if let Err(err) = outcome {
            self.record_failure(&*tx, &row, &err).await?;
        }
        tx.commit().await.map_err(tx_error)?;
        Ok(true)
    }

    /// Sends `row` and applies what follows from the reply in `tx`; an error is recorded by
    /// the caller (nothing of the step is left in `tx` then).
    async fn deliver(&self, tx: &impl GenericClient, row: &OutboxRow) -> Result<(), AdapterError> {
        let m = &row.message;
        let installed = self
            .installed(&m.adapter)
            .ok_or_else(|| AdapterError::NotLoaded {
                adapter: m.adapter.clone(),
            })?;
        let body = self.signed_body(&installed, m)?;
        let request = Request {
            adapter: m.adapter.clone(),
            endpoint: m.endpoint.clone(),
            path: m.path.clone(),
            method: m.method.clone(),
            idempotency_key: m.idempotency_key.clone(),
            content_type: m.content_type.clone(),
            headers: m.headers.clone(),
            body,
        };
        let response =
            self.inner
                .http
                .send(&request)
                .await
                .map_err(|e| AdapterError::Transport {
                    endpoint: m.endpoint.clone(),
                    reason: e.0,
                })?;
        tracing::info!(id = %m.id, adapter = %m.adapter, endpoint = %m.endpoint,
            status = response.status, "outbox message sent");
        match (&m.job, &m.exchange_state) {
            // A job's step, or (no job) a step of an event's exchange.
            (job, Some(state)) => {
                let reply = Reply {
                    status: response.status,
                    content_type: response.content_type,
                    body: response.body,
                };
                let step = installed
                    .adapter
                    .on_reply(state, &reply, &installed.context())?;
                self.apply_step_atomically(tx, &installed, job.as_deref(), step)
                    .await?;
            }
            _ if (200..300).contains(&response.status) => {}
            _ => {
                return Err(AdapterError::Status {
                    endpoint: m.endpoint.clone(),
                    status: response.status,
                });
            }
        }
        adapters::outbox_delivered(tx, m.id).await?;
        Ok(())
    }

    /// The bytes to send: signed (WS-Security over the Body, with the endpoint's key) when the
    /// message asks for it; sent as built when it does not, or when the endpoint has no key
    /// and says `send_unsigned` (a test stand); refused otherwise.
    fn signed_body(
        &self,
        installed: &crate::load::Installed,
        m: &tanba_store::adapters::NewOutboxMessage,
    ) -> Result<Vec<u8>, AdapterError> {
        if !m.sign {
            return Ok(m.body.clone());
        }
        if let Some(signer) = installed.signers.get(&m.endpoint) {
            return tanba_pki::sign_soap_body(&m.body, signer).map_err(|e| AdapterError::BadStep {
                adapter: m.adapter.clone(),
                reason: format!("the message to {} cannot be signed: {e}", m.endpoint),
            });
        }
        let endpoint = installed.config.endpoints.get(&m.endpoint);
        if endpoint.is_some_and(|e| e.send_unsigned) {
            return Ok(m.body.clone());
        }
        Err(AdapterError::SigningUnavailable {
            adapter: m.adapter.clone(),
            endpoint: m.endpoint.clone(),
        })
    }

    /// A failed attempt: again after a backoff while it may succeed and attempts remain, else
    /// dead, and a job's run failed with the error's code.
    async fn record_failure(
        &self,
        tx: &impl GenericClient,
        row: &OutboxRow,
        err: &AdapterError,
    ) -> Result<(), AdapterError> {
        let m = &row.message;
        let settings = &self.inner.delivery;
        let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        let retry = err.is_transient() && attempts + 1 < settings.max_attempts;
        let delay = retry.then(|| {
            let ms = settings.backoff(attempts, jitter()).as_millis();
            i64::try_from(ms).unwrap_or(i64::MAX)
        });
        let record = err.for_the_record();
        tracing::warn!(id = %m.id, adapter = %m.adapter, endpoint = %m.endpoint,
            code = %err.code(), attempts = attempts + 1, retry_in_ms = ?delay, %err,
            "outbox delivery failed");
        adapters::outbox_failed(tx, m.id, &record, delay).await?;
        if let (None, Some(job)) = (delay, &m.job) {
            adapters::update_run(tx, &m.adapter, job, &RunUpdate::Failed(record)).await?;
        }
        Ok(())
    }
}

/// A number in 0..=1 from the system's randomness (through a v4 UUID: no extra dependency).
pub(crate) fn jitter() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() as u32;
    f64::from(bits) / f64::from(u32::MAX)
}
