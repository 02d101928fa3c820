//! Statistics for owners (issue 9; R14), migration 0012: stock per owner, GTIN and status, and
//! flows per owner, GTIN (and product group), day and kind, kept current in the transaction of
//! every change of units. Callers describe what changed ([`Deltas`], computed in Rust from the
//! rows before and after) and [`record`] writes it in one statement, however many units the
//! change touched. Reads answer from these tables only; [`crate::Database::rebuild_statistics`]
//! recomputes them from the registry (a database from before them, or a doubt).
//!
//! Days are calendar days in Asia/Almaty (Kazakhstan's time zone), of the transaction's time:
//! the same instant `unit_history.at` records.

mod delta;
mod read;
mod rebuild;

pub use delta::{Deltas, Flow, FlowKey, StockKey, gtin_of};
pub use read::{FlowRow, Period, StockRow, TopRow};
pub use rebuild::{FLOWS_FROM_REGISTRY, Rebuilt, STOCK_FROM_REGISTRY};

use tokio_postgres::GenericClient;

use crate::StoreError;
use crate::error::pg;
use crate::registry::UnitRow;

/// The day flows are counted on: the transaction's time in Kazakhstan.
pub const DAY: &str = "(now() at time zone 'Asia/Almaty')::date";

/// Applies `deltas` in the caller's transaction: one statement (upserts into the stock, flow
/// and group-flow tables), rows taken in key order. Nothing when there is no change.
pub async fn record(tx: &impl GenericClient, deltas: &Deltas) -> Result<(), StoreError> {
    if deltas.is_empty() {
        return Ok(());
    }
    let (mut s_owner, mut s_gtin, mut s_status, mut s_units) = (vec![], vec![], vec![], vec![]);
    for ((owner, gtin, status), n) in deltas.stock() {
        s_owner.push(owner.as_str());
        s_gtin.push(gtin.as_str());
        s_status.push(status.as_str());
        s_units.push(n);
    }
    let (mut f_owner, mut f_gtin, mut f_flow, mut f_units) = (vec![], vec![], vec![], vec![]);
    for ((owner, gtin, flow), n) in deltas.flows() {
        f_owner.push(owner.as_str());
        f_gtin.push(gtin.as_str());
        f_flow.push(flow.as_str());
        f_units.push(n);
    }
    tx.execute(
        &record_sql(),
        &[
            &s_owner, &s_gtin, &s_status, &s_units, &f_owner, &f_gtin, &f_flow, &f_units,
        ],
    )
    .await
    .map_err(pg("recording statistics"))?;
    Ok(())
}

/// Records the changes of units, each as (row before, row after), in the caller's transaction:
/// what every writer of units calls after writing them (reports, aggregations, documents).
pub async fn record_units<'a>(
    tx: &impl GenericClient,
    changes: impl IntoIterator<Item = (Option<&'a UnitRow>, &'a UnitRow)>,
) -> Result<(), StoreError> {
    let mut deltas = Deltas::new();
    for (old, new) in changes {
        deltas.unit(old, new);
    }
    record(tx, &deltas).await
}

fn record_sql() -> String {
    format!(
        "with s as (
             insert into stat_stock (owner, gtin, status, product_group, units)
             select d.owner, d.gtin, d.status, p.product_group, d.units
             from unnest($1::text[], $2::text[], $3::text[], $4::int8[])
                 with ordinality as d (owner, gtin, status, units, n)
             join products p on p.gtin = d.gtin
             order by d.n
             on conflict (owner, gtin, status) do update
             set units = stat_stock.units + excluded.units,
                 product_group = excluded.product_group
             returning 1),
         f as (
             select d.owner, d.gtin, d.flow, d.units, d.n, p.product_group
             from unnest($5::text[], $6::text[], $7::text[], $8::int8[])
                 with ordinality as d (owner, gtin, flow, units, n)
             join products p on p.gtin = d.gtin),
         g as (
             insert into stat_flows (owner, gtin, day, flow, product_group, units)
             select owner, gtin, {DAY}, flow, product_group, units from f order by n
             on conflict (owner, gtin, day, flow) do update
             set units = stat_flows.units + excluded.units
             returning 1),
         h as (
             insert into stat_flows_group (owner, product_group, day, flow, units)
             select owner, product_group, {DAY}, flow, sum(units)::int8 from f
             group by owner, product_group, flow order by owner, product_group, flow
             on conflict (owner, product_group, day, flow) do update
             set units = stat_flows_group.units + excluded.units
             returning 1)
         select (select count(*) from s), (select count(*) from g), (select count(*) from h)"
    )
}
