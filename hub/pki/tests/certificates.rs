//! Every certificate of the national CA's test PKI parses, with the real names, identifiers,
//! roles and policies (R16).

mod common;

use common::{cert, gost2022_names, hex, utc};
use tanba_domain::CheckDigitPolicy::{AcceptNcaTestIds, Strict};
use tanba_pki::{
    Certificate, KeyUsageBit, NCA_POLICY, ObjectIdentifier, PkiError, Role, SignatureAlgorithm,
};

const ALL_CA: [&str; 6] = [
    "ca/nca_gost2015_test.cer",
    "ca/nca_gost_test.crt",
    "ca/nca_rsa_test.crt",
    "ca/root_gost_test.crt",
    "ca/root_rsa_test.crt",
    "ca/root_test_gost_2022.cer",
];

fn oid(s: &str) -> ObjectIdentifier {
    ObjectIdentifier::new_unwrap(s)
}

#[test]
fn every_fixture_certificate_parses_and_names_a_supported_algorithm() {
    let mut all: Vec<String> = ALL_CA.iter().map(|s| s.to_string()).collect();
    all.extend(gost2022_names().into_iter().map(|n| format!("certs/{n}")));
    all.push("individual-gost2015-test.der".into());
    all.push("org-gost2004-test.der".into());
    assert_eq!(all.len(), 20);
    for name in &all {
        let c = cert(name);
        assert!(
            SignatureAlgorithm::from_oid(&c.signature_algorithm().oid).is_some(),
            "{name}"
        );
        assert_eq!(c.subject().country(), Some("KZ"), "{name}");
        assert!(c.not_before() < c.not_after(), "{name}");
    }
}

#[test]
fn gost_2022_root_and_intermediate_have_kazakh_names_and_are_cas() {
    let root = cert("ca/root_test_gost_2022.cer");
    let inter = cert("ca/nca_gost2015_test.cer");
    assert_eq!(
        root.subject().common_name(),
        Some("НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022")
    );
    assert_eq!(
        inter.subject().common_name(),
        Some("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) TEST 2022")
    );
    assert_eq!(inter.issuer(), root.subject());
    assert!(root.is_self_issued() && !inter.is_self_issued());
    for ca in [&root, &inter] {
        assert!(ca.is_ca());
        assert!(
            ca.key_usage()
                .expect("keyUsage")
                .contains(KeyUsageBit::KeyCertSign)
        );
        assert_eq!(ca.signature_algorithm().oid, oid("1.2.398.3.10.1.1.2.3.2"));
        assert_eq!(ca.key_algorithm(), oid("1.2.398.3.10.1.1.2.2"));
    }
    assert_eq!(
        inter.serial_hex(),
        "7AD24B1BA3A0C961FE1CA8503E6AA2BB450DB8A3"
    );
    assert_eq!(
        inter.not_before(),
        utc(2022, 7, 7) + time::Duration::seconds(9 * 3600 + 55 * 60 + 23)
    );
}

#[test]
fn individual_certificate_carries_name_iin_and_individual_role() {
    let c = cert("certs/gost2022_individual_valid.cer");
    let s = c.subject();
    assert_eq!(s.common_name(), Some("ТЕСТОВ ТЕСТ"));
    assert_eq!(s.surname(), Some("ТЕСТОВ"));
    assert_eq!(s.given_name(), Some("ТЕСТОВИЧ"));
    assert_eq!(s.serial_number(), Some("IIN123456789011"));
    let iin = c
        .iin(AcceptNcaTestIds)
        .expect("test id accepted")
        .expect("has IIN");
    assert_eq!(iin.as_digits(), "123456789011");
    assert!(!iin.has_valid_check_digit());
    assert_eq!(c.bin(AcceptNcaTestIds), Ok(None));
    // Production parsing refuses the test IIN, naming the certificate.
    let err = c.iin(Strict).expect_err("check digit fails");
    assert_eq!(err.code(), "PKI_IDENTITY");
    assert!(matches!(err, PkiError::Identity { ref subject, .. } if subject.contains("ТЕСТОВ")));
    assert_eq!(
        c.roles(),
        vec![Role::Other(oid("1.3.6.1.5.5.7.3.4")), Role::Individual]
    );
    assert_eq!(c.policies(), &[NCA_POLICY]);
    let ku = c.key_usage().expect("keyUsage");
    assert!(ku.contains(KeyUsageBit::DigitalSignature) && ku.contains(KeyUsageBit::NonRepudiation));
    assert!(!ku.contains(KeyUsageBit::KeyCertSign));
    assert!(!c.is_ca());
    assert_eq!((c.not_before().year(), c.not_after().year()), (2026, 2027));
    c.require_role(Role::Individual).expect("individual");
    assert_eq!(
        c.require_role(Role::Head).map_err(|e| e.code()),
        Err("PKI_MISSING_ROLE")
    );
}

