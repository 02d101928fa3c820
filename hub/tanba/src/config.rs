//! The hub's configuration: one typed struct, loaded once from a TOML file plus `TANBA_*`
//! environment variables plus command-line flags (each overriding the one before), and checked
//! before anything starts.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use tanba_domain::{Lang, Msg};
use tanba_store::{DatabaseSettings, DbTls};

/// Everything the hub is told from outside.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The HTTP(S) address (`TANBA_LISTEN`). Port 0 picks a free port.
    pub listen: SocketAddr,
    /// The hub's own files, including the private database cluster (`TANBA_DATA_DIR`).
    pub data_dir: PathBuf,
    /// The language for callers who ask for none of kk, ru, en.
    pub default_lang: Lang,
    /// How long requests in flight may run on after SIGTERM, in seconds.
    pub shutdown_grace_secs: u64,
    /// Reverse proxies whose `X-Forwarded-For` header names the client in the audit log.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// HTTPS: a certificate chain and key, both PEM. Plain HTTP when absent.
    pub tls: Option<TlsSettings>,
    /// The database.
    pub database: DatabaseSettings,
    /// Logging.
    pub log: LogSettings,
    /// The registry and emission.
    pub registry: RegistrySettings,
    /// Trusted certifying centres and revocation lists.
    pub pki: PkiSettings,
    /// The public endpoints (code check).
    pub public: PublicSettings,
    /// Adapters to external systems (issue 7): packages, endpoints, settings, delivery.
    pub adapters: tanba_adapters::AdaptersSettings,
    /// Exports for analytic systems (R15): the schedule.
    pub exports: tanba_exports::ExportsSettings,
    /// The web application (issue 8): where the pages find NCALayer.
    pub web: WebSettings,
}

/// `[web]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebSettings {
    /// NCALayer's WebSocket address, which the sign-in and signing pages talk to in the
    /// person's browser (also allowed in their Content-Security-Policy). The real one by
    /// default; test stands point it at a double.
    pub ncalayer_url: String,
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            ncalayer_url: "wss://127.0.0.1:13579".to_owned(),
        }
    }
}

/// `[pki]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PkiSettings {
    /// A folder of trusted CA certificates (roots and intermediates of the accredited
    /// certifying centres). Unset: document signatures are kept but not verified.
    pub trust_dir: Option<PathBuf>,
    /// A folder of CRLs (`.crl`) those CAs signed.
    pub crl_dir: Option<PathBuf>,
    /// Reject documents that carry no signature.
    pub require_signed_documents: bool,
    /// How often, in seconds, the hub looks for changed files in both folders and reloads
    /// them (also on SIGHUP): a CRL copied in revokes from the next look.
    pub reload_secs: u64,
    /// CRL distribution points (http/https) fetched on `crl_cron`: complete or delta CRLs,
    /// verified against the trust folder and cached in the database for every node.
    pub crl_urls: Vec<String>,
    /// When the CRLs are fetched: five cron fields read in Asia/Almaty, once across nodes (the
    /// `@hub/crl-fetch` job). Empty: never on a schedule.
    pub crl_cron: String,
    /// Seconds one CRL request may take.
    pub crl_timeout_secs: u64,
    /// The largest CRL the hub reads, in bytes.
    pub crl_max_bytes: usize,
    /// An OCSP responder (RFC 6960) asked about the certificate of a login, of a document's
    /// signer and of an mTLS client after its chain and CRLs passed; answers are kept until
    /// their nextUpdate. Unset: no OCSP.
    pub ocsp_url: Option<String>,
    /// Let a certificate pass (with a warning in the log) when the responder cannot be
    /// reached; by default it is refused with PKI_OCSP_UNAVAILABLE.
    pub ocsp_soft_fail: bool,
    /// Seconds one OCSP request may take.
    pub ocsp_timeout_secs: u64,
    /// Certificate policy OIDs (certificatePolicies) a signer's certificate must be issued
    /// under, or under an arc of, e.g. `["1.2.398.3.3.2"]` for the national CA's end-user
    /// policies; logins, documents and mTLS clients whose certificate has none of them are
    /// refused with PKI_POLICY_NOT_ACCEPTED. Empty: any policy.
    pub required_policies: Vec<String>,
}

impl PkiSettings {
    /// The OCSP client's settings, when `ocsp_url` is set.
    pub fn ocsp(&self) -> Option<tanba_adapters::OcspSettings> {
        self.ocsp_url
            .as_ref()
            .map(|url| tanba_adapters::OcspSettings {
                url: url.clone(),
                soft_fail: self.ocsp_soft_fail,
                timeout: std::time::Duration::from_secs(self.ocsp_timeout_secs),
            })
    }

