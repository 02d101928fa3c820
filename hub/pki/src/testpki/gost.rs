//! A GOST R 34.10-2012 / GOST 34.10-2015 signer on the 256-bit curves, for tests only (issue 6).
//! The national test PKI in `shared/fixtures/nca` cannot sign and carries no 256-bit GOST 2015
//! key (its GOST 2015 keys are 512-bit; its 256-bit keys are GOST 34.310-2004), and the hub
//! never signs with GOST; so the 256-bit path is proven by a round trip through this signer:
//! certificates, a CRL and CMS made here, verified by the hub's verifier.
//!
//! Written apart from `tanba-gost` on purpose, so that a round trip proves the verifier and
//! not a mistake both share: its own affine arithmetic over `num-bigint` (the crate the
//! verifier already uses), the curve constants written out as RFC 7836 (appendix A.2) and
//! RFC 4357 (section 11.4) print them, the signing equation of GOST R 34.10-2012 section 6.1,
//! and the national byte order of `shared/fixtures/nca/README.md`: key X||Y and signature
//! r||s, each half 32 bytes little-endian; the Streebog-256 digest read as a little-endian
//! integer. Not constant-time, keys from the OS random source: a test tool, never a key to
//! trust.

use der::asn1::{Any, BitString, ObjectIdentifier, OctetString, SetOfVec, Uint};
use der::{Decode, Encode, Tag};
use num_bigint::BigUint;
use ring::rand::SecureRandom;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::crl::{CertificateList, TbsCertList};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;
use x509_cert::{Certificate as X509, TbsCertificate};

use super::cms::TestSigner;
use super::crl::x509_time;
use super::{HEAD_IIN, ORG_BIN};
use crate::error::{Object, PkiError};
use crate::{Certificate, Crl, DigestAlgorithm, Pki, RevocationIndex, Role, TrustStore, oid};

/// A 256-bit curve of GOST 34.10-2015 keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GostCurve256 {
    /// id-tc26-gost-3410-2012-256-paramSetA (RFC 7836), 1.2.643.7.1.2.1.1.1.
    Tc26A,
    /// id-GostR3410-2001-CryptoPro-A-ParamSet (RFC 4357), 1.2.643.2.2.35.1.
    CryptoProA,
    /// id-GostR3410-2001-CryptoPro-B-ParamSet (RFC 4357), 1.2.643.2.2.35.2.
    CryptoProB,
    /// id-GostR3410-2001-CryptoPro-C-ParamSet (RFC 4357), 1.2.643.2.2.35.3.
    CryptoProC,
}

/// y^2 = x^3 + ax + b over GF(p), G of prime order q; big-endian hex as the RFCs print them.
struct Params {
    p: BigUint,
    a: BigUint,
    b: BigUint,
    q: BigUint,
    g: (BigUint, BigUint),
}

fn hex(digits: &str) -> BigUint {
    BigUint::parse_bytes(digits.as_bytes(), 16).expect("the RFCs' constants are hex")
}

impl GostCurve256 {
    /// Every 256-bit curve the hub's verifier takes.
    pub const ALL: [GostCurve256; 4] = [
        GostCurve256::Tc26A,
        GostCurve256::CryptoProA,
        GostCurve256::CryptoProB,
        GostCurve256::CryptoProC,
    ];

    /// The parameter set's OID, as a key's parameters name it.
    pub fn oid(self) -> ObjectIdentifier {
        ObjectIdentifier::new_unwrap(match self {
            GostCurve256::Tc26A => "1.2.643.7.1.2.1.1.1",
            GostCurve256::CryptoProA => "1.2.643.2.2.35.1",
            GostCurve256::CryptoProB => "1.2.643.2.2.35.2",
            GostCurve256::CryptoProC => "1.2.643.2.2.35.3",
        })
    }

