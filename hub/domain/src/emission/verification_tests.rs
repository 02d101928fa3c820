use proptest::prelude::*;

use super::*;
use crate::{Ai, ElementString};

fn key(id: &str, byte: u8) -> VerificationKey {
    VerificationKey::new(
        KeyId::parse(id).expect("valid by construction"),
        vec![byte; 32],
    )
    .expect("valid by construction")
}

fn gtin() -> Gtin {
    Gtin::parse("04600000000015").expect("valid by construction")
}

fn serial(text: &str) -> Serial {
    Serial::parse(text).expect("valid by construction")
}

fn code_for(key: &VerificationKey, serial_text: &str, length: TailLength) -> CodeToVerify {
    let serial = serial(serial_text);
    CodeToVerify {
        gtin: gtin(),
        verification_code: verification_code(key, gtin(), &serial, length),
        serial,
        key_id: key.id().clone(),
    }
}

#[test]
fn codes_have_the_tail_lengths_and_fit_ai_92_and_93() {
    let k = key("FFD0", 1);
    for length in [TailLength::Short4, TailLength::Long44, TailLength::Long88] {
        let code = verification_code(&k, gtin(), &serial("abc(1)'%"), length);
        assert_eq!(code.len(), length.chars(), "{code}");
        let ai = if length == TailLength::Short4 {
            Ai::SHORT_VERIFICATION_CODE
        } else {
            Ai::VERIFICATION_CODE
        };
        ElementString::from_elements([(ai, code.as_str())]).expect("valid by construction");
    }
}

#[test]
fn codes_are_deterministic_and_depend_on_gtin_serial_key_and_length() {
    let k = key("FFD0", 1);
    let s = serial("0000001");
    let code =
        |k: &VerificationKey, g: Gtin, s: &Serial| verification_code(k, g, s, TailLength::Long44);
    let base = code(&k, gtin(), &s);
    assert_eq!(base, code(&k, gtin(), &s));
    assert_ne!(
        base,
        code(
            &k,
            Gtin::parse("04600000000022").expect("valid by construction"),
            &s
        )
    );
    assert_ne!(base, code(&k, gtin(), &serial("0000002")));
    assert_ne!(base, code(&key("FFD0", 2), gtin(), &s));
    let long = verification_code(&k, gtin(), &s, TailLength::Long88);
    assert!(!long.starts_with(base.trim_end_matches('=')));
}

#[test]
fn genuine_codes_verify_also_after_rotation() {
    let old = key("0001", 1);
    let new = key("0002", 2);
    let made_before = code_for(&old, "AAAAAAAAAAAAA", TailLength::Long44);
    let made_after = code_for(&new, "BBBBBBBBBBBBB", TailLength::Long88);
    let ring = Keyring::new([old.clone(), new]).expect("valid by construction");
    assert_eq!(
        verify(&ring, &made_before),
        Verdict::Genuine {
            key_id: old.id().clone()
        }
    );
    assert!(verify(&ring, &made_after).into_result().is_ok());
    let short = code_for(&old, "1234567", TailLength::Short4);
    assert!(matches!(verify(&ring, &short), Verdict::Genuine { .. }));
}

#[test]
fn a_code_made_with_another_key_is_forged() {
    let ring = Keyring::new([key("0001", 1)]).expect("valid by construction");
    let mut code = code_for(&key("0001", 9), "AAAAAAAAAAAAA", TailLength::Long44);
    assert_eq!(verify(&ring, &code), Verdict::Forged);
    code.verification_code = "=".repeat(7);
    assert_eq!(verify(&ring, &code), Verdict::Forged);
    assert_eq!(
        verify(&ring, &code)
            .into_result()
            .expect_err("refused by design")
            .code(),
        "VERIFICATION_CODE_MISMATCH"
    );
}

#[test]
fn an_unknown_key_id_has_its_own_verdict_and_error() {
    let ring = Keyring::new([key("0001", 1)]).expect("valid by construction");
    let code = code_for(&key("0003", 1), "AAAAAAAAAAAAA", TailLength::Long44);
    let verdict = verify(&ring, &code);
    assert_eq!(
        verdict,
        Verdict::UnknownKey {
            key_id: KeyId::parse("0003").expect("valid by construction")
        }
    );
    assert_eq!(
        verdict.into_result(),
        Err(EmissionError::UnknownVerificationKey { id: "0003".into() })
    );
}

