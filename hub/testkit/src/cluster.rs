//! One private cluster per test process.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tanba_localpg::{Binaries, ClusterOptions, LocalCluster};

/// The cluster every test of this process shares. It is never dropped: it stops when the
/// process exits (the server gets the parent-death signal), and its directory is removed by
/// the next test run.
pub struct TestCluster {
    cluster: Mutex<LocalCluster>,
}

static SHARED: OnceLock<TestCluster> = OnceLock::new();

/// Settings for throw-away clusters: durability off, room for many parallel test pools.
const TEST_SETTINGS: &[(&str, &str)] = &[
    ("fsync", "off"),
    ("synchronous_commit", "off"),
    ("full_page_writes", "off"),
    ("max_connections", "400"),
    ("shared_buffers", "128MB"),
];

impl TestCluster {
    /// The shared cluster, started on first use.
    pub fn shared() -> &'static TestCluster {
        SHARED.get_or_init(|| {
            let root = process_dir().to_path_buf();
            let cluster = LocalCluster::start(test_options(root.join("pg")))
                .unwrap_or_else(|err| panic!("the test cluster starts: {err}"));
            TestCluster {
                cluster: Mutex::new(cluster),
            }
        })
    }

    /// A libpq connection string for `dbname`.
    pub fn conninfo(&self, dbname: &str) -> String {
        self.cluster
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .conninfo(dbname)
    }
}

/// Options for a private test cluster under `root`.
pub fn test_options(root: PathBuf) -> ClusterOptions {
    ClusterOptions {
        root,
        binaries: pg_binaries(),
        run_as: "postgres".into(),
        settings: TEST_SETTINGS
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

/// PostgreSQL's programs, or a panic that says how to install them.
pub fn pg_binaries() -> Binaries {
    let path = std::env::var("PATH").ok();
    Binaries::locate(None, path.as_deref()).unwrap_or_else(|err| {
        panic!("{err}. Install PostgreSQL (Debian: apt-get install postgresql), or run `cargo xtask test`, which does.")
    })
}

/// A temporary directory the cluster's unprivileged user can enter.
pub fn open_tempdir() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("tanba-test-")
        .tempdir_in(tests_root())
        .expect("a temp dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
        .expect("chmod the temp dir");
    dir
}

/// `$TMPDIR/tanba-tests`, where every test process keeps its cluster.
fn tests_root() -> PathBuf {
    let root = std::env::temp_dir().join("tanba-tests");
    std::fs::create_dir_all(&root).expect("the tests' temp root");
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755))
        .expect("chmod the tests' temp root");
    root
}

/// This test process's own directory (`run-<pid>` under the tests' temp root): the cluster and
/// the hubs' data directories live there, and it is removed by the next run once this process
/// is gone.
pub fn process_dir() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(run_dir)
}

/// This process's directory, `run-<pid>`, after removing those of processes that are gone.
fn run_dir() -> PathBuf {
    let root = tests_root();
    remove_stale_runs(&root);
    let dir = root.join(format!("run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the run dir");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    dir
}

fn remove_stale_runs(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("run-")) else {
            continue;
        };
        let Ok(pid) = pid.parse::<i32>() else {
            continue;
        };
        let alive = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok();
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
