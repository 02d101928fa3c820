//! The registry's tables (migration 0004; R1, R2, R9): product groups and their key ids,
//! participants and API tokens, the product catalogue, emission orders.
//!
//! Rows come back as plain data; what they may contain and who may change them is checked by
//! the registry service (`tanba-registry`) before it calls here.

mod groups;
mod orders;
mod participants;
mod products;
mod units;

pub use groups::ProductGroupRow;
pub use orders::{NewOrder, OrderRow};
pub use participants::{ParticipantRow, upsert_register_participant};
pub use products::ProductRow;
pub use units::{
    COPY_ABOVE, HistoryRow, UnitRow, insert_remark, lock_contents, lock_units, lock_units_holding,
    unit_ancestors, unit_contents, update_units, write_history, write_units,
};

/// At most this many rows per page of a listing.
pub const MAX_PAGE: i64 = 500;
