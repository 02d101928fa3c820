//! RSA PKCS#1 v1.5 and ECDSA through `ring`: it is already built for rustls in this workspace,
//! its verifiers are audited and constant-interface, and it takes the raw key bytes straight
//! from the SubjectPublicKeyInfo BIT STRING.

use der::Decode;
use der::asn1::ObjectIdentifier;
use ring::signature::{self as rs, UnparsedPublicKey, VerificationAlgorithm};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoRef};

use super::{SignatureVerifier, bad_signature, key_mismatch, unsupported};
use crate::error::{Object, PkiError};
use crate::oid;

/// RSA PKCS#1 v1.5 with SHA-256/384/512 (keys of 2048 to 8192 bits).
#[derive(Debug, Clone, Copy, Default)]
pub struct RsaPkcs1Verifier;

/// ECDSA on P-256 or P-384 with SHA-256 or SHA-384, DER (r, s) signatures.
#[derive(Debug, Clone, Copy, Default)]
pub struct EcdsaVerifier;

impl SignatureVerifier for RsaPkcs1Verifier {
    fn verify(
        &self,
        spki_der: &[u8],
        algorithm: &AlgorithmIdentifierOwned,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), PkiError> {
        let (key_oid, _, key) = key_parts(spki_der)?;
        if key_oid != oid::RSA_ENCRYPTION {
            return Err(key_mismatch(&key_oid, &algorithm.oid));
        }
        let alg: &'static dyn VerificationAlgorithm = match algorithm.oid {
            o if o == oid::SHA256_WITH_RSA => &rs::RSA_PKCS1_2048_8192_SHA256,
            o if o == oid::SHA384_WITH_RSA => &rs::RSA_PKCS1_2048_8192_SHA384,
            o if o == oid::SHA512_WITH_RSA => &rs::RSA_PKCS1_2048_8192_SHA512,
            other => return Err(unsupported(&other)),
        };
        check(alg, &key, message, signature)
    }
}

impl SignatureVerifier for EcdsaVerifier {
    fn verify(
        &self,
        spki_der: &[u8],
        algorithm: &AlgorithmIdentifierOwned,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), PkiError> {
        let (key_oid, curve, key) = key_parts(spki_der)?;
        if key_oid != oid::EC_PUBLIC_KEY {
            return Err(key_mismatch(&key_oid, &algorithm.oid));
        }
        let curve = curve.ok_or_else(|| PkiError::malformed(Object::PublicKey, "no curve"))?;
        let sha256 = algorithm.oid == oid::ECDSA_SHA256;
        if !sha256 && algorithm.oid != oid::ECDSA_SHA384 {
            return Err(unsupported(&algorithm.oid));
        }
        let alg: &'static dyn VerificationAlgorithm = match (curve, sha256) {
            (c, true) if c == oid::CURVE_P256 => &rs::ECDSA_P256_SHA256_ASN1,
            (c, false) if c == oid::CURVE_P256 => &rs::ECDSA_P256_SHA384_ASN1,
            (c, true) if c == oid::CURVE_P384 => &rs::ECDSA_P384_SHA256_ASN1,
            (c, false) if c == oid::CURVE_P384 => &rs::ECDSA_P384_SHA384_ASN1,
            (other, _) => return Err(unsupported(&other)),
        };
        check(alg, &key, message, signature)
    }
}

fn check(
    alg: &'static dyn VerificationAlgorithm,
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), PkiError> {
    UnparsedPublicKey::new(alg, key)
        .verify(message, signature)
        .map_err(|_| bad_signature())
}

/// Key algorithm OID, the parameters as an OID if they are one (the EC curve), the key bytes.
fn key_parts(
    spki_der: &[u8],
) -> Result<(ObjectIdentifier, Option<ObjectIdentifier>, Vec<u8>), PkiError> {
    let spki = SubjectPublicKeyInfoRef::from_der(spki_der)
        .map_err(|e| PkiError::malformed(Object::PublicKey, e))?;
    let params = spki
        .algorithm
        .parameters
        .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
    let key = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| PkiError::malformed(Object::PublicKey, "BIT STRING with unused bits"))?;
    Ok((spki.algorithm.oid, params, key.to_vec()))
}
