//! X.509 certificates of the national CA and of any other CA (R16): parsed once into a value
//! that keeps the exact signed bytes next to the fields a person or a rule needs.

use der::Decode;
use der::asn1::ObjectIdentifier;
use spki::AlgorithmIdentifierOwned;
use tanba_domain::{Bin, CheckDigitPolicy, Iin};
use time::OffsetDateTime;

use crate::cert_ext::{BasicConstraints, CertExtensions};
use crate::der_raw::{bit_string_bytes, children, tag_byte, unsigned_magnitude};
use crate::error::{Object, PkiError};
use crate::name::Name;
use crate::pem::der_blocks;
use crate::role::Role;
use crate::verify::verify_signature;
use crate::{KeyUsage, KeyUsageBit, when};

/// A parsed X.509 certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    tbs: Vec<u8>,
    signature: Vec<u8>,
    signature_algorithm: AlgorithmIdentifierOwned,
    serial: Vec<u8>,
    issuer: Name,
    subject: Name,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    spki: Vec<u8>,
    key_algorithm: ObjectIdentifier,
    ext: CertExtensions,
    fingerprint: [u8; 32],
}

impl Certificate {
    /// Parses one certificate from DER.
    pub fn from_der(der: &[u8]) -> Result<Certificate, PkiError> {
        let bad = |e: der::Error| PkiError::malformed(Object::Certificate, e);
        let typed = x509_cert::Certificate::from_der(der).map_err(bad)?;
        let top = children(der).map_err(bad)?;
        let [tbs, _, sig_bits] = top.as_slice() else {
            return Err(PkiError::malformed(Object::Certificate, "not 3 elements"));
        };
        // tbsCertificate: [0] version?, serial, signature, issuer, validity, subject, spki, ...
        let fields = children(tbs).map_err(bad)?;
        let skip = usize::from(fields.first().map(|f| tag_byte(f)) == Some(0xA0));
        let raw = |i: usize| {
            fields
                .get(skip + i)
                .copied()
                .ok_or_else(|| PkiError::malformed(Object::Certificate, "short tbsCertificate"))
        };
        let t = &typed.tbs_certificate;
        let time = |x: &x509_cert::time::Time| {
            when::from_x509(x).ok_or_else(|| PkiError::malformed(Object::Certificate, "time"))
        };
        let extensions = t.extensions.as_deref().unwrap_or_default();
        Ok(Certificate {
            der: der.to_vec(),
            tbs: tbs.to_vec(),
            signature: bit_string_bytes(sig_bits).map_err(bad)?.to_vec(),
            signature_algorithm: typed.signature_algorithm.clone(),
            serial: unsigned_magnitude(t.serial_number.as_bytes()),
            issuer: Name::from_der(raw(2)?, Object::Certificate)?,
            subject: Name::from_der(raw(4)?, Object::Certificate)?,
            not_before: time(&t.validity.not_before)?,
            not_after: time(&t.validity.not_after)?,
            spki: raw(5)?.to_vec(),
            key_algorithm: t.subject_public_key_info.algorithm.oid,
            ext: CertExtensions::read(extensions)?,
            fingerprint: sha256(der),
        })
    }

    /// Parses one certificate from DER or PEM (the first PEM block).
    pub fn parse(bytes: &[u8]) -> Result<Certificate, PkiError> {
        let der = der_blocks(bytes, Object::Certificate)?;
        let first = der
            .first()
            .ok_or_else(|| PkiError::malformed(Object::Certificate, "no PEM block"))?;
        Certificate::from_der(first)
    }