    fn params(self) -> Params {
        let [p, a, b, q, gx, gy] = match self {
            GostCurve256::Tc26A => [
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97",
                "C2173F1513981673AF4892C23035A27CE25E2013BF95AA33B22C656F277E7335",
                "295F9BAE7428ED9CCC20E7C359A9D41A22FCCD9108E17BF7BA9337A6F8AE9513",
                "400000000000000000000000000000000FD8CDDFC87B6635C115AF556C360C67",
                "91E38443A5E82C0D880923425712B2BB658B9196932E02C78B2582FE742DAA28",
                "32879423AB1A0375895786C4BB46E9565FDE0B5344766740AF268ADB32322E5C",
            ],
            GostCurve256::CryptoProA => [
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD97",
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFD94",
                "A6",
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF6C611070995AD10045841B09B761B893",
                "1",
                "8D91E471E0989CDA27DF505A453F2B7635294F2DDF23E3B122ACC99C9E9F1E14",
            ],
            GostCurve256::CryptoProB => [
                "8000000000000000000000000000000000000000000000000000000000000C99",
                "8000000000000000000000000000000000000000000000000000000000000C96",
                "3E1AF419A269A5F866A7D3C25C3DF80AE979259373FF2B182F49D4CE7E1BBC8B",
                "800000000000000000000000000000015F700CFFF1A624E5E497161BCC8A198F",
                "1",
                "3FA8124359F96680B83D1C3EB2C070E5C545C9858D03ECFB744BF8D717717EFC",
            ],
            GostCurve256::CryptoProC => [
                "9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D759B",
                "9B9F605F5A858107AB1EC85E6B41C8AACF846E86789051D37998F7B9022D7598",
                "805A",
                "9B9F605F5A858107AB1EC85E6B41C8AA582CA3511EDDFB74F02F3A6598980BB9",
                "0",
                "41ECE55743711A8C3CBF3783CD08C0EE4D4DC440D4641A8F366E550DFDB3BB67",
            ],
        };
        Params {
            p: hex(p),
            a: hex(a),
            b: hex(b),
            q: hex(q),
            g: (hex(gx), hex(gy)),
        }
    }
}

/// An affine point; `None` is the point at infinity.
type Point = Option<(BigUint, BigUint)>;

impl Params {
    fn sub(&self, x: &BigUint, y: &BigUint) -> BigUint {
        (x + &self.p - (y % &self.p)) % &self.p
    }

    fn div(&self, x: &BigUint, y: &BigUint) -> BigUint {
        let inverse = y.modinv(&self.p).expect("p is prime and y is not 0");
        (x * inverse) % &self.p
    }

    fn add(&self, left: &Point, right: &Point) -> Point {
        let (Some((x1, y1)), Some((x2, y2))) = (left, right) else {
            return left.clone().or_else(|| right.clone());
        };
        let slope = if x1 == x2 {
            if (y1 + y2) % &self.p == BigUint::ZERO {
                return None;
            }
            self.div(&(BigUint::from(3u32) * x1 * x1 + &self.a), &(y1 * 2u32))
        } else {
            self.div(&self.sub(y2, y1), &self.sub(x2, x1))
        };
        let x3 = self.sub(&self.sub(&(&slope * &slope), x1), x2);
        let y3 = self.sub(&(&slope * self.sub(x1, &x3)), y1);
        Some((x3, y3))
    }

    /// k * G by double-and-add.
    fn times_g(&self, k: &BigUint) -> Point {
        let mut sum: Point = None;
        let g = Some(self.g.clone());
        for bit in (0..k.bits()).rev() {
            sum = self.add(&sum, &sum);
            if k.bit(bit) {
                sum = self.add(&sum, &g);
            }
        }
        sum
    }

    fn on_curve(&self, (x, y): &(BigUint, BigUint)) -> bool {
        (y * y) % &self.p == (x * x * x + &self.a * x + &self.b) % &self.p
    }

    /// A random scalar in 1..q.
    fn random_scalar(&self) -> BigUint {
        loop {
            let mut bytes = [0u8; 32];
            ring::rand::SystemRandom::new()
                .fill(&mut bytes)
                .expect("the OS random source works");
            let k = BigUint::from_bytes_be(&bytes);
            if k > BigUint::ZERO && k < self.q {
                return k;
            }
        }
    }
}

