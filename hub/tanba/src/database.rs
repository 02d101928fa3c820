//! Opening the hub's database: the configured URL, or the private cluster under the data
//! directory (zero-config mode).

use std::path::{Path, PathBuf};

use tanba_localpg::{Binaries, ClusterOptions, LocalCluster, PORT, SUPERUSER, socket_dir};
use tanba_store::{Database, PgConfig, ensure_database};

use crate::{Config, HubError};

/// The database name in a private cluster.
const LOCAL_DATABASE: &str = "tanba";

/// Where the database is, for people (`tanba db`) and logs. Never holds a password.
#[derive(Debug, Clone)]
pub enum DatabaseLocation {
    /// `database.url`: its host(s) and database name.
    Url {
        /// Hosts, comma-separated.
        hosts: String,
        /// The database name.
        dbname: String,
    },
    /// The private cluster.
    Local {
        /// The cluster's directory.
        root: PathBuf,
        /// Whether this process started it (else another `tanba` process on the same data
        /// directory runs it and we only connect).
        owned: bool,
    },
}

/// An open database, and the private cluster behind it when this process runs one (dropping
/// that stops the cluster).
pub struct OpenDatabase {
    /// The pool.
    pub db: Database,
    /// Where it is.
    pub location: DatabaseLocation,
    /// The private cluster this process runs, if any.
    pub cluster: Option<LocalCluster>,
}

/// Opens the configured database, starting the private cluster first in zero-config mode (or
/// connecting to it when another `tanba` process on the same data directory already runs it).
pub async fn open_database(
    config: &Config,
    path_var: Option<String>,
) -> Result<OpenDatabase, HubError> {
    if let Some(url) = &config.database.url {
        let target: PgConfig = url.parse().map_err(|_| {
            HubError::Config(crate::ConfigError::Invalid {
                key: "database.url",
                msg: tanba_domain::Msg::new("config-database-url").with("key", "database.url"),
            })
        })?;
        let location = DatabaseLocation::Url {
            hosts: format!("{:?}", target.get_hosts()),
            dbname: target.get_dbname().unwrap_or("postgres").to_owned(),
        };
        let db = Database::connect(&config.database, target)?;
        return Ok(OpenDatabase {
            db,
            location,
            cluster: None,
        });
    }
    let root = data_dir(&config.data_dir)?.join("pg");
    let socket_dir = socket_dir(&root);
    let cluster = if already_running(&socket_dir).await {
        None
    } else {
        let options = ClusterOptions {
            root: root.clone(),
            binaries: Binaries::locate(config.database.pg_bin_dir.as_deref(), path_var.as_deref())?,
            run_as: config.database.local_user.clone(),
            settings: Vec::new(),
        };
        Some(
            tokio::task::spawn_blocking(move || LocalCluster::start(options))
                .await
                .expect("starting the cluster does not panic")?,
        )
    };
    let admin = local_config(&socket_dir, "postgres");
    ensure_database(&admin, LOCAL_DATABASE, None).await?;
    let db = Database::connect(&config.database, local_config(&socket_dir, LOCAL_DATABASE))?;
    Ok(OpenDatabase {
        db,
        location: DatabaseLocation::Local {
            root,
            owned: cluster.is_some(),
        },
        cluster,
    })
}

/// The data directory, made if missing, as an absolute path (PostgreSQL changes its working
/// directory, so relative socket paths would break).
fn data_dir(dir: &Path) -> Result<PathBuf, HubError> {
    let io = |source| HubError::DataDir {
        path: dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    dir.canonicalize().map_err(io)
}

fn local_config(socket_dir: &Path, dbname: &str) -> PgConfig {
    let mut config = PgConfig::new();
    config
        .host_path(socket_dir)
        .port(PORT)
        .user(SUPERUSER)
        .dbname(dbname);
    config
}

/// Whether a server already answers on the private socket.
async fn already_running(socket_dir: &Path) -> bool {
    if !socket_dir.join(format!(".s.PGSQL.{PORT}")).exists() {
        return false;
    }
    local_config(socket_dir, "postgres")
        .connect(tokio_postgres::NoTls)
        .await
        .is_ok()
}
