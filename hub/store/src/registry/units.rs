//! Codes and transport units with their history (migration 0005; R3, R4, R8). Changes run in a
//! caller's transaction: lock the rows ([`lock_units`]), decide with the domain rules, write the
//! new state ([`write_units`]) and its history ([`write_history`]), commit. The participants
//! units name and the units history rows name are checked once per statement, by triggers over
//! the statement's rows (migration 0020), so a many-row write pays no look-up per row.

use std::collections::HashSet;

use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{GenericClient, Row};
use uuid::Uuid;

use crate::error::pg;
use crate::{Database, StoreError};

/// A unit's current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    /// `01<gtin>21<serial>` or `00<sscc>`.
    pub key: String,
    /// Lifecycle status.
    pub status: String,
    /// Owning participant.
    pub owner: String,
    /// The aggregate it sits in.
    pub parent: Option<String>,
    /// Its emission order (codes only).
    pub order_id: Option<Uuid>,
    /// While shipped and not yet accepted: the receiver.
    pub receiver: Option<String>,
    /// While shipped: the shipment document.
    pub shipment: Option<Uuid>,
}

/// One change of a unit, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    /// The unit.
    pub unit: String,
    /// When, RFC 3339 UTC (empty when writing: the database sets it).
    pub at: String,
    /// Who caused it.
    pub actor: String,
    /// What happened (`APPLY`, `AGGREGATE`, ...).
    pub event: String,
    /// Status after.
    pub status: String,
    /// Owner after.
    pub owner: String,
    /// Parent after.
    pub parent: Option<String>,
    /// `report` or `document`.
    pub cause_kind: String,
    /// The report's or document's id.
    pub cause_id: Uuid,
}

const UNIT: &str = "select key, status, owner, parent, order_id, receiver, shipment from units";
/// [`UNIT`] and `holds` (column 7).
const UNIT_HOLDS: &str =
    "select key, status, owner, parent, order_id, receiver, shipment, holds from units";

fn unit(r: &Row) -> UnitRow {
    UnitRow {
        key: r.get(0),
        status: r.get(1),
        owner: r.get(2),
        parent: r.get(3),
        order_id: r.get(4),
        receiver: r.get(5),
        shipment: r.get(6),
    }
}

/// The existing rows among `keys`, locked for the transaction (in key order, so two
/// transactions locking overlapping sets cannot deadlock).
pub async fn lock_units(
    tx: &impl GenericClient,
    keys: &[String],
) -> Result<Vec<UnitRow>, StoreError> {
    Ok(lock_units_holding(tx, keys).await?.0)
}

/// [`lock_units`], and the keys among them that may hold other units (`units.holds`,
/// migration 0018): only those need [`lock_contents`]; the others were never a parent.
pub async fn lock_units_holding(
    tx: &impl GenericClient,
    keys: &[String],
) -> Result<(Vec<UnitRow>, HashSet<String>), StoreError> {
    let rows = tx
        .query(
            &format!("{UNIT_HOLDS} where key = any($1) order by key for update"),
            &[&keys],
        )
        .await
        .map_err(pg("locking units"))?;
    let holders = rows
        .iter()
        .filter(|r| r.get::<_, bool>(7))
        .map(|r| r.get(0))
        .collect();
    Ok((rows.iter().map(unit).collect(), holders))
}

/// The aggregates `key` sits in, innermost first.
pub async fn unit_ancestors(tx: &impl GenericClient, key: &str) -> Result<Vec<String>, StoreError> {
    let rows = tx
        .query(
            "with recursive up (key, depth) as (
                 select parent, 1 from units where key = $1 and parent is not null
                 union all
                 select u.parent, up.depth + 1 from units u join up on u.key = up.key
                 where u.parent is not null and up.depth < 64)
             select key from up order by depth",
            &[&key],
        )
        .await
        .map_err(pg("reading a unit's aggregates"))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Everything inside `key`, at any depth, parents before their children.
