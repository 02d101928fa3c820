//! Where emission keys come from (R1, R2): every serial key and verification key is derived
//! from one master secret with HKDF-SHA-256 (RFC 5869), named by what it is for.
//!
//! So the database holds key *ids* only, never key material: rotating a verification key is a
//! new id, and the secret of any id, old or new, is re-derived on demand. The master secret is
//! the one thing to guard (a file only the hub reads, the same on every hub node). The `hkdf`
//! crate is RustCrypto's, of the same generation as the `hmac` and `sha2` used here.
//!
//! Serial keys are per product group and never rotate: serials are unique per GTIN because one
//! permutation (one key, one format) maps distinct counters to distinct serials; a second key
//! for the same GTIN could map another counter onto a serial already issued.

use std::fmt;

use hkdf::Hkdf;
use sha2::Sha256;

use super::{EmissionError, KeyId, SERIAL_KEY_LEN, VerificationKey};

/// The shortest master secret accepted: 256 bits.
pub const MIN_MASTER_SECRET_LEN: usize = 32;

/// The secret all emission keys derive from. `Debug` never shows it.
#[derive(Clone)]
pub struct MasterSecret(Vec<u8>);

impl MasterSecret {
    /// A master secret of at least [`MIN_MASTER_SECRET_LEN`] bytes.
    pub fn new(secret: Vec<u8>) -> Result<Self, EmissionError> {
        if secret.len() < MIN_MASTER_SECRET_LEN {
            return Err(EmissionError::MasterSecretTooShort { len: secret.len() });
        }
        Ok(MasterSecret(secret))
    }

    /// The FF1 key of `group`'s serials (AES-256).
    pub fn serial_key(&self, group: &str) -> [u8; SERIAL_KEY_LEN] {
        let mut key = [0u8; SERIAL_KEY_LEN];
        self.expand(&["serial-key", group], &mut key);
        key
    }

    /// `group`'s verification key named `id`.
    pub fn verification_key(&self, group: &str, id: &KeyId) -> VerificationKey {
        let mut secret = vec![0u8; 32];
        self.expand(&["verification-key", group, id.as_str()], &mut secret);
        VerificationKey::new(id.clone(), secret).expect("32 bytes is a valid verification secret")
    }

    /// The key that hashes the addresses of public checks (R7): checks from one client can be
    /// told apart without the address being kept.
    pub fn client_hash_key(&self) -> [u8; 32] {
        let mut key = [0u8; 32];
        self.expand(&["public-check-client"], &mut key);
        key
    }

    /// HKDF-Expand with `info` = "tanba/v1" and each part, NUL-separated (parts hold no NUL:
    /// group ids and key ids are ASCII letters, digits and '-').
    fn expand(&self, parts: &[&str], out: &mut [u8]) {
        let mut info = b"tanba/v1".to_vec();
        for part in parts {
            info.push(0);
            info.extend_from_slice(part.as_bytes());
        }
        Hkdf::<Sha256>::new(None, &self.0)
            .expand(&info, out)
            .expect("32 bytes is within HKDF-SHA-256's output limit");
    }
}

impl fmt::Debug for MasterSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterSecret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn master(byte: u8) -> MasterSecret {
        MasterSecret::new(vec![byte; 32]).expect("32 bytes")
    }

    #[test]
    fn keys_differ_by_purpose_group_and_id() {
        let m = master(7);
        let a = KeyId::parse("AAAA").expect("id");
        let b = KeyId::parse("BBBB").expect("id");
        assert_ne!(m.serial_key("tobacco"), m.serial_key("pharma"));
        assert_eq!(m.serial_key("tobacco"), master(7).serial_key("tobacco"));
        assert_ne!(m.serial_key("tobacco"), master(8).serial_key("tobacco"));
        let gtin = crate::Gtin::parse("04600000000015").expect("gtin");
        let serial = super::super::Serial::parse("abc1234").expect("serial");
        let code = |g: &str, id: &KeyId| {
            super::super::verification_code(
                &m.verification_key(g, id),
                gtin,
                &serial,
                super::super::TailLength::Long44,
            )
        };
        assert_ne!(code("tobacco", &a), code("tobacco", &b));
        assert_ne!(code("tobacco", &a), code("pharma", &a));
        assert_eq!(code("tobacco", &a), code("tobacco", &a));
    }

    #[test]
    fn short_master_secret_is_refused_and_never_shown() {
        assert!(matches!(
            MasterSecret::new(vec![1; 31]),
            Err(EmissionError::MasterSecretTooShort { len: 31 })
        ));
        assert_eq!(format!("{:?}", master(9)), "MasterSecret(<redacted>)");
    }
}
