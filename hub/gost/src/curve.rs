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

/// OID of id-tc26-gost-3410-2012-256-paramSetA (RFC 7836).
pub const OID_TC26_256_PARAMSET_A: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.643.7.1.2.1.1.1");
/// OID of id-GostR3410-2001-CryptoPro-B-ParamSet (RFC 4357).
pub const OID_CRYPTOPRO_B_PARAMSET: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.643.2.2.35.2");
/// OID of id-GostR3410-2001-CryptoPro-C-ParamSet (RFC 4357).
pub const OID_CRYPTOPRO_C_PARAMSET: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.643.2.2.35.3");
/// OID of id-GostR3410-2001-CryptoPro-XchA-ParamSet (RFC 4357): CryptoPro-A's curve.
pub const OID_CRYPTOPRO_XCHA_PARAMSET: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.643.2.2.36.0");
/// OID of id-GostR3410-2001-CryptoPro-XchB-ParamSet (RFC 4357): CryptoPro-C's curve.
pub const OID_CRYPTOPRO_XCHB_PARAMSET: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.643.2.2.36.1");

// id-tc26-gost-3410-2012-256-paramSetA, RFC 7836 appendix A.2 (a twisted Edwards curve in
// Weierstrass form, cofactor 4: q is the order of G, a quarter of the group's).
const TC26_256_A_P: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97";
const TC26_256_A_A: &str = "C2173F1513981673AF4892C23035A27CE25E2013BF95AA33B22C656F277E7335";
const TC26_256_A_B: &str = "295F9BAE7428ED9CCC20E7C359A9D41A22FCCD9108E17BF7BA9337A6F8AE9513";
const TC26_256_A_Q: &str = "400000000000000000000000000000000FD8CDDFC87B6635C115AF556C360C67";
const TC26_256_A_GX: &str = "91E38443A5E82C0D880923425712B2BB658B9196932E02C78B2582FE742DAA28";
const TC26_256_A_GY: &str = "32879423AB1A0375895786C4BB46E9565FDE0B5344766740AF268ADB32322E5C";

// id-GostR3410-2001-CryptoPro-B-ParamSet, RFC 4357 section 11.4 (cofactor 1).
const CRYPTOPRO_B_P: &str = "8000000000000000000000000000000000000000000000000000000000000C99";
const CRYPTOPRO_B_A: &str = "8000000000000000000000000000000000000000000000000000000000000C96";
const CRYPTOPRO_B_B: &str = "3E1AF419A269A5F866A7D3C25C3DF80AE979259373FF2B182F49D4CE7E1BBC8B";
const CRYPTOPRO_B_Q: &str = "800000000000000000000000000000015F700CFFF1A624E5E497161BCC8A198F";
const CRYPTOPRO_B_GX: &str = "1";
const CRYPTOPRO_B_GY: &str = "3FA8124359F96680B83D1C3EB2C070E5C545C9858D03ECFB744BF8D717717EFC";

// id-GostR3410-2001-CryptoPro-C-ParamSet, RFC 4357 section 11.4 (cofactor 1).
const CRYPTOPRO_C_P: &str = "9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D759B";
const CRYPTOPRO_C_A: &str = "9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D7598";
const CRYPTOPRO_C_B: &str = "805A";
const CRYPTOPRO_C_Q: &str = "9B9F605F5A858107AB1EC85E6B41C8AA582CA3511EDDFB74F02F3A6598980BB9";
const CRYPTOPRO_C_GX: &str = "0";
const CRYPTOPRO_C_GY: &str = "41ECE55743711A8C3CBF3783CD08C0EE4D4DC440D4641A8F366E550DFDB3BB67";

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

fn curve256(name: &'static str, [p, a, b, q, gx, gy]: [&str; 6]) -> Curve {
    Curve {
        name,
        p: hex(p),
        a: hex(a),
        b: hex(b),
        q: hex(q),
        g: Affine {
            x: hex(gx),
            y: hex(gy),
        },
        len: 32,
    }
}

static TC26_256_A: LazyLock<Curve> = LazyLock::new(|| {
    curve256(
        "id-tc26-gost-3410-2012-256-paramSetA",
        [
            TC26_256_A_P,
            TC26_256_A_A,
            TC26_256_A_B,
            TC26_256_A_Q,
            TC26_256_A_GX,
            TC26_256_A_GY,
        ],
    )
});

static CRYPTOPRO_B: LazyLock<Curve> = LazyLock::new(|| {
    curve256(
        "id-GostR3410-2001-CryptoPro-B-ParamSet",
        [
            CRYPTOPRO_B_P,
            CRYPTOPRO_B_A,
            CRYPTOPRO_B_B,
            CRYPTOPRO_B_Q,
            CRYPTOPRO_B_GX,
            CRYPTOPRO_B_GY,
        ],
    )
});

