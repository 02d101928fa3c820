//! GOST signature verification for the Kazakh national PKI (NCA RK), the cryptographic core
//! behind requirement R16 of `REQUIREMENTS.md` ("use of electronic digital signatures from
//! certifying centres accredited in Kazakhstan ... to identify and authenticate users and for
//! document flow").
//!
//! **What it is for:** checking a GOST R 34.10-2015 (= GOST 34.10-2012) signature made on the
//! 512-bit curve id-tc26-gost-3410-12-512-paramSetA (national OID 1.2.398.3.10.1.1.2.2.1) with
//! the Streebog-512 hash (GOST 34.11-2012), in the byte order of the national provider:
//!
//! - public key: the 128-byte OCTET STRING inside the certificate's BIT STRING, X||Y, each half
//!   64 bytes little-endian ([`PublicKey::from_raw`], [`PublicKey::from_spki_der`]);
//! - digest: the Streebog output in its normal byte order, read as a little-endian integer
//!   mod q ([`verify_digest`]);
//! - signature: 128 bytes r||s, each half little-endian ([`Signature::from_bytes`]); this is the
//!   byte reverse of RFC 4491's big-endian s||r, so Russian-convention signatures do not verify
//!   here.
//!
//! The signed message is whatever the container signs: the DER of tbsCertificate/tbsCertList,
//! the signedAttrs of a CMS SignerInfo re-tagged as SET OF (0x31), a canonicalised XML
//! SignedInfo. The tests under `tests/` prove certificates, the CRL and the CMS signedAttrs
//! against the national CA's real test PKI in `shared/fixtures/nca`; XML needs a C14N
//! implementation first, which belongs to the PKI layer.
//!
//! **What it is not for:** signing or key handling (the arithmetic is not constant-time, which is
//! fine only because everything a verifier touches is public); parsing certificates, CMS or XML,
//! building chains, checking validity periods, key usage or revocation: that is the PKI layer,
//! which calls [`verify`] / [`verify_digest`] behind its own verifier trait. No IO, no async.
//!
//! **GOST 34.10-2015 with 256-bit keys** (signature OID 1.2.398.3.10.1.1.2.3.1, Streebog-256,
//! hash OID 1.2.398.3.10.1.3.2; [`Algorithm::Gost2015_256`]): the same conventions at 32 bytes
//! per half, on the curve the key's parameters name: id-tc26-gost-3410-2012-256-paramSetA or
//! CryptoPro A, B or C (and XchA/XchB, their aliases). Proven on the standard's own 256-bit
//! example (GOST R 34.10-2012 appendix A.1 = RFC 7091 section 7.1) to the byte, and end to end
//! (certificates, CRL, CMS on every 256-bit curve) against an independent test-only signer in
//! `tanba-pki`'s `testpki` (`hub/pki/tests/gost256_round_trip.rs`); no national 256-bit
//! certificate was available to test against, so the national curve OIDs for 256-bit
//! keys (if any) are not known here and such a key is refused as an unsupported curve.
//!
//! **GOST 34.310-2004** (signature OID 1.2.398.3.10.1.1.1.2, key OID 1.2.398.3.10.1.1.1.1), the
//! older national algorithm, is verified too ([`Algorithm::Gost34310_2004`]): it is GOST R
//! 34.10-2001 on the CryptoPro-A curve (national OID 1.2.398.3.10.1.1.1.1.1) with the GOST
//! 34.311-95 hash, which is GOST R 34.11-94 under its "test" S-box set (hash parameters
//! 1.2.398.3.10.1.3.1.1.0), and the same byte conventions at half the size: 64-byte key X||Y,
//! 32-byte digest read little-endian, 64-byte signature r||s, all little-endian. None of this is
//! written down by the national CA that we found; it was established on the real test PKI
//! (`ca/root_gost_test.crt`, `ca/nca_gost_test.crt`, `org-gost2004-test.der`): the keys lie on
//! CryptoPro-A and on no other standard 256-bit set, and of the hash, S-box and byte-order
//! variants only this one verifies the three certificates.
//!
//! **Crates.** `streebog` and `gost94` (RustCrypto) for the hashes. `num-bigint` for the
//! arithmetic: verification is a few hundred lines of textbook formulas over `BigUint` (Jacobian coordinates, one modular
//! inversion at the end, Shamir's trick for z1*G + z2*Q), it is already in the workspace's
//! dependency graph, and it needs no const-generic limb sizes or Montgomery set-up per modulus,
//! which `crypto-bigint` would (its constant-time guarantees buy nothing for public data). `der`
//! and `spki` (RustCrypto, the same versions `x509-cert` 0.2 uses) read SubjectPublicKeyInfo.
//!
//! ```no_run
//! # fn demo(spki_der: &[u8], tbs_der: &[u8], sig: &[u8]) -> Result<(), tanba_gost::GostError> {
//! let key = tanba_gost::PublicKey::from_spki_der(spki_der)?;
//! let sig = tanba_gost::Signature::from_bytes(sig)?;
//! tanba_gost::verify(&key, tbs_der, &sig)?;
//! # Ok(()) }
//! ```

mod algorithm;
mod curve;
mod error;
mod key;
mod point;
mod verify;

pub use algorithm::{
    Algorithm, OID_KZ_GOST2004_PUBLIC_KEY, OID_KZ_GOST2004_SIGNATURE,
    OID_KZ_GOST2015_256_SIGNATURE, OID_KZ_GOST2015_512_SIGNATURE, OID_KZ_GOST2015_PUBLIC_KEY,
    gost34311_95, streebog256, streebog512,
};
pub use curve::{
    Curve, OID_CRYPTOPRO_A_PARAMSET, OID_CRYPTOPRO_B_PARAMSET, OID_CRYPTOPRO_C_PARAMSET,
    OID_CRYPTOPRO_XCHA_PARAMSET, OID_CRYPTOPRO_XCHB_PARAMSET, OID_KZ_GOST2004_CURVE_A,
    OID_KZ_GOST2015_512_CURVE_A, OID_TC26_256_PARAMSET_A, OID_TC26_512_PARAMSET_A,
};
pub use error::GostError;
pub use key::{PublicKey, Signature};
pub use verify::{verify, verify_digest};
