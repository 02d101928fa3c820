//! The crypto tail (R2): a verification code that only the holder of the product group's key
//! can compute for a (GTIN, serial), named by a key id so keys can be rotated (DESIGN.md, "The
//! marking code"; `../shared/formats/GS1.md`, "Per product group").
//!
//! The code is HMAC-SHA-256 (`hmac` + `sha2`, RustCrypto) of a canonical encoding of GTIN and
//! serial, rendered in standard base64 (whose characters are all in CSET 82, so they fit AIs 92
//! and 93): 32 bytes give the 44 characters of a short AI (92), 64 bytes (two HMAC blocks) the
//! 88 of a long one, 3 bytes the 4 characters of AI (93). The tail's length is part of the MAC
//! input, so a 4-character code tells nothing about the 44-character one of the same serial.
//! Codes are compared in constant time (`subtle`).

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

use super::{EmissionError, Serial};
use crate::{Ai, ElementString, Gtin};

/// The shortest secret a verification key may have: HMAC-SHA-256's output size.
pub const MIN_VERIFICATION_SECRET_LEN: usize = 32;

/// Separates this MAC's inputs from any other use of the same key, and versions the encoding.
const DOMAIN: &[u8] = b"tanba/verification-code/v1\0";

/// How a product group's crypto tail is written (`GS1.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TailLength {
    /// AI (93) of 4 characters (tobacco blocks, dairy, water, beer, ...).
    Short4,
    /// AI (92) of 44 characters (pharmaceuticals, perfume, tyres, ...).
    Long44,
    /// AI (92) of 88 characters (footwear, light industry).
    Long88,
}

impl TailLength {
    /// How many characters the code has.
    pub fn chars(self) -> usize {
        match self {
            TailLength::Short4 => 4,
            TailLength::Long44 => 44,
            TailLength::Long88 => 88,
        }
    }

    /// The tail length of a code of `chars` characters, if it is one of the three.
    pub fn of_chars(chars: usize) -> Option<Self> {
        [TailLength::Short4, TailLength::Long44, TailLength::Long88]
            .into_iter()
            .find(|t| t.chars() == chars)
    }

    /// How many MAC bytes the code encodes.
    fn mac_bytes(self) -> usize {
        match self {
            TailLength::Short4 => 3,
            TailLength::Long44 => 32,
            TailLength::Long88 => 64,
        }
    }
}

/// A verification key id, AI (91): 4 Latin letters or digits. Scanned codes carry them in upper
/// or lower case (`FFD0`, `ffd0`); they name the same key, so the id is kept in upper case.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId([u8; 4]);

impl KeyId {
    /// Parses a key id, case-insensitively.
    pub fn parse(text: &str) -> Result<Self, EmissionError> {
        let bytes: [u8; 4] = text
            .as_bytes()
            .try_into()
            .ok()
            .filter(|b: &[u8; 4]| b.iter().all(u8::is_ascii_alphanumeric))
            .ok_or_else(|| EmissionError::KeyIdFormat {
                value: text.to_owned(),
            })?;
        Ok(KeyId(bytes.map(|b| b.to_ascii_uppercase())))
    }

    /// The id as AI (91) carries it, in upper case.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("a key id is 4 ASCII letters or digits")
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.as_str())
    }
}

/// A product group's verification key: an id printed in every code (AI 91) and a secret that
/// never leaves the hub. `Debug` shows the id only.
#[derive(Clone)]
pub struct VerificationKey {
    id: KeyId,
    secret: Vec<u8>,
}

impl VerificationKey {
    /// A key with at least [`MIN_VERIFICATION_SECRET_LEN`] bytes of secret.
    pub fn new(id: KeyId, secret: Vec<u8>) -> Result<Self, EmissionError> {
        if secret.len() < MIN_VERIFICATION_SECRET_LEN {
            return Err(EmissionError::VerificationKeyTooShort {
                id: id.to_string(),
                len: secret.len(),
            });
        }
        Ok(VerificationKey { id, secret })
    }

    /// The key's id.
    pub fn id(&self) -> &KeyId {
        &self.id
    }
}

impl fmt::Debug for VerificationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerificationKey")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// The verification code of `gtin` and `serial` under `key`, `length` characters long.
pub fn verification_code(
    key: &VerificationKey,
    gtin: Gtin,
    serial: &Serial,
    length: TailLength,
) -> String {
    let message = canonical_message(gtin, serial, length);
    let mut bytes = Vec::with_capacity(64);
    for block in 1u8..=2 {
        if bytes.len() >= length.mac_bytes() {
            break;
        }
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&key.secret).expect("HMAC accepts keys of any length");
        mac.update(&message);
        mac.update(&[block]);
        bytes.extend_from_slice(&mac.finalize().into_bytes());
    }
    bytes.truncate(length.mac_bytes());
    BASE64.encode(bytes)
}

