//! OCSP answers for tests (RFC 6960): what a responder of the test PKI says about the
//! certificate a request names, signed by the CA itself, by its delegated responder, or by
//! anyone (a forgery). The OCSP responder simulators of the hub's tests answer with these.

use der::asn1::{BitString, GeneralizedTime, Null, OctetString};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use time::OffsetDateTime;
use x509_cert::ext::pkix::CrlReason;
use x509_cert::name::Name;
use x509_ocsp::{
    BasicOcspResponse, CertStatus, OcspGeneralizedTime, OcspRequest, OcspResponse,
    OcspResponseStatus, ResponderId, ResponseBytes, ResponseData, RevokedInfo, SingleResponse,
};

use super::TestIdentity;
use crate::error::{Object, PkiError};
use crate::oid;

/// The status a test responder gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcspReply {
    /// good.
    Good,
    /// revoked (keyCompromise, 2025-08-01).
    Revoked,
    /// unknown.
    Unknown,
}

fn bad(e: der::Error) -> PkiError {
    PkiError::malformed(Object::Crl, e)
}

fn when(t: OffsetDateTime) -> Result<OcspGeneralizedTime, PkiError> {
    let secs =
        u64::try_from(t.unix_timestamp()).map_err(|_| bad(der::ErrorKind::DateTime.into()))?;
    Ok(OcspGeneralizedTime(
        GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(secs)).map_err(bad)?,
    ))
}

/// The DER OCSPResponse to the DER OCSPRequest `request`: for every certificate it asks about,
/// `status` with `this_update` / `next_update`; the request's nonce echoed; signed by `signer`
/// (named by name), whose certificate is included when `include_cert`.
pub fn ocsp_response(
    request: &[u8],
    status: OcspReply,
    signer: &TestIdentity,
    include_cert: bool,
    this_update: OffsetDateTime,
    next_update: Option<OffsetDateTime>,
) -> Result<Vec<u8>, PkiError> {
    let request = OcspRequest::from_der(request).map_err(bad)?;
    let cert_status = match status {
        OcspReply::Good => CertStatus::Good(Null),
        OcspReply::Unknown => CertStatus::Unknown(Null),
        OcspReply::Revoked => CertStatus::Revoked(RevokedInfo {
            revocation_time: when(super::build::date(2025, 8, 1))?,
            revocation_reason: Some(CrlReason::KeyCompromise),
        }),
    };
    let mut responses = Vec::new();
    for asked in &request.tbs_request.request_list {
        responses.push(SingleResponse {
            cert_id: asked.req_cert.clone(),
            cert_status,
            this_update: when(this_update)?,
            next_update: next_update.map(when).transpose()?,
            single_extensions: None,
        });
    }
    let nonce = request
        .tbs_request
        .request_extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == oid::OCSP_NONCE)
        .cloned()
        .collect::<Vec<_>>();
    let signer_cert = signer.certificate();
    let tbs = ResponseData {
        version: x509_ocsp::Version::V1,
        responder_id: ResponderId::ByName(
            Name::from_der(signer_cert.subject().der()).map_err(bad)?,
        ),
        produced_at: when(this_update)?,
        responses,
        response_extensions: (!nonce.is_empty()).then_some(nonce),
    };
    let signature = signer.sign(&tbs.to_der().map_err(bad)?);
    let certs = if include_cert {
        Some(vec![
            x509_cert::Certificate::from_der(signer.der()).map_err(bad)?,
        ])
    } else {
        None
    };
    let basic = BasicOcspResponse {
        tbs_response_data: tbs,
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: oid::ECDSA_SHA256,
            parameters: None,
        },
        signature: BitString::from_bytes(&signature).map_err(bad)?,
        certs,
    };
    OcspResponse {
        response_status: OcspResponseStatus::Successful,
        response_bytes: Some(ResponseBytes {
            response_type: oid::OCSP_BASIC,
            response: OctetString::new(basic.to_der().map_err(bad)?).map_err(bad)?,
        }),
    }
    .to_der()
    .map_err(bad)
}
