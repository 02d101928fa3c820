//! `GET /api/v1/audit` (R23): the operator searches the audit log by participant (`bin`),
//! person (`iin`), object and time (`from`, `to`, RFC 3339), page by page.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use tanba_domain::Msg;
use tanba_registry::{AuditView, Page, RegistryError};
use tanba_store::AuditFilter;

use crate::auth::Authenticated;
use crate::body::Query;
use crate::{ApiError, AppState};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuditQuery {
    bin: Option<String>,
    iin: Option<String>,
    object: Option<String>,
    from: Option<String>,
    to: Option<String>,
    cursor: Option<String>,
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "Audit rows, oldest first.", body = Page<AuditView>),
        (status = 403, description = "Only the operator reads the audit log."),
        (status = 422, description = "A time or cursor is malformed."),
    )
)]
pub(crate) async fn search(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Page<AuditView>>, ApiError> {
    let bad_time = |field: &str| {
        RegistryError::invalid(
            format!("/{field}"),
            "TIME_INVALID",
            Msg::new("audit-time-invalid"),
        )
    };
    for (field, value) in [("from", &q.from), ("to", &q.to)] {
        if value.as_deref().is_some_and(|v| !is_rfc3339(v)) {
            return Err(bad_time(field).into());
        }
    }
    let after = q
        .cursor
        .as_deref()
        .map(|c| {
            c.parse::<i64>().map_err(|_| {
                RegistryError::invalid("/cursor", "CURSOR_INVALID", Msg::new("cursor-invalid"))
            })
        })
        .transpose()?;
    let filter = AuditFilter {
        bin: q.bin,
        iin: q.iin,
        object: q.object,
        from: q.from,
        to: q.to,
        after,
    };
    Ok(Json(
        state
            .registry
            .audit(&caller, &filter, q.limit.unwrap_or(100))
            .await?,
    ))
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` with each field in its range (days are
/// checked against 31; PostgreSQL refuses the 30th of February with a 500, which this does not
/// guard against).
fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let shape = b.len() >= 20
        && b.len() <= 35
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
        && b[16] == b':';
    let fields = num_in(text, 0..4, 9999)
        && num_in(text, 5..7, 12)
        && num_in(text, 8..10, 31)
        && num_in(text, 11..13, 23)
        && num_in(text, 14..16, 59)
        && num_in(text, 17..19, 60);
    let mut rest = &text[19.min(text.len())..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        rest = &fraction[digits..];
        if digits == 0 {
            return false;
        }
    }
    let zone = rest == "Z"
        || rest == "z"
        || (rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':'
            && num_in(rest, 1..3, 23)
            && num_in(rest, 4..6, 59));
    shape && fields && zone
}

fn num_in(text: &str, range: std::ops::Range<usize>, max: u32) -> bool {
    text.get(range)
        .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
        .and_then(|s| s.parse::<u32>().ok())
        .is_some_and(|n| n <= max)
}

#[cfg(test)]
mod tests {
    use super::is_rfc3339;

    #[test]
    fn times_are_rfc3339_or_refused() {
        for good in [
            "2026-11-24T10:00:00Z",
            "2026-11-24T10:00:00.123Z",
            "2026-11-24T10:00:00+05:00",
        ] {
            assert!(is_rfc3339(good), "{good}");
        }
        for bad in [
            "2026-11-24",
            "2026-13-01T00:00:00Z",
            "2026-11-24T10:00:00",
            "yesterday",
            "2026-11-24T10:00:00.Z",
            "2026-11-24T25:00:00Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }
}
