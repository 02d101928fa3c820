//! The message for marked goods crossing a border inside the EAEU (R12): **our structure**,
//! modelled on the Commission's unified structure (Decision No. 125 of 2015; GOVERNMENT.md) and
//! defined by `schema/MarkedGoodsMovement.xsd` in this crate (the Commission's own schema for
//! marked goods is not public). Built for an export, read for an import; the acknowledgement
//! the other side answers with is in the same namespace.

use tanba_adapter_sdk::text::{
    code_from_xml_text, code_to_xml_text, iso_date, parse_date, utc_date, utc_date_time,
};
use tanba_adapter_sdk::xml::{self, Element, XmlBuilder};

use crate::error::EaeuError;

/// The namespace of `schema/MarkedGoodsMovement.xsd`.
pub const NS: &str = "urn:tanba:eaeu:MarkedGoodsMovement:v1.0.0";
/// The member states (ISO 3166-1 alpha-2).
pub const MEMBER_STATES: [&str; 5] = ["AM", "BY", "KG", "KZ", "RU"];
const HOME: &str = "KZ";

/// A movement of marked goods between two member states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    /// `EDocId`, a UUID.
    pub id: String,
    /// `EDocDateTime`, UTC seconds, for a movement built here (a read one leaves it 0: the
    /// import document does not need it).
    pub at_unix: i64,
    /// `ShipmentDate`, `YYYY-MM-DD`.
    pub shipment_date: String,
    /// The document it comes from at the sender, if given.
    pub source_document: Option<String>,
    /// Consignor's state and taxpayer id.
    pub consignor: Subject,
    /// Consignee's state and taxpayer id.
    pub consignee: Subject,
    /// Marking codes and SSCCs.
    pub units: Vec<String>,
}

/// A party of a movement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// ISO 3166-1 alpha-2 of a member state.
    pub country: String,
    /// Its taxpayer id in that state, when known.
    pub taxpayer_id: Option<String>,
}

impl Movement {
    /// The XML message.
    pub fn to_xml(&self) -> String {
        let mut b = XmlBuilder::with_declaration();
        b.open("mgm:MarkedGoodsMovement", &[("xmlns:mgm", NS)]);
        b.open("mgm:EDocHeader", &[]);
        b.leaf("mgm:InfEnvelopeCode", "P.TN.01.MSG.001")
            .leaf("mgm:EDocCode", "R.TN.01.001")
            .leaf("mgm:EDocId", &self.id)
            .leaf("mgm:EDocDateTime", &utc_date_time(self.at_unix))
            .leaf("mgm:LanguageCode", "RU");
        b.close();
        b.leaf("mgm:ShipmentDate", &self.shipment_date)
            .optional_leaf("mgm:SourceDocumentId", self.source_document.as_deref());
        subject(&mut b, "mgm:ConsignorDetails", &self.consignor);
        subject(&mut b, "mgm:ConsigneeDetails", &self.consignee);
        b.open("mgm:MarkedGoodsDetails", &[]);
        for unit in &self.units {
            b.leaf("mgm:UnitIdentifier", &code_to_xml_text(unit));
        }
        b.finish()
    }

    /// Reads and checks a message.
    pub fn read(bytes: &[u8]) -> Result<Movement, EaeuError> {
        let root = xml::parse(bytes)?;
        if !root.is(Some(NS), "MarkedGoodsMovement") {
            return Err(invalid(format!(
                "expected {{{NS}}}MarkedGoodsMovement, found {}",
                root.expanded_name()
            )));
        }
        let header = root
            .child(Some(NS), "EDocHeader")
            .ok_or_else(|| invalid("EDocHeader is missing".into()))?;
        let id = header
            .child_text(Some(NS), "EDocId")
            .filter(|i| is_uuid(i))
            .ok_or_else(|| invalid("EDocId is missing or not a UUID".into()))?;
        let shipment_date = root
            .child_text(Some(NS), "ShipmentDate")
            .filter(|d| d.len() == 10 && parse_date(d).is_some())
            .ok_or_else(|| invalid("ShipmentDate is missing or not a date".into()))?;
        let units: Vec<String> = root
            .child(Some(NS), "MarkedGoodsDetails")
            .map(|d| {
                d.children_named(Some(NS), "UnitIdentifier")
                    .map(|u| code_from_xml_text(u.text().trim()))
                    .collect()
            })
            .unwrap_or_default();
        if units.is_empty() || units.iter().any(|u| u.is_empty() || u.len() > 200) {
            return Err(invalid(
                "MarkedGoodsDetails needs one or more UnitIdentifier of 1-200 characters".into(),
            ));
        }
        Ok(Movement {
            id,
            at_unix: 0,
            shipment_date,
            source_document: root.child_text(Some(NS), "SourceDocumentId"),
            consignor: read_subject(&root, "ConsignorDetails")?,
            consignee: read_subject(&root, "ConsigneeDetails")?,
            units,
        })
    }
}

fn subject(b: &mut XmlBuilder, name: &str, s: &Subject) {
    b.open(name, &[]);
    b.leaf("mgm:UnifiedCountryCode", &s.country)
        .optional_leaf("mgm:TaxpayerId", s.taxpayer_id.as_deref());
    b.close();
}

