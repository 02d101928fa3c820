//! What a document does to the units it touches, decided from facts already read and locked
//! (no IO here): the domain's lifecycle, aggregation and custody rules, applied to every
//! listed unit and everything it contains (R3, R4, R10). Either every change is allowed and
//! returned, or the findings say why not and nothing changes.

use std::collections::HashMap;

use tanba_domain::{
    CheckDigitPolicy, Custody, Event, IntroductionRoute, Msg, ParticipantId, Status, UnitFacts,
    UnitId, WithdrawalReason, check_event,
};
use tanba_store::registry::UnitRow;
use uuid::Uuid;

use crate::form::{AcceptanceResult, DocumentForm};

/// A core rule a document breaks.
#[derive(Debug, Clone)]
pub struct CoreFinding {
    /// Stable code.
    pub code: &'static str,
    /// JSON pointer into the document.
    pub path: String,
    /// What is wrong and what to do.
    pub msg: Msg,
}

/// A listed unit: where it is in the document, its key, and its row (none if unknown).
pub struct Listed {
    /// JSON pointer.
    pub path: String,
    /// Unit key.
    pub key: String,
    /// Its state, locked.
    pub row: Option<UnitRow>,
}

/// One unit's change: its row before (for the statistics, R14), the row to write, and the
/// event its history row records.
#[derive(Debug, Clone)]
pub struct Change {
    /// The row as locked.
    pub before: UnitRow,
    /// The row to write.
    pub after: UnitRow,
    /// The history event.
    pub event: &'static str,
}

impl Change {
    fn of(before: &UnitRow, after: UnitRow, event: &'static str) -> Change {
        Change {
            before: before.clone(),
            after,
            event,
        }
    }
}

/// The decision: every unit's change.
pub type Changes = Vec<Change>;

fn pid(text: &str) -> Option<ParticipantId> {
    ParticipantId::parse(text, CheckDigitPolicy::AcceptNcaTestIds).ok()
}

fn facts(row: &UnitRow) -> Option<UnitFacts> {
    Some(UnitFacts {
        id: UnitId::parse(&row.key).ok()?,
        status: Status::parse(&row.status).ok()?,
        owner: pid(&row.owner)?,
        parent: row.parent.as_deref().and_then(|p| UnitId::parse(p).ok()),
    })
}

fn finding(code: &'static str, path: &str, msg: Msg) -> CoreFinding {
    CoreFinding {
        code,
        path: path.to_owned(),
        msg,
    }
}

/// Decides `form` (document `id`, sent by `sender`) over the listed units and their contents
/// (`contents[key]`: everything inside, at any depth). For an acceptance, `listed` are the
/// shipment's top-level units and `accepted` the keys the receiver accepts.
pub fn plan(
    form: &DocumentForm,
    id: Uuid,
    sender: &str,
    listed: &[Listed],
    contents: &HashMap<String, Vec<UnitRow>>,
    accepted: Option<&[String]>,
) -> Result<Changes, Vec<CoreFinding>> {
    let mut changes = Vec::new();
    let mut findings = Vec::new();
    let Some(by) = pid(sender) else {
        return Err(vec![finding(
            "SENDER_INVALID",
            "",
            Msg::new("document-sender-invalid"),
        )]);
    };
    for unit in listed {
        let Some(row) = &unit.row else {
            findings.push(finding(
                "UNIT_UNKNOWN",
                &unit.path,
                Msg::new("unit-unknown").with("unit", &unit.key),
            ));
            continue;
        };
        let inside = contents
            .get(&unit.key)
            .map(Vec::as_slice)
            .unwrap_or_default();
        match decide(form, id, by, row, inside, accepted) {
            Ok(rows) => changes.extend(rows),
            Err(f) => findings.push(CoreFinding {
                path: unit.path.clone(),
                ..f
            }),
        }
    }
    if findings.is_empty() {
        Ok(changes)
    } else {
        Err(findings)
    }
}

