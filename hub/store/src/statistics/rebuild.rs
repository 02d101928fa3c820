//! Rebuilding the statistics from the registry (issue 9; R14): the aggregate tables start empty
//! (migration 0012), so a database with units from before them, or one whose aggregates are
//! doubted, gets them recomputed from `units`, `unit_history` and `emission_orders`: what
//! [`super::Deltas`] would have added up, change by change. A full scan of the registry, run
//! by the operator (`tanba statistics rebuild`), never on the hub's paths.

use tokio_postgres::IsolationLevel;

use crate::error::pg;
use crate::{AuditEntry, Database, StoreError, audit};

/// Stock straight from the registry: (owner, GTIN, status, codes). Codes with a unit row count
/// in their status for their owner; the codes of an order that have no unit row yet are still
/// EMITTED, its participant's. Rows that sum to zero are left out.
pub const STOCK_FROM_REGISTRY: &str = "
    select owner, gtin, status, sum(n)::int8 as units from (
        select owner, substring(key from 3 for 14) as gtin, status, 1::int8 as n
        from units where key like '01%'
        union all
        select o.participant, o.gtin, 'EMITTED',
               o.quantity - (select count(*) from units u where u.order_id = o.id)
        from emission_orders o) t
    group by 1, 2, 3 having sum(n) <> 0";

/// Flows straight from the history and the orders: (owner, GTIN, day in Asia/Almaty, flow,
/// codes). The same rules as [`super::Deltas::unit`], read from consecutive history rows of
/// a code: the status it entered (from EMITTED for its first row) for its owner after, a
/// shipment (`SHIP`) for the owner that sent it, an acceptance that moved ownership (`ACCEPT`)
/// for the new owner; each order's quantity as emitted on the day it was made.
pub const FLOWS_FROM_REGISTRY: &str = "
    with h as (
        select unit, owner, status, event, (at at time zone 'Asia/Almaty')::date as day,
               coalesce(lag(status) over w, 'EMITTED') as was,
               lag(owner) over w as owned_by
        from unit_history where unit like '01%'
        window w as (partition by unit order by id))
    select owner, substring(unit from 3 for 14) as gtin, day, flow, count(*)::int8 as units
    from (
        select unit, owner, day,
               case
                   when status = was then null
                   when status = 'APPLIED' then 'applied'
                   when status = 'INTRODUCED' and was = 'RETIRED' then 'returned'
                   when status = 'INTRODUCED' then 'introduced'
                   when status = 'RETIRED' then 'sold'
                   when status = 'WRITTEN_OFF' then 'written_off'
                   when status = 'WITHDRAWN' then 'withdrawn'
               end as flow
        from h
        union all
        select unit, owner, day, case event when 'SHIP' then 'shipped' else 'received' end
        from h where event = 'SHIP' or (event = 'ACCEPT' and owned_by is distinct from owner)
    ) f
    where flow is not null
    group by 1, 2, 3, 4
    union all
    select participant, gtin, (created_at at time zone 'Asia/Almaty')::date, 'emitted',
           sum(quantity)::int8
    from emission_orders group by 1, 2, 3";

/// How many rows a rebuild wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    /// `stat_stock` rows.
    pub stock: u64,
    /// `stat_flows` rows.
    pub flows: u64,
    /// `stat_flows_group` rows.
    pub group_flows: u64,
}

impl Database {
    /// Replaces the three aggregate tables with what the registry says, in one transaction;
    /// running it again writes the same rows. Safe while the hub runs: the tables are locked
    /// `exclusive` first (readers go on reading the old rows until the commit), which waits for
    /// every transaction that has already recorded deltas and holds back every later one at its
    /// `record` until the commit; the registry is then read in one snapshot (repeatable read,
    /// taken after the lock), so a change is either in that snapshot or adds its delta to the
    /// rebuilt rows afterwards, never both or neither. Audit-logged as the operator's.
    pub async fn rebuild_statistics(&self) -> Result<Rebuilt, StoreError> {
        let mut client = self.client().await?;
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .start()
            .await
            .map_err(pg("starting a statistics rebuild"))?;
        tx.batch_execute(
            "lock table stat_stock, stat_flows, stat_flows_group in exclusive mode;
             delete from stat_stock; delete from stat_flows; delete from stat_flows_group",
        )
        .await
        .map_err(pg("emptying the statistics"))?;
        let stock = tx
            .execute(
                &format!(
                    "insert into stat_stock (owner, gtin, status, product_group, units)
                     select s.owner, s.gtin, s.status, p.product_group, s.units
                     from ({STOCK_FROM_REGISTRY}) s join products p on p.gtin = s.gtin"
                ),
                &[],
            )
            .await
            .map_err(pg("rebuilding the stock"))?;
        tx.batch_execute(&format!(
            "create temporary table flows_rebuilt on commit drop as
             select f.owner, f.gtin, f.day, f.flow, p.product_group, f.units
             from ({FLOWS_FROM_REGISTRY}) f join products p on p.gtin = f.gtin"
        ))
        .await
        .map_err(pg("reading the flows from the history"))?;
        let flows = tx
            .execute(
                "insert into stat_flows (owner, gtin, day, flow, product_group, units)
                 select owner, gtin, day, flow, product_group, units from flows_rebuilt",
                &[],
            )
            .await
            .map_err(pg("rebuilding the flows"))?;
        let group_flows = tx
            .execute(
                "insert into stat_flows_group (owner, product_group, day, flow, units)
                 select owner, product_group, day, flow, sum(units)::int8 from flows_rebuilt
                 group by 1, 2, 3, 4",
                &[],
            )
            .await
            .map_err(pg("rebuilding the group flows"))?;
        let entry = AuditEntry {
            bin: Some("console".to_owned()),
            role: Some("operator".to_owned()),
            action: "statistics.rebuild".to_owned(),
            object: Some(format!(
                "{stock} stock, {flows} flow, {group_flows} group-flow rows"
            )),
            outcome: "ok".to_owned(),
            ..Default::default()
        };
        audit(&*tx, &entry).await?;
        tx.commit()
            .await
            .map_err(pg("committing a statistics rebuild"))?;
        Ok(Rebuilt {
            stock,
            flows,
            group_flows,
        })
    }
}
