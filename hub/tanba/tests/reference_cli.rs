//! `tanba reference import` (R20): a dry run prints the diff and changes nothing, the import
//! applies it, the same file again changes nothing, and a wrong row is named by file, line and
//! field with a failing exit code.

use std::path::Path;

mod support;

use support::{tanba, text};
use tanba_testkit::{TestDb, open_tempdir};

#[tokio::test]
async fn a_dry_run_then_the_import_then_nothing_and_wrong_rows_are_named() {
    let db = TestDb::migrated().await;
    let dir = open_tempdir();
    let kato = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/demo/reference/kato.csv");
    let kato = kato.to_str().expect("utf-8");
    let dry = tanba(
        &db.url(),
        dir.path(),
        &["reference", "import", "kato", kato, "--dry-run"],
    );
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    let out = text(&dry.stdout);
    assert!(out.contains("+ 710000000 2019-03-23..2022-09-17"), "{out}");
    assert!(
        out.contains("kato (dry run, nothing changed): 23 would be added"),
        "{out}"
    );
    let entries = db
        .pool()
        .reference_versions("kato")
        .await
        .expect("versions");
    assert!(entries.is_empty(), "the dry run wrote nothing");

    let real = tanba(
        &db.url(),
        dir.path(),
        &["reference", "import", "kato", kato],
    );
    assert!(real.status.success(), "{}", text(&real.stderr));
    assert!(
        text(&real.stdout).contains("kato: 23 added, 0 changed, 0 closed, 0 unchanged"),
        "{}",
        text(&real.stdout)
    );
    assert_eq!(
        db.pool()
            .reference_versions("kato")
            .await
            .expect("versions")
            .len(),
        23
    );
    let again = tanba(
        &db.url(),
        dir.path(),
        &["reference", "import", "kato", kato],
    );
    assert!(
        text(&again.stdout).contains("kato: 0 added, 0 changed, 0 closed, 23 unchanged"),
        "{}",
        text(&again.stdout)
    );

    let bad = dir.path().join("units.csv");
    std::fs::write(
        &bad,
        "code,valid_from,name_kk,name_ru,name_en\n796,2000-01-01,Дана,Штука,Piece\n7960,2000-01-01,Дана,Штука,\n",
    )
    .expect("written");
    let bad = bad.to_str().expect("utf-8");
    let refused = tanba(&db.url(), dir.path(), &["reference", "import", "unit", bad]);
    assert!(!refused.status.success());
    let err = text(&refused.stderr);
    assert!(
        err.contains("units.csv, line 3, field code: «7960»"),
        "{err}"
    );
    assert!(
        err.contains("units.csv, line 3, field name_en: the value is missing"),
        "{err}"
    );
    assert!(
        err.contains("has 2 wrong rows or columns; nothing was imported"),
        "{err}"
    );
    assert!(
        db.pool()
            .reference_versions("unit")
            .await
            .expect("versions")
            .is_empty()
    );
}
