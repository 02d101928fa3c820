//! The one error type of the crate.

use der::asn1::ObjectIdentifier;
use thiserror::Error;

/// Why a key or signature was refused, or why a signature does not verify.
///
/// Every variant has a stable machine code ([`GostError::code`]) for the API layer, which picks
/// the text a person reads (kk/ru/en); the `Display` text here is for logs.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GostError {
    /// The raw public key does not have the length the curve needs (X||Y).
    #[error("GOST public key must be {expected} bytes (X||Y), got {actual}")]
    KeyLength {
        /// Bytes the curve needs.
        expected: usize,
        /// Bytes given.
        actual: usize,
    },
    /// The public key's coordinates are not a point of the curve (or not field elements).
    #[error("GOST public key is not a point of the curve")]
    PointNotOnCurve,
    /// The raw signature does not have the length the curve needs (r||s).
    #[error("GOST signature must be {expected} bytes (r||s), got {actual}")]
    SignatureLength {
        /// Bytes the curve needs.
        expected: usize,
        /// Bytes given.
        actual: usize,
    },
    /// r is 0 or not below the group order q.
    #[error("GOST signature value r is out of range (must be 0 < r < q)")]
    ROutOfRange,
    /// s is 0 or not below the group order q.
    #[error("GOST signature value s is out of range (must be 0 < s < q)")]
    SOutOfRange,
    /// The signature is well formed but was not made by this key over this digest.
    #[error("GOST signature does not match the key and the signed data")]
    SignatureMismatch,
    /// The digest given to `verify_digest` does not have the length of the key's hash.
    #[error("digest must be {expected} bytes for this key, got {actual}")]
    DigestLength {
        /// Bytes the key's hash produces.
        expected: usize,
        /// Bytes given.
        actual: usize,
    },
    /// The key and the signature belong to different algorithms (e.g. a 2004 key, a 2015
    /// signature).
    #[error("GOST key and signature are of different algorithms")]
    AlgorithmMismatch,
    /// The SubjectPublicKeyInfo (or the OCTET STRING inside its BIT STRING) is not valid DER.
    #[error("malformed SubjectPublicKeyInfo: {0}")]
    MalformedSpki(#[from] der::Error),
    /// The SubjectPublicKeyInfo names a key algorithm this crate does not verify.
    #[error("unsupported public key algorithm {oid}")]
    UnsupportedKeyAlgorithm {
        /// The algorithm OID found.
        oid: ObjectIdentifier,
    },
    /// The key parameters name no curve, one this crate does not know, or one that does not go
    /// with the key algorithm.
    #[error("unsupported GOST curve {oid:?}")]
    UnsupportedCurve {
        /// The curve OID found, if the parameters held one.
        oid: Option<ObjectIdentifier>,
    },
}

impl GostError {
    /// A stable code for this kind of error, for machines and for choosing translated text.
    pub fn code(&self) -> &'static str {
        match self {
            Self::KeyLength { .. } => "GOST_KEY_LENGTH",
            Self::PointNotOnCurve => "GOST_POINT_NOT_ON_CURVE",
            Self::SignatureLength { .. } => "GOST_SIGNATURE_LENGTH",
            Self::ROutOfRange => "GOST_R_OUT_OF_RANGE",
            Self::SOutOfRange => "GOST_S_OUT_OF_RANGE",
            Self::SignatureMismatch => "GOST_SIGNATURE_MISMATCH",
            Self::DigestLength { .. } => "GOST_DIGEST_LENGTH",
            Self::AlgorithmMismatch => "GOST_ALGORITHM_MISMATCH",
            Self::MalformedSpki(_) => "GOST_MALFORMED_SPKI",
            Self::UnsupportedKeyAlgorithm { .. } => "GOST_UNSUPPORTED_KEY_ALGORITHM",
            Self::UnsupportedCurve { .. } => "GOST_UNSUPPORTED_CURVE",
        }
    }
}
