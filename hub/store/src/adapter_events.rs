//! Hub events for adapters (migration 0016; issue 7): which adapter handles which event, the
//! durable queue of events written in the transaction of the change that causes them, and what
//! each adapter's last event exchange kept. The runner in `tanba-adapters` takes events one at
//! a time (`for update skip locked`, so hub nodes share the queue).

use tokio_postgres::{GenericClient, Row};
use uuid::Uuid;

use crate::error::pg;
use crate::{Database, StoreError};

/// The event of a document the hub applied.
pub const DOCUMENT_APPLIED: &str = "document-applied";

/// An event as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// Its id.
    pub id: Uuid,
    /// The adapter it is for.
    pub adapter: String,
    /// `document-applied`.
    pub kind: String,
    /// What the adapter is told.
    pub payload: serde_json::Value,
    /// `pending`, `done` or `dead`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// The last failure, for the operator.
    pub last_error: Option<String>,
}

const EVENTS: &str =
    "select id, adapter, kind, payload, status, attempts, last_error from adapter_events";

fn read(r: &Row) -> EventRow {
    EventRow {
        id: r.get(0),
        adapter: r.get(1),
        kind: r.get(2),
        payload: r.get(3),
        status: r.get(4),
        attempts: r.get(5),
        last_error: r.get(6),
    }
}

/// Whether any adapter handles `event` (so the caller can skip building its payload).
pub async fn subscribed(tx: &impl GenericClient, event: &str) -> Result<bool, StoreError> {
    let row = tx
        .query_one(
            "select exists (select 1 from adapter_subscriptions where event = $1)",
            &[&event],
        )
        .await
        .map_err(pg("reading adapter subscriptions"))?;
    Ok(row.get(0))
}

/// Queues `event` with `payload` for every adapter that handles it, in the caller's
/// transaction; how many were queued.
pub async fn queue_event(
    tx: &impl GenericClient,
    event: &str,
    payload: &serde_json::Value,
) -> Result<u64, StoreError> {
    tx.execute(
        "insert into adapter_events (id, adapter, kind, payload)
         select gen_random_uuid(), adapter, event, $2::jsonb from adapter_subscriptions
         where event = $1",
        &[&event, payload],
    )
    .await
    .map_err(pg("queueing an event for adapters"))
}

/// Claims the oldest due pending event in `tx` (the claim ends with the transaction).
pub async fn claim_due_event(tx: &impl GenericClient) -> Result<Option<EventRow>, StoreError> {
    let row = tx
        .query_opt(
            &format!(
                "{EVENTS} where id = (select id from adapter_events
                     where status = 'pending' and next_attempt_at <= now()
                     order by next_attempt_at, created_at limit 1 for update skip locked)"
            ),
            &[],
        )
        .await
        .map_err(pg("claiming an adapter event"))?;
    Ok(row.as_ref().map(read))
}

/// Marks a claimed event handled.
pub async fn event_handled(tx: &impl GenericClient, id: Uuid) -> Result<(), StoreError> {
    tx.execute(
        "update adapter_events set status = 'done', attempts = attempts + 1,
             handled_at = now(), last_error = null where id = $1",
        &[&id],
    )
    .await
    .map_err(pg("marking an adapter event handled"))?;
    Ok(())
}

/// Counts a failed attempt: the event waits `retry_in_ms`, or is dead (none).
pub async fn event_failed(
    tx: &impl GenericClient,
    id: Uuid,
    error: &str,
    retry_in_ms: Option<i64>,
) -> Result<(), StoreError> {
    crate::adapters::attempt_failed(tx, "adapter_events", id, error, retry_in_ms)
        .await
        .map_err(pg("recording a failed adapter event"))
}

/// What the adapter's last event exchange kept (empty the first time), locked for `tx`.
pub async fn event_kept(tx: &impl GenericClient, adapter: &str) -> Result<Vec<u8>, StoreError> {
    tx.execute(
        "insert into adapter_event_state (adapter) values ($1) on conflict do nothing",
        &[&adapter],
    )
    .await
    .map_err(pg("creating an adapter's event state"))?;
    let row = tx
        .query_one(
            "select kept from adapter_event_state where adapter = $1 for update",
            &[&adapter],
        )
        .await
        .map_err(pg("reading an adapter's event state"))?;
    Ok(row.get(0))
}

/// Keeps what an event exchange's `done` kept.
pub async fn set_event_kept(
    tx: &impl GenericClient,
    adapter: &str,
    kept: &[u8],
) -> Result<(), StoreError> {
    tx.execute(
        "insert into adapter_event_state (adapter, kept) values ($1, $2)
         on conflict (adapter) do update set kept = excluded.kept",
        &[&adapter, &kept],
    )
    .await
    .map_err(pg("keeping an adapter's event state"))?;
    Ok(())
}

impl Database {
    /// Records that `adapter` handles exactly `events` (at load and at activation).
    pub async fn set_subscriptions(
        &self,
        adapter: &str,
        events: &[String],
    ) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("starting a subscription change"))?;
        tx.execute(
            "delete from adapter_subscriptions where adapter = $1 and event <> all($2)",
            &[&adapter, &events],
        )
        .await
        .map_err(pg("removing adapter subscriptions"))?;
        tx.execute(
            "insert into adapter_subscriptions (adapter, event) select $1, unnest($2::text[])
             on conflict do nothing",
            &[&adapter, &events],
        )
        .await
        .map_err(pg("writing adapter subscriptions"))?;
        tx.commit()
            .await
            .map_err(pg("committing a subscription change"))
    }

    /// Events by status, oldest first.
    pub async fn adapter_events(
        &self,
        status: &str,
        limit: i64,
    ) -> Result<Vec<EventRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!("{EVENTS} where status = $1 order by created_at limit $2"),
                &[&status, &limit],
            )
            .await
            .map_err(pg("reading adapter events"))?;
        Ok(rows.iter().map(read).collect())
    }
}
