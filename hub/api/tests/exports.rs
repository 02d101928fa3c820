//! Exports for analytic systems over the API (issue 9; R15): after documents move goods, an
//! export of the day is made, downloaded, read back with the `parquet` crate and checked
//! against counts taken straight from the unit history; the same period gives the same bytes;
//! the scheduled (incremental) export starts where the last one ended; only the operator and
//! analytic systems read exports; no BIN or IIN is in a file.

mod support;

use std::collections::BTreeMap;

use arrow_array::{Array, Date32Array, Int64Array, RecordBatch, StringArray};
use chrono::{Duration, Utc};
use http::StatusCode;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::*;

/// MAKER's region: Almaty (KATO).
const MAKER_KATO: &str = "750000000";

/// (flow, gtin, region) -> units.
type Totals = BTreeMap<(String, String, String), i64>;

/// The history events this test expects as flows, named independently of the hub's table.
fn flow_name(event: &str) -> Option<&'static str> {
    Some(match event {
        "INTRODUCE" => "introduced",
        "SHIP" => "shipped",
        "ACCEPT" => "received",
        "RETURN" => "refused",
        "RETAIL_SALE" => "sold",
        "CUSTOMER_RETURN" => "returned",
        "WRITE_OFF" => "written_off",
        "WITHDRAW" => "withdrawn",
        "REMARK_NEW" => "remarked",
        _ => return None,
    })
}

async fn set_kato(w: &World) {
    let (status, body) = w
        .call(
            "PUT",
            &format!("/api/v1/participants/{MAKER}"),
            &w.operator,
            Some(json!({
                "names": { "kk": "Өндіруші", "ru": "Производитель" },
                "roles": ["manufacturer"],
                "product_groups": ["tobacco", "pharma"],
                "kato": MAKER_KATO,
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["kato"], MAKER_KATO);
}

/// Four codes introduced by MAKER, three shipped to RETAILER and accepted, one of them sold,
/// the fourth written off.
async fn move_goods(w: &World) -> Vec<String> {
    w.with_product().await;
    let codes = w.applied_codes(4).await;
    let applied = |doc: Value| assert_eq!(doc["status"], "applied", "{doc}");
    applied(w.document(&w.maker, json!({ "kind": "introduction", "route": "PRODUCTION", "production_date": "2026-11-20", "units": codes })).await);
    let shipment = w
        .document(
            &w.maker,
            json!({ "kind": "shipment", "receiver": RETAILER, "units": codes[..3] }),
        )
        .await;
    applied(shipment.clone());
    applied(
        w.document(
            &w.retailer,
            json!({ "kind": "acceptance", "shipment": shipment["id"], "result": "full" }),
        )
        .await,
    );
    applied(
        w.document(
            &w.retailer,
            json!({ "kind": "retail_sale", "units": [codes[0]] }),
        )
        .await,
    );
    applied(
        w.document(
            &w.maker,
            json!({ "kind": "write_off", "reason": "LOSS", "units": [codes[3]] }),
        )
        .await,
    );
    codes
}

/// What the history says for `[from, to)` (Unix seconds), counted here with SQL of its own.
async fn history_totals(w: &World, from: i64, to: i64) -> Totals {
    let db = w.app.db.as_ref().expect("the test database").pool();
    let client = db.client().await.expect("a connection");
    let rows = client
        .query(
            "select h.event, substr(h.unit, 3, 14), coalesce(p.kato, 'unknown'), count(*)
             from unit_history h join participants p on p.id = h.actor
             where h.unit like '01%' and h.at >= to_timestamp($1) and h.at < to_timestamp($2)
             group by 1, 2, 3",
            &[&(from as f64), &(to as f64)],
        )
        .await
        .expect("the history reads");
    let mut totals = Totals::new();
    for row in rows {
        let event: String = row.get(0);
        if let Some(flow) = flow_name(&event) {
            totals.insert((flow.to_owned(), row.get(1), row.get(2)), row.get(3));
        }
    }
    totals
}

/// GET as `token`: status, content type, bytes.
async fn download(w: &World, path: &str, token: &str) -> (StatusCode, String, Vec<u8>) {
    let response = w
        .app
        .http
        .get(format!("{}{path}", w.app.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        kind,
        response.bytes().await.expect("bytes").to_vec(),
    )
}

/// The file's batches, read with the `parquet` crate.
fn read_back(file: Vec<u8>) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(file))
        .expect("a Parquet file")
        .build()
        .expect("a reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("the batches read")
}

fn text<'a>(batch: &'a RecordBatch, column: &str) -> &'a StringArray {
    batch
        .column_by_name(column)
        .and_then(|c| c.as_any().downcast_ref::<StringArray>())
        .unwrap_or_else(|| panic!("{column} is a string column"))
}

/// (flow, gtin, region) -> units in the file, checking every day is `day` and nothing in it
/// names a participant.
fn file_totals(batches: &[RecordBatch], day: i32, ids: &[&str]) -> Totals {
    let mut totals = Totals::new();
    for batch in batches {
        let names: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(
            names,
            ["day", "product_group", "region", "gtin", "flow", "units"],
            "the documented columns, and no BIN, IIN, serial, price or document id"
        );
        let days = batch
            .column_by_name("day")
            .and_then(|c| c.as_any().downcast_ref::<Date32Array>())
            .expect("day is date32");
        let units = batch
            .column_by_name("units")
            .and_then(|c| c.as_any().downcast_ref::<Int64Array>())
            .expect("units is int64");
        for column in ["product_group", "region", "gtin", "flow"] {
            let values = text(batch, column);
            for i in 0..values.len() {
                let value = values.value(i);
                assert!(
                    !(value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit())),
                    "{column} holds a BIN/IIN-like {value}"
                );
                assert!(
                    ids.iter().all(|id| !value.contains(id)),
                    "{column} names a participant: {value}"
                );
            }
        }
        for i in 0..batch.num_rows() {
            assert_eq!(days.value(i), day, "row {i} is of the exported day");
            assert_eq!(text(batch, "product_group").value(i), "tobacco");
            let key = (
                text(batch, "flow").value(i).to_owned(),
                text(batch, "gtin").value(i).to_owned(),
                text(batch, "region").value(i).to_owned(),
            );
            assert!(
                totals.insert(key, units.value(i)).is_none(),
                "one row per key"
            );
        }
    }
    totals
}

