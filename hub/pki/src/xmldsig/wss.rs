//! WS-Security (OASIS WSS 1.1, X.509 token profile) signatures over a SOAP 1.1 Body: the hub
//! signs the outbound messages of adapters (issue 7, G1: the e-Gov gateway's signed channel)
//! and verifies such signatures. The signature is an XMLDSig in `Header/wsse:Security`
//! (`mustUnderstand="1"`) with one Reference, `URI="#<wsu:Id of the Body>"`, exclusive C14N as
//! both the Reference's transform and SignedInfo's canonicalisation, SHA-256, and KeyInfo
//! pointing (`wsse:SecurityTokenReference`) at a `wsse:BinarySecurityToken` with the signer's
//! certificate. It reuses this crate's parser ([`super::document`]) and canonicaliser
//! ([`super::c14n`]): what is signed is canonicalised by the same code that verifies it.
//!
//! Keys are the hub's own (an RSA or ECDSA P-256 key in PKCS#8, or RSA in PKCS#1), used
//! through `ring`, which this crate already uses to verify RSA and ECDSA: no second crypto
//! stack. Verification refuses anything but this one shape (a Reference to the Body of the
//! Envelope itself, found by a unique id), so a signed Body cannot be moved elsewhere in the
//! message (signature wrapping).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::rand::SystemRandom;
use ring::signature::{self as ring_sig, EcdsaKeyPair, RsaKeyPair};
use roxmltree::{Document, Node};
use spki::AlgorithmIdentifierOwned;

use super::c14n::{C14nMethod, Canonicalization, Subset, canonicalize};
use super::signature::{DSIG_NS, SignatureParts};
use super::{algorithms, document};
use crate::error::{Object, PkiError};
use crate::verify::{SignatureAlgorithm, verify_signature};
use crate::{Certificate, DigestAlgorithm};

/// The SOAP 1.1 envelope namespace.
pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// WS-Security secext.
pub const WSSE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/// WS-Security utility (`wsu:Id`).
pub const WSU: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const X509V3: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";
const BASE64_BINARY: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

enum Key {
    Rsa(RsaKeyPair),
    EcdsaP256(EcdsaKeyPair),
}

/// The hub's key and certificate for signing an endpoint's messages.
pub struct SigningIdentity {
    key: Key,
    certificate: Certificate,
    rng: SystemRandom,
}

impl std::fmt::Debug for SigningIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        write!(f, "SigningIdentity({})", self.certificate.subject())
    }
}

impl SigningIdentity {
    /// The key (PEM `PRIVATE KEY` or `RSA PRIVATE KEY`, or DER) and its certificate (PEM or
    /// DER); refused when the key does not match the certificate.
    pub fn from_pem(key: &[u8], certificate: &[u8]) -> Result<SigningIdentity, PkiError> {
        let key_der = crate::pem::der_blocks(key, Object::Signature)?
            .into_iter()
            .next()
            .ok_or_else(|| PkiError::malformed(Object::Signature, "no private key"))?;
        let cert_der = crate::pem::der_blocks(certificate, Object::Certificate)?
            .into_iter()
            .next()
            .ok_or_else(|| PkiError::malformed(Object::Certificate, "no certificate"))?;
        let rng = SystemRandom::new();
        let key = if let Ok(k) = RsaKeyPair::from_pkcs8(&key_der) {
            Key::Rsa(k)
        } else if let Ok(k) = RsaKeyPair::from_der(&key_der) {
            Key::Rsa(k)
        } else {
            EcdsaKeyPair::from_pkcs8(&ring_sig::ECDSA_P256_SHA256_FIXED_SIGNING, &key_der, &rng)
                .map(Key::EcdsaP256)
                .map_err(|e| {
                    PkiError::malformed(
                        Object::Signature,
                        format!("not an RSA or ECDSA P-256 private key: {e}"),
                    )
                })?
        };
        let identity = SigningIdentity {
            key,
            certificate: Certificate::from_der(&cert_der)?,
            rng,
        };
        identity.check_pair()?;
        Ok(identity)
    }

