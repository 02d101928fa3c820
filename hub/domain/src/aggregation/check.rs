//! The rules of the aggregation tree (R4) as pure checks over facts the caller has read: the
//! store locks the rows and passes them in, [`Forest`](super::Forest) reads its own map. Both
//! call these functions and nothing else decides, so the store and the model agree.

use std::collections::HashSet;

use super::{AggregationError, UnitId};
use crate::ParticipantId;
use crate::lifecycle::{Event, Status, transition};

/// What is known of a unit when an operation is checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnitFacts {
    /// The unit.
    pub id: UnitId,
    /// Its status (a transport unit has the status of what it carries).
    pub status: Status,
    /// Its owner.
    pub owner: ParticipantId,
    /// The aggregate it sits in directly, if any.
    pub parent: Option<UnitId>,
}

/// Whether `children`, each inside no aggregate, may be packed into `parent`.
/// `parent_ancestors` are the aggregates `parent` sits in, innermost first.
///
/// Refused: an empty or repeated list, a parent whose status does not allow packing, a child
/// that is the parent or one of its ancestors (a cycle), a transport unit into a code, a child
/// already inside an aggregate, a child whose status or owner differs from the parent's.
pub fn check_aggregate(
    parent: &UnitFacts,
    parent_ancestors: &[UnitId],
    children: &[UnitFacts],
) -> Result<(), AggregationError> {
    check_packing(parent, parent_ancestors, children, |child| {
        match &child.parent {
            None => Ok(()),
            Some(current) => Err(AggregationError::AlreadyInParent {
                unit: child.id.clone(),
                parent: current.clone(),
            }),
        }
    })
}

/// Whether `children`, each inside some aggregate other than `new_parent`, may be moved into
/// `new_parent` (re-aggregation). The rules of [`check_aggregate`], except that each child must
/// already sit in another aggregate, which it leaves.
pub fn check_reaggregate(
    new_parent: &UnitFacts,
    new_parent_ancestors: &[UnitId],
    children: &[UnitFacts],
) -> Result<(), AggregationError> {
    check_packing(
        new_parent,
        new_parent_ancestors,
        children,
        |child| match &child.parent {
            None => Err(AggregationError::NotAggregated {
                unit: child.id.clone(),
            }),
            Some(current) if *current == new_parent.id => Err(AggregationError::SameParent {
                unit: child.id.clone(),
                parent: current.clone(),
            }),
            Some(_) => Ok(()),
        },
    )
}

/// Whether `children` may be taken out of `parent`: each must sit directly in it. Allowed in
/// any status, so a unit of a sold or written-off pack can still be returned or handled alone.
pub fn check_disaggregate(
    parent: &UnitFacts,
    children: &[UnitFacts],
) -> Result<(), AggregationError> {
    check_list(parent, children)?;
    match children
        .iter()
        .find(|child| child.parent.as_ref() != Some(&parent.id))
    {
        Some(stray) => Err(AggregationError::NotInParent {
            unit: stray.id.clone(),
            parent: parent.id.clone(),
        }),
        None => Ok(()),
    }
}

/// Whether an operation may act on `root` and everything it contains (an ownership change, a
/// shipment): only on a unit inside no aggregate, since a unit always shares its parent's owner
/// and status. To act on a unit inside an aggregate, take it out first.
pub fn check_cascade(root: &UnitFacts) -> Result<(), AggregationError> {
    match &root.parent {
        Some(parent) => Err(AggregationError::InsideParent {
            unit: root.id.clone(),
            parent: parent.clone(),
        }),
        None => Ok(()),
    }
}

/// The status `event` moves `root` and everything it contains to. Besides
/// [`check_cascade`] and the lifecycle's table: an event that concerns one printed code
/// ([`Event::cascades`] is false) is refused on a unit that contains others (`has_contents`).
pub fn check_event(
    root: &UnitFacts,
    has_contents: bool,
    event: &Event,
) -> Result<Status, AggregationError> {
    check_cascade(root)?;
    if has_contents && !event.cascades() {
        return Err(AggregationError::EventNotForAggregate {
            unit: root.id.clone(),
            event: *event,
        });
    }
    transition(root.status, event).map_err(|error| AggregationError::Transition {
        unit: root.id.clone(),
        error,
    })
}

/// The rules shared by packing and moving; `placement` judges where each child sits now.
fn check_packing(
    parent: &UnitFacts,
    parent_ancestors: &[UnitId],
    children: &[UnitFacts],
    placement: impl Fn(&UnitFacts) -> Result<(), AggregationError>,
) -> Result<(), AggregationError> {
    check_list(parent, children)?;
    if !parent.status.may_be_packed() {
        return Err(AggregationError::StatusNotPackable {
            unit: parent.id.clone(),
            status: parent.status,
        });
    }
    children.iter().try_for_each(|child| {
        check_fit(parent, parent_ancestors, child)?;
        placement(child)?;
        check_alike(parent, child)
    })
}

/// The list is not empty and names each unit once.
fn check_list(parent: &UnitFacts, children: &[UnitFacts]) -> Result<(), AggregationError> {
    if children.is_empty() {
        return Err(AggregationError::Empty {
            parent: parent.id.clone(),
        });
    }
    let mut seen = HashSet::with_capacity(children.len());
    match children.iter().find(|child| !seen.insert(&child.id)) {
        Some(repeated) => Err(AggregationError::DuplicateChild {
            unit: repeated.id.clone(),
        }),
        None => Ok(()),
    }
}

/// The child can physically go into the parent: not into itself or its own contents, and no
/// transport unit into a trade item.
fn check_fit(
    parent: &UnitFacts,
    parent_ancestors: &[UnitId],
    child: &UnitFacts,
) -> Result<(), AggregationError> {
    if child.id == parent.id || parent_ancestors.contains(&child.id) {
        return Err(AggregationError::Cycle {
            unit: child.id.clone(),
            parent: parent.id.clone(),
        });
    }
    if child.id.is_sscc() && !parent.id.is_sscc() {
        return Err(AggregationError::SsccInCode {
            unit: child.id.clone(),
            parent: parent.id.clone(),
        });
    }
    Ok(())
}

/// The child shares the parent's status and owner.
fn check_alike(parent: &UnitFacts, child: &UnitFacts) -> Result<(), AggregationError> {
    if child.status != parent.status {
        return Err(AggregationError::StatusMismatch {
            unit: child.id.clone(),
            status: child.status,
            parent: parent.id.clone(),
            parent_status: parent.status,
        });
    }
    if child.owner != parent.owner {
        return Err(AggregationError::OwnerMismatch {
            unit: child.id.clone(),
            owner: child.owner,
            parent: parent.id.clone(),
            parent_owner: parent.owner,
        });
    }
    Ok(())
}
