//! What happens to codes after emission (issue 3; R3, R4): the application report (codes
//! printed on goods, EMITTED -> APPLIED) and aggregation into group packs and transport units
//! (SSCC), each in one transaction with its history rows. The rules are the domain's
//! ([`tanba_domain::lifecycle`], [`tanba_domain::aggregation`]); this module reads and locks the
//! facts they need and writes what they allow.

use serde::{Deserialize, Serialize};
use tanba_domain::{
    AggregationError, CheckDigitPolicy, ElementString, Event, Msg, ParticipantId, Status,
    UnitFacts, UnitId, check_aggregate, check_disaggregate, check_reaggregate, transition,
};
use tanba_store::registry::{
    HistoryRow, UnitRow, lock_units, unit_ancestors, write_history, write_units,
};
use tanba_store::statistics::record_units;
use uuid::Uuid;

use crate::{Caller, Kind, Registry, RegistryError};

/// The most codes one report or aggregation may list (larger sets: several requests, or the
/// documents API with its background processing).
pub const MAX_UNITS: usize = 100_000;

/// What a report or aggregation changed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportOutcome {
    /// The id its history rows carry.
    #[serde(serialize_with = "crate::serialize_display")]
    pub report_id: Uuid,
    /// How many units changed.
    pub units: usize,
}

/// Which aggregation operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AggregationKind {
    /// Pack units that sit in no aggregate into `parent`.
    Aggregate,
    /// Take units (all, if none are listed) out of `parent`.
    Disaggregate,
    /// Move units from their aggregates into `parent`.
    Reaggregate,
}

impl AggregationKind {
    /// Every operation, in the order declared.
    pub const ALL: &'static [AggregationKind] = &[
        AggregationKind::Aggregate,
        AggregationKind::Disaggregate,
        AggregationKind::Reaggregate,
    ];

    /// The name a request or document writes (`aggregate`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            AggregationKind::Aggregate => "aggregate",
            AggregationKind::Disaggregate => "disaggregate",
            AggregationKind::Reaggregate => "reaggregate",
        }
    }

    fn event(self) -> &'static str {
        match self {
            AggregationKind::Aggregate => "AGGREGATE",
            AggregationKind::Disaggregate => "DISAGGREGATE",
            AggregationKind::Reaggregate => "REAGGREGATE",
        }
    }
}

/// An aggregation request: units as scanned (codes, SSCCs) or as unit keys.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Aggregation {
    /// What to do.
    pub operation: AggregationKind,
    /// The aggregate: an SSCC (made on first use) or a group pack's code.
    pub parent: String,
    /// The units.
    #[serde(default)]
    pub children: Vec<String>,
}

/// A unit as scanned or as its key, made into its id; blames `pointer`.
pub(crate) fn unit_id(text: &str, pointer: &str) -> Result<UnitId, RegistryError> {
    if let Ok(id) = UnitId::parse(text) {
        return Ok(id);
    }
    let parsed = ElementString::parse(text)
        .map_err(|e| RegistryError::invalid(pointer, e.code(), e.msg()))?;
    match (parsed.sscc(), parsed.gtin(), parsed.serial()) {
        (Some(sscc), _, _) => Ok(UnitId::Sscc(sscc)),
        (None, Some(gtin), Some(serial)) => Ok(UnitId::Code {
            gtin,
            serial: tanba_domain::Serial::parse(serial)
                .map_err(|e| RegistryError::invalid(pointer, e.code(), e.msg()))?,
        }),
        _ => Err(RegistryError::invalid(
            pointer,
            "UNIT_NOT_IDENTIFIED",
            Msg::new("unit-not-identified"),
        )),
    }
}

/// The key (`01<gtin>21<serial>`, `00<sscc>`) of a unit as scanned or as its key.
pub fn unit_key(text: &str, pointer: &str) -> Result<String, RegistryError> {
    unit_id(text, pointer).map(|id| id.to_string())
}

/// A stored unit as the domain's facts (stored values were checked on the way in).
fn facts(row: &UnitRow) -> Result<UnitFacts, RegistryError> {
    let broken = || {
        RegistryError::new(
            Kind::Internal,
            "UNIT_BROKEN",
            Msg::new("unit-broken").with("unit", &row.key),
        )
    };
    Ok(UnitFacts {
        id: UnitId::parse(&row.key).map_err(|_| broken())?,
        status: Status::parse(&row.status).map_err(|_| broken())?,
        owner: ParticipantId::parse(&row.owner, CheckDigitPolicy::AcceptNcaTestIds)
            .map_err(|_| broken())?,
        parent: row
            .parent
            .as_deref()
            .map(UnitId::parse)
            .transpose()
            .map_err(|_| broken())?,
    })
}

fn refused(e: AggregationError, pointer: String) -> RegistryError {
    RegistryError::invalid(pointer, e.code(), e.msg())
}

