//! Creating, starting and stopping one private cluster.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::owner::Owner;
use crate::{Binaries, LocalPgError};

/// The superuser `initdb` creates; the hub connects as it over the private socket.
pub const SUPERUSER: &str = "tanba";
/// The port only names the socket file (`.s.PGSQL.5432`); nothing listens on TCP.
pub const PORT: u16 = 5432;

/// The socket directory of the cluster under `root`.
pub fn socket_dir(root: &Path) -> PathBuf {
    root.join("run")
}
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const STOP_TIMEOUT: Duration = Duration::from_secs(60);

/// How to make and run a private cluster.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// The cluster's directory: `data/` (PGDATA), `run/` (the socket) and `postgres.log`.
    pub root: PathBuf,
    /// Where `initdb` and `postgres` are.
    pub binaries: Binaries,
    /// The user the server runs as when this process is root.
    pub run_as: String,
    /// Extra server settings (`-c name=value`), e.g. `fsync=off` for throw-away test clusters.
    pub settings: Vec<(String, String)>,
}

/// A private cluster. Dropping it stops the server (fast shutdown: sessions are rolled back,
/// committed data is kept).
#[derive(Debug)]
pub struct LocalCluster {
    options: ClusterOptions,
    owner: Owner,
    server: Option<Server>,
}

#[derive(Debug)]
struct Server {
    pid: Pid,
    exited: Receiver<std::io::Result<ExitStatus>>,
}

impl LocalCluster {
    /// Creates the cluster if `options.root` holds none yet, then starts it and waits until it
    /// accepts connections. Data in an existing cluster is kept.
    pub fn start(options: ClusterOptions) -> Result<Self, LocalPgError> {
        let owner = Owner::resolve(&options.run_as)?;
        let mut cluster = LocalCluster {
            options,
            owner,
            server: None,
        };
        cluster.init_if_new()?;
        cluster.resume()?;
        Ok(cluster)
    }

    /// The directory of the server's socket (a libpq `host`).
    pub fn socket_dir(&self) -> PathBuf {
        socket_dir(&self.options.root)
    }

    /// The port that names the socket file.
    pub fn port(&self) -> u16 {
        PORT
    }

    /// The superuser to connect as.
    pub fn superuser(&self) -> &'static str {
        SUPERUSER
    }

    /// The server log.
    pub fn log_path(&self) -> PathBuf {
        self.options.root.join("postgres.log")
    }

    /// A libpq connection string for `dbname` on this cluster.
    pub fn conninfo(&self, dbname: &str) -> String {
        format!(
            "host={} port={PORT} user={SUPERUSER} dbname={dbname}",
            self.socket_dir().display()
        )
    }

    /// Whether the server process is alive.
    pub fn is_running(&mut self) -> bool {
        match &self.server {
            Some(server) => match server.exited.try_recv() {
                Err(mpsc::TryRecvError::Empty) => true,
                _ => {
                    self.server = None;
                    false
                }
            },
            None => false,
        }
    }

    /// Starts the server again after [`LocalCluster::stop`] (or after it died).
    pub fn resume(&mut self) -> Result<(), LocalPgError> {
        if self.is_running() {
            return Ok(());
        }
        self.owner.make_private_dir(&self.socket_dir())?;
        let server = self.spawn_server()?;
        self.server = Some(server);
        self.wait_ready()
    }

    /// Stops the server with a fast shutdown and waits for it to exit.
    pub fn stop(&mut self) -> Result<(), LocalPgError> {
        let Some(server) = self.server.take() else {
            return Ok(());
        };
        for (signal, patience) in [
            (Signal::SIGINT, STOP_TIMEOUT),
            (Signal::SIGQUIT, Duration::from_secs(10)),
            (Signal::SIGKILL, Duration::from_secs(10)),
        ] {
            if kill(server.pid, signal).is_err() {
                break; // Already gone.
            }
            match server.exited.recv_timeout(patience) {
                Ok(_) | Err(RecvTimeoutError::Disconnected) => return Ok(()),
                Err(RecvTimeoutError::Timeout) => {
                    tracing::warn!(pid = %server.pid, ?signal, "PostgreSQL did not stop in time");
                }
            }
        }
        Ok(())
    }

    fn data_dir(&self) -> PathBuf {
        self.options.root.join("data")
    }

    fn init_if_new(&self) -> Result<(), LocalPgError> {
        if self.data_dir().join("PG_VERSION").is_file() {
            return Ok(());
        }
        self.owner.check_reachable(&self.options.root)?;
        self.owner.make_private_dir(&self.options.root)?;
        tracing::info!(root = %self.options.root.display(), "creating a private PostgreSQL cluster");
        let output = self
            .as_owner(Command::new(self.options.binaries.program("initdb")))
            .arg("--pgdata")
            .arg(self.data_dir())
            .args([
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
            ])
            .args(["--locale", "C.UTF-8", "--no-instructions"])
            .output()
            .map_err(|source| LocalPgError::Io {
                action: "run",
                path: self.options.binaries.program("initdb"),
                source,
            })?;
        if !output.status.success() {
            let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&output.stderr));
            return Err(LocalPgError::InitdbFailed {
                output: text.trim().to_owned(),
            });
        }
        Ok(())
    }

    fn spawn_server(&self) -> Result<Server, LocalPgError> {
        let log = self.open_log()?;
        let log_err = log.try_clone().map_err(|source| self.log_io(source))?;
        let mut command = self.as_owner(Command::new(self.options.binaries.program("postgres")));
        command
            .arg("-D")
            .arg(self.data_dir())
            .arg("-k")
            .arg(self.socket_dir())
            .arg("-p")
            .arg(PORT.to_string())
            .args([
                "-c",
                "listen_addresses=",
                "-c",
                "unix_socket_permissions=0700",
            ]);
        for (name, value) in &self.options.settings {
            command.arg("-c").arg(format!("{name}={value}"));
        }
        command
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            // Our own process group: a Ctrl-C in the terminal reaches the hub, which then
            // stops the server in order, not the server directly.
            .process_group(0);
        die_with_parent_thread(&mut command);
        spawn_kept(command).map_err(|source| LocalPgError::Io {
            action: "start",
            path: self.options.binaries.program("postgres"),
            source,
        })
    }

    /// Polls `postmaster.pid` until the server says `ready`, or fails with the log's tail.
    fn wait_ready(&mut self) -> Result<(), LocalPgError> {
        let pid_file = self.data_dir().join("postmaster.pid");
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            let Some(server) = &self.server else {
                return Err(self.start_failed("the server is not running".into()));
            };
            if let Ok(status) = server.exited.try_recv() {
                self.server = None;
                return Err(self.start_failed(format!("the server exited ({status:?})")));
            }
            if postmaster_ready(&pid_file, server.pid) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(
                    self.start_failed(format!("not ready after {} s", READY_TIMEOUT.as_secs()))
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn start_failed(&self, reason: String) -> LocalPgError {
        LocalPgError::StartFailed {
            reason,
            log: self.log_path(),
            log_tail: tail(&self.log_path(), 2000),
        }
    }

    fn open_log(&self) -> Result<File, LocalPgError> {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .map_err(|source| self.log_io(source))
    }

    fn log_io(&self, source: std::io::Error) -> LocalPgError {
        LocalPgError::Io {
            action: "open",
            path: self.log_path(),
            source,
        }
    }

    fn as_owner(&self, command: Command) -> Command {
        let mut command = command;
        if let Some((uid, gid)) = self.owner.switch_to {
            // std drops supplementary groups when a root parent sets the uid.
            command.uid(uid.as_raw()).gid(gid.as_raw());
        }
        command
    }
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        if let Err(err) = self.stop() {
            tracing::warn!(%err, "could not stop the private PostgreSQL cluster");
        }
    }
}