static CRYPTOPRO_C: LazyLock<Curve> = LazyLock::new(|| {
    curve256(
        "id-GostR3410-2001-CryptoPro-C-ParamSet",
        [
            CRYPTOPRO_C_P,
            CRYPTOPRO_C_A,
            CRYPTOPRO_C_B,
            CRYPTOPRO_C_Q,
            CRYPTOPRO_C_GX,
            CRYPTOPRO_C_GY,
        ],
    )
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

    /// id-tc26-gost-3410-2012-256-paramSetA, a curve of GOST 34.10-2015 256-bit keys.
    pub fn tc26_256_a() -> &'static Curve {
        &TC26_256_A
    }

    /// id-GostR3410-2001-CryptoPro-B-ParamSet, a curve of GOST 34.10-2015 256-bit keys.
    pub fn cryptopro_b() -> &'static Curve {
        &CRYPTOPRO_B
    }

    /// id-GostR3410-2001-CryptoPro-C-ParamSet, a curve of GOST 34.10-2015 256-bit keys.
    pub fn cryptopro_c() -> &'static Curve {
        &CRYPTOPRO_C
    }

    /// The curve for a parameter-set OID (national or Russian arc), if this crate knows it.
    pub fn by_oid(oid: &ObjectIdentifier) -> Option<&'static Curve> {
        let known: [(&[ObjectIdentifier], &'static Curve); 5] = [
            (
                &[OID_KZ_GOST2015_512_CURVE_A, OID_TC26_512_PARAMSET_A],
                Self::tc26_512_a(),
            ),
            (
                &[
                    OID_KZ_GOST2004_CURVE_A,
                    OID_CRYPTOPRO_A_PARAMSET,
                    OID_CRYPTOPRO_XCHA_PARAMSET,
                ],
                Self::cryptopro_a(),
            ),
            (&[OID_CRYPTOPRO_B_PARAMSET], Self::cryptopro_b()),
            (
                &[OID_CRYPTOPRO_C_PARAMSET, OID_CRYPTOPRO_XCHB_PARAMSET],
                Self::cryptopro_c(),
            ),
            (&[OID_TC26_256_PARAMSET_A], Self::tc26_256_a()),
        ];
        known
            .into_iter()
            .find(|(oids, _)| oids.contains(oid))
            .map(|(_, curve)| curve)
    }

    /// The curves of 256-bit GOST 34.10-2015 keys.
    pub fn gost2015_256() -> [&'static Curve; 4] {
        [
            Self::tc26_256_a(),
            Self::cryptopro_a(),
            Self::cryptopro_b(),
            Self::cryptopro_c(),
        ]
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

/// The example curve of GOST R 34.10-2012 appendix A.1 (= RFC 7091 section 7.1, and RFC 4357's
/// id-GostR3410-2001-TestParamSet): for tests only, never accepted from a certificate.
#[cfg(test)]
pub(crate) fn test_param_set() -> &'static Curve {
    static TEST: LazyLock<Curve> = LazyLock::new(|| {
        curve256(
            "id-GostR3410-2001-TestParamSet",
            [
                "8000000000000000000000000000000000000000000000000000000000000431",
                "7",
                "5FBFF498AA938CE739B8E022FBAFEF40563F6E6A3472FC2A514C0CE9DAE23B7E",
                "8000000000000000000000000000000150FE8A1892976154C59CFC193ACCF5B3",
                "2",
                "08E2A8A0E65147D4BD6316030E16D19C85C97F0A9CA267122B96ABBCEA7E8FC8",
            ],
        )
    });
    &TEST
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::point::Jacobian;

    fn all() -> [&'static Curve; 6] {
        [
            Curve::tc26_512_a(),
            Curve::cryptopro_a(),
            Curve::cryptopro_b(),
            Curve::cryptopro_c(),
            Curve::tc26_256_a(),
            test_param_set(),
        ]
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
    fn the_256_bit_sets_have_256_bit_fields_and_orders_by_the_hasse_bound() {
        for c in Curve::gost2015_256() {
            assert_eq!(c.p.bits(), 256, "{}", c.name());
            assert_eq!(c.len, 32);
            // Cofactor h = #E / q with #E within p + 1 +- 2 sqrt(p): 1 for CryptoPro, 4 for
            // tc26 paramSetA.
            let h = if std::ptr::eq(c, Curve::tc26_256_a()) {
                4u32
            } else {
                1
            };
            let order = &c.q * h;
            let diff = if c.p > order {
                &c.p - &order
            } else {
                &order - &c.p
            };
            assert!(diff.bits() <= 130, "{}", c.name());
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
        for (oid, curve) in [
            (OID_TC26_256_PARAMSET_A, Curve::tc26_256_a()),
            (OID_CRYPTOPRO_B_PARAMSET, Curve::cryptopro_b()),
            (OID_CRYPTOPRO_C_PARAMSET, Curve::cryptopro_c()),
            (OID_CRYPTOPRO_XCHA_PARAMSET, Curve::cryptopro_a()),
            (OID_CRYPTOPRO_XCHB_PARAMSET, Curve::cryptopro_c()),
        ] {
            assert!(std::ptr::eq(Curve::by_oid(&oid).expect("known"), curve));
        }
        assert!(Curve::by_oid(&ObjectIdentifier::new_unwrap("1.2.3")).is_none());
    }
}
