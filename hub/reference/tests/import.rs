//! Reference data against the real PostgreSQL (R20): versions answer "as of" a day, a dry run
//! changes nothing and reports the diff, a wrong row refuses the whole file by line, search
//! finds codes by prefix and entries by name in each language, only the operator imports (a
//! refusal is audited), rule sets get the TN VED codes of their group in force that day, and
//! every demo file imports cleanly.

use std::path::Path;

use tanba_domain::{ParticipantStatus, Role};
use tanba_reference::{Reference, ReferenceError, SearchQuery, parse_day};
use tanba_registry::Caller;
use tanba_testkit::TestDb;

const HEADER: &str = "code,parent,valid_from,valid_to,name_kk,name_ru,name_en,product_groups\n";

const FOOTWEAR_2017: &str = "64,,2017-01-01,,Аяқ киім,Обувь,Footwear,\n\
    6403,64,2017-01-01,,Былғары аяқ киім,Обувь кожаная,Leather footwear,footwear\n";

fn file(rows: &str) -> Vec<u8> {
    format!("{HEADER}{rows}").into_bytes()
}

async fn reference() -> (TestDb, Reference) {
    let db = TestDb::migrated().await;
    let reference = Reference::new(db.pool());
    (db, reference)
}

fn operator() -> Caller {
    Caller::console()
}

async fn name_on(reference: &Reference, code: &str, day: &str) -> Option<String> {
    reference
        .entry("tn-ved", code, Some(day))
        .await
        .ok()
        .and_then(|e| e.names.en)
}

#[tokio::test]
async fn a_name_that_changes_on_1_january_is_known_before_and_applies_from_then() {
    let (_db, reference) = reference().await;
    reference
        .import(&operator(), "tn-ved", "v1.csv", &file(FOOTWEAR_2017), false)
        .await
        .expect("the first edition imports");
    let next = format!(
        "{FOOTWEAR_2017}6403,64,2027-01-01,,Табиғи былғарыдан жасалған аяқ киім,\
         Обувь из натуральной кожи,Footwear with uppers of leather,footwear\n"
    );
    let report = reference
        .import(&operator(), "tn-ved", "v2.csv", &file(&next), false)
        .await
        .expect("the next edition imports in advance");
    assert_eq!(report.added.len(), 1);
    assert_eq!(report.closed.len(), 1);
    assert_eq!(report.closed[0].valid_to.as_deref(), Some("2027-01-01"));
    assert_eq!(report.closed[0].code, "6403");
    assert_eq!(report.unchanged, 1);
    assert_eq!(
        name_on(&reference, "6403", "2026-12-31").await.as_deref(),
        Some("Leather footwear")
    );
    assert_eq!(
        name_on(&reference, "6403", "2027-01-01").await.as_deref(),
        Some("Footwear with uppers of leather")
    );
    let before = reference
        .search(
            "tn-ved",
            SearchQuery {
                q: Some("leather footwear".into()),
                as_of: Some("2026-12-31".into()),
                ..SearchQuery::default()
            },
        )
        .await
        .expect("a search");
    assert_eq!(before.items.len(), 1, "{:?}", before.items);
    let again = reference
        .import(&operator(), "tn-ved", "v2.csv", &file(&next), false)
        .await
        .expect("the same file again");
    assert!(again.is_empty(), "{again:?}");
}

