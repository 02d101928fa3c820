//! Times: X.509 `Time` to UTC [`OffsetDateTime`], and the one way the crate writes a time for a
//! person (`2024-03-12 11:34:07 UTC`).

use time::OffsetDateTime;

/// The instant an X.509 `Time` (UTCTime or GeneralizedTime) names, in UTC.
pub(crate) fn from_x509(t: &x509_cert::time::Time) -> Option<OffsetDateTime> {
    let secs = i64::try_from(t.to_unix_duration().as_secs()).ok()?;
    OffsetDateTime::from_unix_timestamp(secs).ok()
}

/// `YYYY-MM-DD HH:MM:SS UTC`, for messages and logs.
pub fn format_utc(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_utc() {
        let t = OffsetDateTime::from_unix_timestamp(1_700_000_000).expect("in range");
        assert_eq!(format_utc(t), "2023-11-14 22:13:20 UTC");
    }
}