#[test]
fn organisation_certificates_carry_bin_organisation_and_their_roles() {
    let cases = [
        (
            "certs/gost2022_legal_valid_head.cer",
            Role::Head,
            "123456789011",
        ),
        (
            "certs/gost2022_legal_valid_employee.cer",
            Role::Employee,
            "123456789012",
        ),
        (
            "certs/gost2022_legal_valid_employee_signright.cer",
            Role::MaySign,
            "123456789012",
        ),
    ];
    for (name, role, iin) in cases {
        let c = cert(name);
        assert_eq!(c.subject().organization(), Some("АО \"ТЕСТ\""), "{name}");
        let bin = c.bin(AcceptNcaTestIds).expect("accepted").expect("has BIN");
        assert_eq!(bin.as_digits(), "123456789021", "{name}");
        let person = c.iin(AcceptNcaTestIds).expect("accepted").expect("has IIN");
        assert_eq!(person.as_digits(), iin, "{name}");
        let roles = c.roles();
        assert!(
            roles.contains(&Role::Organisation) && roles.contains(&role),
            "{name}: {roles:?}"
        );
        assert!(!roles.contains(&Role::Individual), "{name}");
    }
}

#[test]
fn unknown_role_oids_of_infosystem_and_treasury_stay_visible() {
    let info = cert("certs/gost2022_legal_valid_infosystem.cer");
    assert!(
        info.roles()
            .contains(&Role::Other(oid("1.2.398.5.19.1.2.2.1")))
    );
    let treasury = cert("certs/gost2022_legal_valid_treasury_client.cer");
    assert_eq!(
        treasury.roles(),
        vec![Role::Organisation, Role::Other(oid("1.2.398.3.3.4.1.2.6"))]
    );
    assert_eq!(treasury.subject().common_name(), Some("ИС \"Тест\""));
    assert_eq!(
        treasury.iin(AcceptNcaTestIds),
        Ok(None),
        "no person in the subject"
    );
}

#[test]
fn gost2004_organisation_certificate_has_locality_and_state() {
    let c = cert("org-gost2004-test.der");
    assert_eq!(c.subject().locality(), Some("АСТАНА"));
    assert_eq!(c.subject().state(), Some("АСТАНА"));
    assert_eq!(c.issuer().common_name(), Some("ҰКО 3.0 (GOST TEST)"));
    assert_eq!(c.signature_algorithm().oid, oid("1.2.398.3.10.1.1.1.2"));
    assert_eq!(c.serial_hex(), "3CB717F0CFE5E3A6E788C6230360F97145B18D9D");
    assert!(
        c.subject()
            .to_string()
            .starts_with("CN=ТЕСТОВ ТЕСТ, SURNAME=ТЕСТОВ, SERIALNUMBER=IIN123456789011")
    );
}

#[test]
fn rsa_certificates_parse_from_pem_or_der_and_fingerprint_is_sha256_of_der() {
    let root = cert("ca/root_rsa_test.crt");
    assert_eq!(root.subject().common_name(), Some("НЕГІЗГІ КО TEST (RSA)"));
    assert_eq!(root.signature_algorithm().oid, oid("1.2.840.113549.1.1.11"));
    let again = Certificate::from_der(root.der()).expect("DER round trip");
    assert_eq!(again, root);
    // `openssl x509 -fingerprint -sha256` of the file.
    assert_eq!(
        hex(&root.fingerprint_sha256()),
        "4d05179bcb02180bfc37618372671357df7dd8b7865973eae77b83213cae717b"
    );
}

#[test]
fn garbage_is_malformed() {
    let err = Certificate::parse(b"not a certificate").expect_err("garbage");
    assert_eq!(err.code(), "PKI_MALFORMED");
    let mut der = cert("ca/root_rsa_test.crt").der().to_vec();
    der.truncate(der.len() - 1);
    assert_eq!(
        Certificate::from_der(&der).map_err(|e| e.code()),
        Err("PKI_MALFORMED")
    );
}
