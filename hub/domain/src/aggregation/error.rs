//! What can go wrong when units are packed, unpacked or moved (R4). Every error names the
//! offending unit ([`AggregationError::unit`]), has a stable machine code and a message.

use super::UnitId;
use crate::lifecycle::{Event, LifecycleError, Status};
use crate::{Msg, ParticipantId};

/// An aggregation operation that would break a rule of the tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AggregationError {
    /// The operation lists no units.
    #[error("no units listed for {parent}")]
    Empty {
        /// The parent.
        parent: UnitId,
    },
    /// A unit is listed twice.
    #[error("unit {unit} is listed twice")]
    DuplicateChild {
        /// The unit.
        unit: UnitId,
    },
    /// Packing a unit that already sits in a parent.
    #[error("unit {unit} is already inside {parent}")]
    AlreadyInParent {
        /// The unit.
        unit: UnitId,
        /// Where it is now.
        parent: UnitId,
    },
    /// Unpacking a unit from a parent it is not inside.
    #[error("unit {unit} is not inside {parent}")]
    NotInParent {
        /// The unit.
        unit: UnitId,
        /// The parent named.
        parent: UnitId,
    },
    /// Moving a unit that sits in no parent.
    #[error("unit {unit} is inside no aggregate, so it cannot be moved from one")]
    NotAggregated {
        /// The unit.
        unit: UnitId,
    },
    /// Moving a unit into the parent it already sits in.
    #[error("unit {unit} is already inside {parent}")]
    SameParent {
        /// The unit.
        unit: UnitId,
        /// The parent.
        parent: UnitId,
    },
    /// Packing a unit into itself or into something it contains.
    #[error("unit {unit} cannot go into {parent}: it is or contains {parent}")]
    Cycle {
        /// The unit.
        unit: UnitId,
        /// The parent it was to go into.
        parent: UnitId,
    },
    /// Packing a transport unit into a serialised code (a trade item cannot hold a pallet).
    #[error("transport unit {unit} cannot go into the code {parent}")]
    SsccInCode {
        /// The transport unit.
        unit: UnitId,
        /// The code.
        parent: UnitId,
    },
    /// A unit and its parent would belong to different owners.
    #[error("unit {unit} belongs to {owner}, {parent} to {parent_owner}")]
    OwnerMismatch {
        /// The unit.
        unit: UnitId,
        /// Its owner.
        owner: ParticipantId,
        /// The parent.
        parent: UnitId,
        /// The parent's owner.
        parent_owner: ParticipantId,
    },
    /// A unit and its parent would have different statuses.
    #[error("unit {unit} is {status}, {parent} is {parent_status}")]
    StatusMismatch {
        /// The unit.
        unit: UnitId,
        /// Its status.
        status: Status,
        /// The parent.
        parent: UnitId,
        /// The parent's status.
        parent_status: Status,
    },
    /// Packing into a unit whose status does not allow packing (see [`Status::may_be_packed`]).
    #[error("unit {unit} is {status}, so nothing can be packed into it")]
    StatusNotPackable {
        /// The unit.
        unit: UnitId,
        /// Its status.
        status: Status,
    },
    /// An operation on a whole aggregate aimed at a unit inside another one.
    #[error("unit {unit} is inside {parent}; take it out first")]
    InsideParent {
        /// The unit.
        unit: UnitId,
        /// Its parent.
        parent: UnitId,
    },
    /// A per-code event (application, remarking) aimed at a unit that contains others.
    #[error("event {event} concerns one code, but {unit} contains other units")]
    EventNotForAggregate {
        /// The unit.
        unit: UnitId,
        /// The event.
        event: Event,
    },
    /// The event is not allowed from the unit's status.
    #[error("unit {unit}: {error}")]
    Transition {
        /// The unit.
        unit: UnitId,
        /// What the lifecycle says.
        error: LifecycleError,
    },
    /// A unit the forest does not hold.
    #[error("unit {unit} is unknown")]
    UnknownUnit {
        /// The unit.
        unit: UnitId,
    },
    /// Adding a unit the forest already holds.
    #[error("unit {unit} is already registered")]
    UnitExists {
        /// The unit.
        unit: UnitId,
    },
}

impl AggregationError {
    /// The unit the error is about (for `Empty`, the parent that was to receive units).
    pub fn unit(&self) -> &UnitId {
        match self {
            AggregationError::Empty { parent: unit }
            | AggregationError::DuplicateChild { unit }
            | AggregationError::AlreadyInParent { unit, .. }
            | AggregationError::NotInParent { unit, .. }
            | AggregationError::NotAggregated { unit }
            | AggregationError::SameParent { unit, .. }
            | AggregationError::Cycle { unit, .. }
            | AggregationError::SsccInCode { unit, .. }
            | AggregationError::OwnerMismatch { unit, .. }
            | AggregationError::StatusMismatch { unit, .. }
            | AggregationError::StatusNotPackable { unit, .. }
            | AggregationError::InsideParent { unit, .. }
            | AggregationError::EventNotForAggregate { unit, .. }
            | AggregationError::Transition { unit, .. }
            | AggregationError::UnknownUnit { unit }
            | AggregationError::UnitExists { unit } => unit,
        }
    }

