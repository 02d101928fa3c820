//! The verification equation of GOST R 34.10-2012/2015 (section 6.2 of the standard), which is
//! also that of GOST R 34.10-2001 and so of the Kazakh GOST 34.310-2004.

use num_bigint::BigUint;
use num_traits::Zero;

use crate::error::GostError;
use crate::key::{PublicKey, Signature};
use crate::point::Jacobian;

/// Checks `sig` over a digest that the caller computed with the key's hash (64 bytes of
/// Streebog-512 for GOST 2015 keys, 32 bytes of GOST 34.311-95 for GOST 2004 keys).
///
/// The digest is given in the hash function's normal output byte order (as a CMS messageDigest
/// attribute holds it); following the national convention it is read as a little-endian
/// integer. `Ok(())` means the signature is valid; anything else is an error saying why not.
pub fn verify_digest(key: &PublicKey, digest: &[u8], sig: &Signature) -> Result<(), GostError> {
    let algorithm = key.algorithm();
    if sig.algorithm() != algorithm {
        return Err(GostError::AlgorithmMismatch);
    }
    if digest.len() != algorithm.digest_len() {
        return Err(GostError::DigestLength {
            expected: algorithm.digest_len(),
            actual: digest.len(),
        });
    }
    let e = BigUint::from_bytes_le(digest);
    if verifies(key, e, sig) {
        Ok(())
    } else {
        Err(GostError::SignatureMismatch)
    }
}

/// Hashes `message` with the key's hash and checks `sig` over it (see [`verify_digest`]).
pub fn verify(key: &PublicKey, message: &[u8], sig: &Signature) -> Result<(), GostError> {
    verify_digest(key, &key.algorithm().digest(message), sig)
}

/// 0 < r, s < q holds by construction of [`Signature`].
fn verifies(key: &PublicKey, digest: BigUint, sig: &Signature) -> bool {
    let curve = key.algorithm().curve();
    let q = &curve.q;
    // The standard: e = digest mod q, and if e = 0 then e = 1.
    let e = digest % q;
    let e = if e.is_zero() { BigUint::from(1u32) } else { e };
    // v = e^-1 mod q (q is prime).
    let v = e.modpow(&(q - 2u32), q);
    let z1 = (&sig.s * &v) % q;
    let z2 = (q - (&sig.r * &v) % q) % q;
    let c = Jacobian::mul_add(
        &z1,
        &Jacobian::from_affine(&curve.g),
        &z2,
        &Jacobian::from_affine(key.point()),
        curve,
    );
    match c.to_affine(curve) {
        Some(point) => point.x % q == sig.r,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;

    #[test]
    fn a_2004_signature_is_not_checked_with_a_2015_key() {
        let c = Algorithm::Gost2015_512.curve();
        let mut raw = c.g.x.to_bytes_le();
        raw.resize(64, 0);
        let mut y = c.g.y.to_bytes_le();
        y.resize(64, 0);
        raw.extend(y);
        let key = PublicKey::from_raw(&raw).expect("G");
        let sig =
            Signature::from_bytes_for(Algorithm::Gost34310_2004, &[1u8; 64]).expect("in range");
        assert_eq!(verify(&key, b"x", &sig), Err(GostError::AlgorithmMismatch));
        let sig = Signature::from_bytes(&[1u8; 128]).expect("in range");
        assert_eq!(
            verify_digest(&key, &[0u8; 32], &sig),
            Err(GostError::DigestLength {
                expected: 64,
                actual: 32
            })
        );
    }
}
