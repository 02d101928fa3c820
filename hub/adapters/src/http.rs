//! The hub's HTTP client for adapters' messages: one reqwest client (rustls) per configured
//! endpoint, with its CA, client certificate and timeout. Only endpoints the operator
//! configured for an adapter exist here, and a request's URL is the endpoint's base URL plus
//! the step's checked relative path, so an adapter cannot reach anything else.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use crate::config::{AdaptersSettings, EndpointSettings};

/// The most of a reply the hub reads; a larger one is a transport failure.
const MAX_REPLY_BYTES: usize = 32 << 20;

/// A message to send, as the outbox holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The adapter's id.
    pub adapter: String,
    /// The endpoint's name.
    pub endpoint: String,
    /// Relative path below the endpoint's URL (checked by the runner).
    pub path: String,
    /// `get` or `post`.
    pub method: String,
    /// Sent as `Idempotency-Key`.
    pub idempotency_key: String,
    /// Content type of the body.
    pub content_type: String,
    /// Further headers (the runner refused those the hub owns).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Its content type, empty when none.
    pub content_type: String,
    /// Its body.
    pub body: Vec<u8>,
}

/// Why there was no answer (connection refused, timeout, TLS, a reply too large).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TransportError(pub String);

/// A boxed future of a send.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<Response, TransportError>> + Send + 'a>>;

/// Sends adapters' messages. The real one is [`ReqwestClient`]; tests use it too, against
/// simulators on loopback.
pub trait HttpClient: Send + Sync {
    /// Sends one request to its adapter's endpoint.
    fn send<'a>(&'a self, request: &'a Request) -> Sending<'a>;
}

/// The real client.
pub struct ReqwestClient {
    endpoints: BTreeMap<(String, String), Endpoint>,
}

struct Endpoint {
    base: String,
    client: reqwest::Client,
}

impl ReqwestClient {
    /// A client for every endpoint configured in `settings`; an unreadable CA or identity
    /// file, or a URL that is not http(s), is named in the error.
    pub fn from_settings(settings: &AdaptersSettings) -> Result<Self, (String, String)> {
        let mut endpoints = BTreeMap::new();
        for (adapter, config) in &settings.installed {
            for (name, endpoint) in &config.endpoints {
                let built = build(endpoint)
                    .map_err(|e| (adapter.clone(), format!("endpoint {name}: {e}")))?;
                endpoints.insert((adapter.clone(), name.clone()), built);
            }
        }
        Ok(ReqwestClient { endpoints })
    }
}

fn build(settings: &EndpointSettings) -> Result<Endpoint, String> {
    let url = reqwest::Url::parse(&settings.url).map_err(|e| format!("url: {e}"))?;
    if !matches!(url.scheme(), "https" | "http") || url.query().is_some() {
        return Err("url must be http(s) without a query".into());
    }
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(settings.timeout())
        .redirect(reqwest::redirect::Policy::none());
    if let Some(ca) = &settings.ca_file {
        let pem = std::fs::read(ca).map_err(|e| format!("ca_file {}: {e}", ca.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| format!("ca_file {}: {e}", ca.display()))?;
        builder = builder.tls_built_in_root_certs(false);
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    if let Some(file) = &settings.client_identity_file {
        let pem = std::fs::read(file)
            .map_err(|e| format!("client_identity_file {}: {e}", file.display()))?;
        // The error names the file only: its content is a private key.
        let identity = reqwest::Identity::from_pem(&pem).map_err(|_| {
            format!(
                "client_identity_file {} holds no certificate and key",
                file.display()
            )
        })?;
        builder = builder.identity(identity);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    Ok(Endpoint {
        base: settings.url.clone(),
        client,
    })
}

impl HttpClient for ReqwestClient {
    fn send<'a>(&'a self, request: &'a Request) -> Sending<'a> {
        Box::pin(async move {
            let key = (request.adapter.clone(), request.endpoint.clone());
            let endpoint = self
                .endpoints
                .get(&key)
                .ok_or_else(|| TransportError("the endpoint is not configured".into()))?;
            // The configured URL as written (a trailing slash can matter to the server).
            let url = match (request.path.is_empty(), endpoint.base.ends_with('/')) {
                (true, _) => endpoint.base.clone(),
                (false, true) => format!("{}{}", endpoint.base, request.path),
                (false, false) => format!("{}/{}", endpoint.base, request.path),
            };
            let method = if request.method == "get" {
                reqwest::Method::GET
            } else {
                reqwest::Method::POST
            };
            let mut builder = endpoint
                .client
                .request(method, url)
                .header("Idempotency-Key", &request.idempotency_key);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            if request.method != "get" {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, &request.content_type)
                    .body(request.body.clone());
            }
            let response = builder.send().await.map_err(transport)?;
            read(response, MAX_REPLY_BYTES).await
        })
    }
}

/// A plain client for hub-side fetches of public files (CRLs, OCSP): rustls with the system's
/// roots, `timeout` per request, no redirects (a distribution point that redirects is
/// reported, not followed to somewhere else).
pub fn fetch_client(timeout: std::time::Duration) -> Result<reqwest::Client, TransportError> {
    reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(transport)
}

/// GETs `url` with `client`, reading at most `max_bytes` of the reply.
pub async fn get_limited(
    client: &reqwest::Client,
    url: &reqwest::Url,
    max_bytes: usize,
) -> Result<Response, TransportError> {
    let response = client.get(url.clone()).send().await.map_err(transport)?;
    read(response, max_bytes).await
}

/// POSTs `body` as `content_type` to `url` with `client`, reading at most `max_bytes`.
pub async fn post_limited(
    client: &reqwest::Client,
    url: &reqwest::Url,
    content_type: &str,
    body: Vec<u8>,
    max_bytes: usize,
) -> Result<Response, TransportError> {
    let response = client
        .post(url.clone())
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .map_err(transport)?;
    read(response, max_bytes).await
}

async fn read(mut response: reqwest::Response, max: usize) -> Result<Response, TransportError> {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > max {
            return Err(TransportError(format!("the reply is over {max} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Response {
        status,
        content_type,
        body,
    })
}

/// reqwest's error without the URL (it may carry a path the operator considers private) and
/// with its cause (connection refused, timed out).
fn transport(e: reqwest::Error) -> TransportError {
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    TransportError(text)
}
