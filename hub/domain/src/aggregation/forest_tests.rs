//! Unit tests of the forest: a warehouse built by hand, and every rule broken once.

use super::*;
use crate::aggregation::unit_id::tests::with_check_digit;
use crate::lifecycle::IntroductionRoute;
use crate::{Bin, CheckDigitPolicy, Gtin, Serial, Sscc};
use Status::{Applied, Emitted, Introduced, Retired};

pub(super) fn code(n: usize) -> UnitId {
    UnitId::Code {
        gtin: Gtin::parse("04600000000015").expect("valid GTIN"),
        serial: Serial::parse(&format!("S{n}")).expect("valid serial"),
    }
}

pub(super) fn sscc(n: usize) -> UnitId {
    let body = format!("14600000{n:09}");
    UnitId::Sscc(Sscc::parse(&with_check_digit(&body)).expect("check digit added"))
}

pub(super) fn owner(n: usize) -> ParticipantId {
    let digits = ["123456789011", "990540000006"][n];
    ParticipantId::Bin(Bin::parse(digits, CheckDigitPolicy::AcceptNcaTestIds).expect("a BIN"))
}

/// A pallet holding a box holding two packs of two units each, all applied and the maker's,
/// and a second empty box.
fn warehouse() -> Forest {
    let mut forest = Forest::new();
    for unit in [sscc(0), sscc(1), sscc(2)]
        .into_iter()
        .chain((0..6).map(code))
    {
        forest.insert(unit, Applied, owner(0)).expect("fresh unit");
    }
    forest
        .aggregate(&code(0), &[code(2), code(3)])
        .expect("pack 0");
    forest
        .aggregate(&code(1), &[code(4), code(5)])
        .expect("pack 1");
    forest
        .aggregate(&sscc(1), &[code(0), code(1)])
        .expect("box");
    forest.aggregate(&sscc(0), &[sscc(1)]).expect("pallet");
    forest
}

#[test]
fn contents_and_ancestors_follow_the_packing() {
    let forest = warehouse();
    assert_eq!(forest.ancestors(&code(4)), [code(1), sscc(1), sscc(0)]);
    assert_eq!(
        forest.contents(&sscc(0)),
        [
            sscc(1),
            code(0),
            code(2),
            code(3),
            code(1),
            code(4),
            code(5)
        ]
    );
    assert_eq!(forest.children(&sscc(1)), [code(0), code(1)]);
    assert!(forest.contents(&code(5)).is_empty());
}

#[test]
fn events_and_owners_cascade_from_the_outermost_unit() {
    let mut forest = warehouse();
    let introduce = Event::Introduce {
        route: IntroductionRoute::Production,
    };
    assert_eq!(forest.apply_event(&sscc(0), &introduce), Ok(Introduced));
    forest
        .transfer(&sscc(0), owner(1))
        .expect("the pallet is a root");
    for unit in std::iter::once(sscc(0)).chain(forest.contents(&sscc(0))) {
        let facts = forest.facts(&unit).expect("held");
        assert_eq!(
            (facts.status, facts.owner),
            (Introduced, owner(1)),
            "{unit}"
        );
    }
    assert_eq!(forest.facts(&sscc(2)).map(|f| f.status), Some(Applied));
}

#[test]
fn a_unit_of_a_sold_pack_is_taken_out_and_returned_alone() {
    let mut forest = warehouse();
    let introduce = Event::Introduce {
        route: IntroductionRoute::Import,
    };
    forest
        .apply_event(&sscc(0), &introduce)
        .expect("introduced");
    forest
        .disaggregate(&sscc(0), &[sscc(1)])
        .expect("pallet emptied");
    forest
        .disaggregate(&sscc(1), &[code(0)])
        .expect("pack 0 out of the box");
    assert_eq!(
        forest.apply_event(&code(0), &Event::RetailSale),
        Ok(Retired)
    );
    forest
        .disaggregate(&code(0), &[code(2)])
        .expect("any status unpacks");
    assert_eq!(
        forest.apply_event(&code(2), &Event::CustomerReturn),
        Ok(Introduced)
    );
    assert_eq!(forest.facts(&code(3)).map(|f| f.status), Some(Retired));
}

#[test]
fn reaggregation_moves_a_pack_between_boxes() {
    let mut forest = warehouse();
    forest.reaggregate(&sscc(2), &[code(1)]).expect("moved");
    assert_eq!(forest.ancestors(&code(5)), [code(1), sscc(2)]);
    assert_eq!(forest.children(&sscc(1)), [code(0)]);
}

