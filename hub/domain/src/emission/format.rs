//! A product group's serial rules (R1): how long its serials `(21)` are and which characters of
//! GS1 CSET 82 they use (`../shared/formats/GS1.md`, "Per product group").

use std::fmt;
use std::str::FromStr;

use super::EmissionError;
use crate::{Ai, ElementString, Gs1Error};

/// The longest serial AI (21) admits (`X..20`).
const MAX_SERIAL_LENGTH: usize = 20;

/// The smallest number of serials a format may allow: FF1 refuses smaller domains
/// (NIST SP 800-38G rev. 1, radix^minlen >= 1,000,000), and so does R1's need for room.
const MIN_CAPACITY: u128 = 1_000_000;

/// Marks a character that is not in the alphabet in [`SerialFormat::index`].
const ABSENT: u8 = u8::MAX;

/// A serial number `(21)`: 1 to 20 characters of GS1 CSET 82, made only by [`Serial::parse`] or
/// by a [`SerialFormat`] (which renders serials of its own shape).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Serial(String);

impl Serial {
    /// Parses a serial by the GS1 rules of AI (21): 1 to 20 characters of CSET 82. Whether it
    /// fits a product group is [`SerialFormat::check`]'s question.
    pub fn parse(text: &str) -> Result<Self, Gs1Error> {
        ElementString::from_elements([(Ai::SERIAL, text)])?;
        Ok(Serial(text.to_owned()))
    }

    /// The serial's characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Serial {
    type Err = Gs1Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Serial::parse(text)
    }
}

impl fmt::Display for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Serial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Serial({:?})", self.0)
    }
}

/// Whether GS1 admits `c` in a serial. Asked of the GS1 module, which owns CSET 82, so the
/// character set is defined once.
fn is_cset82(c: char) -> bool {
    ElementString::from_elements([(Ai::SERIAL, c.to_string())]).is_ok()
}

/// A product group's serial rules: an exact length and an alphabet, a set of at least two
/// characters of GS1 CSET 82.
///
/// The alphabet is kept sorted, so a format is a property of the set of characters, not of the
/// order they were written in; a character's place in that order is its numeral in
/// [`SerialCipher`](super::SerialCipher).
#[derive(Clone, PartialEq, Eq)]
pub struct SerialFormat {
    length: usize,
    alphabet: Vec<char>,
    /// Numeral of each ASCII character, [`ABSENT`] for those outside the alphabet.
    index: [u8; 128],
}

impl SerialFormat {
    /// A format of `length` characters drawn from `alphabet`. Refuses an alphabet with a
    /// character outside CSET 82, a repeated character or fewer than 2 characters, a length
    /// outside 1..=20, and a format allowing fewer than 1,000,000 serials.
    pub fn new(length: usize, alphabet: &str) -> Result<Self, EmissionError> {
        let mut chars: Vec<char> = alphabet.chars().collect();
        if let Some(&character) = chars.iter().find(|c| !is_cset82(**c)) {
            return Err(EmissionError::AlphabetCharacter { character });
        }
        chars.sort_unstable();
        if let Some(pair) = chars.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(EmissionError::AlphabetRepeat { character: pair[0] });
        }
        if chars.len() < 2 {
            return Err(EmissionError::AlphabetTooSmall { size: chars.len() });
        }
        if !(1..=MAX_SERIAL_LENGTH).contains(&length) {
            return Err(EmissionError::SerialLength { length });
        }
        let capacity = capacity_of(chars.len(), length);
        if capacity < MIN_CAPACITY {
            return Err(EmissionError::FormatTooSmall { capacity });
        }
        let mut index = [ABSENT; 128];
        for (numeral, c) in chars.iter().enumerate() {
            // CSET 82 is ASCII and has 82 characters: both casts are lossless.
            index[*c as usize] = numeral as u8;
        }
        Ok(SerialFormat {
            length,
            alphabet: chars,
            index,
        })
    }

    /// A format of `length` characters from the whole of CSET 82, as most groups use
    /// (`GS1.md`: "Serials use the whole of GS1 CSET 82").
    pub fn cset82(length: usize) -> Result<Self, EmissionError> {
        let all: String = (b'!'..=b'~')
            .map(char::from)
            .filter(|c| is_cset82(*c))
            .collect();
        SerialFormat::new(length, &all)
    }

    /// Tobacco: 7 characters of CSET 82.
    pub fn tobacco() -> Self {
        Self::cset82(7).expect("82^7 serials of 7 characters is a valid format")
    }

    /// Pharmaceuticals, footwear and light industry, perfume, tyres, bicycles, medical
    /// devices, and the long dairy shape: 13 characters of CSET 82.
    pub fn thirteen() -> Self {
        Self::cset82(13).expect("82^13 serials of 13 characters is a valid format")
    }

    /// Photo cameras: 20 characters of CSET 82.
    pub fn photo() -> Self {
        Self::cset82(20).expect("82^20 serials of 20 characters is a valid format")
    }

    /// Dairy, water, beer, antiseptics and dietary supplements, short shape: 6 characters of
    /// CSET 82 (their long shape is [`SerialFormat::thirteen`]).
    pub fn dairy_short() -> Self {
        Self::cset82(6).expect("82^6 serials of 6 characters is a valid format")
    }

    /// How many characters every serial has.
    pub fn length(&self) -> usize {
        self.length
    }

    /// The alphabet, sorted.
    pub fn alphabet(&self) -> &[char] {
        &self.alphabet
    }

    /// How many distinct serials the format allows: alphabet size ^ length.
    pub fn capacity(&self) -> u128 {
        capacity_of(self.alphabet.len(), self.length)
    }

    /// Checks that `serial` has this format's length and only its characters.
    pub fn check(&self, serial: &Serial) -> Result<(), EmissionError> {
        self.numerals(serial).map(drop)
    }

    /// The radix of the format's numerals: the alphabet's size.
    pub(super) fn radix(&self) -> u32 {
        // At most the 82 characters of CSET 82.
        self.alphabet.len() as u32
    }

    /// The serial as numerals (places in the alphabet), first character first.
    pub(super) fn numerals(&self, serial: &Serial) -> Result<Vec<u16>, EmissionError> {
        let text = serial.as_str();
        let found = text.chars().count();
        if found != self.length {
            return Err(EmissionError::SerialWrongLength {
                serial: text.to_owned(),
                expected: self.length,
                found,
            });
        }
        text.chars()
            .enumerate()
            .map(|(position, character)| {
                let numeral = self
                    .index
                    .get(character as usize)
                    .copied()
                    .unwrap_or(ABSENT);
                if numeral == ABSENT {
                    Err(EmissionError::SerialCharacter {
                        serial: text.to_owned(),
                        character,
                        position,
                    })
                } else {
                    Ok(u16::from(numeral))
                }
            })
            .collect()
    }

    /// The serial whose numerals are `numerals` (each below the radix, `length` of them).
    pub(super) fn render(&self, numerals: &[u16]) -> Serial {
        Serial(
            numerals
                .iter()
                .map(|n| self.alphabet[usize::from(*n)])
                .collect(),
        )
    }
}

