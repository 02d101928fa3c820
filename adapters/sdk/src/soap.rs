//! SOAP 1.1 envelopes: building one with a signable Body, reading a reply's Body or Fault.
//!
//! Signing is the hub's (the adapter holds no key): an envelope built with a Body id gets a
//! `wsu:Id` on its Body and an empty Header, and a step with `signing: ws-security-body` makes
//! the hub add `wsse:Security` with an XMLDSig over that Body before sending (GOVERNMENT.md,
//! e-Government gateway; G1).

use crate::step::Problem;
use crate::xml::{self, Element, XmlBuilder, XmlError};
use crate::{AfterFailure, Text, text};

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_ENVELOPE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The WS-Security utility namespace, of the `wsu:Id` the signature refers to.
pub const WSU: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

/// `<soap:Envelope>` with `body` written inside `<soap:Body>`. With `body_id`, the Body
/// carries `wsu:Id="<body_id>"` (an NCName) for the hub's WS-Security signature.
pub fn envelope(body_id: Option<&str>, body: impl FnOnce(&mut XmlBuilder)) -> String {
    let mut b = XmlBuilder::with_declaration();
    b.open("soap:Envelope", &[("xmlns:soap", SOAP11_ENVELOPE)]);
    match body_id {
        Some(id) => {
            b.empty("soap:Header", &[]);
            b.open("soap:Body", &[("xmlns:wsu", WSU), ("wsu:Id", id)]);
        }
        None => {
            b.open("soap:Body", &[]);
        }
    }
    body(&mut b);
    b.finish()
}

/// A SOAP 1.1 Fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapFault {
    /// `faultcode`, e.g. `soapenv:Server` (as written, prefix included).
    pub code: String,
    /// `faultstring`.
    pub message: String,
    /// `detail`, whose children carry the service's own error.
    pub detail: Option<Element>,
}

impl SoapFault {
    /// Whether the fault blames the sender (`Client`): retrying the same message cannot help.
    pub fn is_client(&self) -> bool {
        self.code.rsplit(':').next() == Some("Client")
    }
}

/// What a reply's Body holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoapBody {
    /// The first element in the Body: the operation's response.
    Payload(Element),
    /// A Fault.
    Fault(SoapFault),
}

/// A reply that is not a SOAP 1.1 envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SoapError {
    /// Not XML the reader accepts.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// Well-formed, but not an envelope with a Body holding one element.
    #[error("not a SOAP 1.1 envelope: {found}")]
    NotAnEnvelope {
        /// What was found instead.
        found: String,
    },
}

/// Reads a SOAP 1.1 envelope and returns what its Body holds.
pub fn read_body(bytes: &[u8]) -> Result<SoapBody, SoapError> {
    let root = xml::parse(bytes)?;
    let not_envelope = |found: String| SoapError::NotAnEnvelope { found };
    if !root.is(Some(SOAP11_ENVELOPE), "Envelope") {
        return Err(not_envelope(format!("root <{}>", root.expanded_name())));
    }
    let body = root
        .child(Some(SOAP11_ENVELOPE), "Body")
        .ok_or_else(|| not_envelope("no Body".into()))?;
    let first = body
        .elements()
        .next()
        .ok_or_else(|| not_envelope("an empty Body".into()))?;
    if !first.is(Some(SOAP11_ENVELOPE), "Fault") {
        return Ok(SoapBody::Payload(first.clone()));
    }
    // SOAP 1.1 Fault children are unqualified.
    Ok(SoapBody::Fault(SoapFault {
        code: first.child_text(None, "faultcode").unwrap_or_default(),
        message: first.child_text(None, "faultstring").unwrap_or_default(),
        detail: first.child(None, "detail").cloned(),
    }))
}

impl Problem for SoapError {
    fn code(&self) -> &'static str {
        match self {
            SoapError::Xml(e) => e.code(),
            SoapError::NotAnEnvelope { .. } => "SOAP_NOT_AN_ENVELOPE",
        }
    }

    fn after(&self) -> AfterFailure {
        AfterFailure::GiveUp
    }

    fn reason(&self) -> Text {
        match self {
            SoapError::Xml(e) => e.reason(),
            SoapError::NotAnEnvelope { found } => text(
                &format!("Жауап SOAP 1.1 конверті емес: {found}."),
                &format!("Ответ не является конвертом SOAP 1.1: {found}."),
                &format!("The reply is not a SOAP 1.1 envelope: {found}."),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signable_envelope_has_a_header_and_a_body_id() {
        let xml = envelope(Some("body-1"), |b| {
            b.leaf("x:ping", "hi");
        })
        .replace("<x:ping>", "<x:ping xmlns:x=\"urn:x\">");
        let root = xml::parse_str(&xml).expect("well-formed");
        assert!(root.child(Some(SOAP11_ENVELOPE), "Header").is_some());
        let body = root.child(Some(SOAP11_ENVELOPE), "Body").expect("body");
        assert_eq!(body.attribute(Some(WSU), "Id"), Some("body-1"));
        match read_body(xml.as_bytes()).expect("envelope") {
            SoapBody::Payload(p) => assert!(p.is(Some("urn:x"), "ping")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn faults_and_non_envelopes_are_told_apart() {
        let fault = format!(
            "<e:Envelope xmlns:e=\"{SOAP11_ENVELOPE}\"><e:Body><e:Fault>\
             <faultcode>e:Client</faultcode><faultstring>bad</faultstring>\
             </e:Fault></e:Body></e:Envelope>"
        );
        match read_body(fault.as_bytes()).expect("envelope") {
            SoapBody::Fault(f) => {
                assert!(f.is_client());
                assert_eq!(f.message, "bad");
            }
            other => panic!("{other:?}"),
        }
        let err = read_body(b"<html/>").expect_err("not soap");
        assert_eq!(err.code(), "SOAP_NOT_AN_ENVELOPE");
    }
}
