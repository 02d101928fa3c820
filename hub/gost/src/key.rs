//! Public keys and signatures in the byte layout of the national provider.
//!
//! Both are parsed once, into values that are known to be usable: a [`PublicKey`] is a point of
//! the curve, a [`Signature`] has 0 < r, s < q. Nothing else in the crate sees raw bytes.

use der::Decode;
use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use num_bigint::BigUint;
use num_traits::Zero;
use spki::SubjectPublicKeyInfoRef;

use crate::algorithm::Algorithm;
use crate::curve::Curve;
use crate::error::GostError;
use crate::point::Affine;

/// A GOST public key: a point Q of its algorithm's curve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    algorithm: Algorithm,
    curve: &'static Curve,
    point: Affine,
}

impl PublicKey {
    /// A GOST 34.10-2015 key on the 512-bit curve from its raw form: X||Y, 64 bytes each,
    /// little-endian (the content of the OCTET STRING inside the certificate's BIT STRING).
    pub fn from_raw(bytes: &[u8]) -> Result<Self, GostError> {
        Self::from_raw_for(Algorithm::Gost2015_512, bytes)
    }

    /// A key of `algorithm` from its raw little-endian X||Y form (32 bytes each for
    /// GOST 34.310-2004).
    pub fn from_raw_for(algorithm: Algorithm, bytes: &[u8]) -> Result<Self, GostError> {
        Self::from_raw_on(algorithm, algorithm.curve(), bytes)
    }

    /// A key of `algorithm` on `curve` (one of [`Algorithm::curves`]) from its raw
    /// little-endian X||Y form: 256-bit GOST 2015 keys may be on several curves.
    pub fn from_raw_on(
        algorithm: Algorithm,
        curve: &'static Curve,
        bytes: &[u8],
    ) -> Result<Self, GostError> {
        if bytes.len() != 2 * curve.len {
            return Err(GostError::KeyLength {
                expected: 2 * curve.len,
                actual: bytes.len(),
            });
        }
        let (x, y) = bytes.split_at(curve.len);
        let point = Affine {
            x: BigUint::from_bytes_le(x),
            y: BigUint::from_bytes_le(y),
        };
        if !curve.contains(&point) {
            return Err(GostError::PointNotOnCurve);
        }
        Ok(Self {
            algorithm,
            curve,
            point,
        })
    }

    /// A key from a DER SubjectPublicKeyInfo: the national GOST 2015 key (1.2.398.3.10.1.1.2.2)
    /// or GOST 2004 key (1.2.398.3.10.1.1.1.1), with parameters SEQUENCE { curve OID, hash OID }
    /// naming a curve of that algorithm. A GOST 2015 key is 512- or 256-bit as its curve is.
    pub fn from_spki_der(spki_der: &[u8]) -> Result<Self, GostError> {
        let spki = SubjectPublicKeyInfoRef::from_der(spki_der)?;
        let candidates: Vec<Algorithm> = [
            Algorithm::Gost2015_512,
            Algorithm::Gost2015_256,
            Algorithm::Gost34310_2004,
        ]
        .into_iter()
        .filter(|alg| alg.key_oid() == spki.algorithm.oid)
        .collect();
        if candidates.is_empty() {
            return Err(GostError::UnsupportedKeyAlgorithm {
                oid: spki.algorithm.oid,
            });
        }
        let curve_oid = spki.algorithm.parameters.as_ref().and_then(curve_oid_of);
        let named = curve_oid.as_ref().and_then(Curve::by_oid);
        // The national GOST 2004 curve OID names CryptoPro-A for 2004 keys only: a 2015 key
        // naming it is a mix-up, not a 256-bit key.
        let for_2004_only = curve_oid == Some(crate::OID_KZ_GOST2004_CURVE_A);
        let found = named.and_then(|curve| {
            candidates
                .iter()
                .filter(|alg| !(for_2004_only && **alg == Algorithm::Gost2015_256))
                .find(|alg| alg.curves().iter().any(|c| std::ptr::eq(*c, curve)))
                .map(|alg| (*alg, curve))
        });
        let Some((algorithm, curve)) = found else {
            return Err(GostError::UnsupportedCurve { oid: curve_oid });
        };
        // A key BIT STRING with unused bits is not a whole OCTET STRING.
        let key_bits = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| der::Tag::BitString.value_error())?;
        let octets = OctetStringRef::from_der(key_bits)?;
        Self::from_raw_on(algorithm, curve, octets.as_bytes())
    }

    /// The algorithm (and so the curve and the hash) this key verifies with.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The curve the key is on.
    pub fn curve(&self) -> &'static Curve {
        self.curve
    }

    /// The raw form again (X||Y, little-endian), e.g. to compare keys or compute a key id.
    pub fn to_raw(&self) -> Vec<u8> {
        let len = self.curve.len;
        let mut out = le_fixed(&self.point.x, len);
        out.extend(le_fixed(&self.point.y, len));
        out
    }

    pub(crate) fn point(&self) -> &Affine {
        &self.point
    }
}

