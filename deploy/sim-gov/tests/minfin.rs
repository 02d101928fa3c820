//! The Ministry simulator answers as the published ESF WSDLs define (every answer validated),
//! and the Ministry adapter's whole exchange runs against it, also through its failures.

mod support;

use support::*;
use tanba_adapter_minfin::Minfin;
use tanba_adapter_sdk::soap::SOAP11_ENVELOPE;
use tanba_adapter_sdk::{AfterFailure, AppliedDocument, Context, Event, Guest, Step};
use tanba_sim_gov::{Mode, minfin};
use tanba_xsd_check::Schema;

fn context() -> Context {
    let settings = [
        ("tin", "991240001234"),
        ("x509-certificate", "MIIBkTCCATegAwIBAgIUTEST"),
        ("operator-fullname", "Tanba"),
        ("auth-mode", "certificate"),
    ];
    Context {
        now_unix_seconds: 1_795_564_800,
        settings: settings
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
    }
}

fn shipment(id: &str) -> AppliedDocument {
    AppliedDocument {
        kind: "shipment".into(),
        id: id.into(),
        sender: "000740001307".into(),
        receiver: Some("180240012345".into()),
        codes: vec!["0104600439931256215Lk8a\u{1d}93dGVz".into()],
        fields: Vec::new(),
        applied_unix_seconds: 1_795_568_400,
    }
}

async fn run(sim: &tanba_sim_gov::Sim<minfin::Esf>, id: &str) -> Outcome {
    let first = Minfin::on_event(Event::DocumentApplied(shipment(id)), context(), Vec::new());
    let url = |endpoint: &str| match endpoint {
        "esf-session" => sim.url(minfin::SESSION_PATH),
        "esf-upload" => sim.url(minfin::UPLOAD_PATH),
        other => panic!("no endpoint {other}"),
    };
    drive(first, url, |state, reply| {
        Minfin::on_reply(state, reply, context())
    })
    .await
}

