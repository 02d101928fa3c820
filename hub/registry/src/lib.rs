//! Tanba's registry service (issue 3; R1, R2, R9): product groups as data, participants, the
//! product catalogue, emission orders with their print files, and the look-up of an emitted
//! code. It checks input into domain types, decides who may do what, and calls the store.
//!
//! Not for: HTTP (the API crate maps [`RegistryError`] kinds to statuses) or SQL (the store).
//! Key material never passes through here in a form that could be logged or returned: keys are
//! derived from the [`MasterSecret`] on use.

mod audit;
mod caller;
mod emission;
mod error;
mod groups;
mod login;
mod names;
mod participants;
mod products;
mod public_check;
mod statistics;
mod trace;
mod units;
mod violations;

use tanba_domain::CheckDigitPolicy;
use tanba_domain::emission::MasterSecret;
use tanba_store::Database;

pub use audit::AuditView;
pub use caller::{Caller, csrf_matches, csrf_token, new_token};
pub use emission::{CodeStatus, OrderView, PrintFormat, PrintLines};
pub use error::{Kind, RegistryError};
pub use groups::{GroupSpec, ProductGroupView};
pub use login::{Challenge, LoginProof, Session};
pub use names::Names;
pub use participants::{ParticipantInput, ParticipantView, RegisterEntry};
pub use products::{ProductInput, ProductView};
pub use public_check::{CheckContext, CloneSignal, ProductCard, PublicCheck, Verdict};
pub use statistics::{
    DayRange, FlowCounts, FlowPoint, FlowsView, GroupStock, GtinStock, StatsScope, StatusCounts,
    StockView, TopGtin, TopGtinsView, period_start,
};
pub use trace::{HistoryEntry, UnitTrace, UnitView};
pub use units::{
    Aggregation, AggregationKind, Cause, MAX_UNITS, ReportOutcome, aggregate_in, unit_key,
};
pub use violations::{
    MAX_PHOTO_BYTES, REASONS, STATUSES, ViolationInput, ViolationQuery, ViolationView,
    next_statuses,
};

/// A page of a listing and the cursor of the next one.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// A page of `items`, of at most `limit`; a full page has a next cursor from its last item.
    fn of(items: Vec<T>, limit: i64, cursor: impl Fn(&T) -> String) -> Self {
        let full = i64::try_from(items.len()).unwrap_or(i64::MAX) >= limit;
        let next_cursor = if full { items.last().map(cursor) } else { None };
        Page { items, next_cursor }
    }
}

/// Serialises a value by its `Display` form (ids whose crate is built without serde here).
fn serialize_display<T: std::fmt::Display, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// The registry service. Cheap to clone.
#[derive(Clone)]
pub struct Registry {
    db: Database,
    master: std::sync::Arc<MasterSecret>,
    ids: CheckDigitPolicy,
    pki: Option<std::sync::Arc<tanba_pki::PkiFolders>>,
    ocsp: Option<std::sync::Arc<dyn tanba_pki::OcspCheck>>,
}

impl Registry {
    /// A registry on `db`, deriving emission keys from `master`, parsing BIN/IIN under `ids`.
    pub fn new(db: Database, master: MasterSecret, ids: CheckDigitPolicy) -> Self {
        Registry {
            db,
            master: std::sync::Arc::new(master),
            ids,
            pki: None,
            ocsp: None,
        }
    }

    /// How this registry checks the check digit of a BIN or IIN (NCA test ids or not).
    pub fn id_policy(&self) -> CheckDigitPolicy {
        self.ids
    }

    /// The same registry, accepting EDS logins verified by `pki` (as loaded at each login).
    pub fn with_pki(mut self, pki: std::sync::Arc<tanba_pki::PkiFolders>) -> Self {
        self.pki = Some(pki);
        self
    }

    /// The same registry, also asking `ocsp` about a login's certificate (`[pki] ocsp_url`),
    /// after its chain and CRLs passed.
    pub fn with_ocsp(mut self, ocsp: std::sync::Arc<dyn tanba_pki::OcspCheck>) -> Self {
        self.ocsp = Some(ocsp);
        self
    }

    /// What the OCSP responder (`[pki] ocsp_url`) says of `cert`, whose chain and CRLs in
    /// `pki` passed: `Ok` without a responder, for a good answer, or when an unreachable one
    /// is let through by `[pki] ocsp_soft_fail` (the client decides, with its cache). For
    /// login and mTLS clients (R16, issue 6).
    pub(crate) async fn ocsp_status(
        &self,
        pki: &tanba_pki::Pki,
        cert: &tanba_pki::Certificate,
    ) -> Result<(), tanba_pki::PkiError> {
        let Some(ocsp) = &self.ocsp else {
            return Ok(());
        };
        let issuer = pki.issuer_of(cert, time::OffsetDateTime::now_utc())?;
        ocsp.check(cert, &issuer).await
    }

    /// The database.
    pub fn db(&self) -> &Database {
        &self.db
    }
}
