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
    let mut out = Vec::new();
    for bytes in read_files(dir, &EXTENSIONS)? {
        out.extend(Certificate::parse_all(&bytes)?);
    }
    Ok(out)
}

/// The contents of the files of `dir` (not recursive) whose extension is one of `extensions`
/// (any case), in file-name order.
pub(crate) fn read_files(dir: &Path, extensions: &[&str]) -> Result<Vec<Vec<u8>>, PkiError> {
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
                .is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| std::fs::read(&path).map_err(|e| read_error(&path, e)))
        .collect()
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
