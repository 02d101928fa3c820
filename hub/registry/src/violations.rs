//! Violation reports (R7): anyone, without signing in, reports what is wrong with marked goods:
//! the code as scanned, a reason from a closed list and free text, optionally a place and a
//! photo. The regulator of the code's product group and the operator read the reports and move
//! them through their statuses; every change is audited (R23), and so is a refused one.

use tanba_domain::{Ai, ElementString, Lang, Msg};
use tanba_store::{NewViolation, ViolationFilter, ViolationRow};

use crate::{Caller, Registry, RegistryError};

/// The largest photo accepted, in bytes (4 MiB: a phone photo scaled for the web).
pub const MAX_PHOTO_BYTES: usize = 4 << 20;
/// The longest free text, in characters.
pub const MAX_DETAILS: usize = 2000;
/// The longest address, in characters.
pub const MAX_ADDRESS: usize = 500;
/// What may be wrong, as the form offers it.
pub const REASONS: &[&str] = &[
    "no_code",
    "code_unreadable",
    "check_failed",
    "product_mismatch",
    "expired",
    "sold_again",
    "other",
];
/// A report's statuses, in their usual order.
pub const STATUSES: &[&str] = &["new", "in_review", "confirmed", "rejected", "closed"];
/// Photo types accepted, as found from the bytes.
const PHOTO_TYPES: &[&str] = &["image/jpeg", "image/png", "image/webp"];

/// A report as the public sends it.
#[derive(Debug, Clone, Default)]
pub struct ViolationInput {
    /// The code as scanned (any form; need not be a valid code: "no code" is a violation too).
    pub code: String,
    /// One of [`REASONS`].
    pub reason: String,
    /// Free text.
    pub details: Option<String>,
    /// Latitude and longitude, already range-checked.
    pub place: Option<(f64, f64)>,
    /// An address.
    pub address: Option<String>,
    /// The photo's bytes.
    pub photo: Option<Vec<u8>>,
    /// The reporter's language.
    pub lang: Option<Lang>,
}

/// A report as its readers see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ViolationView {
    /// Its id.
    pub id: i64,
    /// When received, RFC 3339 UTC.
    pub received_at: String,
    /// The code as scanned.
    pub code: String,
    /// The product group, when the hub could tell it from the code.
    pub product_group: Option<String>,
    /// One of `no_code`, `code_unreadable`, `check_failed`, `product_mismatch`, `expired`,
    /// `sold_again`, `other`.
    pub reason: String,
    /// The reporter's own words.
    pub details: String,
    /// Latitude, if sent.
    pub latitude: Option<f64>,
    /// Longitude, if sent.
    pub longitude: Option<f64>,
    /// Address, if sent.
    pub address: Option<String>,
    /// The reporter's language.
    pub lang: String,
    /// Whether a photo came with it (`GET .../photo`).
    pub has_photo: bool,
    /// `new`, `in_review`, `confirmed`, `rejected` or `closed`.
    pub status: String,
    /// When the status last changed.
    pub status_changed_at: Option<String>,
    /// Who changed it.
    pub status_changed_by: Option<String>,
}

impl From<ViolationRow> for ViolationView {
    fn from(r: ViolationRow) -> Self {
        ViolationView {
            id: r.id,
            received_at: r.received_at,
            code: r.code,
            product_group: r.product_group,
            reason: r.reason,
            details: r.details,
            latitude: r.place.map(|p| p.0),
            longitude: r.place.map(|p| p.1),
            address: r.address,
            lang: r.lang,
            has_photo: r.photo_type.is_some(),
            status: r.status,
            status_changed_at: r.status_changed_at,
            status_changed_by: r.status_changed_by,
        }
    }
}

/// Which reports to list.
#[derive(Debug, Clone, Default)]
pub struct ViolationQuery {
    /// Only this status.
    pub status: Option<String>,
    /// Only this product group.
    pub product_group: Option<String>,
    /// Older than this id.
    pub before: Option<i64>,
    /// At most this many (1 to 500).
    pub limit: i64,
}

/// The statuses a report in `from` may move to.
pub fn next_statuses(from: &str) -> &'static [&'static str] {
    match from {
        "new" => &["in_review", "confirmed", "rejected"],
        "in_review" => &["confirmed", "rejected"],
        "confirmed" | "rejected" => &["closed"],
        _ => &[],
    }
}

impl Registry {
    /// Stores a report from the public (R7); its id.
    pub async fn report_violation(
        &self,
        input: ViolationInput,
        client_ip: Option<&str>,
    ) -> Result<ViolationView, RegistryError> {
        let report = checked(input)?;
        let product_group = self.group_of_code(&report.code).await?;
        let id = self
            .db
            .insert_violation(&NewViolation {
                product_group,
                client_hash: client_ip.map(|ip| self.client_hash(ip)),
                ..report
            })
            .await?;
        tracing::info!(id, "violation report received");
        self.violation_row(id).await.map(ViolationView::from)
    }

