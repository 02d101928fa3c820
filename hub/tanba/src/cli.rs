//! The subcommands.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use tanba::{Config, DatabaseLocation, Hub, HubError, LogFormat, Overrides, open_database};
use tanba_domain::Msg;

use crate::console::Console;
use crate::plugin_cli::{self, PluginAction, PublisherAction};
use crate::reference_cli::{self, ReferenceAction};
use crate::registry_cli::{self, AuditAction, GroupAction, ParticipantAction, RegistryAction};
use crate::statistics_cli::{self, StatisticsAction};

/// Tanba, the marking and traceability hub.
///
/// Every unit of marked goods gets a code; every move of it is a signed document; anyone can
/// check a code. With no database configured, Tanba keeps its own PostgreSQL cluster under the
/// data directory: `tanba serve` is all a first run needs.
///
/// Configuration comes from a TOML file (--config or TANBA_CONFIG), then TANBA_* environment
/// variables (TANBA_LISTEN, TANBA_DATA_DIR, TANBA_DATABASE__URL for [database] url, ...), then
/// the flags below. deploy/tanba.example.toml lists every key. Messages are in the language of
/// TANBA_LANG or the locale (kk, ru, en).
#[derive(Debug, Parser)]
#[command(name = "tanba", version, about, long_about)]
pub struct Cli {
    /// A TOML configuration file.
    #[arg(long, global = true, env = "TANBA_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    place: Place,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the hub: open (or create) the database, apply migrations, serve HTTP until SIGTERM.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Show where the database is and which migrations it has.
    Db,
    /// Rule-set plugins: deploy, list, activate, roll back; keygen and sign for publishers.
    #[command(subcommand)]
    Plugin(PluginAction),
    /// Publisher keys allowed to sign rule sets for product groups.
    #[command(subcommand)]
    Publisher(PublisherAction),
    /// The registry: import product groups, participants and products.
    #[command(subcommand)]
    Registry(RegistryAction),
    /// Participants: API tokens.
    #[command(subcommand)]
    Participant(ParticipantAction),
    /// Product groups: verification keys.
    #[command(subcommand)]
    ProductGroup(GroupAction),
    /// The audit log: verify its hash chain.
    #[command(subcommand)]
    Audit(AuditAction),
    /// Reference data (classifiers): import a CSV file, with --dry-run to see the changes.
    #[command(subcommand)]
    Reference(ReferenceAction),
    /// The owners' statistics: rebuild them from the registry.
    #[command(subcommand)]
    Statistics(StatisticsAction),
}

/// Where the hub listens and keeps its files; override the configuration. Accepted before or
/// after the subcommand.
#[derive(Debug, clap::Args)]
struct Place {
    /// Address for HTTP(S), e.g. 127.0.0.1:8080 (port 0 picks a free one) [config: listen].
    #[arg(long, global = true, value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// Directory for the hub's files and its private database [config: data_dir].
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

/// Runs the chosen subcommand.
pub async fn run(cli: Cli, console: &Console) -> Result<(), HubError> {
    let overrides = Overrides {
        listen: cli.place.listen,
        data_dir: cli.place.data_dir.clone(),
    };
    let config = Config::load(cli.config.as_deref(), &overrides)?;
    let quiet = !matches!(cli.command, Command::Serve);
    init_logging(&config, quiet);
    let path_var = std::env::var("PATH").ok();
    match cli.command {
        Command::Serve => serve(&config, path_var, console).await,
        Command::Migrate => migrate(&config, path_var, console).await,
        Command::Db => status(&config, path_var, console).await,
        Command::Plugin(action) => plugin_cli::plugin(action, &config, path_var, console).await,
        Command::Publisher(action) => {
            plugin_cli::publisher(action, &config, path_var, console).await
        }
        Command::Registry(action) => {
            registry_cli::registry(action, &config, path_var, console).await
        }
        Command::Participant(action) => {
            registry_cli::participant(action, &config, path_var, console).await
        }
        Command::ProductGroup(action) => {
            registry_cli::group(action, &config, path_var, console).await
        }
        Command::Audit(action) => registry_cli::audit(action, &config, path_var, console).await,
        Command::Reference(action) => {
            reference_cli::reference(action, &config, path_var, console).await
        }
        Command::Statistics(action) => {
            statistics_cli::statistics(action, &config, path_var, console).await
        }
    }
}

async fn serve(
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let hub = Hub::start(config, path_var).await?;
    let scheme = if config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    console.say(&Msg::new("cli-listening").with("url", format!("{scheme}://{}", hub.local_addr())));
    hub.run_until(shutdown_signal()).await?;
    console.say(&Msg::new("cli-stopped"));
    Ok(())
}

async fn migrate(
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let opened = open_database(config, path_var).await?;
    let applied = opened.db.migrate().await?;
    let latest = tanba_store::MIGRATIONS.last().map_or(0, |m| m.version);
    if applied.is_empty() {
        console.say(&Msg::new("cli-migrate-current").with_number("version", latest.into()));
    } else {
        let versions: Vec<String> = applied.iter().map(i32::to_string).collect();
        console.say(
            &Msg::new("cli-migrate-applied")
                .with_number("count", applied.len() as i64)
                .with("versions", versions.join(", ")),
        );
    }
    Ok(())
}

async fn status(
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let opened = open_database(config, path_var).await?;
    console.say(&location_msg(&opened.location));
    let client = opened.db.client().await?;
    let version: String = client
        .query_one("show server_version", &[])
        .await
        .map_err(|e| tanba_store::StoreError::from_pg("reading the server version", e))?
        .get(0);
    console.say(&Msg::new("cli-db-server").with("version", version));
    let status = opened.db.migration_status().await?;
    console.say(
        &Msg::new("cli-db-migrations")
            .with_number("applied", status.applied.len() as i64)
            .with_number("pending", status.pending.len() as i64),
    );
    for m in &status.applied {
        println!("  {:04} {:<24} {}", m.version, m.name, m.applied_at);
    }
    for m in &status.pending {
        println!(
            "  {:04} {:<24} {}",
            m.version,
            m.name,
            console.text(&Msg::new("cli-db-pending"))
        );
    }
    Ok(())
}

fn location_msg(location: &DatabaseLocation) -> Msg {
    match location {
        DatabaseLocation::Url { hosts, dbname } => Msg::new("cli-db-url")
            .with("hosts", hosts)
            .with("dbname", dbname),
        DatabaseLocation::Local { root, owned } => Msg::new("cli-db-local")
            .with("root", root.display())
            .with("owned", if *owned { "yes" } else { "no" }),
    }
}

fn init_logging(config: &Config, quiet: bool) {
    let filter = if quiet && std::env::var_os("TANBA_LOG__FILTER").is_none() {
        // One-shot commands print their own results; only real errors go to the log.
        "error".to_owned()
    } else {
        config.log.filter.clone()
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match config.log.format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}

/// SIGTERM (service managers) or SIGINT (Ctrl-C).
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        // Without signal handlers the hub can only be killed; keep serving.
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => tracing::info!("SIGTERM received"),
        _ = int.recv() => tracing::info!("SIGINT received"),
    }
}
