//! The SyncChannel v10 `SendMessage` operation: request envelopes in the real namespaces, and
//! the reading of `SendMessageResponse` and of SOAP faults (schemas in
//! `shared/formats/schemas/shep/SyncChannel/v10`).
//!
//! In those schemas only `SendMessage` and `SendMessageResponse` are qualified (namespace
//! `http://bip.bee.kz/SyncChannel/v10/Types`); their content (`request`, `requestInfo`, ...)
//! is unqualified, as the schemas set no `elementFormDefault`. Business data travels in
//! `requestData/data` as `xsi:type="xs:string"` with the XML escaped, as real clients send it;
//! a reply's `data` may be escaped text or inline elements, and both are read.

use tanba_adapter_sdk::Reply;
use tanba_adapter_sdk::soap::{self, SoapBody, SoapFault};
use tanba_adapter_sdk::text::utc_date_time;
use tanba_adapter_sdk::xml::{self, Element, XmlBuilder};

use crate::error::ShepError;

/// `SendMessage`, `SendMessageResponse` and the fault element.
pub const SYNC_TYPES: &str = "http://bip.bee.kz/SyncChannel/v10/Types";
/// The request types' namespace (declared as real clients do; its elements are unqualified).
pub const SYNC_REQUEST: &str = "http://bip.bee.kz/SyncChannel/v10/Types/Request";
/// `ErrorInfo`, `SenderInfo`, `StatusInfo`.
pub const COMMON_TYPES: &str = "http://bip.bee.kz/common/v10/Types";
const XS: &str = "http://www.w3.org/2001/XMLSchema";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The status code of a processed message (what the gateway and the services behind it answer).
pub const SUCCESS: &str = "SCSS001";

/// One `SendMessage` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendMessage<'a> {
    /// Unique per message; a retry of the same step resends the same id.
    pub message_id: &'a str,
    /// Chains the messages of one exchange (the pages of a register load).
    pub correlation_id: Option<&'a str>,
    /// The interaction's id in the gateway's register of interactions.
    pub service_id: &'a str,
    /// The sending system's id at the gateway.
    pub sender_id: &'a str,
    /// When the message was made (the hub's `now`).
    pub message_date_unix: i64,
    /// The business XML, sent escaped as a string.
    pub data: &'a str,
}

impl SendMessage<'_> {
    /// The SOAP 1.1 envelope, its Body carrying `wsu:Id="<body_id>"` for the hub's signature.
    /// No password is sent: the signed channel authenticates the sender by its certificate.
    pub fn envelope(&self, body_id: &str) -> String {
        soap::envelope(Some(body_id), |b| self.write(b))
    }

    fn write(&self, b: &mut XmlBuilder) {
        b.open(
            "sync:SendMessage",
            &[
                ("xmlns:sync", SYNC_TYPES),
                ("xmlns:req", SYNC_REQUEST),
                ("xmlns:common", COMMON_TYPES),
            ],
        );
        b.open("request", &[]).open("requestInfo", &[]);
        b.leaf("messageId", self.message_id)
            .optional_leaf("correlationId", self.correlation_id)
            .leaf("serviceId", self.service_id)
            .leaf("messageDate", &utc_date_time(self.message_date_unix));
        b.open("sender", &[])
            .leaf("senderId", self.sender_id)
            .close();
        b.close().open("requestData", &[]);
        b.open(
            "data",
            &[
                ("xmlns:xs", XS),
                ("xmlns:xsi", XSI),
                ("xsi:type", "xs:string"),
            ],
        )
        .text(self.data);
        b.close().close().close().close();
    }
}

/// What a successful `SendMessageResponse` carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncResponse {
    /// The receiving system's message id.
    pub message_id: String,
    /// The business XML of `responseData/data`, if any.
    pub data: Option<Element>,
}

/// Reads the gateway's answer: a `SendMessageResponse` with status `SCSS001`, or the error
/// that explains why not (a SOAP fault, another status, an HTTP error, XML refused).
pub fn read_response(reply: &Reply) -> Result<SyncResponse, ShepError> {
    let body = match soap::read_body(&reply.body) {
        Ok(body) => body,
        // An error page from a proxy is an HTTP failure, not bad XML from the service.
        Err(_) if reply.status != 200 => {
            return Err(ShepError::Http {
                status: reply.status,
            });
        }
        Err(e) => return Err(e.into()),
    };
    let payload = match body {
        SoapBody::Fault(fault) => return Err(fault_error(&fault)),
        SoapBody::Payload(_) if reply.status != 200 => {
            return Err(ShepError::Http {
                status: reply.status,
            });
        }
        SoapBody::Payload(p) => p,
    };
    if !payload.is(Some(SYNC_TYPES), "SendMessageResponse") {
        return Err(unexpected("SendMessageResponse", payload.expanded_name()));
    }
    let response = payload
        .child(None, "response")
        .ok_or_else(|| unexpected("response", "nothing".into()))?;
    let info = response
        .child(None, "responseInfo")
        .ok_or_else(|| unexpected("responseInfo", "nothing".into()))?;
    let code = info
        .descendant(&[(None, "status"), (None, "code")])
        .map(|c| c.text().trim().to_owned())
        .unwrap_or_default();
    if code != SUCCESS {
        let message = info
            .descendant(&[(None, "status"), (None, "message")])
            .map(|m| m.text().trim().to_owned())
            .unwrap_or_default();
        return Err(ShepError::Status { code, message });
    }
    Ok(SyncResponse {
        message_id: info.child_text(None, "messageId").unwrap_or_default(),
        data: response
            .descendant(&[(None, "responseData"), (None, "data")])
            .map(business_data)
            .transpose()?
            .flatten(),
    })
}

/// `data` as inline elements (the first one), or as escaped XML text parsed with the same
/// safe reader; none when empty.
fn business_data(data: &Element) -> Result<Option<Element>, ShepError> {
    if let Some(inline) = data.elements().next() {
        return Ok(Some(inline.clone()));
    }
    let text = data.text();
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(xml::parse_str(text.trim())?))
}

/// A SOAP fault, with the gateway's `ErrorInfo` from the detail when it has one.
fn fault_error(fault: &SoapFault) -> ShepError {
    let info = fault
        .detail
        .as_ref()
        .and_then(|d| d.child(Some(SYNC_TYPES), "SendMessageFault1_SendMessageFault"));
    ShepError::Fault {
        fault_code: fault.code.clone(),
        message: info
            .and_then(|i| i.child_text(None, "errorMessage"))
            .unwrap_or_else(|| fault.message.clone()),
        error_code: info.and_then(|i| i.child_text(None, "errorCode")),
        client: fault.is_client(),
    }
}

fn unexpected(expected: &str, found: String) -> ShepError {
    ShepError::Unexpected {
        expected: expected.to_owned(),
        found,
    }
}
