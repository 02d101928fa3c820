//! What one change of a unit does to the statistics (R14): pure, from the row before and the
//! row after. Stock moves from (old owner, old status) to (new owner, new status); a flow is
//! counted for the owner it happened to. Only codes count: a transport unit (SSCC) is not goods.

use std::collections::BTreeMap;

use crate::registry::UnitRow;

/// What happened to goods on a day, from their owner's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flow {
    /// Codes ordered (emission).
    Emitted,
    /// Codes reported applied on goods.
    Applied,
    /// Goods introduced into circulation (production, import, remarking's new code).
    Introduced,
    /// Goods shipped to another participant (counted for the sender).
    Shipped,
    /// Goods accepted from a shipment (counted for the receiver, who becomes the owner).
    Received,
    /// Retail sale.
    Sold,
    /// Written off (also the damaged code a remarking replaces).
    WrittenOff,
    /// Withdrawn from circulation other than by sale (export, other reasons).
    Withdrawn,
    /// A customer's return (sold goods back into circulation).
    Returned,
}

impl Flow {
    /// Every flow, in the order the API lists them.
    pub const ALL: [Flow; 9] = [
        Flow::Emitted,
        Flow::Applied,
        Flow::Introduced,
        Flow::Shipped,
        Flow::Received,
        Flow::Sold,
        Flow::WrittenOff,
        Flow::Withdrawn,
        Flow::Returned,
    ];

    /// Its name in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Emitted => "emitted",
            Flow::Applied => "applied",
            Flow::Introduced => "introduced",
            Flow::Shipped => "shipped",
            Flow::Received => "received",
            Flow::Sold => "sold",
            Flow::WrittenOff => "written_off",
            Flow::Withdrawn => "withdrawn",
            Flow::Returned => "returned",
        }
    }

    /// The flow named `text`.
    pub fn parse(text: &str) -> Option<Flow> {
        Flow::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// The lifecycle status a code enters, seen as a flow; `from` tells a customer's return from
/// an introduction.
fn status_flow(from: &str, to: &str) -> Option<Flow> {
    match to {
        _ if from == to => None,
        "APPLIED" => Some(Flow::Applied),
        "INTRODUCED" if from == "RETIRED" => Some(Flow::Returned),
        "INTRODUCED" => Some(Flow::Introduced),
        "RETIRED" => Some(Flow::Sold),
        "WRITTEN_OFF" => Some(Flow::WrittenOff),
        "WITHDRAWN" => Some(Flow::Withdrawn),
        _ => None,
    }
}

/// The GTIN of a code's key (`01<gtin>21<serial>`); none for a transport unit.
pub fn gtin_of(key: &str) -> Option<&str> {
    key.strip_prefix("01").and_then(|rest| rest.get(..14))
}

/// Stock key: (owner, GTIN, status).
pub type StockKey = (String, String, String);
/// Flow key: (owner, GTIN, flow).
pub type FlowKey = (String, String, Flow);

/// The net changes of one transaction, summed per aggregate row and kept in key order (so
/// concurrent transactions update shared rows in the same order and cannot deadlock).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deltas {
    stock: BTreeMap<StockKey, i64>,
    flows: BTreeMap<FlowKey, i64>,
}

impl Deltas {
    /// No change.
    pub fn new() -> Deltas {
        Deltas::default()
    }

    fn add_stock(&mut self, owner: &str, gtin: &str, status: &str, n: i64) {
        *self
            .stock
            .entry((owner.to_owned(), gtin.to_owned(), status.to_owned()))
            .or_default() += n;
    }

    fn add_flow(&mut self, owner: &str, gtin: &str, flow: Flow, n: i64) {
        *self
            .flows
            .entry((owner.to_owned(), gtin.to_owned(), flow))
            .or_default() += n;
    }

    /// `quantity` codes of `gtin` ordered by `owner`: they exist (EMITTED) before any row does.
    pub fn emitted(&mut self, owner: &str, gtin: &str, quantity: i64) {
        self.add_stock(owner, gtin, "EMITTED", quantity);
        self.add_flow(owner, gtin, Flow::Emitted, quantity);
    }

