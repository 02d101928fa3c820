//! CRLs fetched on a schedule (issue 6; R16): when `[pki] crl_cron` falls due (Asia/Almaty),
//! one node GETs every `[pki] crl_urls` entry (complete or delta CRLs, DER or PEM) with the
//! hub's rustls client ([`crate::http::fetch_client`]: timeout, no redirects, a size limit),
//! and offers each to the trust cache's one verify-and-store path
//! ([`TrustCache::verify_and_store_in`]: signed by a trusted CA, newer than the one held,
//! audited), so every node revokes from the moment it is stored. The slot is claimed exactly
//! like `@hub/exports` (the adapters' advisory lock, `next_due_at` moved in the same
//! transaction), under `@hub/crl-fetch` in the job table, where the operator sees its last run
//! (`GET /api/v1/adapters/jobs`): `done`, or `failed` with every URL that failed and why. A
//! failing URL does not stop the others; a CRL that is not newer than the one held is no
//! failure (the distribution point simply has not published a new one).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use croner::Cron;
use serde::Serialize;
use tanba_store::{Database, adapters};
use tanba_trust::{Offered, TrustCache};

use crate::AdapterError;
use crate::http::{TransportError, fetch_client, get_limited};
use crate::runner::tx_error;

/// The job slot's names in the shared job table (no adapter can be called `@hub`).
pub const CRL_JOB_OWNER: &str = "@hub";
/// The job's name.
pub const CRL_JOB: &str = "crl-fetch";

/// How often a node looks whether the slot is due.
const TICK: Duration = Duration::from_secs(30);

/// A setting that is not usable: its key (`pki.crl_urls`, `pki.crl_cron`) and why.
pub type SettingError = (&'static str, String);

/// What the scheduled fetch is told by the configuration (`[pki] crl_*`).
#[derive(Debug, Clone)]
pub struct CrlFetchSettings {
    /// The distribution points, http(s) URLs.
    pub urls: Vec<String>,
    /// Five cron fields, Asia/Almaty; empty: never on a schedule.
    pub cron: String,
    /// Per request.
    pub timeout: Duration,
    /// The most of one CRL the hub reads.
    pub max_bytes: usize,
}

/// What became of one URL in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum UrlOutcome {
    /// A new CRL was stored: its kind (`crl`, `delta-crl`) and cRLNumber.
    Stored {
        /// `crl` or `delta-crl`.
        kind: String,
        /// Its cRLNumber, decimal.
        number: Option<String>,
    },
    /// The CRL served is the one held, or older.
    Unchanged,
    /// Not fetched or not admitted: a stable code and the reason.
    Failed {
        /// `CRL_FETCH_TRANSPORT`, `CRL_FETCH_STATUS`, or the PKI's refusal (`PKI_...`).
        code: String,
        /// What went wrong, in English, for the operator's log.
        reason: String,
    },
}

/// One URL's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlReport {
    /// The URL as configured.
    pub url: String,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: UrlOutcome,
}

/// The scheduled CRL fetch. Cheap to clone.
#[derive(Clone)]
pub struct CrlFetch {
    inner: Arc<Inner>,
}

struct Inner {
    db: Database,
    trust: TrustCache,
    urls: Vec<reqwest::Url>,
    cron: Option<Cron>,
    client: reqwest::Client,
    max_bytes: usize,
}

impl CrlFetchSettings {
    /// Every URL http(s) without credentials, the cron parses; the error names the key
    /// (`pki.crl_urls`, `pki.crl_cron`) and what is wrong.
    pub fn check(&self) -> Result<(), SettingError> {
        self.parsed().map(|_| ())
    }

    fn parsed(&self) -> Result<(Vec<reqwest::Url>, Option<Cron>), SettingError> {
        let urls = self
            .urls
            .iter()
            .map(|u| parse_url(u).map_err(|e| ("pki.crl_urls", format!("{u:?}: {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let cron = parse_cron(&self.cron).map_err(|e| ("pki.crl_cron", e))?;
        Ok((urls, cron))
    }
}

impl CrlFetch {
    /// Over the hub's database and trust cache; the settings checked as
    /// [`CrlFetchSettings::check`] does.
    pub fn new(
        db: Database,
        trust: TrustCache,
        settings: &CrlFetchSettings,
    ) -> Result<CrlFetch, SettingError> {
        let (urls, cron) = settings.parsed()?;
        let client = fetch_client(settings.timeout).map_err(|e| ("pki.crl_urls", e.0))?;
        Ok(CrlFetch {
            inner: Arc::new(Inner {
                db,
                trust,
                urls,
                cron,
                client,
                max_bytes: settings.max_bytes,
            }),
        })
    }

    /// Runs the fetch if its slot is due at `now` and no other node is running it; the run's
    /// report, or `None`. The first look only schedules the first slot.
    pub async fn run_due(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<UrlReport>>, AdapterError> {
        let Some(cron) = &self.inner.cron else {
            return Ok(None);
        };
        self.run_locked(Some((cron, now))).await
    }

    /// Runs the fetch now, whatever the schedule; `None` when another node is running it.
    pub async fn run_now(&self) -> Result<Option<Vec<UrlReport>>, AdapterError> {
        self.run_locked(None).await
    }

    /// Looks for a due slot every 30 seconds until aborted.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(err) = self.run_due(Utc::now()).await {
                    tracing::warn!(code = %err.code(), %err, "scheduled CRL fetch failed");
                }
                tokio::time::sleep(TICK).await;
            }
        })
    }

