//! The two national signature algorithms: which curve, which hash, which OIDs.

use der::asn1::ObjectIdentifier;
use streebog::Digest;

use crate::curve::Curve;

/// Key algorithm OID of the Kazakh GOST 34.10-2015 keys (the curve is in its parameters).
pub const OID_KZ_GOST2015_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.2.2");
/// Signature algorithm OID "GOST 34.10-2015 (512) with GOST 34.11-2015 (512)".
pub const OID_KZ_GOST2015_512_SIGNATURE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.2.3.2");
/// Signature algorithm OID "GOST 34.10-2015 (256) with GOST 34.11-2015 (256)".
pub const OID_KZ_GOST2015_256_SIGNATURE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.2.3.1");
/// Key algorithm OID of the Kazakh GOST 34.310-2004 keys.
pub const OID_KZ_GOST2004_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.1.1");
/// Signature algorithm OID "GOST 34.310-2004 with GOST 34.311-95".
pub const OID_KZ_GOST2004_SIGNATURE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.1.2");

/// A national GOST signature algorithm: a curve and the hash that goes with it.
///
/// Both use the same byte conventions (little-endian X||Y key, digest read little-endian,
/// little-endian r||s signature); only the sizes, the curve and the hash differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// GOST 34.10-2015 on id-tc26-gost-3410-12-512-paramSetA with Streebog-512: the current one.
    Gost2015_512,
    /// GOST 34.10-2015 with 256-bit keys and Streebog-256: the key's parameters name its curve
    /// (tc26 256 paramSetA, or CryptoPro A, B or C under 256-bit OIDs).
    Gost2015_256,
    /// GOST 34.310-2004 (= GOST R 34.10-2001) on CryptoPro-A with GOST 34.311-95 (= GOST R
    /// 34.11-94) under its "test" S-box set: the older one, in certificates up to about 2020.
    Gost34310_2004,
}

impl Algorithm {
    /// The algorithm named by a certificate's or CMS signatureAlgorithm OID.
    pub fn from_signature_oid(oid: &ObjectIdentifier) -> Option<Self> {
        if *oid == OID_KZ_GOST2015_512_SIGNATURE {
            Some(Self::Gost2015_512)
        } else if *oid == OID_KZ_GOST2015_256_SIGNATURE {
            Some(Self::Gost2015_256)
        } else if *oid == OID_KZ_GOST2004_SIGNATURE {
            Some(Self::Gost34310_2004)
        } else {
            None
        }
    }

    /// The SubjectPublicKeyInfo algorithm OID of keys for this algorithm.
    pub fn key_oid(self) -> ObjectIdentifier {
        match self {
            Self::Gost2015_512 | Self::Gost2015_256 => OID_KZ_GOST2015_PUBLIC_KEY,
            Self::Gost34310_2004 => OID_KZ_GOST2004_PUBLIC_KEY,
        }
    }

    /// The signatureAlgorithm OID of this algorithm.
    pub fn signature_oid(self) -> ObjectIdentifier {
        match self {
            Self::Gost2015_512 => OID_KZ_GOST2015_512_SIGNATURE,
            Self::Gost2015_256 => OID_KZ_GOST2015_256_SIGNATURE,
            Self::Gost34310_2004 => OID_KZ_GOST2004_SIGNATURE,
        }
    }

    /// The curve keys of this algorithm live on when nothing names another: the only one for
    /// GOST 2015-512 and GOST 2004, tc26 256 paramSetA for GOST 2015-256 (whose keys may also
    /// be on CryptoPro A, B or C, as their parameters say: [`Algorithm::curves`]).
    pub fn curve(self) -> &'static Curve {
        match self {
            Self::Gost2015_512 => Curve::tc26_512_a(),
            Self::Gost2015_256 => Curve::tc26_256_a(),
            Self::Gost34310_2004 => Curve::cryptopro_a(),
        }
    }

    /// Every curve keys of this algorithm may be on.
    pub fn curves(self) -> Vec<&'static Curve> {
        match self {
            Self::Gost2015_256 => Curve::gost2015_256().to_vec(),
            other => vec![other.curve()],
        }
    }

    /// Bytes of the digest (64 or 32).
    pub fn digest_len(self) -> usize {
        match self {
            Self::Gost2015_512 => 64,
            Self::Gost2015_256 | Self::Gost34310_2004 => 32,
        }
    }

    /// The digest of `message` under this algorithm's hash, in the hash's normal output order.
    pub fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Self::Gost2015_512 => streebog512(message).to_vec(),
            Self::Gost2015_256 => streebog256(message).to_vec(),
            Self::Gost34310_2004 => gost34311_95(message).to_vec(),
        }
    }
}

/// Streebog-512 (GOST R 34.11-2012 / GOST 34.11-2015) of `message`, in its normal output order.
pub fn streebog512(message: &[u8]) -> [u8; 64] {
    streebog::Streebog512::digest(message).into()
}

/// Streebog-256 (GOST R 34.11-2012 / GOST 34.11-2015, hash OID 1.2.398.3.10.1.3.2) of
/// `message`, in its normal output order.
pub fn streebog256(message: &[u8]) -> [u8; 32] {
    streebog::Streebog256::digest(message).into()
}

/// GOST 34.311-95 (= GOST R 34.11-94 with the "test" S-boxes, hash parameters
/// 1.2.398.3.10.1.3.1.1.0) of `message`, in its normal output order.
pub fn gost34311_95(message: &[u8]) -> [u8; 32] {
    gost94::Gost94Test::digest(message).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn streebog512_of_the_empty_message_is_the_published_value() {
        let expected = "8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7\
                        362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a";
        assert_eq!(hex(&streebog512(b"")), expected);
    }

    #[test]
    fn streebog256_of_the_standards_first_example_is_the_published_value() {
        // GOST R 34.11-2012 example 1 (RFC 6986 section 10.1): M1, 63 bytes, printed there as a
        // big-endian number, so the message is the byte reverse of the digits; H256(M1) too.
        let m1 = b"012345678901234567890123456789012345678901234567890123456789012";
        let expected = "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500";
        assert_eq!(hex(&streebog256(m1)), expected);
    }

    #[test]
    fn gost34311_95_uses_the_test_sboxes() {
        // GOST R 34.11-94 test parameter set, "This is message, length=32 bytes" (the standard's
        // own example A.3.1), as printed in RFC 5831 section 7.3.1.
        let expected = "b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa";
        assert_eq!(
            hex(&gost34311_95(b"This is message, length=32 bytes")),
            expected
        );
    }

    #[test]
    fn oids_map_both_ways() {
        for alg in [
            Algorithm::Gost2015_512,
            Algorithm::Gost2015_256,
            Algorithm::Gost34310_2004,
        ] {
            assert_eq!(
                Algorithm::from_signature_oid(&alg.signature_oid()),
                Some(alg)
            );
            assert_eq!(alg.curve().coordinate_len(), alg.digest_len());
        }
        assert_eq!(
            Algorithm::from_signature_oid(&OID_KZ_GOST2015_PUBLIC_KEY),
            None
        );
    }
}