/// The first OID of the key parameters SEQUENCE, i.e. the curve.
fn curve_oid_of(params: &AnyRef<'_>) -> Option<ObjectIdentifier> {
    params
        .decode_as::<Vec<ObjectIdentifier>>()
        .ok()?
        .first()
        .copied()
}

/// 0 < r, s < q.
pub(crate) fn check_range(r: &BigUint, s: &BigUint, q: &BigUint) -> Result<(), GostError> {
    if r.is_zero() || r >= q {
        return Err(GostError::ROutOfRange);
    }
    if s.is_zero() || s >= q {
        return Err(GostError::SOutOfRange);
    }
    Ok(())
}

fn le_fixed(n: &BigUint, len: usize) -> Vec<u8> {
    let mut bytes = n.to_bytes_le();
    bytes.resize(len, 0);
    bytes
}

/// A GOST signature: r||s, each half little-endian (the byte reverse of RFC 4491's big-endian
/// s||r), with 0 < r, s < q of its algorithm's curve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    algorithm: Algorithm,
    pub(crate) r: BigUint,
    pub(crate) s: BigUint,
}

impl Signature {
    /// Parses the 128 bytes of a GOST 34.10-2015 (512) signature (e.g. a certificate's signature
    /// BIT STRING content, or a CMS SignerInfo's signature OCTET STRING) and checks 0 < r, s < q.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, GostError> {
        Self::from_bytes_for(Algorithm::Gost2015_512, bytes)
    }

    /// Parses a signature of `algorithm` (64 bytes for GOST 34.310-2004 and GOST 2015-256) and
    /// checks its range against the algorithm's curve (for GOST 2015-256, whose curves differ in
    /// q, against the largest q; [`crate::verify_digest`] checks it again on the key's curve).
    pub fn from_bytes_for(algorithm: Algorithm, bytes: &[u8]) -> Result<Self, GostError> {
        let curve = algorithm.curve();
        if bytes.len() != 2 * curve.len {
            return Err(GostError::SignatureLength {
                expected: 2 * curve.len,
                actual: bytes.len(),
            });
        }
        let (r, s) = bytes.split_at(curve.len);
        let r = BigUint::from_bytes_le(r);
        let s = BigUint::from_bytes_le(s);
        let q = algorithm
            .curves()
            .into_iter()
            .map(|c| &c.q)
            .max()
            .unwrap_or(&curve.q);
        check_range(&r, &s, q)?;
        Ok(Self { algorithm, r, s })
    }

    /// The algorithm this signature was parsed for.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The raw form again (r||s, little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let len = self.algorithm.curve().len;
        let mut out = le_fixed(&self.r, len);
        out.extend(le_fixed(&self.s, len));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_g() -> Vec<u8> {
        let c = Curve::tc26_512_a();
        let mut raw = le_fixed(&c.g.x, 64);
        raw.extend(le_fixed(&c.g.y, 64));
        raw
    }

    #[test]
    fn the_base_point_parses_as_a_key_and_round_trips() {
        let raw = raw_g();
        let key = PublicKey::from_raw(&raw).expect("G is on the curve");
        assert_eq!(key.to_raw(), raw);
    }

    #[test]
    fn wrong_key_length_is_refused() {
        let err = PublicKey::from_raw(&raw_g()[..127]).expect_err("short");
        assert_eq!(
            err,
            GostError::KeyLength {
                expected: 128,
                actual: 127
            }
        );
    }

    #[test]
    fn a_point_off_the_curve_is_refused() {
        let mut raw = raw_g();
        raw[64] ^= 1;
        assert_eq!(PublicKey::from_raw(&raw), Err(GostError::PointNotOnCurve));
        // A coordinate >= p is not a field element even if it would reduce onto the curve.
        let c = Curve::tc26_512_a();
        let mut big = le_fixed(&(&c.g.x + &c.p), 64);
        big.extend(le_fixed(&c.g.y, 64));
        assert_eq!(big.len(), 128, "x + p still fits in 64 bytes");
        assert_eq!(PublicKey::from_raw(&big), Err(GostError::PointNotOnCurve));
    }

    #[test]
    fn signature_range_and_length_are_checked() {
        let q = le_fixed(&Curve::tc26_512_a().q, 64);
        let one = le_fixed(&BigUint::from(1u32), 64);
        let zero = vec![0u8; 64];
        let sig = |r: &[u8], s: &[u8]| Signature::from_bytes(&[r, s].concat());
        assert_eq!(sig(&zero, &one), Err(GostError::ROutOfRange));
        assert_eq!(sig(&q, &one), Err(GostError::ROutOfRange));
        assert_eq!(sig(&one, &zero), Err(GostError::SOutOfRange));
        assert_eq!(sig(&one, &q), Err(GostError::SOutOfRange));
        let ok = sig(&one, &one).expect("1, 1 is in range");
        assert_eq!(ok.to_bytes(), [one.clone(), one].concat());
        assert_eq!(
            Signature::from_bytes(&[1u8; 64]),
            Err(GostError::SignatureLength {
                expected: 128,
                actual: 64
            })
        );
    }

    /// A national GOST 2015 key whose parameters name a 256-bit curve is a 256-bit key on that
    /// curve; the same bytes under the 2004 national curve OID are refused (a mix-up).
    #[test]
    fn a_2015_key_on_a_256_bit_curve_is_read_from_its_spki() {
        use der::Encode;
        use der::asn1::{Any, BitString, OctetString};
        let spki = |curve: ObjectIdentifier, c: &Curve| {
            let mut raw = le_fixed(&c.g.x, 32);
            raw.extend(le_fixed(&c.g.y, 32));
            let params = vec![curve, ObjectIdentifier::new_unwrap("1.2.398.3.10.1.3.2")];
            let octets = OctetString::new(raw)
                .and_then(|o| o.to_der())
                .expect("octets");
            spki::SubjectPublicKeyInfoOwned {
                algorithm: spki::AlgorithmIdentifierOwned {
                    oid: crate::OID_KZ_GOST2015_PUBLIC_KEY,
                    parameters: Some(Any::encode_from(&params).expect("params")),
                },
                subject_public_key: BitString::from_bytes(&octets).expect("bits"),
            }
            .to_der()
            .expect("spki")
        };
        for (oid, curve) in [
            (crate::OID_TC26_256_PARAMSET_A, Curve::tc26_256_a()),
            (crate::OID_CRYPTOPRO_B_PARAMSET, Curve::cryptopro_b()),
            (crate::OID_CRYPTOPRO_XCHB_PARAMSET, Curve::cryptopro_c()),
        ] {
            let key = PublicKey::from_spki_der(&spki(oid, curve)).expect("a 256-bit key");
            assert_eq!(key.algorithm(), Algorithm::Gost2015_256);
            assert!(std::ptr::eq(key.curve(), curve), "{}", curve.name());
        }
        let national_2004 = spki(crate::OID_KZ_GOST2004_CURVE_A, Curve::cryptopro_a());
        assert!(matches!(
            PublicKey::from_spki_der(&national_2004),
            Err(GostError::UnsupportedCurve { .. })
        ));
    }
}
