//! Domain parameters of the curves this crate verifies on.
//!
//! The numbers are written in big-endian hex exactly as the standards print them, so they can be
//! compared by eye with RFC 7836 (appendix A.1, "id-tc26-gost-3410-12-512-paramSetA") and
//! RFC 4357 (section 11.4, "id-GostR3410-2001-CryptoPro-A-ParamSet"). The unit tests below check
//! that they describe a real group: G lies on the curve and q*G is the point at infinity.

use std::sync::LazyLock;

use der::asn1::ObjectIdentifier;
use num_bigint::BigUint;

use crate::point::Affine;

/// A short Weierstrass curve y^2 = x^3 + a*x + b over GF(p) with a base point G of prime order q.
#[derive(Debug, PartialEq, Eq)]
pub struct Curve {
    name: &'static str,
    pub(crate) p: BigUint,
    pub(crate) a: BigUint,
    pub(crate) b: BigUint,
    pub(crate) q: BigUint,
    pub(crate) g: Affine,
    /// Bytes of one coordinate, and of r or s (64 for the 512-bit curve, 32 for the 256-bit one).
    pub(crate) len: usize,
}

/// OID of the Kazakh GOST 34.10-2015 512-bit curve, the national alias of paramSetA.
pub const OID_KZ_GOST2015_512_CURVE_A: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.2.2.1");
/// OID of id-tc26-gost-3410-12-512-paramSetA (RFC 7836).
pub const OID_TC26_512_PARAMSET_A: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.643.7.1.2.1.2.1");
/// OID of the Kazakh GOST 34.310-2004 curve "A", the national alias of CryptoPro-A (checked:
/// the keys of the national test CA lie on CryptoPro-A and on none of the other 256-bit sets).
pub const OID_KZ_GOST2004_CURVE_A: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.398.3.10.1.1.1.1.1");
/// OID of id-GostR3410-2001-CryptoPro-A-ParamSet (RFC 4357).
pub const OID_CRYPTOPRO_A_PARAMSET: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.643.2.2.35.1");

// id-tc26-gost-3410-12-512-paramSetA, RFC 7836 appendix A.1 (cofactor 1).
const TC26_512_A_P: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
                            FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7";
const TC26_512_A_A: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
                            FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4";
const TC26_512_A_B: &str = "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265\
                            EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760";
const TC26_512_A_Q: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
                            27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275";
const TC26_512_A_GX: &str = "3";
const TC26_512_A_GY: &str = "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921\
                             DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4";

// id-GostR3410-2001-CryptoPro-A-ParamSet, RFC 4357 section 11.4 (cofactor 1).
const CRYPTOPRO_A_P: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97";
const CRYPTOPRO_A_A: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD94";
const CRYPTOPRO_A_B: &str = "A6";
const CRYPTOPRO_A_Q: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893";
const CRYPTOPRO_A_GX: &str = "1";
const CRYPTOPRO_A_GY: &str = "8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14";

static CRYPTOPRO_A: LazyLock<Curve> = LazyLock::new(|| Curve {
    name: "id-GostR3410-2001-CryptoPro-A-ParamSet",
    p: hex(CRYPTOPRO_A_P),
    a: hex(CRYPTOPRO_A_A),
    b: hex(CRYPTOPRO_A_B),
    q: hex(CRYPTOPRO_A_Q),
    g: Affine {
        x: hex(CRYPTOPRO_A_GX),
        y: hex(CRYPTOPRO_A_GY),
    },
    len: 32,
});

static TC26_512_A: LazyLock<Curve> = LazyLock::new(|| Curve {
    name: "id-tc26-gost-3410-12-512-paramSetA",
    p: hex(TC26_512_A_P),
    a: hex(TC26_512_A_A),
    b: hex(TC26_512_A_B),
    q: hex(TC26_512_A_Q),
    g: Affine {
        x: hex(TC26_512_A_GX),
        y: hex(TC26_512_A_GY),
    },
    len: 64,
});

fn hex(digits: &str) -> BigUint {
    BigUint::parse_bytes(digits.as_bytes(), 16).expect("curve constants are valid hex")
}