/// Spawns `command` from a thread of its own that lives exactly as long as the child, so the
/// parent-death signal (which Linux sends when the *thread* that forked exits) fires only when
/// this whole process dies.
fn spawn_kept(mut command: Command) -> std::io::Result<Server> {
    let (started_tx, started_rx) = mpsc::channel();
    let (exited_tx, exited) = mpsc::channel();
    std::thread::Builder::new()
        .name("postgres-keeper".into())
        .spawn(move || match command.spawn() {
            Ok(mut child) => {
                let _ = started_tx.send(Ok(child.id()));
                let _ = exited_tx.send(child.wait());
            }
            Err(err) => {
                let _ = started_tx.send(Err(err));
            }
        })?;
    let pid = started_rx
        .recv()
        .map_err(|_| std::io::Error::other("the keeper thread ended before spawning"))??;
    let pid = Pid::from_raw(i32::try_from(pid).map_err(std::io::Error::other)?);
    Ok(Server { pid, exited })
}

/// Makes the server get SIGINT (fast shutdown) when the thread that started it ends, so no
/// cluster outlives a killed hub or test run.
#[allow(unsafe_code)]
fn die_with_parent_thread(command: &mut Command) {
    // SAFETY: the closure runs in the forked child before exec and only calls prctl(2), which
    // is async-signal-safe. std runs it after setuid, which would otherwise clear the setting.
    unsafe {
        command.pre_exec(|| {
            nix::sys::prctl::set_pdeathsig(Signal::SIGINT).map_err(std::io::Error::from)
        });
    }
}

/// `postmaster.pid`'s first line is the server's pid and its eighth the status (`ready` once it
/// accepts connections, PostgreSQL 10 and later).
fn postmaster_ready(pid_file: &Path, pid: Pid) -> bool {
    let Ok(text) = std::fs::read_to_string(pid_file) else {
        return false;
    };
    let lines: Vec<&str> = text.lines().collect();
    lines.first().map(|l| l.trim()) == Some(pid.to_string().as_str())
        && lines.get(7).map(|l| l.trim()) == Some("ready")
}

/// The last `max` bytes of a file, as text.
fn tail(path: &Path, max: u64) -> String {
    let Ok(mut file) = File::open(path) else {
        return String::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(max)));
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).trim().to_owned()
}
