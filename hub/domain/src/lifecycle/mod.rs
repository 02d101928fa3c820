//! The life of a marking code (R3): its [`Status`], the [`Event`]s documents cause, and the one
//! [`transition`] function that says which event may move a code from which status; and, kept
//! apart from the status, who holds the goods ([`Custody`]) between shipment and acceptance
//! (R10). DESIGN.md, "Lifecycle": `EMITTED -> APPLIED -> INTRODUCED -> {RETIRED, WRITTEN_OFF,
//! WITHDRAWN}`, a customer return brings `RETIRED` back, a remarking binds a new code to goods
//! whose code was damaged, and ownership moves at acceptance.
//!
//! # The transition table
//!
//! | event (stable code) | from | to | what causes it |
//! |---------------------|------|----|----------------|
//! | `APPLY` | `EMITTED` | `APPLIED` | an application report: the code is printed on the goods |
//! | `INTRODUCE` + route | `APPLIED` | `INTRODUCED` | production, import from a third country (after customs), import from an EAEU member (R12), marking of remains already on sale |
//! | `RETAIL_SALE` | `INTRODUCED` | `RETIRED` | a cash-register receipt (R13) |
//! | `CUSTOMER_RETURN` | `RETIRED` | `INTRODUCED` | a customer brings the goods back |
//! | `WRITE_OFF` + reason | `EMITTED`, `APPLIED`, `INTRODUCED` | `WRITTEN_OFF` | destruction, loss, expiry, damage, other |
//! | `WITHDRAW` + reason | `INTRODUCED` | `WITHDRAWN` | export outside the EAEU, shipment to an EAEU member, own use, donation, confiscation, other |
//! | `REMARK_OLD` | `INTRODUCED` | `WRITTEN_OFF` | remarking: the damaged code the goods lose |
//! | `REMARK_NEW` | `EMITTED`, `APPLIED` | `INTRODUCED` | remarking: the code that replaces it |
//!
//! Every other (status, event) pair is [`LifecycleError::IllegalTransition`]
//! (`ILLEGAL_TRANSITION`), including an event repeated on a code it has already moved: telling a
//! retried document from a new one is the store's job (by document id), not this table's.
//!
//! # Decisions
//!
//! - `WRITTEN_OFF` and `WITHDRAWN` are terminal; `RETIRED` is terminal except for
//!   `CUSTOMER_RETURN`. No code ever leaves a terminal status for `EMITTED`: a code is never
//!   issued twice (R1).
//! - An emitted code may be written off before it is applied (a spoiled or lost label print
//!   run), so that it can never be applied later.
//! - A remarking is two events, one per code, so both transitions are explicit and recorded with
//!   the document: the old code ends in `WRITTEN_OFF` by `REMARK_OLD` (not by a `WRITE_OFF`
//!   reason, so a remarking can never skip binding the new code), the new code goes straight to
//!   `INTRODUCED` by `REMARK_NEW` (from `EMITTED`, or `APPLIED` if its application was reported
//!   first). [`remark`] checks both halves together. Goods sold and returned with a damaged code
//!   are returned first (`CUSTOMER_RETURN`), then remarked.
//! - EAEU trade changes no status of its own: an import from a member state is an introduction
//!   route ([`IntroductionRoute::EaeuImport`]), a shipment to one is a withdrawal reason
//!   ([`WithdrawalReason::EaeuExport`]); the EAEU adapter keys on them. A code made by another
//!   member's system is registered by the store as `APPLIED` (it is on the goods) before it is
//!   introduced; this module has no "unknown code" status.
//! - Custody is not a status: goods in transit stay `INTRODUCED` and belong to the sender until
//!   the receiver accepts them ([`Custody`]).

/// Declares a closed vocabulary (a status, a reason) with a stable string code per value:
/// `as_str`, `parse`, `ALL`, `Display`, `FromStr` and serde as that string, from one list.
macro_rules! vocabulary {
    (
        $(#[$doc:meta])* $name:ident, $kind:expr,
        { $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code, as stored, sent and logged.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// Parses a stable code (exactly, case included).
            pub fn parse(text: &str) -> Result<Self, $crate::lifecycle::LifecycleError> {
                $name::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| {
                    $crate::lifecycle::LifecycleError::Unknown {
                        kind: $kind,
                        value: text.to_owned(),
                    }
                })
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::lifecycle::LifecycleError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                $name::parse(text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// In the API's OpenAPI document: a string, one of the stable codes.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

mod custody;
mod error;
mod event;
mod status;
mod transition;

pub use custody::{Custody, CustodyError};
pub use error::{LifecycleError, Vocabulary};
pub use event::{Event, IntroductionRoute, WithdrawalReason, WriteOffReason};
pub use status::Status;
pub use transition::{remark, transition};
