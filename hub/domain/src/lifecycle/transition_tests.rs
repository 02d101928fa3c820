use std::collections::HashSet;

use proptest::prelude::*;

use super::*;
use crate::lifecycle::{IntroductionRoute, WithdrawalReason, WriteOffReason};
use Status::{Applied, Emitted, Introduced, Retired, Withdrawn, WrittenOff};

/// The module's table, written out a second time: (from, event code, to). Any pair not listed
/// must be refused.
const TABLE: &[(Status, &str, Status)] = &[
    (Emitted, "APPLY", Applied),
    (Applied, "INTRODUCE", Introduced),
    (Introduced, "RETAIL_SALE", Retired),
    (Retired, "CUSTOMER_RETURN", Introduced),
    (Emitted, "WRITE_OFF", WrittenOff),
    (Applied, "WRITE_OFF", WrittenOff),
    (Introduced, "WRITE_OFF", WrittenOff),
    (Introduced, "WITHDRAW", Withdrawn),
    (Introduced, "REMARK_OLD", WrittenOff),
    (Emitted, "REMARK_NEW", Introduced),
    (Applied, "REMARK_NEW", Introduced),
];

/// Every event with every reason and route.
fn all_events() -> Vec<Event> {
    let mut events = vec![
        Event::Apply,
        Event::RetailSale,
        Event::CustomerReturn,
        Event::RemarkOld,
        Event::RemarkNew,
    ];
    events.extend(
        IntroductionRoute::ALL
            .iter()
            .map(|&route| Event::Introduce { route }),
    );
    events.extend(
        WriteOffReason::ALL
            .iter()
            .map(|&reason| Event::WriteOff { reason }),
    );
    events.extend(
        WithdrawalReason::ALL
            .iter()
            .map(|&reason| Event::Withdraw { reason }),
    );
    events
}

fn expected(from: Status, event: &Event) -> Option<Status> {
    TABLE
        .iter()
        .find(|(f, code, _)| *f == from && *code == event.code())
        .map(|(_, _, to)| *to)
}

#[test]
fn every_status_and_event_pair_follows_the_table() {
    let mut allowed = 0;
    for &from in Status::ALL {
        for event in all_events() {
            let got = transition(from, &event);
            match expected(from, &event) {
                Some(to) => {
                    allowed += 1;
                    assert_eq!(got, Ok(to), "{from} + {event}");
                }
                None => {
                    let err = got.expect_err("not in the table");
                    assert_eq!(err, LifecycleError::IllegalTransition { from, event });
                    assert_eq!(err.code(), "ILLEGAL_TRANSITION");
                    let msg = err.msg();
                    assert_eq!(msg.id(), "lifecycle-illegal-transition");
                    assert_eq!(msg.args().len(), 2, "names the status and the event");
                }
            }
        }
    }
    // Every row of the table was met, once per reason or route of its event.
    let rows: usize = TABLE
        .iter()
        .map(|(_, code, _)| all_events().iter().filter(|e| e.code() == *code).count())
        .sum();
    assert_eq!(allowed, rows);
}

#[test]
fn left_circulation_accepts_nothing_but_a_customer_return() {
    for from in Status::ALL
        .iter()
        .copied()
        .filter(|s| s.has_left_circulation())
    {
        for event in all_events() {
            let allowed = transition(from, &event).is_ok();
            assert_eq!(
                allowed,
                from == Retired && event == Event::CustomerReturn,
                "{from} + {event}"
            );
        }
    }
}

#[test]
fn remarking_moves_both_codes_or_neither() {
    assert_eq!(remark(Introduced, Emitted), Ok((WrittenOff, Introduced)));
    assert_eq!(remark(Introduced, Applied), Ok((WrittenOff, Introduced)));
    let old_refused = remark(Retired, Emitted).expect_err("sold goods are returned first");
    assert_eq!(
        old_refused,
        LifecycleError::IllegalTransition {
            from: Retired,
            event: Event::RemarkOld
        }
    );
    let new_refused = remark(Introduced, Introduced).expect_err("the new code is in use");
    assert_eq!(
        new_refused,
        LifecycleError::IllegalTransition {
            from: Introduced,
            event: Event::RemarkNew
        }
    );
}

#[test]
fn stable_codes_render_parse_and_travel_as_json_strings() {
    for &status in Status::ALL {
        assert_eq!(Status::parse(status.as_str()), Ok(status));
        assert_eq!(status.to_string().parse::<Status>(), Ok(status));
        let json = serde_json::to_string(&status).expect("serialises");
        assert_eq!(json, format!("\"{status}\""));
        assert_eq!(
            serde_json::from_str::<Status>(&json).expect("parses"),
            status
        );
    }
    assert_eq!(Status::WrittenOff.as_str(), "WRITTEN_OFF");
    let err = Status::parse("written_off").expect_err("codes are exact");
    assert_eq!(err.code(), "UNKNOWN_STATUS");
    assert!(serde_json::from_str::<Status>("\"SOLD\"").is_err());
    assert_eq!(
        WriteOffReason::parse("REMARKED").map_err(|e| e.code()),
        Err("UNKNOWN_WRITE_OFF_REASON")
    );
    let msg = WithdrawalReason::parse("x").expect_err("unknown").msg();
    assert_eq!(msg.id(), "lifecycle-unknown-value");
}

#[test]
fn events_travel_as_objects_tagged_by_their_code() {
    for event in all_events() {
        let json = serde_json::to_value(event).expect("serialises");
        assert_eq!(json["event"], event.code(), "{json}");
        assert_eq!(
            serde_json::from_value::<Event>(json).expect("parses"),
            event
        );
    }
    let write_off = Event::WriteOff {
        reason: WriteOffReason::Expiry,
    };
    assert_eq!(
        serde_json::to_string(&write_off).expect("serialises"),
        r#"{"event":"WRITE_OFF","reason":"EXPIRY"}"#
    );
    assert_eq!(write_off.to_string(), "WRITE_OFF(EXPIRY)");
    assert!(serde_json::from_str::<Event>(r#"{"event":"WRITE_OFF","reason":"LATE"}"#).is_err());
}

/// The statuses the table reaches from `start`, `start` included.
fn reachable(start: Status) -> HashSet<Status> {
    let mut seen = HashSet::from([start]);
    let mut frontier = vec![start];
    while let Some(from) = frontier.pop() {
        for (_, _, to) in TABLE.iter().filter(|(f, _, _)| *f == from) {
            if seen.insert(*to) {
                frontier.push(*to);
            }
        }
    }
    seen
}

fn any_status() -> impl Strategy<Value = Status> {
    proptest::sample::select(Status::ALL)
}

fn any_event() -> impl Strategy<Value = Event> {
    proptest::sample::select(all_events())
}

proptest! {
    /// Any sequence of events either is refused, leaving the status as it was, or moves the
    /// code along a row of the table; the code never leaves what the table reaches.
    #[test]
    fn random_sequences_stay_on_the_table(
        start in any_status(),
        events in proptest::collection::vec(any_event(), 0..40),
    ) {
        let within = reachable(start);
        let mut status = start;
        for event in &events {
            match transition(status, event) {
                Ok(next) => {
                    prop_assert_eq!(Some(next), expected(status, event));
                    status = next;
                }
                Err(err) => {
                    prop_assert_eq!(expected(status, event), None);
                    prop_assert_eq!(err, LifecycleError::IllegalTransition { from: status, event: *event });
                }
            }
            prop_assert!(within.contains(&status), "{} unreachable from {}", status, start);
        }
        if start == WrittenOff || start == Withdrawn {
            prop_assert_eq!(status, start);
        }
    }
}