impl fmt::Debug for SerialFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let alphabet: String = self.alphabet.iter().collect();
        f.debug_struct("SerialFormat")
            .field("length", &self.length)
            .field("alphabet", &alphabet)
            .finish()
    }
}

/// `size ^ length`; at most 82^20 < 2^128, so it cannot overflow for formats [`SerialFormat::new`]
/// can make, and saturates otherwise.
fn capacity_of(size: usize, length: usize) -> u128 {
    let length = u32::try_from(length).unwrap_or(u32::MAX);
    (size as u128).checked_pow(length).unwrap_or(u128::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_cset82_has_82_characters() {
        let format = SerialFormat::cset82(13).expect("valid by construction");
        assert_eq!(format.alphabet().len(), 82);
        assert!(format.alphabet().contains(&'"'));
        assert!(format.alphabet().contains(&'_'));
        assert!(!format.alphabet().contains(&'#'));
    }

    #[test]
    fn shapes_of_gs1_md() {
        assert_eq!(SerialFormat::tobacco().length(), 7);
        assert_eq!(SerialFormat::thirteen().length(), 13);
        assert_eq!(SerialFormat::photo().length(), 20);
        assert_eq!(SerialFormat::dairy_short().length(), 6);
        assert_eq!(SerialFormat::dairy_short().capacity(), 82u128.pow(6));
    }

    #[test]
    fn refuses_bad_alphabets_and_lengths() {
        let code =
            |r: Result<SerialFormat, EmissionError>| r.expect_err("refused by design").code();
        assert_eq!(
            code(SerialFormat::new(13, "A")),
            "EMISSION_ALPHABET_TOO_SMALL"
        );
        assert_eq!(
            code(SerialFormat::new(13, "")),
            "EMISSION_ALPHABET_TOO_SMALL"
        );
        assert_eq!(
            code(SerialFormat::new(13, "AB#")),
            "EMISSION_ALPHABET_CHARACTER"
        );
        assert_eq!(
            code(SerialFormat::new(13, "ABж")),
            "EMISSION_ALPHABET_CHARACTER"
        );
        assert_eq!(
            code(SerialFormat::new(13, "ABA")),
            "EMISSION_ALPHABET_REPEAT"
        );
        assert_eq!(code(SerialFormat::new(21, "AB")), "EMISSION_SERIAL_LENGTH");
        assert_eq!(code(SerialFormat::new(0, "AB")), "EMISSION_SERIAL_LENGTH");
        assert_eq!(
            code(SerialFormat::new(5, "0123456789")),
            "EMISSION_FORMAT_TOO_SMALL"
        );
        assert_eq!(
            code(SerialFormat::new(19, "01")),
            "EMISSION_FORMAT_TOO_SMALL"
        );
        assert!(SerialFormat::new(20, "01").is_ok());
        assert!(SerialFormat::new(6, "0123456789").is_ok());
    }

    #[test]
    fn alphabet_order_does_not_matter() {
        assert_eq!(
            SerialFormat::new(6, "9876543210").expect("valid by construction"),
            SerialFormat::new(6, "0123456789").expect("valid by construction")
        );
    }

    #[test]
    fn check_names_the_wrong_length_or_character() {
        let format = SerialFormat::new(6, "0123456789").expect("valid by construction");
        assert!(
            format
                .check(&Serial::parse("123456").expect("valid by construction"))
                .is_ok()
        );
        let short = format
            .check(&Serial::parse("12345").expect("valid by construction"))
            .expect_err("refused by design");
        assert_eq!(short.code(), "SERIAL_WRONG_LENGTH");
        let letter = format
            .check(&Serial::parse("12a456").expect("valid by construction"))
            .expect_err("refused by design");
        assert_eq!(
            letter,
            EmissionError::SerialCharacter {
                serial: "12a456".into(),
                character: 'a',
                position: 2
            }
        );
    }

    #[test]
    fn serial_follows_ai_21() {
        assert!(Serial::parse("ab(c)'\"%").is_ok());
        assert!(Serial::parse("").is_err());
        assert!(Serial::parse("#").is_err());
        assert!(Serial::parse(&"a".repeat(21)).is_err());
    }
}