    /// The scheduled CRL fetch's settings.
    pub fn crl_fetch(&self) -> tanba_adapters::CrlFetchSettings {
        tanba_adapters::CrlFetchSettings {
            urls: self.crl_urls.clone(),
            cron: self.crl_cron.clone(),
            timeout: std::time::Duration::from_secs(self.crl_timeout_secs),
            max_bytes: self.crl_max_bytes,
        }
    }
}

impl Default for PkiSettings {
    fn default() -> Self {
        PkiSettings {
            trust_dir: None,
            crl_dir: None,
            require_signed_documents: false,
            reload_secs: 30,
            crl_urls: Vec::new(),
            crl_cron: "0 */4 * * *".into(),
            crl_timeout_secs: 30,
            crl_max_bytes: 64 << 20,
            ocsp_url: None,
            required_policies: Vec::new(),
            ocsp_soft_fail: false,
            ocsp_timeout_secs: 10,
        }
    }
}

/// `[public]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PublicSettings {
    /// Public checks one client address may make per minute; more get 429 with Retry-After.
    pub checks_per_minute: u32,
}

impl Default for PublicSettings {
    fn default() -> Self {
        PublicSettings {
            checks_per_minute: 60,
        }
    }
}

/// `[registry]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RegistrySettings {
    /// The emission master secret (32+ random bytes) every serial and verification key is
    /// derived from; the same file on every hub node. Unset: `<data_dir>/secrets/emission.key`,
    /// made on first start.
    pub master_key_file: Option<PathBuf>,
    /// Accept BINs and IINs with a wrong check digit, as the national CA's test certificates
    /// carry them (test stands only).
    pub accept_nca_test_ids: bool,
}

/// `[tls]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TlsSettings {
    /// The certificate chain, leaf first.
    pub cert: PathBuf,
    /// The private key.
    pub key: PathBuf,
    /// Ask clients for a certificate (mTLS) and identify system integrations by it (issue 6):
    /// the certificate must chain to a CA of `[pki] trust_dir` (RSA or ECDSA: rustls verifies
    /// the handshake), and names the participant by its BIN. Clients without one still connect
    /// and use tokens.
    #[serde(default)]
    pub client_auth: bool,
}

/// `[log]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    /// `text` for people, `json` for log collectors.
    pub format: LogFormat,
    /// A `tracing` filter: `info`, `tanba=debug,tower_http=info`, ...
    pub filter: String,
}

/// The shape of log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event.
    Text,
    /// One JSON object per line.
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from(".tanba"),
            default_lang: Lang::Kk,
            shutdown_grace_secs: 30,
            trusted_proxies: Vec::new(),
            tls: None,
            database: DatabaseSettings::default(),
            log: LogSettings::default(),
            registry: RegistrySettings::default(),
            pki: PkiSettings::default(),
            public: PublicSettings::default(),
            adapters: tanba_adapters::AdaptersSettings::default(),
            exports: tanba_exports::ExportsSettings::default(),
            web: WebSettings::default(),
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            format: LogFormat::Text,
            // The driver reports server NOTICEs at info; they are noise in the hub's log.
            filter: "info,tokio_postgres=warn".into(),
        }
    }
}

/// Values given on the command line; they override the file and the environment.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    /// `--listen`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<SocketAddr>,
    /// `--data-dir`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
}

/// The configuration cannot be used; the message names the key and the expected form.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file named by `--config` / `TANBA_CONFIG` is not there.
    #[error("configuration file {0} not found")]
    FileMissing(PathBuf),
    /// A value does not parse as its key's type (or a key is unknown).
    #[error("configuration key `{key}` from {source_name}: {reason}")]
    Parse {
        /// The dotted key (`database.pool_size`).
        key: String,
        /// Where the value came from: the file path or the environment variable.
        source_name: String,
        /// What was expected, from the parser.
        reason: String,
    },
    /// A value parses but is not acceptable.
    #[error("configuration key `{key}` is invalid")]
    Invalid {
        /// The dotted key.
        key: &'static str,
        /// What is wrong and what to write instead.
        msg: Msg,
    },
}

impl ConfigError {
    /// The message a person reads.
    pub fn msg(&self) -> Msg {
        match self {
            ConfigError::FileMissing(path) => {
                Msg::new("config-file-missing").with("path", path.display())
            }
            ConfigError::Parse {
                key,
                source_name,
                reason,
            } => Msg::new("config-invalid-value")
                .with("key", key)
                .with("source", source_name)
                .with("reason", reason),
            ConfigError::Invalid { msg, .. } => msg.clone(),
        }
    }
}

