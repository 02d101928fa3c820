//! Point arithmetic on a short Weierstrass curve, in Jacobian coordinates over GF(p).
//!
//! Not constant-time, on purpose: this crate only verifies, and everything a verifier handles
//! (public keys, signatures, signed data) is public, so timing leaks nothing secret. Do not reuse
//! this code for signing or key agreement.

use num_bigint::BigUint;
use num_traits::Zero;

use crate::curve::Curve;

/// A point in affine coordinates (never the point at infinity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Affine {
    pub(crate) x: BigUint,
    pub(crate) y: BigUint,
}

/// A point (X : Y : Z) meaning (X/Z^2, Y/Z^3); Z = 0 is the point at infinity.
#[derive(Debug, Clone)]
pub(crate) struct Jacobian {
    x: BigUint,
    y: BigUint,
    z: BigUint,
}

/// Field arithmetic mod p, kept next to the curve so each formula reads like its reference.
struct Fp<'c>(&'c BigUint);

impl Fp<'_> {
    fn add(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a + b) % self.0
    }
    fn sub(&self, a: &BigUint, b: &BigUint) -> BigUint {
        ((a + self.0) - (b % self.0)) % self.0
    }
    fn mul(&self, a: &BigUint, b: &BigUint) -> BigUint {
        (a * b) % self.0
    }
    fn sqr(&self, a: &BigUint) -> BigUint {
        self.mul(a, a)
    }
    fn small(&self, k: u32, a: &BigUint) -> BigUint {
        (a * k) % self.0
    }
    /// Inverse by Fermat's little theorem (p is prime); callers never pass 0.
    fn inv(&self, a: &BigUint) -> BigUint {
        a.modpow(&(self.0 - 2u32), self.0)
    }
}

impl Jacobian {
    pub(crate) fn infinity() -> Self {
        Self {
            x: BigUint::from(1u32),
            y: BigUint::from(1u32),
            z: BigUint::zero(),
        }
    }

    pub(crate) fn from_affine(pt: &Affine) -> Self {
        Self {
            x: pt.x.clone(),
            y: pt.y.clone(),
            z: BigUint::from(1u32),
        }
    }

    pub(crate) fn is_infinity(&self) -> bool {
        self.z.is_zero()
    }

    /// The affine form, or `None` for the point at infinity.
    pub(crate) fn to_affine(&self, c: &Curve) -> Option<Affine> {
        if self.is_infinity() {
            return None;
        }
        let f = Fp(&c.p);
        let zinv = f.inv(&self.z);
        let zinv2 = f.sqr(&zinv);
        Some(Affine {
            x: f.mul(&self.x, &zinv2),
            y: f.mul(&self.y, &f.mul(&zinv2, &zinv)),
        })
    }

