//! Emission and look-up figures (issue 3; `docs/BENCHMARKS.md`). Prints, asserts nothing.
//!
//! 1. A 1,000,000-code order: the time to reserve its range (the only row written), then its
//!    print file generated in full on one thread and on two (codes/s against the 300,000 goal).
//! 2. Code status look-ups with 10,000,000 codes emitted (10,000 orders of 1,000 for one
//!    GTIN) and 10,000,000 rows in the units table: each look-up parses the code, reads product
//!    and group, decrypts the serial (FF1), finds the order by its counter range (GiST), checks
//!    the MAC and reads the unit's row. Look-ups/s from 8 concurrent clients.

mod support;

use std::time::Instant;

use support::{GTIN, ms, set_up, ten_million};
use tanba_domain::CheckDigitPolicy;
use tanba_domain::emission::MasterSecret;
use tanba_registry::{Caller, PrintFormat, Registry};
use tanba_testkit::TestDb;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run());
}

async fn run() {
    let db = TestDb::migrated().await;
    let master = MasterSecret::new(vec![7; 32]).expect("a master secret");
    let registry = Registry::new(db.pool(), master, CheckDigitPolicy::Strict);
    let maker = set_up(&registry).await;

    let started = Instant::now();
    let order = registry
        .order_codes(&maker, GTIN, 1_000_000)
        .await
        .expect("an order");
    println!("order of 1,000,000 codes reserved in {:.1} ms", ms(started));

    let started = Instant::now();
    let lines = registry
        .print_file(&maker, &order.id.to_string(), PrintFormat::Text)
        .await
        .expect("a file");
    let bytes: usize = lines.map(|l| l.len()).sum();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "print file, 1 thread: {:.0} codes/s ({} MB)",
        1e6 / secs,
        bytes / 1_000_000
    );

    let started = Instant::now();
    let halves = [0, 1].map(|half| {
        let registry = registry.clone();
        let maker = maker.clone();
        let id = order.id.to_string();
        tokio::spawn(async move {
            let lines = registry
                .print_file(&maker, &id, PrintFormat::Text)
                .await
                .expect("a file");
            tokio::task::spawn_blocking(move || {
                lines
                    .skip(half * 500_000)
                    .take(500_000)
                    .map(|l| l.len())
                    .sum::<usize>()
            })
            .await
            .expect("a thread")
        })
    });
    for half in halves {
        half.await.expect("a task");
    }
    let secs = started.elapsed().as_secs_f64();
    println!("print file, 2 threads: {:.0} codes/s", 1e6 / secs);

    lookups(&registry, &maker).await;
}

/// 10,000,000 codes emitted, then look-ups of codes spread over them.
async fn lookups(registry: &Registry, maker: &Caller) {
    let samples = ten_million(registry, maker).await;
    let clients = 8;
    let per_client = 2_000;
    let started = Instant::now();
    let tasks = (0..clients).map(|c| {
        let registry = registry.clone();
        let maker = maker.clone();
        let samples = samples.clone();
        tokio::spawn(async move {
            for i in 0..per_client {
                let code = &samples[(c * 31 + i) % samples.len()];
                registry
                    .code_status(&maker, code)
                    .await
                    .expect("a genuine code");
            }
        })
    });
    futures_util::future::join_all(tasks).await;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "code status look-ups, {clients} clients: {:.0}/s",
        (clients * per_client) as f64 / secs
    );
}
