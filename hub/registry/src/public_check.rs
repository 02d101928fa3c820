//! The public check (R7, R2): anyone, without signing in, checks a scanned code and learns
//! whether it is genuine and in circulation, why not, and what the product is. Every check is
//! counted; the same code checked in places far apart within a short time raises a clone
//! signal for the product group's regulator. Nothing private is answered: no owner, prices or
//! documents.

use sha2::{Digest as _, Sha256};
use tanba_domain::{Ai, ElementString, Msg, Status};
use tanba_store::{NewCheck, PlacedCheck};
use time::Date;

use crate::emission::OrderCodec;
use crate::names::Names;
use crate::{Kind, Registry, RegistryError};

/// Two checks of one code farther apart than this ...
const CLONE_KM: f64 = 100.0;
/// ... within this many minutes suggest two physical copies of the code.
const CLONE_MINUTES: f64 = 180.0;

/// What the public is told about a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Genuine and in circulation.
    Authentic,
    /// Not a code this hub emitted (or not a marking code at all).
    Unknown,
    /// The code's serial is ours but its verification code does not match: forged.
    VerificationFailed,
    /// Genuine, but the goods were not introduced into circulation.
    NotInCirculation,
    /// Genuine and already sold at retail.
    Sold,
    /// Genuine and withdrawn or written off.
    Withdrawn,
    /// Genuine, but past its expiry date.
    Expired,
    /// Genuine, but checked in distant places within a short time: likely copied.
    SuspectedClone,
}

impl Verdict {
    /// The stable code, as answered and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Authentic => "authentic",
            Verdict::Unknown => "unknown",
            Verdict::VerificationFailed => "verification_failed",
            Verdict::NotInCirculation => "not_in_circulation",
            Verdict::Sold => "sold",
            Verdict::Withdrawn => "withdrawn",
            Verdict::Expired => "expired",
            Verdict::SuspectedClone => "suspected_clone",
        }
    }

    /// What the verdict means, for a person.
    pub fn msg(self) -> Msg {
        Msg::new(match self {
            Verdict::Authentic => "check-authentic",
            Verdict::Unknown => "check-unknown",
            Verdict::VerificationFailed => "check-verification-failed",
            Verdict::NotInCirculation => "check-not-in-circulation",
            Verdict::Sold => "check-sold",
            Verdict::Withdrawn => "check-withdrawn",
            Verdict::Expired => "check-expired",
            Verdict::SuspectedClone => "check-suspected-clone",
        })
    }
}

/// The product card of a genuine code.
#[derive(Debug, Clone)]
pub struct ProductCard {
    /// GTIN.
    pub gtin: String,
    /// Trade names.
    pub names: Names,
    /// Brand.
    pub brand: Option<String>,
    /// Manufacturer as printed on the pack, else the GTIN owner's registered names.
    pub manufacturer: Option<Names>,
    /// The importer's registered names, for imported goods.
    pub importer: Option<Names>,
    /// Product group id and names.
    pub product_group: (String, Names),
    /// Production date from the code (AI 11), `YYYY-MM-DD`.
    pub production_date: Option<String>,
    /// Expiry date from the code (AI 17), `YYYY-MM-DD`.
    pub expiry_date: Option<String>,
}

/// A public check's answer.
#[derive(Debug, Clone)]
pub struct PublicCheck {
    /// The verdict.
    pub verdict: Verdict,
    /// Why, for a person (the verdict's own text first).
    pub reasons: Vec<Msg>,
    /// The product, for a genuine code.
    pub product: Option<ProductCard>,
}

/// A suspected clone, for the regulator: the same code checked far apart within a short time
/// (`public-check`), or sold twice or sold while not in circulation (`retail-sale`, R13).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CloneSignal {
    /// Its id (pass as `before` to page).
    pub id: i64,
    /// The unit key.
    pub unit: String,
    /// Its product group.
    pub product_group: String,
    /// When, RFC 3339 UTC.
    pub raised_at: String,
    /// Kilometres between the two checks (`public-check`).
    pub distance_km: Option<f64>,
    /// Minutes between them (`public-check`).
    pub minutes_apart: Option<f64>,
    /// `open`, `confirmed` or `dismissed`.
    pub status: String,
    /// `public-check` or `retail-sale`.
    pub source: String,
    /// `SOLD_TWICE` or `NOT_IN_CIRCULATION` (`retail-sale`).
    pub reason: Option<String>,
    /// The retail-sale document (`retail-sale`).
    pub document: Option<String>,
}

