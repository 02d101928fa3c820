//! `/api/v1/statistics` (issue 9; R14): a participant's stock, flows and top GTINs, from the
//! aggregate tables kept current as units change. Every query value is checked here, at the
//! boundary: a bad one is a 400 problem naming the parameter, in kk/ru/en. A participant sees
//! its own goods; the operator names anyone's with `participant`.

use axum::Json;
use axum::extract::State;
use http::StatusCode;
use serde::Deserialize;
use tanba_domain::{Gtin, Msg};
use tanba_registry::{DayRange, FlowsView, StatsScope, StockView, TopGtinsView};
use tanba_store::statistics::{Flow, Period};
use time::Date;

use crate::auth::Authenticated;
use crate::body::Query;
use crate::{ApiError, AppState};

/// The longest range of days per period (flows) and for top GTINs: a year of days, three
/// years of weeks, ten years of months; two years for a ranking.
const MAX_DAY_DAYS: i64 = 366;
const MAX_WEEK_DAYS: i64 = 1096;
const MAX_MONTH_DAYS: i64 = 3660;
const MAX_TOP_DAYS: i64 = 731;
/// The most GTINs per page of stock, and in a ranking.
const MAX_STOCK_LIMIT: usize = 1000;
const MAX_TOP_LIMIT: i64 = 100;

/// A bad query value: 400, naming the parameter.
fn bad(param: &str, code: &'static str, detail: Msg) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        code,
        Msg::new("problem-bad-request-title"),
        detail.clone(),
    )
    .with_field(format!("/{param}"), detail)
}

fn scope(
    participant: Option<String>,
    group: Option<String>,
    gtin: Option<String>,
) -> Result<StatsScope, ApiError> {
    if let Some(p) = &participant
        && (p.len() != 12 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        let msg = Msg::new("statistics-participant-invalid").with("value", p.escape_debug());
        return Err(bad("participant", "STATISTICS_PARTICIPANT_INVALID", msg));
    }
    if let Some(g) = &group {
        let shaped = g.len() <= 32
            && g.starts_with(|c: char| c.is_ascii_lowercase())
            && g.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !shaped {
            let msg = Msg::new("statistics-group-invalid").with("value", g.escape_debug());
            return Err(bad("group", "STATISTICS_GROUP_INVALID", msg));
        }
    }
    if let Some(g) = &gtin
        && Gtin::parse(g).is_err()
    {
        let msg = Msg::new("statistics-gtin-invalid").with("value", g.escape_debug());
        return Err(bad("gtin", "STATISTICS_GTIN_INVALID", msg));
    }
    Ok(StatsScope {
        participant,
        group,
        gtin,
    })
}

fn day(param: &str, text: Option<&str>) -> Result<Option<Date>, ApiError> {
    text.map(|t| {
        tanba_reference::parse_day(t).ok_or_else(|| {
            let msg = Msg::new("statistics-date-invalid")
                .with("name", param)
                .with("value", t.escape_debug());
            bad(param, "STATISTICS_DATE_INVALID", msg)
        })
    })
    .transpose()
}

/// `from`..`to`: `to` defaults to today in Kazakhstan, `from` to `default_days` before it; at
/// most `max_days` days.
fn range(
    from: Option<&str>,
    to: Option<&str>,
    default_days: i64,
    max_days: i64,
) -> Result<DayRange, ApiError> {
    let to = day("to", to)?.unwrap_or_else(tanba_reference::today_in_kazakhstan);
    let from = day("from", from)?.unwrap_or(to - time::Duration::days(default_days - 1));
    if from > to {
        let msg = Msg::new("statistics-range-reversed");
        return Err(bad("from", "STATISTICS_RANGE_REVERSED", msg));
    }
    if (to - from).whole_days() + 1 > max_days {
        let msg = Msg::new("statistics-range-too-long").with("max", max_days);
        return Err(bad("from", "STATISTICS_RANGE_TOO_LONG", msg));
    }
    Ok(DayRange { from, to })
}

