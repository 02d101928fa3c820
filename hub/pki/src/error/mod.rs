//! The one error type of the crate (R16). Each case has a stable code for machines and a
//! [`Msg`] for a person (texts in `hub/i18n/locales/*/pki.ftl`): what was wrong, about which
//! certificate, CRL or signature, and what to do.

use tanba_domain::KzIdError;
use time::OffsetDateTime;

use crate::KeyUsageBit;
use crate::crl::RevocationReason;
use crate::role::Role;
use crate::when::format_utc;

mod msg;

/// What an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Object {
    /// An X.509 certificate.
    Certificate,
    /// A certificate revocation list.
    Crl,
    /// A CMS / PKCS#7 signed message.
    Cms,
    /// A public key (SubjectPublicKeyInfo).
    PublicKey,
    /// Signature bytes.
    Signature,
    /// An XML document with an enveloped XMLDSig signature.
    Xml,
}

impl Object {
    /// The catalogue's selector for this object's name in each language.
    pub fn selector(self) -> &'static str {
        match self {
            Object::Certificate => "certificate",
            Object::Crl => "crl",
            Object::Cms => "cms",
            Object::PublicKey => "key",
            Object::Signature => "signature",
            Object::Xml => "xml",
        }
    }
}

/// Why a certificate, chain, CRL or signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkiError {
    /// The bytes are not a well-formed object of that kind.
    #[error("malformed {object:?}: {detail}")]
    Malformed {
        /// What was being read.
        object: Object,
        /// What the decoder said.
        detail: String,
    },
    /// A signature, key or digest algorithm this crate does not verify.
    #[error("unsupported algorithm {oid} in {object:?}")]
    UnsupportedAlgorithm {
        /// Where the algorithm was named.
        object: Object,
        /// Its OID.
        oid: String,
    },
    /// The signer's key is of another algorithm than the signature.
    #[error("key algorithm {key} cannot check a {signature} signature")]
    KeyAlgorithmMismatch {
        /// The key's algorithm OID.
        key: String,
        /// The signature algorithm OID.
        signature: String,
    },
    /// The signature does not verify under the signer's key.
    #[error("the signature of {object:?} {name:?} does not verify")]
    BadSignature {
        /// What was signed.
        object: Object,
        /// Its subject or issuer name, if known.
        name: String,
    },
    /// A certificate's validity ended before the time of the check.
    #[error("certificate {subject} expired at {}", format_utc(*not_after))]
    Expired {
        /// The certificate's subject.
        subject: String,
        /// End of its validity.
        not_after: OffsetDateTime,
        /// The time checked.
        at: OffsetDateTime,
    },
    /// A certificate's validity starts after the time of the check.
    #[error("certificate {subject} is valid only from {}", format_utc(*not_before))]
    NotYetValid {
        /// The certificate's subject.
        subject: String,
        /// Start of its validity.
        not_before: OffsetDateTime,
        /// The time checked.
        at: OffsetDateTime,
    },
    /// No trusted CA certificate issued this certificate or CRL.
    #[error("no trusted issuer {issuer} for {object:?} {name}")]
    UnknownIssuer {
        /// A certificate or a CRL.
        object: Object,
        /// Its subject (certificate) or issuer (CRL).
        name: String,
        /// The issuer name it names.
        issuer: String,
    },
    /// An issuer's certificate is not a CA certificate (basicConstraints).
    #[error("certificate {subject} is not a CA certificate")]
    NotCa {
        /// The would-be issuer.
        subject: String,
    },
    /// A CA's pathLenConstraint forbids this many CAs below it.
    #[error("certificate {subject} allows fewer intermediate CAs below it")]
    PathTooLong {
        /// The CA whose constraint is broken.
        subject: String,
    },
    /// A certificate's keyUsage lacks the bit the use needs.
    #[error("certificate {subject} lacks key usage {}", usage.name())]
    WrongKeyUsage {
        /// The certificate.
        subject: String,
        /// The bit needed.
        usage: KeyUsageBit,
    },
    /// A signer's certificate was not issued under a certificate policy the hub accepts
    /// (`[pki] required_policies`).
    #[error("certificate {subject} has policies [{policies}], none under [{required}]")]
    PolicyNotAccepted {
        /// The certificate.
        subject: String,
        /// Its certificatePolicies.
        policies: String,
        /// What the hub accepts.
        required: String,
    },
    /// A certificate's extended key usage lacks the role needed.
    #[error("certificate {subject} lacks role {role}")]
    MissingRole {
        /// The certificate.
        subject: String,
        /// The role needed.
        role: Role,
    },
    /// The IIN or BIN in a certificate's subject is not a valid identifier.
    #[error("certificate {subject}: {source}")]
    Identity {
        /// The certificate.
        subject: String,
        /// What is wrong with the identifier.
        source: KzIdError,
    },
    /// The certificate is listed in a valid CRL of its issuer.
    #[error("certificate {subject} (serial {serial}) was revoked at {}", format_utc(*revoked_at))]
    Revoked {
        /// The certificate.
        subject: String,
        /// Its serial number in hex.
        serial: String,
        /// When the CA revoked it.
        revoked_at: OffsetDateTime,
        /// Why, if the CRL says.
        reason: Option<RevocationReason>,
    },
    /// No CRL of the issuer is known at all.
    #[error("no CRL of {issuer} is known")]
    NoCrl {
        /// The CA whose CRL is missing.
        issuer: String,
    },
    /// The newest CRL of the issuer is past its nextUpdate.
    #[error("the CRL of {issuer} expired at {}", format_utc(*next_update))]
    CrlStale {
        /// The CRL's issuer.
        issuer: String,
        /// Its nextUpdate.
        next_update: OffsetDateTime,
        /// The time checked.
        at: OffsetDateTime,
    },
    /// Every CRL of the issuer was issued after the time of the check.
    #[error("the CRL of {issuer} was issued only at {}", format_utc(*this_update))]
    CrlNotYetValid {
        /// The CRL's issuer.
        issuer: String,
        /// Its thisUpdate.
        this_update: OffsetDateTime,
        /// The time checked.
        at: OffsetDateTime,
    },
    /// A CRL offered to the trust store is not newer than the one it already holds for that
    /// issuer (same kind, complete or delta): an old or replayed list must not replace it.
    #[error("the CRL of {issuer} issued at {} is not newer than the one held, issued at {}", format_utc(*this_update), format_utc(*held_this_update))]
    CrlNotNewer {
        /// The CRL's issuer.
        issuer: String,
        /// The offered CRL's thisUpdate.
        this_update: OffsetDateTime,
        /// thisUpdate of the CRL already held.
        held_this_update: OffsetDateTime,
    },
    /// The CMS messageDigest attribute is not the digest of the content.
    #[error("the signed content does not match the signature's message digest")]
    DigestMismatch,
    /// No certificate (embedded or supplied) matches the CMS signer identifier.
    #[error("the signer's certificate is not in the message nor among those supplied")]
    SignerNotFound,
    /// A detached CMS signature was checked without its content.
    #[error("the signature is detached and no content was supplied")]
    ContentMissing,
    /// A CMS message has no SignerInfo.
    #[error("the message carries no signature")]
    NoSigner,
    /// A signed attribute that must be present is missing.
    #[error("signed attribute {attribute} is missing")]
    MissingAttribute {
        /// Its name (`messageDigest`, `contentType`).
        attribute: &'static str,
    },
    /// The XML document is not well-formed, or its signature lacks a required part.
    #[error("malformed signed XML: {detail}")]
    XmlMalformed {
        /// What the parser or the reader of the signature said.
        detail: String,
    },
    /// The XML document has a DOCTYPE (a DTD, entity declarations): refused, never expanded.
    #[error("the XML document has a DOCTYPE, which is refused")]
    XmlDoctype,
    /// The XML document carries no `ds:Signature`.
    #[error("the XML document carries no signature")]
    XmlNoSignature,
    /// The XML signature is of a form the hub does not accept (more than one signature or
    /// reference, a reference other than the whole document, an unknown transform).
    #[error("the XML signature uses {feature}, which is not accepted")]
    XmlUnsupported {
        /// What was found.
        feature: String,
    },
    /// The digest of the signed XML content differs from the Reference's DigestValue.
    #[error("the signed XML content does not match its DigestValue")]
    XmlDigestMismatch,
    /// The OCSP responder knows nothing of the certificate (certStatus unknown).
    #[error("the OCSP responder does not know certificate {subject} (serial {serial})")]
    OcspUnknown {
        /// The certificate.
        subject: String,
        /// Its serial number in hex.
        serial: String,
    },
    /// The OCSP answer cannot be trusted: malformed, not signed by the issuer or a responder it
    /// certified, about another certificate, with another nonce, or stale.
    #[error("the OCSP answer is not acceptable: {detail}")]
    OcspInvalid {
        /// What is wrong with it.
        detail: String,
    },
    /// The OCSP responder answered with an error status (malformedRequest, tryLater, ...).
    #[error("the OCSP responder refused to answer: {status}")]
    OcspRefused {
        /// Its responseStatus.
        status: String,
    },
    /// The OCSP responder could not be reached or answered over HTTP with an error.
    #[error("the OCSP responder cannot be reached: {detail}")]
    OcspUnavailable {
        /// What the transport said.
        detail: String,
    },
    /// A file of certificates could not be read (the loader only).
    #[error("cannot read {path}: {detail}")]
    Read {
        /// The file or folder.
        path: String,
        /// The operating system's reason.
        detail: String,
    },
}

