//! Product groups as data and their verification key ids.

use tokio_postgres::Row;

use crate::error::pg;
use crate::{Database, StoreError};

/// A product group as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductGroupRow {
    /// `tobacco`, `pharma`, ...
    pub id: String,
    /// `{"kk": ..., "ru": ..., "en": ...}`.
    pub names: serde_json::Value,
    /// Serial length.
    pub serial_length: i32,
    /// Serial alphabet.
    pub serial_alphabet: String,
    /// `93`, `92-44` or `92-88`.
    pub tail: String,
    /// AIs every code of the group must carry when introduced.
    pub mandatory_ais: Vec<String>,
    /// The key id new orders use (none until a key is added).
    pub current_key: Option<String>,
    /// Every key id, the current one included, oldest first.
    pub key_ids: Vec<String>,
}

const SELECT: &str = "select g.id, g.names, g.serial_length, g.serial_alphabet, g.tail,
        g.mandatory_ais,
        (select key_id from verification_keys k
         where k.product_group = g.id and k.retired_at is null),
        coalesce((select array_agg(key_id order by created_at, key_id) from verification_keys k
                  where k.product_group = g.id), '{}')
     from product_groups g";

fn read(r: &Row) -> ProductGroupRow {
    ProductGroupRow {
        id: r.get(0),
        names: r.get(1),
        serial_length: r.get(2),
        serial_alphabet: r.get(3),
        tail: r.get(4),
        mandatory_ais: r.get(5),
        current_key: r.get(6),
        key_ids: r.get(7),
    }
}

impl Database {
    /// Creates or updates a product group (its keys are untouched).
    pub async fn put_product_group(
        &self,
        group: &ProductGroupRow,
        audit: &crate::AuditEntry,
    ) -> Result<(), StoreError> {
        self.execute_audited(
            "insert into product_groups (id, names, serial_length, serial_alphabet, tail,
                     mandatory_ais)
                 values ($1, $2, $3, $4, $5, $6)
                 on conflict (id) do update
                 set names = excluded.names, serial_length = excluded.serial_length,
                     serial_alphabet = excluded.serial_alphabet, tail = excluded.tail,
                     mandatory_ais = excluded.mandatory_ais, updated_at = now()",
            &[
                &group.id,
                &group.names,
                &group.serial_length,
                &group.serial_alphabet,
                &group.tail,
                &group.mandatory_ais,
            ],
            "storing a product group",
            audit,
        )
        .await?;
        Ok(())
    }

    /// Makes `key_id` the group's current verification key, retiring the one before (which
    /// keeps verifying its codes). `false` if the group already has that id.
    pub async fn rotate_verification_key(
        &self,
        group: &str,
        key_id: &str,
        audit: &crate::AuditEntry,
    ) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("starting a key rotation"))?;
        let exists = tx
            .query_opt(
                "select 1 from verification_keys where product_group = $1 and key_id = $2",
                &[&group, &key_id],
            )
            .await
            .map_err(pg("reading verification keys"))?;
        if exists.is_some() {
            return Ok(false);
        }
        tx.execute(
            "update verification_keys set retired_at = now()
             where product_group = $1 and retired_at is null",
            &[&group],
        )
        .await
        .map_err(pg("retiring a verification key"))?;
        tx.execute(
            "insert into verification_keys (product_group, key_id) values ($1, $2)",
            &[&group, &key_id],
        )
        .await
        .map_err(pg("adding a verification key"))?;
        crate::audit(&*tx, audit).await?;
        tx.commit().await.map_err(pg("committing a key rotation"))?;
        Ok(true)
    }

    /// Every product group, by id.
    pub async fn product_groups(&self) -> Result<Vec<ProductGroupRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(&format!("{SELECT} order by g.id"), &[])
            .await
            .map_err(pg("reading product groups"))?;
        Ok(rows.iter().map(read).collect())
    }

    /// One product group.
    pub async fn product_group(&self, id: &str) -> Result<Option<ProductGroupRow>, StoreError> {
        let row = self
            .query_opt_cached(
                &format!("{SELECT} where g.id = $1"),
                &[&id],
                "reading a product group",
            )
            .await?;
        Ok(row.as_ref().map(read))
    }
}
