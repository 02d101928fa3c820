//! Enveloped XMLDSig made with test identities (issue 6: the API's login tests sign their
//! challenge as NCALayer's `signXml` does), laid out as NCALayer writes it: `ds:Signature`
//! as the last child of the document element, one Reference with `URI=""`, the
//! enveloped-signature transform then a C14N transform, base64 wrapped at 76 characters with
//! `&#13;` line ends, the signer's certificate in KeyInfo/X509Data. Test keys are ECDSA P-256,
//! so the SignatureMethod is `ecdsa-sha256` (r||s) and the DigestMethod SHA-256.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::TestIdentity;
use crate::DigestAlgorithm;
use crate::error::PkiError;
use crate::xmldsig::C14nMethod;
use crate::xmldsig::algorithms::ecdsa_der_to_raw;
use crate::xmldsig::c14n::{Canonicalization, Subset, canonicalize, element_qname};
use crate::xmldsig::document;
use crate::xmldsig::signature::{DSIG_NS, ENVELOPED};

const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";

/// `xml` with an enveloped signature by `signer`, `c14n` as CanonicalizationMethod and as the
/// transform after the enveloped one.
pub fn enveloped_xml(
    xml: &str,
    signer: &TestIdentity,
    c14n: C14nMethod,
) -> Result<String, PkiError> {
    let canon = Canonicalization::new(c14n);
    let doc = document::parse(xml.as_bytes())?;
    let content = canonicalize(
        Subset {
            apex: doc.root(),
            excluded: None,
            comments: false,
        },
        &canon,
    );
    let digest = wrap(&STANDARD.encode(DigestAlgorithm::Sha256.digest(content.as_bytes())));
    let signed_info = signed_info(c14n, &digest);
    let certificate = wrap(&STANDARD.encode(signer.der()));
    // SignedInfo is canonicalised in place: it inherits namespaces from its ancestors.
    let unsigned = insert(xml, &signature(&signed_info, "", &certificate))?;
    let unsigned_doc = document::parse(unsigned.as_bytes())?;
    let signed_info_node = unsigned_doc
        .descendants()
        .find(|n| n.has_tag_name((DSIG_NS, "SignedInfo")))
        .ok_or_else(|| PkiError::xml_malformed("SignedInfo not found after insertion"))?;
    let to_sign = canonicalize(
        Subset {
            apex: signed_info_node,
            excluded: None,
            comments: c14n.with_comments(),
        },
        &canon,
    );
    let value = ecdsa_der_to_raw(&signer.sign(to_sign.as_bytes()), 32)?;
    insert(
        xml,
        &signature(&signed_info, &wrap(&STANDARD.encode(value)), &certificate),
    )
}

fn signed_info(c14n: C14nMethod, digest: &str) -> String {
    let c14n = c14n.uri();
    format!(
        "<ds:SignedInfo>\n\
         <ds:CanonicalizationMethod Algorithm=\"{c14n}\"/>\n\
         <ds:SignatureMethod Algorithm=\"{ECDSA_SHA256}\"/>\n\
         <ds:Reference URI=\"\">\n\
         <ds:Transforms>\n\
         <ds:Transform Algorithm=\"{ENVELOPED}\"/>\n\
         <ds:Transform Algorithm=\"{c14n}\"/>\n\
         </ds:Transforms>\n\
         <ds:DigestMethod Algorithm=\"{SHA256}\"/>\n\
         <ds:DigestValue>{digest}</ds:DigestValue>\n\
         </ds:Reference>\n\
         </ds:SignedInfo>"
    )
}

fn signature(signed_info: &str, value: &str, certificate: &str) -> String {
    format!(
        "<ds:Signature xmlns:ds=\"{DSIG_NS}\">\n{signed_info}\n\
         <ds:SignatureValue>\n{value}\n</ds:SignatureValue>\n\
         <ds:KeyInfo>\n<ds:X509Data>\n<ds:X509Certificate>\n{certificate}\n\
         </ds:X509Certificate>\n</ds:X509Data>\n</ds:KeyInfo>\n</ds:Signature>"
    )
}

/// Java's MIME base64 as NCALayer serialises it: 76-character lines ending in `&#13;` + LF.
fn wrap(base64: &str) -> String {
    base64
        .as_bytes()
        .chunks(76)
        .map(|line| std::str::from_utf8(line).expect("base64 is ASCII"))
        .collect::<Vec<_>>()
        .join("&#13;\n")
}

/// `xml` with `signature` as the last child of the document element.
fn insert(xml: &str, signature: &str) -> Result<String, PkiError> {
    let doc = document::parse(xml.as_bytes())?;
    let root = doc.root_element();
    let range = root.range();
    let element = &xml[range.clone()];
    if element.ends_with("/>") {
        let qname = element_qname(root);
        let open_end = range.end - 2;
        return Ok(format!(
            "{}>{signature}</{qname}>{}",
            &xml[..open_end],
            &xml[range.end..]
        ));
    }
    let close = element
        .rfind("</")
        .ok_or_else(|| PkiError::xml_malformed("no end tag"))?;
    let at = range.start + close;
    Ok(format!("{}{signature}{}", &xml[..at], &xml[at..]))
}