impl PkiError {
    /// The stable machine code, for APIs and logs.
    pub fn code(&self) -> &'static str {
        match self {
            PkiError::Malformed { .. } => "PKI_MALFORMED",
            PkiError::UnsupportedAlgorithm { .. } => "PKI_UNSUPPORTED_ALGORITHM",
            PkiError::KeyAlgorithmMismatch { .. } => "PKI_KEY_ALGORITHM_MISMATCH",
            PkiError::BadSignature { .. } => "PKI_BAD_SIGNATURE",
            PkiError::Expired { .. } => "PKI_CERT_EXPIRED",
            PkiError::NotYetValid { .. } => "PKI_CERT_NOT_YET_VALID",
            PkiError::UnknownIssuer { .. } => "PKI_UNKNOWN_ISSUER",
            PkiError::NotCa { .. } => "PKI_NOT_CA",
            PkiError::PathTooLong { .. } => "PKI_PATH_TOO_LONG",
            PkiError::WrongKeyUsage { .. } => "PKI_WRONG_KEY_USAGE",
            PkiError::PolicyNotAccepted { .. } => "PKI_POLICY_NOT_ACCEPTED",
            PkiError::MissingRole { .. } => "PKI_MISSING_ROLE",
            PkiError::Identity { .. } => "PKI_IDENTITY",
            PkiError::Revoked { .. } => "PKI_REVOKED",
            PkiError::NoCrl { .. } => "PKI_NO_CRL",
            PkiError::CrlStale { .. } => "PKI_CRL_STALE",
            PkiError::CrlNotYetValid { .. } => "PKI_CRL_NOT_YET_VALID",
            PkiError::CrlNotNewer { .. } => "PKI_CRL_NOT_NEWER",
            PkiError::DigestMismatch => "PKI_CMS_DIGEST_MISMATCH",
            PkiError::SignerNotFound => "PKI_CMS_SIGNER_NOT_FOUND",
            PkiError::ContentMissing => "PKI_CMS_CONTENT_MISSING",
            PkiError::NoSigner => "PKI_CMS_NO_SIGNER",
            PkiError::MissingAttribute { .. } => "PKI_CMS_MISSING_ATTRIBUTE",
            PkiError::XmlMalformed { .. } => "PKI_XML_MALFORMED",
            PkiError::XmlDoctype => "PKI_XML_DOCTYPE",
            PkiError::XmlNoSignature => "PKI_XML_NO_SIGNATURE",
            PkiError::XmlUnsupported { .. } => "PKI_XML_UNSUPPORTED",
            PkiError::XmlDigestMismatch => "PKI_XML_DIGEST_MISMATCH",
            PkiError::OcspUnknown { .. } => "PKI_OCSP_UNKNOWN",
            PkiError::OcspInvalid { .. } => "PKI_OCSP_INVALID",
            PkiError::OcspRefused { .. } => "PKI_OCSP_REFUSED",
            PkiError::OcspUnavailable { .. } => "PKI_OCSP_UNAVAILABLE",
            PkiError::Read { .. } => "PKI_READ",
        }
    }

    /// Puts a low-level signature failure into context: which object, signed by or naming whom.
    pub(crate) fn about(self, object: Object, name: &str) -> Self {
        match self {
            PkiError::BadSignature { .. } => PkiError::BadSignature {
                object,
                name: name.to_owned(),
            },
            other => other,
        }
    }

    pub(crate) fn xml_malformed(detail: impl std::fmt::Display) -> Self {
        PkiError::XmlMalformed {
            detail: detail.to_string(),
        }
    }

    pub(crate) fn xml_unsupported(feature: impl std::fmt::Display) -> Self {
        PkiError::XmlUnsupported {
            feature: feature.to_string(),
        }
    }

    pub(crate) fn malformed(object: Object, detail: impl std::fmt::Display) -> Self {
        PkiError::Malformed {
            object,
            detail: detail.to_string(),
        }
    }
}
