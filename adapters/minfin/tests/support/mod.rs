//! What the adapter's tests share: contexts, an applied document, recorded replies, the real
//! ESF schemas, and views of steps.
#![allow(dead_code)] // Each test file uses its own part.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tanba_adapter_sdk::soap::SOAP11_ENVELOPE;
use tanba_adapter_sdk::{AppliedDocument, Context, Failure, Reply, Send, Step};
use tanba_xsd_check::Schema;

/// 2026-11-25T00:00:00Z.
pub const NOW: i64 = 1_795_564_800;
pub const HUB_BIN: &str = "991240001234";

pub fn context() -> Context {
    let settings = [
        ("tin", HUB_BIN),
        ("x509-certificate", "MIIBkTCCATegAwIBAgIUTEST"),
        ("operator-fullname", "Tanba"),
        ("auth-mode", "certificate"),
    ];
    Context {
        now_unix_seconds: NOW,
        settings: settings
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

pub fn shipment() -> AppliedDocument {
    AppliedDocument {
        kind: "shipment".into(),
        id: "7d3f2c1a-5b6e-4f70-8a91-0c2d3e4f5a6b".into(),
        sender: "000740001307".into(),
        receiver: Some("180240012345".into()),
        codes: vec![
            "0104600439931256215Lk8a\u{1d}93dGVz".into(),
            "0104600439931256215Lk8b".into(),
            "0104870000000001215x&<y".into(),
        ],
        fields: vec![("receiver".into(), "180240012345".into())],
        applied_unix_seconds: NOW + 3_600,
    }
}

pub fn data(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn reply(status: u16, name: &str) -> Reply {
    Reply {
        status,
        content_type: "text/xml; charset=utf-8".into(),
        body: data(name),
    }
}

pub fn expect_send(step: Step) -> Send {
    match step {
        Step::Send(send) => send,
        other => panic!("expected a send step, got {other:?}"),
    }
}

pub fn expect_failed(step: Step) -> Failure {
    match step {
        Step::Failed(failure) => failure,
        other => panic!("expected a failure, got {other:?}"),
    }
}

pub fn esf_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/formats/schemas/esf")
}

/// The schema embedded in SessionService.wsdl.
pub fn session_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(|| {
        Schema::load_from_wsdl(&esf_dir().join("SessionService.wsdl")).expect("SessionService")
    })
}

/// The schema embedded in UploadInvoiceService.wsdl.
pub fn upload_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(|| {
        Schema::load_from_wsdl(&esf_dir().join("UploadInvoiceService.wsdl"))
            .expect("UploadInvoiceService")
    })
}

/// InvoiceV2.xsd with the abstract base it extends (`InvoiceV1.xsd`, namespace
/// `abstractInvoice.esf`), imported by a driver schema of nothing but the two imports (the
/// real files import each other's namespace without a location).
pub fn invoice_schema() -> &'static Schema {
    static S: OnceLock<Schema> = OnceLock::new();
    S.get_or_init(|| {
        let dir = esf_dir()
            .join("xsd/Invoice")
            .canonicalize()
            .expect("schemas beside the repo");
        let driver = format!(
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\
             <xs:import namespace=\"abstractInvoice.esf\" schemaLocation=\"{}\"/>\
             <xs:import namespace=\"v2.esf\" schemaLocation=\"{}\"/></xs:schema>",
            dir.join("InvoiceV1.xsd").display(),
            dir.join("InvoiceV2.xsd").display()
        );
        let tmp = std::env::temp_dir().join(format!("tanba-esf-invoice-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).expect("temp dir");
        let path = tmp.join("invoice.xsd");
        std::fs::write(&path, driver).expect("driver");
        Schema::load(&path).expect("InvoiceV2 compiles")
    })
}

/// Validates the `esf:<element>` in the Body of `envelope` against `schema`.
pub fn assert_valid_in_body(schema: &Schema, envelope: &[u8], element: &str) {
    let result = schema.validate(envelope, &[(SOAP11_ENVELOPE, "Body"), ("esf", element)]);
    assert_eq!(
        result,
        Ok(()),
        "{element} does not validate:\n{}",
        String::from_utf8_lossy(envelope)
    );
}
