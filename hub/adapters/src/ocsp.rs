//! OCSP over HTTP (RFC 6960; issue 6: "OCSP where configured"): the hub asks `[pki] ocsp_url`
//! about a certificate with the same rustls client as the CRL fetch, checks the answer with
//! `tanba-pki` ([`OcspQuery::check_response`]: signature by the CA or its delegated responder,
//! CertID, nonce, freshness), and keeps good and revoked answers until their nextUpdate. A
//! responder that cannot be reached (or answers tryLater, an HTTP error) refuses the
//! certificate with `PKI_OCSP_UNAVAILABLE`, unless `[pki] ocsp_soft_fail` lets it pass with a
//! warning in the log; an answer that does not verify is refused either way.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tanba_pki::{Certificate, OcspCheck, OcspQuery, PkiError};
use time::OffsetDateTime;

use crate::http::{TransportError, fetch_client, post_limited};

/// The most of an answer the hub reads.
const MAX_ANSWER_BYTES: usize = 1 << 20;
/// The most answers kept; past it, expired ones go, then all.
const MAX_CACHED: usize = 100_000;

/// What `[pki] ocsp_*` says.
#[derive(Debug, Clone)]
pub struct OcspSettings {
    /// The responder's URL (http or https).
    pub url: String,
    /// Let a certificate pass when the responder cannot be reached.
    pub soft_fail: bool,
    /// Per request.
    pub timeout: Duration,
}

struct Cached {
    status: Result<(), PkiError>,
    until: OffsetDateTime,
}

/// The hub's OCSP client, with its cache of answers.
pub struct OcspClient {
    url: reqwest::Url,
    soft_fail: bool,
    client: reqwest::Client,
    cache: Mutex<HashMap<Vec<u8>, Cached>>,
}

impl OcspClient {
    /// A client for `settings`; the error says what is wrong with the URL.
    pub fn new(settings: &OcspSettings) -> Result<OcspClient, String> {
        let url = crate::crl_fetch::parse_url(&settings.url)?;
        let client = fetch_client(settings.timeout).map_err(|e| e.0)?;
        Ok(OcspClient {
            url,
            soft_fail: settings.soft_fail,
            client,
            cache: Mutex::new(HashMap::new()),
        })
    }

    fn cached(&self, key: &[u8], now: OffsetDateTime) -> Option<Result<(), PkiError>> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(key)
            .filter(|c| c.until > now)
            .map(|c| c.status.clone())
    }

    fn keep(&self, key: Vec<u8>, status: &Result<(), PkiError>, until: OffsetDateTime) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= MAX_CACHED {
            let now = OffsetDateTime::now_utc();
            cache.retain(|_, c| c.until > now);
            if cache.len() >= MAX_CACHED {
                cache.clear();
            }
        }
        cache.insert(
            key,
            Cached {
                status: status.clone(),
                until,
            },
        );
    }

    /// No answer to be had: refused, or let through with a warning under soft fail.
    fn unavailable(&self, detail: String) -> Result<(), PkiError> {
        if self.soft_fail {
            tracing::warn!(
                detail,
                "OCSP responder unavailable; soft fail lets the certificate pass"
            );
            return Ok(());
        }
        Err(PkiError::OcspUnavailable { detail })
    }

    async fn ask(&self, cert: &Certificate, issuer: &Certificate) -> Result<(), PkiError> {
        let now = OffsetDateTime::now_utc();
        let query = OcspQuery::new(cert, issuer)?;
        let key = query.key();
        if let Some(status) = self.cached(&key, now) {
            return status;
        }
        let nonce = *uuid::Uuid::new_v4().as_bytes();
        let request = query.request_der(&nonce)?;
        let reply = post_limited(
            &self.client,
            &self.url,
            "application/ocsp-request",
            request,
            MAX_ANSWER_BYTES,
        )
        .await;
        let body = match reply {
            Err(TransportError(e)) => return self.unavailable(e),
            Ok(r) if r.status != 200 => {
                return self.unavailable(format!("HTTP status {}", r.status));
            }
            Ok(r) => r.body,
        };
        let answer = match query.check_response(&body, issuer, &nonce, now) {
            Err(PkiError::OcspRefused { status }) => return self.unavailable(status),
            other => other?,
        };
        if let Some(until) = answer.next_update {
            self.keep(key, &answer.status, until);
        }
        answer.status
    }
}

impl OcspCheck for OcspClient {
    fn check<'a>(
        &'a self,
        cert: &'a Certificate,
        issuer: &'a Certificate,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), PkiError>> + Send + 'a>>
    {
        Box::pin(self.ask(cert, issuer))
    }
}
