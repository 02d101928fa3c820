//! Enveloped XMLDSig verification (R16, issue 6: "the client signs the challenge (XMLDSig
//! enveloped, as the NCALayer `signXml` call produces ...); the hub verifies signature, chain,
//! revocation and role"). This module checks the signature itself;
//! [`crate::Pki::verify_signed_xml`] adds the chain and revocation checks.
//!
//! The steps, in XMLDSig core validation order: parse safely ([`document`]: no DOCTYPE, no
//! entities), find the one `ds:Signature` ([`signature`]); canonicalise the whole document
//! less that signature (`URI=""` and the enveloped-signature transform; comments are never
//! part of `URI=""`, XMLDSig 4.3.3.3, whatever the C14N transform says, as Apache Santuario
//! and so NCALayer do) and compare its digest with DigestValue; canonicalise SignedInfo per
//! its CanonicalizationMethod and verify SignatureValue with the key of the first
//! KeyInfo/X509Data/X509Certificate through [`crate::verify_signature`].
//!
//! **Crates, and why.** `roxmltree` 0.21 parses: a read-only tree, no unsafe code, widely
//! used (resvg, usvg), it refuses DTDs unless asked and never fetches external entities, and
//! it keeps source positions, from which element and attribute names are taken as written (a
//! canonical form needs the prefixes). `quick-xml`, which the adapter SDK uses to write and
//! read messages inside guests, is a streaming reader: canonicalisation needs the tree with
//! the namespaces in scope at each element, which roxmltree gives. Canonicalisation is ours
//! ([`c14n`]), for the reasons given there. `base64` is the workspace's decoder.

pub(crate) mod algorithms;
pub(crate) mod c14n;
pub(crate) mod document;
mod namespaces;
pub(crate) mod signature;
pub mod wss;

use roxmltree::Node;
use spki::AlgorithmIdentifierOwned;

use crate::Certificate;
use crate::error::{Object, PkiError};
use crate::verify::verify_signature;

pub use c14n::C14nMethod;

use c14n::Subset;
use signature::SignatureParts;

/// A document whose enveloped signature verified (the signer is not yet trusted: see
/// [`crate::Pki::verify_signed_xml`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedXml {
    /// The signer's certificate, from KeyInfo.
    pub certificate: Certificate,
    /// The document element's local name.
    pub root_name: String,
    /// The document element's namespace URI, if any.
    pub root_namespace: Option<String>,
    /// The text of the document element and its descendants, the signature left out: what a
    /// login challenge is compared with.
    pub root_text: String,
    /// The exact bytes the DigestValue covers (the canonical document less the signature).
    pub signed_content: Vec<u8>,
}

/// Verifies the enveloped XMLDSig signature of `xml` (see the module documentation).
pub fn verify_xmldsig(xml: &[u8]) -> Result<VerifiedXml, PkiError> {
    let doc = document::parse(xml)?;
    let parts = SignatureParts::read(signature::find_signature(&doc)?)?;
    if !parts.reference_uri.is_empty() {
        return Err(PkiError::xml_unsupported(format!(
            "reference URI \"{}\" in an enveloped signature",
            parts.reference_uri
        )));
    }
    let signed_content = check_reference(&doc, &parts)?;
    let certificate = signer_certificate(&parts)?;
    check_signature_value(&parts, &certificate)?;
    let root = doc.root_element();
    Ok(VerifiedXml {
        certificate,
        root_name: root.tag_name().name().to_owned(),
        root_namespace: root.tag_name().namespace().map(str::to_owned),
        root_text: text_without(root, parts.element),
        signed_content,
    })
}

fn check_reference(
    doc: &roxmltree::Document<'_>,
    parts: &SignatureParts<'_, '_>,
) -> Result<Vec<u8>, PkiError> {
    let subset = Subset {
        apex: doc.root(),
        excluded: Some(parts.element.id()),
        comments: false,
    };
    let content = c14n::canonicalize(subset, &parts.reference_c14n).into_bytes();
    let digest = algorithms::digest_method(&parts.digest_method)?.digest(&content);
    if digest != parts.digest_value {
        return Err(PkiError::XmlDigestMismatch);
    }
    Ok(content)
}

fn signer_certificate(parts: &SignatureParts<'_, '_>) -> Result<Certificate, PkiError> {
    let der = parts
        .certificates
        .first()
        .ok_or_else(|| PkiError::xml_malformed("no ds:X509Certificate in ds:KeyInfo"))?;
    Certificate::from_der(der)
}

fn check_signature_value(
    parts: &SignatureParts<'_, '_>,
    certificate: &Certificate,
) -> Result<(), PkiError> {
    let c14n = &parts.signed_info_c14n;
    let subset = Subset {
        apex: parts.signed_info,
        excluded: None,
        comments: c14n.method.with_comments(),
    };
    let signed_info = c14n::canonicalize(subset, c14n);
    let algorithm = algorithms::signature_method(&parts.signature_method)?;
    let value = algorithms::signature_for_verifier(algorithm, &parts.signature_value)?;
    let identifier = AlgorithmIdentifierOwned {
        oid: algorithm.oid(),
        parameters: None,
    };
    verify_signature(
        certificate.spki_der(),
        &identifier,
        signed_info.as_bytes(),
        &value,
    )
    .map_err(|e| e.about(Object::Xml, &certificate.subject().to_string()))
}

/// The text nodes under `root` in document order, those inside `skip` left out.
fn text_without(root: Node<'_, '_>, skip: Node<'_, '_>) -> String {
    root.descendants()
        .filter(|n| n.is_text() && !n.ancestors().any(|a| a == skip))
        .filter_map(|n| n.text())
        .collect()
}

#[cfg(test)]
mod tests;