#[tokio::test]
async fn a_dry_run_reports_the_diff_and_changes_nothing() {
    let (db, reference) = reference().await;
    reference
        .import(&operator(), "tn-ved", "v1.csv", &file(FOOTWEAR_2017), false)
        .await
        .expect("imports");
    let audit_before = db.pool().audit_verify().await.expect("audit").1;
    let changed = "64,,2017-01-01,,Аяқ киім,Обувь,Footwear and the like,\n\
        6403,64,2017-01-01,2026-01-01,Былғары аяқ киім,Обувь кожаная,Leather footwear,footwear\n\
        6404,64,2017-01-01,,Тоқыма аяқ киім,Обувь текстильная,Textile footwear,footwear\n";
    let report = reference
        .import(&operator(), "tn-ved", "v2.csv", &file(changed), true)
        .await
        .expect("a dry run");
    assert!(report.dry_run);
    let codes = |list: &[tanba_reference::VersionChange]| -> Vec<String> {
        list.iter().map(|c| c.code.clone()).collect()
    };
    assert_eq!(codes(&report.added), ["6404"]);
    assert_eq!(codes(&report.changed), ["64"]);
    assert_eq!(report.changed[0].fields, ["names"]);
    assert_eq!(codes(&report.closed), ["6403"]);
    assert_eq!(
        name_on(&reference, "64", "2030-01-01").await.as_deref(),
        Some("Footwear")
    );
    assert!(name_on(&reference, "6404", "2030-01-01").await.is_none());
    assert!(name_on(&reference, "6403", "2030-01-01").await.is_some());
    assert_eq!(
        db.pool().audit_verify().await.expect("audit").1,
        audit_before,
        "a dry run is not an action to audit"
    );
    let real = reference
        .import(&operator(), "tn-ved", "v2.csv", &file(changed), false)
        .await
        .expect("the real import");
    assert!(!real.dry_run);
    assert_eq!(
        (real.added.len(), real.changed.len(), real.closed.len()),
        (1, 1, 1)
    );
    assert!(name_on(&reference, "6403", "2030-01-01").await.is_none());
    assert_eq!(
        db.pool().audit_verify().await.expect("audit"),
        (None, audit_before + 1),
        "the import is audited once"
    );
}

#[tokio::test]
async fn a_malformed_row_refuses_the_whole_file_and_names_its_line() {
    let (_db, reference) = reference().await;
    let rows = "64,,2017-01-01,,Аяқ киім,Обувь,Footwear,\n\
        6401,64,2017-01-01,,Су өткізбейтін,Водонепроницаемая,Waterproof,footwear\n\
        6402,64,2017-13-01,,Өзге,Прочая,Other,footwear\n";
    let err = reference
        .import(&operator(), "tn-ved", "bad.csv", &file(rows), false)
        .await
        .expect_err("refused");
    let ReferenceError::Rows { file, errors, more } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((file.as_str(), *more), ("bad.csv", 0));
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].line, errors[0].field.as_str(), errors[0].code),
        (4, "valid_from", "REFERENCE_DATE_INVALID")
    );
    assert_eq!(err.code(), "REFERENCE_FILE_INVALID");
    assert!(
        name_on(&reference, "64", "2020-01-01").await.is_none(),
        "nothing of the file was imported"
    );
}