impl Config {
    /// Loads defaults, then `file` (which must exist when given), then `TANBA_*` variables
    /// (`TANBA_LISTEN`, `TANBA_DATABASE__POOL_SIZE` for `[database] pool_size`), then
    /// `overrides`, and checks the result.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError::FileMissing(file.to_owned()));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        let config: Config = figment
            .merge(
                Env::prefixed("TANBA_")
                    .ignore(&["CONFIG", "LANG"])
                    .split("__"),
            )
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(parse_error)?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what types alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let db = &self.database;
        if !(1..=1000).contains(&db.pool_size) {
            return Err(invalid("database.pool_size", "config-pool-size"));
        }
        if db.connect_timeout_ms == 0 || db.acquire_timeout_ms == 0 {
            return Err(invalid(
                "database.connect_timeout_ms",
                "config-timeout-zero",
            ));
        }
        if let Some(url) = &db.url {
            // The value is never echoed: it may hold a password.
            if url.parse::<tanba_store::PgConfig>().is_err() {
                return Err(invalid("database.url", "config-database-url"));
            }
        }
        if db.tls == DbTls::VerifyFull && !db.ca_file.as_ref().is_some_and(|f| f.is_file()) {
            return Err(invalid("database.ca_file", "config-database-ca-file"));
        }
        if self.public.checks_per_minute == 0 {
            return Err(invalid(
                "public.checks_per_minute",
                "config-checks-per-minute",
            ));
        }
        if !ncalayer_url_ok(&self.web.ncalayer_url) {
            return Err(ConfigError::Invalid {
                key: "web.ncalayer_url",
                msg: Msg::new("config-ncalayer-url")
                    .with("key", "web.ncalayer_url")
                    .with("value", self.web.ncalayer_url.escape_debug()),
            });
        }
        if self.pki.reload_secs == 0 {
            return Err(invalid("pki.reload_secs", "config-reload-secs"));
        }
        self.required_policies()?;
        self.validate_crl_fetch()?;
        if let Some(tls) = &self.tls {
            if tls.client_auth && self.pki.trust_dir.is_none() {
                return Err(invalid("tls.client_auth", "config-client-auth-trust"));
            }
            for (key, path) in [("tls.cert", &tls.cert), ("tls.key", &tls.key)] {
                if !path.is_file() {
                    return Err(ConfigError::Invalid {
                        key,
                        msg: Msg::new("config-tls-file")
                            .with("key", key)
                            .with("path", path.display()),
                    });
                }
            }
        }
        if self.exports.schedule().is_err() {
            return Err(self.exports_cron_invalid());
        }
        if self
            .log
            .filter
            .parse::<tracing_subscriber::EnvFilter>()
            .is_err()
        {
            return Err(invalid("log.filter", "config-log-filter"));
        }
        Ok(())
    }
}

impl Config {
    /// `[pki] required_policies` as object identifiers.
    pub fn required_policies(&self) -> Result<Vec<tanba_pki::ObjectIdentifier>, ConfigError> {
        self.pki
            .required_policies
            .iter()
            .map(|oid| {
                oid.parse().map_err(|_| ConfigError::Invalid {
                    key: "pki.required_policies",
                    msg: Msg::new("config-required-policy")
                        .with("key", "pki.required_policies")
                        .with("value", oid.escape_debug()),
                })
            })
            .collect()
    }

    /// `[pki] crl_*`: URLs need a trust folder to check CRLs against; each must be http(s)
    /// without credentials, the cron must parse, the limits be above zero.
    fn validate_crl_fetch(&self) -> Result<(), ConfigError> {
        let pki = &self.pki;
        if pki.crl_timeout_secs == 0 {
            return Err(invalid("pki.crl_timeout_secs", "config-crl-timeout"));
        }
        if pki.crl_max_bytes == 0 {
            return Err(invalid("pki.crl_max_bytes", "config-crl-max-bytes"));
        }
        if !pki.crl_urls.is_empty() && pki.trust_dir.is_none() {
            return Err(invalid("pki.crl_urls", "config-crl-urls-trust"));
        }
        tanba_adapters::CrlFetchSettings::check(&pki.crl_fetch())
            .map_err(|(key, reason)| crl_fetch_invalid(key, reason))?;
        self.validate_ocsp()
    }

