//! The national GOST algorithms through `tanba-gost` (no GOST 34.10 crate on crates.io is fit
//! for use, GOVERNMENT.md): GOST 34.10-2015 (512 and 256) and GOST 34.310-2004 in the national
//! byte order.

use spki::AlgorithmIdentifierOwned;
use tanba_gost::{Algorithm, GostError, PublicKey, Signature};

use super::{SignatureVerifier, bad_signature, key_mismatch, unsupported};
use crate::error::{Object, PkiError};

/// GOST 34.10-2015 (512 and 256) and GOST 34.310-2004 with the national conventions.
#[derive(Debug, Clone, Copy, Default)]
pub struct GostVerifier;

impl SignatureVerifier for GostVerifier {
    fn verify(
        &self,
        spki_der: &[u8],
        algorithm: &AlgorithmIdentifierOwned,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), PkiError> {
        let alg = Algorithm::from_signature_oid(&algorithm.oid)
            .ok_or_else(|| unsupported(&algorithm.oid))?;
        let key = PublicKey::from_spki_der(spki_der).map_err(|e| key_error(e, algorithm))?;
        if key.algorithm() != alg {
            return Err(key_mismatch(&key.algorithm().key_oid(), &algorithm.oid));
        }
        let sig = Signature::from_bytes_for(alg, signature)
            .map_err(|e| PkiError::malformed(Object::Signature, e))?;
        tanba_gost::verify(&key, message, &sig).map_err(|e| match e {
            GostError::SignatureMismatch => bad_signature(),
            other => PkiError::malformed(Object::Signature, other),
        })
    }
}

fn key_error(e: GostError, algorithm: &AlgorithmIdentifierOwned) -> PkiError {
    match e {
        GostError::UnsupportedKeyAlgorithm { oid } => key_mismatch(&oid, &algorithm.oid),
        GostError::UnsupportedCurve { oid: Some(oid) } => PkiError::UnsupportedAlgorithm {
            object: Object::PublicKey,
            oid: oid.to_string(),
        },
        other => PkiError::malformed(Object::PublicKey, other),
    }
}