pub async fn unit_contents(tx: &impl GenericClient, key: &str) -> Result<Vec<UnitRow>, StoreError> {
    let rows = tx
        .query(
            "with recursive down (key, depth) as (
                 select key, 1 from units where parent = $1
                 union all
                 select u.key, down.depth + 1 from units u join down on u.parent = down.key
                 where down.depth < 64)
             select u.key, u.status, u.owner, u.parent, u.order_id, u.receiver, u.shipment
             from down join units u using (key) order by down.depth, u.key",
            &[&key],
        )
        .await
        .map_err(pg("reading an aggregate's contents"))?;
    Ok(rows.iter().map(unit).collect())
}

/// Everything inside each of `roots`, at any depth, as (root, unit), locked for the
/// transaction. One query per level of the tree (an index look-up per parent), not a recursive
/// CTE, whose recursive join PostgreSQL tends to plan as a scan of the whole table; a level
/// looks only inside the units of the level above that may hold something (`holds`), so the
/// codes at the bottom of a tree cost no look-up. `roots` are best only the units of
/// [`lock_units_holding`]'s set: the others are looked into for nothing.
pub async fn lock_contents(
    tx: &impl GenericClient,
    roots: &[String],
) -> Result<Vec<(String, UnitRow)>, StoreError> {
    let mut root_of: std::collections::HashMap<String, String> =
        roots.iter().map(|r| (r.clone(), r.clone())).collect();
    let mut frontier: Vec<String> = roots.to_vec();
    let mut found = Vec::new();
    // The tree is shallow (pack, box, pallet); the bound stops a corrupted cycle.
    for _ in 0..64 {
        if frontier.is_empty() {
            break;
        }
        let rows = tx
            .query(
                // Joined to the unnested list (estimated small), so each parent is one
                // look-up in units_by_parent rather than a scan of the table per batch.
                "select u.key, u.status, u.owner, u.parent, u.order_id, u.receiver, u.shipment,
                     u.holds
                 from unnest($1::text[]) as p (key) join units u on u.parent = p.key
                 order by u.key for update of u",
                &[&frontier],
            )
            .await
            .map_err(pg("locking aggregates' contents"))?;
        frontier = Vec::new();
        for (row, holds) in rows.iter().map(|r| (unit(r), r.get::<_, bool>(7))) {
            let root = row
                .parent
                .as_ref()
                .and_then(|p| root_of.get(p))
                .cloned()
                .unwrap_or_default();
            if holds {
                root_of.insert(row.key.clone(), root.clone());
                frontier.push(row.key.clone());
            }
            found.push((root, row));
        }
    }
    Ok(found)
}

/// Rows per statement when writing many units or history rows.
const WRITE_BATCH: usize = 20_000;

/// Inserts or updates `units` (status, owner, parent).
pub async fn write_units(tx: &impl GenericClient, units: &[UnitRow]) -> Result<(), StoreError> {
    for batch in units.chunks(WRITE_BATCH) {
        write_unit_batch(tx, batch).await?;
    }
    Ok(())
}

async fn write_unit_batch(tx: &impl GenericClient, units: &[UnitRow]) -> Result<(), StoreError> {
    let column = |f: fn(&UnitRow) -> Option<String>| units.iter().map(f).collect::<Vec<_>>();
    let orders: Vec<Option<Uuid>> = units.iter().map(|u| u.order_id).collect();
    let shipments: Vec<Option<Uuid>> = units.iter().map(|u| u.shipment).collect();
    tx.execute(
        "insert into units (key, status, owner, parent, order_id, receiver, shipment)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[],
             $6::text[], $7::uuid[])
         on conflict (key) do update
         set status = excluded.status, owner = excluded.owner, parent = excluded.parent,
             receiver = excluded.receiver, shipment = excluded.shipment, updated_at = now()",
        &[
            &column(|u| Some(u.key.clone())),
            &column(|u| Some(u.status.clone())),
            &column(|u| Some(u.owner.clone())),
            &column(|u| u.parent.clone()),
            &orders,
            &column(|u| u.receiver.clone()),
            &shipments,
        ],
    )
    .await
    .map_err(pg("writing units"))?;
    Ok(())
}

