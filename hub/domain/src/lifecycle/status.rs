//! The status of a marking code (R3).

use super::Vocabulary;

vocabulary!(
    /// Where a marking code is in its life. Stored, sent and logged as its stable code
    /// (`EMITTED`, `APPLIED`, ...); see the module's table for how it moves.
    Status,
    Vocabulary::Status,
    {
        /// Issued by the hub for an order, not yet on any goods.
        Emitted = "EMITTED",
        /// Printed on the goods (or their package), not yet in circulation.
        Applied = "APPLIED",
        /// In circulation: the goods may be shipped, sold, exported.
        Introduced = "INTRODUCED",
        /// Sold at retail to an end customer; a customer return brings it back.
        Retired = "RETIRED",
        /// Written off: destroyed, lost, expired, damaged, or replaced by remarking.
        WrittenOff = "WRITTEN_OFF",
        /// Withdrawn from circulation in Kazakhstan otherwise than by retail sale: exported,
        /// shipped to an EAEU member, used by the owner, donated, confiscated.
        Withdrawn = "WITHDRAWN",
    }
);

impl Status {
    /// Whether the code has left circulation. `WRITTEN_OFF` and `WITHDRAWN` accept no event;
    /// `RETIRED` accepts only a customer return.
    pub fn has_left_circulation(self) -> bool {
        match self {
            Status::Emitted | Status::Applied | Status::Introduced => false,
            Status::Retired | Status::WrittenOff | Status::Withdrawn => true,
        }
    }

    /// Whether goods with this code may be packed into, moved between or taken out of
    /// aggregates (R4): once printed on the goods and while in circulation. An emitted code is
    /// on no goods yet; goods that left circulation keep the packing they left in.
    pub fn may_be_packed(self) -> bool {
        match self {
            Status::Applied | Status::Introduced => true,
            Status::Emitted | Status::Retired | Status::WrittenOff | Status::Withdrawn => false,
        }
    }
}
