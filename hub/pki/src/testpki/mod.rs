//! A generated test PKI for other crates' tests (cargo feature `testpki`; R16): a root CA, an
//! intermediate CA, a person, an organisation's head and employee, a revoked and an expired
//! certificate, one from a CA nobody trusts, and one issued by an end entity; a CRL of the
//! intermediate listing the revoked one; all on ECDSA P-256 keys, with the national subject
//! conventions (`SERIALNUMBER=IIN...`, `OU=BIN...`) and role OIDs. Plus builders of delta CRLs
//! ([`TestPki::delta_crl`]), CMS SignedData ([`signed_cms`], [`detached_cms`]) and enveloped
//! XMLDSig as NCALayer's `signXml` lays it out ([`enveloped_xml`], issue 6). And a GOST 34.10-2015
//! signer on the 256-bit curves with its own small PKI ([`GostTestPki`]), for the round trip
//! the national test PKI cannot give (its keys cannot sign here).
//!
//! Validity is fixed (CAs 2020..2050, leaves 2025..2045, the expired one 2020..2021), so tests
//! are deterministic: check at [`TestPki::at`] or at the current time. The identifiers pass the
//! check digit ([`PERSON_IIN`], [`ORG_BIN`]), so `CheckDigitPolicy::Strict` accepts them.

mod build;
mod cms;
mod crl;
mod gost;
mod ocsp;
mod xml;

use rcgen::{KeyPair, SigningKey};
use time::OffsetDateTime;

use crate::{Certificate, Crl, RevocationIndex, TrustStore};

pub use cms::{CmsOptions, SignerIdKind, TestSigner, detached_cms, signed_cms};
pub use gost::{GostCurve256, GostIdentity, GostKey256, GostTestPki};
pub use ocsp::{OcspReply, ocsp_response};
pub use xml::enveloped_xml;

/// The person's IIN (valid check digit).
pub const PERSON_IIN: &str = "061211600012";
/// The organisation head's IIN.
pub const HEAD_IIN: &str = "950101300036";
/// The organisation employee's IIN.
pub const EMPLOYEE_IIN: &str = "880502400017";
/// The organisation's BIN (valid check digit, legal entity).
pub const ORG_BIN: &str = "070140000015";

/// A certificate and its private key.
#[derive(Debug)]
pub struct TestIdentity {
    der: Vec<u8>,
    key: KeyPair,
}

impl TestIdentity {
    /// The certificate's DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate, parsed.
    pub fn certificate(&self) -> Certificate {
        Certificate::from_der(&self.der).expect("rcgen writes certificates x509-cert reads")
    }

    /// An ECDSA P-256 / SHA-256 signature (DER) of `message` with this identity's key.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.key
            .sign(message)
            .expect("ECDSA P-256 signing with ring")
    }

    /// The private key as PKCS#8 DER.
    pub fn key_pkcs8_der(&self) -> &[u8] {
        self.key.serialized_der()
    }
}

/// The whole generated PKI.
#[derive(Debug)]
pub struct TestPki {
    /// Self-signed root CA.
    pub root: TestIdentity,
    /// Intermediate CA under the root; issues every leaf and the CRL.
    pub intermediate: TestIdentity,
    /// A person: `SERIALNUMBER=IIN`[`PERSON_IIN`], role individual.
    pub person: TestIdentity,
    /// The organisation's head: `OU=BIN`[`ORG_BIN`], roles organisation and head.
    pub org_head: TestIdentity,
    /// An employee of the organisation: roles organisation and employee.
    pub org_employee: TestIdentity,
    /// A person whose certificate the CRL lists (keyCompromise, 2025-05-01).
    pub revoked: TestIdentity,
    /// A person whose certificate ended 2021-01-01.
    pub expired: TestIdentity,
    /// A root nobody's trust store holds.
    pub foreign_root: TestIdentity,
    /// A person certified by [`TestPki::foreign_root`].
    pub foreign: TestIdentity,
    /// A certificate "issued" by [`TestPki::person`], which is no CA.
    pub issued_by_leaf: TestIdentity,
    /// A responder the intermediate certified for OCSP signing (id-kp-OCSPSigning).
    pub ocsp_responder: TestIdentity,
    /// The intermediate's complete CRL (number 1, 2025-06-01 .. 2045-01-01).
    pub crl: Vec<u8>,
}

impl TestPki {
    /// Generates fresh keys and certificates (a few milliseconds).
    pub fn generate() -> Result<TestPki, rcgen::Error> {
        build::generate()
    }

    /// A time at which everything but the expired certificate is valid: 2026-01-01 UTC.
    pub fn at() -> OffsetDateTime {
        build::date(2026, 1, 1)
    }

    /// A store trusting the root, with the intermediate known.
    pub fn trust_store(&self) -> TrustStore {
        let mut store = TrustStore::new();
        store.add_root(self.root.certificate());
        store.add_intermediate(self.intermediate.certificate());
        store
    }

    /// An index holding the intermediate's CRL.
    pub fn revocation_index(&self) -> RevocationIndex {
        let mut index = RevocationIndex::new();
        let crl = Crl::from_der(&self.crl).expect("rcgen writes CRLs x509-cert reads");
        index
            .add(crl, &self.trust_store())
            .expect("the intermediate signed the CRL");
        index
    }
}
