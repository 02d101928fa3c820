//! Emission (R1, R2), the pure part: a product group's serial rules, serials made by
//! format-preserving encryption of a per-GTIN counter, and the crypto tail that makes a generated
//! or copied code detectable (DESIGN.md, "The marking code" and "Emission at scale";
//! `../shared/formats/GS1.md`).
//!
//! - [`SerialFormat`]: a group's serial length and alphabet (a subset of GS1 CSET 82), and the
//!   [`Serial`] newtype.
//! - [`SerialCipher`]: `counter -> serial` and back under a secret key with the GTIN as tweak
//!   (FF1), so serials are unique per GTIN by construction (R1) and a scanned serial leads back
//!   to the order that reserved its counter.
//! - [`verification_code`] and [`verify`]: the AI (91) key id and AI (92)/(93) code (R2), with a
//!   [`Keyring`] that keeps rotated keys verifying the codes they made.
//!
//! Keys come in as bytes from whoever owns them (the hub's key store); nothing here makes,
//! stores or prints a key, nor draws randomness: every function is deterministic.

mod cipher;
mod code;
mod error;
mod format;
mod keys;
mod verification;

pub use cipher::{SERIAL_KEY_LEN, SerialCipher};
pub use code::emitted_code;
pub use error::EmissionError;
pub use format::{Serial, SerialFormat};
pub use keys::{MIN_MASTER_SECRET_LEN, MasterSecret};
pub use verification::{
    CodeToVerify, KeyId, Keyring, MIN_VERIFICATION_SECRET_LEN, TailLength, Verdict,
    VerificationKey, verification_code, verify,
};
