//! The product catalogue: GTIN -> names, owner, group and attributes.

use tokio_postgres::Row;

use super::MAX_PAGE;
use crate::error::pg;
use crate::{Database, StoreError};

/// A product as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductRow {
    /// 14 digits.
    pub gtin: String,
    /// Its product group.
    pub product_group: String,
    /// The participant who owns the GTIN.
    pub owner: String,
    /// `{"kk": ..., "ru": ..., "en": ...}`.
    pub names: serde_json::Value,
    /// Brand.
    pub brand: Option<String>,
    /// Manufacturer's name as printed.
    pub manufacturer: Option<String>,
    /// The importing participant.
    pub importer: Option<String>,
    /// TN VED (EAEU commodity code), 10 digits.
    pub tn_ved: Option<String>,
    /// Shelf life in days.
    pub shelf_life_days: Option<i32>,
    /// Group-specific attributes.
    pub attributes: serde_json::Value,
}

const SELECT: &str = "select gtin, product_group, owner, names, brand, manufacturer, importer,
        tn_ved, shelf_life_days, attributes from products";

fn read(r: &Row) -> ProductRow {
    ProductRow {
        gtin: r.get(0),
        product_group: r.get(1),
        owner: r.get(2),
        names: r.get(3),
        brand: r.get(4),
        manufacturer: r.get(5),
        importer: r.get(6),
        tn_ved: r.get(7),
        shelf_life_days: r.get(8),
        attributes: r.get(9),
    }
}

impl Database {
    /// Creates a product, or updates it if `expected_owner` still owns it. `false` when the
    /// GTIN exists with another owner (nothing changes then).
    pub async fn put_product(
        &self,
        p: &ProductRow,
        expected_owner: &str,
        audit: &crate::AuditEntry,
    ) -> Result<bool, StoreError> {
        let written = self
            .execute_audited(
                "insert into products (gtin, product_group, owner, names, brand, manufacturer,
                     importer, tn_ved, shelf_life_days, attributes)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 on conflict (gtin) do update
                 set product_group = excluded.product_group, owner = excluded.owner,
                     names = excluded.names, brand = excluded.brand,
                     manufacturer = excluded.manufacturer, importer = excluded.importer,
                     tn_ved = excluded.tn_ved, shelf_life_days = excluded.shelf_life_days,
                     attributes = excluded.attributes, updated_at = now()
                 where products.owner = $11",
                &[
                    &p.gtin,
                    &p.product_group,
                    &p.owner,
                    &p.names,
                    &p.brand,
                    &p.manufacturer,
                    &p.importer,
                    &p.tn_ved,
                    &p.shelf_life_days,
                    &p.attributes,
                    &expected_owner,
                ],
                "storing a product",
                audit,
            )
            .await?;
        Ok(written == 1)
    }

    /// One product.
    pub async fn product(&self, gtin: &str) -> Result<Option<ProductRow>, StoreError> {
        let row = self
            .query_opt_cached(
                &format!("{SELECT} where gtin = $1"),
                &[&gtin],
                "reading a product",
            )
            .await?;
        Ok(row.as_ref().map(read))
    }

    /// The products of `gtins` (14 digits each).
    pub async fn products_by_gtin(&self, gtins: &[String]) -> Result<Vec<ProductRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!("{SELECT} where gtin = any($1) order by gtin"),
                &[&gtins],
            )
            .await
            .map_err(pg("reading products"))?;
        Ok(rows.iter().map(read).collect())
    }

    /// A page of products after `cursor` (a GTIN), by GTIN; with `owner`, only its products.
    pub async fn products(
        &self,
        owner: Option<&str>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Vec<ProductRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                &format!(
                    "{SELECT} where ($1::text is null or owner = $1)
                       and ($2::text is null or gtin > $2)
                     order by gtin limit $3"
                ),
                &[&owner, &cursor, &limit.clamp(1, MAX_PAGE)],
            )
            .await
            .map_err(pg("listing products"))?;
        Ok(rows.iter().map(read).collect())
    }
}
