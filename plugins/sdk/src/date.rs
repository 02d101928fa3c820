//! Dates without a clock: parsing GS1 and ISO dates and counting days.

use crate::Date;

/// The expiry date of GS1 AI 17 (`YYMMDD`). Day `00` means the last day of the month; the year
/// is in 2000..2099 (GS1 General Specifications' sliding window is the hub's job; codes on
/// goods in circulation today all fall in this century).
pub fn expiry_from_ai17(value: &str) -> Option<Date> {
    if value.len() != 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = 2000 + value[0..2].parse::<i32>().ok()?;
    let month = value[2..4].parse::<u8>().ok()?;
    let day = value[4..6].parse::<u8>().ok()?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let last = days_in_month(year, month);
    let day = if day == 0 { last } else { day };
    (day <= last).then_some(Date { year, month, day })
}

/// An ISO 8601 calendar date `YYYY-MM-DD`.
pub fn parse_iso_date(value: &str) -> Option<Date> {
    let mut parts = value.splitn(3, '-');
    let year = parts.next()?.parse::<i32>().ok()?;
    let month = parts.next()?.parse::<u8>().ok()?;
    let day = parts.next()?.parse::<u8>().ok()?;
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
        year,
        month,
        day,
    })
}

/// `date` plus `days` (which may be negative).
pub fn add_days(date: &Date, days: i64) -> Date {
    civil_from_days(days_from_civil(date) + days)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil(date: &Date) -> i64 {
    let y = i64::from(date.year) - i64::from(date.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(date.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(date.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    fn same(a: &Date, b: &Date) -> bool {
        (a.year, a.month, a.day) == (b.year, b.month, b.day)
    }

    #[test]
    fn ai17_day_zero_is_the_last_day_of_the_month() {
        assert!(same(
            &expiry_from_ai17("280200").expect("valid"),
            &d(2028, 2, 29)
        ));
        assert!(same(
            &expiry_from_ai17("270415").expect("valid"),
            &d(2027, 4, 15)
        ));
        assert!(expiry_from_ai17("271301").is_none());
        assert!(expiry_from_ai17("270231").is_none());
        assert!(expiry_from_ai17("27041").is_none());
    }

    #[test]
    fn days_round_trip_across_leap_years() {
        for (date, days) in [
            (d(1970, 1, 1), 0),
            (d(2000, 3, 1), 11_017),
            (d(2026, 11, 24), 20_781),
        ] {
            assert_eq!(days_from_civil(&date), days);
            assert!(same(&civil_from_days(days), &date));
        }
        assert!(same(&add_days(&d(2028, 2, 28), 1), &d(2028, 2, 29)));
        assert!(same(&add_days(&d(2027, 1, 1), -1), &d(2026, 12, 31)));
    }

    #[test]
    fn iso_dates_are_checked() {
        assert!(same(
            &parse_iso_date("2026-11-01").expect("valid"),
            &d(2026, 11, 1)
        ));
        assert!(parse_iso_date("2026-02-30").is_none());
        assert!(parse_iso_date("01.11.2026").is_none());
    }
}