fn history(row: &UnitRow, actor: &str, event: &str, cause: Cause) -> HistoryRow {
    HistoryRow {
        unit: row.key.clone(),
        at: String::new(),
        actor: actor.to_owned(),
        event: event.to_owned(),
        status: row.status.clone(),
        owner: row.owner.clone(),
        parent: row.parent.clone(),
        cause_kind: cause.0.to_owned(),
        cause_id: cause.1,
    }
}

/// What caused a change: (`report` or `document`, its id).
pub type Cause = (&'static str, Uuid);

fn check_count(n: usize, pointer: &str) -> Result<(), RegistryError> {
    if n == 0 || n > MAX_UNITS {
        return Err(RegistryError::invalid(
            pointer,
            "UNITS_COUNT",
            Msg::new("units-count").with("max", MAX_UNITS),
        ));
    }
    Ok(())
}

impl Registry {
    /// The application report: `codes` of order `order_id` were printed on goods
    /// (EMITTED -> APPLIED). All or nothing; each code must be genuine and of this order.
    pub async fn report_applied(
        &self,
        caller: &Caller,
        order_id: &str,
        codes: &[String],
    ) -> Result<ReportOutcome, RegistryError> {
        caller.require_active()?;
        check_count(codes.len(), "/codes")?;
        let codec = self.printable_order(caller, order_id).await?;
        let mut keys = Vec::with_capacity(codes.len());
        for (i, code) in codes.iter().enumerate() {
            let pointer = format!("/codes/{i}");
            let parsed = ElementString::parse(code)
                .map_err(|e| RegistryError::invalid(&pointer, e.code(), e.msg()))?;
            codec
                .check(&parsed)
                .map_err(|e| RegistryError::invalid(&pointer, e.code(), e.msg()))?;
            keys.push(unit_id(code, &pointer)?.to_string());
        }
        let mut sorted = keys.clone();
        sorted.sort();
        if let Some(pair) = sorted.windows(2).find(|p| p[0] == p[1]) {
            let i = keys.iter().rposition(|k| *k == pair[0]).unwrap_or_default();
            return Err(RegistryError::invalid(
                format!("/codes/{i}"),
                "UNIT_LISTED_TWICE",
                Msg::new("unit-listed-twice").with("unit", &pair[0]),
            ));
        }
        let mut client = self.db.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(store("starting a report"))?;
        if let Some(done) = lock_units(&*tx, &keys).await?.first() {
            let from = Status::parse(&done.status).unwrap_or(Status::Applied);
            let e = transition(from, &Event::Apply).expect_err("only EMITTED may be applied");
            let i = keys.iter().position(|k| *k == done.key).unwrap_or_default();
            return Err(
                RegistryError::new(Kind::Conflict, e.code(), e.msg()).at(format!("/codes/{i}"))
            );
        }
        let applied =
            transition(Status::Emitted, &Event::Apply).expect("EMITTED -> APPLIED is in the table");
        let rows: Vec<UnitRow> = keys
            .iter()
            .map(|key| UnitRow {
                key: key.clone(),
                status: applied.as_str().to_owned(),
                owner: caller.id.clone(),
                parent: None,
                order_id: Some(codec.order.id),
                receiver: None,
                shipment: None,
            })
            .collect();
        let report_id = Uuid::new_v4();
        write_units(&*tx, &rows).await?;
        let trail: Vec<_> = rows
            .iter()
            .map(|r| history(r, &caller.id, "APPLY", ("report", report_id)))
            .collect();
        write_history(&*tx, &trail).await?;
        record_units(&*tx, rows.iter().map(|r| (None, r))).await?;
        tanba_store::audit(&*tx, &caller.audit("codes.applied", order_id, "ok")).await?;
        tx.commit().await.map_err(store("committing a report"))?;
        Ok(ReportOutcome {
            report_id,
            units: rows.len(),
        })
    }

    /// Packs, unpacks or moves units (R4), as their owner; all or nothing.
    pub async fn aggregate(
        &self,
        caller: &Caller,
        request: &Aggregation,
    ) -> Result<ReportOutcome, RegistryError> {
        caller.require_active()?;
        let mut client = self.db.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(store("starting an aggregation"))?;
        let report_id = Uuid::new_v4();
        let units = aggregate_in(&*tx, &caller.id, request, ("report", report_id)).await?;
        let action = format!("aggregation.{}", request.operation.event().to_lowercase());
        tanba_store::audit(&*tx, &caller.audit(&action, &request.parent, "ok")).await?;
        tx.commit()
            .await
            .map_err(store("committing an aggregation"))?;
        Ok(ReportOutcome { report_id, units })
    }
}

/// An aggregation inside the caller's transaction `tx`, acting for `actor`, its history rows
/// naming `cause` (a report, or a document of the documents service). Returns how many units
/// changed.
pub async fn aggregate_in(
    tx: &impl tokio_postgres::GenericClient,
    actor: &str,
    request: &Aggregation,
    cause: Cause,
) -> Result<usize, RegistryError> {
    let parent = unit_id(&request.parent, "/parent")?;
    let mut children = Vec::with_capacity(request.children.len());
    for (i, child) in request.children.iter().enumerate() {
        children.push(unit_id(child, &format!("/children/{i}"))?.to_string());
    }
    if request.operation != AggregationKind::Disaggregate {
        check_count(children.len(), "/children")?;
    }
    if request.operation == AggregationKind::Disaggregate && children.is_empty() {
        children = tx
            .query(
                "select key from units where parent = $1 order by key",
                &[&parent.to_string()],
            )
            .await
            .map_err(store("reading an aggregate"))?
            .iter()
            .map(|r| r.get(0))
            .collect();
    }
    let mut all = children.clone();
    all.push(parent.to_string());
    let locked = lock_units(tx, &all).await?;
    let find = |key: &str| locked.iter().find(|r| r.key == key);
    let mut child_rows = Vec::with_capacity(children.len());
    for (i, key) in children.iter().enumerate() {
        let row = find(key).ok_or_else(|| unknown_unit(key, format!("/children/{i}")))?;
        if row.owner != actor {
            return Err(not_owner(key, format!("/children/{i}")));
        }
        child_rows.push(row.clone());
    }
    let parent_row = match find(&parent.to_string()) {
        Some(row) if row.owner != actor => {
            return Err(not_owner(&row.key, "/parent".into()));
        }
        Some(row) => row.clone(),
        // A transport unit comes to exist when first packed, like its children.
        None if parent.is_sscc() && request.operation != AggregationKind::Disaggregate => {
            let first = child_rows
                .first()
                .ok_or_else(|| unknown_unit(&parent.to_string(), "/parent".into()))?;
            UnitRow {
                key: parent.to_string(),
                status: first.status.clone(),
                owner: actor.to_owned(),
                parent: None,
                order_id: None,
                receiver: None,
                shipment: None,
            }
        }
        None => return Err(unknown_unit(&parent.to_string(), "/parent".into())),
    };
    if let Some(moving) = child_rows
        .iter()
        .chain([&parent_row])
        .find(|r| r.receiver.is_some())
    {
        return Err(RegistryError::new(
            Kind::Conflict,
            "UNIT_IN_TRANSIT",
            Msg::new("unit-in-transit").with("unit", &moving.key),
        ));
    }
    let parent_facts = facts(&parent_row)?;
    let child_facts = child_rows
        .iter()
        .map(facts)
        .collect::<Result<Vec<_>, _>>()?;
    let ancestors = unit_ancestors(tx, &parent_row.key)
        .await?
        .iter()
        .filter_map(|k| UnitId::parse(k).ok())
        .collect::<Vec<_>>();
    let pointer = |e: &AggregationError| {
        let unit = e.unit().to_string();
        children
            .iter()
            .position(|k| *k == unit)
            .map_or_else(|| "/parent".to_owned(), |i| format!("/children/{i}"))
    };
    let checked = match request.operation {
        AggregationKind::Aggregate => check_aggregate(&parent_facts, &ancestors, &child_facts),
        AggregationKind::Reaggregate => check_reaggregate(&parent_facts, &ancestors, &child_facts),
        AggregationKind::Disaggregate => check_disaggregate(&parent_facts, &child_facts),
    };
    checked.map_err(|e| {
        let p = pointer(&e);
        refused(e, p)
    })?;
    let new_parent =
        (request.operation != AggregationKind::Disaggregate).then(|| parent_row.key.clone());
    let mut changed: Vec<UnitRow> = child_rows
        .into_iter()
        .map(|row| UnitRow {
            parent: new_parent.clone(),
            ..row
        })
        .collect();
    let mut trail: Vec<_> = changed
        .iter()
        .map(|r| history(r, actor, request.operation.event(), cause))
        .collect();
    if find(&parent_row.key).is_none() {
        trail.insert(0, history(&parent_row, actor, "CREATE", cause));
        changed.insert(0, parent_row);
    }
    write_units(tx, &changed).await?;
    write_history(tx, &trail).await?;
    record_units(tx, changed.iter().map(|r| (find(&r.key), r))).await?;
    Ok(trail.len())
}

fn unknown_unit(key: &str, pointer: String) -> RegistryError {
    RegistryError::new(
        Kind::NotFound,
        "UNIT_UNKNOWN",
        Msg::new("unit-unknown").with("unit", key),
    )
    .at(pointer)
}

fn not_owner(key: &str, pointer: String) -> RegistryError {
    RegistryError::forbidden(
        "UNIT_NOT_OWNED",
        Msg::new("unit-not-owned").with("unit", key),
    )
    .at(pointer)
}

fn store(context: &'static str) -> impl Fn(tokio_postgres::Error) -> RegistryError {
    move |e| tanba_store::StoreError::from_pg(context, e).into()
}

#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn every_aggregation_operation_parses_from_the_name_it_writes() {
        for kind in AggregationKind::ALL {
            let parsed: AggregationKind =
                serde_json::from_value(serde_json::Value::from(kind.as_str())).expect("parses");
            assert_eq!(parsed, *kind);
        }
    }
}
