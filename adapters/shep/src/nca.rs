//! The `nca-trust-refresh` job: loads the national CA's certificates and CRLs into the hub's
//! trust store (G1), one file per step, so that signatures of participants are checked against
//! current revocation data.
//!
//! The files are plain HTTP(S) downloads below two endpoints the operator configures
//! (`nca-certificates`, `nca-crls`), named by the settings `nca-certificate-files` and
//! `nca-crl-files`. Each may be DER or PEM; the hub gets DER. Each file's update goes to the hub
//! with the request for the next file, so one unreachable CRL does not lose the others. The hub
//! accepts a CA certificate only if it chains to a root the operator configured, and a CRL only
//! if its issuer's signature verifies: the adapter only fetches.

use tanba_adapter_sdk::state::{State, StateError};
use tanba_adapter_sdk::step::{done, get, send};
use tanba_adapter_sdk::text::der_from_pem_or_der;
use tanba_adapter_sdk::{Command, Context, Reply, Step, TrustUpdate};

use crate::error::ShepError;
use crate::settings::{self, NCA_CERTIFICATE_FILES, NCA_CRL_FILES};

/// The job's name.
pub const JOB: &str = "nca-trust-refresh";
/// The endpoint certificates are downloaded from.
pub const CERTIFICATES_ENDPOINT: &str = "nca-certificates";
/// The endpoint CRLs are downloaded from.
pub const CRLS_ENDPOINT: &str = "nca-crls";
/// The trust update's source.
pub const SOURCE: &str = "nca-rk";

/// A file to fetch: certificates are listed first, then CRLs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fetch {
    crl: bool,
    file: String,
}

/// The first step: fetch the first file.
pub fn start(context: &Context) -> Result<Step, ShepError> {
    let certificates = settings::file_list(context, NCA_CERTIFICATE_FILES)?;
    let crls = settings::file_list(context, NCA_CRL_FILES)?;
    let mut state = State::new();
    state
        .set("job", JOB)
        .set("started", context.now_unix_seconds.to_string())
        .set("certificates", certificates.join(","))
        .set("crls", crls.join(","))
        .set("index", "0");
    fetch(&state, 0, Vec::new())
}

/// The reply for file `index`: its trust update, with the request for the next file or `done`.
pub fn on_reply(state: &State, reply: &Reply) -> Result<Step, ShepError> {
    let index: usize = state.number("index")?;
    let files = files(state)?;
    let current = files.get(index).ok_or_else(|| StateError {
        reason: format!("index {index} is past the {} files", files.len()),
    })?;
    if reply.status != 200 {
        return Err(ShepError::Http {
            status: reply.status,
        });
    }
    let command = trust_update(current, &reply.body)?;
    if index + 1 == files.len() {
        return Ok(done(vec![command], Vec::new()));
    }
    let mut next = state.clone();
    next.set("index", (index + 1).to_string());
    fetch(&next, index + 1, vec![command])
}

fn fetch(state: &State, index: usize, commands: Vec<Command>) -> Result<Step, ShepError> {
    let files = files(state)?;
    let Some(target) = files.get(index) else {
        return Ok(done(commands, Vec::new()));
    };
    let endpoint = if target.crl {
        CRLS_ENDPOINT
    } else {
        CERTIFICATES_ENDPOINT
    };
    let key = format!("tanba-{JOB}-{}-{}", state.require("started")?, target.file);
    Ok(send(
        get(endpoint, &target.file, &key),
        commands,
        state.encode(),
    ))
}

fn files(state: &State) -> Result<Vec<Fetch>, ShepError> {
    let list = |key: &str, crl: bool| -> Result<Vec<Fetch>, ShepError> {
        Ok(state
            .require(key)?
            .split(',')
            .filter(|f| !f.is_empty())
            .map(|file| Fetch {
                crl,
                file: file.to_owned(),
            })
            .collect())
    };
    let mut files = list("certificates", false)?;
    files.extend(list("crls", true)?);
    Ok(files)
}

fn trust_update(fetch: &Fetch, body: &[u8]) -> Result<Command, ShepError> {
    let label = if fetch.crl { "X509 CRL" } else { "CERTIFICATE" };
    let der = der_from_pem_or_der(body, label).ok_or_else(|| ShepError::NcaFile {
        file: fetch.file.clone(),
    })?;
    let (certificates, crls) = if fetch.crl {
        (Vec::new(), vec![der])
    } else {
        (vec![der], Vec::new())
    };
    Ok(Command::UpdateTrustStore(TrustUpdate {
        source: SOURCE.to_owned(),
        certificates,
        crls,
    }))
}
