//! The IS ESF SOAP operations this adapter uses, as the published WSDLs define them
//! (`shared/formats/schemas/esf`): `SessionService.createSession` and `closeSession`,
//! `UploadInvoiceService.syncInvoice`. Every service's namespace is literally `esf` with
//! unqualified children; faults carry `accessDeniedException`, `businessException` or
//! `sessionClosedException` (each with a `description`) in their detail.

use tanba_adapter_sdk::Reply;
use tanba_adapter_sdk::soap::{self, SoapBody, SoapFault};
use tanba_adapter_sdk::xml::{Element, XmlBuilder};

use crate::error::MinfinError;

/// The services' target namespace.
pub const ESF: &str = "esf";
/// `InvoiceV2`, the `version` of an uploaded body.
pub const INVOICE_VERSION: &str = "InvoiceV2";

/// `createSessionRequest` (`tin`, `x509Certificate`), in an envelope the hub signs.
pub fn create_session(body_id: &str, tin: &str, certificate: &str) -> String {
    request(body_id, "createSessionRequest", |b| {
        b.leaf("tin", tin).leaf("x509Certificate", certificate);
    })
}

/// `closeSessionRequest` (`sessionId`).
pub fn close_session(body_id: &str, session_id: &str) -> String {
    request(body_id, "closeSessionRequest", |b| {
        b.leaf("sessionId", session_id);
    })
}

/// `syncInvoiceRequest` with one `invoiceUploadInfo` carrying `invoice_body` (the invoice XML
/// as a string). `signature` stays empty: the WIT has no signing of a part of a message by the
/// hub yet (the schema allows 0..400 characters; the real service wants the body's signature).
pub fn sync_invoice(
    body_id: &str,
    session_id: &str,
    invoice_body: &str,
    certificate: &str,
) -> String {
    request(body_id, "syncInvoiceRequest", |b| {
        b.leaf("sessionId", session_id);
        b.open("invoiceUploadInfoList", &[])
            .open("invoiceUploadInfo", &[]);
        b.leaf("invoiceBody", invoice_body)
            .leaf("version", INVOICE_VERSION)
            .leaf("signature", "")
            .leaf("signatureType", "OPERATOR");
        b.close().close();
        b.leaf("x509Certificate", certificate);
    })
}

fn request(body_id: &str, element: &str, content: impl FnOnce(&mut XmlBuilder)) -> String {
    soap::envelope(Some(body_id), |b| {
        b.open(&format!("esf:{element}"), &[("xmlns:esf", ESF)]);
        content(b);
        b.close();
    })
}

/// The operation's response element (`createSessionResponse`, ...), or the error that explains
/// why there is none.
pub fn read_response(reply: &Reply, expected: &str) -> Result<Element, MinfinError> {
    let body = match soap::read_body(&reply.body) {
        Ok(body) => body,
        Err(_) if reply.status != 200 => {
            return Err(MinfinError::Http {
                status: reply.status,
            });
        }
        Err(e) => return Err(e.into()),
    };
    match body {
        SoapBody::Fault(fault) => Err(fault_error(&fault)),
        SoapBody::Payload(_) if reply.status != 200 => Err(MinfinError::Http {
            status: reply.status,
        }),
        SoapBody::Payload(p) if p.is(Some(ESF), expected) => Ok(p),
        SoapBody::Payload(p) => Err(MinfinError::Unexpected {
            expected: expected.into(),
            found: p.expanded_name(),
        }),
    }
}

/// A fault: access denied and business faults blame the request (retrying cannot help); a
/// closed session is for the state machine to handle; other server faults are transient.
fn fault_error(fault: &SoapFault) -> MinfinError {
    let detail = fault.detail.as_ref().and_then(|d| d.elements().next());
    let kind = detail.map(|d| d.name.clone());
    let client = fault.is_client()
        || matches!(
            kind.as_deref(),
            Some("accessDeniedException" | "businessException")
        );
    MinfinError::Fault {
        fault_code: fault.code.clone(),
        message: detail
            .and_then(|d| d.child_text(None, "description"))
            .unwrap_or_else(|| fault.message.clone()),
        kind,
        client,
    }
}

/// Whether `error` is the `sessionClosedException` fault.
pub fn is_session_closed(error: &MinfinError) -> bool {
    matches!(error, MinfinError::Fault { kind: Some(k), .. } if k == "sessionClosedException")
}

/// The outcome of `syncInvoiceResponse`: the registered id of the accepted body, or the
/// declined body's errors.
pub fn upload_outcome(response: &Element) -> Result<Result<String, String>, MinfinError> {
    let first = |set: &str| {
        response
            .child(None, set)
            .and_then(|s| s.child(None, "standardResponse"))
    };
    if let Some(declined) = first("declinedSet") {
        let errors: Vec<String> = declined
            .child(None, "errors")
            .map(|e| {
                e.children_named(None, "error")
                    .map(|x| {
                        let code = x.child_text(None, "errorCode").unwrap_or_default();
                        let text = x.child_text(None, "text").unwrap_or_default();
                        format!("{code} {text}").trim().to_owned()
                    })
                    .collect()
            })
            .unwrap_or_default();
        return Ok(Err(errors.join("; ")));
    }
    let accepted = first("acceptedSet").ok_or_else(|| MinfinError::Unexpected {
        expected: "acceptedSet/standardResponse or declinedSet/standardResponse".into(),
        found: "neither".into(),
    })?;
    Ok(Ok(accepted.child_text(None, "id").unwrap_or_default()))
}
