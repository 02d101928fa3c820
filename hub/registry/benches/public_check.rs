//! The public check under load (issue 8, "Performance"; R7, R21, R22). Prints, asserts nothing.
//!
//! A real hub on loopback with 10,000,000 codes emitted and 10,000,000 unit rows; 16 clients
//! post scanned codes to `POST /api/v1/public/check` for 15 seconds (each check parses the
//! code, decrypts the serial, checks the MAC, reads the unit, records the check and looks for
//! clone signals); then, in the same run, pgbench select-only on the same units table as the
//! ceiling a single-row read sets. The load generator, the hub and PostgreSQL share the
//! machine's cores: read the figures as a lower bound of what the hub does alone.
//!
//! `cargo bench -p tanba-registry --bench public_check` (release; ~5 minutes, most of it the
//! fill).

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::{ms, set_up, ten_million};
use tanba_testkit::{TestCluster, TestDb, pg_binaries, spawn_app_on, test_config};

const CLIENTS: usize = 16;
const RUN: Duration = Duration::from_secs(15);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run());
}

async fn run() {
    let db = TestDb::migrated().await;
    let mut config = test_config(&db.url());
    config.public.checks_per_minute = u32::MAX;
    let registry = tanba::registry(&config, db.pool()).expect("the hub's registry");
    let maker = set_up(&registry).await;
    let samples = ten_million(&registry, &maker).await;
    // The samples in circulation, so a check answers "authentic" (a fill, not a document).
    let client = registry.db().client().await.expect("a connection");
    client
        .execute(
            "update units set status = 'INTRODUCED' where status = 'APPLIED'",
            &[],
        )
        .await
        .expect("introduced");
    let app = spawn_app_on(config).await;
    let started = Instant::now();
    let tasks = (0..CLIENTS).map(|c| {
        let http = app.http.clone();
        let url = format!("{}/api/v1/public/check", app.address);
        let samples = samples.clone();
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = c * 31;
            while started.elapsed() < RUN {
                let code = &samples[i % samples.len()];
                i += 1;
                let sent = Instant::now();
                let answer = http
                    .post(&url)
                    .json(&json!({ "code": code, "lang": "ru" }))
                    .send()
                    .await
                    .expect("the hub answers");
                assert!(answer.status().is_success(), "{}", answer.status());
                let body: serde_json::Value = answer.json().await.expect("json");
                assert_eq!(body["verdict"], "authentic", "{body}");
                latencies.push(sent.elapsed());
            }
            latencies
        })
    });
    let mut latencies: Vec<Duration> = futures_util::future::join_all(tasks)
        .await
        .into_iter()
        .flat_map(|t| t.expect("a client"))
        .collect();
    let secs = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| public checks/s, {CLIENTS} clients over HTTP | {:.0} |",
        latencies.len() as f64 / secs
    );
    println!("| latency p50 | {:.2} ms |", at(0.5).as_secs_f64() * 1e3);
    println!("| latency p99 | {:.2} ms |", at(0.99).as_secs_f64() * 1e3);
    app.stop().await;
    println!(
        "| pgbench select-only on units (8 clients, 2 threads) | {} tps |",
        pgbench(&db)
    );
}

/// Transactions per second of pgbench reading one unit row by key, on the same table.
fn pgbench(db: &TestDb) -> String {
    let started = Instant::now();
    let dir = tanba_testkit::open_tempdir();
    let script = dir.path().join("select.sql");
    std::fs::write(
        &script,
        "\\set k random(1, 10000000)\n\
         select status, owner from units where key = '0104870000000029' || '21' || lpad(:k::text, 13, '0');\n",
    )
    .expect("the script");
    // Beside the server's programs, else on PATH (a PATH directory may hold only the server's).
    let beside = pg_binaries().program("pgbench");
    let program = if beside.is_file() {
        beside
    } else {
        "pgbench".into()
    };
    let out = std::process::Command::new(program)
        .args(["-n", "-c", "8", "-j", "2", "-T", "15", "-f"])
        .arg(&script)
        .arg(TestCluster::shared().conninfo(db.name()))
        .output()
        .expect("pgbench runs");
    let text = String::from_utf8_lossy(&out.stdout);
    eprintln!("pgbench ran {:.0} ms", ms(started));
    text.lines()
        .find(|l| l.starts_with("tps = "))
        .and_then(|l| l.split_whitespace().nth(2))
        .unwrap_or_else(|| {
            panic!(
                "pgbench said: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .to_owned()
}
