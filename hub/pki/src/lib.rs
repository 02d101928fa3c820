//! Tanba's PKI layer, requirement R16 of `REQUIREMENTS.md` ("use of electronic digital
//! signatures from certifying centres accredited in Kazakhstan ... to identify and authenticate
//! users and for document flow"), issue 6.
//!
//! **What it is for:** turning certificate, CRL and signature bytes into verdicts, with the
//! time of the check always given by the caller:
//!
//! - [`Certificate`]: X.509 parsed once: subject and issuer [`Name`]s with Kazakh/Cyrillic text,
//!   the holder's [`tanba_domain::Iin`] (`SERIALNUMBER=IIN...`) and [`tanba_domain::Bin`]
//!   (`OU=BIN...`) under a caller-chosen [`tanba_domain::CheckDigitPolicy`], validity, key
//!   usage, roles from extended key usage ([`Role`]), policies, basicConstraints, algorithms,
//!   SHA-256 fingerprint;
//! - [`SignatureVerifier`] and [`verify_signature`]: RSA PKCS#1 v1.5 (SHA-256/384/512), ECDSA
//!   (P-256/P-384), GOST 34.10-2015 (512 and 256) and GOST 34.310-2004, chosen by OID;
//! - [`TrustStore`]: roots and intermediates, and [`TrustStore::validate`] building and checking
//!   the path to a [`ValidatedChain`];
//! - [`Crl`] and [`RevocationIndex`]: signed, fresh, complete and delta CRLs answering whether a
//!   certificate was revoked at a time, and by which CRL;
//! - [`SignedData`] / [`verify_cms`]: CMS SignedData, attached or detached;
//! - [`verify_xmldsig`] / [`Pki::verify_signed_xml`]: enveloped XMLDSig as NCALayer's `signXml`
//!   writes it (issue 6), with inclusive and exclusive C14N ([`C14nMethod`]);
//! - [`PkiError`]: one error type, each case with a stable code and a kk/ru/en message
//!   (`hub/i18n/locales/*/pki.ftl`);
//! - `testpki` (cargo feature `testpki`): a generated ECDSA P-256 PKI for other crates' tests,
//!   and a GOST 34.10-2015 256-bit signer with its own small PKI (`testpki::GostTestPki`) for
//!   the round trip the national test PKI cannot give; never in production builds;
//! - [`Pki::admit_crl`] / [`Pki::admit_ca_certificate`]: whether a CRL or CA certificate
//!   fetched or delivered while the hub runs may join the PKI ([`TrustItem`]), and
//!   [`Pki::load_with`] / [`PkiFolders::set_cached`] for a PKI of folders plus such items.
//!
//! **What it is not for:** fetching CRLs, storing trust items, asking OCSP responders, time-stamp tokens (RFC 3161 tokens in unsigned
//! attributes are ignored, not checked), signing with real keys, key storage, XML signatures
//! other than one enveloped signature over the whole document (XAdES, detached or enveloping
//! XMLDSig, references by Id). No async; the only IO is [`load_trust_store`] /
//! [`read_certificates`], kept apart from verification.
//!
//! **Crates, and why.** `x509-cert` 0.2, `cms` 0.2, `der`/`spki` 0.7 (RustCrypto): typed
//! ASN.1, the generation `tanba-gost` and `tokio-postgres-rustls` already use, so nothing new
//! is built for X.509; exact signed bytes are still cut from the original DER
//! ([`der_raw`](self)) because decoding sorts SET OF. `ring` 0.17: RSA and ECDSA verification
//! and SHA-2, already compiled for rustls, audited, and it takes key bytes straight from the
//! certificate. `tanba-gost`: the national GOST algorithms (no crates.io crate fits).
//! `time`: UTC `OffsetDateTime` as STYLE.md asks, already in the graph. `roxmltree` 0.21:
//! the XML tree XMLDSig is checked on (why, and why C14N is our own: `xmldsig/mod.rs`,
//! `xmldsig/c14n.rs`); `base64` 0.22, already in the workspace. `rcgen` 0.14 (feature
//! `testpki` only): the workspace's certificate generator.

mod admit;
mod cert;
mod cert_ext;
mod cms;
mod crl;
mod der_raw;
mod digest;
mod error;
mod folders;
mod key_usage;
mod load;
mod name;
mod ocsp;
mod oid;
mod pem;
mod pki;
mod revocation;
mod role;
mod trust;
mod verify;
mod when;
mod xmldsig;

#[cfg(feature = "testpki")]
pub mod testpki;

pub use admit::{CachedItems, TrustItem, TrustItemKind};
pub use cert::Certificate;
pub use cert_ext::BasicConstraints;
pub use cms::{SignedData, VerifiedSigner, verify_cms};
pub use crl::{Crl, RevocationReason, RevokedEntry};
pub use der::asn1::ObjectIdentifier;
pub use digest::DigestAlgorithm;
pub use error::{Object, PkiError};
pub use folders::PkiFolders;
pub use key_usage::{KeyUsage, KeyUsageBit};
pub use load::{load_trust_store, read_certificates};
pub use name::Name;
pub use ocsp::{OcspAnswer, OcspCheck, OcspQuery};
pub use oid::NCA_POLICY;
pub use pki::Pki;
pub use revocation::{RevocationIndex, RevocationScope, RevocationStatus};
pub use role::{Role, may_act};
pub use spki::AlgorithmIdentifierOwned;
pub use trust::{TrustStore, ValidatedChain};
pub use verify::{
    EcdsaVerifier, GostVerifier, RsaPkcs1Verifier, SignatureAlgorithm, SignatureVerifier,
    verify_signature,
};
pub use when::format_utc;
pub use xmldsig::wss::{SigningIdentity, VerifiedSoap, sign_soap_body, verify_soap_body};
pub use xmldsig::{C14nMethod, VerifiedXml, verify_xmldsig};