    /// The reports `caller` may read: its own groups' for a regulator, all for the operator.
    pub async fn violations(
        &self,
        caller: &Caller,
        query: ViolationQuery,
    ) -> Result<Vec<ViolationView>, RegistryError> {
        let groups = if caller.is_operator() {
            None
        } else {
            caller.require_regulator_of(&caller.product_groups)?;
            Some(caller.product_groups.clone())
        };
        if let Some(group) = &query.product_group {
            caller.require_regulator_of(std::slice::from_ref(group))?;
        }
        if let Some(status) = &query.status {
            known_status(status, "/status")?;
        }
        let filter = ViolationFilter {
            groups,
            status: query.status,
            product_group: query.product_group,
            before: query.before,
        };
        let rows = self
            .db
            .violations(&filter, query.limit.clamp(1, 500))
            .await?;
        Ok(rows.into_iter().map(ViolationView::from).collect())
    }

    /// One report, if `caller` may read it.
    pub async fn violation(
        &self,
        caller: &Caller,
        id: i64,
    ) -> Result<ViolationView, RegistryError> {
        let row = self.violation_row(id).await?;
        may_read(caller, &row)?;
        Ok(row.into())
    }

    /// A report's photo and its content type, if `caller` may read the report.
    pub async fn violation_photo(
        &self,
        caller: &Caller,
        id: i64,
    ) -> Result<(Vec<u8>, String), RegistryError> {
        self.violation(caller, id).await?;
        self.db.violation_photo(id).await?.ok_or_else(|| {
            RegistryError::not_found(
                "VIOLATION_NO_PHOTO",
                Msg::new("violation-no-photo").with("id", id),
            )
        })
    }

    /// Moves a report to `status` (audited, R23); a refusal of a report the caller may not
    /// govern is audited too.
    pub async fn set_violation_status(
        &self,
        caller: &Caller,
        id: i64,
        status: &str,
    ) -> Result<ViolationView, RegistryError> {
        caller.require_active()?;
        caller.require_may_act()?;
        known_status(status, "/status")?;
        let row = self.violation_row(id).await?;
        if let Err(refused) = may_read(caller, &row) {
            self.db
                .audit_alone(&caller.audit(
                    "violation.status",
                    format!("violation/{id}"),
                    "refused",
                ))
                .await?;
            return Err(refused);
        }
        let allowed = next_statuses(&row.status);
        if !allowed.contains(&status) {
            return Err(RegistryError::new(
                crate::Kind::Conflict,
                "VIOLATION_STATUS_TRANSITION",
                Msg::new("violation-status-transition")
                    .with("from", &row.status)
                    .with("to", status)
                    .with(
                        "allowed",
                        if allowed.is_empty() {
                            "-".to_owned()
                        } else {
                            allowed.join(", ")
                        },
                    ),
            )
            .at("/status"));
        }
        let entry = caller.audit("violation.status", format!("violation/{id}"), status);
        if !self
            .db
            .set_violation_status(id, &row.status, status, &entry)
            .await?
        {
            return Err(RegistryError::new(
                crate::Kind::Conflict,
                "VIOLATION_CHANGED",
                Msg::new("violation-changed").with("id", id),
            ));
        }
        self.violation_row(id).await.map(ViolationView::from)
    }

    async fn violation_row(&self, id: i64) -> Result<ViolationRow, RegistryError> {
        self.db.violation(id).await?.ok_or_else(|| {
            RegistryError::not_found(
                "VIOLATION_NOT_FOUND",
                Msg::new("violation-not-found").with("id", id),
            )
        })
    }

    /// The product group of a scanned code, from its GTIN's catalogue entry; `None` when the
    /// text is no code or its GTIN is not in the catalogue (then only the operator sees it).
    async fn group_of_code(&self, code: &str) -> Result<Option<String>, RegistryError> {
        let Ok(parsed) = ElementString::parse(code.trim_end_matches(['\r', '\n'])) else {
            return Ok(None);
        };
        let Some(gtin) = parsed.get(Ai::GTIN) else {
            return Ok(None);
        };
        Ok(self.db.product(gtin).await?.map(|p| p.product_group))
    }
}

/// The regulator of the report's group and the operator read it; a report without a group is
/// the operator's.
fn may_read(caller: &Caller, row: &ViolationRow) -> Result<(), RegistryError> {
    match &row.product_group {
        Some(group) => caller.require_regulator_of(std::slice::from_ref(group)),
        None => caller.require_operator(),
    }
}

