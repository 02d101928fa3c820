//! What documents rely on to skip the contents look-up (migration 0018; issue 5): a unit is
//! marked `holds` by whatever writer first puts something in it (an insert, an update, an
//! upsert), so [`lock_units_holding`] names every unit that may contain others and
//! [`lock_contents`] still finds a whole tree through the marked ones; and the many-row write
//! paths (binary COPY, over [`COPY_ABOVE`] rows) change exactly the rows the array path would.

use tanba_store::registry::{
    COPY_ABOVE, HistoryRow, UnitRow, lock_contents, lock_units_holding, update_units,
    write_history, write_units,
};
use tanba_testkit::TestDb;
use uuid::Uuid;

const OWNER: &str = "200540000009";

fn code(n: usize) -> String {
    format!("010487000000001221s{n:07}")
}

fn row(key: &str, parent: Option<&str>) -> UnitRow {
    UnitRow {
        key: key.to_owned(),
        status: "INTRODUCED".to_owned(),
        owner: OWNER.to_owned(),
        parent: parent.map(str::to_owned),
        order_id: None,
        receiver: None,
        shipment: None,
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

#[tokio::test]
async fn every_writer_of_a_parent_marks_it_and_trees_are_found_through_the_marks() {
    let (_db, pool) = setup().await;
    let mut client = pool.client().await.expect("a connection");
    let (pallet, pack, loose) = ("00048700000000000017", code(1), code(9));
    // Upsert (the aggregation path): the pallet and the pack inserted with it.
    write_units(
        &**client,
        &[
            row(pallet, None),
            row(&pack, Some(pallet)),
            row(&loose, None),
        ],
    )
    .await
    .expect("written");
    // A plain insert (a report, a test) and an update that moves a code into the pack.
    client
        .execute(
            "insert into units (key, status, owner, parent) values ($1, 'INTRODUCED', $2, $3)",
            &[&code(2), &OWNER, &pack],
        )
        .await
        .expect("inserted");
    client
        .execute(
            "insert into units (key, status, owner) values ($1, 'INTRODUCED', $2)",
            &[&code(3), &OWNER],
        )
        .await
        .expect("inserted");
    update_units(&**client, &[row(&code(3), Some(&pack))])
        .await
        .expect("moved");

    let tx = client.transaction().await.expect("a transaction");
    let keys = vec![pallet.to_owned(), pack.clone(), loose.clone(), code(2)];
    let (rows, holders) = lock_units_holding(&*tx, &keys).await.expect("locked");
    assert_eq!(rows.len(), 4);
    let mut marked: Vec<&String> = holders.iter().collect();
    marked.sort();
    assert_eq!(
        marked,
        [&pallet.to_owned(), &pack],
        "only parents are marked"
    );
    let mut found: Vec<(String, String)> = lock_contents(&*tx, &[pallet.to_owned()])
        .await
        .expect("contents")
        .into_iter()
        .map(|(root, unit)| (root, unit.key))
        .collect();
    found.sort();
    let inside = |k: &str| (pallet.to_owned(), k.to_owned());
    assert_eq!(found, [inside(&pack), inside(&code(2)), inside(&code(3))]);
}

#[tokio::test]
async fn many_rows_are_written_by_copy_exactly() {
    let (_db, pool) = setup().await;
    let mut client = pool.client().await.expect("a connection");
    // As a document does: in one transaction (COPY's temporary table lives until its end).
    let tx = client.transaction().await.expect("a transaction");
    let n = COPY_ABOVE + 500;
    let before: Vec<UnitRow> = (0..n).map(|i| row(&code(i), None)).collect();
    write_units(&*tx, &before).await.expect("written");
    let shipment = Uuid::new_v4();
    let after: Vec<UnitRow> = before
        .iter()
        .map(|r| UnitRow {
            status: "RETIRED".to_owned(),
            receiver: Some(OWNER.to_owned()),
            shipment: Some(shipment),
            ..r.clone()
        })
        .collect();
    update_units(&*tx, &after).await.expect("updated by copy");
    let trail: Vec<HistoryRow> = after
        .iter()
        .map(|r| HistoryRow {
            unit: r.key.clone(),
            at: String::new(),
            actor: OWNER.to_owned(),
            event: "RETAIL_SALE".to_owned(),
            status: r.status.clone(),
            owner: r.owner.clone(),
            parent: None,
            cause_kind: "document".to_owned(),
            cause_id: shipment,
        })
        .collect();
    write_history(&*tx, &trail).await.expect("history by copy");
    tx.commit().await.expect("committed");

    for (i, want) in after.iter().enumerate().step_by(97) {
        assert_eq!(
            pool.unit(&want.key).await.expect("read").as_ref(),
            Some(want)
        );
        let history = pool.unit_history(&want.key).await.expect("history");
        assert_eq!(history.len(), 1, "unit {i}");
        assert_eq!(
            HistoryRow {
                at: String::new(),
                ..history[0].clone()
            },
            trail[i]
        );
    }
    let counts = client
        .query_one(
            "select (select count(*) from units where status = 'RETIRED' and shipment = $1),
                    (select count(*) from unit_history where cause_id = $1)",
            &[&shipment],
        )
        .await
        .expect("counts");
    let n = i64::try_from(n).expect("small");
    assert_eq!((counts.get::<_, i64>(0), counts.get::<_, i64>(1)), (n, n));
}