    /// The stable machine code, for APIs and logs (a refused event keeps the lifecycle's).
    pub fn code(&self) -> &'static str {
        match self {
            AggregationError::Empty { .. } => "AGGREGATION_EMPTY",
            AggregationError::DuplicateChild { .. } => "AGGREGATION_DUPLICATE_CHILD",
            AggregationError::AlreadyInParent { .. } => "AGGREGATION_ALREADY_IN_PARENT",
            AggregationError::NotInParent { .. } => "AGGREGATION_NOT_IN_PARENT",
            AggregationError::NotAggregated { .. } => "AGGREGATION_NOT_AGGREGATED",
            AggregationError::SameParent { .. } => "AGGREGATION_SAME_PARENT",
            AggregationError::Cycle { .. } => "AGGREGATION_CYCLE",
            AggregationError::SsccInCode { .. } => "AGGREGATION_SSCC_IN_CODE",
            AggregationError::OwnerMismatch { .. } => "AGGREGATION_OWNER_MISMATCH",
            AggregationError::StatusMismatch { .. } => "AGGREGATION_STATUS_MISMATCH",
            AggregationError::StatusNotPackable { .. } => "AGGREGATION_STATUS_NOT_PACKABLE",
            AggregationError::InsideParent { .. } => "AGGREGATION_INSIDE_PARENT",
            AggregationError::EventNotForAggregate { .. } => "AGGREGATION_EVENT_NOT_FOR_AGGREGATE",
            AggregationError::Transition { error, .. } => error.code(),
            AggregationError::UnknownUnit { .. } => "AGGREGATION_UNKNOWN_UNIT",
            AggregationError::UnitExists { .. } => "AGGREGATION_UNIT_EXISTS",
        }
    }

    /// The message a person reads: what is wrong, which unit, and what to do.
    pub fn msg(&self) -> Msg {
        match self {
            AggregationError::Empty { parent } => {
                Msg::new("aggregation-empty").with("parent", parent)
            }
            AggregationError::DuplicateChild { unit } => {
                Msg::new("aggregation-duplicate-child").with("unit", unit)
            }
            AggregationError::AlreadyInParent { unit, parent } => {
                Msg::new("aggregation-already-in-parent")
                    .with("unit", unit)
                    .with("parent", parent)
            }
            AggregationError::NotInParent { unit, parent } => Msg::new("aggregation-not-in-parent")
                .with("unit", unit)
                .with("parent", parent),
            AggregationError::NotAggregated { unit } => {
                Msg::new("aggregation-not-aggregated").with("unit", unit)
            }
            AggregationError::SameParent { unit, parent } => Msg::new("aggregation-same-parent")
                .with("unit", unit)
                .with("parent", parent),
            AggregationError::Cycle { unit, parent } => Msg::new("aggregation-cycle")
                .with("unit", unit)
                .with("parent", parent),
            AggregationError::SsccInCode { unit, parent } => Msg::new("aggregation-sscc-in-code")
                .with("unit", unit)
                .with("parent", parent),
            AggregationError::OwnerMismatch {
                unit,
                owner,
                parent,
                parent_owner,
            } => Msg::new("aggregation-owner-mismatch")
                .with("unit", unit)
                .with("owner", owner)
                .with("parent", parent)
                .with("parent_owner", parent_owner),
            AggregationError::StatusMismatch {
                unit,
                status,
                parent,
                parent_status,
            } => Msg::new("aggregation-status-mismatch")
                .with("unit", unit)
                .with("status", status)
                .with("parent", parent)
                .with("parent_status", parent_status),
            AggregationError::StatusNotPackable { unit, status } => {
                Msg::new("aggregation-status-not-packable")
                    .with("unit", unit)
                    .with("status", status)
            }
            AggregationError::InsideParent { unit, parent } => {
                Msg::new("aggregation-inside-parent")
                    .with("unit", unit)
                    .with("parent", parent)
            }
            AggregationError::EventNotForAggregate { unit, event } => {
                Msg::new("aggregation-event-not-for-aggregate")
                    .with("unit", unit)
                    .with("event", event.code())
            }
            AggregationError::Transition { error, .. } => error.msg(),
            AggregationError::UnknownUnit { unit } => {
                Msg::new("aggregation-unknown-unit").with("unit", unit)
            }
            AggregationError::UnitExists { unit } => {
                Msg::new("aggregation-unit-exists").with("unit", unit)
            }
        }
    }
}
