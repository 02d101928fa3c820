//! The operator's `[adapters]` settings: which adapter packages to load, the URL, CA, client
//! certificate and timeout of each endpoint, the adapters' setting values and cron overrides,
//! and how the outbox is delivered. Checked once at start (STYLE.md: configuration in one
//! typed struct, validated at the boundary).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// `[adapters]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdaptersSettings {
    /// Whether this node runs the scheduler and the delivery worker (every node may; a slot
    /// and a message are taken once across nodes).
    pub enabled: bool,
    /// Outbox delivery.
    pub delivery: DeliverySettings,
    /// One entry per adapter, by its id (`[adapters.installed.shep]`).
    pub installed: BTreeMap<String, AdapterConfig>,
}

/// One adapter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdapterConfig {
    /// A signed package directory (`manifest.toml`, `component.wasm`, `signature.toml`, and
    /// `service.wsdl` when the manifest names one), signed by a publisher key with the
    /// `@adapters` scope: deployed into the database at start and activated when the adapter
    /// has no active version yet. Optional: versions are deployed and activated through the
    /// database (`POST /api/v1/adapters/packages`, `PUT /api/v1/adapters/{id}/version`); this
    /// node runs whichever version is active.
    pub package: Option<PathBuf>,
    /// Values of the settings the adapter declares (not secrets).
    pub settings: BTreeMap<String, String>,
    /// Cron overrides by job name (five fields, Asia/Almaty); `"off"` disables a job.
    pub jobs: BTreeMap<String, String>,
    /// Where each outbound endpoint the adapter declares is.
    pub endpoints: BTreeMap<String, EndpointSettings>,
}

/// One outbound endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct EndpointSettings {
    /// Base URL (`https://...`; `http://` only for loopback simulators).
    pub url: String,
    /// PEM file of the CAs to trust for this endpoint (instead of the system's roots).
    pub ca_file: Option<PathBuf>,
    /// PEM file with the client certificate chain and its private key, for mutual TLS.
    pub client_identity_file: Option<PathBuf>,
    /// Per-request timeout, milliseconds (default 30 000).
    pub timeout_ms: Option<u64>,
    /// The hub's private key (PEM, PKCS#8 RSA or ECDSA P-256, or PKCS#1 RSA) for the
    /// WS-Security signature of messages that ask for one (`ws-security-body`). Keep it mode
    /// 600; it is read once at start and never logged.
    pub signing_key: Option<PathBuf>,
    /// The certificate (PEM) of `signing_key`, sent in the message's BinarySecurityToken.
    pub signing_cert: Option<PathBuf>,
    /// Send messages that ask for a WS-Security signature unsigned when no `signing_key` is
    /// configured, instead of dead-lettering them. For a test stand whose counterpart does not
    /// check signatures (a simulator); never in production.
    pub send_unsigned: bool,
}

impl EndpointSettings {
    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.unwrap_or(30_000))
    }
}

/// `[adapters.delivery]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeliverySettings {
    /// Attempts before a message is dead (the operator can replay it).
    pub max_attempts: u32,
    /// The first retry's delay, milliseconds; doubled each attempt, with jitter.
    pub base_delay_ms: u64,
    /// The longest delay between attempts, milliseconds.
    pub max_delay_ms: u64,
    /// How often an idle worker and the scheduler look for work, milliseconds.
    pub poll_ms: u64,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings {
            max_attempts: 10,
            base_delay_ms: 1_000,
            max_delay_ms: 600_000,
            poll_ms: 1_000,
        }
    }
}

impl DeliverySettings {
    /// The delay before attempt `attempts + 1`: exponential, capped, with "equal jitter" (half
    /// fixed, half random) so nodes retrying together spread out. `random` is in 0..=1.
    pub fn backoff(&self, attempts: u32, random: f64) -> Duration {
        let exp = self
            .base_delay_ms
            .saturating_mul(1u64 << attempts.min(30))
            .min(self.max_delay_ms);
        let half = exp as f64 / 2.0;
        Duration::from_millis((half + half * random.clamp(0.0, 1.0)) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_stops_at_the_cap() {
        let d = DeliverySettings {
            base_delay_ms: 100,
            max_delay_ms: 1_000,
            ..DeliverySettings::default()
        };
        assert_eq!(d.backoff(0, 0.0), Duration::from_millis(50));
        assert_eq!(d.backoff(0, 1.0), Duration::from_millis(100));
        assert_eq!(d.backoff(2, 1.0), Duration::from_millis(400));
        assert_eq!(d.backoff(20, 1.0), Duration::from_millis(1_000));
        assert_eq!(d.backoff(20, 0.0), Duration::from_millis(500));
    }
}
