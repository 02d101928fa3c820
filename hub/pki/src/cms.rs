//! CMS SignedData (RFC 5652) verification, attached or detached (R16).
//!
//! The `cms` crate (RustCrypto, the same ASN.1 generation as `x509-cert`) gives the typed
//! structures; the signed bytes (signedAttrs) are cut from the original DER, because decoding
//! sorts SET OF elements. For each SignerInfo: the signer's certificate is found by
//! issuerAndSerialNumber or subjectKeyIdentifier among the embedded and the supplied
//! certificates; with signedAttrs, messageDigest must equal the digest of the content and the
//! signature covers the signedAttrs re-tagged as SET (0x31); without them it covers the content.
//! Trusting the signer (path, revocation) is the caller's next step with [`crate::TrustStore`].

use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use time::OffsetDateTime;

use crate::cert::Certificate;
use crate::der_raw::{children, tag_byte, unsigned_magnitude};
use crate::digest::DigestAlgorithm;
use crate::error::{Object, PkiError};
use crate::pem::der_blocks;
use crate::verify::verify_signature;
use crate::{oid, when};

/// A parsed CMS SignedData message.
#[derive(Debug, Clone)]
pub struct SignedData {
    content_type: ObjectIdentifier,
    content: Option<Vec<u8>>,
    certificates: Vec<Certificate>,
    signers: Vec<RawSigner>,
}

#[derive(Debug, Clone)]
struct RawSigner {
    info: SignerInfo,
    /// The signedAttrs exactly as written, with the SET tag (what was signed).
    signed_attrs_as_set: Option<Vec<u8>>,
}

/// A signer whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSigner {
    /// The signer's certificate (not yet validated against a trust store).
    pub certificate: Certificate,
    /// The signingTime attribute, if present (claimed by the signer, not a time-stamp).
    pub signing_time: Option<OffsetDateTime>,
    /// The digest algorithm of the SignerInfo.
    pub digest_algorithm: DigestAlgorithm,
}

fn bad(e: impl std::fmt::Display) -> PkiError {
    PkiError::malformed(Object::Cms, e)
}

impl SignedData {
    /// Parses a ContentInfo holding SignedData, DER or PEM.
    pub fn parse(bytes: &[u8]) -> Result<SignedData, PkiError> {
        let der = der_blocks(bytes, Object::Cms)?;
        let der = der.first().ok_or_else(|| bad("empty"))?;
        let info = ContentInfo::from_der(der).map_err(bad)?;
        if info.content_type != oid::CMS_SIGNED_DATA {
            return Err(bad(format!(
                "content type {} is not signedData",
                info.content_type
            )));
        }
        let explicit = children(der).map_err(bad)?;
        let signed_data = explicit
            .get(1)
            .map(|e| children(e))
            .transpose()
            .map_err(bad)?
            .and_then(|v| v.first().copied())
            .ok_or_else(|| bad("no content"))?;
        Self::from_signed_data(signed_data)
    }

    fn from_signed_data(der: &[u8]) -> Result<SignedData, PkiError> {
        // version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
        let parts = children(der).map_err(bad)?;
        let (Some(encap), Some(signer_set)) = (parts.get(2), parts.last()) else {
            return Err(bad("SignedData too short"));
        };
        let encap = EncapsulatedContentInfo::from_der(encap).map_err(bad)?;
        let content = match encap.econtent {
            Some(any) => Some(
                any.decode_as::<OctetStringRef<'_>>()
                    .map_err(bad)?
                    .as_bytes()
                    .to_vec(),
            ),
            None => None,
        };
        let mut certificates = Vec::new();
        for part in parts.iter().filter(|p| tag_byte(p) == 0xA0) {
            for cert in children(part).map_err(bad)? {
                if tag_byte(cert) == 0x30 {
                    certificates.push(Certificate::from_der(cert)?);
                }
            }
        }
        let signers = children(signer_set)
            .map_err(bad)?
            .into_iter()
            .map(raw_signer)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SignedData {
            content_type: encap.econtent_type,
            content,
            certificates,
            signers,
        })
    }

    /// The encapsulated content, `None` for a detached signature.
    pub fn content(&self) -> Option<&[u8]> {
        self.content.as_deref()
    }
    /// eContentType (id-data for ordinary documents).
    pub fn content_type(&self) -> ObjectIdentifier {
        self.content_type
    }
    /// The certificates embedded in the message.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }
    /// How many SignerInfos the message has.
    pub fn signer_count(&self) -> usize {
        self.signers.len()
    }

    /// Verifies every signer. `detached` is the content for a detached signature (if given it
    /// is used even when the message carries content); `extra` are certificates to look the
    /// signers up in besides the embedded ones.
    pub fn verify(
        &self,
        detached: Option<&[u8]>,
        extra: &[Certificate],
    ) -> Result<Vec<VerifiedSigner>, PkiError> {
        let content = detached
            .or(self.content.as_deref())
            .ok_or(PkiError::ContentMissing)?;
        if self.signers.is_empty() {
            return Err(PkiError::NoSigner);
        }
        self.signers
            .iter()
            .map(|s| self.verify_signer(s, content, extra))
            .collect()
    }

    fn verify_signer(
        &self,
        signer: &RawSigner,
        content: &[u8],
        extra: &[Certificate],
    ) -> Result<VerifiedSigner, PkiError> {
        let info = &signer.info;
        let cert = self
            .certificates
            .iter()
            .chain(extra)
            .find(|c| identifies(&info.sid, c))
            .ok_or(PkiError::SignerNotFound)?;
        let digest_algorithm =
            DigestAlgorithm::from_oid(&info.digest_alg.oid).ok_or_else(|| {
                PkiError::UnsupportedAlgorithm {
                    object: Object::Cms,
                    oid: info.digest_alg.oid.to_string(),
                }
            })?;
        let mut signing_time = None;
        let message = match &signer.signed_attrs_as_set {
            Some(attrs) => {
                let digest = attribute(info, oid::ATTR_MESSAGE_DIGEST)
                    .ok_or(PkiError::MissingAttribute {
                        attribute: "messageDigest",
                    })?
                    .decode_as::<OctetStringRef<'_>>()
                    .map_err(bad)?;
                if digest.as_bytes() != digest_algorithm.digest(content).as_slice() {
                    return Err(PkiError::DigestMismatch);
                }
                let content_type = attribute(info, oid::ATTR_CONTENT_TYPE)
                    .ok_or(PkiError::MissingAttribute {
                        attribute: "contentType",
                    })?
                    .decode_as::<ObjectIdentifier>()
                    .map_err(bad)?;
                if content_type != self.content_type {
                    return Err(bad("contentType attribute differs from eContentType"));
                }
                signing_time = attribute(info, oid::ATTR_SIGNING_TIME)
                    .and_then(|t| t.to_der().ok())
                    .and_then(|d| x509_cert::time::Time::from_der(&d).ok())
                    .and_then(|t| when::from_x509(&t));
                attrs.as_slice()
            }
            None => content,
        };
        let algorithm = signature_algorithm(&info.signature_algorithm, digest_algorithm, cert);
        verify_signature(
            cert.spki_der(),
            &algorithm,
            message,
            info.signature.as_bytes(),
        )
        .map_err(|e| e.about(Object::Cms, &cert.subject().to_string()))?;
        Ok(VerifiedSigner {
            certificate: cert.clone(),
            signing_time,
            digest_algorithm,
        })
    }
}

