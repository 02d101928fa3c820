//! The plugin host: runs product-group rule sets (R17) and adapters to external systems
//! (issue 7; G1, R6, R12, R13) as sandboxed WebAssembly components with wasmtime 48 (the
//! long-term-support line).
//!
//! One [`PluginEngine`] per process: Cranelift, the pooling instance allocator (on-demand when
//! the pool cannot be reserved), epoch interruption driven by a ticker thread. A
//! [`LoadedRuleSet`] keeps an `InstancePre`; every call gets a fresh `Store` and instance, with
//! memory, instance and table limits that trap on growth failure and a deadline in epochs, so a
//! trap or a timeout can never leak into the next call. Components that import anything are
//! refused: a plugin gets no WASI and no host function at all, only its arguments. A
//! [`LoadedAdapter`] is the same machinery ([`sandbox`]) with the `tanba:adapter` bindings.
//!
//! A [`PluginPackage`] (component, manifest, Ed25519 signature of a publisher registered for the
//! product group, or for an adapter of a key with [`ADAPTER_SCOPE`]) is verified before
//! anything is compiled.
//!
//! Not for: storing plugins, choosing the active version, or turning domain objects into the
//! WIT types (the services that use the host do that).

mod adapter;
mod adapter_bindings;
mod adapter_compat;
mod bindings;
mod engine;
mod error;
mod limiter;
mod manifest;
mod metrics;
mod package;
mod package_dir;
mod rule_set;
mod sandbox;

pub use adapter::LoadedAdapter;
pub use adapter_bindings::adapter_types;
pub use bindings::types;
pub use engine::{EngineSettings, PluginEngine};
pub use error::PluginError;
pub use manifest::{ADAPTER_WIT, ADAPTER_WITS, Manifest, ManifestLimits, PluginKind, RULES_WIT};
pub use metrics::PluginMetrics;
pub use package::{ADAPTER_SCOPE, PackageSignature, PluginPackage, Publisher, sign_package};
pub use rule_set::LoadedRuleSet;
