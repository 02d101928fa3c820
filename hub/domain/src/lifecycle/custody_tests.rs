use super::*;
use crate::{Bin, CheckDigitPolicy, Iin, ParticipantId};

fn bin(digits: &str) -> ParticipantId {
    ParticipantId::Bin(
        Bin::parse(digits, CheckDigitPolicy::AcceptNcaTestIds).expect("a BIN by construction"),
    )
}

fn maker() -> ParticipantId {
    bin("123456789011")
}

fn shop() -> ParticipantId {
    bin("990540000006")
}

fn trader() -> ParticipantId {
    ParticipantId::Iin(
        Iin::parse("061211600012", CheckDigitPolicy::Strict).expect("GOVERNMENT.md's valid IIN"),
    )
}

#[test]
fn ownership_moves_only_when_the_receiver_accepts() {
    let owned = Custody::owned(maker());
    let shipped = owned.ship(maker(), shop(), "D-1").expect("the owner ships");
    assert_eq!(shipped.owner(), maker(), "in transit, still the sender's");
    assert_eq!(
        shipped.accept(shop(), &"D-1"),
        Ok(Custody::Owned { owner: shop() })
    );
    assert_eq!(shipped.refuse(shop(), &"D-1"), Ok(owned));
}

#[test]
fn each_wrong_move_is_refused_with_its_own_code() {
    let owned = Custody::owned(maker());
    fn code(r: Result<Custody<&str>, CustodyError>) -> Result<(), &'static str> {
        r.map(drop).map_err(|e| e.code())
    }
    assert_eq!(
        code(owned.ship(shop(), trader(), "D-1")),
        Err("CUSTODY_NOT_OWNER")
    );
    assert_eq!(
        code(owned.ship(maker(), maker(), "D-1")),
        Err("CUSTODY_SHIP_TO_SELF")
    );
    assert_eq!(
        code(owned.accept(maker(), &"D-1")),
        Err("CUSTODY_NOT_IN_TRANSIT")
    );
    let shipped = owned.ship(maker(), shop(), "D-1").expect("the owner ships");
    assert_eq!(
        code(shipped.ship(maker(), trader(), "D-2")),
        Err("CUSTODY_IN_TRANSIT")
    );
    assert_eq!(
        code(shipped.accept(trader(), &"D-1")),
        Err("CUSTODY_NOT_RECEIVER")
    );
    assert_eq!(
        code(shipped.refuse(maker(), &"D-1")),
        Err("CUSTODY_NOT_RECEIVER")
    );
    assert_eq!(
        shipped.accept(shop(), &"D-9"),
        Err(CustodyError::WrongDocument {
            document: "D-9".into(),
            shipment: "D-1".into()
        })
    );
}

#[test]
fn messages_name_the_participants_and_documents() {
    let shipped = Custody::owned(maker())
        .ship(maker(), shop(), "D-1")
        .expect("the owner ships");
    let msg = shipped
        .accept(trader(), &"D-1")
        .expect_err("not the receiver")
        .msg();
    assert_eq!(msg.id(), "custody-not-receiver");
    let texts: Vec<String> = msg
        .args()
        .iter()
        .map(|(_, arg)| format!("{arg:?}"))
        .collect();
    for needle in ["061211600012", "990540000006", "D-1"] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "{needle} in {texts:?}"
        );
    }
}