/// `n` as 32 little-endian bytes: the national order of coordinates, r and s.
fn le32(n: &BigUint) -> Vec<u8> {
    let mut bytes = n.to_bytes_le();
    bytes.resize(32, 0);
    bytes
}

/// A GOST 34.10-2015 key pair on a 256-bit curve.
pub struct GostKey256 {
    curve: GostCurve256,
    params: Params,
    d: BigUint,
    public: (BigUint, BigUint),
}

impl std::fmt::Debug for GostKey256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GostKey256")
            .field("curve", &self.curve)
            .finish_non_exhaustive()
    }
}

impl GostKey256 {
    /// A fresh key on `curve`: d random in 1..q, Q = dG.
    pub fn generate(curve: GostCurve256) -> GostKey256 {
        let params = curve.params();
        let d = params.random_scalar();
        let public = params.times_g(&d).expect("dG is finite for 0 < d < q");
        assert!(params.on_curve(&public), "Q lies on {curve:?}");
        GostKey256 {
            curve,
            params,
            d,
            public,
        }
    }

    /// The curve.
    pub fn curve(&self) -> GostCurve256 {
        self.curve
    }

    /// The national SubjectPublicKeyInfo: algorithm 1.2.398.3.10.1.1.2.2 with parameters
    /// SEQUENCE { curve OID, Streebog-256 OID }, and the BIT STRING holding an OCTET STRING of
    /// X||Y, 32 bytes each, little-endian.
    pub fn spki_der(&self) -> Result<Vec<u8>, PkiError> {
        let mut parameters = self.curve.oid().to_der().map_err(bad)?;
        parameters.extend(DigestAlgorithm::Streebog256.oid().to_der().map_err(bad)?);
        let parameters = Any::new(Tag::Sequence, parameters).map_err(bad)?;
        let mut raw = le32(&self.public.0);
        raw.extend(le32(&self.public.1));
        let key = OctetString::new(raw).map_err(bad)?.to_der().map_err(bad)?;
        SubjectPublicKeyInfoOwned {
            algorithm: AlgorithmIdentifierOwned {
                oid: tanba_gost::OID_KZ_GOST2015_PUBLIC_KEY,
                parameters: Some(parameters),
            },
            subject_public_key: BitString::from_bytes(&key).map_err(bad)?,
        }
        .to_der()
        .map_err(bad)
    }

    /// The signature of `message` (GOST R 34.10-2012 section 6.1): e = Streebog-256 of the
    /// message read little-endian, mod q (1 if 0); k random; r = x(kG) mod q; s = rd + ke
    /// mod q; written r||s, each 32 bytes little-endian.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let q = &self.params.q;
        let digest = DigestAlgorithm::Streebog256.digest(message);
        let e = BigUint::from_bytes_le(&digest) % q;
        let e = if e == BigUint::ZERO {
            BigUint::from(1u32)
        } else {
            e
        };
        loop {
            let k = self.params.random_scalar();
            let Some((x, _)) = self.params.times_g(&k) else {
                continue;
            };
            let r = x % q;
            let s = (&r * &self.d + &k * &e) % q;
            if r != BigUint::ZERO && s != BigUint::ZERO {
                let mut signature = le32(&r);
                signature.extend(le32(&s));
                return signature;
            }
        }
    }
}

fn bad(e: der::Error) -> PkiError {
    PkiError::malformed(Object::Certificate, e)
}

/// A certificate with a 256-bit GOST key: what signs CMS in the GOST tests.
#[derive(Debug)]
pub struct GostIdentity {
    der: Vec<u8>,
    key: GostKey256,
}

impl GostIdentity {
    /// `der`'s certificate whose signatures `key` makes (a key that is not the certificate's
    /// makes an impostor, for the wrong-key case).
    pub fn new(der: Vec<u8>, key: GostKey256) -> GostIdentity {
        GostIdentity { der, key }
    }

