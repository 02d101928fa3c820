//! What a document or report does to a marking code (R3), with the reasons and routes it
//! records.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Vocabulary;

vocabulary!(
    /// How goods came into circulation.
    IntroductionRoute,
    Vocabulary::IntroductionRoute,
    {
        /// Made in Kazakhstan.
        Production = "PRODUCTION",
        /// Imported from outside the EAEU, introduced after customs clearance.
        Import = "IMPORT",
        /// Brought in from another EAEU member state (data through the EAEU system, R12).
        EaeuImport = "EAEU_IMPORT",
        /// Goods already on sale when marking became mandatory for their product group.
        Remains = "REMAINS",
    }
);

vocabulary!(
    /// Why a code is written off.
    WriteOffReason,
    Vocabulary::WriteOffReason,
    {
        /// The goods were destroyed.
        Destruction = "DESTRUCTION",
        /// The goods (or, before application, the labels) were lost.
        Loss = "LOSS",
        /// The goods' shelf life ran out.
        Expiry = "EXPIRY",
        /// The goods or the label were damaged beyond use.
        Damage = "DAMAGE",
        /// Another reason, stated in the document.
        Other = "OTHER",
    }
);

vocabulary!(
    /// Why goods leave circulation in Kazakhstan other than by retail sale.
    WithdrawalReason,
    Vocabulary::WithdrawalReason,
    {
        /// Exported outside the EAEU.
        ExportOutsideEaeu = "EXPORT_OUTSIDE_EAEU",
        /// Shipped to another EAEU member state (data through the EAEU system, R12).
        EaeuExport = "EAEU_EXPORT",
        /// Used by the owner for its own needs.
        OwnUse = "OWN_USE",
        /// Given away free of charge.
        Donation = "DONATION",
        /// Confiscated by a state body.
        Confiscation = "CONFISCATION",
        /// Another reason, stated in the document.
        Other = "OTHER",
    }
);

/// What a document or report does to one marking code. Serialised as an object tagged by its
/// stable code: `{"event":"WRITE_OFF","reason":"EXPIRY"}`, `{"event":"APPLY"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Event {
    /// The code was printed on the goods.
    Apply,
    /// The goods were put into circulation.
    Introduce {
        /// How they came into circulation.
        route: IntroductionRoute,
    },
    /// The goods were sold at retail.
    RetailSale,
    /// A customer returned goods sold at retail.
    CustomerReturn,
    /// The code is written off.
    WriteOff {
        /// Why.
        reason: WriteOffReason,
    },
    /// The goods left circulation other than by retail sale.
    Withdraw {
        /// Why.
        reason: WithdrawalReason,
    },
    /// Remarking, the old half: the goods lose this (damaged) code.
    RemarkOld,
    /// Remarking, the new half: this code replaces the damaged one on goods in circulation.
    RemarkNew,
}

impl Event {
    /// The stable code of the event, without its reason or route.
    pub fn code(&self) -> &'static str {
        match self {
            Event::Apply => "APPLY",
            Event::Introduce { .. } => "INTRODUCE",
            Event::RetailSale => "RETAIL_SALE",
            Event::CustomerReturn => "CUSTOMER_RETURN",
            Event::WriteOff { .. } => "WRITE_OFF",
            Event::Withdraw { .. } => "WITHDRAW",
            Event::RemarkOld => "REMARK_OLD",
            Event::RemarkNew => "REMARK_NEW",
        }
    }

    /// Whether the event, applied to an aggregate, applies to everything it contains (R4).
    /// Applying a label and remarking concern one printed code, not the goods packed under it.
    pub fn cascades(&self) -> bool {
        match self {
            Event::Introduce { .. }
            | Event::RetailSale
            | Event::CustomerReturn
            | Event::WriteOff { .. }
            | Event::Withdraw { .. } => true,
            Event::Apply | Event::RemarkOld | Event::RemarkNew => false,
        }
    }
}

/// The stable code, with the reason or route in parentheses: `WRITE_OFF(EXPIRY)`.
impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())?;
        match self {
            Event::Introduce { route } => write!(f, "({route})"),
            Event::WriteOff { reason } => write!(f, "({reason})"),
            Event::Withdraw { reason } => write!(f, "({reason})"),
            Event::Apply
            | Event::RetailSale
            | Event::CustomerReturn
            | Event::RemarkOld
            | Event::RemarkNew => Ok(()),
        }
    }
}
