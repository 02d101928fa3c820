//! Who holds goods (R10): owned by a participant, or in transit from one participant to another
//! under a shipment document. Ownership moves when the receiver accepts the shipment
//! (DESIGN.md, "Lifecycle"); a refusal leaves it with the sender. Which goods may be shipped at
//! all (in circulation, not inside someone else's aggregate) is asked of their [`Status`] and of
//! the aggregation rules, not here.
//!
//! [`Status`]: super::Status

use std::fmt;

use crate::Msg;
use crate::ParticipantId;

/// Who holds goods. `D` identifies the shipment document (the store's document id).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Custody<D> {
    /// The goods belong to `owner`, who may ship them.
    Owned {
        /// The owner.
        owner: ParticipantId,
    },
    /// Shipped by `from` to `to` under `document`, not yet accepted or refused. They still
    /// belong to `from`.
    InTransit {
        /// The sender, still the owner.
        from: ParticipantId,
        /// The receiver, the only one who may accept or refuse.
        to: ParticipantId,
        /// The shipment document.
        document: D,
    },
}

impl<D: Clone + PartialEq + fmt::Display> Custody<D> {
    /// Goods owned by `owner`.
    pub fn owned(owner: ParticipantId) -> Self {
        Custody::Owned { owner }
    }

    /// The legal owner: in transit, still the sender.
    pub fn owner(&self) -> ParticipantId {
        match self {
            Custody::Owned { owner } => *owner,
            Custody::InTransit { from, .. } => *from,
        }
    }

    /// `by` ships the goods to `to` under `document`.
    pub fn ship(
        &self,
        by: ParticipantId,
        to: ParticipantId,
        document: D,
    ) -> Result<Self, CustodyError> {
        match self {
            Custody::Owned { owner } if *owner != by => Err(CustodyError::NotOwner {
                participant: by,
                owner: *owner,
            }),
            Custody::Owned { owner } if *owner == to => {
                Err(CustodyError::ShipToSelf { owner: *owner })
            }
            Custody::Owned { owner } => Ok(Custody::InTransit {
                from: *owner,
                to,
                document,
            }),
            Custody::InTransit {
                from,
                to: receiver,
                document: shipped,
            } => Err(CustodyError::InTransit {
                from: *from,
                to: *receiver,
                document: shipped.to_string(),
            }),
        }
    }

    /// `by` accepts the shipment `document`: the goods become `by`'s.
    pub fn accept(&self, by: ParticipantId, document: &D) -> Result<Self, CustodyError> {
        self.check_receiver(by, document)
            .map(|()| Custody::Owned { owner: by })
    }

    /// `by` refuses the shipment `document`: the goods stay the sender's.
    pub fn refuse(&self, by: ParticipantId, document: &D) -> Result<Self, CustodyError> {
        self.check_receiver(by, document).map(|()| Custody::Owned {
            owner: self.owner(),
        })
    }

    /// Whether `by` may answer the shipment `document`.
    fn check_receiver(&self, by: ParticipantId, document: &D) -> Result<(), CustodyError> {
        match self {
            Custody::Owned { owner } => Err(CustodyError::NotInTransit { owner: *owner }),
            Custody::InTransit {
                to,
                document: shipped,
                ..
            } if *to != by => Err(CustodyError::NotReceiver {
                participant: by,
                receiver: *to,
                document: shipped.to_string(),
            }),
            Custody::InTransit {
                document: shipped, ..
            } if shipped != document => Err(CustodyError::WrongDocument {
                document: document.to_string(),
                shipment: shipped.to_string(),
            }),
            Custody::InTransit { .. } => Ok(()),
        }
    }
}

/// A custody change that is not allowed. Documents are named by their rendered id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustodyError {
    /// Someone other than the owner tries to ship the goods.
    #[error("{participant} does not own the goods, {owner} does")]
    NotOwner {
        /// Who tried.
        participant: ParticipantId,
        /// The owner.
        owner: ParticipantId,
    },
    /// The owner ships the goods to itself.
    #[error("{owner} ships goods to itself")]
    ShipToSelf {
        /// The owner.
        owner: ParticipantId,
    },
    /// The goods are already in transit.
    #[error("the goods are in transit from {from} to {to} under document {document}")]
    InTransit {
        /// The sender.
        from: ParticipantId,
        /// The receiver.
        to: ParticipantId,
        /// The shipment document.
        document: String,
    },
    /// Accepting or refusing goods that are not in transit.
    #[error("the goods are not in transit; {owner} owns them")]
    NotInTransit {
        /// The owner.
        owner: ParticipantId,
    },
    /// Someone other than the receiver accepts or refuses a shipment.
    #[error("{participant} is not the receiver of shipment {document}, {receiver} is")]
    NotReceiver {
        /// Who tried.
        participant: ParticipantId,
        /// The receiver.
        receiver: ParticipantId,
        /// The shipment document.
        document: String,
    },
    /// The acceptance or refusal names another shipment than the one the goods travel under.
    #[error("the goods travel under shipment {shipment}, not {document}")]
    WrongDocument {
        /// The document named.
        document: String,
        /// The shipment the goods travel under.
        shipment: String,
    },
}

impl CustodyError {
    /// The stable machine code, for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            CustodyError::NotOwner { .. } => "CUSTODY_NOT_OWNER",
            CustodyError::ShipToSelf { .. } => "CUSTODY_SHIP_TO_SELF",
            CustodyError::InTransit { .. } => "CUSTODY_IN_TRANSIT",
            CustodyError::NotInTransit { .. } => "CUSTODY_NOT_IN_TRANSIT",
            CustodyError::NotReceiver { .. } => "CUSTODY_NOT_RECEIVER",
            CustodyError::WrongDocument { .. } => "CUSTODY_WRONG_DOCUMENT",
        }
    }

    /// The message a person reads: what is wrong and what to do.
    pub fn msg(&self) -> Msg {
        match self {
            CustodyError::NotOwner { participant, owner } => Msg::new("custody-not-owner")
                .with("participant", participant)
                .with("owner", owner),
            CustodyError::ShipToSelf { owner } => {
                Msg::new("custody-ship-to-self").with("owner", owner)
            }
            CustodyError::InTransit { from, to, document } => Msg::new("custody-in-transit")
                .with("from", from)
                .with("to", to)
                .with("document", document),
            CustodyError::NotInTransit { owner } => {
                Msg::new("custody-not-in-transit").with("owner", owner)
            }
            CustodyError::NotReceiver {
                participant,
                receiver,
                document,
            } => Msg::new("custody-not-receiver")
                .with("participant", participant)
                .with("receiver", receiver)
                .with("document", document),
            CustodyError::WrongDocument { document, shipment } => {
                Msg::new("custody-wrong-document")
                    .with("document", document)
                    .with("shipment", shipment)
            }
        }
    }
}

#[cfg(test)]
#[path = "custody_tests.rs"]
mod tests;