    /// `[pki] ocsp_*`: the URL needs a trust folder (the issuer signs the answers), must be
    /// http(s) without credentials; the timeout above zero.
    fn validate_ocsp(&self) -> Result<(), ConfigError> {
        if self.pki.ocsp_timeout_secs == 0 {
            return Err(invalid("pki.ocsp_timeout_secs", "config-ocsp-timeout"));
        }
        let Some(settings) = self.pki.ocsp() else {
            return Ok(());
        };
        if self.pki.trust_dir.is_none() {
            return Err(invalid("pki.ocsp_url", "config-ocsp-url-trust"));
        }
        tanba_adapters::OcspClient::new(&settings)
            .map(|_| ())
            .map_err(ocsp_url_invalid)
    }

    /// `[exports] cron` is no cron expression.
    pub(crate) fn exports_cron_invalid(&self) -> ConfigError {
        ConfigError::Invalid {
            key: "exports.cron",
            msg: Msg::new("config-exports-cron")
                .with("key", "exports.cron")
                .with("value", self.exports.cron.escape_debug()),
        }
    }
}

/// `[pki] crl_urls` or `crl_cron` (`key`) is not usable, for `reason`.
pub(crate) fn crl_fetch_invalid(key: &'static str, reason: String) -> ConfigError {
    let id = if key == "pki.crl_cron" {
        "config-crl-cron"
    } else {
        "config-crl-url"
    };
    ConfigError::Invalid {
        key,
        msg: Msg::new(id).with("key", key).with("reason", reason),
    }
}

/// `[pki] ocsp_url` is not usable, for `reason`.
pub(crate) fn ocsp_url_invalid(reason: String) -> ConfigError {
    ConfigError::Invalid {
        key: "pki.ocsp_url",
        msg: Msg::new("config-ocsp-url")
            .with("key", "pki.ocsp_url")
            .with("reason", reason),
    }
}

/// A WebSocket address (`ws://` or `wss://`) with nothing that could break out of the
/// Content-Security-Policy header it is written into.
fn ncalayer_url_ok(url: &str) -> bool {
    let rest = url
        .strip_prefix("wss://")
        .or_else(|| url.strip_prefix("ws://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".:-/[]_".contains(&b))
    })
}

fn invalid(key: &'static str, id: &'static str) -> ConfigError {
    ConfigError::Invalid {
        key,
        msg: Msg::new(id).with("key", key),
    }
}