fn id_of(manifest: &Value) -> String {
    manifest["id"].as_str().expect("an id").to_owned()
}

#[tokio::test]
async fn an_export_reads_back_with_the_registrys_numbers_and_never_names_a_participant() {
    let w = world().await;
    set_kato(&w).await;
    move_goods(&w).await;
    let today = tanba_exports::almaty_day(Utc::now());
    let (from, to) = (today.to_string(), (today + Duration::days(1)).to_string());
    let period = json!({ "from": from, "to": to });

    let (status, manifest) = w
        .call("POST", "/api/v1/exports", &w.operator, Some(period.clone()))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{manifest}");
    let id = id_of(&manifest);
    assert_eq!(manifest["period"]["from"], from.as_str());
    assert_eq!(manifest["period"]["time_zone"], "Asia/Almaty");

    let (status, kind, file) =
        download(&w, &format!("/api/v1/exports/{id}/file"), &w.analyst).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/vnd.apache.parquet");
    assert_eq!(
        manifest["file"]["sha256"],
        hex::encode(Sha256::digest(&file)),
        "the manifest names the file's digest"
    );

    let day = i32::try_from((today - chrono::NaiveDate::default()).num_days()).expect("a day");
    let ids = [OPERATOR, MAKER, OTHER_MAKER, REGULATOR, RETAILER, ANALYST];
    let batches = read_back(file.clone());
    let in_file = file_totals(&batches, day, &ids);
    let bounds = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .timestamp()
            - 5 * 3600
    };
    let in_history = history_totals(&w, bounds(today), bounds(today + Duration::days(1))).await;
    assert_eq!(
        in_file, in_history,
        "the file counts what the history holds"
    );
    let expect = |flow: &str, region: &str| {
        let key = (flow.to_owned(), GTIN.to_owned(), region.to_owned());
        in_file.get(&key).copied()
    };
    assert_eq!(expect("introduced", MAKER_KATO), Some(4));
    assert_eq!(expect("shipped", MAKER_KATO), Some(3));
    assert_eq!(expect("received", "unknown"), Some(3));
    assert_eq!(expect("sold", "unknown"), Some(1));
    assert_eq!(expect("written_off", MAKER_KATO), Some(1));
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(manifest["rows"], rows);
    assert_eq!(manifest["units_by_flow"]["introduced"], 4);
    assert_eq!(manifest["units_by_flow"]["withdrawn"], 0);

    // The same period again: a new export, the same bytes.
    let (status, again) = w
        .call("POST", "/api/v1/exports", &w.operator, Some(period))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_ne!(id_of(&again), id);
    let (_, _, second) = download(
        &w,
        &format!("/api/v1/exports/{}/file", id_of(&again)),
        &w.operator,
    )
    .await;
    assert_eq!(
        second, file,
        "a re-export of the same period is byte-identical"
    );

    // Listed and read by an analytic system; made and downloaded in the audit log.
    let (status, list) = w.call("GET", "/api/v1/exports", &w.analyst, None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    let (status, one) = w
        .call("GET", &format!("/api/v1/exports/{id}"), &w.analyst, None)
        .await;
    assert_eq!((status, one), (StatusCode::OK, manifest));
    let (_, audit) = w
        .call(
            "GET",
            &format!("/api/v1/audit?object={id}"),
            &w.operator,
            None,
        )
        .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .expect("audit rows")
        .iter()
        .filter_map(|row| row["action"].as_str())
        .collect();
    assert_eq!(actions, ["export.create", "export.download"], "{audit}");
}

