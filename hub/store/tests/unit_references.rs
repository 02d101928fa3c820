//! The references of units and their history, checked once per statement since migration 0020
//! (issue 5, throughput of large documents; R8): they refuse what the foreign keys refused, on
//! both write paths (array statements and binary COPY, over [`COPY_ABOVE`] rows), and the
//! rows they protect still cannot be deleted.

use tanba_store::registry::{
    COPY_ABOVE, HistoryRow, UnitRow, update_units, write_history, write_units,
};
use tanba_testkit::TestDb;
use tokio_postgres::error::SqlState;
use uuid::Uuid;

const OWNER: &str = "200540000009";
const NOBODY: &str = "040740000001";

fn code(n: usize) -> String {
    format!("010487000000001221r{n:07}")
}

fn row(key: &str) -> UnitRow {
    UnitRow {
        key: key.to_owned(),
        status: "INTRODUCED".to_owned(),
        owner: OWNER.to_owned(),
        parent: None,
        order_id: None,
        receiver: None,
        shipment: None,
    }
}

fn history(unit: &str) -> HistoryRow {
    HistoryRow {
        unit: unit.to_owned(),
        at: String::new(),
        actor: OWNER.to_owned(),
        event: "INTRODUCE".to_owned(),
        status: "INTRODUCED".to_owned(),
        owner: OWNER.to_owned(),
        parent: None,
        cause_kind: "document".to_owned(),
        cause_id: Uuid::nil(),
    }
}

async fn setup() -> (TestDb, tanba_store::Database) {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    pool.client()
        .await
        .expect("a connection")
        .execute(
            "insert into participants (id, kind, names, roles, product_groups, status)
             values ($1, 'bin', '{\"kk\":\"a\",\"ru\":\"b\"}', array['manufacturer'], '{}',
                 'active')",
            &[&OWNER],
        )
        .await
        .expect("a participant");
    (db, pool)
}

/// `n` units of OWNER with one history row each, committed.
async fn units(pool: &tanba_store::Database, n: usize) -> Vec<UnitRow> {
    let rows: Vec<UnitRow> = (0..n).map(|i| row(&code(i))).collect();
    let mut client = pool.client().await.expect("a connection");
    let tx = client.transaction().await.expect("a transaction");
    write_units(&*tx, &rows).await.expect("units");
    let trail: Vec<HistoryRow> = rows.iter().map(|r| history(&r.key)).collect();
    write_history(&*tx, &trail).await.expect("history");
    tx.commit().await.expect("committed");
    rows
}

#[tokio::test]
async fn units_naming_a_participant_that_does_not_exist_are_refused_on_every_path() {
    let (_db, pool) = setup().await;
    let known = units(&pool, COPY_ABOVE + 10).await;
    let mut client = pool.client().await.expect("a connection");
    for n in [1, COPY_ABOVE + 10] {
        // A receiver nobody registered: by the array statement (1 row) and by COPY.
        let shipped: Vec<UnitRow> = known[..n]
            .iter()
            .map(|r| UnitRow {
                receiver: Some(NOBODY.to_owned()),
                shipment: Some(Uuid::new_v4()),
                ..r.clone()
            })
            .collect();
        let tx = client.transaction().await.expect("a transaction");
        let refused = update_units(&*tx, &shipped).await;
        assert!(refused.is_err(), "{n} rows to an unknown receiver");
        tx.rollback().await.expect("rolled back");
        // An unknown owner, by the upsert.
        let tx = client.transaction().await.expect("a transaction");
        let mut stray = row(&code(COPY_ABOVE + 100));
        stray.owner = NOBODY.to_owned();
        assert!(
            write_units(&*tx, &[stray]).await.is_err(),
            "an unknown owner"
        );
        tx.rollback().await.expect("rolled back");
    }
    // The same rows to a registered receiver pass: the check refuses only what is wrong.
    let tx = client.transaction().await.expect("a transaction");
    let shipped: Vec<UnitRow> = known
        .iter()
        .map(|r| UnitRow {
            receiver: Some(OWNER.to_owned()),
            shipment: Some(Uuid::new_v4()),
            ..r.clone()
        })
        .collect();
    update_units(&*tx, &shipped)
        .await
        .expect("a known receiver");
    tx.commit().await.expect("committed");
    let error = client
        .execute(
            "insert into units (key, status, owner) values ($1, 'INTRODUCED', $2)",
            &[&code(COPY_ABOVE + 200), &NOBODY],
        )
        .await
        .expect_err("an unknown owner");
    assert_eq!(error.code(), Some(&SqlState::FOREIGN_KEY_VIOLATION));
}

#[tokio::test]
async fn history_of_a_unit_that_does_not_exist_is_refused_on_every_path() {
    let (_db, pool) = setup().await;
    let known = units(&pool, COPY_ABOVE + 10).await;
    let mut client = pool.client().await.expect("a connection");
    for n in [1, COPY_ABOVE + 10] {
        // All known units but the last, which is not.
        let mut trail: Vec<HistoryRow> = known[..n - 1].iter().map(|r| history(&r.key)).collect();
        trail.push(history(&code(COPY_ABOVE + 500)));
        let tx = client.transaction().await.expect("a transaction");
        assert!(
            write_history(&*tx, &trail).await.is_err(),
            "{n} rows, one unknown"
        );
        tx.rollback().await.expect("rolled back");
    }
    let count: i64 = client
        .query_one("select count(*) from unit_history", &[])
        .await
        .expect("counted")
        .get(0);
    assert_eq!(count, i64::try_from(known.len()).expect("small"));
}

#[tokio::test]
async fn participants_named_by_units_and_units_with_history_are_not_deleted() {
    let (_db, pool) = setup().await;
    let known = units(&pool, 1).await;
    let client = pool.client().await.expect("a connection");
    for (statement, key) in [
        ("delete from units where key = $1", known[0].key.as_str()),
        (
            "update units set key = key || 'x' where key = $1",
            &known[0].key,
        ),
        ("delete from participants where id = $1", OWNER),
    ] {
        let error = client
            .execute(statement, &[&key])
            .await
            .expect_err(statement);
        assert_eq!(
            error.code(),
            Some(&SqlState::FOREIGN_KEY_VIOLATION),
            "{statement}"
        );
    }
    // Rows nothing names can go.
    client
        .execute(
            "insert into participants (id, kind, names, roles, product_groups, status)
             values ($1, 'bin', '{\"kk\":\"a\",\"ru\":\"b\"}', array['retailer'], '{}',
                 'active')",
            &[&NOBODY],
        )
        .await
        .expect("a participant");
    client
        .execute(
            "insert into units (key, status, owner) values ($1, 'INTRODUCED', $2)",
            &[&code(7), &NOBODY],
        )
        .await
        .expect("a unit");
    let gone = client
        .execute("delete from units where key = $1", &[&code(7)])
        .await
        .expect("a unit without history is deleted");
    assert_eq!(gone, 1);
    let gone = client
        .execute("delete from participants where id = $1", &[&NOBODY])
        .await
        .expect("a participant no unit names is deleted");
    assert_eq!(gone, 1);
}
