//! The one wasmtime engine of the process, and its epoch ticker.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use wasmtime::{
    Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, Strategy,
};

use crate::{PluginError, PluginMetrics};

/// How the engine is set up.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// Instances the pool reserves room for (concurrent calls across all plugins).
    pub pool_instances: u32,
    /// The largest linear memory a plugin may have, in bytes (a manifest may ask for less).
    pub max_memory_bytes: usize,
    /// How often the epoch advances: the granularity of call deadlines.
    pub tick: Duration,
    /// Bytes at the start of a pooled linear memory that are zeroed in place when an instance
    /// ends, instead of being given back to the kernel: the next instance then touches them
    /// without page faults, at the price of a `memset` and of memory held per pool slot. The
    /// plugin_overhead bench compares values in one run (docs/BENCHMARKS.md).
    pub keep_resident_bytes: usize,
    /// Find the pages an instance dirtied with Linux's `PAGEMAP_SCAN` (kernel 6.7+) and reset
    /// only those, up to `keep_resident_bytes` anywhere in the memory, instead of `memset` of
    /// the lowest bytes and `madvise` of the rest: the next instance starts with its stack,
    /// data and arena pages resident and clean. Ignored where the kernel lacks the ioctl. Off
    /// by default: the ioctl cost more than the `memset` of 128 KiB it saves (plugin_overhead
    /// bench, docs/BENCHMARKS.md).
    pub pagemap_scan: bool,
}

impl Default for EngineSettings {
    fn default() -> Self {
        EngineSettings {
            pool_instances: 256,
            max_memory_bytes: 64 << 20,
            tick: Duration::from_millis(1),
            keep_resident_bytes: 128 << 10,
            pagemap_scan: false,
        }
    }
}

/// The engine, shared by every plugin. Dropping the last clone stops the ticker.
#[derive(Clone)]
pub struct PluginEngine {
    engine: Engine,
    metrics: Arc<PluginMetrics>,
    tick: Duration,
    pooled: bool,
    _ticker: Arc<Ticker>,
}

impl PluginEngine {
    /// An engine with the pooling allocator, or the on-demand one where the pool's virtual
    /// memory cannot be reserved (small address spaces, strict overcommit).
    pub fn new(settings: &EngineSettings) -> Result<Self, PluginError> {
        let (engine, pooled) = match Engine::new(&config(settings, true)) {
            Ok(engine) => (engine, true),
            Err(err) => {
                tracing::warn!(%err, "pooling allocator unavailable; instances are allocated on demand");
                let engine = Engine::new(&config(settings, false))
                    .map_err(|e| PluginError::Engine(e.to_string()))?;
                (engine, false)
            }
        };
        let ticker = Ticker::start(engine.clone(), settings.tick);
        Ok(PluginEngine {
            engine,
            metrics: Arc::new(PluginMetrics::default()),
            tick: settings.tick,
            pooled,
            _ticker: Arc::new(ticker),
        })
    }

    /// The wasmtime engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Epoch ticks for a deadline (at least one).
    pub fn ticks(&self, deadline: Duration) -> u64 {
        (deadline.as_nanos() / self.tick.as_nanos().max(1)).max(1) as u64
    }

    /// The metrics of every call made through this engine.
    pub fn metrics(&self) -> &PluginMetrics {
        &self.metrics
    }

    /// Whether instances come from the pool.
    pub fn is_pooled(&self) -> bool {
        self.pooled
    }
}

fn config(settings: &EngineSettings, pooled: bool) -> Config {
    let mut config = Config::new();
    config
        .strategy(Strategy::Cranelift)
        .wasm_component_model(true)
        .concurrency_support(false)
        .epoch_interruption(true)
        // A guest's own stack is fixed at link time (64 KiB); this caps the host-side stack a
        // call may use, so deep recursion traps instead of exhausting the thread.
        .max_wasm_stack(512 << 10)
        .memory_reservation(settings.max_memory_bytes as u64)
        .memory_guard_size(64 << 10);
    if pooled {
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(settings.pool_instances)
            .total_core_instances(settings.pool_instances)
            .total_memories(settings.pool_instances)
            .total_tables(settings.pool_instances)
            .max_memory_size(settings.max_memory_bytes)
            .linear_memory_keep_resident(settings.keep_resident_bytes)
            .table_keep_resident(128 << 10)
            .pagemap_scan(if settings.pagemap_scan {
                Enabled::Auto
            } else {
                Enabled::No
            });
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    }
    config
}

/// A thread that advances the engine's epoch every tick until dropped.
struct Ticker {
    stop: Arc<AtomicBool>,
}

impl Ticker {
    fn start(engine: Engine, tick: Duration) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let spawned = std::thread::Builder::new()
            .name("wasm-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(tick);
                    engine.increment_epoch();
                }
            });
        if let Err(err) = spawned {
            // Without a ticker no deadline fires; refuse to pretend otherwise.
            tracing::error!(%err, "cannot start the epoch ticker; plugin calls will time out only at the OS level");
        }
        Ticker { stop }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