fn known_status(status: &str, pointer: &str) -> Result<(), RegistryError> {
    if STATUSES.contains(&status) {
        return Ok(());
    }
    Err(RegistryError::invalid(
        pointer,
        "VIOLATION_STATUS_UNKNOWN",
        Msg::new("violation-status-unknown")
            .with("status", status)
            .with("statuses", STATUSES.join(", ")),
    ))
}

/// Checks a report's fields; the report to store, without group and client hash.
fn checked(input: ViolationInput) -> Result<NewViolation, RegistryError> {
    let code = input.code.trim().to_owned();
    if code.is_empty() || code.chars().count() > 512 {
        return Err(RegistryError::invalid(
            "/code",
            "VIOLATION_CODE_INVALID",
            Msg::new("violation-code-invalid"),
        ));
    }
    if !REASONS.contains(&input.reason.as_str()) {
        return Err(RegistryError::invalid(
            "/reason",
            "VIOLATION_REASON_UNKNOWN",
            Msg::new("violation-reason-unknown")
                .with("reason", &input.reason)
                .with("reasons", REASONS.join(", ")),
        ));
    }
    let details = input.details.unwrap_or_default().trim().to_owned();
    if details.chars().count() > MAX_DETAILS {
        return Err(too_long("/details", MAX_DETAILS));
    }
    if input.reason == "other" && details.is_empty() {
        return Err(RegistryError::invalid(
            "/details",
            "VIOLATION_DETAILS_NEEDED",
            Msg::new("violation-details-needed"),
        ));
    }
    let address = input
        .address
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty());
    if address
        .as_ref()
        .is_some_and(|a| a.chars().count() > MAX_ADDRESS)
    {
        return Err(too_long("/address", MAX_ADDRESS));
    }
    let photo = match input.photo {
        Some(bytes) => Some(photo_type(bytes)?),
        None => None,
    };
    Ok(NewViolation {
        code,
        product_group: None,
        reason: input.reason,
        details,
        place: input.place,
        address,
        lang: input.lang.unwrap_or(Lang::Ru).code().to_owned(),
        photo,
        client_hash: None,
    })
}

fn too_long(pointer: &str, max: usize) -> RegistryError {
    RegistryError::invalid(
        pointer,
        "VIOLATION_TEXT_TOO_LONG",
        Msg::new("violation-text-too-long").with_number("max", i64::try_from(max).unwrap_or(0)),
    )
}

/// The photo with its type found from its first bytes (JPEG, PNG or WebP), within
/// [`MAX_PHOTO_BYTES`]. What the client claims the type is plays no part.
pub fn photo_type(bytes: Vec<u8>) -> Result<(Vec<u8>, String), RegistryError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(RegistryError::invalid(
            "/photo",
            "PHOTO_TOO_LARGE",
            Msg::new("violation-photo-too-large")
                .with_number("size", i64::try_from(bytes.len() >> 10).unwrap_or(i64::MAX))
                .with_number("max", i64::try_from(MAX_PHOTO_BYTES >> 10).unwrap_or(0)),
        ));
    }
    match infer::get(&bytes).map(|t| t.mime_type()) {
        Some(mime) if PHOTO_TYPES.contains(&mime) => Ok((bytes, mime.to_owned())),
        _ => Err(RegistryError::invalid(
            "/photo",
            "PHOTO_TYPE_REFUSED",
            Msg::new("violation-photo-type"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_is_typed_by_its_bytes_not_by_its_name() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        assert_eq!(photo_type(png).expect("png").1, "image/png");
        let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF\0".to_vec();
        assert_eq!(photo_type(jpeg).expect("jpeg").1, "image/jpeg");
        let html = b"<html><script>alert(1)</script>".to_vec();
        assert_eq!(
            photo_type(html).expect_err("html is refused").code,
            "PHOTO_TYPE_REFUSED"
        );
        let pdf = b"%PDF-1.7\n".to_vec();
        assert_eq!(
            photo_type(pdf).expect_err("pdf is refused").code,
            "PHOTO_TYPE_REFUSED"
        );
        let mut big = b"\xff\xd8\xff\xe0".to_vec();
        big.resize(MAX_PHOTO_BYTES + 1, 0);
        assert_eq!(
            photo_type(big).expect_err("too large").code,
            "PHOTO_TOO_LARGE"
        );
    }

    #[test]
    fn a_closed_report_stays_closed_and_new_ones_move_forward() {
        assert_eq!(next_statuses("closed"), &[] as &[&str]);
        assert!(next_statuses("new").contains(&"in_review"));
        assert!(!next_statuses("in_review").contains(&"new"));
        for status in STATUSES {
            for next in next_statuses(status) {
                assert!(STATUSES.contains(next), "{next}");
            }
        }
    }
}