/// An operation on a forest, for tables of cases.
type Operation = Box<dyn FnOnce(&mut Forest) -> Result<(), AggregationError>>;

/// The code of the error `op` returns and the unit it names; the forest must be unchanged.
fn refused(
    forest: &mut Forest,
    op: impl FnOnce(&mut Forest) -> Result<(), AggregationError>,
) -> (&'static str, UnitId) {
    let before = forest.clone();
    let err = op(forest).expect_err("refused");
    assert_eq!(*forest, before, "a refused operation changed the forest");
    assert!(
        err.msg()
            .args()
            .iter()
            .any(|(name, _)| *name == "unit" || *name == "parent" || *name == "status"),
        "{err:?} names something"
    );
    (err.code(), err.unit().clone())
}

#[test]
fn every_broken_rule_is_refused_and_names_its_unit() {
    let mut forest = warehouse();
    forest.insert(code(9), Introduced, owner(0)).expect("fresh");
    forest.insert(code(8), Applied, owner(1)).expect("fresh");
    forest.insert(code(7), Emitted, owner(0)).expect("fresh");
    let cases: Vec<(&str, UnitId, Operation)> = vec![
        (
            "AGGREGATION_EMPTY",
            sscc(2),
            Box::new(|f| f.aggregate(&sscc(2), &[])),
        ),
        (
            "AGGREGATION_DUPLICATE_CHILD",
            code(9),
            Box::new(|f| f.aggregate(&sscc(2), &[code(8), code(9), code(9)])),
        ),
        (
            "AGGREGATION_ALREADY_IN_PARENT",
            code(4),
            Box::new(|f| f.aggregate(&sscc(2), &[code(4)])),
        ),
        (
            "AGGREGATION_CYCLE",
            sscc(0),
            Box::new(|f| f.aggregate(&code(1), &[sscc(0)])),
        ),
        (
            "AGGREGATION_CYCLE",
            sscc(2),
            Box::new(|f| f.aggregate(&sscc(2), &[sscc(2)])),
        ),
        (
            "AGGREGATION_SSCC_IN_CODE",
            sscc(2),
            Box::new(|f| f.aggregate(&code(8), &[sscc(2)])),
        ),
        (
            "AGGREGATION_OWNER_MISMATCH",
            code(8),
            Box::new(|f| f.aggregate(&sscc(2), &[code(8)])),
        ),
        (
            "AGGREGATION_STATUS_MISMATCH",
            code(9),
            Box::new(|f| f.aggregate(&sscc(2), &[code(9)])),
        ),
        (
            "AGGREGATION_STATUS_NOT_PACKABLE",
            code(7),
            Box::new(|f| f.aggregate(&code(7), &[code(9)])),
        ),
        (
            "AGGREGATION_NOT_IN_PARENT",
            code(2),
            Box::new(|f| f.disaggregate(&sscc(1), &[code(2)])),
        ),
        (
            "AGGREGATION_NOT_AGGREGATED",
            code(8),
            Box::new(|f| f.reaggregate(&sscc(2), &[code(8)])),
        ),
        (
            "AGGREGATION_SAME_PARENT",
            code(0),
            Box::new(|f| f.reaggregate(&sscc(1), &[code(0)])),
        ),
        (
            "AGGREGATION_INSIDE_PARENT",
            code(0),
            Box::new(|f| f.transfer(&code(0), owner(1))),
        ),
        (
            "AGGREGATION_INSIDE_PARENT",
            sscc(1),
            Box::new(|f| f.apply_event(&sscc(1), &Event::RetailSale).map(drop)),
        ),
        (
            "AGGREGATION_EVENT_NOT_FOR_AGGREGATE",
            sscc(0),
            Box::new(|f| f.apply_event(&sscc(0), &Event::RemarkOld).map(drop)),
        ),
        (
            "ILLEGAL_TRANSITION",
            sscc(0),
            Box::new(|f| f.apply_event(&sscc(0), &Event::RetailSale).map(drop)),
        ),
        (
            "AGGREGATION_UNKNOWN_UNIT",
            code(99),
            Box::new(|f| f.aggregate(&sscc(2), &[code(99)])),
        ),
        (
            "AGGREGATION_UNIT_EXISTS",
            code(9),
            Box::new(|f| f.insert(code(9), Applied, owner(0))),
        ),
    ];
    for (code, unit, op) in cases {
        assert_eq!(refused(&mut forest, op), (code, unit));
    }
}
