use std::collections::HashSet;

use aes::{Aes128, Aes256};
use fpe::ff1::{FF1, FlexibleNumeralString};
use proptest::prelude::*;

use super::*;

const KEY: [u8; 32] = [7; 32];

fn gtin() -> Gtin {
    Gtin::parse("04600000000015").expect("valid by construction")
}

fn digits6() -> SerialCipher {
    SerialCipher::new(
        SerialFormat::new(6, "0123456789").expect("valid by construction"),
        &KEY,
    )
    .expect("valid by construction")
}

/// NIST SP 800-38G FF1 samples (csrc.nist.gov, "FF1samples.pdf"), radix 10: the primitive we
/// build on computes FF1 as NIST does, with AES-128 and with AES-256 (ours).
#[test]
fn fpe_matches_nist_ff1_samples() {
    let plain = || FlexibleNumeralString::from(vec![0u16, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let key128 = [
        0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F,
        0x3C,
    ];
    let key256 = [
        0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF, 0x4F,
        0x3C, 0xEF, 0x43, 0x59, 0xD8, 0xD5, 0x80, 0xAA, 0x4F, 0x7F, 0x03, 0x6D, 0x6F, 0x04, 0xFC,
        0x6A, 0x94,
    ];
    let tweak = b"9876543210";

    let sample1 = FF1::<Aes128>::new(&key128, 10).expect("valid by construction");
    let ct = sample1
        .encrypt(&[], &plain())
        .expect("valid by construction");
    assert_eq!(Vec::from(ct), [2, 4, 3, 3, 4, 7, 7, 4, 8, 4]);

    let ff1 = FF1::<Aes256>::new(&key256, 10).expect("valid by construction");
    let sample7 = Vec::from(ff1.encrypt(&[], &plain()).expect("valid by construction"));
    assert_eq!(sample7, [6, 6, 5, 7, 6, 6, 7, 0, 0, 9]);
    let sample8 = ff1.encrypt(tweak, &plain()).expect("valid by construction");
    let back = Vec::from(ff1.decrypt(tweak, &sample8).expect("valid by construction"));
    assert_eq!(Vec::from(sample8), [1, 0, 0, 1, 6, 2, 3, 4, 6, 3]);
    assert_eq!(back, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

/// Our plumbing writes the counter most significant numeral first and tweaks with the GTIN's
/// 14 digits: serial = FF1(key, GTIN, counter in base 10) for a digit alphabet.
#[test]
fn serial_is_ff1_of_the_counter_tweaked_by_the_gtin() {
    let cipher = SerialCipher::new(
        SerialFormat::new(10, "0123456789").expect("valid by construction"),
        &KEY,
    )
    .expect("valid by construction");
    let serial = cipher
        .encrypt(gtin(), 123_456_789)
        .expect("valid by construction");
    let ff1 = FF1::<Aes256>::new(&KEY, 10).expect("valid by construction");
    let plain = FlexibleNumeralString::from(vec![0u16, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let expected: String = Vec::from(
        ff1.encrypt(b"04600000000015", &plain)
            .expect("valid by construction"),
    )
    .into_iter()
    .map(|n| char::from(b'0' + n as u8))
    .collect();
    assert_eq!(serial.as_str(), expected);
}

#[test]
fn consecutive_counters_give_distinct_serials() {
    let cipher = digits6();
    let mut seen = HashSet::new();
    for counter in 0..100_000 {
        let serial = cipher
            .encrypt(gtin(), counter)
            .expect("valid by construction");
        assert!(seen.insert(serial), "counter {counter} repeats a serial");
    }
}

#[test]
fn counters_beyond_the_format_are_refused() {
    let cipher = digits6();
    assert_eq!(cipher.counter_space(), 1_000_000);
    assert!(cipher.encrypt(gtin(), 999_999).is_ok());
    assert_eq!(
        cipher.encrypt(gtin(), 1_000_000),
        Err(EmissionError::CounterOutOfRange {
            counter: 1_000_000,
            capacity: 1_000_000
        })
    );
    let wide = SerialCipher::new(SerialFormat::thirteen(), &KEY).expect("valid by construction");
    assert_eq!(wide.counter_space(), 1u128 << 64);
    let last = wide
        .encrypt(gtin(), u64::MAX)
        .expect("valid by construction");
    assert_eq!(wide.decrypt(gtin(), &last), Ok(u64::MAX));
}

#[test]
fn serials_nobody_emitted_are_told_apart() {
    // 82^13 serials, 2^64 counters: a serial made up at random decrypts to a counter with
    // probability 2.4e-6.
    let cipher = SerialCipher::new(SerialFormat::thirteen(), &KEY).expect("valid by construction");
    for guess in ["AAAAAAAAAAAAA", "0123456789abc", "(guessed!!%_)"] {
        let serial = Serial::parse(guess).expect("valid by construction");
        assert_eq!(
            cipher
                .decrypt(gtin(), &serial)
                .expect_err("refused by design")
                .code(),
            "SERIAL_NOT_EMITTED"
        );
    }
}

#[test]
fn serials_of_another_shape_are_refused() {
    let cipher = digits6();
    let long = Serial::parse("1234567").expect("valid by construction");
    assert_eq!(
        cipher
            .decrypt(gtin(), &long)
            .expect_err("refused by design")
            .code(),
        "SERIAL_WRONG_LENGTH"
    );
    let letter = Serial::parse("12345x").expect("valid by construction");
    assert_eq!(
        cipher
            .decrypt(gtin(), &letter)
            .expect_err("refused by design")
            .code(),
        "SERIAL_CHARACTER"
    );
}

#[test]
fn the_gtin_and_the_key_change_the_serials() {
    let other_gtin = gtin_with_check_digit(487_000_000_001);
    let other_key =
        SerialCipher::new(SerialFormat::thirteen(), &[8; 32]).expect("valid by construction");
    let cipher = SerialCipher::new(SerialFormat::thirteen(), &KEY).expect("valid by construction");
    let a = cipher.encrypt(gtin(), 42).expect("valid by construction");
    assert_ne!(
        a,
        cipher
            .encrypt(other_gtin, 42)
            .expect("valid by construction")
    );
    assert_ne!(
        a,
        other_key
            .encrypt(gtin(), 42)
            .expect("valid by construction")
    );
    assert_eq!(
        a,
        cipher.encrypt(gtin(), 42).expect("valid by construction")
    );
}

#[test]
fn keys_must_be_aes_256_and_never_printed() {
    let short = SerialCipher::new(SerialFormat::tobacco(), &[1; 16]);
    assert_eq!(
        short.expect_err("refused by design"),
        EmissionError::SerialKeyLength { len: 16 }
    );
    let debug = format!(
        "{:?}",
        SerialCipher::new(SerialFormat::tobacco(), &[0xAB; 32]).expect("valid by construction")
    );
    assert!(debug.contains("redacted"));
    assert!(!debug.contains("171") && !debug.to_lowercase().contains("ab, "));
}

fn formats() -> impl Strategy<Value = SerialFormat> {
    prop_oneof![
        Just(SerialFormat::tobacco()),
        Just(SerialFormat::thirteen()),
        Just(SerialFormat::photo()),
        Just(SerialFormat::dairy_short()),
        Just(SerialFormat::new(6, "0123456789").expect("valid by construction")),
        Just(SerialFormat::new(20, "01").expect("valid by construction")),
        Just(SerialFormat::new(8, "0123456789ABCDEF").expect("valid by construction")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn decrypt_inverts_encrypt(format in formats(), counter in any::<u64>(), gtin_body in 0u64..10_000_000_000_000) {
        let cipher = SerialCipher::new(format, &KEY).expect("valid by construction");
        let counter = u64::try_from(u128::from(counter) % cipher.counter_space()).expect("valid by construction");
        let gtin = gtin_with_check_digit(gtin_body);
        let serial = cipher.encrypt(gtin, counter).expect("valid by construction");
        prop_assert_eq!(serial.as_str().chars().count(), cipher.format().length());
        prop_assert!(serial.as_str().chars().all(|c| cipher.format().alphabet().contains(&c)));
        prop_assert!(cipher.format().check(&serial).is_ok());
        prop_assert_eq!(Serial::parse(serial.as_str()), Ok(serial.clone()));
        prop_assert_eq!(cipher.decrypt(gtin, &serial), Ok(counter));
    }
}

/// A GTIN-14 made of a 13-digit body and its check digit.
fn gtin_with_check_digit(body: u64) -> Gtin {
    let body = format!("{body:013}");
    (0..10)
        .find_map(|d| Gtin::parse(&format!("{body}{d}")).ok())
        .expect("valid by construction")
}
