//! Statistics for owners (issue 9; R14): a participant's stock by status, product group and
//! GTIN, its flows per day, ISO week or calendar month, and its top GTINs, answered from the
//! aggregate tables the store keeps current (`tanba_store::statistics`), never by scanning
//! codes. A participant sees only its own goods; the operator may ask for anyone's.
//!
//! The query's values are checked at the API boundary ([`StatsQuery`] holds them typed); here
//! is who may see what and the shape of the answers.

use serde::Serialize;
use tanba_domain::Msg;
use tanba_store::statistics::{Flow, Period};
use time::Date;

use crate::{Caller, Registry, RegistryError};

/// What every statistics question names: whose goods, and optional filters.
#[derive(Debug, Clone, Default)]
pub struct StatsScope {
    /// Another participant's BIN/IIN (the operator only).
    pub participant: Option<String>,
    /// One product group.
    pub group: Option<String>,
    /// One GTIN (14 digits, checked).
    pub gtin: Option<String>,
}

/// A range of days, `from` to `to` inclusive, checked (`from <= to`, not too long).
#[derive(Debug, Clone, Copy)]
pub struct DayRange {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
}

/// Codes per lifecycle status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StatusCounts {
    /// Ordered, not yet applied.
    pub emitted: i64,
    /// Applied on goods, not yet in circulation.
    pub applied: i64,
    /// In circulation (the stock), including goods shipped and not yet accepted.
    pub introduced: i64,
    /// Sold at retail.
    pub retired: i64,
    /// Written off.
    pub written_off: i64,
    /// Withdrawn from circulation.
    pub withdrawn: i64,
}

impl StatusCounts {
    fn add(&mut self, status: &str, n: i64) {
        let cell = match status {
            "EMITTED" => &mut self.emitted,
            "APPLIED" => &mut self.applied,
            "INTRODUCED" => &mut self.introduced,
            "RETIRED" => &mut self.retired,
            "WRITTEN_OFF" => &mut self.written_off,
            "WITHDRAWN" => &mut self.withdrawn,
            _ => return,
        };
        *cell += n;
    }
}

/// One product group's codes per status.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupStock {
    /// Product group.
    pub product_group: String,
    /// Codes per status.
    pub statuses: StatusCounts,
}

/// One GTIN's codes per status.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GtinStock {
    /// GTIN.
    pub gtin: String,
    /// Its product group.
    pub product_group: String,
    /// Codes per status.
    pub statuses: StatusCounts,
}

/// A participant's codes by status: in total, per product group, per GTIN (a page, by GTIN).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StockView {
    /// Whose goods.
    pub participant: String,
    /// Every code (within the filters) per status.
    pub total: StatusCounts,
    /// Per product group, by group id.
    pub groups: Vec<GroupStock>,
    /// Per GTIN, by GTIN, from `offset`, at most `limit`.
    pub gtins: Vec<GtinStock>,
    /// How many GTINs there are in all (for paging).
    pub gtins_total: usize,
}

/// Units per flow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FlowCounts {
    /// Codes ordered.
    pub emitted: i64,
    /// Codes applied on goods.
    pub applied: i64,
    /// Introduced into circulation.
    pub introduced: i64,
    /// Shipped to others.
    pub shipped: i64,
    /// Accepted from others.
    pub received: i64,
    /// Sold at retail.
    pub sold: i64,
    /// Written off.
    pub written_off: i64,
    /// Withdrawn from circulation (export, other reasons).
    pub withdrawn: i64,
    /// Returned by customers.
    pub returned: i64,
}

impl FlowCounts {
    fn add(&mut self, flow: Flow, n: i64) {
        let cell = match flow {
            Flow::Emitted => &mut self.emitted,
            Flow::Applied => &mut self.applied,
            Flow::Introduced => &mut self.introduced,
            Flow::Shipped => &mut self.shipped,
            Flow::Received => &mut self.received,
            Flow::Sold => &mut self.sold,
            Flow::WrittenOff => &mut self.written_off,
            Flow::Withdrawn => &mut self.withdrawn,
            Flow::Returned => &mut self.returned,
        };
        *cell += n;
    }
}

