//! Kazakhstan's 12-digit identifiers of participants (R9): the IIN (individual identification
//! number, ЖСН / ИИН) of a person and the BIN (business identification number, БСН / БИН) of a
//! legal entity (`../shared/formats/GOVERNMENT.md`, "IIN / BIN").
//!
//! Both end in a check digit: weights 1..11 over the first eleven digits, sum mod 11; if that is
//! 10, weights 3, 4, ..., 11, 1, 2 and mod 11 again; if that is 10 too, no number may end with
//! it. A BIN's fifth digit is 4, 5 or 6 (legal entity).
//!
//! The national CA's test certificates carry identifiers that fail the check digit
//! (`123456789011`). Whether to accept them is the caller's explicit choice per call
//! ([`CheckDigitPolicy`]), never a global switch: production parses with
//! [`CheckDigitPolicy::Strict`], a test stand configured for NCA test keys with
//! [`CheckDigitPolicy::AcceptNcaTestIds`].
//!
//! The IIN also encodes its holder's birth date and sex; GOVERNMENT.md does not describe how,
//! so nothing here reads them.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::Msg;

/// Whether a parser insists on the check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckDigitPolicy {
    /// Every identifier must have a valid check digit (production).
    Strict,
    /// Identifiers whose check digit fails are accepted, as the national CA's test certificates
    /// carry them; length, digits and the BIN's entity type are still checked.
    AcceptNcaTestIds,
}

/// Which identifier an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KzIdKind {
    /// Individual identification number.
    Iin,
    /// Business identification number.
    Bin,
}

impl KzIdKind {
    /// `IIN` or `BIN`.
    pub fn name(self) -> &'static str {
        match self {
            KzIdKind::Iin => "IIN",
            KzIdKind::Bin => "BIN",
        }
    }

    /// `iin` or `bin`: the catalogue's selector for the identifier's name in each language.
    fn selector(self) -> &'static str {
        match self {
            KzIdKind::Iin => "iin",
            KzIdKind::Bin => "bin",
        }
    }
}

impl fmt::Display for KzIdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An IIN or BIN that breaks a rule. Positions are 0-based; messages count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KzIdError {
    /// Not 12 characters.
    #[error("an {kind} has 12 digits, not {len}")]
    Length {
        /// The identifier.
        kind: KzIdKind,
        /// The number of characters found.
        len: usize,
    },
    /// A character that is not a digit.
    #[error("{kind}: {character:?} at position {position} is not a digit")]
    Character {
        /// The identifier.
        kind: KzIdKind,
        /// Where the character is.
        position: usize,
        /// The character.
        character: char,
    },
    /// The last digit is not the one the first eleven call for.
    #[error("{kind} {value}: check digit {found}, expected {expected}")]
    CheckDigit {
        /// The identifier.
        kind: KzIdKind,
        /// The identifier as given.
        value: String,
        /// The check digit the first eleven digits call for.
        expected: char,
        /// The check digit found.
        found: char,
    },
    /// The first eleven digits admit no check digit (both sums give 10): no such number exists.
    #[error("{kind} {value}: no check digit exists for the first eleven digits")]
    NoCheckDigit {
        /// The identifier.
        kind: KzIdKind,
        /// The identifier as given.
        value: String,
    },
    /// A BIN whose fifth digit is not 4, 5 or 6, so it is not a legal entity's.
    #[error("BIN {value}: fifth digit {digit} is not 4, 5 or 6 (legal entity)")]
    BinEntityType {
        /// The BIN as given.
        value: String,
        /// The fifth digit.
        digit: char,
    },
}

