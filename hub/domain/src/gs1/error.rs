//! What can be wrong with a GS1 identifier or element string, in terms a person can act on.

use std::fmt;

use super::ai::{Ai, CharSet};
use crate::Msg;

/// Which GS1 key a standalone key error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// Global Trade Item Number (8, 12, 13 or 14 digits).
    Gtin,
    /// Serial Shipping Container Code (18 digits).
    Sscc,
    /// Global Location Number (13 digits).
    Gln,
}

impl KeyKind {
    /// The key's name as GS1 writes it: `GTIN`, `SSCC`, `GLN`.
    pub fn name(self) -> &'static str {
        match self {
            KeyKind::Gtin => "GTIN",
            KeyKind::Sscc => "SSCC",
            KeyKind::Gln => "GLN",
        }
    }

    /// The lengths the key may have, for messages: `8, 12, 13, 14`, `18`, `13`.
    pub fn lengths(self) -> &'static str {
        match self {
            KeyKind::Gtin => "8, 12, 13, 14",
            KeyKind::Sscc => "18",
            KeyKind::Gln => "13",
        }
    }
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A GS1 key or element string that breaks a GS1 rule. Positions are 0-based byte offsets into
/// the text that was parsed (in a Digital Link, the offset of the value's path segment or query
/// parameter plus the offset inside the decoded value); messages show them counted from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Gs1Error {
    /// Nothing to parse (empty, or only a symbology identifier and separators).
    #[error("the code is empty")]
    Empty,
    /// A standalone key with the wrong number of digits.
    #[error("a {key} has {} digits, not {len}", key.lengths())]
    KeyLength {
        /// The key.
        key: KeyKind,
        /// The number of characters found.
        len: usize,
    },
    /// A standalone key with a character that is not a digit.
    #[error("{key}: {character:?} at position {position} is not a digit")]
    KeyCharacter {
        /// The key.
        key: KeyKind,
        /// Where the character is.
        position: usize,
        /// The character.
        character: char,
    },
    /// A standalone key whose last digit does not match the GS1 mod-10 check digit.
    #[error("{key} {value}: check digit {found}, expected {expected}")]
    KeyCheckDigit {
        /// The key.
        key: KeyKind,
        /// The key as given.
        value: String,
        /// The check digit the other digits call for.
        expected: char,
        /// The check digit found.
        found: char,
    },
    /// The text at `position` does not start with an Application Identifier GS1 defines.
    #[error("no GS1 Application Identifier at position {position}: found `{found}`")]
    UnknownAi {
        /// Up to four characters found where an AI was expected.
        found: String,
        /// Where the AI was expected.
        position: usize,
    },
    /// A value shorter or longer than its AI allows.
    #[error("AI ({ai}) at position {position}: {len} characters, allowed {min} to {max}")]
    Length {
        /// The AI.
        ai: Ai,
        /// Where the value starts.
        position: usize,
        /// The value's length.
        len: usize,
        /// The shortest value allowed.
        min: usize,
        /// The longest value allowed.
        max: usize,
    },
    /// A character outside the AI's character set.
    #[error("AI ({ai}): {character:?} at position {position} is not allowed ({set:?})")]
    Character {
        /// The AI.
        ai: Ai,
        /// Where the character is.
        position: usize,
        /// The character.
        character: char,
        /// The set the character should come from.
        set: CharSet,
    },
    /// A value whose last digit does not match the GS1 mod-10 check digit.
    #[error("AI ({ai}) at position {position}: check digit {found}, expected {expected}")]
    CheckDigit {
        /// The AI.
        ai: Ai,
        /// Where the check digit is.
        position: usize,
        /// The check digit the other digits call for.
        expected: char,
        /// The check digit found.
        found: char,
    },
    /// A date (YYMMDD) that does not exist.
    #[error("AI ({ai}) at position {position}: {value} is not a date YYMMDD")]
    Date {
        /// The AI.
        ai: Ai,
        /// Where the date starts.
        position: usize,
        /// The six digits found.
        value: String,
    },
    /// The same AI twice in one code.
    #[error("AI ({ai}) appears a second time at position {position}")]
    DuplicateAi {
        /// The AI.
        ai: Ai,
        /// Where the second occurrence starts.
        position: usize,
    },
    /// A text that starts like a URI but is not an `http`/`https` URI with a host and path.
    #[error("not a GS1 Digital Link URI (https://host/01/...): problem at position {position}")]
    DigitalLinkSyntax {
        /// Where the problem is.
        position: usize,
    },
    /// A Digital Link path without a primary key such as `/01/<gtin>` or `/00/<sscc>`, or an
    /// element string without one when a Digital Link is asked for.
    #[error("no GS1 Digital Link primary key (such as /01/<GTIN> or /00/<SSCC>)")]
    DigitalLinkNoKey,
    /// A path AI that may not follow the primary key, or not in that order.
    #[error("AI ({ai}) at position {position} may not follow ({key}) in a Digital Link path")]
    DigitalLinkQualifier {
        /// The AI in the path.
        ai: Ai,
        /// The primary key it follows.
        key: Ai,
        /// Where it is.
        position: usize,
    },
    /// A `%` not followed by two hexadecimal digits.
    #[error("bad percent-encoding at position {position}")]
    PercentEncoding {
        /// Where the `%` is.
        position: usize,
    },
}

