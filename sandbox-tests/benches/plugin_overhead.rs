//! The cost of the sandbox (issue 4, "Performance"): one rule call in a fresh instance, calls/s
//! on every core, the same rule compiled natively, and the hub's memory after 100,000 hostile
//! calls. Prints a table; asserts nothing. Build the guests first (`cargo xtask plugins`), then
//! `cargo bench -p tanba-sandbox-tests --bench plugin_overhead`.

use std::time::{Duration, Instant};

use tanba_plugin_host::LoadedRuleSet;
use tanba_plugin_sdk::Guest;
use tanba_sandbox_tests::{code, context, engine, load, manifest, product};

const GTIN: &str = "04600000000015";
const CALLS: usize = 20_000;
const HOSTILE_CALLS: usize = 100_000;

fn main() {
    let engine = engine();
    println!("pooling allocator: {}", engine.is_pooled());
    let tobacco = load(
        &engine,
        "tanba-rules-tobacco",
        manifest("tobacco", "tobacco", 16, 100),
    )
    .expect("tobacco loads");
    let block = code(GTIN, "abc1234", &[("8005", "095000"), ("93", "Ab1=")]);
    let card = product(GTIN, "tobacco");
    let ctx = context();
    let call = || tobacco.check_code(&block, &card, &ctx).expect("answers");
    for _ in 0..1_000 {
        call();
    }
    let sandboxed = per_call(CALLS, || drop(call()));
    let instantiation = instantiate_only(&engine);
    let native = native_per_call();
    let throughput = calls_per_second(&tobacco, 2, CALLS);
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| fresh sandbox + tobacco check-code, median | {:.1} µs |",
        micros(sandboxed.median)
    );
    println!(
        "| fresh sandbox + tobacco check-code, p99 | {:.1} µs |",
        micros(sandboxed.p99)
    );
    println!(
        "| of which: a fresh store and instance alone, median | {:.1} µs |",
        micros(instantiation.median)
    );
    println!(
        "| the same rule compiled natively, mean | {:.2} µs |",
        micros(native)
    );
    println!(
        "| sandbox overhead ratio (median / native) | {:.0}x |",
        sandboxed.median.as_secs_f64() / native.as_secs_f64()
    );
    println!("| calls/s, 2 threads | {throughput:.0} |");
    keep_resident(&block, &card, &ctx);
    hostile_memory(&engine);
}

/// The same fresh-sandbox call on engines that keep more or less of each pooled memory
/// resident between instances (`EngineSettings::keep_resident_bytes`), resetting it by
/// `memset` of the lowest bytes or only the dirty pages found by `PAGEMAP_SCAN`
/// (`EngineSettings::pagemap_scan`). The settings take turns in rounds of 1,000 calls, so a
/// burst of noise on the shared machine falls on all of them alike.
fn keep_resident(
    block: &tanba_plugin_host::types::MarkingCode,
    card: &tanba_plugin_host::types::Product,
    ctx: &tanba_plugin_host::types::Context,
) {
    const ROUNDS: usize = 20;
    let settings: Vec<(usize, bool)> = [0usize, 64, 128, 256, 512, 1024]
        .into_iter()
        .flat_map(|kib| [(kib, false), (kib, true)])
        .collect();
    let engines: Vec<LoadedRuleSet> = settings
        .iter()
        .map(|&(kib, pagemap_scan)| {
            let engine = tanba_plugin_host::PluginEngine::new(&tanba_plugin_host::EngineSettings {
                pool_instances: 32,
                keep_resident_bytes: kib << 10,
                pagemap_scan,
                ..Default::default()
            })
            .expect("the engine starts");
            load(
                &engine,
                "tanba-rules-tobacco",
                manifest("tobacco", "tobacco", 16, 100),
            )
            .expect("tobacco loads")
        })
        .collect();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); settings.len()];
    for _ in 0..ROUNDS {
        for (rules, times) in engines.iter().zip(&mut times) {
            for _ in 0..1_000 {
                let start = Instant::now();
                drop(rules.check_code(block, card, ctx).expect("answers"));
                times.push(start.elapsed());
            }
        }
    }
    println!();
    println!("| kept resident per memory | reset | fresh sandbox + check-code, median | p99 |");
    println!("|---|---|---|---|");
    for (&(kib, pagemap_scan), times) in settings.iter().zip(times) {
        let spread = spread(times);
        println!(
            "| {kib} KiB | {} | {:.1} µs | {:.1} µs |",
            if pagemap_scan {
                "dirty pages (PAGEMAP_SCAN)"
            } else {
                "memset + madvise"
            },
            micros(spread.median),
            micros(spread.p99)
        );
    }
}

