//! Participants of marking (R9): who they are (BIN or IIN), what they do (roles) and whether
//! they may act (status). The registry stores them; access rules read them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::kz_id::{Bin, CheckDigitPolicy, Iin, KzIdError};

/// A participant's identifier: the BIN of an organisation or the IIN of an individual
/// entrepreneur. The fifth digit tells them apart: 4, 5 or 6 in a BIN (legal entity), the tens of
/// the birth day (0 to 3) in an IIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParticipantId {
    /// An organisation.
    Bin(Bin),
    /// An individual entrepreneur.
    Iin(Iin),
}

impl ParticipantId {
    /// Parses twelve digits as a BIN or an IIN by the fifth digit, checking as `policy` says.
    pub fn parse(text: &str, policy: CheckDigitPolicy) -> Result<Self, KzIdError> {
        match text.as_bytes().get(4) {
            Some(b'4'..=b'6') => Bin::parse(text, policy).map(ParticipantId::Bin),
            _ => Iin::parse(text, policy).map(ParticipantId::Iin),
        }
    }

    /// `bin` or `iin`.
    pub fn kind(&self) -> &'static str {
        match self {
            ParticipantId::Bin(_) => "bin",
            ParticipantId::Iin(_) => "iin",
        }
    }
}

impl fmt::Display for ParticipantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParticipantId::Bin(bin) => bin.fmt(f),
            ParticipantId::Iin(iin) => iin.fmt(f),
        }
    }
}

impl Serialize for ParticipantId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Stable-string enums: the text form is what the API, the database and the CLI use.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident, $error:literal { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &[$name] = &[$($name::$variant,)*];

            /// The stable text form.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;

            fn from_str(text: &str) -> Result<Self, UnknownValue> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == text)
                    .ok_or_else(|| UnknownValue {
                        what: $error,
                        value: text.to_owned(),
                        allowed: $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "),
                    })
            }
        }
    };
}

string_enum!(
    /// What a participant does in the marking system (R9).
    Role, "role" {
        /// Makes marked goods and orders codes for its GTINs.
        Manufacturer = "manufacturer",
        /// Brings marked goods into the country and orders codes for them.
        Importer = "importer",
        /// Buys and sells marked goods between participants.
        Wholesaler = "wholesaler",
        /// Sells marked goods to the public.
        Retailer = "retailer",
        /// Oversees its product groups: reads their participants and publishes their rules.
        Regulator = "regulator",
        /// Runs the hub: registers participants and product groups.
        Operator = "operator",
        /// A government information system exchanging data with the hub.
        GovernmentSystem = "government-system",
        /// An analytic system (a ministry's, a statistics office's): reads the de-personalised
        /// aggregate exports (R15) and nothing of any participant's own data.
        Analyst = "analytic-system",
    }
);

string_enum!(
    /// Whether a participant may act.
    ParticipantStatus, "participant status" {
        /// May act.
        Active = "active",
        /// May read its own data but not change anything.
        Suspended = "suspended",
    }
);

/// A text that names no value of a closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {what}; allowed: {allowed}")]
pub struct UnknownValue {
    /// What was expected (`role`).
    pub what: &'static str,
    /// What was given.
    pub value: String,
    /// The allowed values, comma-separated.
    pub allowed: String,
}

impl UnknownValue {
    /// The message a person reads.
    pub fn msg(&self) -> crate::Msg {
        crate::Msg::new("value-unknown")
            .with("value", self.value.escape_debug())
            .with("allowed", &self.allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifth_digit_tells_bin_from_iin() {
        let bin = ParticipantId::parse("123456789021", CheckDigitPolicy::AcceptNcaTestIds);
        assert_eq!(bin.map(|p| p.kind()), Ok("bin"));
        let iin = ParticipantId::parse("123416789011", CheckDigitPolicy::AcceptNcaTestIds);
        assert_eq!(iin.map(|p| p.kind()), Ok("iin"));
        assert!(ParticipantId::parse("123456789021", CheckDigitPolicy::Strict).is_err());
        assert!(ParticipantId::parse("12345", CheckDigitPolicy::AcceptNcaTestIds).is_err());
    }

    #[test]
    fn roles_round_trip_and_unknown_ones_list_the_allowed() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(*role));
        }
        let err = "boss".parse::<Role>().expect_err("unknown");
        assert!(err.allowed.contains("government-system"), "{err}");
        assert_eq!(err.msg().id(), "value-unknown");
    }
}