    /// The certificate's DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The key.
    pub fn key(&self) -> &GostKey256 {
        &self.key
    }
}

impl TestSigner for GostIdentity {
    fn certificate_der(&self) -> &[u8] {
        &self.der
    }

    fn digest_algorithm(&self) -> DigestAlgorithm {
        DigestAlgorithm::Streebog256
    }

    fn signature_algorithm(&self) -> ObjectIdentifier {
        tanba_gost::OID_KZ_GOST2015_256_SIGNATURE
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.key.sign(message)
    }
}

fn gost_256() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: tanba_gost::OID_KZ_GOST2015_256_SIGNATURE,
        parameters: None,
    }
}

/// A name of (type OID, value) pairs, each its own RDN, values as UTF8String (Kazakh letters).
fn name(pairs: &[(&str, &str)]) -> Result<Name, PkiError> {
    let mut rdns = Vec::new();
    for (id, value) in pairs {
        let value = Any::new(Tag::Utf8String, value.as_bytes()).map_err(bad)?;
        let atv = AttributeTypeAndValue {
            oid: ObjectIdentifier::new_unwrap(id),
            value,
        };
        rdns.push(RelativeDistinguishedName(
            SetOfVec::try_from(vec![atv]).map_err(bad)?,
        ));
    }
    Ok(RdnSequence(rdns))
}

fn extension(
    id: ObjectIdentifier,
    critical: bool,
    value: &impl Encode,
) -> Result<Extension, PkiError> {
    Ok(Extension {
        extn_id: id,
        critical,
        extn_value: OctetString::new(value.to_der().map_err(bad)?).map_err(bad)?,
    })
}