fn validate_answers(answers: &[(String, Vec<u8>)]) {
    let session =
        Schema::load_from_wsdl(&schemas().join("esf/SessionService.wsdl")).expect("session");
    let upload =
        Schema::load_from_wsdl(&schemas().join("esf/UploadInvoiceService.wsdl")).expect("upload");
    for (element, body) in answers {
        let schema = if element.starts_with("sync") {
            &upload
        } else {
            &session
        };
        assert_eq!(
            schema.validate(body, &[(SOAP11_ENVELOPE, "Body"), ("esf", element)]),
            Ok(()),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[tokio::test]
async fn the_adapter_uploads_a_shipment_through_the_simulator() {
    let sim = minfin::start().await.expect("simulator");
    let outcome = run(&sim, "7d3f2c1a-5b6e-4f70-8a91-0c2d3e4f5a6b").await;
    assert!(matches!(outcome.last, Step::Done(_)), "{:?}", outcome.last);
    assert_eq!(outcome.sent, 3);
    let uploads = sim.with(|esf| esf.uploads.clone());
    assert_eq!(uploads.len(), 1);
    assert!(
        uploads[0]
            .invoice_body
            .contains("<catalogTruId>04600439931256</catalogTruId>")
    );
    assert!(
        sim.with(|esf| esf.sessions.is_empty()),
        "the session was closed"
    );
    let received = sim.received();
    let keys: Vec<_> = received
        .iter()
        .map(|r| r.idempotency_key.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        keys,
        ["session-0", "upload-0", "close-0"]
            .map(|s| format!("esf-7d3f2c1a-5b6e-4f70-8a91-0c2d3e4f5a6b-{s}"))
    );
}

#[tokio::test]
async fn the_simulators_answers_validate_against_the_wsdls() {
    let sim = minfin::start().await.expect("simulator");
    let client = reqwest::Client::new();
    let post = |path: &'static str, body: String| {
        let request = client.post(sim.url(path)).body(body);
        async move {
            request
                .send()
                .await
                .expect("answer")
                .bytes()
                .await
                .expect("body")
                .to_vec()
        }
    };
    let envelope = |inner: &str| {
        format!("<s:Envelope xmlns:s=\"{SOAP11_ENVELOPE}\"><s:Body>{inner}</s:Body></s:Envelope>")
    };
    let created = post(minfin::SESSION_PATH, envelope("<esf:createSessionRequest xmlns:esf=\"esf\"><tin>991240001234</tin><x509Certificate>x</x509Certificate></esf:createSessionRequest>")).await;
    let session = sim.with(|esf| esf.sessions[0].clone());
    let uploaded = post(minfin::UPLOAD_PATH, envelope(&format!("<esf:syncInvoiceRequest xmlns:esf=\"esf\"><sessionId>{session}</sessionId><invoiceUploadInfoList><invoiceUploadInfo><invoiceBody>&lt;v2:invoice&gt;&lt;date&gt;25.11.2026&lt;/date&gt;&lt;num&gt;12&lt;/num&gt;&lt;/v2:invoice&gt;</invoiceBody><version>InvoiceV2</version><signature/><signatureType>OPERATOR</signatureType></invoiceUploadInfo></invoiceUploadInfoList><x509Certificate>x</x509Certificate></esf:syncInvoiceRequest>"))).await;
    sim.with(|esf| esf.decline_next = Some("Покупатель не найден".into()));
    let declined = post(minfin::UPLOAD_PATH, envelope(&format!("<esf:syncInvoiceRequest xmlns:esf=\"esf\"><sessionId>{session}</sessionId><invoiceUploadInfoList/><x509Certificate>x</x509Certificate></esf:syncInvoiceRequest>"))).await;
    let closed = post(minfin::SESSION_PATH, envelope(&format!("<esf:closeSessionRequest xmlns:esf=\"esf\"><sessionId>{session}</sessionId></esf:closeSessionRequest>"))).await;
    validate_answers(&[
        ("createSessionResponse".into(), created),
        ("syncInvoiceResponse".into(), uploaded),
        ("syncInvoiceResponse".into(), declined),
        ("closeSessionResponse".into(), closed),
    ]);
}

#[tokio::test]
async fn failures_are_classified_and_a_closed_session_reopens() {
    let sim = minfin::start().await.expect("simulator");
    sim.with(|esf| esf.close_next_session = true);
    let outcome = run(&sim, "00000000-0000-4000-8000-000000000001").await;
    assert!(matches!(outcome.last, Step::Done(_)), "{:?}", outcome.last);
    assert_eq!(
        outcome.sent, 5,
        "session, upload (closed), session, upload, close"
    );

    sim.with(|esf| esf.decline_next = Some("Покупатель не найден".into()));
    let outcome = run(&sim, "00000000-0000-4000-8000-000000000002").await;
    let Step::Failed(f) = outcome.last else {
        panic!("declined")
    };
    assert_eq!(
        (f.code.as_str(), f.after),
        ("ESF_UPLOAD_DECLINED", AfterFailure::GiveUp)
    );
    assert!(f.reason.ru.contains("Покупатель не найден"));

    for (mode, code, after) in [
        (Mode::Fault, "ESF_FAULT", AfterFailure::RetryLater),
        (
            Mode::ServerError,
            "ESF_HTTP_STATUS",
            AfterFailure::RetryLater,
        ),
        (Mode::Malformed, "XML_MALFORMED", AfterFailure::GiveUp),
    ] {
        sim.set_mode(mode);
        let outcome = run(&sim, "00000000-0000-4000-8000-000000000003").await;
        let Step::Failed(f) = outcome.last else {
            panic!("{mode:?}")
        };
        assert_eq!((f.code.as_str(), f.after), (code, after), "{mode:?}");
    }
}

/// R5: the declaration the customs side sends is what the adapter turns into the hub's
/// `record-customs-declaration`, item by item.
#[test]
fn a_customs_declaration_from_the_customs_side_becomes_the_hub_command() {
    let goods = [
        minfin::DeclaredGoods {
            tnved: "2402209000",
            gtin: "04600439931256",
            quantity: 100,
            country_of_origin: "CN",
        },
        minfin::DeclaredGoods {
            tnved: "2402209000",
            gtin: "04870000000012",
            quantity: 5,
            country_of_origin: "TR",
        },
    ];
    let xml =
        minfin::customs_declaration("50508/251126/0012345", "2026-11-25", "000740001307", &goods);
    let inbound = tanba_adapter_sdk::Inbound {
        content_type: "text/xml; charset=utf-8".into(),
        headers: vec![("SOAPAction".into(), "\"\"".into())],
        body: xml.into_bytes(),
    };
    let commands = Minfin::on_inbound("customs-declarations".into(), inbound, context())
        .expect("the adapter takes it");
    let [tanba_adapter_sdk::Command::RecordCustomsDeclaration(d)] = commands.as_slice() else {
        panic!("one declaration: {commands:?}");
    };
    assert_eq!(d.number, "50508/251126/0012345");
    assert_eq!((d.date.year, d.date.month, d.date.day), (2026, 11, 25));
    assert_eq!(d.declarant, "000740001307");
    let items: Vec<_> = d
        .goods_items
        .iter()
        .map(|i| {
            (
                i.number,
                i.gtin.as_str(),
                i.quantity,
                i.country_of_origin.as_str(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (1, "04600439931256", 100, "CN"),
            (2, "04870000000012", 5, "TR")
        ]
    );
}
