//! The demo reference data (R20) against the code's own vocabularies, so the two cannot drift:
//! document kinds are the kinds `DocumentForm` accepts, and code statuses, introduction routes,
//! write-off and withdrawal reasons are the domain's, each exactly (none missing, none extra).

use std::collections::BTreeSet;
use std::path::Path;

use tanba_documents::DocumentForm;
use tanba_domain::{IntroductionRoute, Status, WithdrawalReason, WriteOffReason};
use tanba_reference::{Classifier, read_entries};

fn codes_in_demo(classifier: Classifier) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../deploy/demo/reference")
        .join(format!("{}.csv", classifier.as_str()));
    let bytes = std::fs::read(&path).expect("the demo file exists");
    read_entries(classifier, &path.display().to_string(), &bytes)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
        .into_iter()
        .map(|e| e.code)
        .collect()
}

fn set<'a>(codes: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    codes.into_iter().map(str::to_owned).collect()
}

/// The kinds the form accepts, as serde lists them when refusing an unknown one.
fn document_kinds() -> BTreeSet<String> {
    let err = serde_json::from_value::<DocumentForm>(serde_json::json!({ "kind": "no-such" }))
        .expect_err("an unknown kind is refused")
        .to_string();
    let expected = err
        .split("expected one of ")
        .nth(1)
        .unwrap_or_else(|| panic!("serde lists the kinds: {err}"));
    let kinds: BTreeSet<String> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    assert!(kinds.contains("shipment"), "{err}");
    kinds
}

#[test]
fn document_kinds_are_the_forms_kinds() {
    assert_eq!(codes_in_demo(Classifier::DocumentKind), document_kinds());
}

#[test]
fn statuses_routes_and_reasons_are_the_domains() {
    assert_eq!(
        codes_in_demo(Classifier::CodeStatus),
        set(Status::ALL.iter().map(|s| s.as_str()))
    );
    assert_eq!(
        codes_in_demo(Classifier::IntroductionRoute),
        set(IntroductionRoute::ALL.iter().map(|r| r.as_str()))
    );
    assert_eq!(
        codes_in_demo(Classifier::WriteOffReason),
        set(WriteOffReason::ALL.iter().map(|r| r.as_str()))
    );
    assert_eq!(
        codes_in_demo(Classifier::WithdrawalReason),
        set(WithdrawalReason::ALL.iter().map(|r| r.as_str()))
    );
}