/// The first of figment's errors, with the key as a dotted path and the source as the file or
/// the environment variable that held the value.
fn parse_error(err: figment::Error) -> ConfigError {
    let key = err.path.join(".");
    let source_name = match &err.metadata {
        Some(meta) => match &meta.source {
            Some(figment::Source::File(path)) => path.display().to_string(),
            _ if meta.name.contains("environment") => {
                let path: Vec<&str> = err.path.iter().map(String::as_str).collect();
                format!("TANBA_{}", path.join("__").to_uppercase())
            }
            _ => meta.name.to_string(),
        },
        None => "?".into(),
    };
    ConfigError::Parse {
        key: if key.is_empty() {
            "(top level)".into()
        } else {
            key
        },
        source_name,
        reason: err.kind.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        Config::default()
            .validate()
            .expect("defaults pass validation");
    }

    #[test]
    fn a_bad_value_names_its_key_and_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("tanba.toml");
        std::fs::write(&file, "[database]\npool_size = \"many\"\n").expect("write");
        let err = Config::load(Some(&file), &Overrides::default()).expect_err("not a number");
        let ConfigError::Parse {
            key,
            source_name,
            reason,
        } = &err
        else {
            panic!("wrong error {err:?}");
        };
        assert_eq!(key, "database.pool_size");
        assert_eq!(source_name, &file.display().to_string());
        assert!(
            reason.contains("usize") || reason.contains("integer"),
            "{reason}"
        );
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("tanba.toml");
        std::fs::write(&file, "listn = \"127.0.0.1:1\"\n").expect("write");
        let err = Config::load(Some(&file), &Overrides::default()).expect_err("typo");
        assert!(err.to_string().contains("listn"), "{err}");
    }

    #[test]
    fn validation_names_the_key() {
        let mut config = Config::default();
        config.database.pool_size = 0;
        let err = config.validate().expect_err("zero connections");
        assert!(matches!(
            err,
            ConfigError::Invalid {
                key: "database.pool_size",
                ..
            }
        ));
        let config = Config {
            tls: Some(TlsSettings {
                cert: "/nonexistent/cert.pem".into(),
                key: "/nonexistent/key.pem".into(),
                client_auth: false,
            }),
            ..Config::default()
        };
        let err = config.validate().expect_err("missing cert");
        assert!(matches!(
            err,
            ConfigError::Invalid {
                key: "tls.cert",
                ..
            }
        ));
    }

    /// Issue 6: `[pki] crl_*` and `ocsp_*` are checked at start, each naming its key.
    #[test]
    fn crl_and_ocsp_settings_name_their_key() {
        let key_of = |tweak: &dyn Fn(&mut PkiSettings)| {
            let mut config = Config::default();
            config.pki.trust_dir = Some("/etc/tanba/pki/ca".into());
            tweak(&mut config.pki);
            match config.validate() {
                Ok(()) => "ok",
                Err(ConfigError::Invalid { key, .. }) => key,
                Err(other) => panic!("{other}"),
            }
        };
        assert_eq!(
            key_of(&|p| p.crl_urls = vec!["http://crl.test/a.crl".into()]),
            "ok"
        );
        assert_eq!(
            key_of(&|p| p.crl_urls = vec!["ftp://crl.test/a.crl".into()]),
            "pki.crl_urls"
        );
        assert_eq!(key_of(&|p| p.crl_cron = "hourly".into()), "pki.crl_cron");
        assert_eq!(key_of(&|p| p.crl_max_bytes = 0), "pki.crl_max_bytes");
        assert_eq!(key_of(&|p| p.crl_timeout_secs = 0), "pki.crl_timeout_secs");
        assert_eq!(
            key_of(&|p| p.ocsp_url = Some("http://ocsp.test".into())),
            "ok"
        );
        assert_eq!(
            key_of(&|p| p.ocsp_url = Some("ocsp.test".into())),
            "pki.ocsp_url"
        );
        assert_eq!(
            key_of(&|p| p.ocsp_timeout_secs = 0),
            "pki.ocsp_timeout_secs"
        );
        assert_eq!(
            key_of(&|p| p.required_policies = vec!["1.2.398.3.3.2".into()]),
            "ok"
        );
        assert_eq!(
            key_of(&|p| p.required_policies = vec!["nca-end-user".into()]),
            "pki.required_policies"
        );
        assert_eq!(
            key_of(&|p| {
                p.trust_dir = None;
                p.crl_urls = vec!["http://crl.test/a.crl".into()];
            }),
            "pki.crl_urls",
            "CRLs need CAs to check them against"
        );
        assert_eq!(
            key_of(&|p| {
                p.trust_dir = None;
                p.ocsp_url = Some("http://ocsp.test".into());
            }),
            "pki.ocsp_url"
        );
    }

    #[test]
    fn the_ncalayer_address_is_a_websocket_address_that_cannot_break_the_csp() {
        for good in [
            "wss://127.0.0.1:13579",
            "ws://127.0.0.1:40123",
            "wss://[::1]:13579/",
        ] {
            assert!(ncalayer_url_ok(good), "{good}");
        }
        for bad in [
            "https://127.0.0.1:13579",
            "wss://",
            "wss://x; script-src *",
            "ws://a'b",
        ] {
            assert!(!ncalayer_url_ok(bad), "{bad}");
        }
    }

    #[test]
    fn the_example_file_lists_valid_keys_with_their_defaults() {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/tanba.example.toml");
        let config =
            Config::load(Some(&example), &Overrides::default()).expect("the example loads");
        let defaults = Config::default();
        assert_eq!(config.listen, defaults.listen);
        assert_eq!(config.database.pool_size, defaults.database.pool_size);
        assert_eq!(
            config.database.statement_timeout_ms,
            defaults.database.statement_timeout_ms
        );
        assert_eq!(config.log.filter, defaults.log.filter);
        assert_eq!(config.adapters.delivery, defaults.adapters.delivery);
        assert_eq!(config.web.ncalayer_url, defaults.web.ncalayer_url);
        let shep = config
            .adapters
            .installed
            .get("shep")
            .expect("the SHEP example");
        assert!(
            !config.adapters.enabled,
            "adapters are off unless the operator says so"
        );
        assert_eq!(
            shep.settings.get("sender-id").map(String::as_str),
            Some("TANBA")
        );
        assert_eq!(shep.endpoints["shep-sync"].timeout_ms, Some(30_000));
    }

    #[test]
    fn a_missing_file_is_named() {
        let err = Config::load(
            Some(Path::new("/nonexistent/tanba.toml")),
            &Overrides::default(),
        )
        .expect_err("missing");
        assert!(matches!(err, ConfigError::FileMissing(_)));
    }
}
