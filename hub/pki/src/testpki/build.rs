//! Generating the test PKI with rcgen.

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, DistinguishedName,
    DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose,
    PKCS_ECDSA_P256_SHA256, RevocationReason, RevokedCertParams, SerialNumber,
};
use time::{Date, Month, OffsetDateTime};

use super::{EMPLOYEE_IIN, HEAD_IIN, ORG_BIN, PERSON_IIN, TestIdentity, TestPki};
use crate::Role;

pub(super) fn date(year: i32, month: u8, day: u8) -> OffsetDateTime {
    let month = Month::try_from(month).expect("month 1..=12");
    Date::from_calendar_date(year, month, day)
        .expect("a calendar date")
        .midnight()
        .assume_utc()
}

fn dn(pairs: &[(DnType, &str)]) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    for (ty, value) in pairs {
        dn.push(ty.clone(), *value);
    }
    dn
}

fn attr(oid: &[u64]) -> DnType {
    DnType::CustomDnType(oid.to_vec())
}

fn ca_params(cn: &str, serial: u8) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = dn(&[(DnType::CommonName, cn), (DnType::CountryName, "KZ")]);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = date(2020, 1, 1);
    p.not_after = date(2050, 1, 1);
    p.serial_number = Some(SerialNumber::from_slice(&[0x0C, serial]));
    p.use_authority_key_identifier_extension = true;
    p.key_identifier_method = KeyIdMethod::Sha256;
    p
}

/// A person (or an organisation's person when `bin` is given) with national roles.
fn leaf_params(
    names: [&str; 3],
    iin: &str,
    bin: Option<&str>,
    roles: &[Role],
    serial: u8,
) -> CertificateParams {
    let [surname, given, patronymic] = names;
    let cn = format!("{surname} {given}");
    let serial_number = format!("IIN{iin}");
    let mut pairs = vec![
        (DnType::CommonName, cn.as_str()),
        (attr(&[2, 5, 4, 4]), surname),
        (attr(&[2, 5, 4, 5]), serial_number.as_str()),
        (DnType::CountryName, "KZ"),
        (attr(&[2, 5, 4, 42]), patronymic),
    ];
    let ou = bin.map(|b| format!("BIN{b}"));
    if let Some(ou) = &ou {
        pairs.push((DnType::OrganizationName, "ЖШС «ТАҢБА ТЕСТ»"));
        pairs.push((DnType::OrganizationalUnitName, ou.as_str()));
    }
    let mut p = CertificateParams::default();
    p.distinguished_name = dn(&pairs);
    // Writes basicConstraints cA=false and a subjectKeyIdentifier, as the national CA does.
    p.is_ca = IsCa::ExplicitNoCa;
    p.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
    ];
    // Client authentication too, as the national CA's authentication certificates carry it:
    // rustls checks it when a certificate is presented over mTLS.
    p.extended_key_usages = roles
        .iter()
        .map(|r| ExtendedKeyUsagePurpose::Other(oid_arcs(r.oid())))
        .chain([ExtendedKeyUsagePurpose::ClientAuth])
        .collect();
    p.not_before = date(2025, 1, 1);
    p.not_after = date(2045, 1, 1);
    p.serial_number = Some(SerialNumber::from_slice(&[0x1E, serial]));
    p.use_authority_key_identifier_extension = true;
    p
}

fn oid_arcs(oid: der::asn1::ObjectIdentifier) -> Vec<u64> {
    oid.arcs().map(u64::from).collect()
}

fn new_key() -> Result<KeyPair, rcgen::Error> {
    KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)
}

fn issue(
    params: &CertificateParams,
    issuer: &Issuer<'_, &KeyPair>,
) -> Result<TestIdentity, rcgen::Error> {
    let key = new_key()?;
    let cert = params.signed_by(&key, issuer)?;
    Ok(TestIdentity {
        der: cert.der().to_vec(),
        key,
    })
}