impl KzIdError {
    /// The stable machine code, for APIs and logs.
    pub fn code(&self) -> &'static str {
        use KzIdKind::{Bin, Iin};
        match self {
            KzIdError::Length { kind: Iin, .. } => "IIN_LENGTH",
            KzIdError::Length { kind: Bin, .. } => "BIN_LENGTH",
            KzIdError::Character { kind: Iin, .. } => "IIN_CHARACTER",
            KzIdError::Character { kind: Bin, .. } => "BIN_CHARACTER",
            KzIdError::CheckDigit { kind: Iin, .. } => "IIN_CHECK_DIGIT",
            KzIdError::CheckDigit { kind: Bin, .. } => "BIN_CHECK_DIGIT",
            KzIdError::NoCheckDigit { kind: Iin, .. } => "IIN_NO_CHECK_DIGIT",
            KzIdError::NoCheckDigit { kind: Bin, .. } => "BIN_NO_CHECK_DIGIT",
            KzIdError::BinEntityType { .. } => "BIN_ENTITY_TYPE",
        }
    }

    /// Which identifier the error is about.
    pub fn kind(&self) -> KzIdKind {
        match self {
            KzIdError::Length { kind, .. }
            | KzIdError::Character { kind, .. }
            | KzIdError::CheckDigit { kind, .. }
            | KzIdError::NoCheckDigit { kind, .. } => *kind,
            KzIdError::BinEntityType { .. } => KzIdKind::Bin,
        }
    }

    /// The message a person reads: what is wrong, where, and what to do.
    pub fn msg(&self) -> Msg {
        let kind = self.kind().selector();
        match self {
            KzIdError::Length { len, .. } => Msg::new("kz-id-length")
                .with("kind", kind)
                .with_number("len", i64::try_from(*len).unwrap_or(i64::MAX)),
            KzIdError::Character {
                position,
                character,
                ..
            } => Msg::new("kz-id-character")
                .with("kind", kind)
                .with("char", character.escape_debug())
                .with_number(
                    "position",
                    i64::try_from(*position).map_or(i64::MAX, |p| p + 1),
                ),
            KzIdError::CheckDigit {
                value,
                expected,
                found,
                ..
            } => Msg::new("kz-id-check-digit")
                .with("kind", kind)
                .with("value", value)
                .with("expected", expected)
                .with("found", found),
            KzIdError::NoCheckDigit { value, .. } => Msg::new("kz-id-no-check-digit")
                .with("kind", kind)
                .with("value", value),
            KzIdError::BinEntityType { value, digit } => Msg::new("kz-bin-entity-type")
                .with("value", value)
                .with("digit", digit),
        }
    }
}

/// The check digit the first eleven digits call for, or `None` if both sums give 10.
fn kz_check_digit(first_eleven: &[u8]) -> Option<u8> {
    let weighted = |weights: [u32; 11]| -> u32 {
        first_eleven
            .iter()
            .zip(weights)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum::<u32>()
            % 11
    };
    let first = weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    let digit = if first == 10 {
        weighted([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])
    } else {
        first
    };
    (digit < 10).then(|| b'0' + digit as u8)
}

/// Checks length, digits and (by `policy`) the check digit; returns the number.
fn parse_kz_id(text: &str, kind: KzIdKind, policy: CheckDigitPolicy) -> Result<u64, KzIdError> {
    let len = text.chars().count();
    if len != 12 {
        return Err(KzIdError::Length { kind, len });
    }
    if let Some((position, character)) = text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(KzIdError::Character {
            kind,
            position,
            character,
        });
    }
    let (first_eleven, last) = text.as_bytes().split_at(11);
    let verdict = match kz_check_digit(first_eleven) {
        Some(expected) if expected == last[0] => Ok(()),
        Some(expected) => Err(KzIdError::CheckDigit {
            kind,
            value: text.to_owned(),
            expected: char::from(expected),
            found: char::from(last[0]),
        }),
        None => Err(KzIdError::NoCheckDigit {
            kind,
            value: text.to_owned(),
        }),
    };
    if policy == CheckDigitPolicy::Strict {
        verdict?;
    }
    Ok(text.parse().expect("twelve ASCII digits fit in a u64"))
}

