//! Documents as participants write them (issue 5): one JSON object tagged by `kind`. Parsing
//! checks the shape only; whether the codes may move is decided when the document is
//! processed.

use serde::Deserialize;
use tanba_domain::{IntroductionRoute, WithdrawalReason, WriteOffReason};

/// The most units one document may list (SSCCs count once, whatever they hold).
pub const MAX_UNITS: usize = 1_000_000;

/// A document's body.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DocumentForm {
    /// Introduction into circulation (R3): from production or import.
    Introduction {
        /// How the goods come into circulation.
        route: IntroductionRoute,
        /// Production date (YYYY-MM-DD), for production.
        #[serde(default)]
        production_date: Option<String>,
        /// Batch, where the group needs it.
        #[serde(default)]
        batch: Option<String>,
        /// Customs declaration number, for import.
        #[serde(default)]
        customs_declaration: Option<String>,
        /// Customs declaration date.
        #[serde(default)]
        declaration_date: Option<String>,
        /// Country of origin (ISO 3166 alpha-2), for import.
        #[serde(default)]
        country_of_origin: Option<String>,
        /// Codes or SSCCs.
        units: Vec<String>,
    },
    /// Shipment to another participant (R10): the goods are in transit until it acts.
    Shipment {
        /// The receiver's BIN or IIN.
        receiver: String,
        /// Codes or SSCCs.
        units: Vec<String>,
    },
    /// The receiver's answer to a shipment: ownership moves at acceptance.
    Acceptance {
        /// The shipment document's id.
        shipment: String,
        /// `full`, `partial` (with `accepted`) or `refusal`.
        result: AcceptanceResult,
        /// What was accepted, for a partial acceptance.
        #[serde(default)]
        accepted: Vec<String>,
    },
    /// Write-off: destruction, loss, expiry, damage.
    WriteOff {
        /// Why.
        reason: WriteOffReason,
        /// Codes or SSCCs.
        units: Vec<String>,
    },
    /// Withdrawal from circulation other than retail sale.
    Withdrawal {
        /// Why.
        reason: WithdrawalReason,
        /// Codes or SSCCs.
        units: Vec<String>,
    },
    /// A buyer sends goods back to a participant that owned them before (a shipment the
    /// former owner accepts or refuses).
    Return {
        /// The former owner the goods go back to.
        receiver: String,
        /// Codes or SSCCs.
        units: Vec<String>,
    },
    /// Retail sale (RETIRED); produced from fiscal receipts by the fiscal-data adapter, or sent
    /// by the retailer.
    RetailSale {
        /// Codes.
        units: Vec<String>,
        /// When the receipt was printed, UTC (`YYYY-MM-DDThh:mm:ssZ`).
        #[serde(default)]
        sold_at: Option<String>,
        /// The cash register's serial number.
        #[serde(default)]
        cash_register: Option<String>,
        /// The cash register's registration number with the tax authority.
        #[serde(default)]
        cash_register_registration: Option<String>,
        /// The fiscal receipt's fiscal sign.
        #[serde(default)]
        fiscal_sign: Option<String>,
        /// Price per unit in tiyn, one per entry of `units` in the same order (or none): what
        /// the product group's `check-sale` judges (R13).
        #[serde(default)]
        prices_tiyn: Vec<u64>,
    },
    /// A customer brings back goods sold at retail: RETIRED -> INTRODUCED.
    CustomerReturn {
        /// Codes.
        units: Vec<String>,
    },
    /// Export to another EAEU member state: the goods leave circulation here, and the EAEU
    /// adapter reports the movement to the member state (R12).
    EaeuExport {
        /// The member state (ISO 3166 alpha-2).
        country: String,
        /// The buyer's taxpayer id in that state (INN, UNP...: 6-20 digits or capital
        /// letters), which the movement names as its consignee.
        #[serde(default)]
        consignee_taxpayer_id: Option<String>,
        /// Codes or SSCCs.
        units: Vec<String>,
    },
    /// Import from another EAEU member state into circulation here; made by the EAEU adapter
    /// from the member state's movement (R12).
    EaeuImport {
        /// The member state the goods come from.
        country_of_origin: String,
        /// The day the goods were shipped there (YYYY-MM-DD).
        #[serde(default)]
        shipment_date: Option<String>,
        /// The seller's taxpayer id in the member state.
        #[serde(default)]
        consignor_taxpayer_id: Option<String>,
        /// Codes or SSCCs.
        units: Vec<String>,
    },
    /// Remarking: the new code replaces the damaged old one on goods in circulation.
    Remark {
        /// The damaged code.
        old: String,
        /// The new code (reported applied).
        new: String,
    },
    /// Packing, unpacking or moving units as a document (R4).
    Aggregation {
        /// `aggregate`, `disaggregate` or `reaggregate`.
        operation: tanba_registry::AggregationKind,
        /// The aggregate.
        parent: String,
        /// The units.
        #[serde(default)]
        children: Vec<String>,
    },
}

/// How a receiver answers a shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AcceptanceResult {
    /// Everything shipped is accepted.
    Full,
    /// What `accepted` lists is accepted; the rest goes back to the sender.
    Partial,
    /// Nothing is accepted; everything goes back to the sender.
    Refusal,
}

