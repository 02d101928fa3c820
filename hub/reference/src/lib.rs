//! Tanba's reference data (issue 9; R20): one place for every classifier the system uses
//! (product groups, TN VED, countries, units of measure, KATO, document kinds, reasons and
//! routes, code statuses), each code in versions with effective dates, so a value that changes
//! on 1 January is known before and applies from then. Reads answer "as of" a day; CSV (and XML) imports
//! are checked row by row, can be dry-run, and commit in one audited transaction. Rule sets get
//! their lists from here ([`Reference::rule_lists`]), never from hard-coded ones.
//!
//! Not for: HTTP (the API crate), SQL (the store), or deciding what a document may do (the
//! domain and the rule sets). It knows no product group's rules: only which entries are in
//! force when.

mod classifier;
mod day;
mod error;
mod file;
mod import;
mod plan;
mod read;
mod xml;

use tanba_store::Database;

pub use classifier::{Classifier, CodeShape};
pub use day::{format_day, kazakhstan_day_of, parse_day, today_in_kazakhstan};
pub use error::{MAX_ROW_ERRORS, ReferenceError, RowError};
pub use file::{Entry, MAX_ROWS, read_entries};
pub use plan::{ImportReport, VersionChange};
pub use read::{ClassifierCount, EntryView, SearchQuery};
pub use xml::read_xml_entries;

/// The reference data service. Cheap to clone.
#[derive(Clone)]
pub struct Reference {
    db: Database,
}

impl Reference {
    /// The service over the hub's database.
    pub fn new(db: Database) -> Self {
        Reference { db }
    }
}
