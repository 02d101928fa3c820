//! Adapters built against `tanba:adapter@1.0.0` keep working (DESIGN.md, principle 5: a minor
//! version only adds, and the hub keeps loading every version it ever accepted).
//!
//! 1.1.0 added a case to `command`, and the component model checks variant cases exactly, so a
//! 1.0.0 component is bound with 1.0.0's generated types. Every 1.0.0 type is also in 1.1.0
//! with the same fields and cases, so what the hub passes in is lowered field by field and
//! what the adapter returns is lifted field by field into the 1.1.0 types the hub works with.
//! The conversions are written out per record, enum and variant (by the macros below) rather
//! than through a serialisation, so the compiler checks that they are complete: a field or case
//! added to 1.0.0's copy (which must never happen) or removed from 1.1.0 does not compile.

use crate::adapter_bindings::{v1_0, v1_1};

/// A value of one WIT version as the same value of another.
pub(crate) trait Lift<T> {
    /// The value, converted.
    fn lift(self) -> T;
}

macro_rules! same {
    ($($t:ty),*) => {
        $(impl Lift<$t> for $t {
            fn lift(self) -> $t {
                self
            }
        })*
    };
}
same!(String, bool, u8, u16, u32, u64, i32, i64);

impl<A: Lift<B>, B> Lift<Vec<B>> for Vec<A> {
    fn lift(self) -> Vec<B> {
        self.into_iter().map(Lift::lift).collect()
    }
}

impl<A: Lift<B>, B> Lift<Option<B>> for Option<A> {
    fn lift(self) -> Option<B> {
        self.map(Lift::lift)
    }
}

impl<A1: Lift<B1>, A2: Lift<B2>, B1, B2> Lift<(B1, B2)> for (A1, A2) {
    fn lift(self) -> (B1, B2) {
        (self.0.lift(), self.1.lift())
    }
}

impl<A: Lift<B>, B, E: Lift<F>, F> Lift<Result<B, F>> for Result<A, E> {
    fn lift(self) -> Result<B, F> {
        self.map(Lift::lift).map_err(Lift::lift)
    }
}

/// Records: the same fields.
macro_rules! records {
    ($from:ident => $to:ident: $($name:ident { $($field:ident),* })*) => {
        $(impl Lift<$to::$name> for $from::$name {
            fn lift(self) -> $to::$name {
                $to::$name { $($field: self.$field.lift()),* }
            }
        })*
    };
}

/// Enums: the same cases.
macro_rules! enums {
    ($from:ident => $to:ident: $($name:ident { $($case:ident),* })*) => {
        $(impl Lift<$to::$name> for $from::$name {
            fn lift(self) -> $to::$name {
                match self {
                    $($from::$name::$case => $to::$name::$case),*
                }
            }
        })*
    };
}

/// Variants: the same cases, each with a payload.
macro_rules! variants {
    ($from:ident => $to:ident: $($name:ident { $($case:ident),* })*) => {
        $(impl Lift<$to::$name> for $from::$name {
            fn lift(self) -> $to::$name {
                match self {
                    $($from::$name::$case(payload) => $to::$name::$case(payload.lift())),*
                }
            }
        })*
    };
}

// What a 1.0.0 adapter returns.
records!(v1_0 => v1_1:
    Text { kk, ru, en }
    Endpoint { name, direction, description }
    Job { name, cron, description }
    Setting { name, default_value, description }
    Info { id, version, endpoints, jobs, events, settings }
    Date { year, month, day }
    DocumentLine { code, sscc, price_tiyn, attributes }
    Document { kind, external_id, sender, receiver, fields, lines }
    Participant { iin_bin, kind, name, status, registered_on, attributes }
    TrustUpdate { source, certificates, crls }
    Outbound { endpoint, path, method, idempotency_key, content_type, headers, body, signing }
    Send { message, commands, state }
    Done { commands, keep }
    Failure { code, after, reason }
    Fault { code, sender_at_fault, reason }
);
enums!(v1_0 => v1_1:
    Direction { Outbound, Inbound }
    ParticipantKind { IndividualEntrepreneur, LegalEntity }
    ParticipantStatus { Active, Suspended, Closed }
    Signing { None, WsSecurityBody }
    Method { Get, Post }
    AfterFailure { RetryLater, GiveUp }
);
variants!(v1_0 => v1_1:
    Command { SubmitDocument, UpsertParticipant, UpdateTrustStore }
    Step { Send, Done, Failed }
);

// What the hub passes to a 1.0.0 adapter.
records!(v1_1 => v1_0:
    Context { now_unix_seconds, settings }
    AppliedDocument { kind, id, sender, receiver, codes, fields, applied_unix_seconds }
    Inbound { content_type, headers, body }
    Reply { status, content_type, body }
);
variants!(v1_1 => v1_0:
    Event { DocumentApplied }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_of_1_0_is_the_same_step_in_1_1() {
        let old = v1_0::Step::Done(v1_0::Done {
            commands: vec![v1_0::Command::UpsertParticipant(v1_0::Participant {
                iin_bin: "040740000001".into(),
                kind: v1_0::ParticipantKind::LegalEntity,
                name: "Дүкен".into(),
                status: v1_0::ParticipantStatus::Suspended,
                registered_on: Some(v1_0::Date {
                    year: 2026,
                    month: 11,
                    day: 25,
                }),
                attributes: vec![("kato".into(), "751110000".into())],
            })],
            keep: vec![1, 2, 3],
        });
        let v1_1::Step::Done(done) = old.lift() else {
            panic!("still done");
        };
        assert_eq!(done.keep, [1, 2, 3]);
        let [v1_1::Command::UpsertParticipant(p)] = done.commands.as_slice() else {
            panic!("one participant: {:?}", done.commands);
        };
        assert_eq!(p.iin_bin, "040740000001");
        assert_eq!(p.status, v1_1::ParticipantStatus::Suspended);
        assert_eq!(
            p.registered_on.as_ref().map(|d| (d.year, d.day)),
            Some((2026, 25))
        );
        assert_eq!(p.attributes, [("kato".to_owned(), "751110000".to_owned())]);
    }
}