impl AcceptanceResult {
    /// Every result, in the order declared.
    pub const ALL: &'static [AcceptanceResult] = &[
        AcceptanceResult::Full,
        AcceptanceResult::Partial,
        AcceptanceResult::Refusal,
    ];

    /// The name a document writes (`full`, `partial`, `refusal`).
    pub fn as_str(self) -> &'static str {
        match self {
            AcceptanceResult::Full => "full",
            AcceptanceResult::Partial => "partial",
            AcceptanceResult::Refusal => "refusal",
        }
    }
}

impl DocumentForm {
    /// The stable kind name.
    pub fn kind(&self) -> &'static str {
        match self {
            DocumentForm::Introduction { .. } => "introduction",
            DocumentForm::Shipment { .. } => "shipment",
            DocumentForm::Acceptance { .. } => "acceptance",
            DocumentForm::WriteOff { .. } => "write_off",
            DocumentForm::Withdrawal { .. } => "withdrawal",
            DocumentForm::Return { .. } => "return",
            DocumentForm::RetailSale { .. } => "retail_sale",
            DocumentForm::CustomerReturn { .. } => "customer_return",
            DocumentForm::EaeuExport { .. } => "eaeu_export",
            DocumentForm::EaeuImport { .. } => "eaeu_import",
            DocumentForm::Remark { .. } => "remark",
            DocumentForm::Aggregation { .. } => "aggregation",
        }
    }

    /// The units the document lists, under the JSON pointer of their array (a remark's two
    /// codes and an aggregation's parent are checked where they are used).
    pub fn units(&self) -> (&'static str, &[String]) {
        match self {
            DocumentForm::Introduction { units, .. }
            | DocumentForm::Shipment { units, .. }
            | DocumentForm::WriteOff { units, .. }
            | DocumentForm::Withdrawal { units, .. }
            | DocumentForm::Return { units, .. }
            | DocumentForm::RetailSale { units, .. }
            | DocumentForm::CustomerReturn { units }
            | DocumentForm::EaeuExport { units, .. }
            | DocumentForm::EaeuImport { units, .. } => ("/units", units),
            DocumentForm::Acceptance { accepted, .. } => ("/accepted", accepted),
            DocumentForm::Aggregation { children, .. } => ("/children", children),
            DocumentForm::Remark { .. } => ("/old", &[]),
        }
    }

    /// The receiving participant, for a shipment or a return.
    pub fn receiver(&self) -> Option<&str> {
        match self {
            DocumentForm::Shipment { receiver, .. } | DocumentForm::Return { receiver, .. } => {
                Some(receiver)
            }
            _ => None,
        }
    }

    /// Whether the document must list at least one unit.
    pub fn needs_units(&self) -> bool {
        !matches!(
            self,
            DocumentForm::Acceptance { .. }
                | DocumentForm::Remark { .. }
                | DocumentForm::Aggregation {
                    operation: tanba_registry::AggregationKind::Disaggregate,
                    ..
                }
        )
    }

    /// Scalar fields as (name, value) pairs, for the product group's rule set.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mut fields = Vec::new();
        let mut put = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                fields.push((name.to_owned(), value));
            }
        };
        match self {
            DocumentForm::Introduction {
                route,
                production_date,
                batch,
                customs_declaration,
                declaration_date,
                country_of_origin,
                ..
            } => {
                put("route", Some(route.as_str().to_owned()));
                put("production_date", production_date.clone());
                put("batch", batch.clone());
                put("customs_declaration", customs_declaration.clone());
                put("declaration_date", declaration_date.clone());
                put("country_of_origin", country_of_origin.clone());
            }
            DocumentForm::Shipment { receiver, .. } => put("receiver", Some(receiver.clone())),
            DocumentForm::Acceptance {
                shipment, result, ..
            } => {
                put("shipment", Some(shipment.clone()));
                put("result", Some(result.as_str().to_owned()));
            }
            DocumentForm::WriteOff { reason, .. } => {
                put("reason", Some(reason.as_str().to_owned()))
            }
            DocumentForm::Withdrawal { reason, .. } => {
                put("reason", Some(reason.as_str().to_owned()))
            }
            DocumentForm::Return { receiver, .. } => put("receiver", Some(receiver.clone())),
            DocumentForm::EaeuExport {
                country,
                consignee_taxpayer_id,
                ..
            } => {
                put("country", Some(country.clone()));
                put("consignee_taxpayer_id", consignee_taxpayer_id.clone());
            }
            DocumentForm::EaeuImport {
                country_of_origin,
                shipment_date,
                consignor_taxpayer_id,
                ..
            } => {
                put("country_of_origin", Some(country_of_origin.clone()));
                put("shipment_date", shipment_date.clone());
                put("consignor_taxpayer_id", consignor_taxpayer_id.clone());
            }
            DocumentForm::Remark { old, new } => {
                put("old", Some(old.clone()));
                put("new", Some(new.clone()));
            }
            DocumentForm::Aggregation { parent, .. } => put("parent", Some(parent.clone())),
            DocumentForm::RetailSale {
                sold_at,
                cash_register,
                cash_register_registration,
                fiscal_sign,
                ..
            } => {
                put("sold_at", sold_at.clone());
                put("cash_register", cash_register.clone());
                put(
                    "cash_register_registration",
                    cash_register_registration.clone(),
                );
                put("fiscal_sign", fiscal_sign.clone());
            }
            DocumentForm::CustomerReturn { .. } => {}
        }
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_acceptance_result_parses_from_the_name_it_writes() {
        for result in AcceptanceResult::ALL {
            let parsed: AcceptanceResult =
                serde_json::from_value(serde_json::Value::from(result.as_str())).expect("parses");
            assert_eq!(parsed, *result);
        }
    }
}
