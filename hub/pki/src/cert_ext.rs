//! The certificate extensions the PKI layer acts on, decoded once.

use der::Decode;
use der::asn1::ObjectIdentifier;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints as X509BasicConstraints, CertificatePolicies,
    ExtendedKeyUsage, KeyUsage as X509KeyUsage, SubjectKeyIdentifier,
};

use crate::KeyUsage;
use crate::error::{Object, PkiError};
use crate::oid;

/// basicConstraints: whether the certificate is a CA's, and how many CAs may follow below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BasicConstraints {
    /// cA.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u8>,
}

/// The extensions of a certificate this crate reads; others are kept only in the DER.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CertExtensions {
    pub key_usage: Option<KeyUsage>,
    pub extended_key_usage: Vec<ObjectIdentifier>,
    pub policies: Vec<ObjectIdentifier>,
    pub basic_constraints: Option<BasicConstraints>,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
}

impl CertExtensions {
    pub(crate) fn read(extensions: &[Extension]) -> Result<CertExtensions, PkiError> {
        let mut out = CertExtensions::default();
        for ext in extensions {
            let value = ext.extn_value.as_bytes();
            let id = ext.extn_id;
            if id == oid::KEY_USAGE {
                let ku = X509KeyUsage::from_der(value).map_err(bad)?;
                out.key_usage = Some(KeyUsage::from_bits(ku.0.bits()));
            } else if id == oid::EXT_KEY_USAGE {
                out.extended_key_usage = ExtendedKeyUsage::from_der(value).map_err(bad)?.0;
            } else if id == oid::CERT_POLICIES {
                let policies = CertificatePolicies::from_der(value).map_err(bad)?;
                out.policies = policies.0.iter().map(|p| p.policy_identifier).collect();
            } else if id == oid::BASIC_CONSTRAINTS {
                let bc = X509BasicConstraints::from_der(value).map_err(bad)?;
                out.basic_constraints = Some(BasicConstraints {
                    ca: bc.ca,
                    path_len: bc.path_len_constraint,
                });
            } else if id == oid::SUBJECT_KEY_ID {
                let ski = SubjectKeyIdentifier::from_der(value).map_err(bad)?;
                out.subject_key_id = Some(ski.0.as_bytes().to_vec());
            } else if id == oid::AUTHORITY_KEY_ID {
                let aki = AuthorityKeyIdentifier::from_der(value).map_err(bad)?;
                out.authority_key_id = aki.key_identifier.map(|k| k.as_bytes().to_vec());
            }
        }
        Ok(out)
    }
}

fn bad(e: der::Error) -> PkiError {
    PkiError::malformed(Object::Certificate, format!("extension: {e}"))
}