/// Who checks and where: a salt-hashed address and an optional place.
#[derive(Debug, Clone, Default)]
pub struct CheckContext {
    /// The client's address, hashed before it is stored.
    pub client_ip: Option<String>,
    /// Latitude and longitude, if the person shared them.
    pub place: Option<(f64, f64)>,
    /// Today, for expiry.
    pub today: Option<Date>,
}

impl Registry {
    /// Checks `code` as scanned (R7) and records the check.
    pub async fn public_check(
        &self,
        code: &str,
        context: &CheckContext,
    ) -> Result<PublicCheck, RegistryError> {
        let parsed = match ElementString::parse(code.trim_end_matches(['\r', '\n'])) {
            Ok(parsed) => parsed,
            Err(e) => return Ok(refused(Verdict::Unknown, e.msg())),
        };
        let codec = match self.emitting_order(&parsed, "/code").await {
            Ok(codec) => codec,
            Err(e) if matches!(e.kind, Kind::Unavailable | Kind::Internal) => return Err(e),
            Err(e)
                if matches!(
                    e.code,
                    "VERIFICATION_CODE_MISMATCH" | "VERIFICATION_KEY_UNKNOWN"
                ) =>
            {
                return Ok(refused(Verdict::VerificationFailed, e.msg));
            }
            Err(e) => return Ok(refused(Verdict::Unknown, e.msg)),
        };
        let key = crate::unit_key(code, "/code")?;
        let status = self
            .db
            .unit(&key)
            .await?
            .and_then(|u| u.status.parse::<Status>().ok())
            .unwrap_or(Status::Emitted);
        let card = self.card(&parsed, &codec).await?;
        let mut verdict = by_status(status);
        if verdict == Verdict::Authentic && expired(&parsed, context.today) {
            verdict = Verdict::Expired;
        }
        let group = codec.order.product_group.clone();
        let check_id = self
            .db
            .record_check(&NewCheck {
                unit: key.clone(),
                product_group: Some(group.clone()),
                verdict: verdict.as_str().to_owned(),
                client_hash: context.client_ip.as_deref().map(|ip| self.client_hash(ip)),
                place: context.place,
            })
            .await?;
        if let Some(place) = context.place
            && let Some((earlier, km)) = self.distant_check(&key, place, check_id).await?
        {
            self.db
                .raise_clone_signal(&key, &group, (&earlier, check_id), km)
                .await?;
            tracing::warn!(unit = %key, km, "suspected clone: checked far apart in a short time");
            verdict = Verdict::SuspectedClone;
        }
        Ok(PublicCheck {
            verdict,
            reasons: vec![verdict.msg()],
            product: Some(card),
        })
    }