/// A fresh store and instance of the tobacco component, without any call: the fixed cost of
/// the sandbox (same engine, so the same pool and settings as the calls above).
fn instantiate_only(engine: &tanba_plugin_host::PluginEngine) -> Spread {
    use wasmtime::Store;
    use wasmtime::component::{Component, Linker};
    let bytes = tanba_testkit::guest_component("tanba-rules-tobacco");
    let component = Component::new(engine.engine(), &bytes).expect("compiles");
    let pre = Linker::<()>::new(engine.engine())
        .instantiate_pre(&component)
        .expect("links");
    per_call(CALLS, || {
        let mut store = Store::new(engine.engine(), ());
        store.set_epoch_deadline(1_000);
        pre.instantiate(&mut store).expect("instantiates");
    })
}

struct Spread {
    median: Duration,
    p99: Duration,
}

fn per_call(n: usize, mut f: impl FnMut()) -> Spread {
    spread(
        (0..n)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn spread(mut times: Vec<Duration>) -> Spread {
    times.sort();
    let n = times.len();
    Spread {
        median: times[n / 2],
        p99: times[n * 99 / 100],
    }
}

fn native_per_call() -> Duration {
    use tanba_plugin_sdk as sdk;
    let element = |ai: &str, value: &str| sdk::Element {
        ai: ai.into(),
        value: value.into(),
    };
    let block = sdk::MarkingCode {
        gtin: GTIN.into(),
        serial: "abc1234".into(),
        elements: vec![
            element("01", GTIN),
            element("21", "abc1234"),
            element("8005", "095000"),
            element("93", "Ab1="),
        ],
        status: None,
    };
    let card = sdk::Product {
        gtin: GTIN.into(),
        product_group: "tobacco".into(),
        tn_ved: "2402209000".into(),
        name: sdk::text("т", "т", "t"),
        shelf_life_days: None,
        attributes: Vec::new(),
    };
    let ctx = sdk::Context {
        now_unix_seconds: 0,
        today: sdk::Date {
            year: 2026,
            month: 11,
            day: 24,
        },
        reference: Vec::new(),
    };
    let n = 200_000;
    let start = Instant::now();
    for _ in 0..n {
        let findings = tanba_rules_tobacco::Tobacco::check_code(
            std::hint::black_box(block.clone()),
            card.clone(),
            ctx.clone(),
        );
        std::hint::black_box(findings);
    }
    start.elapsed() / n
}

fn calls_per_second(rules: &LoadedRuleSet, threads: usize, per_thread: usize) -> f64 {
    let block = code(GTIN, "abc1234", &[("8005", "095000"), ("93", "Ab1=")]);
    let card = product(GTIN, "tobacco");
    let ctx = context();
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..per_thread {
                    rules.check_code(&block, &card, &ctx).expect("answers");
                }
            });
        }
    });
    (threads * per_thread) as f64 / start.elapsed().as_secs_f64()
}

/// Resident memory before and after many hostile calls: traps must leave nothing behind.
fn hostile_memory(engine: &tanba_plugin_host::PluginEngine) {
    let hostile = load(
        engine,
        "tanba-hostile-guest",
        manifest("hostile", "hostile", 8, 200),
    )
    .expect("hostile loads");
    let card = product(GTIN, "hostile");
    let ctx = context();
    let cycle = ["panic", "recurse", "bad-output", "fine"];
    let run = |n: usize| {
        for i in 0..n {
            let serial = cycle[i % cycle.len()];
            let _ = hostile.check_code(&code(GTIN, serial, &[]), &card, &ctx);
        }
    };
    run(10_000);
    let before = rss_kib();
    let start = Instant::now();
    run(HOSTILE_CALLS);
    for _ in 0..50 {
        let _ = hostile.check_code(&code(GTIN, "oom", &[]), &card, &ctx);
    }
    let elapsed = start.elapsed();
    let after = rss_kib();
    println!(
        "| {HOSTILE_CALLS} hostile calls (panic, stack overflow, bad output) + 50 out-of-memory | {:.1} s |",
        elapsed.as_secs_f64()
    );
    println!(
        "| resident memory before / after | {before} KiB / {after} KiB ({:+} KiB) |",
        after as i64 - before as i64
    );
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