impl Curve {
    /// id-tc26-gost-3410-12-512-paramSetA, the curve of the Kazakh GOST 34.10-2015 512-bit keys.
    pub fn tc26_512_a() -> &'static Curve {
        &TC26_512_A
    }

    /// id-GostR3410-2001-CryptoPro-A-ParamSet, the curve of the Kazakh GOST 34.310-2004 keys.
    pub fn cryptopro_a() -> &'static Curve {
        &CRYPTOPRO_A
    }

    /// The curve for a parameter-set OID (national or Russian arc), if this crate knows it.
    pub fn by_oid(oid: &ObjectIdentifier) -> Option<&'static Curve> {
        if *oid == OID_KZ_GOST2015_512_CURVE_A || *oid == OID_TC26_512_PARAMSET_A {
            Some(Self::tc26_512_a())
        } else if *oid == OID_KZ_GOST2004_CURVE_A || *oid == OID_CRYPTOPRO_A_PARAMSET {
            Some(Self::cryptopro_a())
        } else {
            None
        }
    }

    /// The name the standards give the parameter set.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Bytes of one coordinate, and of r or s, on this curve.
    pub fn coordinate_len(&self) -> usize {
        self.len
    }

    /// Whether (x, y) is a point of the curve: both below p and y^2 = x^3 + ax + b (mod p).
    pub(crate) fn contains(&self, pt: &Affine) -> bool {
        if pt.x >= self.p || pt.y >= self.p {
            return false;
        }
        let lhs = (&pt.y * &pt.y) % &self.p;
        let rhs = (&pt.x * &pt.x * &pt.x + &self.a * &pt.x + &self.b) % &self.p;
        lhs == rhs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::point::Jacobian;

    fn all() -> [&'static Curve; 2] {
        [Curve::tc26_512_a(), Curve::cryptopro_a()]
    }

    #[test]
    fn base_points_lie_on_their_curves() {
        for c in all() {
            assert!(c.contains(&c.g), "{}", c.name());
            let mut off = c.g.clone();
            off.y += 1u32;
            assert!(!c.contains(&off), "{}", c.name());
        }
    }

    #[test]
    fn base_points_have_order_q() {
        for c in all() {
            let g = Jacobian::from_affine(&c.g);
            assert!(g.mul(&c.q, c).is_infinity(), "{}: qG = O", c.name());
            // (q - 1)G is -G, so the order is q itself and the formulas do not collapse early.
            let q_minus_1 = &c.q - 1u32;
            let minus_g = g.mul(&q_minus_1, c).to_affine(c).expect("(q-1)G is finite");
            assert_eq!(minus_g.x, c.g.x, "{}", c.name());
            assert_eq!(minus_g.y, &c.p - &c.g.y, "{}", c.name());
        }
    }

    #[test]
    fn parameters_have_the_expected_shape() {
        for (c, bits) in [(Curve::tc26_512_a(), 512), (Curve::cryptopro_a(), 256)] {
            assert_eq!(c.p.bits(), bits);
            assert_eq!(c.q.bits(), bits);
            assert_eq!(c.len * 8, bits as usize);
            // a = -3 mod p for both sets.
            assert_eq!(&c.a + 3u32, c.p);
            // Hasse: |p + 1 - q| <= 2 sqrt(p); with cofactor 1 the group order is q.
            let diff = if c.p > c.q { &c.p - &c.q } else { &c.q - &c.p };
            assert!(diff.bits() <= bits / 2 + 2);
        }
    }

    #[test]
    fn national_and_russian_oids_name_the_same_curves() {
        let pairs = [
            (
                OID_KZ_GOST2015_512_CURVE_A,
                OID_TC26_512_PARAMSET_A,
                Curve::tc26_512_a(),
            ),
            (
                OID_KZ_GOST2004_CURVE_A,
                OID_CRYPTOPRO_A_PARAMSET,
                Curve::cryptopro_a(),
            ),
        ];
        for (kz, ru, curve) in pairs {
            assert!(std::ptr::eq(Curve::by_oid(&kz).expect("known"), curve));
            assert!(std::ptr::eq(Curve::by_oid(&ru).expect("known"), curve));
        }
        assert!(Curve::by_oid(&ObjectIdentifier::new_unwrap("1.2.3")).is_none());
    }
}
