//! Signature verification behind one trait (R16): RSA PKCS#1 v1.5 and ECDSA through `ring`,
//! the national GOST algorithms through `tanba-gost`. [`verify_signature`] picks the verifier
//! by the signature algorithm OID; an algorithm nobody implements is
//! [`PkiError::UnsupportedAlgorithm`].

mod gost;
mod pkix;

use der::asn1::ObjectIdentifier;
use spki::AlgorithmIdentifierOwned;

use crate::error::{Object, PkiError};
use crate::oid;

pub use gost::GostVerifier;
pub use pkix::{EcdsaVerifier, RsaPkcs1Verifier};

/// Checks a signature: the signer's SubjectPublicKeyInfo (DER), the signature algorithm (OID
/// and parameters), the signed bytes and the signature bytes. `Ok(())` means valid.
pub trait SignatureVerifier {
    /// Verifies `signature` over `message` with the key in `spki_der`.
    fn verify(
        &self,
        spki_der: &[u8],
        algorithm: &AlgorithmIdentifierOwned,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), PkiError>;
}

/// The signature algorithms this crate verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// sha256WithRSAEncryption.
    RsaPkcs1Sha256,
    /// sha384WithRSAEncryption.
    RsaPkcs1Sha384,
    /// sha512WithRSAEncryption.
    RsaPkcs1Sha512,
    /// ecdsa-with-SHA256 (P-256 or P-384 key).
    EcdsaSha256,
    /// ecdsa-with-SHA384 (P-256 or P-384 key).
    EcdsaSha384,
    /// GOST 34.10-2015 (512) with Streebog-512, 1.2.398.3.10.1.1.2.3.2.
    Gost2015_512,
    /// GOST 34.10-2015 (256) with Streebog-256, 1.2.398.3.10.1.1.2.3.1.
    Gost2015_256,
    /// GOST 34.310-2004 with GOST 34.311-95, 1.2.398.3.10.1.1.1.2.
    Gost34310_2004,
}

impl SignatureAlgorithm {
    const ALL: [SignatureAlgorithm; 8] = [
        SignatureAlgorithm::RsaPkcs1Sha256,
        SignatureAlgorithm::RsaPkcs1Sha384,
        SignatureAlgorithm::RsaPkcs1Sha512,
        SignatureAlgorithm::EcdsaSha256,
        SignatureAlgorithm::EcdsaSha384,
        SignatureAlgorithm::Gost2015_512,
        SignatureAlgorithm::Gost2015_256,
        SignatureAlgorithm::Gost34310_2004,
    ];

    /// The algorithm a signatureAlgorithm OID names, if supported.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<SignatureAlgorithm> {
        Self::ALL.into_iter().find(|a| a.oid() == *oid)
    }

    /// Its signatureAlgorithm OID.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            SignatureAlgorithm::RsaPkcs1Sha256 => oid::SHA256_WITH_RSA,
            SignatureAlgorithm::RsaPkcs1Sha384 => oid::SHA384_WITH_RSA,
            SignatureAlgorithm::RsaPkcs1Sha512 => oid::SHA512_WITH_RSA,
            SignatureAlgorithm::EcdsaSha256 => oid::ECDSA_SHA256,
            SignatureAlgorithm::EcdsaSha384 => oid::ECDSA_SHA384,
            SignatureAlgorithm::Gost2015_512 => tanba_gost::OID_KZ_GOST2015_512_SIGNATURE,
            SignatureAlgorithm::Gost2015_256 => tanba_gost::OID_KZ_GOST2015_256_SIGNATURE,
            SignatureAlgorithm::Gost34310_2004 => tanba_gost::OID_KZ_GOST2004_SIGNATURE,
        }
    }

    /// The verifier that handles it.
    pub fn verifier(self) -> &'static dyn SignatureVerifier {
        match self {
            SignatureAlgorithm::RsaPkcs1Sha256
            | SignatureAlgorithm::RsaPkcs1Sha384
            | SignatureAlgorithm::RsaPkcs1Sha512 => &RsaPkcs1Verifier,
            SignatureAlgorithm::EcdsaSha256 | SignatureAlgorithm::EcdsaSha384 => &EcdsaVerifier,
            SignatureAlgorithm::Gost2015_512
            | SignatureAlgorithm::Gost2015_256
            | SignatureAlgorithm::Gost34310_2004 => &GostVerifier,
        }
    }
}

/// Verifies with the verifier the algorithm OID names.
pub fn verify_signature(
    spki_der: &[u8],
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<(), PkiError> {
    let alg =
        SignatureAlgorithm::from_oid(&algorithm.oid).ok_or_else(|| unsupported(&algorithm.oid))?;
    alg.verifier()
        .verify(spki_der, algorithm, message, signature)
}

pub(crate) fn unsupported(oid: &ObjectIdentifier) -> PkiError {
    PkiError::UnsupportedAlgorithm {
        object: Object::Signature,
        oid: oid.to_string(),
    }
}

pub(crate) fn bad_signature() -> PkiError {
    PkiError::BadSignature {
        object: Object::Signature,
        name: String::new(),
    }
}

pub(crate) fn key_mismatch(key: &ObjectIdentifier, signature: &ObjectIdentifier) -> PkiError {
    PkiError::KeyAlgorithmMismatch {
        key: key.to_string(),
        signature: signature.to_string(),
    }
}