fn raw_signer(der: &[u8]) -> Result<RawSigner, PkiError> {
    let info = SignerInfo::from_der(der).map_err(bad)?;
    let signed_attrs_as_set = children(der)
        .map_err(bad)?
        .into_iter()
        .find(|p| tag_byte(p) == 0xA0)
        .map(|attrs| {
            let mut set = attrs.to_vec();
            set[0] = 0x31;
            set
        });
    Ok(RawSigner {
        info,
        signed_attrs_as_set,
    })
}

fn attribute(info: &SignerInfo, id: ObjectIdentifier) -> Option<&der::Any> {
    info.signed_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == id)?
        .values
        .iter()
        .next()
}

fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            unsigned_magnitude(isn.serial_number.as_bytes()) == cert.serial()
                && isn.issuer.to_der().is_ok_and(|d| d == cert.issuer().der())
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            cert.subject_key_id() == Some(ski.0.as_bytes())
        }
    }
}

/// Some signers write the key algorithm (rsaEncryption, id-ecPublicKey, the GOST key OID) as
/// signatureAlgorithm; the hash then comes from digestAlgorithm.
fn signature_algorithm(
    named: &AlgorithmIdentifierOwned,
    digest: DigestAlgorithm,
    cert: &Certificate,
) -> AlgorithmIdentifierOwned {
    let combined = match (named.oid, digest) {
        (o, DigestAlgorithm::Sha256) if o == oid::RSA_ENCRYPTION => Some(oid::SHA256_WITH_RSA),
        (o, DigestAlgorithm::Sha384) if o == oid::RSA_ENCRYPTION => Some(oid::SHA384_WITH_RSA),
        (o, DigestAlgorithm::Sha512) if o == oid::RSA_ENCRYPTION => Some(oid::SHA512_WITH_RSA),
        (o, DigestAlgorithm::Sha256) if o == oid::EC_PUBLIC_KEY => Some(oid::ECDSA_SHA256),
        (o, DigestAlgorithm::Sha384) if o == oid::EC_PUBLIC_KEY => Some(oid::ECDSA_SHA384),
        (o, DigestAlgorithm::Streebog256)
            if o == cert.key_algorithm() && o == tanba_gost::OID_KZ_GOST2015_PUBLIC_KEY =>
        {
            Some(tanba_gost::OID_KZ_GOST2015_256_SIGNATURE)
        }
        (o, _) if o == cert.key_algorithm() && o == tanba_gost::OID_KZ_GOST2015_PUBLIC_KEY => {
            Some(tanba_gost::OID_KZ_GOST2015_512_SIGNATURE)
        }
        (o, _) if o == cert.key_algorithm() && o == tanba_gost::OID_KZ_GOST2004_PUBLIC_KEY => {
            Some(tanba_gost::OID_KZ_GOST2004_SIGNATURE)
        }
        _ => None,
    };
    match combined {
        Some(oid) => AlgorithmIdentifierOwned {
            oid,
            parameters: None,
        },
        None => named.clone(),
    }
}

/// Parses and verifies in one step (see [`SignedData::verify`]).
pub fn verify_cms(
    bytes: &[u8],
    detached: Option<&[u8]>,
    extra: &[Certificate],
) -> Result<Vec<VerifiedSigner>, PkiError> {
    SignedData::parse(bytes)?.verify(detached, extra)
}
