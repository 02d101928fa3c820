//! Reads of the statistics (R14): one owner's rows of the aggregate tables, never units or
//! their history. Days are `YYYY-MM-DD` text, checked by the caller.

use crate::error::pg;
use crate::{Database, StoreError};

/// One owner's codes of a GTIN in one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRow {
    /// Product group.
    pub product_group: String,
    /// GTIN.
    pub gtin: String,
    /// Lifecycle status.
    pub status: String,
    /// How many codes.
    pub units: i64,
}

/// The length of the periods flows are summed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar days (Asia/Almaty).
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
}

impl Period {
    /// Its name for `date_trunc` and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// One kind of flow over one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowRow {
    /// The period's first day.
    pub period: String,
    /// The flow (`introduced`, ...).
    pub flow: String,
    /// How many units.
    pub units: i64,
}

/// A GTIN and its units of one flow over a range of days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopRow {
    /// GTIN.
    pub gtin: String,
    /// Its product group.
    pub product_group: String,
    /// How many units.
    pub units: i64,
}

impl Database {
    /// `owner`'s stock (cells that are not zero), optionally of one group or GTIN.
    pub async fn stat_stock(
        &self,
        owner: &str,
        group: Option<&str>,
        gtin: Option<&str>,
    ) -> Result<Vec<StockRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select product_group, gtin, status, units from stat_stock
                 where owner = $1 and units <> 0
                   and ($2::text is null or product_group = $2)
                   and ($3::text is null or gtin = $3)
                 order by gtin, status",
                &[&owner, &group, &gtin],
            )
            .await
            .map_err(pg("reading stock statistics"))?;
        Ok(rows
            .iter()
            .map(|r| StockRow {
                product_group: r.get(0),
                gtin: r.get(1),
                status: r.get(2),
                units: r.get(3),
            })
            .collect())
    }

    /// `owner`'s flows per period from `from` to `to` (inclusive days), optionally of one group
    /// or GTIN; the group table answers unless a GTIN is asked.
    pub async fn stat_flows(
        &self,
        owner: &str,
        period: Period,
        (from, to): (&str, &str),
        group: Option<&str>,
        gtin: Option<&str>,
    ) -> Result<Vec<FlowRow>, StoreError> {
        let table = if gtin.is_some() {
            "stat_flows"
        } else {
            "stat_flows_group"
        };
        let gtin_filter = if gtin.is_some() {
            "gtin = $6"
        } else {
            "$6::text is null"
        };
        let sql = format!(
            "select to_char(date_trunc($2, day::timestamp), 'YYYY-MM-DD'), flow,
                    sum(units)::int8
             from {table}
             where owner = $1 and day between $3::text::date and $4::text::date
               and ($5::text is null or product_group = $5) and {gtin_filter}
             group by 1, 2 order by 1, 2"
        );
        let rows = self
            .client()
            .await?
            .query(&sql, &[&owner, &period.as_str(), &from, &to, &group, &gtin])
            .await
            .map_err(pg("reading flow statistics"))?;
        Ok(rows
            .iter()
            .map(|r| FlowRow {
                period: r.get(0),
                flow: r.get(1),
                units: r.get(2),
            })
            .collect())
    }

    /// `owner`'s GTINs with the most units of `flow` from `from` to `to`, most first.
    pub async fn stat_top_gtins(
        &self,
        owner: &str,
        flow: &str,
        (from, to): (&str, &str),
        group: Option<&str>,
        limit: i64,
    ) -> Result<Vec<TopRow>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select gtin, min(product_group), sum(units)::int8 as total from stat_flows
                 where owner = $1 and flow = $2 and day between $3::text::date and $4::text::date
                   and ($5::text is null or product_group = $5)
                 group by gtin having sum(units) <> 0
                 order by total desc, gtin limit $6",
                &[&owner, &flow, &from, &to, &group, &limit],
            )
            .await
            .map_err(pg("reading top GTINs"))?;
        Ok(rows
            .iter()
            .map(|r| TopRow {
                gtin: r.get(0),
                product_group: r.get(1),
                units: r.get(2),
            })
            .collect())
    }
}
