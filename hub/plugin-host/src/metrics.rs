//! Per-plugin metrics (issue 4): calls by outcome, findings, and call latency, by plugin id,
//! version and function, for `/metrics`.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::PluginError;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    plugin: String,
    version: String,
    function: String,
    /// `ok`, `timeout`, `out_of_memory`, `trap` or `bad_output`.
    outcome: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FunctionLabels {
    plugin: String,
    version: String,
    function: String,
}

type LatencyFamily = Family<FunctionLabels, Histogram, fn() -> Histogram>;

/// The plugin metrics of one engine (so of one process).
pub struct PluginMetrics {
    calls: Family<CallLabels, Counter>,
    findings: Family<FunctionLabels, Counter>,
    latency: LatencyFamily,
}

impl Default for PluginMetrics {
    fn default() -> Self {
        PluginMetrics {
            calls: Family::default(),
            findings: Family::default(),
            // 5 µs .. ~160 ms: fresh-instance calls sit at the low end, deadlines at the top.
            latency: Family::new_with_constructor(|| {
                Histogram::new(exponential_buckets(5e-6, 2.0, 16))
            }),
        }
    }
}

impl PluginMetrics {
    /// Adds the metrics to `registry` (`tanba_plugin_calls_total`, ...).
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "plugin_calls",
            "Rule-set calls by outcome",
            self.calls.clone(),
        );
        registry.register(
            "plugin_findings",
            "Findings returned by rule sets",
            self.findings.clone(),
        );
        registry.register(
            "plugin_call_duration_seconds",
            "Time of a rule-set call in a fresh sandbox",
            self.latency.clone(),
        );
    }

    /// The handles of one function of one plugin version, looked up once: a call recorded
    /// through them builds no labels and hashes nothing (part of the per-call overhead the
    /// plugin_overhead bench measures).
    pub(crate) fn function(&self, plugin: &str, version: &str, function: &str) -> FunctionMetrics {
        let labels = FunctionLabels {
            plugin: plugin.to_owned(),
            version: version.to_owned(),
            function: function.to_owned(),
        };
        FunctionMetrics {
            ok: self.calls.get_or_create(&labels.with_outcome("ok")).clone(),
            findings: self.findings.get_or_create(&labels).clone(),
            latency: self.latency.get_or_create(&labels).clone(),
            labels,
        }
    }

    /// Records one call.
    pub(crate) fn record(
        &self,
        plugin: &str,
        version: &str,
        function: &str,
        elapsed: Duration,
        result: Result<usize, &PluginError>,
    ) {
        self.function(plugin, version, function)
            .record(self, elapsed, result);
    }
}

/// A function's metric handles (see [`PluginMetrics::function`]).
#[derive(Clone)]
pub(crate) struct FunctionMetrics {
    labels: FunctionLabels,
    ok: Counter,
    findings: Counter,
    latency: Histogram,
}

impl FunctionMetrics {
    /// Records one call; a failed one (rare) looks up its outcome's counter in `metrics`.
    pub(crate) fn record(
        &self,
        metrics: &PluginMetrics,
        elapsed: Duration,
        result: Result<usize, &PluginError>,
    ) {
        match result {
            Ok(findings) => {
                self.ok.inc();
                self.findings.inc_by(findings as u64);
            }
            Err(err) => {
                let outcome = match err {
                    PluginError::Timeout { .. } => "timeout",
                    PluginError::OutOfMemory { .. } => "out_of_memory",
                    PluginError::BadOutput { .. } => "bad_output",
                    _ => "trap",
                };
                metrics
                    .calls
                    .get_or_create(&self.labels.with_outcome(outcome))
                    .inc();
            }
        }
        self.latency.observe(elapsed.as_secs_f64());
    }
}

impl FunctionLabels {
    fn with_outcome(&self, outcome: &str) -> CallLabels {
        CallLabels {
            plugin: self.plugin.clone(),
            version: self.version.clone(),
            function: self.function.clone(),
            outcome: outcome.to_owned(),
        }
    }
}
