//! Flow types: which events of the unit history an export counts, and under what name.

/// `(history event, flow name, meaning)`: every event an export counts. Events not listed
/// (emission, application, aggregation, the old half of a remark) move no goods between
/// participants or out of circulation and are not counted.
pub const FLOWS: &[(&str, &str, &str)] = &[
    (
        "INTRODUCE",
        "introduced",
        "put into circulation (production, import, remains, ...)",
    ),
    ("SHIP", "shipped", "shipped by one participant to another"),
    (
        "ACCEPT",
        "received",
        "accepted by the receiver of a shipment",
    ),
    (
        "RETURN",
        "refused",
        "refused by the receiver of a shipment; back with the sender",
    ),
    ("RETAIL_SALE", "sold", "sold at retail to the public"),
    (
        "CUSTOMER_RETURN",
        "returned",
        "returned by a retail customer",
    ),
    (
        "WRITE_OFF",
        "written_off",
        "written off (damage, expiry, loss, ...)",
    ),
    (
        "WITHDRAW",
        "withdrawn",
        "left circulation other than by retail sale (export, use, ...)",
    ),
    (
        "REMARK_NEW",
        "remarked",
        "a new code replaced a damaged one",
    ),
];

/// The history events counted, in [`FLOWS`] order.
pub fn events() -> Vec<&'static str> {
    FLOWS.iter().map(|(event, _, _)| *event).collect()
}

/// The flow name of a counted history event.
pub fn flow_of(event: &str) -> Option<&'static str> {
    FLOWS
        .iter()
        .find(|(e, _, _)| *e == event)
        .map(|(_, flow, _)| *flow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_flow_name_is_unique_and_every_event_maps() {
        let mut names: Vec<_> = FLOWS.iter().map(|(_, f, _)| *f).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FLOWS.len());
        for event in events() {
            assert!(flow_of(event).is_some(), "{event}");
        }
        assert_eq!(flow_of("AGGREGATE"), None);
    }
}