    /// The certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    fn algorithm(&self) -> (SignatureAlgorithm, &'static str) {
        match self.key {
            Key::Rsa(_) => (SignatureAlgorithm::RsaPkcs1Sha256, RSA_SHA256),
            Key::EcdsaP256(_) => (SignatureAlgorithm::EcdsaSha256, ECDSA_SHA256),
        }
    }

    /// The XMLDSig SignatureValue of `message` (ECDSA as r||s).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, PkiError> {
        let failed = |e: ring::error::Unspecified| {
            PkiError::malformed(Object::Signature, format!("signing failed: {e}"))
        };
        match &self.key {
            Key::Rsa(k) => {
                let mut out = vec![0; k.public().modulus_len()];
                k.sign(&ring_sig::RSA_PKCS1_SHA256, &self.rng, message, &mut out)
                    .map_err(failed)?;
                Ok(out)
            }
            Key::EcdsaP256(k) => Ok(k
                .sign(&self.rng, message)
                .map_err(failed)?
                .as_ref()
                .to_vec()),
        }
    }

    /// A signature by the key must verify with the certificate's public key.
    fn check_pair(&self) -> Result<(), PkiError> {
        let probe = b"tanba signing identity check";
        let (algorithm, _) = self.algorithm();
        let value = algorithms::signature_for_verifier(algorithm, &self.sign(probe)?)?;
        let identifier = AlgorithmIdentifierOwned {
            oid: algorithm.oid(),
            parameters: None,
        };
        verify_signature(self.certificate.spki_der(), &identifier, probe, &value).map_err(|_| {
            PkiError::malformed(
                Object::Signature,
                "the private key does not belong to the certificate",
            )
        })
    }
}

/// `envelope` (a SOAP 1.1 envelope whose Body carries a `wsu:Id`) with
/// `Header/wsse:Security` added, signing the Body (see the module documentation).
pub fn sign_soap_body(envelope: &[u8], identity: &SigningIdentity) -> Result<Vec<u8>, PkiError> {
    let doc = document::parse(envelope)?;
    let text = doc.input_text();
    let (root, header, body) = envelope_parts(&doc)?;
    let body_id = body
        .attribute((WSU, "Id"))
        .ok_or_else(|| PkiError::xml_malformed("the soap:Body has no wsu:Id to sign"))?;
    let exclusive = Canonicalization::new(C14nMethod::Exclusive);
    let canonical_body = canonicalize(
        Subset {
            apex: body,
            excluded: None,
            comments: false,
        },
        &exclusive,
    );
    let digest = STANDARD.encode(DigestAlgorithm::Sha256.digest(canonical_body.as_bytes()));
    let (_, method) = identity.algorithm();
    let signed_info = format!(
        "<ds:SignedInfo xmlns:ds=\"{DSIG_NS}\">\
         <ds:CanonicalizationMethod Algorithm=\"{c14n}\"/>\
         <ds:SignatureMethod Algorithm=\"{method}\"/>\
         <ds:Reference URI=\"#{id}\"><ds:Transforms><ds:Transform Algorithm=\"{c14n}\"/>\
         </ds:Transforms><ds:DigestMethod Algorithm=\"{SHA256}\"/>\
         <ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>",
        c14n = C14nMethod::Exclusive.uri(),
        id = escape(body_id),
    );
    // Exclusive C14N of SignedInfo does not depend on where it stands (it declares the one
    // namespace it uses), so it is canonicalised on its own and placed as it is.
    let parsed = document::parse(signed_info.as_bytes())?;
    let canonical_signed_info = canonicalize(
        Subset {
            apex: parsed.root_element(),
            excluded: None,
            comments: false,
        },
        &exclusive,
    );
    let value = STANDARD.encode(identity.sign(canonical_signed_info.as_bytes())?);
    let token_id = format!("X509-{}", escape(body_id));
    let soap = root
        .tag_name()
        .namespace()
        .map(|_| prefix_of(root))
        .unwrap_or_default();
    let colon = if soap.is_empty() { "" } else { ":" };
    let security = format!(
        "<wsse:Security xmlns:wsse=\"{WSSE}\" xmlns:wsu=\"{WSU}\" \
         {soap}{colon}mustUnderstand=\"1\">\
         <wsse:BinarySecurityToken EncodingType=\"{BASE64_BINARY}\" ValueType=\"{X509V3}\" \
         wsu:Id=\"{token_id}\">{certificate}</wsse:BinarySecurityToken>\
         <ds:Signature xmlns:ds=\"{DSIG_NS}\">{canonical_signed_info}\
         <ds:SignatureValue>{value}</ds:SignatureValue>\
         <ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI=\"#{token_id}\" \
         ValueType=\"{X509V3}\"/></wsse:SecurityTokenReference></ds:KeyInfo>\
         </ds:Signature></wsse:Security>",
        certificate = STANDARD.encode(identity.certificate.der()),
    );
    let mut out = String::with_capacity(text.len() + security.len() + 64);
    match header {
        Some(h) => match h.first_child() {
            Some(first) => {
                let at = first.range().start;
                out.push_str(&text[..at]);
                out.push_str(&security);
                out.push_str(&text[at..]);
            }
            None => {
                let qname = super::c14n::element_qname(h);
                let range = h.range();
                out.push_str(&text[..range.start]);
                out.push_str(&format!("<{qname}>{security}</{qname}>"));
                out.push_str(&text[range.end..]);
            }
        },
        None => {
            let at = body.range().start;
            out.push_str(&text[..at]);
            out.push_str(&format!(
                "<{soap}{colon}Header>{security}</{soap}{colon}Header>"
            ));
            out.push_str(&text[at..]);
        }
    }
    Ok(out.into_bytes())
}