/// One period's flows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FlowPoint {
    /// The period's first day (a Monday for weeks, the 1st for months), `YYYY-MM-DD`.
    pub start: String,
    /// Units per flow.
    pub flows: FlowCounts,
}

/// A participant's flows per period, every period of the range listed (zeros included).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FlowsView {
    /// Whose goods.
    pub participant: String,
    /// `day`, `week` (ISO, from Monday) or `month`.
    pub period: &'static str,
    /// First day asked (`YYYY-MM-DD`, Asia/Almaty).
    pub from: String,
    /// Last day asked.
    pub to: String,
    /// The periods, oldest first.
    pub points: Vec<FlowPoint>,
}

/// A GTIN among the top ones.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopGtin {
    /// GTIN.
    pub gtin: String,
    /// Its product group.
    pub product_group: String,
    /// Units of the flow in the range.
    pub units: i64,
}

/// A participant's GTINs with the most units of one flow.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopGtinsView {
    /// Whose goods.
    pub participant: String,
    /// The flow ranked.
    pub flow: &'static str,
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Most first (ties by GTIN).
    pub gtins: Vec<TopGtin>,
}

/// `YYYY-MM-DD`.
fn day_text(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// The first day of the period `day` is in.
pub fn period_start(period: Period, day: Date) -> Date {
    match period {
        Period::Day => day,
        Period::Week => {
            day - time::Duration::days(i64::from(day.weekday().number_days_from_monday()))
        }
        Period::Month => day.replace_day(1).unwrap_or(day),
    }
}

/// The first day of the period after the one starting at `start`.
fn next_start(period: Period, start: Date) -> Option<Date> {
    match period {
        Period::Day => start.next_day(),
        Period::Week => start.checked_add(time::Duration::days(7)),
        Period::Month => {
            let (year, month) = match start.month() {
                time::Month::December => (start.year() + 1, time::Month::January),
                m => (start.year(), m.next()),
            };
            Date::from_calendar_date(year, month, 1).ok()
        }
    }
}

impl Registry {
    /// Whose statistics `caller` asks for: its own, or (the operator only) a named
    /// participant's that exists.
    async fn statistics_owner(
        &self,
        caller: &Caller,
        participant: Option<&str>,
    ) -> Result<String, RegistryError> {
        match participant {
            None => Ok(caller.id.clone()),
            Some(id) if id == caller.id => Ok(caller.id.clone()),
            Some(id) if caller.is_operator() => match self.db.participant(id).await? {
                Some(row) => Ok(row.id),
                None => Err(RegistryError::not_found(
                    "PARTICIPANT_NOT_FOUND",
                    Msg::new("statistics-participant-unknown").with("id", id),
                )
                .at("/participant")),
            },
            Some(_) => Err(RegistryError::forbidden(
                "STATISTICS_NOT_YOURS",
                Msg::new("statistics-not-yours"),
            )
            .at("/participant")),
        }
    }

    /// Stock by status, group and GTIN (R14); GTINs paged by `offset` and `limit`.
    pub async fn stat_stock(
        &self,
        caller: &Caller,
        scope: &StatsScope,
        (offset, limit): (usize, usize),
    ) -> Result<StockView, RegistryError> {
        let owner = self
            .statistics_owner(caller, scope.participant.as_deref())
            .await?;
        let rows = self
            .db
            .stat_stock(&owner, scope.group.as_deref(), scope.gtin.as_deref())
            .await?;
        let mut total = StatusCounts::default();
        let mut groups: std::collections::BTreeMap<String, StatusCounts> = Default::default();
        let mut gtins: Vec<GtinStock> = Vec::new();
        for row in &rows {
            total.add(&row.status, row.units);
            groups
                .entry(row.product_group.clone())
                .or_default()
                .add(&row.status, row.units);
            // Rows come ordered by GTIN.
            match gtins.last_mut() {
                Some(last) if last.gtin == row.gtin => last.statuses.add(&row.status, row.units),
                _ => {
                    let mut statuses = StatusCounts::default();
                    statuses.add(&row.status, row.units);
                    gtins.push(GtinStock {
                        gtin: row.gtin.clone(),
                        product_group: row.product_group.clone(),
                        statuses,
                    });
                }
            }
        }
        let gtins_total = gtins.len();
        Ok(StockView {
            participant: owner,
            total,
            groups: groups
                .into_iter()
                .map(|(product_group, statuses)| GroupStock {
                    product_group,
                    statuses,
                })
                .collect(),
            gtins: gtins.into_iter().skip(offset).take(limit).collect(),
            gtins_total,
        })
    }

    /// Flows per period over `range` (R14), every period listed.
    pub async fn stat_flows(
        &self,
        caller: &Caller,
        scope: &StatsScope,
        period: Period,
        range: DayRange,
    ) -> Result<FlowsView, RegistryError> {
        let owner = self
            .statistics_owner(caller, scope.participant.as_deref())
            .await?;
        let (from, to) = (day_text(range.from), day_text(range.to));
        let rows = self
            .db
            .stat_flows(
                &owner,
                period,
                (&from, &to),
                scope.group.as_deref(),
                scope.gtin.as_deref(),
            )
            .await?;
        let mut points = Vec::new();
        let mut start = Some(period_start(period, range.from));
        while let Some(day) = start.filter(|d| *d <= range.to) {
            points.push(FlowPoint {
                start: day_text(day),
                flows: FlowCounts::default(),
            });
            start = next_start(period, day);
        }
        for row in rows {
            let (Some(point), Some(flow)) = (
                points.iter_mut().find(|p| p.start == row.period),
                Flow::parse(&row.flow),
            ) else {
                continue;
            };
            point.flows.add(flow, row.units);
        }
        Ok(FlowsView {
            participant: owner,
            period: period.as_str(),
            from,
            to,
            points,
        })
    }

    /// The `limit` GTINs with the most units of `flow` over `range` (R14).
    pub async fn stat_top_gtins(
        &self,
        caller: &Caller,
        scope: &StatsScope,
        flow: Flow,
        range: DayRange,
        limit: i64,
    ) -> Result<TopGtinsView, RegistryError> {
        let owner = self
            .statistics_owner(caller, scope.participant.as_deref())
            .await?;
        let (from, to) = (day_text(range.from), day_text(range.to));
        let rows = self
            .db
            .stat_top_gtins(
                &owner,
                flow.as_str(),
                (&from, &to),
                scope.group.as_deref(),
                limit,
            )
            .await?;
        Ok(TopGtinsView {
            participant: owner,
            flow: flow.as_str(),
            from,
            to,
            gtins: rows
                .into_iter()
                .map(|r| TopGtin {
                    gtin: r.gtin,
                    product_group: r.product_group,
                    units: r.units,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Date {
        let month = time::Month::try_from(m).expect("a month");
        Date::from_calendar_date(y, month, d).expect("a day")
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        // 2026-11-25 is a Wednesday.
        assert_eq!(
            period_start(Period::Week, day(2026, 11, 25)),
            day(2026, 11, 23)
        );
        assert_eq!(
            period_start(Period::Month, day(2026, 11, 25)),
            day(2026, 11, 1)
        );
        assert_eq!(
            next_start(Period::Month, day(2026, 12, 1)),
            Some(day(2027, 1, 1))
        );
        assert_eq!(
            next_start(Period::Week, day(2026, 12, 28)),
            Some(day(2027, 1, 4))
        );
    }
}