fn number<T: std::str::FromStr + PartialOrd + Copy + std::fmt::Display>(
    param: &str,
    text: Option<&str>,
    default: T,
    (min, max): (T, T),
) -> Result<T, ApiError> {
    let Some(text) = text else {
        return Ok(default);
    };
    match text.parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(n),
        _ => {
            let msg = Msg::new("statistics-number-invalid")
                .with("name", param)
                .with("value", text.escape_debug())
                .with("min", min.to_string())
                .with("max", max.to_string());
            Err(bad(param, "STATISTICS_NUMBER_INVALID", msg))
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct StockQuery {
    /// Another participant's BIN/IIN (the operator only).
    participant: Option<String>,
    /// Only this product group.
    group: Option<String>,
    /// Only this GTIN (14 digits).
    gtin: Option<String>,
    /// GTINs to skip in `gtins` (default 0).
    offset: Option<String>,
    /// GTINs per page in `gtins` (1-1000, default 100).
    limit: Option<String>,
}

#[utoipa::path(
    get, path = "/api/v1/statistics/stock", tag = "statistics", security(("bearer" = [])),
    params(StockQuery),
    responses(
        (status = 200, description = "The participant's codes by status: in total, per product group and per GTIN (a page).", body = StockView),
        (status = 400, description = "A parameter is malformed; the problem names it."),
        (status = 403, description = "Only the operator asks for another participant's statistics."),
        (status = 404, description = "The operator named an unknown participant."),
    )
)]
pub(crate) async fn stock(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<StockQuery>,
) -> Result<Json<StockView>, ApiError> {
    let offset = number("offset", q.offset.as_deref(), 0usize, (0, 1_000_000))?;
    let limit = number("limit", q.limit.as_deref(), 100usize, (1, MAX_STOCK_LIMIT))?;
    let scope = scope(q.participant, q.group, q.gtin)?;
    Ok(Json(
        state
            .registry
            .stat_stock(&caller, &scope, (offset, limit))
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct FlowsQuery {
    /// Another participant's BIN/IIN (the operator only).
    participant: Option<String>,
    /// `day` (default), `week` (ISO, from Monday) or `month` (calendar).
    period: Option<String>,
    /// First day, YYYY-MM-DD (Asia/Almaty); default: 30 days, 12 weeks or 12 months back.
    from: Option<String>,
    /// Last day, YYYY-MM-DD; default today in Kazakhstan. At most 366 days (day), 1096 (week)
    /// or 3660 (month) from `from`.
    to: Option<String>,
    /// Only this product group.
    group: Option<String>,
    /// Only this GTIN.
    gtin: Option<String>,
}

#[utoipa::path(
    get, path = "/api/v1/statistics/flows", tag = "statistics", security(("bearer" = [])),
    params(FlowsQuery),
    responses(
        (status = 200, description = "Units per flow (emitted, applied, introduced, shipped, received, sold, written_off, withdrawn, returned) for every period of the range.", body = FlowsView),
        (status = 400, description = "A parameter is malformed, or the range is reversed or too long; the problem names it."),
        (status = 403, description = "Only the operator asks for another participant's statistics."),
        (status = 404, description = "The operator named an unknown participant."),
    )
)]
pub(crate) async fn flows(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<FlowsQuery>,
) -> Result<Json<FlowsView>, ApiError> {
    let period = match q.period.as_deref().unwrap_or("day") {
        "day" => Period::Day,
        "week" => Period::Week,
        "month" => Period::Month,
        other => {
            let msg = Msg::new("statistics-period-invalid").with("value", other.escape_debug());
            return Err(bad("period", "STATISTICS_PERIOD_INVALID", msg));
        }
    };
    let (default_days, max_days) = match period {
        Period::Day => (30, MAX_DAY_DAYS),
        Period::Week => (84, MAX_WEEK_DAYS),
        Period::Month => (365, MAX_MONTH_DAYS),
    };
    let range = range(q.from.as_deref(), q.to.as_deref(), default_days, max_days)?;
    let scope = scope(q.participant, q.group, q.gtin)?;
    Ok(Json(
        state
            .registry
            .stat_flows(&caller, &scope, period, range)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct TopQuery {
    /// Another participant's BIN/IIN (the operator only).
    participant: Option<String>,
    /// The flow to rank by (default `sold`): emitted, applied, introduced, shipped, received,
    /// sold, written_off, withdrawn, returned.
    flow: Option<String>,
    /// First day, YYYY-MM-DD; default 30 days back.
    from: Option<String>,
    /// Last day, YYYY-MM-DD; default today. At most 731 days from `from`.
    to: Option<String>,
    /// Only this product group.
    group: Option<String>,
    /// How many GTINs (1-100, default 10).
    limit: Option<String>,
}

#[utoipa::path(
    get, path = "/api/v1/statistics/top-gtins", tag = "statistics", security(("bearer" = [])),
    params(TopQuery),
    responses(
        (status = 200, description = "The GTINs with the most units of the flow in the range, most first.", body = TopGtinsView),
        (status = 400, description = "A parameter is malformed, or the range is reversed or too long; the problem names it."),
        (status = 403, description = "Only the operator asks for another participant's statistics."),
        (status = 404, description = "The operator named an unknown participant."),
    )
)]
pub(crate) async fn top_gtins(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<TopQuery>,
) -> Result<Json<TopGtinsView>, ApiError> {
    let text = q.flow.as_deref().unwrap_or("sold");
    let Some(flow) = Flow::parse(text) else {
        let msg = Msg::new("statistics-flow-invalid").with("value", text.escape_debug());
        return Err(bad("flow", "STATISTICS_FLOW_INVALID", msg));
    };
    let limit = number("limit", q.limit.as_deref(), 10i64, (1, MAX_TOP_LIMIT))?;
    let range = range(q.from.as_deref(), q.to.as_deref(), 30, MAX_TOP_DAYS)?;
    let scope = scope(q.participant, q.group, None)?;
    Ok(Json(
        state
            .registry
            .stat_top_gtins(&caller, &scope, flow, range, limit)
            .await?,
    ))
}
