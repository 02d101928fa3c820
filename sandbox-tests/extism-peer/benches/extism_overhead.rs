//! The tobacco rule's `check-code` through Extism, the peer host of issue 4: one call in a
//! fresh plug-in instance (Extism's equivalent of our fresh sandbox), calls on one reused
//! instance, and calls/s on 2 threads with a fresh instance each. Same input as
//! `sandbox-tests/benches/plugin_overhead.rs`, with the same limits as the tobacco manifest
//! there (16 MiB, 100 ms). Prints a table; asserts nothing.
//!
//! `cargo bench -p tanba-extism-peer` (Extism 1.30.0, wasmtime 43; 1.41 needs wasmtime 49 and Rust 1.96): builds the guest (`tanba-extism-guest`, a core module)
//! for `wasm32-unknown-unknown` with the `plugin` profile first, into the same target dir.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use extism::{CompiledPlugin, Manifest, Plugin, PluginBuilder, Wasm};
use tanba_extism_peer::{CheckCode, Finding, tobacco_block};

const CALLS: usize = 20_000;
const GUEST: &str = "tanba-extism-guest";

fn main() {
    let wasm = build_guest();
    let manifest = Manifest::new([Wasm::data(wasm)])
        .with_memory_max(16 << 4) // 64 KiB pages: 16 MiB
        .with_timeout(Duration::from_millis(100));
    let compiled = CompiledPlugin::new(
        PluginBuilder::new(manifest)
            .with_wasi(false)
            .with_cache_disabled(),
    )
    .expect("the guest compiles");
    let input = tobacco_block();
    let fresh = || {
        let mut plugin = Plugin::new_from_compiled(&compiled).expect("instantiates");
        call(&mut plugin, &input)
    };
    for _ in 0..1_000 {
        assert!(fresh().is_empty(), "a complete block code has no findings");
    }
    let fresh_calls = per_call(CALLS, || drop(fresh()));
    let instantiation = per_call(CALLS, || {
        drop(Plugin::new_from_compiled(&compiled).expect("instantiates"))
    });
    let mut reused = Plugin::new_from_compiled(&compiled).expect("instantiates");
    for _ in 0..1_000 {
        call(&mut reused, &input);
    }
    let reused_calls = per_call(CALLS, || drop(call(&mut reused, &input)));
    let throughput = calls_per_second(&compiled, &input, 2, CALLS);

    println!(
        "| measure (Extism {}) | value |",
        extism::extism_version().trim_end_matches('\0')
    );
    println!("|---|---|");
    println!(
        "| fresh plug-in instance + tobacco check-code, median | {:.1} µs |",
        micros(fresh_calls.median)
    );
    println!(
        "| fresh plug-in instance + tobacco check-code, p99 | {:.1} µs |",
        micros(fresh_calls.p99)
    );
    println!(
        "| of which: a fresh plug-in instance alone, median | {:.1} µs |",
        micros(instantiation.median)
    );
    println!(
        "| reused plug-in instance + tobacco check-code, median | {:.1} µs |",
        micros(reused_calls.median)
    );
    println!(
        "| reused plug-in instance + tobacco check-code, p99 | {:.1} µs |",
        micros(reused_calls.p99)
    );
    println!("| calls/s, 2 threads, fresh instance per call | {throughput:.0} |");
}

/// One `check_code` call: the arguments to JSON, the call, the findings from JSON.
fn call(plugin: &mut Plugin, input: &CheckCode) -> Vec<Finding> {
    let bytes = serde_json::to_vec(input).expect("serialises");
    let out: &[u8] = plugin.call("check_code", bytes).expect("answers");
    serde_json::from_slice(out).expect("findings")
}

struct Spread {
    median: Duration,
    p99: Duration,
}

fn per_call(n: usize, mut f: impl FnMut()) -> Spread {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    Spread {
        median: times[n / 2],
        p99: times[n * 99 / 100],
    }
}

fn calls_per_second(
    compiled: &CompiledPlugin,
    input: &CheckCode,
    threads: usize,
    per_thread: usize,
) -> f64 {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..per_thread {
                    let mut plugin = Plugin::new_from_compiled(compiled).expect("instantiates");
                    call(&mut plugin, input);
                }
            });
        }
    });
    (threads * per_thread) as f64 / start.elapsed().as_secs_f64()
}

/// Builds the guest with cargo (quick when it is up to date) and returns its module.
fn build_guest() -> Vec<u8> {
    let target_dir = target_dir();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--profile", "plugin"])
        .args(["--target", "wasm32-unknown-unknown", "--package", GUEST])
        .arg("--target-dir")
        .arg(&target_dir)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building {GUEST} failed");
    let module = target_dir
        .join("wasm32-unknown-unknown/plugin")
        .join(format!("{}.wasm", GUEST.replace('-', "_")));
    std::fs::read(&module).unwrap_or_else(|err| panic!("{}: {err}", module.display()))
}

/// `<target>`, from this binary's path (`<target>/release/deps/extism_overhead-..`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the bench binary's path");
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .expect("the bench runs from <target>/<profile>/deps")
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
