//! Periods of whole days in Kazakhstan's time zone (Asia/Almaty), and their bounds in UTC.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Asia::Almaty;
use tanba_domain::Msg;
use tanba_registry::RegistryError;
use tanba_store::exports::DayBounds;

/// The longest period one export covers when asked for (a scheduled catch-up may be longer).
pub const MAX_DAYS: i64 = 366;

/// Whole days `[from, to)` in Asia/Almaty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The day after the last.
    pub to: NaiveDate,
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Days since 1970-01-01, as Arrow's `Date32` counts them.
pub fn day_number(day: NaiveDate) -> i32 {
    i32::try_from((day - epoch()).num_days()).unwrap_or(i32::MAX)
}

/// The day numbered `n` (the inverse of [`day_number`]).
pub fn day_of_number(n: i32) -> NaiveDate {
    epoch() + chrono::Duration::days(i64::from(n))
}

/// The first second of `day` in Asia/Almaty, as Unix seconds.
pub fn start_unix(day: NaiveDate) -> i64 {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Almaty
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc().timestamp(), |t| t.timestamp())
}

/// The day in Asia/Almaty at `at`.
pub fn almaty_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Almaty).date_naive()
}

impl Period {
    /// Parses `from` and `to` (`YYYY-MM-DD`) as an export period: `to` after `from`, at most
    /// [`MAX_DAYS`] long, and not beyond tomorrow (later days have no history yet).
    pub fn parse(from: &str, to: &str, now: DateTime<Utc>) -> Result<Period, RegistryError> {
        let day = |text: &str, pointer: &'static str| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .filter(|_| text.len() == 10)
                .ok_or_else(|| {
                    RegistryError::invalid(
                        pointer,
                        "EXPORT_DAY_INVALID",
                        Msg::new("export-day-invalid").with("value", text.escape_debug()),
                    )
                })
        };
        let period = Period {
            from: day(from, "/from")?,
            to: day(to, "/to")?,
        };
        let days = period.days();
        let tomorrow = almaty_day(now).succ_opt().unwrap_or(period.to);
        if !(1..=MAX_DAYS).contains(&days) || period.to > tomorrow {
            return Err(RegistryError::invalid(
                "/to",
                "EXPORT_PERIOD_INVALID",
                Msg::new("export-period-invalid")
                    .with("from", from)
                    .with("to", to)
                    .with_number("max", MAX_DAYS)
                    .with("last", tomorrow.to_string()),
            ));
        }
        Ok(period)
    }

    /// How many days.
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days()
    }

    /// Each day with its bounds in UTC.
    pub fn bounds(&self) -> Vec<DayBounds> {
        self.from
            .iter_days()
            .take_while(|d| *d < self.to)
            .map(|d| DayBounds {
                day: day_number(d),
                from_unix: start_unix(d),
                to_unix: d.succ_opt().map_or(i64::MAX, start_unix),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z")
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_day_starts_at_midnight_in_almaty() {
        let p = Period::parse("2026-11-24", "2026-11-25", now()).expect("a period");
        let b = p.bounds();
        assert_eq!(b.len(), 1);
        // 00:00 in Almaty (UTC+5) is 19:00 UTC the day before.
        let expected = DateTime::parse_from_rfc3339("2026-11-23T19:00:00Z").expect("time");
        assert_eq!(b[0].from_unix, expected.timestamp());
        assert_eq!(b[0].to_unix - b[0].from_unix, 86_400);
        assert_eq!(day_of_number(b[0].day).to_string(), "2026-11-24");
    }

    #[test]
    fn bad_periods_are_refused_with_a_pointer() {
        for (from, to, code) in [
            ("2026-11-24", "2026-11-24", "EXPORT_PERIOD_INVALID"),
            ("2026-11-25", "2026-11-24", "EXPORT_PERIOD_INVALID"),
            ("2024-01-01", "2026-11-24", "EXPORT_PERIOD_INVALID"),
            ("2026-11-25", "2026-11-28", "EXPORT_PERIOD_INVALID"),
            ("2026-11-5", "2026-11-24", "EXPORT_DAY_INVALID"),
            ("yesterday", "2026-11-24", "EXPORT_DAY_INVALID"),
        ] {
            let e = Period::parse(from, to, now()).expect_err(from);
            assert_eq!(e.code, code, "{from}..{to}");
        }
        assert!(
            Period::parse("2026-11-25", "2026-11-26", now()).is_ok(),
            "today"
        );
    }
}
