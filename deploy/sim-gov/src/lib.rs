//! Simulators of three external systems for tests and the demo on loopback (issue 7,
//! "Simulators"), each on the shared plumbing of `tanba-sim-kit` (stop and restart on the same
//! port, told to fail, every request recorded):
//!
//! - [`minfin`]: IS ESF's `SessionService` and `UploadInvoiceService` (SOAP 1.1, namespace
//!   `esf`), answering as the published WSDLs define (its tests validate every answer against
//!   them), keeping what was uploaded.
//! - [`eaeu`]: the EAEU integration gateway taking movements in the EAEU adapter's structure
//!   and acknowledging them; it also builds incoming movements and sends them to the hub.
//! - [`ofd`]: a fiscal data operator's receipt feed in the fiscal-data adapter's format, and
//!   where cash registers hand receipts in.
//! - [`demo`]: these three and the SHEP simulator (`tanba-sim-shep`) started together, and the
//!   hub's `[adapters]` configuration for them (`cargo xtask start`).
//!
//! Not for: checking signatures or validating requests against schemas (the adapters' tests
//! do). Each reads only what it needs from a request.

pub mod demo;
pub mod eaeu;
pub mod minfin;
pub mod ofd;

pub use tanba_sim_kit::{Mode, Received, Sim};