    /// The newest clone signals the caller may read: every group's for the operator, its own
    /// groups' for a regulator (R7: "visible to the regulator of that product group and the
    /// operator").
    pub async fn clone_signals(
        &self,
        caller: &crate::Caller,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<CloneSignal>, RegistryError> {
        let groups = if caller.is_operator() {
            None
        } else if caller.has(tanba_domain::Role::Regulator) {
            Some(caller.product_groups.as_slice())
        } else {
            return Err(RegistryError::forbidden(
                "NOT_REGULATOR_OF_GROUP",
                Msg::new("caller-not-regulator").with("groups", "*"),
            ));
        };
        let rows = self
            .db
            .clone_signals(groups, before, limit.clamp(1, 500))
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| CloneSignal {
                id: r.id,
                unit: r.unit,
                product_group: r.product_group,
                raised_at: r.raised_at,
                distance_km: r.distance_km,
                minutes_apart: r.minutes_apart,
                status: r.status,
                source: r.source,
                reason: r.reason,
                document: r.document.map(|d| d.to_string()),
            })
            .collect())
    }

    /// An earlier check of `unit` within [`CLONE_MINUTES`] more than [`CLONE_KM`] from `place`.
    async fn distant_check(
        &self,
        unit: &str,
        place: (f64, f64),
        this: i64,
    ) -> Result<Option<(PlacedCheck, f64)>, RegistryError> {
        let recent = self.db.recent_placed_checks(unit, CLONE_MINUTES).await?;
        Ok(recent
            .into_iter()
            .filter(|c| c.id != this)
            .map(|c| {
                let km = distance_km(c.place, place);
                (c, km)
            })
            .find(|(_, km)| *km > CLONE_KM))
    }

    async fn card(
        &self,
        parsed: &ElementString,
        codec: &OrderCodec,
    ) -> Result<ProductCard, RegistryError> {
        let gtin = codec.gtin.to_string();
        let product = self.db.product(&gtin).await?;
        let group = self.db.product_group(&codec.order.product_group).await?;
        let (manufacturer, importer) = match &product {
            Some(p) => {
                let owner = self.names_of(&p.owner).await?;
                let importer = match &p.importer {
                    Some(id) => self.names_of(id).await?,
                    None => None,
                };
                let printed = p.manufacturer.clone().map(|name| Names {
                    kk: name.clone(),
                    ru: name.clone(),
                    en: Some(name),
                });
                (printed.or(owner), importer)
            }
            None => (None, None),
        };
        Ok(ProductCard {
            gtin,
            names: product
                .as_ref()
                .map(|p| Names::from_json(&p.names))
                .unwrap_or_else(|| Names::from_json(&serde_json::Value::Null)),
            brand: product.as_ref().and_then(|p| p.brand.clone()),
            manufacturer,
            importer,
            product_group: (
                codec.order.product_group.clone(),
                group
                    .map(|g| Names::from_json(&g.names))
                    .unwrap_or_else(|| Names::from_json(&serde_json::Value::Null)),
            ),
            production_date: parsed.get(Ai::PRODUCTION_DATE).and_then(iso_date),
            expiry_date: parsed.get(Ai::EXPIRY_DATE).and_then(iso_date),
        })
    }

    /// A participant's registered names.
    async fn names_of(&self, id: &str) -> Result<Option<Names>, RegistryError> {
        Ok(self
            .db
            .participant(id)
            .await?
            .map(|p| Names::from_json(&p.names)))
    }

    /// SHA-256 of the address under a key derived from the master secret: checks from one
    /// client can be told apart without keeping the address.
    pub(crate) fn client_hash(&self, ip: &str) -> Vec<u8> {
        let mut hasher = Sha256::new();
        hasher.update(self.master.client_hash_key());
        hasher.update(ip.as_bytes());
        hasher.finalize().to_vec()
    }
}

fn refused(verdict: Verdict, why: Msg) -> PublicCheck {
    PublicCheck {
        verdict,
        reasons: vec![verdict.msg(), why],
        product: None,
    }
}

fn by_status(status: Status) -> Verdict {
    match status {
        Status::Emitted | Status::Applied => Verdict::NotInCirculation,
        Status::Introduced => Verdict::Authentic,
        Status::Retired => Verdict::Sold,
        Status::WrittenOff | Status::Withdrawn => Verdict::Withdrawn,
    }
}

/// `YYMMDD` (GS1 dates; day 00 is the month's last day) as a date.
fn gs1_date(value: &str) -> Option<Date> {
    let digits: Vec<u32> = value
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    let [y1, y2, m1, m2, d1, d2] = digits[..] else {
        return None;
    };
    let year = 2000 + i32::try_from(y1 * 10 + y2).ok()?;
    let month = time::Month::try_from(u8::try_from(m1 * 10 + m2).ok()?).ok()?;
    let day = u8::try_from(d1 * 10 + d2).ok()?;
    let day = if day == 0 { month.length(year) } else { day };
    Date::from_calendar_date(year, month, day).ok()
}

fn iso_date(value: &str) -> Option<String> {
    gs1_date(value).map(|d| d.to_string())
}

fn expired(parsed: &ElementString, today: Option<Date>) -> bool {
    match (parsed.get(Ai::EXPIRY_DATE).and_then(gs1_date), today) {
        (Some(expiry), Some(today)) => expiry < today,
        _ => false,
    }
}

/// Great-circle distance in kilometres (haversine, mean Earth radius).
fn distance_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn almaty_to_astana_is_about_970_km_and_a_street_is_not_far() {
        let almaty = (43.2389, 76.8897);
        let astana = (51.1694, 71.4491);
        let km = distance_km(almaty, astana);
        assert!((950.0..1000.0).contains(&km), "{km}");
        assert!(distance_km(almaty, (43.2400, 76.9000)) < 2.0);
    }

    #[test]
    fn gs1_dates_read_day_zero_as_the_months_end() {
        assert_eq!(iso_date("270228").as_deref(), Some("2027-02-28"));
        assert_eq!(iso_date("240200").as_deref(), Some("2024-02-29"));
        assert_eq!(iso_date("271332"), None);
    }
}
