//! Test guest: the `probe` adapter at version 2.0.0; the same source as version 1.0.0, whose
//! messages name the version that made them (`by="2.0.0"`), so a test sees which version
//! handled a queued event (issue 7: a new version takes over queued work).

#[path = "../../adapter-probe/src/lib.rs"]
mod probe;
pub use probe::Probe;
