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
    crate::key::check_range(&sig.r, &sig.s, &key.curve().q)?;
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

/// 0 < r, s < q of the key's curve was checked.
fn verifies(key: &PublicKey, digest: BigUint, sig: &Signature) -> bool {
    let curve = key.curve();
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
    use crate::point::Jacobian;

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

    /// GOST R 34.10-2012 appendix A.1 = RFC 7091 section 7.1, the 256-bit example, to the byte:
    /// its curve, key pair, digest e, nonce k and signature (r, s). The standard prints e as a
    /// number, so it is passed as little-endian bytes, the national digest order.
    #[test]
    fn the_standards_256_bit_example_verifies_and_signs_to_the_byte() {
        use crate::curve::test_param_set;
        let c = test_param_set();
        let h = |s: &str| BigUint::parse_bytes(s.as_bytes(), 16).expect("hex");
        let d = h("7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28");
        let qx = h("7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B");
        let qy = h("26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA");
        let e = h("2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5");
        let k = h("77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3");
        let r = h("41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493");
        let s = h("01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40");
        let le = |n: &BigUint| {
            let mut b = n.to_bytes_le();
            b.resize(32, 0);
            b
        };

        // Q = dG.
        let g = Jacobian::from_affine(&c.g);
        let q_point = g.mul(&d, c).to_affine(c).expect("finite");
        assert_eq!((&q_point.x, &q_point.y), (&qx, &qy));
        // Signing with the standard's k gives its r and s: r = x(kG) mod q, s = rd + ke mod q.
        let c_point = g.mul(&k, c).to_affine(c).expect("finite");
        assert_eq!(&c_point.x % &c.q, r);
        assert_eq!((&r * &d + &k * &e) % &c.q, s);

        let mut raw_key = le(&qx);
        raw_key.extend(le(&qy));
        let key = PublicKey::from_raw_on(Algorithm::Gost2015_256, c, &raw_key).expect("Q on curve");
        let mut raw_sig = le(&r);
        raw_sig.extend(le(&s));
        let sig = Signature::from_bytes_for(Algorithm::Gost2015_256, &raw_sig).expect("range");
        assert_eq!(verify_digest(&key, &le(&e), &sig), Ok(()));
        assert_eq!(sig.to_bytes(), raw_sig);
        let other = le(&(&e + 1u32));
        assert_eq!(
            verify_digest(&key, &other, &sig),
            Err(GostError::SignatureMismatch)
        );
    }

    /// A 256-bit signature made here on each 256-bit curve verifies under its key and not under
    /// the same key read on another curve's order (the curves share the algorithm, not q).
    #[test]
    fn every_256_bit_curve_verifies_its_own_signatures() {
        for c in crate::Curve::gost2015_256() {
            let d = BigUint::from(0x1234_5678_9abc_def0u64);
            let k = BigUint::from(0x0fed_cba9_8765_4321u64);
            let e = BigUint::from(0x5555_aaaa_u64) % &c.q;
            let g = Jacobian::from_affine(&c.g);
            let q_point = g.mul(&d, c).to_affine(c).expect("finite");
            let r = g.mul(&k, c).to_affine(c).expect("finite").x % &c.q;
            let s = (&r * &d + &k * &e) % &c.q;
            let le = |n: &BigUint| {
                let mut b = n.to_bytes_le();
                b.resize(32, 0);
                b
            };
            let mut raw_key = le(&q_point.x);
            raw_key.extend(le(&q_point.y));
            let key = PublicKey::from_raw_on(Algorithm::Gost2015_256, c, &raw_key).expect("Q");
            let mut raw_sig = le(&r);
            raw_sig.extend(le(&s));
            let sig = Signature::from_bytes_for(Algorithm::Gost2015_256, &raw_sig).expect("sig");
            assert_eq!(verify_digest(&key, &le(&e), &sig), Ok(()), "{}", c.name());
        }
    }
}
