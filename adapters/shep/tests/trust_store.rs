//! The national CA job: the real test PKI's certificates (DER and PEM) and CRL, fetched one per
//! step, become trust-store updates in DER (G1).

mod support;

use support::*;
use tanba_adapter_sdk::{AfterFailure, Command, Guest, Method, Reply, Signing, Step, TrustUpdate};
use tanba_adapter_shep::Shep;
use tanba_adapter_shep::nca;

fn file_reply(status: u16, name: &str) -> Reply {
    Reply {
        status,
        content_type: "application/pkix-cert".into(),
        body: data(&format!("nca/{name}")),
    }
}

fn update(commands: &[Command]) -> &TrustUpdate {
    match commands {
        [Command::UpdateTrustStore(update)] => update,
        other => panic!("expected one trust update, got {other:?}"),
    }
}

#[test]
fn certificates_then_crls_are_fetched_and_handed_over_as_der() {
    let first = expect_send(Shep::start_job(nca::JOB.into(), context(), Vec::new()));
    assert_eq!(first.message.endpoint, "nca-certificates");
    assert_eq!(first.message.path, "root_test_gost_2022.cer");
    assert_eq!(first.message.method, Method::Get);
    assert_eq!(first.message.signing, Signing::None);

    let second = expect_send(Shep::on_reply(
        first.state,
        file_reply(200, "root_test_gost_2022.cer"),
        context(),
    ));
    assert_eq!(second.message.path, "nca_rsa_test.crt");
    let root = update(&second.commands);
    assert_eq!(root.source, "nca-rk");
    assert_eq!(root.certificates, [data("nca/root_test_gost_2022.cer")]);
    assert!(root.crls.is_empty());

    let third = expect_send(Shep::on_reply(
        second.state,
        file_reply(200, "nca_rsa_test.crt"),
        context(),
    ));
    assert_eq!(third.message.endpoint, "nca-crls");
    assert_eq!(third.message.path, "nca_gost2015_test_2026.crl");
    // The PEM file arrives as the DER that openssl makes of it.
    assert_eq!(
        update(&third.commands).certificates,
        [data("nca/nca_rsa_test.expected.der")]
    );

    let last = Shep::on_reply(
        third.state,
        file_reply(200, "nca_gost2015_test_2026.crl"),
        context(),
    );
    let Step::Done(done) = last else {
        panic!("expected done, got {last:?}")
    };
    assert_eq!(
        update(&done.commands).crls,
        [data("nca/nca_gost2015_test_2026.crl")]
    );
}

#[test]
fn a_file_that_is_not_a_certificate_and_a_missing_file_are_named() {
    let first = expect_send(Shep::start_job(nca::JOB.into(), context(), Vec::new()));
    let html = Reply {
        status: 200,
        content_type: "text/html".into(),
        body: b"0 errors <html>not found</html>".to_vec(),
    };
    let failure = expect_failed(Shep::on_reply(first.state.clone(), html, context()));
    assert_eq!(failure.code, "NCA_FILE_UNREADABLE");
    assert!(failure.reason.ru.contains("root_test_gost_2022.cer"));

    let missing = expect_failed(Shep::on_reply(
        first.state.clone(),
        file_reply(404, "nca_rsa_test.crt"),
        context(),
    ));
    assert_eq!(
        (missing.code.as_str(), missing.after),
        ("SHEP_HTTP_STATUS", AfterFailure::GiveUp)
    );
    let down = expect_failed(Shep::on_reply(
        first.state,
        file_reply(503, "nca_rsa_test.crt"),
        context(),
    ));
    assert_eq!(down.after, AfterFailure::RetryLater);
}

#[test]
fn file_names_that_leave_the_endpoint_are_refused() {
    let mut context = context();
    for (k, v) in &mut context.settings {
        if k == "nca-crl-files" {
            *v = "../secrets.crl".into();
        }
    }
    let failure = expect_failed(Shep::start_job(nca::JOB.into(), context, Vec::new()));
    assert_eq!(failure.code, "ADAPTER_SETTING_INVALID");
}
