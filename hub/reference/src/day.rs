//! Calendar days as the reference data writes them: `YYYY-MM-DD`.

use time::{Date, Month};

/// Parses `YYYY-MM-DD` (a real day of the proleptic Gregorian calendar, years 1900-9999).
pub fn parse_day(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u16> {
        let part = text.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = i32::from(number(0..4)?);
    let month = Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let day = u8::try_from(number(8..10)?).ok()?;
    if year < 1900 {
        return None;
    }
    Date::from_calendar_date(year, month, day).ok()
}

/// `YYYY-MM-DD`.
pub fn format_day(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// Today in Kazakhstan (UTC+5 since 1 March 2024, the whole country): the day an "as of"
/// question means when it names none.
pub fn today_in_kazakhstan() -> Date {
    (time::OffsetDateTime::now_utc() + time::Duration::hours(5)).date()
}

/// The day in Kazakhstan of an RFC 3339 UTC time such as `2026-12-31T19:30:00.000Z` (which
/// is already 1 January there); `None` if it is not of that form.
pub fn kazakhstan_day_of(utc: &str) -> Option<Date> {
    let day = parse_day(utc.get(..10)?)?;
    let hour: u8 = utc.get(11..13)?.parse().ok()?;
    Some(if hour >= 19 { day.next_day()? } else { day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_parse_and_print_back() {
        let day = parse_day("2027-01-01").expect("a day");
        assert_eq!(format_day(day), "2027-01-01");
        assert_eq!(
            format_day(parse_day("2024-02-29").expect("leap")),
            "2024-02-29"
        );
        for bad in [
            "2025-02-29",
            "2027-13-01",
            "2027-1-01",
            "27-01-01",
            "",
            "2027/01/01",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_evening_of_31_december_in_utc_is_new_year_in_kazakhstan() {
        let day = kazakhstan_day_of("2026-12-31T19:30:00.000Z").expect("a time");
        assert_eq!(format_day(day), "2027-01-01");
        let day = kazakhstan_day_of("2026-12-31T18:59:59Z").expect("a time");
        assert_eq!(format_day(day), "2026-12-31");
        assert_eq!(kazakhstan_day_of("yesterday"), None);
    }
}