#[test]
fn key_ids_are_four_letters_or_digits_in_any_case() {
    assert_eq!(
        KeyId::parse("ffd0").expect("valid by construction"),
        KeyId::parse("FFD0").expect("valid by construction")
    );
    assert_eq!(
        KeyId::parse("ffd0")
            .expect("valid by construction")
            .as_str(),
        "FFD0"
    );
    for bad in ["", "FFD", "FFD00", "FF-0", "FFД0"] {
        assert_eq!(
            KeyId::parse(bad).expect_err("refused by design").code(),
            "VERIFICATION_KEY_ID_FORMAT"
        );
    }
}

#[test]
fn keys_are_long_unique_and_never_printed() {
    let id = KeyId::parse("0001").expect("valid by construction");
    let short = VerificationKey::new(id.clone(), vec![1; 31]).expect_err("refused by design");
    assert_eq!(short.code(), "VERIFICATION_KEY_TOO_SHORT");
    let dup = Keyring::new([key("0001", 1), key("0001", 2)]).expect_err("refused by design");
    assert_eq!(dup.code(), "VERIFICATION_KEY_ID_DUPLICATE");
    let secret = VerificationKey::new(id, b"do-not-print-this-secret-please!".to_vec())
        .expect("valid by construction");
    let shown = format!(
        "{secret:?} {:?}",
        Keyring::new([secret.clone()]).expect("valid by construction")
    );
    assert!(!shown.contains("do-not-print"), "{shown}");
    assert!(shown.contains("0001"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Changing any one character of a genuine code makes it fail.
    #[test]
    fn one_changed_character_fails(
        long in any::<bool>(),
        at in 0usize..88,
        replacement in prop::sample::select(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".as_bytes().to_vec()
        ),
    ) {
        let k = key("AB12", 5);
        let length = if long { TailLength::Long88 } else { TailLength::Long44 };
        let mut code = code_for(&k, "x(1)'\"%&_?;<>", length);
        let mut bytes = code.verification_code.clone().into_bytes();
        let at = at % bytes.len();
        prop_assume!(bytes[at] != replacement);
        bytes[at] = replacement;
        code.verification_code = String::from_utf8(bytes).expect("valid by construction");
        let ring = Keyring::new([k]).expect("valid by construction");
        prop_assert_eq!(verify(&ring, &code), Verdict::Forged);
    }
}

#[test]
fn a_scanned_code_yields_what_its_verification_needs() {
    let k = key("FFD0", 7);
    let s = serial("Abc123XYZ0000");
    let long = verification_code(&k, gtin(), &s, TailLength::Long44);
    let scanned = ElementString::from_elements([
        (Ai::GTIN, gtin().to_string()),
        (Ai::SERIAL, s.to_string()),
        (Ai::VERIFICATION_KEY_ID, "ffd0".to_owned()),
        (Ai::VERIFICATION_CODE, long.clone()),
    ])
    .expect("a valid element string");
    let keyring = Keyring::new([k.clone()]).expect("keyring");
    let code = CodeToVerify::from_element_string(&scanned, None).expect("complete");
    assert_eq!(code.verification_code, long);
    assert!(matches!(verify(&keyring, &code), Verdict::Genuine { .. }));

    let short = verification_code(&k, gtin(), &s, TailLength::Short4);
    let dairy = ElementString::from_elements([
        (Ai::GTIN, gtin().to_string()),
        (Ai::SERIAL, s.to_string()),
        (Ai::SHORT_VERIFICATION_CODE, short),
    ])
    .expect("a valid element string");
    let err = CodeToVerify::from_element_string(&dairy, None).expect_err("93 names no key");
    assert_eq!(err.code(), "VERIFICATION_CODE_INCOMPLETE");
    let code = CodeToVerify::from_element_string(&dairy, Some(k.id())).expect("group key");
    assert!(matches!(verify(&keyring, &code), Verdict::Genuine { .. }));

    let bare =
        ElementString::from_elements([(Ai::GTIN, gtin().to_string()), (Ai::SERIAL, s.to_string())])
            .expect("a valid element string");
    let err = CodeToVerify::from_element_string(&bare, Some(k.id())).expect_err("no tail");
    assert!(
        matches!(err, EmissionError::CodeIncomplete { ai: "92" }),
        "{err}"
    );
}