/// Domain, tail length, GTIN's 14 digits, serial length and serial: every field fixed-size or
/// length-prefixed, so no two (GTIN, serial, length) share an encoding.
fn canonical_message(gtin: Gtin, serial: &Serial, length: TailLength) -> Vec<u8> {
    let serial = serial.as_str().as_bytes();
    let mut message = Vec::with_capacity(DOMAIN.len() + 16 + serial.len());
    message.extend_from_slice(DOMAIN);
    // Tail lengths (4, 44, 88) and serial lengths (1..=20) fit a byte.
    message.push(length.chars() as u8);
    message.extend_from_slice(gtin.to_string().as_bytes());
    message.push(serial.len() as u8);
    message.extend_from_slice(serial);
    message
}

/// Verification keys by id: the current one and those rotated out, which keep verifying the
/// codes they made. `Debug` shows the ids only.
#[derive(Clone, Default)]
pub struct Keyring {
    keys: BTreeMap<KeyId, VerificationKey>,
}

impl Keyring {
    /// A keyring of `keys`; refuses two keys with one id.
    pub fn new(keys: impl IntoIterator<Item = VerificationKey>) -> Result<Self, EmissionError> {
        let mut ring = Keyring::default();
        for key in keys {
            ring.add(key)?;
        }
        Ok(ring)
    }

    /// Adds a key (a rotation adds the new key and keeps the old ones); refuses a known id.
    pub fn add(&mut self, key: VerificationKey) -> Result<(), EmissionError> {
        if self.keys.contains_key(&key.id) {
            return Err(EmissionError::DuplicateKeyId {
                id: key.id.to_string(),
            });
        }
        self.keys.insert(key.id.clone(), key);
        Ok(())
    }

    /// The key named `id`.
    pub fn get(&self, id: &KeyId) -> Option<&VerificationKey> {
        self.keys.get(id)
    }
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.keys.keys()).finish()
    }
}

/// What a scanned code says about itself: GTIN `(01)`, serial `(21)`, key id `(91)` (for an
/// AI (93) tail, which carries no key id, the product group's key id) and verification code
/// `(92)` or `(93)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeToVerify {
    /// The GTIN.
    pub gtin: Gtin,
    /// The serial.
    pub serial: Serial,
    /// The key the code claims to be made with.
    pub key_id: KeyId,
    /// The verification code as scanned.
    pub verification_code: String,
}

impl CodeToVerify {
    /// The parts of a scanned code that its verification needs: GTIN (01), serial (21), and
    /// either key id (91) with verification code (92), or the short code (93), whose key is the
    /// product group's `short_tail_key` (a code with AI 93 names no key).
    pub fn from_element_string(
        code: &ElementString,
        short_tail_key: Option<&KeyId>,
    ) -> Result<Self, EmissionError> {
        let missing = |ai: &'static str| EmissionError::CodeIncomplete { ai };
        let gtin = code.gtin().ok_or_else(|| missing("01"))?;
        let serial = code.serial().ok_or_else(|| missing("21"))?;
        let serial = Serial::parse(serial).map_err(|_| missing("21"))?;
        let (key_id, verification_code) = match code.get(Ai::VERIFICATION_CODE) {
            Some(long) => {
                let id = code
                    .get(Ai::VERIFICATION_KEY_ID)
                    .ok_or_else(|| missing("91"))?;
                (KeyId::parse(id)?, long)
            }
            None => {
                let short = code
                    .get(Ai::SHORT_VERIFICATION_CODE)
                    .ok_or_else(|| missing("92"))?;
                (short_tail_key.ok_or_else(|| missing("91"))?.clone(), short)
            }
        };
        Ok(CodeToVerify {
            gtin,
            serial,
            key_id,
            verification_code: verification_code.to_owned(),
        })
    }
}

/// Whether a code's crypto tail is genuine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The code was made with key `key_id` for this GTIN and serial.
    Genuine {
        /// The key that made it.
        key_id: KeyId,
    },
    /// The code does not match: forged, generated, altered or misread.
    Forged,
    /// The code names a key the keyring does not hold.
    UnknownKey {
        /// The key id the code names.
        key_id: KeyId,
    },
}

impl Verdict {
    /// The verdict as a result: the key id if genuine, the error to show otherwise.
    pub fn into_result(self) -> Result<KeyId, EmissionError> {
        match self {
            Verdict::Genuine { key_id } => Ok(key_id),
            Verdict::Forged => Err(EmissionError::VerificationFailed),
            Verdict::UnknownKey { key_id } => Err(EmissionError::UnknownVerificationKey {
                id: key_id.to_string(),
            }),
        }
    }
}

/// Checks `code`'s verification code against the key it names. A code of a length that is no
/// tail length is [`Verdict::Forged`].
pub fn verify(keyring: &Keyring, code: &CodeToVerify) -> Verdict {
    let Some(key) = keyring.get(&code.key_id) else {
        return Verdict::UnknownKey {
            key_id: code.key_id.clone(),
        };
    };
    let scanned = code.verification_code.as_bytes();
    let Some(length) = TailLength::of_chars(scanned.len()) else {
        return Verdict::Forged;
    };
    let expected = verification_code(key, code.gtin, &code.serial, length);
    if bool::from(expected.as_bytes().ct_eq(scanned)) {
        Verdict::Genuine {
            key_id: key.id.clone(),
        }
    } else {
        Verdict::Forged
    }
}

#[cfg(test)]
#[path = "verification_tests.rs"]
mod tests;
