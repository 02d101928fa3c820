//! What can go wrong when a product group's serial rules, serial keys or verification keys are
//! set up or used (R1, R2). Each error has a stable machine code and a message for a person.

use crate::Msg;

/// An emission error: a serial format, a key or a counter that breaks the rules of R1/R2.
///
/// Errors never carry key material; at most a key id or a length.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmissionError {
    /// The serial alphabet has fewer than two characters.
    #[error("a serial alphabet needs at least 2 characters, this one has {size}")]
    AlphabetTooSmall {
        /// How many distinct characters it has.
        size: usize,
    },
    /// A character of the alphabet is outside GS1 CSET 82.
    #[error("serial alphabet character {character:?} is not in GS1 CSET 82")]
    AlphabetCharacter {
        /// The offending character.
        character: char,
    },
    /// A character appears twice in the alphabet.
    #[error("serial alphabet character {character:?} is given twice")]
    AlphabetRepeat {
        /// The repeated character.
        character: char,
    },
    /// The serial length is outside what AI (21) allows.
    #[error("a serial has 1 to 20 characters, not {length}")]
    SerialLength {
        /// The length asked for.
        length: usize,
    },
    /// alphabet^length is below the smallest domain FF1 may encrypt (NIST SP 800-38G rev. 1).
    #[error("a serial format must allow at least 1,000,000 serials, this one allows {capacity}")]
    FormatTooSmall {
        /// How many serials the format allows.
        capacity: u128,
    },
    /// The serial key is not an AES-256 key.
    #[error("a serial key has 32 bytes, not {len}")]
    SerialKeyLength {
        /// The length given.
        len: usize,
    },
    /// The emission master secret is shorter than 256 bits.
    #[error("the emission master secret has {len} bytes, at least 32 are needed")]
    MasterSecretTooShort {
        /// Its length.
        len: usize,
    },
    /// A counter beyond the format's counter space.
    #[error("counter {counter} is outside the format's {capacity} serials")]
    CounterOutOfRange {
        /// The counter asked for.
        counter: u64,
        /// How many counters the format has (at most 2^64).
        capacity: u128,
    },
    /// A serial whose length is not the format's.
    #[error(
        "serial {serial:?} has {found} characters, the product group's serials have {expected}"
    )]
    SerialWrongLength {
        /// The serial.
        serial: String,
        /// The format's length.
        expected: usize,
        /// The serial's length.
        found: usize,
    },
    /// A serial with a character outside the format's alphabet.
    #[error(
        "serial {serial:?} has {character:?} at {position}, outside the product group's alphabet"
    )]
    SerialCharacter {
        /// The serial.
        serial: String,
        /// The character.
        character: char,
        /// Its 0-based position.
        position: usize,
    },
    /// A serial of the right shape that no counter encrypts to: the hub never emitted it.
    #[error("serial {serial:?} decrypts to no counter: it was not emitted by the hub")]
    SerialNotEmitted {
        /// The serial.
        serial: String,
    },
    /// A verification key id that is not 4 Latin letters or digits.
    #[error("a verification key id is 4 Latin letters or digits, not {value:?}")]
    KeyIdFormat {
        /// What was given.
        value: String,
    },
    /// A verification key secret too short to be a MAC key.
    #[error("verification key {id} has a {len}-byte secret, at least 32 are needed")]
    VerificationKeyTooShort {
        /// The key's id.
        id: String,
        /// The secret's length.
        len: usize,
    },
    /// Two keys with one id in one keyring.
    #[error("verification key id {id} is used twice")]
    DuplicateKeyId {
        /// The id.
        id: String,
    },
    /// A code names a verification key the keyring does not hold.
    #[error("verification key {id} is unknown")]
    UnknownVerificationKey {
        /// The id.
        id: String,
    },
    /// The verification code does not match GTIN and serial: forged, copied wrongly or altered.
    #[error("the verification code does not match the GTIN and serial")]
    VerificationFailed,
    /// A scanned code lacks an element its verification needs.
    #[error("the code has no AI ({ai}), which checking it needs")]
    CodeIncomplete {
        /// The missing application identifier.
        ai: &'static str,
    },
}

