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

    /// Records one call.
    pub(crate) fn record(
        &self,
        plugin: &str,
        version: &str,
        function: &str,
        elapsed: Duration,
        result: Result<usize, &PluginError>,
    ) {
        let outcome = match result {
            Ok(_) => "ok",
            Err(PluginError::Timeout { .. }) => "timeout",
            Err(PluginError::OutOfMemory { .. }) => "out_of_memory",
            Err(PluginError::BadOutput { .. }) => "bad_output",
            Err(_) => "trap",
        };
        let function_labels = FunctionLabels {
            plugin: plugin.to_owned(),
            version: version.to_owned(),
            function: function.to_owned(),
        };
        let call_labels = CallLabels {
            plugin: function_labels.plugin.clone(),
            version: function_labels.version.clone(),
            function: function_labels.function.clone(),
            outcome: outcome.to_owned(),
        };
        self.calls.get_or_create(&call_labels).inc();
        if let Ok(findings) = result {
            self.findings
                .get_or_create(&function_labels)
                .inc_by(findings as u64);
        }
        self.latency
            .get_or_create(&function_labels)
            .observe(elapsed.as_secs_f64());
    }
}
