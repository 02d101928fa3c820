//! The trust store and CRLs as folders that change while the hub runs (issue 6: "reloadable
//! without restart"; "a revoked certificate is refused from the moment the CRL that lists it is
//! loaded"). [`PkiFolders`] holds the current [`Pki`] behind an atomic pointer: a check reads a
//! snapshot, a reload swaps in a new one whole, so no check ever sees half a trust store. A
//! reload that fails (a broken file) keeps the previous PKI and reports why. Items admitted
//! while the hub runs and kept in its database join the folders through
//! [`PkiFolders::set_cached`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use arc_swap::ArcSwap;
use der::asn1::ObjectIdentifier;

use crate::{CachedItems, Pki, PkiError};

/// What the folders held when they were last read: file names, sizes and modification times.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The PKI of a trust folder and a CRL folder, reloaded when they change.
pub struct PkiFolders {
    trust_dir: PathBuf,
    crl_dir: Option<PathBuf>,
    current: ArcSwap<Pki>,
    seen: Mutex<Fingerprint>,
    cached: Mutex<CachedItems>,
    required_policies: Vec<ObjectIdentifier>,
}

impl PkiFolders {
    /// Loads both folders ([`Pki::load`]).
    pub fn load(trust_dir: &Path, crl_dir: Option<&Path>) -> Result<PkiFolders, PkiError> {
        let seen = fingerprint(trust_dir, crl_dir);
        let pki = Pki::load(trust_dir, crl_dir)?;
        Ok(PkiFolders {
            trust_dir: trust_dir.to_owned(),
            crl_dir: crl_dir.map(Path::to_owned),
            current: ArcSwap::from_pointee(pki),
            seen: Mutex::new(seen),
            cached: Mutex::new(CachedItems::default()),
            required_policies: Vec::new(),
        })
    }

    /// The same folders, their PKI accepting signers only under `policies` (see
    /// [`Pki::with_required_policies`]), on every reload too.
    pub fn with_required_policies(
        mut self,
        policies: Vec<ObjectIdentifier>,
    ) -> Result<PkiFolders, PkiError> {
        self.required_policies = policies;
        let cached = self
            .cached
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let (pki, _) = self.build(&cached)?;
        self.current = ArcSwap::from_pointee(pki);
        Ok(self)
    }

    /// The PKI of the folders plus `items` ([`Pki::load_with`]) under the required policies.
    fn build(&self, items: &CachedItems) -> Result<(Pki, Vec<PkiError>), PkiError> {
        let (pki, left_out) = Pki::load_with(&self.trust_dir, self.crl_dir.as_deref(), items)?;
        Ok((
            pki.with_required_policies(self.required_policies.clone()),
            left_out,
        ))
    }

    /// The PKI as loaded last.
    pub fn current(&self) -> Arc<Pki> {
        self.current.load_full()
    }

    /// Reloads both folders if a file was added, removed or changed since they were read;
    /// `Ok(true)` when a new PKI is in use. On an error the previous PKI stays.
    pub fn reload_if_changed(&self) -> Result<bool, PkiError> {
        let now = fingerprint(&self.trust_dir, self.crl_dir.as_deref());
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if *seen == now {
            return Ok(false);
        }
        // Remember this state even if it fails to load: the same broken files are reported
        // once, not on every poll; the next change is tried again.
        *seen = now;
        drop(seen);
        let cached = self
            .cached
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let (pki, _) = self.build(&cached)?;
        self.current.store(Arc::new(pki));
        Ok(true)
    }

    /// The PKI of the folders, the cached items and `extra` items (admitted earlier in a batch
    /// not yet stored), to check the next item of that batch against.
    pub fn with_extra(&self, extra: &CachedItems) -> Result<Pki, PkiError> {
        let mut items = self
            .cached
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        items
            .ca_certificates
            .extend(extra.ca_certificates.iter().cloned());
        items.crls.extend(extra.crls.iter().cloned());
        Ok(self.build(&items)?.0)
    }

    /// Replaces the items kept outside the folders (the hub's database cache) and rebuilds
    /// the PKI from the folders plus them ([`Pki::load_with`]), so that a CRL stored on any
    /// node revokes from then on. Returns why any item was left out; on an error the previous
    /// PKI stays.
    pub fn set_cached(&self, items: CachedItems) -> Result<Vec<PkiError>, PkiError> {
        let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
        let (pki, left_out) = self.build(&items)?;
        *cached = items;
        self.current.store(Arc::new(pki));
        Ok(left_out)
    }
}

fn fingerprint(trust_dir: &Path, crl_dir: Option<&Path>) -> Fingerprint {
    let mut files: Fingerprint = [Some(trust_dir), crl_dir]
        .into_iter()
        .flatten()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            Some((entry.path(), meta.len(), meta.modified().ok()))
        })
        .collect();
    files.sort();
    files
}

#[cfg(all(test, feature = "testpki"))]
mod tests {
    use super::*;
    use crate::testpki::TestPki;

    #[test]
    fn a_crl_added_to_the_folder_revokes_after_the_reload_and_a_broken_one_keeps_the_old() {
        let pki = TestPki::generate().expect("a test PKI");
        let dir = std::env::temp_dir().join(format!("tanba-pki-folders-{}", std::process::id()));
        let (ca, crl) = (dir.join("ca"), dir.join("crl"));
        std::fs::create_dir_all(&ca).expect("ca");
        std::fs::create_dir_all(&crl).expect("crl");
        std::fs::write(ca.join("root.der"), pki.root.der()).expect("root");
        std::fs::write(ca.join("intermediate.der"), pki.intermediate.der()).expect("int");
        std::fs::write(crl.join("base.crl"), &pki.crl).expect("crl");
        let folders = PkiFolders::load(&ca, Some(&crl)).expect("loads");
        let head = pki.org_head.certificate();
        let check = |f: &PkiFolders| f.current().trust_signer(&head, TestPki::at());
        assert!(check(&folders).is_ok());
        assert!(!folders.reload_if_changed().expect("nothing changed"));

        let delta = pki
            .delta_crl(2, 1, &[&pki.org_head], &[])
            .expect("a delta CRL");
        std::fs::write(crl.join("delta.crl"), delta).expect("delta");
        assert!(folders.reload_if_changed().expect("reloads"));
        assert_eq!(check(&folders).expect_err("revoked").code(), "PKI_REVOKED");

        std::fs::write(crl.join("broken.crl"), b"not a CRL").expect("broken");
        assert!(
            folders.reload_if_changed().is_err(),
            "the broken file is reported"
        );
        assert_eq!(
            check(&folders).expect_err("still revoked").code(),
            "PKI_REVOKED",
            "the previous PKI stays in use"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