pub(super) fn generate() -> Result<TestPki, rcgen::Error> {
    let root_key = new_key()?;
    let root_params = ca_params("TANBA TEST ROOT CA", 1);
    let root = TestIdentity {
        der: root_params.self_signed(&root_key)?.der().to_vec(),
        key: root_key,
    };
    let root_issuer = Issuer::from_params(&root_params, &root.key);

    let inter_params = ca_params("ТАҢБА TEST ҰЛТТЫҚ КО", 2);
    let intermediate = issue(&inter_params, &root_issuer)?;
    let inter_issuer = Issuer::from_params(&inter_params, &intermediate.key);

    let person_names = ["ӘБІЛОВ", "АЙДОС", "ҚАЙРАТҰЛЫ"];
    let person_params = leaf_params(person_names, PERSON_IIN, None, &[Role::Individual], 1);
    let person = issue(&person_params, &inter_issuer)?;
    let head_roles = [Role::Organisation, Role::Head];
    let head_names = ["СӘРСЕНБАЕВА", "ГҮЛНАР", "ЕРЛАНҚЫЗЫ"];
    let org_head = issue(
        &leaf_params(head_names, HEAD_IIN, Some(ORG_BIN), &head_roles, 2),
        &inter_issuer,
    )?;
    let employee_roles = [Role::Organisation, Role::Employee];
    let employee_names = ["ИВАНОВ", "ИВАН", "ИВАНОВИЧ"];
    let org_employee = issue(
        &leaf_params(
            employee_names,
            EMPLOYEE_IIN,
            Some(ORG_BIN),
            &employee_roles,
            3,
        ),
        &inter_issuer,
    )?;
    let revoked_params = leaf_params(person_names, PERSON_IIN, None, &[Role::Individual], 4);
    let revoked = issue(&revoked_params, &inter_issuer)?;
    let mut expired_params = leaf_params(person_names, PERSON_IIN, None, &[Role::Individual], 5);
    expired_params.not_before = date(2020, 1, 1);
    expired_params.not_after = date(2021, 1, 1);
    let expired = issue(&expired_params, &inter_issuer)?;

    let mut responder_params = ca_params("ТАҢБА TEST OCSP", 9);
    responder_params.is_ca = IsCa::ExplicitNoCa;
    responder_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    responder_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::OcspSigning];
    let ocsp_responder = issue(&responder_params, &inter_issuer)?;

    let foreign_root_key = new_key()?;
    let foreign_params = ca_params("UNKNOWN TEST CA", 3);
    let foreign_root = TestIdentity {
        der: foreign_params
            .self_signed(&foreign_root_key)?
            .der()
            .to_vec(),
        key: foreign_root_key,
    };
    let foreign_issuer = Issuer::from_params(&foreign_params, &foreign_root.key);
    let foreign = issue(
        &leaf_params(person_names, PERSON_IIN, None, &[Role::Individual], 6),
        &foreign_issuer,
    )?;

    let person_issuer = Issuer::from_params(&person_params, &person.key);
    let issued_by_leaf = issue(
        &leaf_params(person_names, PERSON_IIN, None, &[Role::Individual], 7),
        &person_issuer,
    )?;

    let crl = CertificateRevocationListParams {
        this_update: date(2025, 6, 1),
        next_update: date(2045, 1, 1),
        crl_number: SerialNumber::from_slice(&[1]),
        issuing_distribution_point: None,
        revoked_certs: vec![RevokedCertParams {
            serial_number: SerialNumber::from_slice(&[0x1E, 4]),
            revocation_time: date(2025, 5, 1),
            reason_code: Some(RevocationReason::KeyCompromise),
            invalidity_date: None,
        }],
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&inter_issuer)?
    .der()
    .to_vec();

    drop((root_issuer, inter_issuer, foreign_issuer, person_issuer));
    Ok(TestPki {
        root,
        intermediate,
        person,
        org_head,
        org_employee,
        revoked,
        expired,
        foreign_root,
        foreign,
        issued_by_leaf,
        ocsp_responder,
        crl,
    })
}
