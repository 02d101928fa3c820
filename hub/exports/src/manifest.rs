//! The manifest of an export: what it covers, its schema, its totals and its file's digest.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::flow::FLOWS;
use crate::period::Period;
use crate::table::{COLUMNS, CREATED_BY, ExportRow, SCHEMA_VERSION, UNKNOWN_REGION};

/// What a manifest describes besides the rows.
pub(crate) struct About<'a> {
    pub id: Uuid,
    pub period: &'a Period,
    pub trigger: &'static str,
    pub sha256: &'a [u8],
    pub bytes: usize,
    pub created_at: String,
}

/// The manifest (JSON) of an export of `rows`.
pub(crate) fn manifest(about: &About<'_>, rows: &[ExportRow]) -> Value {
    let mut totals: BTreeMap<&str, i64> = FLOWS.iter().map(|(_, f, _)| (*f, 0)).collect();
    for row in rows {
        *totals.entry(row.flow).or_default() += row.units;
    }
    json!({
        "id": about.id.to_string(),
        "format": "parquet",
        "media_type": "application/vnd.apache.parquet",
        "schema_version": SCHEMA_VERSION,
        "created_by": CREATED_BY,
        "period": {
            "from": about.period.from.to_string(),
            "to": about.period.to.to_string(),
            "days": about.period.days(),
            "time_zone": "Asia/Almaty",
        },
        "trigger": about.trigger,
        "columns": COLUMNS.iter().map(|(name, kind, meaning)| json!({
            "name": name, "type": kind, "meaning": meaning,
        })).collect::<Vec<_>>(),
        "flows": FLOWS.iter().map(|(event, flow, meaning)| json!({
            "flow": flow, "history_event": event, "meaning": meaning,
        })).collect::<Vec<_>>(),
        "unknown_region": UNKNOWN_REGION,
        "rows": rows.len(),
        "units_by_flow": totals,
        "file": {
            "sha256": hex::encode(about.sha256),
            "bytes": about.bytes,
        },
        "created_at": about.created_at,
    })
}