/// Above this many rows, [`update_units`] and [`write_history`] send them by binary COPY
/// (a stream, no arrays to build and unpack); below it, one statement with array parameters
/// is cheaper than the temporary table COPY needs.
pub const COPY_ABOVE: usize = 1_000;

/// Rows per COPY (and per `update ... from` it): every statement of a million-code document
/// must end well within the pool's `statement_timeout` (30 s by default) on a busy machine.
const COPY_BATCH: usize = 50_000;

/// Updates existing `units` (status, owner, parent, custody): a plain `update ... from unnest`,
/// cheaper than [`write_units`]' upsert for the documents, which only change locked rows. Many
/// rows go by binary COPY into a temporary table and one `update ... from` it.
pub async fn update_units(tx: &impl GenericClient, units: &[UnitRow]) -> Result<(), StoreError> {
    if units.len() > COPY_ABOVE {
        for batch in units.chunks(COPY_BATCH) {
            update_units_copied(tx, batch).await?;
        }
        return Ok(());
    }
    for batch in units.chunks(WRITE_BATCH) {
        let column = |f: fn(&UnitRow) -> Option<String>| batch.iter().map(f).collect::<Vec<_>>();
        let shipments: Vec<Option<Uuid>> = batch.iter().map(|u| u.shipment).collect();
        tx.execute(
            "update units u set status = v.status, owner = v.owner, parent = v.parent,
                 receiver = v.receiver, shipment = v.shipment, updated_at = now()
             from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[])
                 as v (key, status, owner, parent, receiver, shipment)
             where u.key = v.key",
            &[
                &column(|u| Some(u.key.clone())),
                &column(|u| Some(u.status.clone())),
                &column(|u| Some(u.owner.clone())),
                &column(|u| u.parent.clone()),
                &column(|u| u.receiver.clone()),
                &shipments,
            ],
        )
        .await
        .map_err(pg("updating units"))?;
    }
    Ok(())
}

/// The new state of many units, sent by binary COPY into a temporary table (dropped at
/// commit; emptied first should one transaction update twice), then one `update ... from` it.
async fn update_units_copied(tx: &impl GenericClient, units: &[UnitRow]) -> Result<(), StoreError> {
    tx.batch_execute(
        "create temporary table if not exists unit_updates (key text, status text,
             owner text, parent text, receiver text, shipment uuid) on commit drop;
         truncate unit_updates",
    )
    .await
    .map_err(pg("preparing to update units"))?;
    let types = [
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::UUID,
    ];
    copy_rows(
        tx,
        "copy unit_updates (key, status, owner, parent, receiver, shipment)
         from stdin (format binary)",
        &types,
        units.iter().map(|u| {
            [
                &u.key as &(dyn ToSql + Sync),
                &u.status,
                &u.owner,
                &u.parent,
                &u.receiver,
                &u.shipment,
            ]
        }),
        "sending units to update",
    )
    .await?;
    // One primary-key look-up per row (rows the document has just locked, so in the cache),
    // never a hash join over a scan of the whole of `units`, which the planner may prefer
    // for a few ten thousand rows and which grows with the registry: the two other joins are
    // off for this statement only (back to the session's values after it).
    tx.batch_execute(
        "set local enable_hashjoin = off;
         set local enable_mergejoin = off;
         update units u set status = v.status, owner = v.owner, parent = v.parent,
             receiver = v.receiver, shipment = v.shipment, updated_at = now()
         from unit_updates v where u.key = v.key;
         set local enable_hashjoin to default;
         set local enable_mergejoin to default",
    )
    .await
    .map_err(pg("updating units"))?;
    Ok(())
}

/// Streams `rows` into `copy` (a `copy ... from stdin (format binary)` of columns `types`).
async fn copy_rows<'a, const N: usize>(
    tx: &impl GenericClient,
    copy: &str,
    types: &[Type; N],
    rows: impl Iterator<Item = [&'a (dyn ToSql + Sync); N]>,
    context: &'static str,
) -> Result<u64, StoreError> {
    let sink = tx.client().copy_in(copy).await.map_err(pg(context))?;
    let writer = BinaryCopyInWriter::new(sink, types);
    let mut writer = std::pin::pin!(writer);
    for row in rows {
        writer.as_mut().write(&row).await.map_err(pg(context))?;
    }
    writer.finish().await.map_err(pg(context))
}