macro_rules! kz_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u64);

        impl $name {
            /// The identifier as twelve digits.
            pub fn as_digits(&self) -> String {
                self.to_string()
            }

            /// Whether the check digit is right: always so under
            /// [`CheckDigitPolicy::Strict`]; `false` marks an NCA test identifier.
            pub fn has_valid_check_digit(&self) -> bool {
                let digits = self.to_string();
                let (first_eleven, last) = digits.as_bytes().split_at(11);
                kz_check_digit(first_eleven) == Some(last[0])
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:012}", self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

kz_id!(
    /// A person's individual identification number: twelve digits.
    Iin
);

kz_id!(
    /// A legal entity's business identification number: twelve digits, the fifth 4, 5 or 6.
    Bin
);

impl Iin {
    /// Parses twelve digits, checking the check digit as `policy` says.
    pub fn parse(text: &str, policy: CheckDigitPolicy) -> Result<Iin, KzIdError> {
        parse_kz_id(text, KzIdKind::Iin, policy).map(Iin)
    }
}

impl Bin {
    /// Parses twelve digits whose fifth is 4, 5 or 6, checking the check digit as `policy`
    /// says.
    pub fn parse(text: &str, policy: CheckDigitPolicy) -> Result<Bin, KzIdError> {
        let number = parse_kz_id(text, KzIdKind::Bin, policy)?;
        let digit = char::from(text.as_bytes()[4]);
        if !matches!(digit, '4' | '5' | '6') {
            return Err(KzIdError::BinEntityType {
                value: text.to_owned(),
                digit,
            });
        }
        Ok(Bin(number))
    }
}

#[cfg(test)]
mod tests {
    use super::CheckDigitPolicy::{AcceptNcaTestIds, Strict};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_documented_iin_is_valid() {
        let iin = Iin::parse("061211600012", Strict).expect("GOVERNMENT.md's valid IIN");
        assert_eq!(iin.to_string(), "061211600012");
        assert!(iin.has_valid_check_digit());
    }

    #[test]
    fn nca_test_ids_pass_only_when_asked_for() {
        let err = Iin::parse("123456789011", Strict).expect_err("fails the check");
        assert_eq!(err.code(), "IIN_CHECK_DIGIT");
        // 1*1+2*2+...+11*1 = 296 = 10 mod 11, so the second weights decide: 377 = 3 mod 11.
        assert_eq!(
            err,
            KzIdError::CheckDigit {
                kind: KzIdKind::Iin,
                value: "123456789011".into(),
                expected: '3',
                found: '1'
            }
        );
        let test_iin = Iin::parse("123456789011", AcceptNcaTestIds).expect("test mode");
        assert!(!test_iin.has_valid_check_digit());
        assert_eq!(test_iin.to_string(), "123456789011");
        let test_bin = Bin::parse("123456789021", AcceptNcaTestIds).expect("test mode");
        assert_eq!(test_bin.to_string(), "123456789021");
        assert_eq!(
            Bin::parse("123456789021", Strict).map_err(|e| e.code()),
            Err("BIN_CHECK_DIGIT")
        );
    }

    #[test]
    fn test_mode_still_checks_length_digits_and_entity_type() {
        for policy in [Strict, AcceptNcaTestIds] {
            assert_eq!(
                Iin::parse("12345678901", policy).map_err(|e| e.code()),
                Err("IIN_LENGTH")
            );
            assert_eq!(
                Iin::parse("12345678901a", policy),
                Err(KzIdError::Character {
                    kind: KzIdKind::Iin,
                    position: 11,
                    character: 'a'
                })
            );
            assert_eq!(
                Iin::parse("06121160001\u{0662}", policy).map_err(|e| e.code()),
                Err("IIN_CHARACTER")
            );
            assert_eq!(
                Bin::parse("061211600012", policy).map_err(|e| e.code()),
                Err("BIN_ENTITY_TYPE")
            );
        }
    }

    #[test]
    fn real_bins_are_valid() {
        for bin in ["940740000911", "050140000656", "180340021791"] {
            let parsed = Bin::parse(bin, Strict).expect(bin);
            assert_eq!(parsed.to_string(), bin);
        }
    }

    #[test]
    fn eleven_digits_without_a_check_digit_are_refused() {
        // Find a prefix whose both sums give 10; GOVERNMENT.md says no number ends it.
        let prefix = (0..100_000_000_000u64)
            .step_by(7_919)
            .map(|n| format!("{n:011}"))
            .find(|p| kz_check_digit(p.as_bytes()).is_none())
            .expect("such prefixes exist");
        for last in '0'..='9' {
            let text = format!("{prefix}{last}");
            assert_eq!(
                Iin::parse(&text, Strict).map_err(|e| e.code()),
                Err("IIN_NO_CHECK_DIGIT")
            );
            assert!(Iin::parse(&text, AcceptNcaTestIds).is_ok());
        }
    }

    #[test]
    fn every_error_names_its_message() {
        let errors = [
            Iin::parse("1", Strict).expect_err("length"),
            Iin::parse("12345678901x", Strict).expect_err("character"),
            Iin::parse("123456789011", Strict).expect_err("check digit"),
            Bin::parse("061211600012", Strict).expect_err("entity type"),
        ];
        for err in errors {
            assert!(err.msg().id().starts_with("kz-"), "{err}");
            assert!(!err.to_string().is_empty());
        }
    }

    fn with_kz_check_digit(first_eleven: &str) -> Option<String> {
        kz_check_digit(first_eleven.as_bytes()).map(|d| format!("{first_eleven}{}", char::from(d)))
    }

    proptest! {
        #[test]
        fn iin_renders_and_parses_back(first_eleven in "[0-9]{11}") {
            if let Some(text) = with_kz_check_digit(&first_eleven) {
                let iin = Iin::parse(&text, Strict).expect("check digit added");
                prop_assert_eq!(Iin::parse(&iin.to_string(), Strict), Ok(iin));
            }
        }

        #[test]
        fn bin_renders_and_parses_back(head in "[0-9]{4}", kind in "[456]", tail in "[0-9]{6}") {
            if let Some(text) = with_kz_check_digit(&format!("{head}{kind}{tail}")) {
                let bin = Bin::parse(&text, Strict).expect("check digit added");
                prop_assert_eq!(Bin::parse(&bin.to_string(), Strict), Ok(bin));
            }
        }

        #[test]
        fn test_mode_accepts_any_last_digit(first_eleven in "[0-9]{11}", last in 0u8..10) {
            let text = format!("{first_eleven}{}", char::from(b'0' + last));
            let iin = Iin::parse(&text, AcceptNcaTestIds).expect("any twelve digits");
            prop_assert_eq!(iin.to_string(), text.clone());
            prop_assert_eq!(Iin::parse(&text, Strict).is_ok(), iin.has_valid_check_digit());
        }
    }
}
