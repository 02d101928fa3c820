//! The only IO of the crate: reading certificate files from a folder into a [`TrustStore`].
//! Verification itself never touches files or clocks.

use std::path::Path;

use crate::cert::Certificate;
use crate::error::PkiError;
use crate::trust::TrustStore;

const EXTENSIONS: [&str; 4] = ["cer", "crt", "der", "pem"];

/// Every certificate in the `.cer`, `.crt`, `.der` and `.pem` files of `dir` (not recursive),
/// in file-name order.
pub fn read_certificates(dir: &Path) -> Result<Vec<Certificate>, PkiError> {
    let read_error = |path: &Path, e: std::io::Error| PkiError::Read {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| read_error(dir, e))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| read_error(&path, e))?;
        out.extend(Certificate::parse_all(&bytes)?);
    }
    Ok(out)
}

/// A trust store from a folder of CA certificates: self-issued ones become roots, the others
/// intermediates. Put only CA certificates you trust in that folder.
pub fn load_trust_store(dir: &Path) -> Result<TrustStore, PkiError> {
    let mut store = TrustStore::new();
    for cert in read_certificates(dir)? {
        if cert.is_self_issued() {
            store.add_root(cert);
        } else {
            store.add_intermediate(cert);
        }
    }
    Ok(store)
}
