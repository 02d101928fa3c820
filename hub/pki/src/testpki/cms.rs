//! CMS SignedData made with test identities, hand-assembled from the `cms` crate's types
//! (its builder would pull in the RustCrypto signature stack; the key here is rcgen's).

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use spki::AlgorithmIdentifierOwned;
use time::OffsetDateTime;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::SubjectKeyIdentifier;

use super::TestIdentity;
use super::crl::x509_time;
use crate::DigestAlgorithm;
use crate::error::{Object, PkiError};
use crate::oid;

/// What signs a test CMS: a certificate and the key behind it (or, for the wrong-key cases,
/// another key), with its digest and signature algorithms.
pub trait TestSigner {
    /// The certificate's DER, embedded and named in the SignerInfo.
    fn certificate_der(&self) -> &[u8];
    /// The digest of the content and of the signed attributes.
    fn digest_algorithm(&self) -> DigestAlgorithm;
    /// The SignerInfo's signatureAlgorithm.
    fn signature_algorithm(&self) -> der::asn1::ObjectIdentifier;
    /// The signature of `message` (the DER of the signed attributes).
    fn sign(&self, message: &[u8]) -> Vec<u8>;
}

impl TestSigner for TestIdentity {
    fn certificate_der(&self) -> &[u8] {
        self.der()
    }

    fn digest_algorithm(&self) -> DigestAlgorithm {
        DigestAlgorithm::Sha256
    }

    fn signature_algorithm(&self) -> der::asn1::ObjectIdentifier {
        oid::ECDSA_SHA256
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        TestIdentity::sign(self, message)
    }
}

/// How the SignerInfo names its signer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignerIdKind {
    /// issuerAndSerialNumber (version 1).
    #[default]
    IssuerAndSerial,
    /// subjectKeyIdentifier (version 3).
    SubjectKeyId,
}

/// What [`signed_cms`] makes.
#[derive(Debug, Clone, Default)]
pub struct CmsOptions {
    /// Carry the content inside (attached) or not (detached).
    pub attached: bool,
    /// How the signer is identified.
    pub signer_id: SignerIdKind,
    /// Embed the signer's certificate.
    pub embed_certificate: bool,
    /// A signingTime attribute.
    pub signing_time: Option<OffsetDateTime>,
}

fn bad(e: der::Error) -> PkiError {
    PkiError::malformed(Object::Cms, e)
}

fn attribute(id: der::asn1::ObjectIdentifier, value: &impl Encode) -> Result<Attribute, PkiError> {
    let value = Any::from_der(&value.to_der().map_err(bad)?).map_err(bad)?;
    Ok(Attribute {
        oid: id,
        values: SetOfVec::try_from(vec![value]).map_err(bad)?,
    })
}

/// A detached SignedData over `content` by `signer` (for a [`TestIdentity`]: SHA-256, ECDSA;
/// signer certificate embedded, signingTime 2026-01-01).
pub fn detached_cms(content: &[u8], signer: &dyn TestSigner) -> Result<Vec<u8>, PkiError> {
    let options = CmsOptions {
        embed_certificate: true,
        signing_time: Some(super::TestPki::at()),
        ..CmsOptions::default()
    };
    signed_cms(content, signer, &options)
}

/// A SignedData over `content` by `signer`, as `options` say (the signer's digest and
/// signature algorithms; signed attributes contentType, messageDigest and optionally
/// signingTime).
pub fn signed_cms(
    content: &[u8],
    signer: &dyn TestSigner,
    options: &CmsOptions,
) -> Result<Vec<u8>, PkiError> {
    let cert = x509_cert::Certificate::from_der(signer.certificate_der()).map_err(bad)?;
    let digest_algorithm = signer.digest_algorithm();
    let digest = digest_algorithm.digest(content);
    let mut attrs = vec![
        attribute(oid::ATTR_CONTENT_TYPE, &oid::CMS_DATA)?,
        attribute(
            oid::ATTR_MESSAGE_DIGEST,
            &OctetString::new(digest).map_err(bad)?,
        )?,
    ];
    if let Some(t) = options.signing_time {
        attrs.push(attribute(oid::ATTR_SIGNING_TIME, &x509_time(t)?)?);
    }
    let attrs = SetOfVec::try_from(attrs).map_err(bad)?;
    // What is signed: the attributes with the SET tag, as they will be written (DER-sorted).
    let signature = signer.sign(&attrs.to_der().map_err(bad)?);
    let digest_id = AlgorithmIdentifierOwned {
        oid: digest_algorithm.oid(),
        parameters: None,
    };
    let (version, sid) = match options.signer_id {
        SignerIdKind::IssuerAndSerial => (
            CmsVersion::V1,
            SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: cert.tbs_certificate.issuer.clone(),
                serial_number: cert.tbs_certificate.serial_number.clone(),
            }),
        ),
        SignerIdKind::SubjectKeyId => {
            let ski = crate::Certificate::from_der(signer.certificate_der())?
                .subject_key_id()
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            let ski = SubjectKeyIdentifier(OctetString::new(ski).map_err(bad)?);
            (CmsVersion::V3, SignerIdentifier::SubjectKeyIdentifier(ski))
        }
    };
    let signer_info = SignerInfo {
        version,
        sid,
        digest_alg: digest_id.clone(),
        signed_attrs: Some(attrs),
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: signer.signature_algorithm(),
            parameters: None,
        },
        signature: OctetString::new(signature).map_err(bad)?,
        unsigned_attrs: None,
    };
    let econtent = if options.attached {
        Some(Any::encode_from(&OctetString::new(content).map_err(bad)?).map_err(bad)?)
    } else {
        None
    };
    let certificates = if options.embed_certificate {
        let set = vec![CertificateChoices::Certificate(cert)];
        Some(CertificateSet(SetOfVec::try_from(set).map_err(bad)?))
    } else {
        None
    };
    let signed_data = SignedData {
        version: CmsVersion::V1.max(version),
        digest_algorithms: SetOfVec::try_from(vec![digest_id]).map_err(bad)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: oid::CMS_DATA,
            econtent,
        },
        certificates,
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(bad)?),
    };
    ContentInfo {
        content_type: oid::CMS_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(bad)?,
    }
    .to_der()
    .map_err(bad)
}
