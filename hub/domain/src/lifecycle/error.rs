//! What can go wrong with a code's status: an event its status does not allow, or a stable code
//! that names no status, reason or route. Each error has a stable machine code and a message.

use std::fmt;

use super::{Event, IntroductionRoute, Status, WithdrawalReason, WriteOffReason};
use crate::Msg;

/// Which closed vocabulary an unknown stable code was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vocabulary {
    /// [`Status`].
    Status,
    /// [`IntroductionRoute`].
    IntroductionRoute,
    /// [`WriteOffReason`].
    WriteOffReason,
    /// [`WithdrawalReason`].
    WithdrawalReason,
}

impl Vocabulary {
    /// The catalogue's selector for the vocabulary's name in each language.
    fn selector(self) -> &'static str {
        match self {
            Vocabulary::Status => "status",
            Vocabulary::IntroductionRoute => "introduction-route",
            Vocabulary::WriteOffReason => "write-off-reason",
            Vocabulary::WithdrawalReason => "withdrawal-reason",
        }
    }

    /// Every stable code of the vocabulary, comma-separated, for a message to offer.
    fn allowed(self) -> String {
        fn join<T: fmt::Display>(values: &[T]) -> String {
            values
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
        match self {
            Vocabulary::Status => join(Status::ALL),
            Vocabulary::IntroductionRoute => join(IntroductionRoute::ALL),
            Vocabulary::WriteOffReason => join(WriteOffReason::ALL),
            Vocabulary::WithdrawalReason => join(WithdrawalReason::ALL),
        }
    }
}

impl fmt::Display for Vocabulary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.selector())
    }
}

/// A lifecycle error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// The event is not allowed from the code's status (see the module's table).
    #[error("event {event} is not allowed for a code in status {from}")]
    IllegalTransition {
        /// The code's status.
        from: Status,
        /// The event asked for.
        event: Event,
    },
    /// A stable code that names no value of its vocabulary.
    #[error("{value:?} is not a known {kind}")]
    Unknown {
        /// What it was read as.
        kind: Vocabulary,
        /// The text given.
        value: String,
    },
}

impl LifecycleError {
    /// The stable machine code, for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            LifecycleError::IllegalTransition { .. } => "ILLEGAL_TRANSITION",
            LifecycleError::Unknown { kind, .. } => match kind {
                Vocabulary::Status => "UNKNOWN_STATUS",
                Vocabulary::IntroductionRoute => "UNKNOWN_INTRODUCTION_ROUTE",
                Vocabulary::WriteOffReason => "UNKNOWN_WRITE_OFF_REASON",
                Vocabulary::WithdrawalReason => "UNKNOWN_WITHDRAWAL_REASON",
            },
        }
    }

    /// The message a person reads: what is wrong and what to do.
    pub fn msg(&self) -> Msg {
        match self {
            LifecycleError::IllegalTransition { from, event } => {
                Msg::new("lifecycle-illegal-transition")
                    .with("status", from)
                    .with("event", event.code())
            }
            LifecycleError::Unknown { kind, value } => Msg::new("lifecycle-unknown-value")
                .with("kind", kind.selector())
                .with("value", value.escape_debug())
                .with("allowed", kind.allowed()),
        }
    }
}
