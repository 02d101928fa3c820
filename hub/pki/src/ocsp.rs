//! OCSP (RFC 6960; issue 6: "OCSP where configured"), without IO: the request for one
//! certificate, and the check of the responder's answer. Uses RustCrypto's `x509-ocsp` for
//! the ASN.1 types (the same `der` / `x509-cert` as the rest of this crate) and this crate's
//! verifiers for the signature.
//!
//! The answer is trusted only if it is signed by the certificate's issuer, or by a responder
//! the issuer certified for it (id-kp-OCSPSigning, valid at the time); it names the request's
//! CertID; it echoes the request's nonce, or, from a responder that ignores nonces, it is
//! fresh (thisUpdate not in the future, nextUpdate not past, or without nextUpdate, made in the
//! last five minutes). CertIDs use SHA-256 (RFC 6960 allows any hash; SHA-1 only appears for
//! the byKey responder id, which RFC 6960 fixes to SHA-1).

use der::asn1::{Null, OctetString};
use der::{Decode, Encode};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoRef};
use time::{Duration, OffsetDateTime};
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspGeneralizedTime, OcspRequest, OcspResponse,
    OcspResponseStatus, Request, ResponderId, SingleResponse, TbsRequest,
};

use crate::crl::RevocationReason;
use crate::der_raw::{children, unsigned_magnitude};
use crate::{Certificate, PkiError, oid};

/// How far the responder's clock may be ahead, and how old an answer without nextUpdate and
/// without an echoed nonce may be.
const SKEW: Duration = Duration::minutes(5);

/// What the responder said, once its answer was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspAnswer {
    /// `Ok` for good; [`PkiError::Revoked`] or [`PkiError::OcspUnknown`] otherwise.
    pub status: Result<(), PkiError>,
    /// thisUpdate.
    pub this_update: OffsetDateTime,
    /// nextUpdate: the answer may be reused until then.
    pub next_update: Option<OffsetDateTime>,
}

/// The OCSP question about one certificate.
#[derive(Debug, Clone)]
pub struct OcspQuery {
    cert_id: CertId,
    subject: String,
    serial: Vec<u8>,
    serial_hex: String,
}

fn invalid(detail: impl std::fmt::Display) -> PkiError {
    PkiError::OcspInvalid {
        detail: detail.to_string(),
    }
}

fn key_bits(cert: &Certificate) -> Result<Vec<u8>, PkiError> {
    let spki = SubjectPublicKeyInfoRef::from_der(cert.spki_der()).map_err(invalid)?;
    Ok(spki.subject_public_key.raw_bytes().to_vec())
}

fn digest(alg: &'static ring::digest::Algorithm, bytes: &[u8]) -> Vec<u8> {
    ring::digest::digest(alg, bytes).as_ref().to_vec()
}

fn to_time(t: &OcspGeneralizedTime) -> Result<OffsetDateTime, PkiError> {
    let secs = i64::try_from(t.0.to_unix_duration().as_secs()).map_err(invalid)?;
    OffsetDateTime::from_unix_timestamp(secs).map_err(invalid)
}

impl OcspQuery {
    /// The question about `cert`, issued by `issuer`.
    pub fn new(cert: &Certificate, issuer: &Certificate) -> Result<OcspQuery, PkiError> {
        let sha256 = &ring::digest::SHA256;
        let cert_id = CertId {
            hash_algorithm: AlgorithmIdentifierOwned {
                oid: oid::SHA256,
                parameters: Some(Null.into()),
            },
            issuer_name_hash: OctetString::new(digest(sha256, issuer.subject().der()))
                .map_err(invalid)?,
            issuer_key_hash: OctetString::new(digest(sha256, &key_bits(issuer)?))
                .map_err(invalid)?,
            serial_number: x509_cert::serial_number::SerialNumber::new(cert.serial())
                .map_err(invalid)?,
        };
        Ok(OcspQuery {
            cert_id,
            subject: cert.subject().to_string(),
            serial: cert.serial().to_vec(),
            serial_hex: cert.serial_hex(),
        })
    }

    /// The CertID's DER: the same certificate asked again has the same key (for caches).
    pub fn key(&self) -> Vec<u8> {
        self.cert_id.to_der().unwrap_or_default()
    }

    /// The DER OCSPRequest, unsigned, carrying `nonce` (RFC 6960 4.4.1).
    pub fn request_der(&self, nonce: &[u8]) -> Result<Vec<u8>, PkiError> {
        let nonce = x509_ocsp::ext::Nonce::new(nonce.to_vec()).map_err(invalid)?;
        let extension = x509_cert::ext::Extension {
            extn_id: oid::OCSP_NONCE,
            critical: false,
            extn_value: OctetString::new(nonce.to_der().map_err(invalid)?).map_err(invalid)?,
        };
        OcspRequest {
            tbs_request: TbsRequest {
                version: x509_ocsp::Version::V1,
                requestor_name: None,
                request_list: vec![Request {
                    req_cert: self.cert_id.clone(),
                    single_request_extensions: None,
                }],
                request_extensions: Some(vec![extension]),
            },
            optional_signature: None,
        }
        .to_der()
        .map_err(invalid)
    }