    /// 2P ("dbl-1998-cmo-2", valid for any a).
    pub(crate) fn double(&self, c: &Curve) -> Self {
        if self.is_infinity() || self.y.is_zero() {
            return Self::infinity();
        }
        let f = Fp(&c.p);
        let xx = f.sqr(&self.x);
        let yy = f.sqr(&self.y);
        let yyyy = f.sqr(&yy);
        let zz = f.sqr(&self.z);
        let s = f.small(4, &f.mul(&self.x, &yy));
        let m = f.add(&f.small(3, &xx), &f.mul(&c.a, &f.sqr(&zz)));
        let x3 = f.sub(&f.sqr(&m), &f.small(2, &s));
        let y3 = f.sub(&f.mul(&m, &f.sub(&s, &x3)), &f.small(8, &yyyy));
        let z3 = f.small(2, &f.mul(&self.y, &self.z));
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + Q ("add-1998-cmo-2"), handling infinity, P = Q and P = -Q.
    pub(crate) fn add(&self, other: &Self, c: &Curve) -> Self {
        if self.is_infinity() {
            return other.clone();
        }
        if other.is_infinity() {
            return self.clone();
        }
        let f = Fp(&c.p);
        let z1z1 = f.sqr(&self.z);
        let z2z2 = f.sqr(&other.z);
        let u1 = f.mul(&self.x, &z2z2);
        let u2 = f.mul(&other.x, &z1z1);
        let s1 = f.mul(&self.y, &f.mul(&other.z, &z2z2));
        let s2 = f.mul(&other.y, &f.mul(&self.z, &z1z1));
        if u1 == u2 {
            return if s1 == s2 {
                self.double(c)
            } else {
                Self::infinity()
            };
        }
        let h = f.sub(&u2, &u1);
        let r = f.sub(&s2, &s1);
        let hh = f.sqr(&h);
        let hhh = f.mul(&h, &hh);
        let v = f.mul(&u1, &hh);
        let x3 = f.sub(&f.sub(&f.sqr(&r), &hhh), &f.small(2, &v));
        let y3 = f.sub(&f.mul(&r, &f.sub(&v, &x3)), &f.mul(&s1, &hhh));
        let z3 = f.mul(&f.mul(&self.z, &other.z), &h);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// k*P by double-and-add from the top bit (verification itself uses [`Self::mul_add`]).
    #[cfg(test)]
    pub(crate) fn mul(&self, k: &BigUint, c: &Curve) -> Self {
        let mut acc = Self::infinity();
        for i in (0..k.bits()).rev() {
            acc = acc.double(c);
            if k.bit(i) {
                acc = acc.add(self, c);
            }
        }
        acc
    }

    /// k1*P + k2*Q with one shared chain of doublings (Shamir's trick), as verification needs.
    pub(crate) fn mul_add(k1: &BigUint, p: &Self, k2: &BigUint, q: &Self, c: &Curve) -> Self {
        let pq = p.add(q, c);
        let mut acc = Self::infinity();
        for i in (0..k1.bits().max(k2.bits())).rev() {
            acc = acc.double(c);
            match (k1.bit(i), k2.bit(i)) {
                (true, true) => acc = acc.add(&pq, c),
                (true, false) => acc = acc.add(p, c),
                (false, true) => acc = acc.add(q, c),
                (false, false) => {}
            }
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve() -> &'static Curve {
        Curve::tc26_512_a()
    }

    fn g() -> Jacobian {
        Jacobian::from_affine(&curve().g)
    }

    #[test]
    fn doubling_equals_adding_to_itself_and_stays_on_curve() {
        let c = curve();
        let two_g = g().double(c).to_affine(c).expect("finite");
        let g_plus_g = g().add(&g(), c).to_affine(c).expect("finite");
        assert_eq!(two_g, g_plus_g);
        assert!(c.contains(&two_g));
    }

    #[test]
    fn scalar_multiplication_is_additive() {
        let c = curve();
        let a = BigUint::from(0x1234_5678_9abc_def0u64);
        let b = BigUint::parse_bytes(b"fedcba9876543210fedcba9876543210", 16).expect("hex");
        let lhs = g().mul(&(&a + &b), c).to_affine(c).expect("finite");
        let rhs = g().mul(&a, c).add(&g().mul(&b, c), c).to_affine(c);
        assert_eq!(Some(lhs.clone()), rhs);
        assert!(c.contains(&lhs));
    }

    #[test]
    fn shamir_matches_two_separate_multiplications() {
        let c = curve();
        let q = g().mul(&BigUint::from(987_654_321u64), c);
        let k1 = &c.q - 12_345u32;
        let k2 = BigUint::from(0xdead_beefu64) << 300;
        let joint = Jacobian::mul_add(&k1, &g(), &k2, &q, c).to_affine(c);
        let apart = g().mul(&k1, c).add(&q.mul(&k2, c), c).to_affine(c);
        assert_eq!(joint, apart);
    }

    #[test]
    fn point_plus_its_negation_is_infinity() {
        let c = curve();
        let neg = Affine {
            x: c.g.x.clone(),
            y: &c.p - &c.g.y,
        };
        assert!(g().add(&Jacobian::from_affine(&neg), c).is_infinity());
        assert!(g().mul(&BigUint::zero(), c).is_infinity());
    }
}
