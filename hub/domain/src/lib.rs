//! Tanba's domain core: the types and rules of marking and traceability, with no IO.
//!
//! What lives here: the languages every text exists in ([`Lang`]), and the language-neutral
//! description of a message a person will read ([`Msg`]), which the boundary (API, CLI) turns
//! into Kazakh, Russian or English text through `tanba-i18n`; the identifiers that must never
//! travel as unchecked strings (R1, R2, R9): GS1 keys ([`Gtin`], [`Sscc`], [`Gln`]), the
//! element string a marking code is ([`ElementString`]), and the participants' [`Iin`] and
//! [`Bin`]. Each is made only by its parser and renders back to what it parsed. The pure part
//! of emission ([`emission`]): a product group's [`SerialFormat`], serials as the
//! format-preserving encryption of a counter ([`SerialCipher`], R1), and the verification code of
//! the crypto tail ([`verification_code`], [`verify`], R2).
//!
//! What must never live here: async code, database access, HTTP, files, clocks or randomness of
//! its own. Storage, the API and the plugin host depend on this crate, never the reverse
//! (`../shared/DESIGN.md`, principle 4).

pub mod aggregation;
pub mod emission;
pub mod gs1;
pub mod kz_id;
mod lang;
pub mod lifecycle;
mod msg;
pub mod participant;

pub use aggregation::{
    AggregationError, Forest, UnitFacts, UnitId, UnitIdError, check_aggregate, check_cascade,
    check_disaggregate, check_event, check_reaggregate,
};
pub use emission::{
    CodeToVerify, EmissionError, KeyId, Keyring, Serial, SerialCipher, SerialFormat, TailLength,
    Verdict, VerificationKey, verification_code, verify,
};
pub use gs1::{Ai, Element, ElementString, Gln, Gs1Error, Gtin, Sscc};
pub use kz_id::{Bin, CheckDigitPolicy, Iin, KzIdError};
pub use lang::{Lang, UnknownLang};
pub use lifecycle::{
    Custody, CustodyError, Event, IntroductionRoute, LifecycleError, Status, WithdrawalReason,
    WriteOffReason, remark, transition,
};
pub use msg::{Arg, Msg};
pub use participant::{ParticipantId, ParticipantStatus, Role, UnknownValue};
