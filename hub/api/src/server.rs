//! The HTTP server: plain or TLS (rustls), with graceful shutdown that lets requests in flight
//! finish.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tanba_domain::Msg;
use tokio::task::JoinHandle;

/// The certificate chain and private key the server presents, both PEM files.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// The certificate chain, leaf first.
    pub cert: PathBuf,
    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
    /// Trust anchors for client certificates: with them the server asks every client for a
    /// certificate (mTLS) and lets those without one through to token authentication. Read at
    /// every handshake, so they follow the hub's PKI reloads.
    pub client_roots: Option<Arc<dyn crate::ClientAnchors>>,
}

/// The server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The listen address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The certificate or key cannot be used.
    #[error("cannot use TLS file {path}: {reason}")]
    Tls {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The server failed while running.
    #[error("the HTTP server failed: {0}")]
    Serve(std::io::Error),
}

impl ServerError {
    /// The message a person reads, with what to do about it.
    pub fn msg(&self) -> Msg {
        match self {
            ServerError::Bind { addr, source } => Msg::new("server-bind")
                .with("addr", addr)
                .with("reason", source),
            ServerError::Tls { path, reason } => Msg::new("server-tls")
                .with("path", path.display())
                .with("reason", reason),
            ServerError::Serve(source) => Msg::new("server-failed").with("reason", source),
        }
    }
}

/// A running server.
pub struct HttpServer {
    addr: SocketAddr,
    handle: Handle<SocketAddr>,
    task: JoinHandle<std::io::Result<()>>,
}

impl HttpServer {
    /// Binds `listen` (port 0 picks a free port) and serves `router` on it, over TLS when `tls`
    /// is given.
    pub async fn start(
        listen: SocketAddr,
        tls: Option<&TlsFiles>,
        router: Router,
    ) -> Result<Self, ServerError> {
        let bind_error = |source| ServerError::Bind {
            addr: listen,
            source,
        };
        let listener = TcpListener::bind(listen).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        let handle = Handle::new();
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let task = match tls {
            None => {
                let server = axum_server::from_tcp(listener).map_err(bind_error)?;
                tokio::spawn(server.handle(handle.clone()).serve(service))
            }
            Some(files) => {
                let config = RustlsConfig::from_config(Arc::new(server_tls(files)?));
                let server = axum_server::from_tcp_rustls(listener, config).map_err(bind_error)?;
                tokio::spawn(server.handle(handle.clone()).serve(service))
            }
        };
        tracing::info!(%addr, tls = tls.is_some(), "HTTP server listening");
        Ok(HttpServer { addr, handle, task })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Resolves when the server stops by itself (it only does on an error).
    pub async fn stopped(&mut self) -> Result<(), ServerError> {
        match (&mut self.task).await {
            Ok(result) => result.map_err(ServerError::Serve),
            Err(join) => Err(ServerError::Serve(std::io::Error::other(join))),
        }
    }

    /// Stops accepting connections, lets requests in flight finish for up to `grace`, then
    /// closes what is left.
    pub async fn shutdown(mut self, grace: Duration) -> Result<(), ServerError> {
        tracing::info!(
            connections = self.handle.connection_count(),
            "HTTP server shutting down gracefully"
        );
        self.handle.graceful_shutdown(Some(grace));
        self.stopped().await
    }
}

fn server_tls(files: &TlsFiles) -> Result<rustls::ServerConfig, ServerError> {
    let tls_error = |path: &Path, reason: String| ServerError::Tls {
        path: path.to_owned(),
        reason,
    };
    let certs = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| tls_error(&files.cert, e.to_string()))?;
    if certs.is_empty() {
        return Err(tls_error(&files.cert, "no certificate in the file".into()));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| tls_error(&files.key, e.to_string()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(&files.cert, e.to_string()))?;
    let builder = match &files.client_roots {
        None => builder.with_no_client_auth(),
        Some(roots) => {
            let verifier = crate::client_auth::FollowingVerifier::new(roots.clone(), provider)
                .map_err(|e| tls_error(&files.cert, e.to_string()))?;
            builder.with_client_cert_verifier(Arc::new(verifier))
        }
    };
    let mut config = builder
        .with_single_cert(certs, key)
        .map_err(|e| tls_error(&files.key, e.to_string()))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}
