//! Reading a `SendMessage` request and writing `SendMessageResponse` and faults, as the
//! gateway does (namespaces from `shared/formats/schemas/shep/SyncChannel/v10`).

use tanba_sim_kit::escape_xml as escape;

use crate::Entrepreneur;

/// What the simulator reads from a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `requestInfo/messageId`.
    pub message_id: String,
    /// The register page asked for (from the escaped payload in `data`).
    pub page: u32,
    /// Entries per page.
    pub page_size: u32,
    /// `changedSince`, when the request has it.
    pub changed_since: Option<String>,
}

/// The text of the first `<name>...</name>` in `text`.
fn element<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = start + text[start..].find(close)?;
    Some(&text[start..end])
}

/// Reads a `SendMessage` whose `data` carries the adapter's request escaped as text.
pub(crate) fn read_request(body: &str) -> Option<Request> {
    if !body.contains("SendMessage") {
        return None;
    }
    let escaped = |name: &str| {
        element(
            body,
            &format!("&lt;{name}&gt;"),
            &format!("&lt;/{name}&gt;"),
        )
    };
    Some(Request {
        message_id: element(body, "<messageId>", "</messageId>")?
            .trim()
            .to_owned(),
        page: escaped("page")?.trim().parse().ok()?,
        page_size: escaped("pageSize")?.trim().parse().ok()?,
        changed_since: escaped("changedSince").map(|s| s.trim().to_owned()),
    })
}

/// The `SendMessageResponse` with the requested page of `all`.
pub(crate) fn page(request: &Request, all: &[Entrepreneur], as_of: &str) -> String {
    let size = request.page_size.max(1) as usize;
    let pages = all.len().div_ceil(size).max(1);
    let start = (request.page.max(1) as usize - 1) * size;
    let mut payload = format!(
        "<entrepreneursPage xmlns=\"urn:tanba:shep:entrepreneurs:v1\"><page>{}</page><pages>{pages}</pages><asOf>{}</asOf>",
        request.page,
        escape(as_of)
    );
    for e in all.iter().skip(start).take(size) {
        let kato = e
            .kato
            .as_deref()
            .map(|k| format!("<kato>{}</kato>", escape(k)))
            .unwrap_or_default();
        payload.push_str(&format!(
            "<entrepreneur><iin>{}</iin><name>{}</name><status>{}</status>{kato}</entrepreneur>",
            escape(&e.iin),
            escape(&e.name),
            escape(&e.status)
        ));
    }
    payload.push_str("</entrepreneursPage>");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<ns2:SendMessageResponse xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types"><response><responseInfo>
<messageId>sim-{}</messageId><responseDate>{as_of}T00:00:00+05:00</responseDate>
<status><code>SCSS001</code><message>Message has been processed successfully</message></status>
</responseInfo><responseData><data>{}</data></responseData></response></ns2:SendMessageResponse>
</soapenv:Body></soapenv:Envelope>"#,
        escape(&request.message_id),
        escape(&payload)
    )
}

/// A SOAP 1.1 fault with the gateway's `ErrorInfo`.
pub(crate) fn fault(message: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>{0}</faultstring><detail>
<ns2:SendMessageFault1_SendMessageFault xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types">
<errorCode>SE001</errorCode><errorMessage>{0}</errorMessage></ns2:SendMessageFault1_SendMessageFault>
</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#,
        escape(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_read_and_its_page_answered() {
        let body = "<sync:SendMessage><request><requestInfo><messageId>m-1</messageId>\
            </requestInfo><requestData><data>&lt;entrepreneursRequest&gt;&lt;page&gt;2&lt;/page&gt;\
            &lt;pageSize&gt;1&lt;/pageSize&gt;&lt;/entrepreneursRequest&gt;</data></requestData>\
            </request></sync:SendMessage>";
        let request = read_request(body).expect("a SendMessage");
        assert_eq!(
            (request.message_id.as_str(), request.page, request.page_size),
            ("m-1", 2, 1)
        );
        let people = ["a", "b"].map(|n| Entrepreneur {
            iin: n.to_string(),
            name: format!("ИП {n} & Co"),
            status: "ACTIVE".into(),
            kato: Some("751110000".into()),
        });
        let answer = page(&request, &people, "2026-11-25");
        assert!(answer.contains("&lt;pages&gt;2&lt;/pages&gt;"), "{answer}");
        assert!(
            answer.contains("&lt;kato&gt;751110000&lt;/kato&gt;"),
            "{answer}"
        );
        assert!(
            answer.contains("ИП b &amp;amp; Co") && !answer.contains("ИП a"),
            "{answer}"
        );
    }
}