fn read_subject(root: &Element, name: &str) -> Result<Subject, EaeuError> {
    let e = root
        .child(Some(NS), name)
        .ok_or_else(|| invalid(format!("{name} is missing")))?;
    let country = e
        .child_text(Some(NS), "UnifiedCountryCode")
        .filter(|c| MEMBER_STATES.contains(&c.as_str()))
        .ok_or_else(|| {
            invalid(format!(
                "{name}/UnifiedCountryCode is missing or not a member state"
            ))
        })?;
    Ok(Subject {
        country,
        taxpayer_id: e.child_text(Some(NS), "TaxpayerId"),
    })
}

/// The export movement for an applied `eaeu_export` document: its id is the hub's document id
/// (a UUID), the consignee's state the document's `country` field.
pub fn export(document: &tanba_adapter_sdk::AppliedDocument) -> Result<Movement, EaeuError> {
    if !is_uuid(&document.id) {
        return Err(invalid(format!(
            "the document id {} is not a UUID",
            document.id
        )));
    }
    let country = field(document, "country")
        .filter(|c| c != HOME && MEMBER_STATES.contains(&c.as_str()))
        .ok_or_else(|| {
            invalid("the document's country is missing or not another member state".into())
        })?;
    if document.codes.is_empty() {
        return Err(invalid("the document moved no units".into()));
    }
    let consignee = document
        .receiver
        .clone()
        .or_else(|| field(document, "consignee_taxpayer_id"));
    if consignee.as_deref().is_some_and(|t| !is_taxpayer_id(t)) {
        return Err(invalid(
            "the consignee's taxpayer id is not 6-20 digits or capital letters".into(),
        ));
    }
    Ok(Movement {
        id: document.id.to_lowercase(),
        at_unix: document.applied_unix_seconds,
        shipment_date: iso_date(&utc_date(document.applied_unix_seconds)),
        source_document: Some(document.id.clone()),
        consignor: Subject {
            country: HOME.into(),
            taxpayer_id: Some(document.sender.clone()),
        },
        consignee: Subject {
            country,
            taxpayer_id: consignee,
        },
        units: document.codes.clone(),
    })
}

/// The applied document's header field `name`.
fn field(document: &tanba_adapter_sdk::AppliedDocument, name: &str) -> Option<String> {
    document
        .fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// A taxpayer id as the schema's `TaxpayerIdType` has it: 6-20 digits or capital letters.
fn is_taxpayer_id(text: &str) -> bool {
    (6..=20).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// The other side's answer to an export: `Ok` when accepted for `id`.
pub fn read_acknowledgement(bytes: &[u8], id: &str) -> Result<(), EaeuError> {
    let root = xml::parse(bytes)?;
    if !root.is(Some(NS), "Acknowledgement") {
        return Err(invalid(format!(
            "expected {{{NS}}}Acknowledgement, found {}",
            root.expanded_name()
        )));
    }
    let reference = root.child_text(Some(NS), "EDocRefId").unwrap_or_default();
    if !reference.eq_ignore_ascii_case(id) {
        return Err(invalid(format!(
            "the acknowledgement refers to {reference}, not {id}"
        )));
    }
    match root.child_text(Some(NS), "ResultCode").as_deref() {
        Some("ACCEPTED") => Ok(()),
        Some("REJECTED") => Err(EaeuError::Rejected {
            reason: root.child_text(Some(NS), "Reason").unwrap_or_default(),
        }),
        other => Err(invalid(format!(
            "ResultCode {other:?} is not ACCEPTED or REJECTED"
        ))),
    }
}

/// 8-4-4-4-12 hexadecimal digits.
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn invalid(reason: String) -> EaeuError {
    EaeuError::Invalid { reason }
}

/// The `eaeu_import` document an incoming movement results in: the consignee (here) submits
/// it, the external id is the movement's `EDocId`, `country_of_origin` the consignor's state.
pub fn import_document(m: &Movement) -> Result<tanba_adapter_sdk::Document, EaeuError> {
    if m.consignee.country != HOME || m.consignor.country == HOME {
        return Err(invalid(format!(
            "an incoming movement goes from another member state to {HOME}, not {} to {}",
            m.consignor.country, m.consignee.country
        )));
    }
    let importer = m
        .consignee
        .taxpayer_id
        .clone()
        .filter(|t| t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            invalid("ConsigneeDetails/TaxpayerId is missing or not a 12-digit BIN/IIN".into())
        })?;
    Ok(tanba_adapter_sdk::Document {
        kind: "eaeu_import".into(),
        external_id: m.id.to_lowercase(),
        sender: importer,
        receiver: None,
        fields: [
            ("country_of_origin", Some(&m.consignor.country)),
            ("shipment_date", Some(&m.shipment_date)),
            ("consignor_taxpayer_id", m.consignor.taxpayer_id.as_ref()),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.clone())))
        .collect(),
        lines: m
            .units
            .iter()
            .map(|u| {
                let sscc =
                    u.len() == 20 && u.starts_with("00") && u.bytes().all(|b| b.is_ascii_digit());
                tanba_adapter_sdk::DocumentLine {
                    code: (!sscc).then(|| u.clone()),
                    sscc: sscc.then(|| u[2..].to_owned()),
                    price_tiyn: None,
                    attributes: Vec::new(),
                }
            })
            .collect(),
    })
}