/// The certificate of `subject` with `key`, signed by `issuer` (itself when `None`).
fn certificate(
    subject: Name,
    key: &GostKey256,
    issuer: Option<(&Name, &GostKey256)>,
    serial: u8,
    extensions: Vec<Extension>,
) -> Result<Vec<u8>, PkiError> {
    let (issuer_name, signer) = issuer.unwrap_or((&subject, key));
    let tbs = TbsCertificate {
        version: x509_cert::Version::V3,
        serial_number: SerialNumber::new(&[0x25, serial]).map_err(bad)?,
        signature: gost_256(),
        issuer: issuer_name.clone(),
        validity: Validity {
            not_before: x509_time(super::build::date(2025, 1, 1))?,
            not_after: x509_time(super::build::date(2045, 1, 1))?,
        },
        subject,
        subject_public_key_info: SubjectPublicKeyInfoOwned::from_der(&key.spki_der()?)
            .map_err(bad)?,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    let signature = signer.sign(&tbs.to_der().map_err(bad)?);
    X509 {
        tbs_certificate: tbs,
        signature_algorithm: gost_256(),
        signature: BitString::from_bytes(&signature).map_err(bad)?,
    }
    .to_der()
    .map_err(bad)
}

/// A GOST 34.10-2015 (256-bit) test PKI: a root CA on id-tc26-gost-3410-2012-256-paramSetA,
/// an organisation's head under it (`OU=BIN`[`ORG_BIN`], roles organisation and head) on the
/// curve asked for, and the root's empty CRL; everything signed with 256-bit GOST.
#[derive(Debug)]
pub struct GostTestPki {
    /// The self-signed root CA.
    pub root: GostIdentity,
    /// The organisation's head, the signer of the tests' CMS.
    pub signer: GostIdentity,
    /// The root's complete CRL (number 1, 2025-06-01 .. 2045-01-01, nobody revoked).
    pub crl: Vec<u8>,
}

impl GostTestPki {
    /// Fresh keys and certificates, the signer's key on `signer_curve`.
    pub fn generate(signer_curve: GostCurve256) -> Result<GostTestPki, PkiError> {
        let root_key = GostKey256::generate(GostCurve256::Tc26A);
        let root_name = name(&[("2.5.4.3", "ТАҢБА TEST GOST-256 CA"), ("2.5.4.6", "KZ")])?;
        let ca_usage = KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign);
        let ca_extensions = vec![
            extension(
                oid::BASIC_CONSTRAINTS,
                true,
                &BasicConstraints {
                    ca: true,
                    path_len_constraint: None,
                },
            )?,
            extension(oid::KEY_USAGE, true, &ca_usage)?,
        ];
        let root_der = certificate(root_name.clone(), &root_key, None, 1, ca_extensions)?;

        let signer_key = GostKey256::generate(signer_curve);
        let serial_number = format!("IIN{HEAD_IIN}");
        let org_unit = format!("BIN{ORG_BIN}");
        let signer_name = name(&[
            ("2.5.4.3", "СӘРСЕНБАЕВА ГҮЛНАР"),
            ("2.5.4.5", &serial_number),
            ("2.5.4.10", "ЖШС «ТАҢБА ТЕСТ»"),
            ("2.5.4.11", &org_unit),
            ("2.5.4.6", "KZ"),
        ])?;
        let roles = ExtendedKeyUsage(vec![Role::Organisation.oid(), Role::Head.oid()]);
        let leaf_usage = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation);
        let leaf_extensions = vec![
            extension(
                oid::BASIC_CONSTRAINTS,
                true,
                &BasicConstraints {
                    ca: false,
                    path_len_constraint: None,
                },
            )?,
            extension(oid::KEY_USAGE, true, &leaf_usage)?,
            extension(oid::EXT_KEY_USAGE, false, &roles)?,
        ];
        let signer_der = certificate(
            signer_name,
            &signer_key,
            Some((&root_name, &root_key)),
            2,
            leaf_extensions,
        )?;
        let crl = crl(&root_name, &root_key)?;
        Ok(GostTestPki {
            root: GostIdentity::new(root_der, root_key),
            signer: GostIdentity::new(signer_der, signer_key),
            crl,
        })
    }

    /// The PKI trusting the root, with its CRL.
    pub fn pki(&self) -> Result<Pki, PkiError> {
        let mut trust = TrustStore::new();
        trust.add_root(Certificate::from_der(self.root.der())?);
        let mut revocation = RevocationIndex::new();
        revocation.add(Crl::from_der(&self.crl)?, &trust)?;
        Ok(Pki::new(trust, revocation))
    }
}

/// The root's complete, empty CRL, signed with 256-bit GOST.
fn crl(issuer: &Name, key: &GostKey256) -> Result<Vec<u8>, PkiError> {
    let tbs = TbsCertList {
        version: x509_cert::Version::V2,
        signature: gost_256(),
        issuer: issuer.clone(),
        this_update: x509_time(super::build::date(2025, 6, 1))?,
        next_update: Some(x509_time(super::build::date(2045, 1, 1))?),
        revoked_certificates: None,
        crl_extensions: Some(vec![extension(
            oid::CRL_NUMBER,
            false,
            &Uint::new(&[1]).map_err(bad)?,
        )?]),
    };
    let signature = key.sign(&tbs.to_der().map_err(bad)?);
    CertificateList {
        tbs_cert_list: tbs,
        signature_algorithm: gost_256(),
        signature: BitString::from_bytes(&signature).map_err(bad)?,
    }
    .to_der()
    .map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The affine arithmetic is a group law: qG is the point at infinity on every curve, and
    /// (a + b)G = aG + bG.
    #[test]
    fn the_signers_arithmetic_is_the_curves_group_law() {
        for curve in GostCurve256::ALL {
            let params = curve.params();
            assert!(params.on_curve(&params.g), "{curve:?}: G on the curve");
            assert_eq!(params.times_g(&params.q), None, "{curve:?}: qG = O");
            let (a, b) = (BigUint::from(1234567u32), BigUint::from(7654321u32));
            assert_eq!(
                params.times_g(&(&a + &b)),
                params.add(&params.times_g(&a), &params.times_g(&b)),
                "{curve:?}"
            );
        }
    }
}
