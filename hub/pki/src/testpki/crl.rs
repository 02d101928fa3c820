//! Delta CRLs for the test PKI, built by hand (rcgen writes complete CRLs only).

use std::time::Duration;

use der::asn1::{BitString, OctetString, Uint, UtcTime};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use time::OffsetDateTime;
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, CrlReason};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Time;

use super::{TestIdentity, TestPki};
use crate::error::{Object, PkiError};
use crate::oid;

fn bad(e: der::Error) -> PkiError {
    PkiError::malformed(Object::Crl, e)
}

pub(super) fn x509_time(t: OffsetDateTime) -> Result<Time, PkiError> {
    let secs =
        u64::try_from(t.unix_timestamp()).map_err(|_| bad(der::ErrorKind::DateTime.into()))?;
    Ok(Time::UtcTime(
        UtcTime::from_unix_duration(Duration::from_secs(secs)).map_err(bad)?,
    ))
}

fn extension(
    id: der::asn1::ObjectIdentifier,
    critical: bool,
    value: &impl Encode,
) -> Result<Extension, PkiError> {
    Ok(Extension {
        extn_id: id,
        critical,
        extn_value: OctetString::new(value.to_der().map_err(bad)?).map_err(bad)?,
    })
}

fn entry(
    who: &TestIdentity,
    reason: CrlReason,
    at: OffsetDateTime,
) -> Result<RevokedCert, PkiError> {
    let cert = who.certificate();
    Ok(RevokedCert {
        serial_number: SerialNumber::new(cert.serial()).map_err(bad)?,
        revocation_date: x509_time(at)?,
        crl_entry_extensions: Some(vec![extension(oid::CRL_REASON, false, &reason)?]),
    })
}

impl TestPki {
    /// A delta CRL of the intermediate: number `number`, extending complete CRL `base`
    /// (the generated one is 1), valid 2025-09-01 .. 2045-01-01, revoking `revoke` (reason
    /// keyCompromise, 2025-08-01) and lifting holds on `lift` (removeFromCRL).
    pub fn delta_crl(
        &self,
        number: u8,
        base: u8,
        revoke: &[&TestIdentity],
        lift: &[&TestIdentity],
    ) -> Result<Vec<u8>, PkiError> {
        let ca = self.intermediate.certificate();
        let when = super::build::date(2025, 8, 1);
        let mut entries = Vec::new();
        for who in revoke {
            entries.push(entry(who, CrlReason::KeyCompromise, when)?);
        }
        for who in lift {
            entries.push(entry(who, CrlReason::RemoveFromCRL, when)?);
        }
        let aki = AuthorityKeyIdentifier {
            key_identifier: ca
                .subject_key_id()
                .map(|k| OctetString::new(k.to_vec()))
                .transpose()
                .map_err(bad)?,
            authority_cert_issuer: None,
            authority_cert_serial_number: None,
        };
        let algorithm = AlgorithmIdentifierOwned {
            oid: oid::ECDSA_SHA256,
            parameters: None,
        };
        let tbs = TbsCertList {
            version: x509_cert::Version::V2,
            signature: algorithm.clone(),
            issuer: Name::from_der(ca.subject().der()).map_err(bad)?,
            this_update: x509_time(super::build::date(2025, 9, 1))?,
            next_update: Some(x509_time(super::build::date(2045, 1, 1))?),
            revoked_certificates: Some(entries),
            crl_extensions: Some(vec![
                extension(oid::AUTHORITY_KEY_ID, false, &aki)?,
                extension(oid::CRL_NUMBER, false, &Uint::new(&[number]).map_err(bad)?)?,
                extension(
                    oid::DELTA_CRL_INDICATOR,
                    true,
                    &Uint::new(&[base]).map_err(bad)?,
                )?,
            ]),
        };
        let signature = self.intermediate.sign(&tbs.to_der().map_err(bad)?);
        CertificateList {
            tbs_cert_list: tbs,
            signature_algorithm: algorithm,
            signature: BitString::from_bytes(&signature).map_err(bad)?,
        }
        .to_der()
        .map_err(bad)
    }
}
