//! Aggregation (R4): units packed into group packs, group packs into transport units (SSCC),
//! to any depth, so that "operations on an aggregate act on its contents".
//!
//! - [`UnitId`]: a serialised code (GTIN + serial) or a transport unit (SSCC), with a canonical
//!   text key (`01<GTIN>21<serial>`, `00<SSCC>`).
//! - [`check_aggregate`], [`check_reaggregate`], [`check_disaggregate`], [`check_cascade`],
//!   [`check_event`]: the rules, as pure functions of [`UnitFacts`] the caller has read (the
//!   store locks the rows first). Nothing else decides.
//! - [`Forest`]: an in-memory tree that applies the same checks, the model the store is tested
//!   against.
//!
//! # Invariants every operation keeps
//!
//! 1. A unit sits directly in at most one parent.
//! 2. No cycles: a unit is never inside itself, directly or not.
//! 3. A unit shares its parent's owner and status. So an event or an ownership change acts on
//!    a unit inside no aggregate and everything it contains at once ([`Forest::apply_event`],
//!    [`Forest::transfer`]); a unit inside an aggregate is taken out first.
//! 4. A refused operation changes nothing.
//!
//! # Decisions
//!
//! - Packing and moving need a parent (and so children) in a status where goods are on hand:
//!   `APPLIED` or `INTRODUCED` ([`Status::may_be_packed`](crate::lifecycle::Status::may_be_packed)).
//!   Unpacking is allowed in any status, so one unit of a sold pack can be returned alone.
//! - Any unit may contain any other, except that a transport unit (SSCC) never goes inside a
//!   serialised code: a trade item cannot hold a logistic unit. Which GTINs are group packs is
//!   the product catalogue's and the rule sets' knowledge, not checked here.
//! - Application and remarking concern one printed code, so they are refused on a unit that
//!   contains others ([`Event::cascades`](crate::lifecycle::Event::cascades)).

mod check;
mod error;
mod forest;
mod unit_id;

pub use check::{
    UnitFacts, check_aggregate, check_cascade, check_disaggregate, check_event, check_reaggregate,
};
pub use error::AggregationError;
pub use forest::Forest;
pub use unit_id::{UnitId, UnitIdError};