    /// Under the job's lock: with a schedule, only when due (and the next slot set); the run
    /// and its result recorded in the job's row, in the transaction that stores the CRLs.
    async fn run_locked(
        &self,
        schedule: Option<(&Cron, DateTime<Utc>)>,
    ) -> Result<Option<Vec<UrlReport>>, AdapterError> {
        let mut client = self.inner.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        if !adapters::try_lock_job(&*tx, CRL_JOB_OWNER, CRL_JOB).await? {
            return Ok(None);
        }
        let row = adapters::job_for_update(&*tx, CRL_JOB_OWNER, CRL_JOB).await?;
        let due = match schedule {
            None => true,
            Some((_, now)) => row.next_due_unix.is_some_and(|due| due <= now.timestamp()),
        };
        let report = if due {
            adapters::update_run(&*tx, CRL_JOB_OWNER, CRL_JOB, &adapters::RunUpdate::Started)
                .await?;
            let report = self.fetch_all(&*tx).await;
            adapters::update_run(&*tx, CRL_JOB_OWNER, CRL_JOB, &run_update(&report)).await?;
            Some(report)
        } else {
            None
        };
        if let Some((cron, now)) = schedule
            && (due || row.next_due_unix.is_none())
            && let Some(next) = crate::next_due(cron, now)
        {
            adapters::set_job_due(&*tx, CRL_JOB_OWNER, CRL_JOB, next).await?;
        }
        tx.commit().await.map_err(tx_error)?;
        if report.is_some() {
            // This node at once; the others on the insert's NOTIFY.
            if let Err(err) = self.inner.trust.load().await {
                tracing::error!(%err, "the PKI was not rebuilt after the CRL fetch");
            }
        }
        Ok(report)
    }

    /// Fetches every URL and offers what came back; one report per URL, in order.
    async fn fetch_all(&self, tx: &impl tokio_postgres::GenericClient) -> Vec<UrlReport> {
        let mut seen = HashSet::new();
        let mut reports = Vec::with_capacity(self.inner.urls.len());
        for url in &self.inner.urls {
            let outcome = match self.fetch(url).await {
                Err(failed) => failed,
                // The same bytes from a mirror: already offered in this run.
                Ok(bytes) if !seen.insert(sha256(&bytes)) => UrlOutcome::Unchanged,
                Ok(bytes) => self.offer(tx, url, bytes).await,
            };
            if let UrlOutcome::Failed { code, reason } = &outcome {
                tracing::warn!(url = %url, code, reason, "a CRL distribution point failed");
            }
            reports.push(UrlReport {
                url: url.to_string(),
                outcome,
            });
        }
        reports
    }

    async fn fetch(&self, url: &reqwest::Url) -> Result<Vec<u8>, UrlOutcome> {
        let failed = |code: &str, reason: String| UrlOutcome::Failed {
            code: code.into(),
            reason,
        };
        let response = get_limited(&self.inner.client, url, self.inner.max_bytes)
            .await
            .map_err(|TransportError(e)| failed("CRL_FETCH_TRANSPORT", e))?;
        if response.status != 200 {
            return Err(failed(
                "CRL_FETCH_STATUS",
                format!("HTTP status {}", response.status),
            ));
        }
        Ok(response.body)
    }

    async fn offer(
        &self,
        tx: &impl tokio_postgres::GenericClient,
        url: &reqwest::Url,
        bytes: Vec<u8>,
    ) -> UrlOutcome {
        let now = time::OffsetDateTime::now_utc();
        let mut verdicts = self
            .inner
            .trust
            .verify_and_store_in(tx, &[Offered::Crl(bytes)], url.as_str(), now)
            .await;
        match verdicts.pop().map(|v| v.outcome) {
            Some(Ok(item)) => UrlOutcome::Stored {
                kind: item.kind.as_str().into(),
                number: item.crl_number.map(|n| n.to_string()),
            },
            Some(Err(e)) if e.code() == "PKI_CRL_NOT_NEWER" => UrlOutcome::Unchanged,
            Some(Err(e)) => UrlOutcome::Failed {
                code: e.code().into(),
                reason: e.to_string(),
            },
            None => UrlOutcome::Unchanged,
        }
    }
}

/// `done` with the reports kept as JSON, or `failed` naming every URL that failed.
fn run_update(report: &[UrlReport]) -> adapters::RunUpdate {
    let failed: Vec<String> = report
        .iter()
        .filter_map(|r| match &r.outcome {
            UrlOutcome::Failed { code, reason } => Some(format!("{}: {code}: {reason}", r.url)),
            _ => None,
        })
        .collect();
    if failed.is_empty() {
        adapters::RunUpdate::Done(serde_json::to_vec(report).unwrap_or_default())
    } else {
        adapters::RunUpdate::Failed(format!("CRL_FETCH_FAILED: {}", failed.join("; ")))
    }
}

fn sha256(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).into()
}

pub(crate) fn parse_url(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text).map_err(|e| e.to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be an http or https URL".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must carry no user name or password".into());
    }
    Ok(url)
}

fn parse_cron(text: &str) -> Result<Option<Cron>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<Cron>()
        .map(Some)
        .map_err(|e| format!("{text:?} is not a cron expression: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http_without_credentials() {
        assert!(parse_url("http://crl.pki.gov.kz/nca_rsa.crl").is_ok());
        assert!(parse_url("ftp://crl.pki.gov.kz/nca_rsa.crl").is_err());
        assert!(parse_url("https://user:pw@crl.test/x.crl").is_err());
        assert!(parse_url("not a url").is_err());
        assert!(parse_cron("").expect("empty is off").is_none());
        assert!(parse_cron("0 */4 * * *").expect("valid").is_some());
        assert!(parse_cron("every hour").is_err());
    }
}