/// One listed unit and its contents.
fn decide(
    form: &DocumentForm,
    id: Uuid,
    by: ParticipantId,
    row: &UnitRow,
    inside: &[UnitRow],
    accepted: Option<&[String]>,
) -> Result<Changes, CoreFinding> {
    let root = facts(row).ok_or_else(|| {
        finding(
            "UNIT_BROKEN",
            "",
            Msg::new("unit-broken").with("unit", &row.key),
        )
    })?;
    let custody = match (&row.receiver, row.shipment) {
        (Some(to), Some(doc)) => Custody::InTransit {
            from: root.owner,
            to: pid(to).unwrap_or(root.owner),
            document: doc,
        },
        _ => Custody::Owned { owner: root.owner },
    };
    let custody_error = |e: tanba_domain::CustodyError| finding(e.code(), "", e.msg());
    let event = match form {
        DocumentForm::Introduction { route, .. } => Some(Event::Introduce { route: *route }),
        DocumentForm::WriteOff { reason, .. } => Some(Event::WriteOff { reason: *reason }),
        DocumentForm::Withdrawal { reason, .. } => Some(Event::Withdraw { reason: *reason }),
        DocumentForm::RetailSale { .. } => Some(Event::RetailSale),
        DocumentForm::CustomerReturn { .. } => Some(Event::CustomerReturn),
        DocumentForm::EaeuExport { .. } => Some(Event::Withdraw {
            reason: WithdrawalReason::EaeuExport,
        }),
        DocumentForm::EaeuImport { .. } => Some(Event::Introduce {
            route: IntroductionRoute::EaeuImport,
        }),
        DocumentForm::Shipment { .. }
        | DocumentForm::Return { .. }
        | DocumentForm::Acceptance { .. }
        | DocumentForm::Remark { .. }
        | DocumentForm::Aggregation { .. } => None,
    };
    let everything = || std::iter::once(row).chain(inside);
    if let Some(event) = event {
        if let Custody::InTransit { .. } = custody {
            return Err(finding(
                "UNIT_IN_TRANSIT",
                "",
                Msg::new("unit-in-transit").with("unit", &row.key),
            ));
        }
        if root.owner != by {
            return Err(finding(
                "UNIT_NOT_OWNED",
                "",
                Msg::new("unit-not-owned").with("unit", &row.key),
            ));
        }
        let status = check_event(&root, !inside.is_empty(), &event)
            .map_err(|e| finding(e.code(), "", e.msg()))?;
        return Ok(everything()
            .map(|r| {
                Change::of(
                    r,
                    UnitRow {
                        status: status.as_str().to_owned(),
                        ..r.clone()
                    },
                    event.code(),
                )
            })
            .collect());
    }
    match form {
        DocumentForm::Shipment { receiver, .. } | DocumentForm::Return { receiver, .. } => {
            let to = pid(receiver).ok_or_else(|| {
                finding(
                    "RECEIVER_INVALID",
                    "/receiver",
                    Msg::new("document-receiver-invalid"),
                )
            })?;
            tanba_domain::check_cascade(&root).map_err(|e| finding(e.code(), "", e.msg()))?;
            if root.status != Status::Introduced {
                return Err(finding(
                    "UNIT_NOT_IN_CIRCULATION",
                    "",
                    Msg::new("unit-not-in-circulation")
                        .with("unit", &row.key)
                        .with("status", root.status.as_str()),
                ));
            }
            custody.ship(by, to, id).map_err(custody_error)?;
            Ok(everything()
                .map(|r| {
                    Change::of(
                        r,
                        UnitRow {
                            receiver: Some(to.to_string()),
                            shipment: Some(id),
                            ..r.clone()
                        },
                        "SHIP",
                    )
                })
                .collect())
        }
        DocumentForm::Acceptance {
            shipment, result, ..
        } => {
            let shipment = Uuid::parse_str(shipment).unwrap_or_default();
            let takes = match result {
                AcceptanceResult::Full => true,
                AcceptanceResult::Refusal => false,
                AcceptanceResult::Partial => accepted.is_some_and(|a| a.contains(&row.key)),
            };
            let after = if takes {
                custody.accept(by, &shipment)
            } else {
                custody.refuse(by, &shipment)
            }
            .map_err(custody_error)?;
            let (event, owner) = if takes {
                ("ACCEPT", after.owner())
            } else {
                ("RETURN", root.owner)
            };
            Ok(everything()
                .map(|r| {
                    Change::of(
                        r,
                        UnitRow {
                            owner: owner.to_string(),
                            receiver: None,
                            shipment: None,
                            ..r.clone()
                        },
                        event,
                    )
                })
                .collect())
        }
        // Remarks and aggregations are decided by their own functions, status events above.
        _ => Err(finding(
            "DOCUMENT_KIND_ROUTED",
            "",
            Msg::new("document-unreadable"),
        )),
    }
}

/// Remarking (R3): `new` (applied, the sender's) replaces the damaged `old` (the sender's, in
/// circulation, inside no aggregate and not in transit); both move by the domain's `remark`.
pub fn plan_remark(old: &Listed, new: &Listed, sender: &str) -> Result<Changes, Vec<CoreFinding>> {
    let mut rows = Vec::new();
    for unit in [old, new] {
        match &unit.row {
            Some(row) if row.owner != sender => {
                return Err(vec![finding(
                    "UNIT_NOT_OWNED",
                    &unit.path,
                    Msg::new("unit-not-owned").with("unit", &row.key),
                )]);
            }
            Some(row) if row.receiver.is_some() || row.parent.is_some() => {
                return Err(vec![finding(
                    "UNIT_IN_TRANSIT",
                    &unit.path,
                    Msg::new("document-remark-unit-busy").with("unit", &row.key),
                )]);
            }
            Some(row) => rows.push(row),
            None => {
                return Err(vec![finding(
                    "UNIT_UNKNOWN",
                    &unit.path,
                    Msg::new("unit-unknown").with("unit", &unit.key),
                )]);
            }
        }
    }
    let after = |unit: &Listed, row: &UnitRow, event: Event| {
        let from = Status::parse(&row.status).unwrap_or(Status::Emitted);
        tanba_domain::transition(from, &event)
            .map_err(|e| vec![finding(e.code(), &unit.path, e.msg())])
    };
    let old_after = after(old, rows[0], Event::RemarkOld)?;
    let new_after = after(new, rows[1], Event::RemarkNew)?;
    Ok(vec![
        Change::of(
            rows[0],
            UnitRow {
                status: old_after.as_str().to_owned(),
                ..rows[0].clone()
            },
            "REMARK_OLD",
        ),
        Change::of(
            rows[1],
            UnitRow {
                status: new_after.as_str().to_owned(),
                ..rows[1].clone()
            },
            "REMARK_NEW",
        ),
    ])
}
