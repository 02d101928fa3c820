//! The `tanba` binary as people and scripts use it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tanba_testkit::{TestDb, open_tempdir};

fn tanba() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tanba"));
    command.env("TANBA_LANG", "en").env_remove("TANBA_CONFIG");
    command
}

fn run(command: &mut Command) -> (Output, String, String) {
    let output = command.output().expect("tanba runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stdout, stderr)
}

#[test]
fn help_names_every_subcommand() {
    let (output, stdout, _) = run(tanba().arg("--help"));
    assert!(output.status.success());
    for word in [
        "serve",
        "migrate",
        "db",
        "TANBA_LISTEN",
        "TANBA_DATA_DIR",
        "--config",
    ] {
        assert!(stdout.contains(word), "--help mentions {word}: {stdout}");
    }
}

#[test]
fn a_malformed_environment_value_names_the_variable_in_the_callers_language() {
    let (output, _, stderr) = run(tanba().arg("db").env("TANBA_LISTEN", "not-an-address"));
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("listen") && stderr.contains("TANBA_LISTEN"),
        "{stderr}"
    );
    assert!(
        stderr.contains("socket address"),
        "the expected form: {stderr}"
    );

    let (_, _, russian) = run(tanba()
        .arg("db")
        .env("TANBA_LISTEN", "x")
        .env("TANBA_LANG", "ru"));
    assert!(russian.contains("нельзя использовать"), "{russian}");
    let (_, _, kazakh) = run(tanba()
        .arg("db")
        .env("TANBA_LISTEN", "x")
        .env("TANBA_LANG", "kk"));
    assert!(kazakh.contains("пайдалану мүмкін емес"), "{kazakh}");
}

#[test]
fn a_malformed_config_file_names_the_key_and_the_file() {
    let dir = open_tempdir();
    let file = dir.path().join("tanba.toml");
    std::fs::write(&file, "[database]\npool_size = 0\n").expect("write");
    let (output, _, stderr) = run(tanba().args(["db", "--config"]).arg(&file));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("database.pool_size") && stderr.contains("1 to 1000"),
        "{stderr}"
    );

    std::fs::write(&file, "[log]\nformat = \"xml\"\n").expect("write");
    let (output, _, stderr) = run(tanba().args(["db", "--config"]).arg(&file));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("log.format") && stderr.contains("tanba.toml"),
        "{stderr}"
    );
}

#[test]
fn missing_postgresql_programs_say_how_to_install_them() {
    let dir = open_tempdir();
    let (output, _, stderr) = run(tanba()
        .args(["db", "--data-dir"])
        .arg(dir.path())
        .env("TANBA_DATABASE__PG_BIN_DIR", dir.path()));
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("apt-get install postgresql"), "{stderr}");
    assert!(
        stderr.contains("database.url"),
        "or point to a database: {stderr}"
    );
}

#[test]
fn an_unreachable_database_at_start_is_a_clear_failure() {
    let (output, _, stderr) = run(tanba()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env(
            "TANBA_DATABASE__URL",
            "host=/nonexistent/socket-dir user=tanba dbname=tanba",
        )
        .env("TANBA_DATABASE__CONNECT_TIMEOUT_MS", "500"));
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("The database is unavailable"), "{stderr}");
}

#[tokio::test]
async fn migrate_and_db_report_on_a_configured_database() {
    let db = TestDb::empty().await;
    let url = db.url();
    let (output, stdout, stderr) = run(tanba().arg("migrate").env("TANBA_DATABASE__URL", &url));
    assert!(output.status.success(), "{stderr}");
    let versions: Vec<String> = tanba_store::MIGRATIONS
        .iter()
        .map(|m| m.version.to_string())
        .collect();
    let applied = format!(
        "Applied {} migrations: {}.",
        versions.len(),
        versions.join(", ")
    );
    assert!(stdout.contains(&applied), "{stdout}");

    let (_, stdout, _) = run(tanba().arg("migrate").env("TANBA_DATABASE__URL", &url));
    let current = format!("is current (version {})", versions.len());
    assert!(stdout.contains(&current), "{stdout}");

    let (output, stdout, _) = run(tanba().arg("db").env("TANBA_DATABASE__URL", &url));
    assert!(output.status.success());
    let summary = format!("Migrations: {} applied, 0 pending", versions.len());
    assert!(stdout.contains(&summary), "{stdout}");
    assert!(stdout.contains("0001 instance"), "{stdout}");
}

/// A `tanba serve` child, with the URL it printed.
struct Served {
    child: Child,
    url: String,
}

fn serve(data_dir: &Path) -> Served {
    let mut child = tanba()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("tanba serve starts");
    let stdout = child.stdout.take().expect("piped");
    let line = BufReader::new(stdout)
        .lines()
        .next()
        .expect("a line")
        .expect("utf-8");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("the first line names the URL: {line}"))
        .to_owned();
    Served { child, url }
}

impl Served {
    fn terminate(mut self) {
        kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM).expect("signal");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "SIGTERM ends serve cleanly: {status}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "serve stops within a minute of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[tokio::test]
async fn the_private_cluster_keeps_its_data_across_serve_restarts() {
    let dir = open_tempdir();
    let data_dir = dir.path().join("hub");
    let socket = data_dir.join("pg/run");
    let conninfo = format!("host={} user=tanba dbname=tanba", socket.display());

    let first = serve(&data_dir);
    let ready = reqwest::get(format!("{}/readyz", first.url))
        .await
        .expect("request");
    assert_eq!(ready.status(), 200);
    let (client, conn) = tokio_postgres::connect(&conninfo, tokio_postgres::NoTls)
        .await
        .expect("the private cluster accepts local connections");
    tokio::spawn(conn);
    client
        .batch_execute("create table kept (note text); insert into kept values ('survives')")
        .await
        .expect("write");
    let instance: uuid::Uuid = client
        .query_one("select id from instance", &[])
        .await
        .expect("id")
        .get(0);
    drop(client);
    first.terminate();
    assert!(
        !data_dir.join("pg/data/postmaster.pid").exists(),
        "stopping serve stops its cluster"
    );

    let second = serve(&data_dir);
    let (client, conn) = tokio_postgres::connect(&conninfo, tokio_postgres::NoTls)
        .await
        .expect("connect again");
    tokio::spawn(conn);
    let note: String = client
        .query_one("select note from kept", &[])
        .await
        .expect("row")
        .get(0);
    assert_eq!(note, "survives");
    let again: uuid::Uuid = client
        .query_one("select id from instance", &[])
        .await
        .expect("id")
        .get(0);
    assert_eq!(again, instance, "the same database, not a new one");
    drop(client);
    second.terminate();
}
