//! Tanba's exports for analytic systems (issue 9; R15): de-personalised aggregates of the
//! unit history (units per day, product group, region (KATO), GTIN and flow type) as Apache
//! Parquet files with a JSON manifest, stored in PostgreSQL, made on demand by the operator or
//! by a cron schedule (Asia/Almaty, once across hub nodes), and read by the operator and
//! analytic systems (`analytic-system` role). See `docs/EXPORTS.md` for the schema.
//!
//! De-personalised: no BIN, IIN, serial, price or document id is ever in a file; the region is
//! the only trace of who acted. Reproducible: rows are computed from the append-only history
//! for whole days, sorted, and written with fixed writer settings, so the same period gives the
//! same bytes.
//!
//! Not for: HTTP (the API crate), SQL (the store), or statistics for owners (R14).

mod flow;
mod manifest;
mod period;
mod schedule;
mod table;

use chrono::{SecondsFormat, Utc};
use croner::Cron;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tanba_domain::{Msg, Role};
use tanba_registry::{Caller, Kind, RegistryError};
use tanba_store::exports::{self as store, NewExport};
use tanba_store::{AuditEntry, Database, StoreError};
use uuid::Uuid;

pub use flow::FLOWS;
pub use period::{MAX_DAYS, Period, almaty_day, day_of_number};
pub use table::{COLUMNS, CREATED_BY, UNKNOWN_REGION};

/// The media type of an export's file.
pub const MEDIA_TYPE: &str = "application/vnd.apache.parquet";

/// `[exports]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExportsSettings {
    /// When the scheduled export runs (cron, Asia/Almaty); it covers the days since the last
    /// scheduled export up to yesterday. Empty: no scheduled exports.
    pub cron: String,
}

impl Default for ExportsSettings {
    fn default() -> Self {
        ExportsSettings {
            cron: "30 0 * * *".into(),
        }
    }
}

impl ExportsSettings {
    /// The schedule, `None` when switched off; an error names what is wrong with the cron.
    pub fn schedule(&self) -> Result<Option<Cron>, String> {
        let cron = self.cron.trim();
        if cron.is_empty() {
            return Ok(None);
        }
        cron.parse::<Cron>()
            .map(Some)
            .map_err(|e| format!("[exports] cron {cron:?} is not a cron expression: {e}"))
    }
}

/// The export service. Cheap to clone.
#[derive(Clone)]
pub struct Exports {
    db: Database,
    cron: Option<Cron>,
}

fn tx_error(e: tokio_postgres::Error) -> RegistryError {
    StoreError::from_pg("an export's transaction", e).into()
}

fn may_read(caller: &Caller) -> Result<(), RegistryError> {
    if caller.is_operator() || caller.has(Role::Analyst) {
        Ok(())
    } else {
        Err(RegistryError::forbidden(
            "EXPORTS_NOT_ALLOWED",
            Msg::new("export-not-allowed"),
        ))
    }
}

fn not_found(id: &str) -> RegistryError {
    RegistryError::not_found(
        "EXPORT_NOT_FOUND",
        Msg::new("export-not-found").with("id", id.escape_debug()),
    )
}

fn parse_id(id: &str) -> Result<Uuid, RegistryError> {
    Uuid::parse_str(id).map_err(|_| not_found(id))
}

impl Exports {
    /// The service over the hub's database, with the schedule of `settings`.
    pub fn new(db: Database, settings: &ExportsSettings) -> Result<Self, String> {
        Ok(Exports {
            db,
            cron: settings.schedule()?,
        })
    }

    /// The operator's export of `[from, to)` (R15, on demand); its manifest.
    pub async fn export_on_demand(
        &self,
        caller: &Caller,
        from: &str,
        to: &str,
    ) -> Result<Value, RegistryError> {
        caller.require_operator()?;
        let period = Period::parse(from, to, Utc::now())?;
        let mut client = self.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        let audit = caller.audit("export.create", "", "ok");
        let manifest = export_in(&*tx, &period, "on-demand", audit).await?;
        tx.commit().await.map_err(tx_error)?;
        Ok(manifest)
    }

    /// Manifests of the stored exports, oldest first, after the export `after`.
    pub async fn list(
        &self,
        caller: &Caller,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Value>, RegistryError> {
        may_read(caller)?;
        let after = after.map(parse_id).transpose()?;
        let rows = self.db.export_manifests(after, limit.clamp(1, 500)).await?;
        Ok(rows.into_iter().map(|(_, m)| m).collect())
    }

    /// One export's manifest.
    pub async fn manifest(&self, caller: &Caller, id: &str) -> Result<Value, RegistryError> {
        may_read(caller)?;
        self.db
            .export_manifest(parse_id(id)?)
            .await?
            .ok_or_else(|| not_found(id))
    }

    /// One export's Parquet file; the download is audited.
    pub async fn file(&self, caller: &Caller, id: &str) -> Result<Vec<u8>, RegistryError> {
        may_read(caller)?;
        let audit = caller.audit("export.download", id, "ok");
        self.db
            .export_file(parse_id(id)?, &audit)
            .await?
            .ok_or_else(|| not_found(id))
    }
}

/// Computes, writes and stores the export of `period` in `tx`, with its audit row; the manifest.
async fn export_in(
    tx: &impl tokio_postgres::GenericClient,
    period: &Period,
    trigger: &'static str,
    mut audit: AuditEntry,
) -> Result<Value, RegistryError> {
    let counts = store::flow_counts(tx, &period.bounds(), &flow::events()).await?;
    let rows = table::rows(counts);
    let file = table::parquet_file(&rows, period).map_err(|reason| {
        tracing::error!(%reason, "an export could not be written");
        RegistryError::new(
            Kind::Internal,
            "EXPORT_WRITE_FAILED",
            Msg::new("export-write-failed"),
        )
    })?;
    let sha256 = Sha256::digest(&file).to_vec();
    let id = Uuid::new_v4();
    let about = manifest::About {
        id,
        period,
        trigger,
        sha256: &sha256,
        bytes: file.len(),
        created_at: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
    };
    let manifest = manifest::manifest(&about, &rows);
    store::insert_export(
        tx,
        &NewExport {
            id,
            period_from: period.from.to_string(),
            period_to: period.to.to_string(),
            trigger,
            manifest: manifest.clone(),
            file,
            file_sha256: sha256,
        },
    )
    .await?;
    audit.object = Some(id.to_string());
    tanba_store::audit(tx, &audit).await?;
    tracing::info!(export = %id, from = %period.from, to = %period.to, trigger, rows = rows.len(), "export made");
    Ok(manifest)
}
