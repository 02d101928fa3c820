//! GS1 identification keys on their own: GTIN (trade items, R1), SSCC (transport units), GLN
//! (places and parties, R9).
//!
//! A GTIN is kept as 14 digits. GTIN-8, -12 and -13 are the same number with leading zeros
//! (GS1 General Specifications §3.3.2: a GTIN is right-justified in 14 digits), so
//! `04600000000015` and `4600000000015` are equal, hash alike and render alike; the length a
//! supplier happened to write is not part of the identity, and the element string `(01)` always
//! carries 14 digits anyway.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::{Gs1Error, KeyKind};
use super::mod10_check_digit;

/// Checks a key's digits and check digit and returns its value as a number.
fn parse_key(text: &str, key: KeyKind, lengths: &[usize]) -> Result<u64, Gs1Error> {
    let len = text.chars().count();
    if !lengths.contains(&len) {
        return Err(Gs1Error::KeyLength { key, len });
    }
    if let Some((position, character)) = text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(Gs1Error::KeyCharacter {
            key,
            position,
            character,
        });
    }
    let (body, last) = text.as_bytes().split_at(text.len() - 1);
    let expected = mod10_check_digit(body);
    if last[0] != expected {
        return Err(Gs1Error::KeyCheckDigit {
            key,
            value: text.to_owned(),
            expected: char::from(expected),
            found: char::from(last[0]),
        });
    }
    Ok(text.parse().expect("at most 18 ASCII digits fit in a u64"))
}