impl EmissionError {
    /// The stable machine code, for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            EmissionError::AlphabetTooSmall { .. } => "EMISSION_ALPHABET_TOO_SMALL",
            EmissionError::AlphabetCharacter { .. } => "EMISSION_ALPHABET_CHARACTER",
            EmissionError::AlphabetRepeat { .. } => "EMISSION_ALPHABET_REPEAT",
            EmissionError::SerialLength { .. } => "EMISSION_SERIAL_LENGTH",
            EmissionError::FormatTooSmall { .. } => "EMISSION_FORMAT_TOO_SMALL",
            EmissionError::SerialKeyLength { .. } => "EMISSION_SERIAL_KEY_LENGTH",
            EmissionError::MasterSecretTooShort { .. } => "EMISSION_MASTER_SECRET_TOO_SHORT",
            EmissionError::CounterOutOfRange { .. } => "EMISSION_COUNTER_OUT_OF_RANGE",
            EmissionError::SerialWrongLength { .. } => "SERIAL_WRONG_LENGTH",
            EmissionError::SerialCharacter { .. } => "SERIAL_CHARACTER",
            EmissionError::SerialNotEmitted { .. } => "SERIAL_NOT_EMITTED",
            EmissionError::KeyIdFormat { .. } => "VERIFICATION_KEY_ID_FORMAT",
            EmissionError::VerificationKeyTooShort { .. } => "VERIFICATION_KEY_TOO_SHORT",
            EmissionError::DuplicateKeyId { .. } => "VERIFICATION_KEY_ID_DUPLICATE",
            EmissionError::UnknownVerificationKey { .. } => "VERIFICATION_KEY_UNKNOWN",
            EmissionError::VerificationFailed => "VERIFICATION_CODE_MISMATCH",
            EmissionError::CodeIncomplete { .. } => "VERIFICATION_CODE_INCOMPLETE",
        }
    }

    /// The message a person reads: what is wrong and what to do.
    pub fn msg(&self) -> Msg {
        match self {
            EmissionError::AlphabetTooSmall { size } => {
                Msg::new("emission-alphabet-too-small").with_number("size", count(*size))
            }
            EmissionError::AlphabetCharacter { character } => {
                Msg::new("emission-alphabet-character").with("char", character.escape_debug())
            }
            EmissionError::AlphabetRepeat { character } => {
                Msg::new("emission-alphabet-repeat").with("char", character.escape_debug())
            }
            EmissionError::SerialLength { length } => {
                Msg::new("emission-serial-length").with_number("length", count(*length))
            }
            EmissionError::FormatTooSmall { capacity } => {
                Msg::new("emission-format-too-small").with("capacity", capacity)
            }
            EmissionError::SerialKeyLength { len } => {
                Msg::new("emission-serial-key-length").with_number("len", count(*len))
            }
            EmissionError::MasterSecretTooShort { len } => {
                Msg::new("emission-master-secret-too-short").with_number("len", count(*len))
            }
            EmissionError::CounterOutOfRange { counter, capacity } => {
                Msg::new("emission-counter-out-of-range")
                    .with("counter", counter)
                    .with("capacity", capacity)
            }
            EmissionError::SerialWrongLength {
                serial,
                expected,
                found,
            } => Msg::new("serial-wrong-length")
                .with("serial", serial)
                .with_number("expected", count(*expected))
                .with_number("found", count(*found)),
            EmissionError::SerialCharacter {
                serial,
                character,
                position,
            } => Msg::new("serial-character")
                .with("serial", serial)
                .with("char", character.escape_debug())
                .with_number("position", count(*position).saturating_add(1)),
            EmissionError::SerialNotEmitted { serial } => {
                Msg::new("serial-not-emitted").with("serial", serial)
            }
            EmissionError::KeyIdFormat { value } => {
                Msg::new("verification-key-id-format").with("value", value.escape_debug())
            }
            EmissionError::VerificationKeyTooShort { id, len } => {
                Msg::new("verification-key-too-short")
                    .with("id", id)
                    .with_number("len", count(*len))
            }
            EmissionError::DuplicateKeyId { id } => {
                Msg::new("verification-key-id-duplicate").with("id", id)
            }
            EmissionError::UnknownVerificationKey { id } => {
                Msg::new("verification-key-unknown").with("id", id)
            }
            EmissionError::VerificationFailed => Msg::new("verification-code-mismatch"),
            EmissionError::CodeIncomplete { ai } => {
                Msg::new("verification-code-incomplete").with("ai", ai)
            }
        }
    }
}

/// A length as a message number (lengths here are tiny).
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
