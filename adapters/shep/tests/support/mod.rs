//! What the adapter's tests share: contexts, recorded replies, the real SHEP schema, and views
//! of steps.
#![allow(dead_code)] // Each test file uses its own part.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tanba_adapter_sdk::soap::SOAP11_ENVELOPE;
use tanba_adapter_sdk::{Command, Context, Failure, Reply, Send, Step};
use tanba_adapter_shep::sync::SYNC_TYPES;
use tanba_xsd_check::Schema;

/// 2026-11-25T00:00:00Z.
pub const NOW: i64 = 1_795_564_800;

pub fn context() -> Context {
    let settings = [
        ("sender-id", "TANBA"),
        ("entrepreneurs-service-id", "GBDUL_IP_REGISTER"),
        ("entrepreneurs-page-size", "2"),
        (
            "nca-certificate-files",
            "root_test_gost_2022.cer,nca_rsa_test.crt",
        ),
        ("nca-crl-files", "nca_gost2015_test_2026.crl"),
    ];
    Context {
        now_unix_seconds: NOW,
        settings: settings
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

pub fn data(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A recorded reply with its HTTP status.
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

/// The IINs of the participant upserts among `commands`, in order.
pub fn upserted(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .map(|c| match c {
            Command::UpsertParticipant(p) => p.iin_bin.clone(),
            other => panic!("expected a participant upsert, got {other:?}"),
        })
        .collect()
}

/// The real SyncChannel WSDL and the schema it imports (`shared/formats/schemas/shep`).
pub fn shep_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/formats/schemas/shep")
}

pub fn wsdl_path() -> PathBuf {
    shep_dir().join("SyncChannel/v10/Interfaces/ISyncChannel.wsdl")
}

/// The schema of `SendMessage`: the real files, with the one the WSDL's `xsd:import` names
/// among them.
///
/// libxml2 loads one schema document per namespace through `xsd:import` and skips later imports
/// of a namespace it has seen, while the SHEP schemas spread the `Types` and `common`
/// namespaces over several files, each imported on its own (Java validators merge them). So the
/// test assembles them: a driver schema per namespace that `xsd:include`s the real files, and
/// nothing of its own.
pub fn sync_schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let wsdl = tanba_adapter_sdk::xml::parse(&std::fs::read(wsdl_path()).expect("WSDL"))
            .expect("the WSDL parses");
        let location = wsdl
            .descendant(&[
                (Some(WSDL), "types"),
                (Some(XSD), "schema"),
                (Some(XSD), "import"),
            ])
            .and_then(|i| i.attribute(None, "schemaLocation"))
            .expect("the WSDL imports its types");
        let imported = wsdl_path().parent().expect("dir").join(location);
        let driver = write_drivers(&imported);
        Schema::load(&driver).unwrap_or_else(|e| panic!("{}: {e}", driver.display()))
    })
}

fn write_drivers(imported: &Path) -> PathBuf {
    let shep = shep_dir()
        .canonicalize()
        .expect("shared/formats/schemas/shep is beside the repo");
    let types = shep.join("SyncChannel/v10/Types");
    let dir = std::env::temp_dir().join(format!("tanba-shep-xsd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let include = |path: PathBuf| format!("<xsd:include schemaLocation=\"{}\"/>", path.display());
    let common: String = ["SenderInfo", "Property", "Guid", "StatusInfo", "ErrorInfo"]
        .iter()
        .map(|f| include(shep.join(format!("common/v10/Types/{f}.xsd"))))
        .collect();
    let common_path = dir.join("common.xsd");
    std::fs::write(
        &common_path,
        driver("http://bip.bee.kz/common/v10/Types", "", &common),
    )
    .expect("common driver");
    let sync: String = [
        types.join("SyncMessageInfo.xsd"),
        types.join("SyncMessageInfoResponse.xsd"),
        imported.canonicalize().expect("the imported schema exists"),
    ]
    .into_iter()
    .map(include)
    .collect();
    let import = format!(
        "<xsd:import namespace=\"http://bip.bee.kz/common/v10/Types\" schemaLocation=\"{}\"/>",
        common_path.display()
    );
    let sync_path = dir.join("sync.xsd");
    std::fs::write(&sync_path, driver(SYNC_TYPES, &import, &sync)).expect("sync driver");
    sync_path
}

fn driver(namespace: &str, imports: &str, includes: &str) -> String {
    format!(
        "<xsd:schema xmlns:xsd=\"{XSD}\" targetNamespace=\"{namespace}\">{imports}{includes}</xsd:schema>"
    )
}

pub const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// Validates the element in the Body of `envelope` against the real SHEP schema.
pub fn assert_valid_in_body(envelope: &[u8], element: &str) {
    let result = sync_schema().validate(
        envelope,
        &[(SOAP11_ENVELOPE, "Body"), (SYNC_TYPES, element)],
    );
    assert_eq!(
        result,
        Ok(()),
        "{} does not validate:\n{}",
        element,
        String::from_utf8_lossy(envelope)
    );
}
