//! An emitted code as it is printed (R1, R2): GTIN `(01)`, serial `(21)` and the product group's
//! crypto tail, either key id `(91)` with verification code `(92)`, or the short code `(93)`.

use super::{Serial, TailLength, VerificationKey, verification_code};
use crate::{Ai, ElementString, Gtin};

/// The element string of the code for `gtin` and `serial`, with its verification code under
/// `key` in the group's `tail` form.
pub fn emitted_code(
    gtin: Gtin,
    serial: &Serial,
    key: &VerificationKey,
    tail: TailLength,
) -> ElementString {
    let check = verification_code(key, gtin, serial, tail);
    let mut elements = vec![
        (Ai::GTIN, gtin.to_string()),
        (Ai::SERIAL, serial.as_str().to_owned()),
    ];
    match tail {
        TailLength::Short4 => elements.push((Ai::SHORT_VERIFICATION_CODE, check)),
        TailLength::Long44 | TailLength::Long88 => {
            elements.push((Ai::VERIFICATION_KEY_ID, key.id().to_string()));
            elements.push((Ai::VERIFICATION_CODE, check));
        }
    }
    ElementString::from_elements(elements)
        .expect("a GTIN, a CSET 82 serial and a base64 tail make a valid element string")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emission::{CodeToVerify, KeyId, Keyring, Verdict, verify};

    #[test]
    fn printed_codes_verify_and_read_back() {
        let key =
            VerificationKey::new(KeyId::parse("K001").expect("id"), vec![3; 32]).expect("key");
        let ring = Keyring::new([key.clone()]).expect("ring");
        let gtin = Gtin::parse("04600000000015").expect("gtin");
        let serial = Serial::parse("a\"bc%12").expect("serial");
        for tail in [TailLength::Short4, TailLength::Long44, TailLength::Long88] {
            let code = emitted_code(gtin, &serial, &key, tail);
            let scanned = ElementString::parse_raw(&code.to_raw()).expect("reads back");
            assert_eq!(scanned, code);
            let to_verify =
                CodeToVerify::from_element_string(&scanned, Some(key.id())).expect("complete");
            assert_eq!(
                verify(&ring, &to_verify),
                Verdict::Genuine {
                    key_id: key.id().clone()
                }
            );
            assert_eq!(scanned.serial(), Some("a\"bc%12"));
        }
    }
}
