//! The PKI as the hub trusts it (R16): trusted CA certificates and the CRLs they signed, loaded
//! from two folders, and two calls that verify a signature at a given time: signature, chain to
//! a trusted root, revocation of the signer. [`Pki::verify_signed`] takes CMS over given bytes,
//! [`Pki::verify_signed_xml`] an enveloped XMLDSig document (issue 6: EDS login with NCALayer's
//! `signXml`). Used for signed documents and for login.

use std::path::Path;

use der::asn1::ObjectIdentifier;
use time::OffsetDateTime;

use crate::{
    CachedItems, Certificate, Crl, PkiError, RevocationIndex, RevocationScope, TrustStore,
    VerifiedXml, verify_cms, verify_xmldsig,
};

/// Trusted CAs and their CRLs.
pub struct Pki {
    trust: TrustStore,
    revocation: RevocationIndex,
    loaded_at: OffsetDateTime,
    required_policies: Vec<ObjectIdentifier>,
}

impl Pki {
    /// From a folder of CA certificates (self-issued ones become roots) and, optionally, a
    /// folder of `.crl` files, each verified against those CAs.
    pub fn load(trust_dir: &Path, crl_dir: Option<&Path>) -> Result<Pki, PkiError> {
        Ok(Pki::load_with(trust_dir, crl_dir, &CachedItems::default())?.0)
    }

    /// As [`Pki::load`], plus items admitted earlier ([`Pki::admit_crl`],
    /// [`Pki::admit_ca_certificate`]) and kept by the hub: cached CA certificates join as
    /// intermediates (never as roots), cached CRLs after their signature verifies again. A
    /// cached item that no longer fits (its CA left the trust folder) is left out, not fatal:
    /// the folders are the operator's word. Returns the PKI and why each item was left out.
    pub fn load_with(
        trust_dir: &Path,
        crl_dir: Option<&Path>,
        cached: &CachedItems,
    ) -> Result<(Pki, Vec<PkiError>), PkiError> {
        let mut trust = crate::load_trust_store(trust_dir)?;
        let mut left_out = Vec::new();
        for der in &cached.ca_certificates {
            match Certificate::from_der(der) {
                Ok(cert) => trust.add_intermediate(cert),
                Err(e) => left_out.push(e),
            }
        }
        let mut revocation = RevocationIndex::new();
        if let Some(dir) = crl_dir {
            for bytes in crate::load::read_files(dir, &["crl"])? {
                revocation.add(Crl::parse(&bytes)?, &trust)?;
            }
        }
        for der in &cached.crls {
            if let Err(e) = Crl::from_der(der).and_then(|crl| revocation.add(crl, &trust)) {
                left_out.push(e);
            }
        }
        Ok((Pki::new(trust, revocation), left_out))
    }

    /// The trusted CAs.
    pub fn trust(&self) -> &TrustStore {
        &self.trust
    }

    /// The CRLs.
    pub fn revocation(&self) -> &RevocationIndex {
        &self.revocation
    }

    /// From a trust store and revocation index already built.
    pub fn new(trust: TrustStore, revocation: RevocationIndex) -> Pki {
        Pki {
            trust,
            revocation,
            loaded_at: OffsetDateTime::now_utc(),
            required_policies: Vec::new(),
        }
    }

    /// The same PKI, accepting as signers only certificates issued under one of `policies`
    /// (certificatePolicies; a policy under one of them, such as `1.2.398.3.3.2.1` under
    /// `1.2.398.3.3.2`, counts). Empty: any policy.
    pub fn with_required_policies(mut self, policies: Vec<ObjectIdentifier>) -> Pki {
        self.required_policies = policies;
        self
    }

    /// When it was built (for a PKI of folders: when they were last read).
    pub fn loaded_at(&self) -> OffsetDateTime {
        self.loaded_at
    }

    /// Verifies the CMS `signature` over `content` (detached, or the content it carries must
    /// be `content`), each signer's chain to a trusted root and its revocation, at `at`.
    /// Returns the signers' certificates.
    pub fn verify_signed(
        &self,
        content: &[u8],
        signature: &[u8],
        at: OffsetDateTime,
    ) -> Result<Vec<Certificate>, PkiError> {
        let signers = verify_cms(signature, Some(content), &[])?;
        let mut certificates = Vec::with_capacity(signers.len());
        for signer in signers {
            self.trust_signer(&signer.certificate, at)?;
            certificates.push(signer.certificate);
        }
        Ok(certificates)
    }

    /// Verifies the enveloped XMLDSig signature of `xml` ([`verify_xmldsig`]), then the
    /// signer's chain to a trusted root and its revocation at `at`, as [`Pki::verify_signed`]
    /// does for CMS. The caller checks the signed content (for login: `root_text` against the
    /// challenge) and the signer's role.
    pub fn verify_signed_xml(
        &self,
        xml: &[u8],
        at: OffsetDateTime,
    ) -> Result<VerifiedXml, PkiError> {
        let verified = verify_xmldsig(xml)?;
        self.trust_signer(&verified.certificate, at)?;
        Ok(verified)
    }

    /// The CA that issued `certificate`, on its chain validated at `at`: what an OCSP question
    /// about it names ([`crate::OcspQuery`], [`crate::OcspCheck`]). Login, signed documents
    /// and mTLS clients ask the responder with it after [`Pki::trust_signer`] passed.
    pub fn issuer_of(
        &self,
        certificate: &Certificate,
        at: OffsetDateTime,
    ) -> Result<Certificate, PkiError> {
        let chain = self.trust.validate(certificate, at)?;
        let path = chain.certificates();
        Ok(path.get(1).unwrap_or(chain.root()).clone())
    }

    /// A certificate is trusted at `at` if its key may sign (keyUsage, when present, has
    /// digitalSignature: a CA's certificate-signing key or an encryption-only key may not sign
    /// documents, logins or TLS handshakes), its chain validates to a trusted root and it is
    /// not revoked: for signers, and for clients that present one over mTLS.
    pub fn trust_signer(
        &self,
        certificate: &Certificate,
        at: OffsetDateTime,
    ) -> Result<(), PkiError> {
        certificate.require_key_usage(crate::KeyUsageBit::DigitalSignature)?;
        self.require_policy(certificate)?;
        let chain = self.trust.validate(certificate, at)?;
        self.revocation
            .check_chain(&chain, at, RevocationScope::LeafOnly)
    }
}

impl Pki {
    /// Issue 6: the certificate policy a signer's certificate must be issued under.
    fn require_policy(&self, certificate: &Certificate) -> Result<(), PkiError> {
        let under = |policy: &ObjectIdentifier, required: &ObjectIdentifier| {
            let (policy, required) = (policy.to_string(), required.to_string());
            policy == required || policy.starts_with(&format!("{required}."))
        };
        let accepted = self.required_policies.is_empty()
            || certificate
                .policies()
                .iter()
                .any(|p| self.required_policies.iter().any(|r| under(p, r)));
        if accepted {
            return Ok(());
        }
        let join = |oids: &[ObjectIdentifier]| {
            oids.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        Err(PkiError::PolicyNotAccepted {
            subject: certificate.subject().to_string(),
            policies: join(certificate.policies()),
            required: join(&self.required_policies),
        })
    }
}
