//! `tanba statistics rebuild` (issue 9; R14): a database whose units predate the statistics
//! (rows written without them, as before migration 0012) gets its stock and flows from the
//! registry, says how many rows it wrote, and a second run writes the same. The rebuild's
//! equality with the incremental path is tested in hub/api/tests/statistics.rs.

mod support;

use support::{tanba, text};
use tanba_testkit::{TestDb, open_tempdir};

const OWNER: &str = "200540000009";
const GTIN: &str = "04870000000012";

#[tokio::test]
async fn units_from_before_the_statistics_are_counted_by_a_rebuild() {
    let db = TestDb::migrated().await;
    let dir = open_tempdir();
    let client = db.pool().client().await.expect("a connection");
    // Three codes introduced and one sold, written the way hubs before 0012 did: units and
    // history only.
    client
        .batch_execute(&format!(
            "insert into participants (id, kind, names, roles, product_groups, status)
             values ('{OWNER}', 'bin', '{{\"kk\":\"a\",\"ru\":\"b\"}}', array['manufacturer'],
                 '{{}}', 'active');
             insert into product_groups (id, names, serial_length, serial_alphabet, tail)
             select 'tobacco', '{{\"kk\":\"a\",\"ru\":\"b\",\"en\":\"c\"}}', 7, '0-9', '93'
             where not exists (select 1 from product_groups where id = 'tobacco');
             insert into products (gtin, product_group, owner, names)
             values ('{GTIN}', 'tobacco', '{OWNER}', '{{\"kk\":\"a\",\"ru\":\"b\",\"en\":\"c\"}}');
             insert into units (key, status, owner)
             select '01{GTIN}21s' || n, case n when 1 then 'RETIRED' else 'INTRODUCED' end,
                    '{OWNER}'
             from generate_series(1, 3) n;
             insert into unit_history (unit, actor, event, status, owner, cause_kind, cause_id)
             select '01{GTIN}21s' || n, '{OWNER}', 'INTRODUCE', 'INTRODUCED', '{OWNER}',
                    'document', gen_random_uuid()
             from generate_series(1, 3) n;
             insert into unit_history (unit, actor, event, status, owner, cause_kind, cause_id)
             values ('01{GTIN}21s1', '{OWNER}', 'RETAIL_SALE', 'RETIRED', '{OWNER}', 'document',
                 gen_random_uuid())"
        ))
        .await
        .expect("a registry from before the statistics");

    for _ in 0..2 {
        let out = tanba(&db.url(), dir.path(), &["statistics", "rebuild"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains(
                "Statistics rebuilt from the registry: 2 stock rows, 2 flow rows, 2 product-group flow rows."
            ),
            "{}",
            text(&out.stdout)
        );
        let stock: Vec<(String, i64)> = client
            .query(
                "select status, units from stat_stock where owner = $1 and gtin = $2
                 order by status",
                &[&OWNER, &GTIN],
            )
            .await
            .expect("stock")
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        assert_eq!(
            stock,
            [("INTRODUCED".to_owned(), 2), ("RETIRED".to_owned(), 1)]
        );
        let flows: Vec<(String, i64)> = client
            .query(
                "select flow, units from stat_flows_group where owner = $1 order by flow",
                &[&OWNER],
            )
            .await
            .expect("flows")
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        assert_eq!(
            flows,
            [("introduced".to_owned(), 3), ("sold".to_owned(), 1)]
        );
    }
}