    /// Checks the responder's DER answer about this certificate (issued by `issuer`) to a
    /// request that carried `nonce`, at `at`.
    pub fn check_response(
        &self,
        der: &[u8],
        issuer: &Certificate,
        nonce: &[u8],
        at: OffsetDateTime,
    ) -> Result<OcspAnswer, PkiError> {
        let response = OcspResponse::from_der(der).map_err(invalid)?;
        if response.response_status != OcspResponseStatus::Successful {
            return Err(PkiError::OcspRefused {
                status: format!("{:?}", response.response_status),
            });
        }
        let bytes = response
            .response_bytes
            .ok_or_else(|| invalid("a successful answer without responseBytes"))?;
        if bytes.response_type != oid::OCSP_BASIC {
            return Err(invalid(format!("response type {}", bytes.response_type)));
        }
        let basic_der = bytes.response.as_bytes();
        let basic = BasicOcspResponse::from_der(basic_der).map_err(invalid)?;
        verify_signed(basic_der, &basic, issuer, at)?;
        let single = basic
            .tbs_response_data
            .responses
            .iter()
            .find(|s| self.names(&s.cert_id))
            .ok_or_else(|| invalid("no answer about the certificate asked"))?;
        let echoed = basic.nonce().is_some_and(|n| n.0.as_bytes() == nonce);
        if basic.nonce().is_some() && !echoed {
            return Err(invalid("the nonce differs from the request's"));
        }
        self.answer(single, echoed, at)
    }

    fn names(&self, id: &CertId) -> bool {
        id.hash_algorithm.oid == self.cert_id.hash_algorithm.oid
            && id.issuer_name_hash == self.cert_id.issuer_name_hash
            && id.issuer_key_hash == self.cert_id.issuer_key_hash
            && unsigned_magnitude(id.serial_number.as_bytes()) == self.serial
    }

    fn answer(
        &self,
        single: &SingleResponse,
        echoed: bool,
        at: OffsetDateTime,
    ) -> Result<OcspAnswer, PkiError> {
        let this_update = to_time(&single.this_update)?;
        let next_update = single.next_update.as_ref().map(to_time).transpose()?;
        if this_update > at + SKEW {
            return Err(invalid("thisUpdate is in the future"));
        }
        match next_update {
            Some(next) if next < at => return Err(invalid("the answer is past its nextUpdate")),
            None if !echoed && this_update < at - SKEW => {
                return Err(invalid("an old answer without nextUpdate nor nonce"));
            }
            _ => {}
        }
        let status = match &single.cert_status {
            CertStatus::Good(_) => Ok(()),
            CertStatus::Revoked(info) => Err(PkiError::Revoked {
                subject: self.subject.clone(),
                serial: self.serial_hex.clone(),
                revoked_at: to_time(&info.revocation_time)?,
                reason: info.revocation_reason.map(RevocationReason::from_x509),
            }),
            CertStatus::Unknown(_) => Err(PkiError::OcspUnknown {
                subject: self.subject.clone(),
                serial: self.serial_hex.clone(),
            }),
        };
        Ok(OcspAnswer {
            status,
            this_update,
            next_update,
        })
    }
}

/// The answer's signature, by the issuer or by a responder the issuer certified for OCSP.
fn verify_signed(
    basic_der: &[u8],
    basic: &BasicOcspResponse,
    issuer: &Certificate,
    at: OffsetDateTime,
) -> Result<(), PkiError> {
    let top = children(basic_der).map_err(invalid)?;
    let tbs = top
        .first()
        .ok_or_else(|| invalid("empty BasicOCSPResponse"))?;
    let responder = &basic.tbs_response_data.responder_id;
    let signer = if identifies(responder, issuer)? {
        issuer.clone()
    } else {
        delegated(basic, responder, issuer, at)?
    };
    crate::verify_signature(
        signer.spki_der(),
        &basic.signature_algorithm,
        tbs,
        basic.signature.raw_bytes(),
    )
    .map_err(|e| invalid(format!("signature: {e}")))
}

fn identifies(id: &ResponderId, cert: &Certificate) -> Result<bool, PkiError> {
    Ok(match id {
        ResponderId::ByName(name) => name.to_der().map_err(invalid)? == cert.subject().der(),
        ResponderId::ByKey(hash) => {
            hash.as_bytes() == digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &key_bits(cert)?)
        }
    })
}

/// A responder certificate in the answer that `responder` names, certified by `issuer` for
/// OCSP signing and valid at `at`.
fn delegated(
    basic: &BasicOcspResponse,
    responder: &ResponderId,
    issuer: &Certificate,
    at: OffsetDateTime,
) -> Result<Certificate, PkiError> {
    for typed in basic.certs.iter().flatten() {
        let cert = Certificate::from_der(&typed.to_der().map_err(invalid)?)?;
        if !identifies(responder, &cert)? {
            continue;
        }
        cert.verify_signed_by(issuer)
            .map_err(|_| invalid("the responder's certificate is not the issuer's"))?;
        if !cert.extended_key_usage().contains(&oid::OCSP_SIGNING) {
            return Err(invalid(
                "the responder's certificate lacks id-kp-OCSPSigning",
            ));
        }
        cert.check_validity(at)?;
        return Ok(cert);
    }
    Err(invalid(
        "signed neither by the issuer nor by a responder it certified",
    ))
}

/// Asks an OCSP responder about a certificate (the hub's HTTP client does; this crate has no
/// IO): `Ok` when it is good, [`PkiError::Revoked`], [`PkiError::OcspUnknown`], or why the
/// status could not be had. Used after the chain and the CRLs were checked.
pub trait OcspCheck: Send + Sync {
    /// The status of `cert`, issued by `issuer`, now.
    fn check<'a>(
        &'a self,
        cert: &'a Certificate,
        issuer: &'a Certificate,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), PkiError>> + Send + 'a>>;
}
