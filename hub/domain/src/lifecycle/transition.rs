//! The transition function of the module's table (R3).

use super::{Event, LifecycleError, Status};

/// The status `event` moves a code in status `from` to, or [`LifecycleError::IllegalTransition`]
/// if the module's table does not allow it. Pure: the caller stores the new status together
/// with the document that caused it.
pub fn transition(from: Status, event: &Event) -> Result<Status, LifecycleError> {
    target(from, event).ok_or(LifecycleError::IllegalTransition {
        from,
        event: *event,
    })
}

/// Both halves of a remarking at once: the damaged code `old` goes through
/// [`Event::RemarkOld`], its replacement `new` through [`Event::RemarkNew`]. Either both
/// transitions are allowed and both new statuses are returned (old first), or the first refusal
/// is, so a remark document never moves one code without the other.
pub fn remark(old: Status, new: Status) -> Result<(Status, Status), LifecycleError> {
    Ok((
        transition(old, &Event::RemarkOld)?,
        transition(new, &Event::RemarkNew)?,
    ))
}

/// The table itself. Every event lists every status, so a new status or event does not compile
/// until someone decides what it does.
fn target(from: Status, event: &Event) -> Option<Status> {
    use Status::{Applied, Emitted, Introduced, Retired, Withdrawn, WrittenOff};
    match event {
        Event::Apply => match from {
            Emitted => Some(Applied),
            Applied | Introduced | Retired | WrittenOff | Withdrawn => None,
        },
        Event::Introduce { .. } => match from {
            Applied => Some(Introduced),
            Emitted | Introduced | Retired | WrittenOff | Withdrawn => None,
        },
        Event::RetailSale => match from {
            Introduced => Some(Retired),
            Emitted | Applied | Retired | WrittenOff | Withdrawn => None,
        },
        Event::CustomerReturn => match from {
            Retired => Some(Introduced),
            Emitted | Applied | Introduced | WrittenOff | Withdrawn => None,
        },
        Event::WriteOff { .. } => match from {
            Emitted | Applied | Introduced => Some(WrittenOff),
            Retired | WrittenOff | Withdrawn => None,
        },
        Event::Withdraw { .. } => match from {
            Introduced => Some(Withdrawn),
            Emitted | Applied | Retired | WrittenOff | Withdrawn => None,
        },
        Event::RemarkOld => match from {
            Introduced => Some(WrittenOff),
            Emitted | Applied | Retired | WrittenOff | Withdrawn => None,
        },
        Event::RemarkNew => match from {
            Emitted | Applied => Some(Introduced),
            Introduced | Retired | WrittenOff | Withdrawn => None,
        },
    }
}

#[cfg(test)]
#[path = "transition_tests.rs"]
mod tests;