    /// Every certificate in DER (one) or PEM (one or more blocks) bytes.
    pub fn parse_all(bytes: &[u8]) -> Result<Vec<Certificate>, PkiError> {
        der_blocks(bytes, Object::Certificate)?
            .iter()
            .map(|d| Certificate::from_der(d))
            .collect()
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }
    /// The subject name.
    pub fn subject(&self) -> &Name {
        &self.subject
    }
    /// The issuer name.
    pub fn issuer(&self) -> &Name {
        &self.issuer
    }
    /// The serial number's magnitude, big-endian, without leading zeros.
    pub fn serial(&self) -> &[u8] {
        &self.serial
    }
    /// The serial number in upper-case hex, as the CA's tools print it.
    pub fn serial_hex(&self) -> String {
        self.serial.iter().map(|b| format!("{b:02X}")).collect()
    }
    /// Start of validity.
    pub fn not_before(&self) -> OffsetDateTime {
        self.not_before
    }
    /// End of validity.
    pub fn not_after(&self) -> OffsetDateTime {
        self.not_after
    }
    /// The signature algorithm the issuer used on this certificate.
    pub fn signature_algorithm(&self) -> &AlgorithmIdentifierOwned {
        &self.signature_algorithm
    }
    /// The subject key's algorithm OID (rsaEncryption, id-ecPublicKey, the GOST key OIDs).
    pub fn key_algorithm(&self) -> ObjectIdentifier {
        self.key_algorithm
    }
    /// The DER SubjectPublicKeyInfo, for a [`crate::SignatureVerifier`].
    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }
    /// keyUsage, if the certificate has the extension.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.ext.key_usage
    }
    /// Extended key usage OIDs, in order (empty without the extension).
    pub fn extended_key_usage(&self) -> &[ObjectIdentifier] {
        &self.ext.extended_key_usage
    }
    /// The extended key usages as roles; OIDs that are not national roles are [`Role::Other`].
    pub fn roles(&self) -> Vec<Role> {
        self.ext
            .extended_key_usage
            .iter()
            .map(|o| Role::from_oid(*o))
            .collect()
    }
    /// Certificate policy OIDs (1.2.398.3.3.2 for the national CA).
    pub fn policies(&self) -> &[ObjectIdentifier] {
        &self.ext.policies
    }
    /// basicConstraints, if present.
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.ext.basic_constraints
    }
    /// Whether basicConstraints says this is a CA certificate.
    pub fn is_ca(&self) -> bool {
        self.ext.basic_constraints.is_some_and(|b| b.ca)
    }
    /// subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.ext.subject_key_id.as_deref()
    }
    /// authorityKeyIdentifier's keyIdentifier, if present.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.ext.authority_key_id.as_deref()
    }
    /// SHA-256 of the DER.
    pub fn fingerprint_sha256(&self) -> [u8; 32] {
        self.fingerprint
    }
    /// Whether subject and issuer are the same name (a root or a cross-signed self-issued CA).
    pub fn is_self_issued(&self) -> bool {
        self.subject.der() == self.issuer.der()
    }

    /// The holder's IIN from `SERIALNUMBER=IIN...`, if the subject has one.
    pub fn iin(&self, policy: CheckDigitPolicy) -> Result<Option<Iin>, PkiError> {
        self.subject
            .iin_text()
            .map(|t| Iin::parse(t, policy).map_err(|e| self.identity_error(e)))
            .transpose()
    }

    /// The organisation's BIN from `OU=BIN...`, if the subject has one.
    pub fn bin(&self, policy: CheckDigitPolicy) -> Result<Option<Bin>, PkiError> {
        self.subject
            .bin_text()
            .map(|t| Bin::parse(t, policy).map_err(|e| self.identity_error(e)))
            .transpose()
    }

    /// The participant the certificate speaks for (R9, R16): its organisation's BIN, or else
    /// the holder's IIN (an individual entrepreneur).
    pub fn participant(&self, policy: CheckDigitPolicy) -> Result<Option<String>, PkiError> {
        match self.bin(policy)? {
            Some(bin) => Ok(Some(bin.to_string())),
            None => Ok(self.iin(policy)?.map(|iin| iin.to_string())),
        }
    }

    fn identity_error(&self, source: tanba_domain::KzIdError) -> PkiError {
        PkiError::Identity {
            subject: self.subject.to_string(),
            source,
        }
    }

    /// `Ok` if `at` lies within the validity period (both ends included).
    pub fn check_validity(&self, at: OffsetDateTime) -> Result<(), PkiError> {
        if at < self.not_before {
            return Err(PkiError::NotYetValid {
                subject: self.subject.to_string(),
                not_before: self.not_before,
                at,
            });
        }
        if at > self.not_after {
            return Err(PkiError::Expired {
                subject: self.subject.to_string(),
                not_after: self.not_after,
                at,
            });
        }
        Ok(())
    }

    /// `Ok` if keyUsage is absent (no restriction) or has `bit`.
    pub fn require_key_usage(&self, bit: KeyUsageBit) -> Result<(), PkiError> {
        match self.ext.key_usage {
            Some(ku) if !ku.contains(bit) => Err(PkiError::WrongKeyUsage {
                subject: self.subject.to_string(),
                usage: bit,
            }),
            _ => Ok(()),
        }
    }

    /// `Ok` if the extended key usage names `role`.
    pub fn require_role(&self, role: Role) -> Result<(), PkiError> {
        if self.roles().contains(&role) {
            Ok(())
        } else {
            Err(PkiError::MissingRole {
                subject: self.subject.to_string(),
                role,
            })
        }
    }

    /// Checks this certificate's signature under `issuer`'s key (no other check).
    pub fn verify_signed_by(&self, issuer: &Certificate) -> Result<(), PkiError> {
        verify_signature(
            issuer.spki_der(),
            &self.signature_algorithm,
            &self.tbs,
            &self.signature,
        )
        .map_err(|e| e.about(Object::Certificate, &self.subject.to_string()))
    }
}

pub(crate) fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}
