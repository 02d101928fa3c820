//! Serials as the format-preserving encryption of a per-GTIN counter (R1; DESIGN.md, "Emission
//! at scale").
//!
//! An order reserves a range of counters for its GTIN; serial `i` of the order is
//! FF1(key, tweak = GTIN, counter `i` written in the group's alphabet and length). FF1 is a
//! permutation of the format's serials for each (key, GTIN), so serials are unique by
//! construction (R1) and unpredictable without the key (R2), and a scanned serial decrypts back
//! to its counter, hence to its order.
//!
//! FF1 (NIST SP 800-38G) comes from the `fpe` crate: RustCrypto's implementation, checked by its
//! authors against NIST's sample vectors, any radix from 2 to 2^16 (our alphabets have 2 to 82
//! characters), over AES from the `aes` crate. It enforces SP 800-38G rev. 1's minimum domain of
//! 1,000,000, which [`SerialFormat::new`] enforces too. Its numeral strings are `Vec<u16>` with
//! big-number arithmetic: correct for every radix, if not the fastest.

use std::fmt;

use aes::Aes256;
use fpe::ff1::{FF1, FlexibleNumeralString};

use super::{EmissionError, Serial, SerialFormat};
use crate::Gtin;

/// The length of a serial key: AES-256.
pub const SERIAL_KEY_LEN: usize = 32;

/// Turns counters into serials of one format and back, under one secret key.
///
/// `Debug` shows the format, never the key.
pub struct SerialCipher {
    format: SerialFormat,
    ff1: FF1<Aes256>,
}

impl SerialCipher {
    /// A cipher for `format` under `key` (32 bytes, AES-256). The hub owns and stores keys; this
    /// type only uses them.
    pub fn new(format: SerialFormat, key: &[u8]) -> Result<Self, EmissionError> {
        if key.len() != SERIAL_KEY_LEN {
            return Err(EmissionError::SerialKeyLength { len: key.len() });
        }
        let ff1 = FF1::<Aes256>::new(key, format.radix())
            .expect("a format's radix is 2..=82, within FF1's 2..=65536");
        Ok(SerialCipher { format, ff1 })
    }

    /// The format serials are written in.
    pub fn format(&self) -> &SerialFormat {
        &self.format
    }

    /// How many counters there are: the format's capacity, at most 2^64 (every `u64`).
    pub fn counter_space(&self) -> u128 {
        self.format.capacity().min(1u128 << 64)
    }

    /// The serial of `counter` for `gtin`. Refuses a counter at or beyond
    /// [`SerialCipher::counter_space`].
    pub fn encrypt(&self, gtin: Gtin, counter: u64) -> Result<Serial, EmissionError> {
        let capacity = self.counter_space();
        if u128::from(counter) >= capacity {
            return Err(EmissionError::CounterOutOfRange { counter, capacity });
        }
        let plain = FlexibleNumeralString::from(self.to_numerals(counter));
        let cipher = self
            .ff1
            .encrypt(&tweak(gtin), &plain)
            .expect("numerals are below the radix and the length meets FF1's minimum");
        Ok(self.format.render(&Vec::from(cipher)))
    }

    /// The counter `serial` was made from for `gtin`. Refuses a serial outside the format, and
    /// one that decrypts beyond the counter space (never emitted: a guess or a forgery).
    pub fn decrypt(&self, gtin: Gtin, serial: &Serial) -> Result<u64, EmissionError> {
        let numerals = self.format.numerals(serial)?;
        let plain = self
            .ff1
            .decrypt(&tweak(gtin), &FlexibleNumeralString::from(numerals))
            .expect("numerals are below the radix and the length meets FF1's minimum");
        let radix = u128::from(self.format.radix());
        let value = Vec::from(plain)
            .into_iter()
            .fold(0u128, |acc, n| acc * radix + u128::from(n));
        u64::try_from(value).map_err(|_| EmissionError::SerialNotEmitted {
            serial: serial.to_string(),
        })
    }

    /// `counter` in base radix, most significant numeral first, padded to the format's length.
    fn to_numerals(&self, counter: u64) -> Vec<u16> {
        let radix = u64::from(self.format.radix());
        let mut rest = counter;
        let mut numerals = vec![0u16; self.format.length()];
        for numeral in numerals.iter_mut().rev() {
            *numeral = u16::try_from(rest % radix).expect("a remainder is below the radix <= 82");
            rest /= radix;
        }
        numerals
    }
}

/// The FF1 tweak: the GTIN's 14 digits in ASCII, so each GTIN has its own permutation and the
/// same counter gives unrelated serials for two GTINs.
fn tweak(gtin: Gtin) -> [u8; 14] {
    let mut bytes = [0u8; 14];
    bytes.copy_from_slice(gtin.to_string().as_bytes());
    bytes
}

impl fmt::Debug for SerialCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SerialCipher")
            .field("format", &self.format)
            .field("key", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
#[path = "cipher_tests.rs"]
mod tests;
