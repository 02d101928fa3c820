//! What identifies a unit that can be packed or contain others (R4): a serialised item or group
//! pack by GTIN and serial, or a transport unit by SSCC.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Gs1Error, Gtin, Msg, Serial, Sscc};

/// A unit of the aggregation tree. Its canonical text key is the GS1 element string of its
/// identifying AIs without brackets or separators: `01<14-digit GTIN>21<serial>` for a code,
/// `00<SSCC>` for a transport unit. The key is what the store indexes, what [`fmt::Display`]
/// and serde write, and what [`UnitId::parse`] reads back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitId {
    /// A serialised unit: a consumer unit or a group pack with a marking code.
    Code {
        /// The GTIN `(01)`.
        gtin: Gtin,
        /// The serial `(21)`.
        serial: Serial,
    },
    /// A transport unit (a box, a pallet) by its SSCC `(00)`.
    Sscc(Sscc),
}

impl UnitId {
    /// Parses a canonical key: `01` + 14 digits + `21` + serial, or `00` + 18 digits.
    pub fn parse(key: &str) -> Result<Self, UnitIdError> {
        let shape = || UnitIdError::Shape {
            value: key.to_owned(),
        };
        let gs1 = |error: Gs1Error| UnitIdError::Gs1 {
            value: key.to_owned(),
            error,
        };
        if let Some(sscc) = key.strip_prefix("00") {
            return Sscc::parse(sscc).map(UnitId::Sscc).map_err(gs1);
        }
        let rest = key.strip_prefix("01").ok_or_else(shape)?;
        let (gtin, serial) = match (rest.get(..14), rest.get(14..)) {
            (Some(gtin), Some(tail)) => (gtin, tail.strip_prefix("21").ok_or_else(shape)?),
            _ => return Err(shape()),
        };
        Ok(UnitId::Code {
            gtin: Gtin::parse(gtin).map_err(gs1)?,
            serial: Serial::parse(serial).map_err(gs1)?,
        })
    }

    /// Whether this is a transport unit (SSCC).
    pub fn is_sscc(&self) -> bool {
        matches!(self, UnitId::Sscc(_))
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitId::Code { gtin, serial } => write!(f, "01{gtin}21{serial}"),
            UnitId::Sscc(sscc) => write!(f, "00{sscc}"),
        }
    }
}

impl FromStr for UnitId {
    type Err = UnitIdError;

    fn from_str(key: &str) -> Result<Self, Self::Err> {
        UnitId::parse(key)
    }
}

impl Serialize for UnitId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for UnitId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        UnitId::parse(&key).map_err(serde::de::Error::custom)
    }
}

/// A text that is not a unit's canonical key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitIdError {
    /// Neither `00` + SSCC nor `01` + GTIN + `21` + serial.
    #[error("{value:?} is not a unit key (00<SSCC> or 01<GTIN>21<serial>)")]
    Shape {
        /// The text given.
        value: String,
    },
    /// The right shape, but the GTIN, SSCC or serial breaks a GS1 rule.
    #[error("unit key {value:?}: {error}")]
    Gs1 {
        /// The text given.
        value: String,
        /// What is wrong with the part.
        error: Gs1Error,
    },
}

impl UnitIdError {
    /// The stable machine code: `UNIT_KEY_FORMAT`, or the GS1 error's code.
    pub fn code(&self) -> &'static str {
        match self {
            UnitIdError::Shape { .. } => "UNIT_KEY_FORMAT",
            UnitIdError::Gs1 { error, .. } => error.code(),
        }
    }

    /// The message a person reads: what is wrong and what to do.
    pub fn msg(&self) -> Msg {
        match self {
            UnitIdError::Shape { value } => {
                Msg::new("unit-key-format").with("value", value.escape_debug())
            }
            UnitIdError::Gs1 { error, .. } => error.msg(),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Appends the GS1 mod-10 check digit to `body`.
    pub(in crate::aggregation) fn with_check_digit(body: &str) -> String {
        let sum: u32 = body
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
            .sum();
        format!("{body}{}", (10 - sum % 10) % 10)
    }

    #[test]
    fn keys_render_and_parse_back() {
        for key in [
            "0104600000000015".to_owned() + "21ABC-12/x",
            "00106141411234567897".to_owned(),
        ] {
            let unit = UnitId::parse(&key).expect(&key);
            assert_eq!(unit.to_string(), key);
            let json = serde_json::to_string(&unit).expect("serialises");
            assert_eq!(json, format!("\"{key}\""));
            assert_eq!(serde_json::from_str::<UnitId>(&json).expect("parses"), unit);
        }
    }

    #[test]
    fn malformed_keys_are_refused() {
        for (key, code) in [
            ("", "UNIT_KEY_FORMAT"),
            ("0246000000000015", "UNIT_KEY_FORMAT"),
            ("01046000000000152", "UNIT_KEY_FORMAT"),
            ("010460000000001510ABC", "UNIT_KEY_FORMAT"),
            ("010460000000001721ABC", "GTIN_CHECK_DIGIT"),
            ("0104600000000015", "UNIT_KEY_FORMAT"),
            ("010460000000001521", "GS1_LENGTH"),
            ("010460000000001521A B", "GS1_CHARACTER"),
            ("00106141411234567898", "SSCC_CHECK_DIGIT"),
            ("001061414112345678", "SSCC_LENGTH"),
        ] {
            assert_eq!(
                UnitId::parse(key).map_err(|e| e.code()),
                Err(code),
                "{key:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_unit_renders_and_parses_back(
            body in "[0-9]{13}",
            serial in "[0-9A-Za-z!%&()*+,./:;<=>?_-]{1,20}",
            sscc in "[0-9]{17}",
        ) {
            let gtin = Gtin::parse(&with_check_digit(&body)).expect("check digit added");
            let serial = Serial::parse(&serial).expect("CSET 82");
            let code = UnitId::Code { gtin, serial };
            prop_assert_eq!(UnitId::parse(&code.to_string()), Ok(code));
            let sscc = UnitId::Sscc(Sscc::parse(&with_check_digit(&sscc)).expect("check digit added"));
            prop_assert_eq!(UnitId::parse(&sscc.to_string()), Ok(sscc));
        }
    }
}
