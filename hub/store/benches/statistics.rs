//! Statistics figures (issue 9, R14; `docs/BENCHMARKS.md`). Prints, asserts nothing.
//!
//! Fills the aggregate tables as one participant with about 100 M codes would have them: 2,000
//! GTINs over 4 product groups, 730 days of flows (six kinds a day for every GTIN: 8.76 M rows
//! of `stat_flows`, their per-group sums in `stat_flows_group`) and stock in six statuses; then
//! times the reads the API makes (median of `ROUNDS`) and recording the deltas of one
//! 10,000-unit document (an acceptance moving ownership, over 10 and over 2,000 GTINs).
//! `BENCH_DAYS` sets a shorter history.

use std::time::{Duration, Instant};

use tanba_store::Database;
use tanba_store::registry::UnitRow;
use tanba_store::statistics::{Period, record_units};
use tanba_testkit::TestDb;

const OWNER: &str = "200540000009";
const BUYER: &str = "040740000001";
const GROUPS: [&str; 4] = ["tobacco", "pharma", "dairy", "shoes"];
const GTINS: usize = 2_000;
const ROUNDS: usize = 21;

fn days() -> i64 {
    std::env::var("BENCH_DAYS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(730)
}

/// The GTIN numbered `n`, with its check digit.
fn gtin(n: usize) -> String {
    let body = format!("0487{n:09}");
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run());
}

async fn fill(db: &Database) {
    let client = db.client().await.expect("a connection");
    client
        .batch_execute("set statement_timeout = 0")
        .await
        .expect("no timeout");
    for group in GROUPS {
        client
            .execute(
                "insert into product_groups (id, names, serial_length, serial_alphabet, tail)
                 values ($1, '{\"kk\":\"a\",\"ru\":\"b\",\"en\":\"c\"}', 13, '0123456789', '93')",
                &[&group],
            )
            .await
            .expect("a group");
    }
    for id in [OWNER, BUYER] {
        client
            .execute(
                "insert into participants (id, kind, names, roles, product_groups, status)
                 values ($1, 'bin', '{\"kk\":\"a\",\"ru\":\"b\"}', '{manufacturer}', '{}', 'active')",
                &[&id],
            )
            .await
            .expect("a participant");
    }
    let gtins: Vec<String> = (0..GTINS).map(gtin).collect();
    let groups: Vec<&str> = (0..GTINS).map(|n| GROUPS[n % GROUPS.len()]).collect();
    client
        .execute(
            "insert into products (gtin, product_group, owner, names)
             select g, p, $3, '{\"kk\":\"a\",\"ru\":\"b\",\"en\":\"c\"}'
             from unnest($1::text[], $2::text[]) as t (g, p)",
            &[&gtins, &groups, &OWNER],
        )
        .await
        .expect("products");
    let started = Instant::now();
    client
        .execute(
            "insert into stat_flows (owner, gtin, day, flow, product_group, units)
             select $1, p.gtin, current_date - d::int, f, p.product_group,
                    1 + (hashtext(p.gtin || d || f) & 63)
             from products p, generate_series(0, $2::int8 - 1) d,
                  unnest(array['introduced', 'shipped', 'received', 'sold', 'written_off',
                               'applied']) f
             order by 1, 2, 3, 4",
            &[&OWNER, &days()],
        )
        .await
        .expect("flows");
    client
        .batch_execute(
            "insert into stat_flows_group (owner, product_group, day, flow, units)
             select owner, product_group, day, flow, sum(units) from stat_flows
             group by 1, 2, 3, 4;
             insert into stat_stock (owner, gtin, status, product_group, units)
             select '200540000009', gtin, s, product_group, 1000 + (hashtext(gtin || s) & 16383)
             from products, unnest(array['EMITTED', 'APPLIED', 'INTRODUCED', 'RETIRED',
                 'WRITTEN_OFF', 'WITHDRAWN']) s;",
        )
        .await
        .expect("sums and stock");
    // One statement each: a batch of several runs as one transaction, where VACUUM may not.
    for maintenance in [
        "vacuum analyze stat_flows",
        "vacuum analyze stat_flows_group",
        "analyze stat_stock",
    ] {
        client.batch_execute(maintenance).await.expect("vacuum");
    }
    let rows: i64 = client
        .query_one("select count(*) from stat_flows", &[])
        .await
        .expect("a count")
        .get(0);
    let codes: i64 = client
        .query_one(
            "select sum(units)::int8 from stat_flows where flow = 'introduced'",
            &[],
        )
        .await
        .expect("a sum")
        .get(0);
    println!(
        "set-up: {rows} flow rows ({codes} codes introduced over {} days), {:.0} s",
        days(),
        started.elapsed().as_secs_f64()
    );
}