    /// A unit went from `old` to `new`. `old` is `None` for a code's first row: it was EMITTED
    /// and its order's (only the order's participant reports its codes applied, so that is
    /// `new`'s owner).
    pub fn unit(&mut self, old: Option<&UnitRow>, new: &UnitRow) {
        let Some(gtin) = gtin_of(&new.key) else {
            return;
        };
        let (old_owner, old_status, was_shipped) = match old {
            Some(o) => (o.owner.as_str(), o.status.as_str(), o.receiver.is_some()),
            None => (new.owner.as_str(), "EMITTED", false),
        };
        if (old_owner, old_status) != (new.owner.as_str(), new.status.as_str()) {
            self.add_stock(old_owner, gtin, old_status, -1);
            self.add_stock(&new.owner, gtin, &new.status, 1);
        }
        if let Some(flow) = status_flow(old_status, &new.status) {
            self.add_flow(&new.owner, gtin, flow, 1);
        }
        match (was_shipped, new.receiver.is_some()) {
            (false, true) => self.add_flow(old_owner, gtin, Flow::Shipped, 1),
            // Acceptance moves ownership; a refusal leaves the goods with the sender.
            (true, false) if old_owner != new.owner => {
                self.add_flow(&new.owner, gtin, Flow::Received, 1)
            }
            _ => {}
        }
    }

    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.stock.values().all(|n| *n == 0) && self.flows.values().all(|n| *n == 0)
    }

    /// The stock changes that are not zero, in key order.
    pub fn stock(&self) -> impl Iterator<Item = (&StockKey, i64)> {
        self.stock
            .iter()
            .filter(|(_, n)| **n != 0)
            .map(|(k, n)| (k, *n))
    }

    /// The flow changes that are not zero, in key order.
    pub fn flows(&self) -> impl Iterator<Item = (&FlowKey, i64)> {
        self.flows
            .iter()
            .filter(|(_, n)| **n != 0)
            .map(|(k, n)| (k, *n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "0104600000000017211abcDEF";
    const A: &str = "000000000001";
    const B: &str = "000000000002";

    fn row(status: &str, owner: &str, receiver: Option<&str>) -> UnitRow {
        UnitRow {
            key: CODE.to_owned(),
            status: status.to_owned(),
            owner: owner.to_owned(),
            parent: None,
            order_id: None,
            receiver: receiver.map(str::to_owned),
            shipment: None,
        }
    }

    /// Stock and flow deltas, each key with its count.
    type Both = (Vec<(StockKey, i64)>, Vec<(FlowKey, i64)>);

    fn one(old: Option<UnitRow>, new: UnitRow) -> Both {
        let mut d = Deltas::new();
        d.unit(old.as_ref(), &new);
        (
            d.stock().map(|(k, n)| (k.clone(), n)).collect(),
            d.flows().map(|(k, n)| (k.clone(), n)).collect(),
        )
    }

    fn s(owner: &str, status: &str, n: i64) -> (StockKey, i64) {
        ((owner.into(), "04600000000017".into(), status.into()), n)
    }

    fn f(owner: &str, flow: Flow) -> (FlowKey, i64) {
        ((owner.into(), "04600000000017".into(), flow), 1)
    }

    #[test]
    fn first_row_leaves_emitted() {
        let (stock, flows) = one(None, row("APPLIED", A, None));
        assert_eq!(stock, vec![s(A, "APPLIED", 1), s(A, "EMITTED", -1)]);
        assert_eq!(flows, vec![f(A, Flow::Applied)]);
    }

    #[test]
    fn each_lifecycle_step_is_its_flow() {
        let cases = [
            ("APPLIED", "INTRODUCED", Flow::Introduced),
            ("INTRODUCED", "RETIRED", Flow::Sold),
            ("RETIRED", "INTRODUCED", Flow::Returned),
            ("INTRODUCED", "WRITTEN_OFF", Flow::WrittenOff),
            ("INTRODUCED", "WITHDRAWN", Flow::Withdrawn),
        ];
        for (from, to, flow) in cases {
            let (stock, flows) = one(Some(row(from, A, None)), row(to, A, None));
            let mut want = vec![s(A, from, -1), s(A, to, 1)];
            want.sort();
            assert_eq!(stock, want, "{from} -> {to}");
            assert_eq!(flows, vec![f(A, flow)], "{from} -> {to}");
        }
    }

    #[test]
    fn shipment_keeps_stock_with_the_sender_until_acceptance() {
        let shipped = one(
            Some(row("INTRODUCED", A, None)),
            row("INTRODUCED", A, Some(B)),
        );
        assert_eq!(shipped, (vec![], vec![f(A, Flow::Shipped)]));
        let accepted = one(
            Some(row("INTRODUCED", A, Some(B))),
            row("INTRODUCED", B, None),
        );
        assert_eq!(
            accepted,
            (
                vec![s(A, "INTRODUCED", -1), s(B, "INTRODUCED", 1)],
                vec![f(B, Flow::Received)]
            )
        );
        let refused = one(
            Some(row("INTRODUCED", A, Some(B))),
            row("INTRODUCED", A, None),
        );
        assert_eq!(refused, (vec![], vec![]));
    }

    #[test]
    fn transport_units_and_parent_moves_count_nothing() {
        let sscc = |status: &str| UnitRow {
            key: "00046000000000000017".into(),
            ..row(status, A, None)
        };
        let mut d = Deltas::new();
        d.unit(Some(&sscc("APPLIED")), &sscc("INTRODUCED"));
        let packed = UnitRow {
            parent: Some("00046000000000000017".into()),
            ..row("INTRODUCED", A, None)
        };
        d.unit(Some(&row("INTRODUCED", A, None)), &packed);
        assert!(d.is_empty());
    }

    /// Property-style: over every pair of states, stock moves conserve the number of codes
    /// (what leaves one cell enters another), and a change without any effect counts nothing.
    #[test]
    fn stock_is_conserved_over_every_pair_of_states() {
        let statuses = [
            "EMITTED",
            "APPLIED",
            "INTRODUCED",
            "RETIRED",
            "WRITTEN_OFF",
            "WITHDRAWN",
        ];
        let mut states = Vec::new();
        for status in statuses {
            for owner in [A, B] {
                for receiver in [None, Some(A), Some(B)] {
                    states.push(row(status, owner, receiver));
                }
            }
        }
        for old in &states {
            for new in &states {
                let mut d = Deltas::new();
                d.unit(Some(old), new);
                assert_eq!(
                    d.stock().map(|(_, n)| n).sum::<i64>(),
                    0,
                    "{old:?} -> {new:?}"
                );
                assert!(d.flows().all(|(_, n)| n == 1), "{old:?} -> {new:?}");
                if old == new {
                    assert!(d.is_empty());
                }
                let mut back = d.clone();
                back.unit(Some(new), old);
                assert_eq!(back.stock().count(), 0, "there and back nets out");
            }
        }
    }
}
