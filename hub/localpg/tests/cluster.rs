//! A private cluster starts, stops, resumes, and never outlives the process that started it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use tanba_localpg::{Binaries, ClusterOptions, LocalCluster, LocalPgError};

fn options(root: &Path) -> ClusterOptions {
    let path = std::env::var("PATH").ok();
    ClusterOptions {
        root: root.to_owned(),
        binaries: Binaries::locate(None, path.as_deref()).expect("PostgreSQL is installed"),
        run_as: "postgres".into(),
        settings: vec![("fsync".into(), "off".into())],
    }
}

/// A temp dir the cluster's user may enter, whatever the umask.
fn open_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    dir
}

fn socket(cluster: &LocalCluster) -> std::path::PathBuf {
    cluster
        .socket_dir()
        .join(format!(".s.PGSQL.{}", cluster.port()))
}

#[test]
fn a_cluster_starts_stops_and_resumes_with_its_data_dir_kept() {
    let dir = open_tempdir();
    let root = dir.path().join("pg");
    let mut cluster = LocalCluster::start(options(&root)).expect("cluster starts");
    assert!(cluster.is_running());
    assert!(
        socket(&cluster).exists(),
        "the server listens on its private socket"
    );
    assert!(root.join("data/PG_VERSION").is_file());

    cluster.stop().expect("stops");
    assert!(!cluster.is_running());
    assert!(
        !socket(&cluster).exists(),
        "a stopped server removes its socket"
    );

    cluster.resume().expect("resumes");
    assert!(cluster.is_running());
    drop(cluster);

    let again = LocalCluster::start(options(&root)).expect("an existing cluster starts again");
    assert!(socket(&again).exists());
}

#[test]
fn a_second_server_on_the_same_directory_is_refused_with_the_log() {
    let dir = open_tempdir();
    let root = dir.path().join("pg");
    let _first = LocalCluster::start(options(&root)).expect("cluster starts");
    let err = LocalCluster::start(options(&root)).expect_err("the data dir is in use");
    let LocalPgError::StartFailed { log_tail, .. } = &err else {
        panic!("wrong error: {err}");
    };
    assert!(
        log_tail.contains("lock file"),
        "the log says why: {log_tail}"
    );
    assert_eq!(err.msg().id(), "localpg-start-failed");
}

#[test]
fn a_missing_user_to_run_as_is_named() {
    if !nix_is_root() {
        return; // Only root switches users.
    }
    let dir = open_tempdir();
    let mut opts = options(&dir.path().join("pg"));
    opts.run_as = "no-such-user-here".into();
    let err = LocalCluster::start(opts).expect_err("no such user");
    assert!(
        matches!(err, LocalPgError::NoUnprivilegedUser { ref user } if user == "no-such-user-here")
    );
}

#[test]
fn a_parent_the_cluster_user_cannot_enter_is_named() {
    if !nix_is_root() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let err = LocalCluster::start(options(&dir.path().join("pg"))).expect_err("unreachable");
    assert!(
        matches!(err, LocalPgError::NotTraversable { ref path, .. } if path == dir.path()),
        "{err}"
    );
}

/// The test re-runs itself as a child that starts a cluster and exits without stopping it; the
/// server must go down with it.
#[test]
fn the_server_dies_with_the_process_that_started_it() {
    if let Ok(root) = std::env::var("TANBA_LOCALPG_ORPHAN_ROOT") {
        let cluster = LocalCluster::start(options(Path::new(&root))).expect("starts");
        std::mem::forget(cluster);
        std::process::exit(0);
    }
    let dir = open_tempdir();
    let root = dir.path().join("pg");
    let status = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "the_server_dies_with_the_process_that_started_it",
        ])
        .env("TANBA_LOCALPG_ORPHAN_ROOT", &root)
        .status()
        .expect("child runs");
    assert!(status.success());
    let pid_file = root.join("data/postmaster.pid");
    let deadline = Instant::now() + Duration::from_secs(30);
    while pid_file.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !pid_file.exists(),
        "the orphaned server shut down and removed its pid file"
    );
}

fn nix_is_root() -> bool {
    nix::unistd::Uid::effective().is_root()
}