async fn median<F, Fut>(label: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut times: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut rows = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        rows = f().await;
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "| {label} | {rows} | {:.2} ms | {:.2} ms |",
        times[ROUNDS / 2].as_secs_f64() * 1e3,
        times[ROUNDS - 1].as_secs_f64() * 1e3
    );
}

/// An acceptance of 10,000 codes spread over `gtins` GTINs: (before, after) rows.
fn acceptance(gtins: usize) -> Vec<(UnitRow, UnitRow)> {
    (0..10_000usize)
        .map(|n| {
            let before = UnitRow {
                key: format!("01{}21{n:013}", gtin(n % gtins)),
                status: "INTRODUCED".into(),
                owner: OWNER.into(),
                parent: None,
                order_id: None,
                receiver: Some(BUYER.into()),
                shipment: None,
            };
            let after = UnitRow {
                owner: BUYER.into(),
                receiver: None,
                ..before.clone()
            };
            (before, after)
        })
        .collect()
}

async fn run() {
    let test_db = TestDb::migrated().await;
    let db = test_db.pool();
    fill(&db).await;
    let (from, to) = {
        let client = db.client().await.expect("a connection");
        let row = client
            .query_one(
                "select (current_date - ($1::int8)::int)::text, current_date::text,
                        (current_date - 29)::text, (current_date - 365)::text",
                &[&(days() - 1)],
            )
            .await
            .expect("days");
        let (from, to, month_ago, year_ago): (String, String, String, String) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        println!("| query | rows | median | max |\n|---|---|---|---|");
        let db = &db;
        let (to_ref, month_ref, year_ref, from_ref) = (&to, &month_ago, &year_ago, &from);
        median("stock, every GTIN and status", || async move {
            db.stat_stock(OWNER, None, None).await.expect("stock").len()
        })
        .await;
        median("stock of one group", || async move {
            db.stat_stock(OWNER, Some("dairy"), None)
                .await
                .expect("stock")
                .len()
        })
        .await;
        median("flows by month, whole history", || async move {
            db.stat_flows(OWNER, Period::Month, (from_ref, to_ref), None, None)
                .await
                .expect("flows")
                .len()
        })
        .await;
        median("flows by day, last 366 days, one group", || async move {
            db.stat_flows(OWNER, Period::Day, (year_ref, to_ref), Some("pharma"), None)
                .await
                .expect("flows")
                .len()
        })
        .await;
        let one = gtin(7);
        let one = &one;
        median("flows by month, whole history, one GTIN", || async move {
            db.stat_flows(OWNER, Period::Month, (from_ref, to_ref), None, Some(one))
                .await
                .expect("flows")
                .len()
        })
        .await;
        median("top 10 GTINs sold, last 30 days", || async move {
            db.stat_top_gtins(OWNER, "sold", (month_ref, to_ref), None, 10)
                .await
                .expect("top")
                .len()
        })
        .await;
        median("top 10 GTINs sold, whole history", || async move {
            db.stat_top_gtins(OWNER, "sold", (from_ref, to_ref), None, 10)
                .await
                .expect("top")
                .len()
        })
        .await;
        (from, to)
    };
    let _ = (from, to);
    println!(
        "\n| one 10,000-unit acceptance | deltas in Rust alone | deltas + the one statement |\n|---|---|---|"
    );
    for gtins in [10, 2_000] {
        let pairs = acceptance(gtins);
        let (mut build, mut write) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            let mut client = db.client().await.expect("a connection");
            let tx = client.transaction().await.expect("a transaction");
            let started = Instant::now();
            let mut deltas = tanba_store::statistics::Deltas::new();
            for (old, new) in &pairs {
                deltas.unit(Some(old), new);
            }
            build.push(started.elapsed());
            let started = Instant::now();
            record_units(&*tx, pairs.iter().map(|(o, n)| (Some(o), n)))
                .await
                .expect("recorded");
            write.push(started.elapsed());
            tx.rollback().await.expect("rolled back");
        }
        build.sort();
        write.sort();
        println!(
            "| over {gtins} GTINs | {:.2} ms | {:.2} ms |",
            build[ROUNDS / 2].as_secs_f64() * 1e3,
            write[ROUNDS / 2].as_secs_f64() * 1e3
        );
    }
}