#[tokio::test]
async fn search_finds_codes_by_prefix_and_entries_by_name_in_each_language() {
    let (_db, reference) = reference().await;
    let countries = "code,valid_from,name_kk,name_ru,name_en,alpha3,numeric\n\
        KZ,2000-01-01,Қазақстан,Казахстан,Kazakhstan,KAZ,398\n\
        KG,2000-01-01,Қырғызстан,Киргизия,Kyrgyzstan,KGZ,417\n\
        RU,2000-01-01,Ресей,Россия,Russian Federation,RUS,643\n";
    reference
        .import(&operator(), "country", "c.csv", countries.as_bytes(), false)
        .await
        .expect("imports");
    let find = |q: &str| {
        let reference = reference.clone();
        let q = q.to_owned();
        async move {
            reference
                .search(
                    "country",
                    SearchQuery {
                        q: Some(q),
                        ..SearchQuery::default()
                    },
                )
                .await
                .expect("a search")
                .items
                .into_iter()
                .map(|e| e.code)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find("Қазақ").await, ["KZ"]);
    assert_eq!(find("КАЗАХ").await, ["KZ"]);
    assert_eq!(find("kazakh").await, ["KZ"]);
    assert_eq!(find("k").await, ["KG", "KZ"], "a code prefix, case aside");
    assert_eq!(find("стан").await, ["KG", "KZ"]);
    assert_eq!(
        find("%").await,
        Vec::<String>::new(),
        "wildcards are literal"
    );
    reference
        .import(&operator(), "tn-ved", "t.csv", &file(FOOTWEAR_2017), false)
        .await
        .expect("imports");
    let page = reference
        .search(
            "tn-ved",
            SearchQuery {
                q: Some("64".into()),
                limit: Some(1),
                ..SearchQuery::default()
            },
        )
        .await
        .expect("a search");
    assert_eq!(page.items[0].code, "64");
    let next = reference
        .search(
            "tn-ved",
            SearchQuery {
                q: Some("64".into()),
                cursor: page.next_cursor,
                ..SearchQuery::default()
            },
        )
        .await
        .expect("the next page");
    assert_eq!(next.items[0].code, "6403");
    assert_eq!(next.items[0].parent.as_deref(), Some("64"));
    let children = reference
        .search(
            "tn-ved",
            SearchQuery {
                parent: Some("64".into()),
                ..SearchQuery::default()
            },
        )
        .await
        .expect("children");
    assert_eq!(children.items.len(), 1);
}

#[tokio::test]
async fn only_the_operator_imports_and_a_refusal_is_audited() {
    let (db, reference) = reference().await;
    let maker = Caller {
        id: "200540000009".into(),
        roles: vec![Role::Manufacturer],
        product_groups: vec!["footwear".into()],
        status: ParticipantStatus::Active,
        iin: None,
        client_ip: None,
        read_only: false,
    };
    let err = reference
        .import(&maker, "tn-ved", "t.csv", &file(FOOTWEAR_2017), true)
        .await
        .expect_err("refused");
    assert_eq!(err.code(), "OPERATOR_ONLY");
    let rows = db
        .pool()
        .audit_search(&tanba_store::AuditFilter::default(), 10)
        .await
        .expect("the audit log");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (
            rows[0].entry.action.as_str(),
            rows[0].entry.outcome.as_str()
        ),
        ("reference.import", "refused")
    );
    let err = reference
        .import(&operator(), "tnved", "t.csv", &file(FOOTWEAR_2017), true)
        .await
        .expect_err("no such classifier");
    assert_eq!(err.code(), "REFERENCE_CLASSIFIER_UNKNOWN");
}

#[tokio::test]
async fn rule_sets_get_their_groups_tn_ved_codes_in_force_on_the_documents_day() {
    let (_db, reference) = reference().await;
    let tobacco = "24,,2017-01-01,,Темекі,Табак,Tobacco,\n\
        2402,24,2017-01-01,,Сигареттер,Сигареты,Cigarettes,tobacco\n\
        2404,24,2022-01-01,,Жандырмай,Без горения,Without combustion,tobacco\n\
        6403,64,2017-01-01,,Аяқ киім,Обувь,Footwear,footwear light-industry\n";
    let err = reference
        .import(&operator(), "tn-ved", "t.csv", &file(tobacco), false)
        .await
        .expect_err("6403 without its chapter");
    assert_eq!(
        (err.rows()[0].line, err.rows()[0].code),
        (5, "REFERENCE_PARENT_UNKNOWN")
    );
    let tobacco = format!("{tobacco}64,,2017-01-01,,Аяқ киім,Обувь,Footwear,\n");
    reference
        .import(&operator(), "tn-ved", "t.csv", &file(&tobacco), false)
        .await
        .expect("imports");
    let day = |d| parse_day(d).expect("a day");
    let lists = reference
        .rule_lists("tobacco", day("2021-12-31"))
        .await
        .expect("lists");
    assert_eq!(
        lists,
        [("tn-ved-allowed".to_owned(), vec!["2402".to_owned()])]
    );
    let lists = reference
        .rule_lists("tobacco", day("2022-01-01"))
        .await
        .expect("lists");
    assert_eq!(lists[0].1, ["2402", "2404"]);
    let lists = reference
        .rule_lists("light-industry", day("2022-01-01"))
        .await
        .expect("lists");
    assert_eq!(lists[0].1, ["6403"]);
    assert!(
        reference
            .rule_lists("dairy", day("2022-01-01"))
            .await
            .expect("lists")
            .is_empty(),
        "no list rather than an empty one: the rule set then says the data is missing"
    );
}

