//! The rows of an export, and the Parquet file they are written into, the same bytes for the
//! same rows every time (R15: reproducible).

use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use tanba_store::exports::FlowCount;

use crate::flow::flow_of;
use crate::period::Period;

/// The region of a participant the registry has no KATO code for.
pub const UNKNOWN_REGION: &str = "unknown";

/// What the file says wrote it: fixed (no library version, no time), so that the bytes depend
/// on the rows alone. Changes only with the schema's version.
pub const CREATED_BY: &str = "tanba-exports schema 1";

/// The schema's version, in the file's metadata and the manifest.
pub const SCHEMA_VERSION: i64 = 1;

/// `(column, Parquet/Arrow type, meaning)`, in file order.
pub const COLUMNS: &[(&str, &str, &str)] = &[
    (
        "day",
        "date32",
        "the calendar day in Kazakhstan (Asia/Almaty) when the flow happened",
    ),
    ("product_group", "string", "the product group of the GTIN"),
    (
        "region",
        "string",
        "the KATO code (9 digits) of the acting participant's region, or \"unknown\"",
    ),
    ("gtin", "string", "the product's GTIN, 14 digits"),
    (
        "flow",
        "string",
        "the flow type (introduced, shipped, received, ...)",
    ),
    (
        "units",
        "int64",
        "how many marked units (codes) had this flow",
    ),
];

/// One row of an export.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExportRow {
    /// Days since 1970-01-01.
    pub day: i32,
    /// Product group.
    pub product_group: String,
    /// KATO code or [`UNKNOWN_REGION`].
    pub region: String,
    /// GTIN.
    pub gtin: String,
    /// Flow name.
    pub flow: &'static str,
    /// Units.
    pub units: i64,
}

/// The rows of counted flows, sorted by day, product group, region, GTIN and flow (so that the
/// database's order never shows in the file). Events that are not flows are dropped.
pub fn rows(counts: Vec<FlowCount>) -> Vec<ExportRow> {
    let mut rows: Vec<ExportRow> = counts
        .into_iter()
        .filter_map(|c| {
            Some(ExportRow {
                flow: flow_of(&c.event)?,
                day: c.day,
                product_group: c.product_group,
                region: c.region.unwrap_or_else(|| UNKNOWN_REGION.to_owned()),
                gtin: c.gtin,
                units: c.units,
            })
        })
        .collect();
    rows.sort();
    rows
}

fn schema() -> Arc<Schema> {
    Arc::new(Schema::new(vec![
        Field::new("day", DataType::Date32, false),
        Field::new("product_group", DataType::Utf8, false),
        Field::new("region", DataType::Utf8, false),
        Field::new("gtin", DataType::Utf8, false),
        Field::new("flow", DataType::Utf8, false),
        Field::new("units", DataType::Int64, false),
    ]))
}

/// The writer's settings, fixed: Snappy, format 2.0, page statistics, the fixed
/// [`CREATED_BY`], and the period and schema version as key-value metadata (no clock, no
/// host, no library version anywhere in the file).
fn properties(period: &Period) -> WriterProperties {
    WriterProperties::builder()
        .set_writer_version(WriterVersion::PARQUET_2_0)
        .set_compression(Compression::SNAPPY)
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_created_by(CREATED_BY.to_owned())
        .set_key_value_metadata(Some(vec![
            KeyValue::new("tanba.schema_version".into(), SCHEMA_VERSION.to_string()),
            KeyValue::new("tanba.period_from".into(), period.from.to_string()),
            KeyValue::new("tanba.period_to".into(), period.to.to_string()),
            KeyValue::new("tanba.time_zone".into(), "Asia/Almaty".to_owned()),
        ]))
        .build()
}

/// The Parquet file of `rows` (already sorted) for `period`.
pub fn parquet_file(rows: &[ExportRow], period: &Period) -> Result<Vec<u8>, String> {
    let text = |f: fn(&ExportRow) -> &str| -> ArrayRef {
        Arc::new(StringArray::from_iter_values(rows.iter().map(f)))
    };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Date32Array::from_iter_values(rows.iter().map(|r| r.day))),
        text(|r| r.product_group.as_str()),
        text(|r| r.region.as_str()),
        text(|r| r.gtin.as_str()),
        text(|r| r.flow),
        Arc::new(Int64Array::from_iter_values(rows.iter().map(|r| r.units))),
    ];
    let batch = RecordBatch::try_new(schema(), columns).map_err(|e| e.to_string())?;
    let mut file = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut file, schema(), Some(properties(period)))
        .map_err(|e| e.to_string())?;
    writer.write(&batch).map_err(|e| e.to_string())?;
    writer.close().map_err(|e| e.to_string())?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(day: i32, region: Option<&str>, event: &str, units: i64) -> FlowCount {
        FlowCount {
            day,
            product_group: "tobacco".into(),
            region: region.map(str::to_owned),
            gtin: "04870000000012".into(),
            event: event.into(),
            units,
        }
    }

    #[test]
    fn rows_are_sorted_named_and_the_file_is_the_same_for_the_same_rows() {
        let period = Period {
            from: crate::period::day_of_number(20_000),
            to: crate::period::day_of_number(20_002),
        };
        let a = rows(vec![
            count(20_001, None, "SHIP", 2),
            count(20_000, Some("750000000"), "INTRODUCE", 5),
            count(20_000, Some("750000000"), "AGGREGATE", 1),
        ]);
        assert_eq!(a.len(), 2, "AGGREGATE is no flow");
        assert_eq!(
            (a[0].flow, a[0].region.as_str()),
            ("introduced", "750000000")
        );
        assert_eq!(
            (a[1].flow, a[1].region.as_str()),
            ("shipped", UNKNOWN_REGION)
        );
        let b = rows(vec![
            count(20_000, Some("750000000"), "INTRODUCE", 5),
            count(20_001, None, "SHIP", 2),
        ]);
        let (fa, fb) = (
            parquet_file(&a, &period).expect("written"),
            parquet_file(&b, &period).expect("written"),
        );
        assert_eq!(fa, fb, "the same rows in any order give the same bytes");
        assert_eq!(&fa[..4], b"PAR1");
        let other = Period {
            to: crate::period::day_of_number(20_003),
            ..period
        };
        assert_ne!(fa, parquet_file(&a, &other).expect("written"));
    }
}
