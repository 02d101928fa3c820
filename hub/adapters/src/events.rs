//! Hub events to adapters (`on-event`): the runner takes the oldest queued event (written in
//! the transaction of the change that caused it, see `tanba_store::adapter_events`), calls the
//! adapter with what its last event exchange kept, and applies the step in the same
//! transaction that marks the event handled: its commands, its message into the outbox (whose
//! reply comes back through `on-reply`, as a job's does). An event is handled once; a failure
//! leaves it queued with backoff, then dead for the operator.

use tanba_plugin_host::adapter_types::{AppliedDocument, Event};
use tanba_store::adapter_events::{self, DOCUMENT_APPLIED, EventRow};
use tokio_postgres::GenericClient;

use crate::delivery::jitter;
use crate::runner::tx_error;
use crate::{AdapterError, Adapters};

impl Adapters {
    /// Handles the oldest due event, if there is one; `true` when one was handled (or its
    /// failure recorded).
    pub async fn handle_next_event(&self) -> Result<bool, AdapterError> {
        let mut client = self.inner.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        let Some(row) = adapter_events::claim_due_event(&*tx).await? else {
            return Ok(false);
        };
        match self.handle_event(&*tx, &row).await {
            Ok(()) => adapter_events::event_handled(&*tx, row.id).await?,
            Err(err) => self.record_event_failure(&*tx, &row, &err).await?,
        }
        tx.commit().await.map_err(tx_error)?;
        Ok(true)
    }

    async fn handle_event(
        &self,
        tx: &impl GenericClient,
        row: &EventRow,
    ) -> Result<(), AdapterError> {
        let installed = self
            .installed(&row.adapter)
            .ok_or_else(|| AdapterError::NotLoaded {
                adapter: row.adapter.clone(),
            })?;
        let event = to_event(row)?;
        let kept = adapter_events::event_kept(tx, &row.adapter).await?;
        let step = installed
            .adapter
            .on_event(&event, &installed.context(), &kept)?;
        self.apply_step_atomically(tx, &installed, None, step).await
    }

    async fn record_event_failure(
        &self,
        tx: &impl GenericClient,
        row: &EventRow,
        err: &AdapterError,
    ) -> Result<(), AdapterError> {
        let settings = &self.inner.delivery;
        let attempts = u32::try_from(row.attempts).unwrap_or(u32::MAX);
        let retry = err.is_transient() && attempts + 1 < settings.max_attempts;
        let delay = retry.then(|| {
            let ms = settings.backoff(attempts, jitter()).as_millis();
            i64::try_from(ms).unwrap_or(i64::MAX)
        });
        tracing::warn!(id = %row.id, adapter = %row.adapter, kind = %row.kind,
            code = %err.code(), attempts = attempts + 1, retry_in_ms = ?delay, %err,
            "adapter event failed");
        adapter_events::event_failed(tx, row.id, &err.for_the_record(), delay).await?;
        Ok(())
    }
}

/// The stored event as the WIT `event` (the payload `tanba-documents` queued).
fn to_event(row: &EventRow) -> Result<Event, AdapterError> {
    let bad = |what: &str| AdapterError::BadStep {
        adapter: row.adapter.clone(),
        reason: format!("event {} of kind {}: {what}", row.id, row.kind),
    };
    if row.kind != DOCUMENT_APPLIED {
        return Err(bad("unknown kind"));
    }
    let p = &row.payload;
    let text = |name: &str| p[name].as_str().map(str::to_owned);
    let strings = |name: &str| -> Vec<String> {
        p[name]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let fields = p["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|pair| {
                    Some((pair[0].as_str()?.to_owned(), pair[1].as_str()?.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Event::DocumentApplied(AppliedDocument {
        kind: text("kind").ok_or_else(|| bad("no kind"))?,
        id: text("id").ok_or_else(|| bad("no id"))?,
        sender: text("sender").ok_or_else(|| bad("no sender"))?,
        receiver: text("receiver"),
        codes: strings("codes"),
        fields,
        applied_unix_seconds: p["applied_unix_seconds"].as_i64().unwrap_or(0),
    }))
}
