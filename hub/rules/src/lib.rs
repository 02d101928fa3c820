//! The rule-set registry (issue 4): deploys verified, signed rule-set packages into PostgreSQL
//! with their compiled code, activates a version per product group, rolls back, and keeps the
//! active rule sets of this node in memory, reloading them when any node changes an activation
//! (`LISTEN tanba_plugins`). The package lifecycle it shares with the hub's adapters (verify,
//! store with compiled code, load, switch and roll back a slot) is [`PackageShelf`].
//!
//! A call takes an `Arc` of the rule set active when it starts, so a swap never cuts a call in
//! flight: it finishes on the version it started with.
//!
//! Not for: running rules (the plugin host does), deciding who may deploy (the API's access
//! control does, issue 6) or HTTP.

mod error;
mod registry;
mod shadow;
pub mod shelf;

pub use error::RulesError;
pub use registry::{DeployOutcome, PLUGINS_CHANNEL, RuleRegistry};
pub use shelf::{Loadable, PackageShelf};