#[tokio::test]
async fn only_the_operator_and_analytic_systems_read_and_only_the_operator_exports() {
    let w = world().await;
    let today = tanba_exports::almaty_day(Utc::now());
    let period =
        json!({ "from": today.to_string(), "to": (today + Duration::days(1)).to_string() });
    for token in [&w.retailer, &w.maker, &w.regulator] {
        let (status, body) = w.call("GET", "/api/v1/exports", token, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["code"], "ROLE_NOT_ALLOWED");
    }
    let (status, body) = w
        .call("POST", "/api/v1/exports", &w.analyst, Some(period))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // A bad period is refused with a pointer and a text in each language.
    let bad = json!({ "from": today.to_string(), "to": today.to_string() });
    for lang in ["kk", "ru", "en"] {
        let (status, body) = w
            .call_in(
                "POST",
                "/api/v1/exports",
                &w.operator,
                Some(bad.clone()),
                lang,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["code"], "EXPORT_PERIOD_INVALID", "{body}");
        assert!(
            body["detail"]
                .as_str()
                .is_some_and(|d| d.contains(&today.to_string())),
            "{body}"
        );
    }
    let (status, body) = w
        .call(
            "GET",
            "/api/v1/exports/00000000-0000-4000-8000-000000000000",
            &w.analyst,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["code"], "EXPORT_NOT_FOUND");
}

#[tokio::test]
async fn the_scheduled_export_starts_where_the_last_one_ended() {
    let w = world().await;
    move_goods(&w).await;
    let db = w.app.db.as_ref().expect("the test database").pool();
    let exports = tanba_exports::Exports::new(db, &tanba_exports::ExportsSettings::default())
        .expect("the default schedule");
    let now = Utc::now();
    let today = tanba_exports::almaty_day(now);
    let at = |days: i64| now + Duration::days(days);
    let period = |m: &Value| {
        (
            m["period"]["from"].as_str().expect("from").to_owned(),
            m["period"]["to"].as_str().expect("to").to_owned(),
        )
    };

    assert!(
        exports.export_since_last(now).await.expect("ran").is_none(),
        "today is not over: nothing to export yet"
    );
    let first = exports
        .export_since_last(at(1))
        .await
        .expect("ran")
        .expect("yesterday is over");
    let day = |d: i64| (today + Duration::days(d)).to_string();
    assert_eq!(
        period(&first),
        (day(0), day(1)),
        "from the first day of history"
    );
    assert_eq!(first["trigger"], "scheduled");
    assert_eq!(first["units_by_flow"]["introduced"], 4);
    assert!(
        exports
            .export_since_last(at(1))
            .await
            .expect("ran")
            .is_none(),
        "done already"
    );

    let second = exports
        .export_since_last(at(3))
        .await
        .expect("ran")
        .expect("two more days");
    assert_eq!(
        period(&second),
        (day(1), day(3)),
        "where the last one ended"
    );
    assert_eq!(second["rows"], 0, "nothing moved on those days");

    // Through the cron slot: the first look schedules (unless the hub's own scheduler already
    // did), a later one past the slot exports from where the last ended.
    let mut end = day(3);
    for days in [4, 6] {
        if let Some(made) = exports.run_due(at(days)).await.expect("ran") {
            assert_eq!(period(&made).0, end, "where the last one ended");
            end = period(&made).1;
        }
    }
    assert_eq!(end, day(6), "the slot past due exported up to that day");
}