impl Gs1Error {
    /// The stable machine code, for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            Gs1Error::Empty => "GS1_EMPTY",
            Gs1Error::KeyLength { key, .. } => match key {
                KeyKind::Gtin => "GTIN_LENGTH",
                KeyKind::Sscc => "SSCC_LENGTH",
                KeyKind::Gln => "GLN_LENGTH",
            },
            Gs1Error::KeyCharacter { key, .. } => match key {
                KeyKind::Gtin => "GTIN_CHARACTER",
                KeyKind::Sscc => "SSCC_CHARACTER",
                KeyKind::Gln => "GLN_CHARACTER",
            },
            Gs1Error::KeyCheckDigit { key, .. } => match key {
                KeyKind::Gtin => "GTIN_CHECK_DIGIT",
                KeyKind::Sscc => "SSCC_CHECK_DIGIT",
                KeyKind::Gln => "GLN_CHECK_DIGIT",
            },
            Gs1Error::UnknownAi { .. } => "GS1_UNKNOWN_AI",
            Gs1Error::Length { .. } => "GS1_LENGTH",
            Gs1Error::Character { .. } => "GS1_CHARACTER",
            Gs1Error::CheckDigit { .. } => "GS1_CHECK_DIGIT",
            Gs1Error::Date { .. } => "GS1_DATE",
            Gs1Error::DuplicateAi { .. } => "GS1_DUPLICATE_AI",
            Gs1Error::DigitalLinkSyntax { .. } => "GS1_DL_SYNTAX",
            Gs1Error::DigitalLinkNoKey => "GS1_DL_NO_KEY",
            Gs1Error::DigitalLinkQualifier { .. } => "GS1_DL_QUALIFIER",
            Gs1Error::PercentEncoding { .. } => "GS1_DL_PERCENT_ENCODING",
        }
    }

    /// The AI the error is about, if it is about one.
    pub fn ai(&self) -> Option<Ai> {
        match self {
            Gs1Error::Length { ai, .. }
            | Gs1Error::Character { ai, .. }
            | Gs1Error::CheckDigit { ai, .. }
            | Gs1Error::Date { ai, .. }
            | Gs1Error::DuplicateAi { ai, .. }
            | Gs1Error::DigitalLinkQualifier { ai, .. } => Some(*ai),
            _ => None,
        }
    }

    /// The 0-based offset in the parsed text the error points at, if it points at one.
    pub fn position(&self) -> Option<usize> {
        match self {
            Gs1Error::KeyCharacter { position, .. }
            | Gs1Error::UnknownAi { position, .. }
            | Gs1Error::Length { position, .. }
            | Gs1Error::Character { position, .. }
            | Gs1Error::CheckDigit { position, .. }
            | Gs1Error::Date { position, .. }
            | Gs1Error::DuplicateAi { position, .. }
            | Gs1Error::DigitalLinkSyntax { position }
            | Gs1Error::DigitalLinkQualifier { position, .. }
            | Gs1Error::PercentEncoding { position } => Some(*position),
            _ => None,
        }
    }

    /// The message a person reads: what is wrong, where, and what to do.
    pub fn msg(&self) -> Msg {
        match self {
            Gs1Error::Empty => Msg::new("gs1-empty"),
            Gs1Error::KeyLength { key, len } => Msg::new("gs1-key-length")
                .with("key", key)
                .with("lengths", key.lengths())
                .with_number("len", count(*len)),
            Gs1Error::KeyCharacter {
                key,
                position,
                character,
            } => Msg::new("gs1-key-character")
                .with("key", key)
                .with("char", character.escape_debug())
                .with_number("position", place(*position)),
            Gs1Error::KeyCheckDigit {
                key,
                value,
                expected,
                found,
            } => Msg::new("gs1-key-check-digit")
                .with("key", key)
                .with("value", value)
                .with("expected", expected)
                .with("found", found),
            Gs1Error::UnknownAi { found, position } => Msg::new("gs1-unknown-ai")
                .with("found", found.escape_debug())
                .with_number("position", place(*position)),
            Gs1Error::Length {
                ai,
                position,
                len,
                min,
                max,
            } => {
                let msg = if min == max {
                    Msg::new("gs1-length-fixed")
                } else {
                    Msg::new("gs1-length-range")
                };
                msg.with("ai", ai)
                    .with_number("position", place(*position))
                    .with_number("len", count(*len))
                    .with_number("min", count(*min))
                    .with_number("max", count(*max))
            }
            Gs1Error::Character {
                ai,
                position,
                character,
                set,
            } => {
                let msg = match set {
                    CharSet::Numeric => Msg::new("gs1-character-digit"),
                    CharSet::Cset82 => Msg::new("gs1-character-cset82"),
                    CharSet::Cset39 => Msg::new("gs1-character-cset39"),
                    CharSet::Cset64 => Msg::new("gs1-character-cset64"),
                };
                msg.with("ai", ai)
                    .with("char", character.escape_debug())
                    .with_number("position", place(*position))
            }
            Gs1Error::CheckDigit {
                ai,
                position,
                expected,
                found,
            } => Msg::new("gs1-check-digit")
                .with("ai", ai)
                .with("expected", expected)
                .with("found", found)
                .with_number("position", place(*position)),
            Gs1Error::Date {
                ai,
                position,
                value,
            } => Msg::new("gs1-date")
                .with("ai", ai)
                .with("value", value)
                .with_number("position", place(*position)),
            Gs1Error::DuplicateAi { ai, position } => Msg::new("gs1-duplicate-ai")
                .with("ai", ai)
                .with_number("position", place(*position)),
            Gs1Error::DigitalLinkSyntax { position } => {
                Msg::new("gs1-dl-syntax").with_number("position", place(*position))
            }
            Gs1Error::DigitalLinkNoKey => Msg::new("gs1-dl-no-key"),
            Gs1Error::DigitalLinkQualifier { ai, key, position } => Msg::new("gs1-dl-qualifier")
                .with("ai", ai)
                .with("key", key)
                .with_number("position", place(*position)),
            Gs1Error::PercentEncoding { position } => {
                Msg::new("gs1-dl-percent").with_number("position", place(*position))
            }
        }
    }
}

/// A 0-based offset as the 1-based place a person counts.
fn place(position: usize) -> i64 {
    count(position).saturating_add(1)
}

/// A length as a message number (lengths of parsed text always fit).
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
