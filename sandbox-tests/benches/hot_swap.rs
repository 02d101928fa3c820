//! A hot swap under continuous load as a figure (issue 4): two threads call the echo group's
//! active rule set without pause while the main thread activates echo 2.0.0 and 1.0.0 in turn
//! through the registry (database write, precompiled code loaded, the node's view swapped).
//! Prints calls made, calls failed, swaps made, and the call latency with and without swaps.
//! The test `swapping_versions_under_continuous_calls_fails_no_call` (hub/rules) asserts that
//! no call fails; this only counts. Build the guests first (`cargo xtask plugins`), then
//! `cargo bench -p tanba-sandbox-tests --bench hot_swap` (starts a private PostgreSQL cluster).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tanba_rules::RuleRegistry;
use tanba_sandbox_tests::registry::{OPERATOR, echo_v1_active_of_two, try_answering};
use tanba_testkit::TestDb;

const CALLERS: usize = 2;
const PHASE: Duration = Duration::from_secs(5);

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let db = runtime.block_on(TestDb::migrated());
    let registry = runtime.block_on(echo_v1_active_of_two(&db));
    for _ in 0..1_000 {
        try_answering(&registry).expect("echo answers");
    }

    let quiet = under_load(&registry, || {
        std::thread::sleep(PHASE);
        0
    });
    let swapping = under_load(&registry, || {
        let started = Instant::now();
        let mut swaps = 0;
        while started.elapsed() < PHASE {
            let version = if swaps % 2 == 0 { "2.0.0" } else { "1.0.0" };
            runtime
                .block_on(registry.activate("echo", version, &[], OPERATOR))
                .expect("swaps");
            swaps += 1;
        }
        swaps
    });

    println!("| measure | without swaps | during swaps |");
    println!("|---|---|---|");
    println!(
        "| seconds of calls, {CALLERS} threads | {} | {} |",
        PHASE.as_secs(),
        PHASE.as_secs()
    );
    println!(
        "| calls made | {} | {} |",
        quiet.calls.len(),
        swapping.calls.len()
    );
    println!("| calls failed | {} | {} |", quiet.failed, swapping.failed);
    for (phase, load) in [("without swaps", &quiet), ("during swaps", &swapping)] {
        for why in &load.why_failed {
            println!("failed {phase}: {why}");
        }
    }
    println!(
        "| answered by ECHO_V1 / ECHO_V2 | {} / {} | {} / {} |",
        quiet.by_version[0], quiet.by_version[1], swapping.by_version[0], swapping.by_version[1]
    );
    println!("| swaps made | {} | {} |", quiet.swaps, swapping.swaps);
    println!(
        "| call latency, median | {:.1} µs | {:.1} µs |",
        micros(quiet.percentile(50)),
        micros(swapping.percentile(50))
    );
    println!(
        "| call latency, p99 | {:.1} µs | {:.1} µs |",
        micros(quiet.percentile(99)),
        micros(swapping.percentile(99))
    );
    println!(
        "| call latency, max | {:.1} µs | {:.1} µs |",
        micros(quiet.percentile(100)),
        micros(swapping.percentile(100))
    );
    println!(
        "| swap (activate), mean | - | {:.1} ms |",
        PHASE.as_secs_f64() * 1e3 / swapping.swaps.max(1) as f64
    );
}

/// What the callers saw while `meanwhile` ran on this thread.
struct Load {
    calls: Vec<Duration>,
    failed: u64,
    /// The distinct reasons calls failed for (a timeout means a thread lost the CPU for
    /// longer than the rule set's 100 ms deadline, not that the swap broke a call).
    why_failed: Vec<String>,
    by_version: [u64; 2],
    swaps: u64,
}

impl Load {
    fn percentile(&self, p: usize) -> Duration {
        let last = self.calls.len().saturating_sub(1);
        self.calls.get(last * p / 100).copied().unwrap_or_default()
    }
}

/// Runs [`CALLERS`] threads calling the echo group's active rule set until `meanwhile`
/// (which returns the swaps it made) is done; every call is timed, failures are counted.
fn under_load(registry: &RuleRegistry, meanwhile: impl FnOnce() -> u64) -> Load {
    let stop = AtomicBool::new(false);
    let (swaps, callers) = std::thread::scope(|scope| {
        let callers: Vec<_> = (0..CALLERS)
            .map(|_| scope.spawn(|| call_until(registry, &stop)))
            .collect();
        let swaps = meanwhile();
        stop.store(true, Ordering::Relaxed);
        let callers: Vec<Load> = callers
            .into_iter()
            .map(|c| c.join().expect("a caller thread"))
            .collect();
        (swaps, callers)
    });
    let mut all = Load {
        calls: Vec::new(),
        failed: 0,
        why_failed: Vec::new(),
        by_version: [0; 2],
        swaps,
    };
    for caller in callers {
        all.calls.extend(caller.calls);
        all.failed += caller.failed;
        for why in caller.why_failed {
            if !all.why_failed.contains(&why) {
                all.why_failed.push(why);
            }
        }
        all.by_version[0] += caller.by_version[0];
        all.by_version[1] += caller.by_version[1];
    }
    all.calls.sort();
    all
}

fn call_until(registry: &RuleRegistry, stop: &AtomicBool) -> Load {
    let mut load = Load {
        calls: Vec::with_capacity(1 << 20),
        failed: 0,
        why_failed: Vec::new(),
        by_version: [0; 2],
        swaps: 0,
    };
    while !stop.load(Ordering::Relaxed) {
        let started = Instant::now();
        let answer = try_answering(registry);
        load.calls.push(started.elapsed());
        let why = match answer.as_ref().map(|a| a.as_deref()) {
            Ok(Some("ECHO_V1")) => {
                load.by_version[0] += 1;
                continue;
            }
            Ok(Some("ECHO_V2")) => {
                load.by_version[1] += 1;
                continue;
            }
            Ok(other) => format!("unexpected answer {other:?}"),
            Err(err) => err.to_string(),
        };
        load.failed += 1;
        if !load.why_failed.contains(&why) {
            load.why_failed.push(why);
        }
    }
    load
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
