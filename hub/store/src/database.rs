//! The connection pool.

use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod, Runtime};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tokio_postgres::NoTls;

use crate::{DatabaseSettings, DbTls, StoreError};

/// A pool of connections to the hub's database. Cheap to clone; every clone shares the pool.
#[derive(Clone)]
pub struct Database {
    pool: Pool,
    /// For dedicated connections (LISTEN) outside the pool.
    target: tokio_postgres::Config,
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
}

/// How busy the pool is, for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub struct PoolStatus {
    /// Connections open now.
    pub size: usize,
    /// Of those, idle.
    pub available: usize,
    /// The configured maximum.
    pub max_size: usize,
}

impl Database {
    /// A pool for `target` with the timeouts, size and TLS of `settings`. Connections are opened
    /// lazily: this succeeds while the database is down, and requests then get
    /// [`StoreError::Unavailable`] until it is back.
    pub fn connect(
        settings: &DatabaseSettings,
        mut target: tokio_postgres::Config,
    ) -> Result<Self, StoreError> {
        let connect_timeout = Duration::from_millis(settings.connect_timeout_ms);
        target
            .connect_timeout(connect_timeout)
            .application_name("tanba")
            .options(format!(
                "-c statement_timeout={} -c timezone=UTC",
                settings.statement_timeout_ms
            ));
        let manager_config = ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        let tls = match settings.tls {
            DbTls::Disable => None,
            DbTls::VerifyFull => Some(tokio_postgres_rustls::MakeRustlsConnect::new(client_tls(
                settings,
            )?)),
        };
        let manager = match &tls {
            None => Manager::from_config(target.clone(), NoTls, manager_config),
            Some(tls) => Manager::from_config(target.clone(), tls.clone(), manager_config),
        };
        let pool = Pool::builder(manager)
            .max_size(settings.pool_size)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_millis(settings.acquire_timeout_ms)))
            .create_timeout(Some(connect_timeout))
            .recycle_timeout(Some(connect_timeout))
            .build()
            .map_err(|e| StoreError::Unavailable {
                reason: e.to_string(),
            })?;
        Ok(Database { pool, target, tls })
    }

    /// A connection from the pool.
    pub async fn client(&self) -> Result<Object, StoreError> {
        self.pool.get().await.map_err(|e| StoreError::Unavailable {
            reason: pool_error_reason(e),
        })
    }

    /// One row or none, by a statement each pooled connection prepares once and keeps: the
    /// point reads on every request's path (tokens, codes, products) skip a parse round trip.
    pub(crate) async fn query_opt_cached(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
        context: &'static str,
    ) -> Result<Option<tokio_postgres::Row>, StoreError> {
        let client = self.client().await?;
        let statement = client
            .prepare_cached(sql)
            .await
            .map_err(crate::error::pg(context))?;
        client
            .query_opt(&statement, params)
            .await
            .map_err(crate::error::pg(context))
    }

    /// How busy the pool is.
    pub fn pool_status(&self) -> PoolStatus {
        let status = self.pool.status();
        PoolStatus {
            size: status.size,
            available: status.available,
            max_size: status.max_size,
        }
    }

    /// A connection of its own, outside the pool (for `LISTEN`), with the pool's settings.
    pub(crate) async fn dedicated(
        &self,
    ) -> Result<
        (
            tokio_postgres::Client,
            impl futures_util::Stream<
                Item = Result<tokio_postgres::AsyncMessage, tokio_postgres::Error>,
            > + Send
            + 'static,
        ),
        StoreError,
    > {
        let unavailable = |e: tokio_postgres::Error| StoreError::Unavailable {
            reason: e.to_string(),
        };
        let (client, stream) = match &self.tls {
            None => {
                let (client, mut conn) = self.target.connect(NoTls).await.map_err(unavailable)?;
                let stream = futures_util::stream::poll_fn(move |cx| conn.poll_message(cx));
                (client, futures_util::StreamExt::boxed(stream))
            }
            Some(tls) => {
                let (client, mut conn) = self
                    .target
                    .connect(tls.clone())
                    .await
                    .map_err(unavailable)?;
                let stream = futures_util::stream::poll_fn(move |cx| conn.poll_message(cx));
                (client, futures_util::StreamExt::boxed(stream))
            }
        };
        Ok((client, stream))
    }

    /// Closes every connection; later requests fail.
    pub fn close(&self) {
        self.pool.close();
    }
}

/// The pool's error without anything secret (it never contains the password; the host may
/// appear, which operators need).
fn pool_error_reason(err: deadpool_postgres::PoolError) -> String {
    match err {
        deadpool_postgres::PoolError::Timeout(kind) => format!("timed out ({kind:?})"),
        other => other.to_string(),
    }
}

fn client_tls(settings: &DatabaseSettings) -> Result<rustls::ClientConfig, StoreError> {
    let tls_error = |reason: String| StoreError::Tls { reason };
    let ca_file = settings
        .ca_file
        .as_ref()
        .ok_or_else(|| tls_error("database.ca_file is required for verify-full".into()))?;
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(ca_file)
        .map_err(|e| tls_error(format!("{}: {e}", ca_file.display())))?;
    for cert in certs {
        let cert = cert.map_err(|e| tls_error(format!("{}: {e}", ca_file.display())))?;
        roots
            .add(cert)
            .map_err(|e| tls_error(format!("{}: {e}", ca_file.display())))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Creates database `name` through the maintenance connection `admin` unless it exists,
/// optionally as a copy of `template`.
pub async fn ensure_database(
    admin: &tokio_postgres::Config,
    name: &str,
    template: Option<&str>,
) -> Result<bool, StoreError> {
    let (client, connection) = admin
        .connect(NoTls)
        .await
        .map_err(|e| StoreError::from_pg("connecting to create a database", e))?;
    let task = tokio::spawn(connection);
    let exists = client
        .query_opt("select 1 from pg_database where datname = $1", &[&name])
        .await
        .map_err(|e| StoreError::from_pg("looking up a database", e))?
        .is_some();
    if !exists {
        // Identifiers cannot be bound as parameters; quote them as PostgreSQL does.
        let mut sql = format!("create database {}", quote_ident(name));
        if let Some(template) = template {
            sql.push_str(&format!(" template {}", quote_ident(template)));
        }
        client
            .batch_execute(&sql)
            .await
            .map_err(|e| StoreError::from_pg("creating a database", e))?;
    }
    drop(client);
    let _ = task.await;
    Ok(!exists)
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