/// A SOAP Body whose WS-Security signature verified (the signer is not yet trusted: the
/// caller checks the chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSoap {
    /// The signer's certificate, from the BinarySecurityToken.
    pub certificate: Certificate,
    /// The canonical Body the digest covers.
    pub signed_body: Vec<u8>,
}

/// Verifies the WS-Security signature over the Body of `envelope`.
pub fn verify_soap_body(envelope: &[u8]) -> Result<VerifiedSoap, PkiError> {
    let doc = document::parse(envelope)?;
    let (_, header, body) = envelope_parts(&doc)?;
    let security = header
        .into_iter()
        .flat_map(|h| h.children())
        .find(|n| n.has_tag_name((WSSE, "Security")))
        .ok_or(PkiError::XmlNoSignature)?;
    let signature = security
        .children()
        .find(|n| n.has_tag_name((DSIG_NS, "Signature")))
        .ok_or(PkiError::XmlNoSignature)?;
    let parts = SignatureParts::read(signature)?;
    let id = parts
        .reference_uri
        .strip_prefix('#')
        .ok_or_else(|| PkiError::xml_unsupported("a reference that is not to the Body by id"))?;
    let referenced: Vec<Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.attribute((WSU, "Id")) == Some(id) || n.attribute("Id") == Some(id))
        .collect();
    if referenced.as_slice() != [body] {
        return Err(PkiError::xml_unsupported(
            "a reference to anything but the one soap:Body",
        ));
    }
    let signed_body = canonicalize(
        Subset {
            apex: body,
            excluded: None,
            comments: false,
        },
        &parts.reference_c14n,
    )
    .into_bytes();
    let digest = algorithms::digest_method(&parts.digest_method)?.digest(&signed_body);
    if digest != parts.digest_value {
        return Err(PkiError::XmlDigestMismatch);
    }
    let certificate = token_certificate(&doc, &parts)?;
    super::check_signature_value(&parts, &certificate)?;
    Ok(VerifiedSoap {
        certificate,
        signed_body,
    })
}

/// The certificate KeyInfo points at: a BinarySecurityToken by id, or X509Data.
fn token_certificate(
    doc: &Document<'_>,
    parts: &SignatureParts<'_, '_>,
) -> Result<Certificate, PkiError> {
    if let Some(der) = parts.certificates.first() {
        return Certificate::from_der(der);
    }
    let reference = parts
        .element
        .descendants()
        .find(|n| n.has_tag_name((WSSE, "Reference")))
        .and_then(|n| n.attribute("URI"))
        .and_then(|u| u.strip_prefix('#'))
        .ok_or_else(|| PkiError::xml_malformed("KeyInfo names no certificate"))?;
    let token = doc
        .descendants()
        .find(|n| {
            n.has_tag_name((WSSE, "BinarySecurityToken"))
                && n.attribute((WSU, "Id")) == Some(reference)
        })
        .ok_or_else(|| PkiError::xml_malformed(format!("no BinarySecurityToken #{reference}")))?;
    let text: String = token
        .text()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let der = STANDARD
        .decode(text)
        .map_err(|e| PkiError::xml_malformed(format!("BinarySecurityToken: {e}")))?;
    Certificate::from_der(&der)
}

/// The Envelope, its Header (if any) and its Body, checked as SOAP 1.1.
fn envelope_parts<'a, 'input>(
    doc: &'a Document<'input>,
) -> Result<(Node<'a, 'input>, Option<Node<'a, 'input>>, Node<'a, 'input>), PkiError> {
    let root = doc.root_element();
    if !root.has_tag_name((SOAP11, "Envelope")) {
        return Err(PkiError::xml_malformed("not a SOAP 1.1 Envelope"));
    }
    let mut elements = root.children().filter(Node::is_element);
    let first = elements
        .next()
        .ok_or_else(|| PkiError::xml_malformed("an empty Envelope"))?;
    let (header, body) = if first.has_tag_name((SOAP11, "Header")) {
        (Some(first), elements.next())
    } else {
        (None, Some(first))
    };
    let body = body
        .filter(|b| b.has_tag_name((SOAP11, "Body")))
        .ok_or_else(|| PkiError::xml_malformed("no soap:Body after the Header"))?;
    Ok((root, header, body))
}

/// The prefix an element's name is written with ("" for none).
fn prefix_of<'a>(element: Node<'a, '_>) -> &'a str {
    super::c14n::element_qname(element)
        .split_once(':')
        .map_or("", |(p, _)| p)
}

/// An attribute value as XML text.
fn escape(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}