macro_rules! gs1_key {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $lengths:expr, $width:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u64);

        impl $name {
            /// Parses the key's digits, checking the length and the GS1 mod-10 check digit.
            pub fn parse(text: &str) -> Result<Self, Gs1Error> {
                parse_key(text, $kind, $lengths).map($name)
            }
        }

        impl FromStr for $name {
            type Err = Gs1Error;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::parse(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!("{:0", $width, "}"), self.0)
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

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

gs1_key!(
    /// A Global Trade Item Number: GTIN-8, -12, -13 or -14 with a valid check digit, kept and
    /// rendered as 14 digits.
    Gtin,
    KeyKind::Gtin,
    &[8, 12, 13, 14],
    14
);

gs1_key!(
    /// A Serial Shipping Container Code: 18 digits with a valid check digit.
    Sscc,
    KeyKind::Sscc,
    &[18],
    18
);

gs1_key!(
    /// A Global Location Number: 13 digits with a valid check digit.
    Gln,
    KeyKind::Gln,
    &[13],
    13
);

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn published_gtins_parse_and_shorter_forms_pad_to_fourteen() {
        // Examples from GS1 and Wikipedia: EAN-13, EAN-8, UPC-A.
        for (given, fourteen) in [
            ("4006381333931", "04006381333931"),
            ("96385074", "00000096385074"),
            ("036000291452", "00036000291452"),
            ("00012345600012", "00012345600012"),
        ] {
            let gtin = Gtin::parse(given).expect(given);
            assert_eq!(gtin.to_string(), fourteen);
            assert_eq!(Gtin::parse(fourteen), Ok(gtin));
        }
    }

    #[test]
    fn a_wrong_check_digit_names_the_right_one() {
        // 460000000001 calls for check digit 5, so ...017 is wrong.
        let err = Gtin::parse("04600000000017").expect_err("bad check digit");
        assert_eq!(err.code(), "GTIN_CHECK_DIGIT");
        assert_eq!(
            err,
            Gs1Error::KeyCheckDigit {
                key: KeyKind::Gtin,
                value: "04600000000017".into(),
                expected: '5',
                found: '7',
            }
        );
        assert!(Gtin::parse("04600000000015").is_ok());
    }

    #[test]
    fn bad_lengths_and_characters_are_refused() {
        for bad in ["", "1234567", "40063813339", "040063813339310"] {
            let err = Gtin::parse(bad).expect_err(bad);
            assert_eq!(err.code(), "GTIN_LENGTH", "{bad}");
        }
        let err = Gtin::parse("40063813339 1").expect_err("space");
        assert_eq!(
            err,
            Gs1Error::KeyCharacter {
                key: KeyKind::Gtin,
                position: 11,
                character: ' '
            }
        );
        assert_eq!(
            Gtin::parse("400638133393\u{0661}").map_err(|e| e.code()),
            Err("GTIN_CHARACTER"),
            "an Arabic-Indic digit is a character, not a length, problem"
        );
        assert_eq!(
            Gtin::parse("+4006381333931").map_err(|e| e.code()),
            Err("GTIN_CHARACTER")
        );
    }

    #[test]
    fn sscc_and_gln_check_their_own_length_and_digit() {
        let sscc = Sscc::parse("106141411234567897").expect("GS1's example SSCC");
        assert_eq!(sscc.to_string(), "106141411234567897");
        assert_eq!(
            Sscc::parse("106141411234567898").map_err(|e| e.code()),
            Err("SSCC_CHECK_DIGIT")
        );
        assert_eq!(
            Sscc::parse("06141411234567897").map_err(|e| e.code()),
            Err("SSCC_LENGTH")
        );
        let gln = Gln::parse("5412345000013").expect("GS1's example GLN");
        assert_eq!(gln.to_string(), "5412345000013");
        assert_eq!(
            Gln::parse("0614141000012")
                .map(|g| g.to_string())
                .as_deref(),
            Ok("0614141000012")
        );
        assert_eq!(
            Gln::parse("5412345000014").map_err(|e| e.code()),
            Err("GLN_CHECK_DIGIT")
        );
    }

    #[test]
    fn keys_travel_as_json_strings_and_are_checked_on_the_way_in() {
        let gtin = Gtin::parse("4006381333931").expect("valid");
        let json = serde_json::to_string(&gtin).expect("serialises");
        assert_eq!(json, "\"04006381333931\"");
        assert_eq!(serde_json::from_str::<Gtin>(&json).expect("parses"), gtin);
        assert!(serde_json::from_str::<Gtin>("\"04006381333932\"").is_err());
    }

    /// Appends the check digit GS1 calls for.
    pub(crate) fn with_check_digit(body: &str) -> String {
        format!("{body}{}", char::from(mod10_check_digit(body.as_bytes())))
    }

    proptest! {
        #[test]
        fn gtin_renders_and_parses_back(body in "[0-9]{13}") {
            let gtin = Gtin::parse(&with_check_digit(&body)).expect("check digit added");
            prop_assert_eq!(Gtin::parse(&gtin.to_string()), Ok(gtin));
        }

        #[test]
        fn gtin13_and_its_fourteen_digit_form_are_one_gtin(body in "[0-9]{12}") {
            let thirteen = with_check_digit(&body);
            let fourteen = format!("0{thirteen}");
            prop_assert_eq!(Gtin::parse(&thirteen), Gtin::parse(&fourteen));
        }

        #[test]
        fn changing_one_digit_breaks_the_check(body in "[0-9]{17}", at in 0usize..18, delta in 1u8..10) {
            let good = with_check_digit(&body);
            let sscc = Sscc::parse(&good).expect("check digit added");
            prop_assert_eq!(Sscc::parse(&sscc.to_string()), Ok(sscc));
            let mut bytes = good.into_bytes();
            bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
            let bad = String::from_utf8(bytes).expect("digits");
            prop_assert_eq!(Sscc::parse(&bad).map_err(|e| e.code()), Err("SSCC_CHECK_DIGIT"));
        }

        #[test]
        fn gln_renders_and_parses_back(body in "[0-9]{12}") {
            let gln = Gln::parse(&with_check_digit(&body)).expect("check digit added");
            prop_assert_eq!(Gln::parse(&gln.to_string()), Ok(gln));
        }
    }
}
