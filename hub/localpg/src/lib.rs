//! Private PostgreSQL clusters kept under a directory: the zero-config database of `tanba serve`
//! when no database URL is configured, and the one cluster per test run that gives every
//! integration test its own database.
//!
//! A cluster listens on a Unix socket in a private directory only (no TCP port, so any number of
//! hubs and test runs coexist), authenticates by that directory's permissions, runs as an
//! unprivileged user when the caller is root (PostgreSQL refuses to run as root), and dies with
//! the thread that started it, so a killed hub or test run leaves no server behind.
//!
//! Not for: connecting to the cluster (that is `tanba-store`'s job) or managing clusters the hub
//! did not create. The API is blocking: call it before the runtime starts or from
//! `spawn_blocking`.

mod binaries;
mod cluster;
mod error;
mod owner;

pub use binaries::Binaries;
pub use cluster::{ClusterOptions, LocalCluster, PORT, SUPERUSER, socket_dir};
pub use error::LocalPgError;
