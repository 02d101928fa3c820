//! The parts of the one enveloped `ds:Signature` of a document (R16, issue 6), read strictly:
//! one signature, one Reference to the whole document (`URI=""`), the enveloped-signature
//! transform and at most one canonicalisation after it; or (WS-Security, [`super::wss`]) one
//! Reference to an element by id with at most one canonicalisation. Anything else is refused rather than
//! half-understood, which also shuts out signature-wrapping tricks: what is signed is always
//! the whole document less this signature.

use base64::Engine;
use roxmltree::{Document, Node};

use super::c14n::{C14nMethod, Canonicalization};
use crate::error::PkiError;

pub(crate) const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub(crate) const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

/// What a signature element says.
pub(crate) struct SignatureParts<'a, 'input> {
    pub element: Node<'a, 'input>,
    pub signed_info: Node<'a, 'input>,
    pub signed_info_c14n: Canonicalization,
    pub signature_method: String,
    pub reference_c14n: Canonicalization,
    /// `""` (the whole document, enveloped) or `#id` (one element by its id: WS-Security).
    pub reference_uri: String,
    pub digest_method: String,
    pub digest_value: Vec<u8>,
    pub signature_value: Vec<u8>,
    /// The X509Certificate values of KeyInfo, DER, in document order.
    pub certificates: Vec<Vec<u8>>,
}

/// The document's only `ds:Signature` element, which must not be the document element.
pub(crate) fn find_signature<'a, 'input>(
    doc: &'a Document<'input>,
) -> Result<Node<'a, 'input>, PkiError> {
    let mut found = doc.descendants().filter(|n| is_ds(*n, "Signature"));
    let signature = found.next().ok_or(PkiError::XmlNoSignature)?;
    let more = found.count();
    if more > 0 {
        return Err(PkiError::xml_unsupported(format!(
            "{} signatures",
            more + 1
        )));
    }
    if signature == doc.root_element() {
        return Err(PkiError::xml_unsupported("an enveloping signature"));
    }
    Ok(signature)
}

impl<'a, 'input> SignatureParts<'a, 'input> {
    /// Reads `element` (a `ds:Signature`).
    pub fn read(element: Node<'a, 'input>) -> Result<Self, PkiError> {
        let signed_info = child(element, "SignedInfo")?;
        let method = child(signed_info, "CanonicalizationMethod")?;
        let signed_info_c14n = canonicalization(method)?;
        let references: Vec<_> = ds_children(signed_info, "Reference").collect();
        let [reference] = references.as_slice() else {
            return Err(PkiError::xml_unsupported(format!(
                "{} references",
                references.len()
            )));
        };
        let reference_uri = match reference.attribute("URI") {
            Some(uri) if uri.is_empty() || is_same_document_id(uri) => uri.to_owned(),
            Some(uri) => {
                return Err(PkiError::xml_unsupported(format!(
                    "reference URI \"{uri}\""
                )));
            }
            None => return Err(PkiError::xml_unsupported("a reference without URI")),
        };
        let key_info = ds_children(element, "KeyInfo").next();
        Ok(SignatureParts {
            element,
            signed_info,
            signed_info_c14n,
            signature_method: algorithm(child(signed_info, "SignatureMethod")?)?.to_owned(),
            reference_c14n: reference_transforms(*reference, reference_uri.is_empty())?,
            reference_uri,
            digest_method: algorithm(child(*reference, "DigestMethod")?)?.to_owned(),
            digest_value: base64_text(child(*reference, "DigestValue")?)?,
            signature_value: base64_text(child(element, "SignatureValue")?)?,
            certificates: key_info
                .into_iter()
                .flat_map(|k| ds_children(k, "X509Data"))
                .flat_map(|d| ds_children(d, "X509Certificate"))
                .map(base64_text)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// `#` and a bare name (an XPointer shorthand to an element's id).
fn is_same_document_id(uri: &str) -> bool {
    uri.strip_prefix('#').is_some_and(|id| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    })
}

/// For the whole document (`enveloped`), transforms must be the enveloped-signature
/// transform, optionally followed by one canonicalisation; for an element by id, at most one
/// canonicalisation. Without one, inclusive C14N applies (XMLDSig 4.3.3.2).
fn reference_transforms(
    reference: Node<'_, '_>,
    enveloped: bool,
) -> Result<Canonicalization, PkiError> {
    let transforms: Vec<_> = ds_children(reference, "Transforms")
        .flat_map(|t| ds_children(t, "Transform"))
        .collect();
    let uris = transforms
        .iter()
        .map(|t| algorithm(*t))
        .collect::<Result<Vec<_>, _>>()?;
    match uris.as_slice() {
        [] if !enveloped => Ok(Canonicalization::new(C14nMethod::Inclusive)),
        [_] if !enveloped && uris[0] != ENVELOPED => canonicalization(transforms[0]),
        [ENVELOPED] if enveloped => Ok(Canonicalization::new(C14nMethod::Inclusive)),
        [ENVELOPED, _] if enveloped => canonicalization(transforms[1]),
        [] => Err(PkiError::xml_unsupported(
            "a reference without the enveloped transform",
        )),
        other => Err(PkiError::xml_unsupported(format!(
            "transforms {}",
            other.join(", ")
        ))),
    }
}

fn canonicalization(node: Node<'_, '_>) -> Result<Canonicalization, PkiError> {
    let uri = algorithm(node)?;
    let method = C14nMethod::from_uri(uri).ok_or_else(|| PkiError::UnsupportedAlgorithm {
        object: crate::Object::Xml,
        oid: uri.to_owned(),
    })?;
    let mut c14n = Canonicalization::new(method);
    if method.is_exclusive() {
        let list = node
            .children()
            .find(|n| n.tag_name().namespace() == Some(EXC_C14N_NS))
            .and_then(|n| n.attribute("PrefixList"))
            .unwrap_or_default();
        c14n.inclusive_prefixes = list
            .split_ascii_whitespace()
            .map(|p| if p == "#default" { "" } else { p }.to_owned())
            .collect();
    }
    Ok(c14n)
}

fn is_ds(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element()
        && node.tag_name().namespace() == Some(DSIG_NS)
        && node.tag_name().name() == name
}

fn ds_children<'a, 'input>(
    parent: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    parent.children().filter(move |n| is_ds(*n, name))
}

fn child<'a, 'input>(
    parent: Node<'a, 'input>,
    name: &'static str,
) -> Result<Node<'a, 'input>, PkiError> {
    ds_children(parent, name).next().ok_or_else(|| {
        PkiError::xml_malformed(format!("no ds:{name} in ds:{}", parent.tag_name().name()))
    })
}

fn algorithm<'a>(node: Node<'a, '_>) -> Result<&'a str, PkiError> {
    node.attribute("Algorithm").ok_or_else(|| {
        PkiError::xml_malformed(format!("ds:{} without Algorithm", node.tag_name().name()))
    })
}

/// Base64 text of an element; line breaks (NCALayer writes `&#13;` + LF every 76 characters)
/// and other XML whitespace are skipped.
fn base64_text(node: Node<'_, '_>) -> Result<Vec<u8>, PkiError> {
    let text: String = node
        .children()
        .filter(|n| n.is_text())
        .flat_map(|n| n.text().unwrap_or_default().chars())
        .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| PkiError::xml_malformed(format!("ds:{}: {e}", node.tag_name().name())))
}
