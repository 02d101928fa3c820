//! Emission orders (R1): each reserves a disjoint range of its GTIN's serial counters.

use tokio_postgres::Row;
use uuid::Uuid;

use super::MAX_PAGE;
use crate::error::pg;
use crate::{Database, StoreError};

/// What an order asks for; the counter range is the database's to give.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// The ordering participant.
    pub participant: String,
    /// The GTIN.
    pub gtin: String,
    /// The GTIN's product group.
    pub product_group: String,
    /// How many codes.
    pub quantity: i64,
    /// The verification key of the codes.
    pub key_id: String,
    /// The serial format the codes are made in.
    pub serial_length: i32,
    /// Its alphabet.
    pub serial_alphabet: String,
    /// The crypto tail form.
    pub tail: String,
}

/// An order as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    /// Its id.
    pub id: Uuid,
    /// The ordering participant.
    pub participant: String,
    /// The GTIN.
    pub gtin: String,
    /// Product group.
    pub product_group: String,
    /// How many codes.
    pub quantity: i64,
    /// The first serial counter of its range.
    pub first_counter: i64,
    /// Verification key id.
    pub key_id: String,
    /// Serial length.
    pub serial_length: i32,
    /// Serial alphabet.
    pub serial_alphabet: String,
    /// Crypto tail form.
    pub tail: String,
    /// When it was made, RFC 3339.
    pub created_at: String,
}

const SELECT: &str = "select id, participant, gtin, product_group, quantity, first_counter,
        key_id, serial_length, serial_alphabet, tail,
        to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')
     from emission_orders";

fn read(r: &Row) -> OrderRow {
    OrderRow {
        id: r.get(0),
        participant: r.get(1),
        gtin: r.get(2),
        product_group: r.get(3),
        quantity: r.get(4),
        first_counter: r.get(5),
        key_id: r.get(6),
        serial_length: r.get(7),
        serial_alphabet: r.get(8),
        tail: r.get(9),
        created_at: r.get(10),
    }
}

impl Database {
    /// Reserves `order.quantity` counters of the GTIN and records the order, in one
    /// transaction: concurrent orders for one GTIN queue on its counter row and get disjoint
    /// ranges (and the exclusion constraint refuses any overlap whatever the counter says).
    /// `None` when the range would pass `capacity`, the number of serials the format has.
    pub async fn create_order(
        &self,
        order: &NewOrder,
        capacity: i64,
        audit: &crate::AuditEntry,
    ) -> Result<Option<OrderRow>, StoreError> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("starting an order"))?;
        let first: i64 = tx
            .query_one(
                "insert into gtin_counters (gtin, next_counter) values ($1, $2)
                 on conflict (gtin) do update
                 set next_counter = gtin_counters.next_counter + $2
                 returning next_counter - $2",
                &[&order.gtin, &order.quantity],
            )
            .await
            .map_err(pg("reserving serial counters"))?
            .get(0);
        if first
            .checked_add(order.quantity)
            .is_none_or(|end| end > capacity)
        {
            return Ok(None);
        }
        let row = tx
            .query_one(
                &format!(
                    "with o as (insert into emission_orders (id, participant, gtin, product_group,
                         quantity, first_counter, key_id, serial_length, serial_alphabet, tail)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *)
                     {}",
                    SELECT.replace("from emission_orders", "from o")
                ),
                &[
                    &Uuid::new_v4(),
                    &order.participant,
                    &order.gtin,
                    &order.product_group,
                    &order.quantity,
                    &first,
                    &order.key_id,
                    &order.serial_length,
                    &order.serial_alphabet,
                    &order.tail,
                ],
            )
            .await
            .map_err(pg("recording an order"))?;
        let created = read(&row);
        let entry = crate::AuditEntry {
            object: Some(created.id.to_string()),
            ..audit.clone()
        };
        crate::audit(&*tx, &entry).await?;
        let mut emitted = crate::statistics::Deltas::new();
        emitted.emitted(&created.participant, &created.gtin, created.quantity);
        crate::statistics::record(&*tx, &emitted).await?;
        tx.commit().await.map_err(pg("committing an order"))?;
        Ok(Some(created))
    }

    /// One order.
    pub async fn order(&self, id: Uuid) -> Result<Option<OrderRow>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(&format!("{SELECT} where id = $1"), &[&id])
            .await
            .map_err(pg("reading an order"))?;
        Ok(row.as_ref().map(read))
    }

    /// The order whose range holds `counter` of `gtin`: where a scanned serial was emitted.
    pub async fn order_by_counter(
        &self,
        gtin: &str,
        counter: i64,
    ) -> Result<Option<OrderRow>, StoreError> {
        let row = self
            .query_opt_cached(
                &format!("{SELECT} where gtin = $1 and counters @> $2::bigint"),
                &[&gtin, &counter],
                "finding a code's order",
            )
            .await?;
        Ok(row.as_ref().map(read))
    }

    /// A page of `participant`'s orders, newest first, after the order `cursor`.
    pub async fn orders(
        &self,
        participant: &str,
        cursor: Option<Uuid>,
        limit: i64,
    ) -> Result<Vec<OrderRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "{SELECT} where participant = $1
                       and ($2::uuid is null or (created_at, id) <
                            (select created_at, id from emission_orders where id = $2))
                     order by created_at desc, id desc limit $3"
                ),
                &[&participant, &cursor, &limit.clamp(1, MAX_PAGE)],
            )
            .await
            .map_err(pg("listing orders"))?;
        Ok(rows.iter().map(read).collect())
    }
}