#[tokio::test]
async fn every_demo_file_imports_cleanly_and_again_changes_nothing() {
    let (_db, reference) = reference().await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/demo/reference");
    let mut seen = Vec::new();
    for classifier in tanba_reference::Classifier::ALL {
        let path = dir.join(format!("{}.csv", classifier.as_str()));
        let bytes = std::fs::read(&path).expect("every classifier has a demo file");
        let name = path.display().to_string();
        let first = reference
            .import(&operator(), classifier.as_str(), &name, &bytes, false)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(!first.added.is_empty(), "{name}");
        let again = reference
            .import(&operator(), classifier.as_str(), &name, &bytes, false)
            .await
            .expect("again");
        assert!(again.is_empty(), "{name}: {again:?}");
        seen.push(classifier.as_str());
    }
    let counts = reference
        .classifiers(Some("2026-01-01"))
        .await
        .expect("counts");
    let count = |id: &str| {
        counts
            .iter()
            .find(|c| c.classifier.as_str() == id)
            .map(|c| c.entries)
    };
    assert_eq!(count("country"), Some(249));
    assert_eq!(count("kato"), Some(20), "17 regions and 3 cities in 2026");
    let capital = reference
        .entry("kato", "710000000", Some("2020-06-01"))
        .await
        .expect("the capital in 2020");
    assert_eq!(capital.names.en.as_deref(), Some("Nur-Sultan city"));
    assert_eq!(seen.len(), tanba_reference::Classifier::ALL.len());
}

/// The XML form of two TN VED versions (R20: XML where the source publishes XML).
const FOOTWEAR_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<classifier id="tn-ved">
  <entry code="64" valid_from="2017-01-01">
    <name lang="kk">Аяқ киім</name><name lang="ru">Обувь</name><name lang="en">Footwear</name>
  </entry>
  <entry code="6403" parent="64" valid_from="2017-01-01">
    <name lang="kk">Былғары аяқ киім</name><name lang="ru">Обувь кожаная</name>
    <name lang="en">Leather footwear</name>
    <attribute name="product_groups">footwear</attribute>
  </entry>
</classifier>
"#;

#[tokio::test]
async fn an_xml_file_dry_runs_and_imports_like_the_same_csv() {
    let (_db, reference) = reference().await;
    let dry = reference
        .import(
            &operator(),
            "tn-ved",
            "tn-ved.xml",
            FOOTWEAR_XML.as_bytes(),
            true,
        )
        .await
        .expect("the XML file is read");
    assert!(dry.dry_run);
    assert_eq!(dry.added.len(), 2, "{dry:?}");
    assert_eq!(
        name_on(&reference, "6403", "2026-01-01").await,
        None,
        "a dry run changes nothing"
    );
    let real = reference
        .import(
            &operator(),
            "tn-ved",
            "tn-ved.xml",
            FOOTWEAR_XML.as_bytes(),
            false,
        )
        .await
        .expect("imported");
    assert_eq!(real.added.len(), 2);
    assert_eq!(
        name_on(&reference, "6403", "2026-01-01").await.as_deref(),
        Some("Leather footwear")
    );
    let same = reference
        .import(&operator(), "tn-ved", "v1.csv", &file(FOOTWEAR_2017), true)
        .await
        .expect("the CSV reads");
    assert_eq!(
        (same.added.len(), same.changed.len(), same.unchanged),
        (0, 0, 2),
        "the CSV of the same versions changes nothing: both formats read alike"
    );
    let wrong = FOOTWEAR_XML.replace(
        r#"valid_from="2017-01-01">
    <name lang="kk">Былғары"#,
        r#"valid_from="2017-02-30">
    <name lang="kk">Былғары"#,
    );
    let refused = reference
        .import(&operator(), "tn-ved", "tn-ved.xml", wrong.as_bytes(), true)
        .await
        .expect_err("a wrong day is refused");
    let rows: Vec<_> = refused
        .rows()
        .iter()
        .map(|r| (r.line, r.field.as_str()))
        .collect();
    assert_eq!(
        rows,
        [(6, "valid_from")],
        "named by the entry's line and field"
    );
}
