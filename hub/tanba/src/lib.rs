//! The Tanba hub assembled: configuration, the database (a URL, or a private cluster under the
//! data directory), migrations, and the HTTP server with every part mounted. The `tanba` binary
//! is a thin command line over this library; tests start the same [`Hub`] in-process.
//!
//! Not for: business rules, SQL or HTTP handlers; those live in the crates this one assembles.

mod config;
mod database;
mod error;
mod hub;
mod secrets;

pub use config::{
    Config, ConfigError, LogFormat, LogSettings, Overrides, PkiSettings, PublicSettings,
    RegistrySettings, TlsSettings,
};
pub use database::{DatabaseLocation, OpenDatabase, open_database};
pub use error::HubError;
pub use hub::Hub;

/// The BIN/IIN check-digit policy the configuration asks for.
fn id_policy(config: &Config) -> tanba_domain::CheckDigitPolicy {
    if config.registry.accept_nca_test_ids {
        tanba_domain::CheckDigitPolicy::AcceptNcaTestIds
    } else {
        tanba_domain::CheckDigitPolicy::Strict
    }
}

/// The trusted CAs and CRLs of `[pki]`, when `trust_dir` is set; the hub reloads them when the
/// folders change.
pub fn pki(config: &Config) -> Result<Option<std::sync::Arc<tanba_pki::PkiFolders>>, HubError> {
    let Some(trust_dir) = &config.pki.trust_dir else {
        return Ok(None);
    };
    let policies = config.required_policies()?;
    let pki = tanba_pki::PkiFolders::load(trust_dir, config.pki.crl_dir.as_deref())?
        .with_required_policies(policies)?;
    Ok(Some(std::sync::Arc::new(pki)))
}

/// The documents' signature check over `pki`, asking `ocsp` about signers when given.
pub fn signature_check(
    config: &Config,
    pki: std::sync::Arc<tanba_pki::PkiFolders>,
    ocsp: Option<std::sync::Arc<dyn tanba_pki::OcspCheck>>,
) -> std::sync::Arc<dyn tanba_documents::SignatureCheck> {
    let check = tanba_documents::PkiSignatureCheck::new(
        pki,
        id_policy(config),
        config.pki.require_signed_documents,
    );
    std::sync::Arc::new(match ocsp {
        Some(ocsp) => check.with_ocsp(ocsp),
        None => check,
    })
}

/// The registry service on `db`, with the configured master secret and BIN/IIN policy.
pub fn registry(
    config: &Config,
    db: tanba_store::Database,
) -> Result<tanba_registry::Registry, HubError> {
    Ok(tanba_registry::Registry::new(
        db,
        secrets::master_secret(config)?,
        id_policy(config),
    ))
}