/// One COPY of history rows.
async fn copy_history(tx: &impl GenericClient, rows: &[HistoryRow]) -> Result<(), StoreError> {
    let text = Type::TEXT;
    let types = [
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text,
        Type::UUID,
    ];
    copy_rows(
        tx,
        "copy unit_history (unit, actor, event, status, owner, parent, cause_kind, cause_id)
         from stdin (format binary)",
        &types,
        rows.iter().map(|r| {
            [
                &r.unit as &(dyn ToSql + Sync),
                &r.actor,
                &r.event,
                &r.status,
                &r.owner,
                &r.parent,
                &r.cause_kind,
                &r.cause_id,
            ]
        }),
        "writing unit history",
    )
    .await?;
    Ok(())
}

/// Appends history rows (their `at` is the transaction's time); many by binary COPY.
pub async fn write_history(tx: &impl GenericClient, rows: &[HistoryRow]) -> Result<(), StoreError> {
    if rows.len() > COPY_ABOVE {
        for batch in rows.chunks(COPY_BATCH) {
            copy_history(tx, batch).await?;
        }
        return Ok(());
    }
    let column = |f: fn(&HistoryRow) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let causes: Vec<Uuid> = rows.iter().map(|r| r.cause_id).collect();
    tx.execute(
        "insert into unit_history (unit, actor, event, status, owner, parent, cause_kind,
             cause_id)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
             $6::text[], $7::text[], $8::uuid[])",
        &[
            &column(|r| Some(r.unit.clone())),
            &column(|r| Some(r.actor.clone())),
            &column(|r| Some(r.event.clone())),
            &column(|r| Some(r.status.clone())),
            &column(|r| Some(r.owner.clone())),
            &column(|r| r.parent.clone()),
            &column(|r| Some(r.cause_kind.clone())),
            &causes,
        ],
    )
    .await
    .map_err(pg("writing unit history"))?;
    Ok(())
}

/// Records that `new` replaces the damaged `old` under `document`.
pub async fn insert_remark(
    tx: &impl GenericClient,
    old: &str,
    new: &str,
    document: Uuid,
) -> Result<(), StoreError> {
    tx.execute(
        "insert into remarks (old_unit, new_unit, document_id) values ($1, $2, $3)",
        &[&old, &new, &document],
    )
    .await
    .map_err(pg("recording a remark"))?;
    Ok(())
}

impl Database {
    /// The code `key` replaced, and the code that replaced it (remarking).
    pub async fn remark_links(
        &self,
        key: &str,
    ) -> Result<(Option<String>, Option<String>), StoreError> {
        let row = self
            .client()
            .await?
            .query_one(
                "select (select old_unit from remarks where new_unit = $1),
                        (select new_unit from remarks where old_unit = $1)",
                &[&key],
            )
            .await
            .map_err(pg("reading remark links"))?;
        Ok((row.get(0), row.get(1)))
    }

    /// One unit's current state.
    pub async fn unit(&self, key: &str) -> Result<Option<UnitRow>, StoreError> {
        let row = self
            .query_opt_cached(&format!("{UNIT} where key = $1"), &[&key], "reading a unit")
            .await?;
        Ok(row.as_ref().map(unit))
    }

    /// A unit's history, oldest first.
    pub async fn unit_history(&self, key: &str) -> Result<Vec<HistoryRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select unit, to_char(at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
                        actor, event, status, owner, parent, cause_kind, cause_id
                 from unit_history where unit = $1 order by id",
                &[&key],
            )
            .await
            .map_err(pg("reading a unit's history"))?;
        Ok(rows
            .iter()
            .map(|r| HistoryRow {
                unit: r.get(0),
                at: r.get(1),
                actor: r.get(2),
                event: r.get(3),
                status: r.get(4),
                owner: r.get(5),
                parent: r.get(6),
                cause_kind: r.get(7),
                cause_id: r.get(8),
            })
            .collect())
    }
}
