//! Test guest: the smallest adapter that exercises every part of the hub's adapter runtime
//! (issue 7), for the hub's tests (no government system behind it):
//!
//! - `on-event`: an applied shipment becomes a SOAP envelope to the `receiver` endpoint
//!   (idempotency key `shipment-<id>`, `by` naming the version that made it), signed by the
//!   hub (`ws-security-body`) when the setting `sign` is `yes`; the reply's success counts in
//!   the kept state.
//! - job `submit`: a `submit-document` command built from the settings `doc-kind`,
//!   `doc-sender`, `doc-external-id`, `doc-units` (comma-separated) and `doc-fields`
//!   (`name=value;...`).
//! - inbound endpoint `inbox`: `<receipt id=".." seller=".."><code>..</code></receipt>` becomes
//!   a retail-sale document; anything else is a fault blaming the sender.

use tanba_adapter_sdk::soap::envelope;
use tanba_adapter_sdk::step::{send, signed_soap_post};
use tanba_adapter_sdk::{
    AfterFailure, Command, Context, Direction, Document, DocumentLine, Endpoint, Event, Fault,
    Guest, Inbound, Info, Job, Problem, Reply, Setting, Signing, Step, Text, done, failed, fault,
    setting, text,
};

/// The adapter.
pub struct Probe;

/// Why the probe refused something.
#[derive(Debug)]
pub struct ProbeError(&'static str, String);

impl Problem for ProbeError {
    fn code(&self) -> &'static str {
        self.0
    }
    fn after(&self) -> AfterFailure {
        AfterFailure::RetryLater
    }
    fn reason(&self) -> Text {
        text(&self.1, &self.1, &self.1)
    }
}

fn declared_setting(name: &str, default: &str) -> Setting {
    Setting {
        name: name.into(),
        default_value: Some(default.into()),
        description: text(name, name, name),
    }
}

impl Guest for Probe {
    fn describe() -> Info {
        let endpoint = |name: &str, direction| Endpoint {
            name: name.into(),
            direction,
            description: text(name, name, name),
        };
        Info {
            id: "probe".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            endpoints: vec![
                endpoint("receiver", Direction::Outbound),
                endpoint("inbox", Direction::Inbound),
            ],
            jobs: vec![Job {
                name: "submit".into(),
                cron: "0 3 * * *".into(),
                description: text("submit", "submit", "submit"),
            }],
            events: vec!["document-applied".into()],
            settings: [
                "sign",
                "doc-kind",
                "doc-sender",
                "doc-external-id",
                "doc-units",
            ]
            .iter()
            .map(|n| declared_setting(n, ""))
            .chain([declared_setting("doc-fields", "")])
            .collect(),
        }
    }

    fn on_event(event: Event, context: Context, kept: Vec<u8>) -> Step {
        let Event::DocumentApplied(doc) = event;
        if doc.kind != "shipment" {
            return done(Vec::new(), kept);
        }
        let body_id = format!("id-{}", doc.id);
        let xml = envelope(Some(&body_id), |b| {
            let by = env!("CARGO_PKG_VERSION");
            b.open(
                "shipment",
                &[("id", &doc.id), ("sender", &doc.sender), ("by", by)],
            );
            b.optional_leaf("receiver", doc.receiver.as_deref());
            for code in &doc.codes {
                b.leaf("code", code);
            }
            b.close();
        });
        let mut message = signed_soap_post("receiver", &format!("shipment-{}", doc.id), xml);
        if setting(&context, "sign") != Some("yes") {
            message.signing = Signing::None;
        }
        send(message, Vec::new(), kept)
    }

    fn on_inbound(
        endpoint: String,
        message: Inbound,
        _context: Context,
    ) -> Result<Vec<Command>, Fault> {
        let refuse = |why: String| fault(&ProbeError("PROBE_INBOUND", why), true);
        if endpoint != "inbox" {
            return Err(refuse(format!("no inbound endpoint {endpoint}")));
        }
        let root = tanba_adapter_sdk::xml::parse(&message.body)
            .map_err(|e| refuse(format!("malformed XML: {e}")))?;
        let receipt = match tanba_adapter_sdk::soap::read_body(&message.body) {
            Ok(tanba_adapter_sdk::soap::SoapBody::Payload(p)) => p,
            _ => root,
        };
        if !receipt.is(None, "receipt") {
            return Err(refuse(format!(
                "expected <receipt>, got {}",
                receipt.expanded_name()
            )));
        }
        let attr = |name: &str| {
            receipt
                .attribute(None, name)
                .map(str::to_owned)
                .ok_or_else(|| refuse(format!("<receipt> has no {name}")))
        };
        let lines = receipt
            .children_named(None, "code")
            .map(|c| line(c.text()))
            .collect();
        Ok(vec![Command::SubmitDocument(Document {
            kind: "retail-sale".into(),
            external_id: attr("id")?,
            sender: attr("seller")?,
            receiver: None,
            fields: Vec::new(),
            lines,
        })])
    }

    fn start_job(job: String, context: Context, kept: Vec<u8>) -> Step {
        if job != "submit" {
            return failed(&ProbeError("PROBE_JOB", format!("no job {job}")));
        }
        let get = |n: &str| setting(&context, n).unwrap_or_default().to_owned();
        let fields = get("doc-fields")
            .split(';')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let lines = get("doc-units")
            .split(',')
            .filter(|u| !u.is_empty())
            .map(|u| line(u.to_owned()))
            .collect();
        let document = Document {
            kind: get("doc-kind"),
            external_id: get("doc-external-id"),
            sender: get("doc-sender"),
            receiver: None,
            fields,
            lines,
        };
        done(vec![Command::SubmitDocument(document)], kept)
    }

    fn on_reply(state: Vec<u8>, reply: Reply, _context: Context) -> Step {
        if !(200..300).contains(&reply.status) {
            return failed(&ProbeError(
                "PROBE_REFUSED",
                format!("the receiver answered {}", reply.status),
            ));
        }
        let count: u64 = std::str::from_utf8(&state)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        done(Vec::new(), (count + 1).to_string().into_bytes())
    }
}

fn line(code: String) -> DocumentLine {
    DocumentLine {
        code: Some(code),
        sscc: None,
        price_tiyn: None,
        attributes: Vec::new(),
    }
}

tanba_adapter_sdk::export!(Probe);
