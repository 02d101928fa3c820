//! The operator's registry console (issue 3): the demo file imports (twice, as an update), a
//! token made on the command line opens the API, keys rotate, and mistakes are named. An import
//! applies its entries in order and stops at the first refused one; entries are upserts, so the
//! fixed file is simply run again.

use std::path::Path;
use std::process::{Command, Output};

mod support;

use support::{tanba, text};
use tanba_testkit::{TestDb, open_tempdir, spawn_app_on, test_config};

fn stdout(output: &Output) -> String {
    text(&output.stdout)
}

fn stderr(output: &Output) -> String {
    text(&output.stderr)
}

#[tokio::test]
async fn the_demo_registry_imports_and_a_console_token_opens_the_api() {
    let db = TestDb::migrated().await;
    let dir = open_tempdir();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/demo/registry.toml");
    let demo = demo.to_str().expect("utf-8");
    for _ in 0..2 {
        let out = tanba(&db.url(), dir.path(), &["registry", "import", demo]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains("Imported 5 product groups, 6 participants and 4 products"),
            "{}",
            stdout(&out)
        );
    }
    let out = tanba(
        &db.url(),
        dir.path(),
        &["participant", "token", "200540000009"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let token = stdout(&out).trim().to_owned();
    assert!(token.starts_with("tanba_") && token.len() > 40, "{token}");

    let out = tanba(
        &db.url(),
        dir.path(),
        &["participant", "token", "999940000009"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("999940000009"), "{}", stderr(&out));
    let out = tanba(
        &db.url(),
        dir.path(),
        &["product-group", "rotate-key", "tobacco"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("tobacco"), "{}", stdout(&out));

    let mut config = test_config(&db.url());
    config.data_dir = dir.path().to_owned();
    let app = spawn_app_on(config).await;
    let me: serde_json::Value = app
        .http
        .get(format!("{}/api/v1/me", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(me["id"], "200540000009");
    assert_eq!(me["names"]["kk"], "«Дала Өнім» ЖШС");
    let (_, groups) = (
        (),
        app.http
            .get(format!("{}/api/v1/product-groups/tobacco", app.address))
            .bearer_auth(&token)
            .send()
            .await
            .expect("sent")
            .json::<serde_json::Value>()
            .await
            .expect("json"),
    );
    assert_eq!(
        groups["key_ids"].as_array().map(Vec::len),
        Some(2),
        "{groups}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_bad_import_file_is_named_and_can_be_rerun_once_fixed() {
    let db = TestDb::migrated().await;
    let dir = open_tempdir();
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[[participants]]\nid = \"990640000005\"\nroles = [\"wholesaler\"]\nnames = { kk = \"А\", ru = \"Б\" }\n\n[[participants]]\nid = \"990640000004\"\nroles = [\"wholesaler\"]\nnames = { kk = \"А\", ru = \"Б\" }\n",
    )
    .expect("write");
    let out = tanba(
        &db.url(),
        dir.path(),
        &["registry", "import", file.to_str().expect("utf-8")],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("990640000004"),
        "the bad BIN is named: {}",
        stderr(&out)
    );
    // Import is an upsert applied in order: fixing the entry and running it again completes it.
    let fixed = std::fs::read_to_string(&file)
        .expect("read")
        .replace("990640000004", "150840000008");
    std::fs::write(&file, fixed).expect("write");
    let out = tanba(
        &db.url(),
        dir.path(),
        &["registry", "import", file.to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let typo = dir.path().join("typo.toml");
    std::fs::write(&typo, "[[participant]]\nid = \"1\"\n").expect("write");
    let out = tanba(
        &db.url(),
        dir.path(),
        &["registry", "import", typo.to_str().expect("utf-8")],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("typo.toml"), "{}", stderr(&out));
}

#[tokio::test]
async fn audit_verify_finds_the_row_where_the_chain_breaks() {
    let db = TestDb::migrated().await;
    let dir = open_tempdir();
    let pool = db.pool();
    for action in ["one", "two", "three"] {
        let entry = tanba_store::AuditEntry {
            bin: Some("200540000009".into()),
            action: action.into(),
            outcome: "ok".into(),
            ..Default::default()
        };
        pool.audit_alone(&entry).await.expect("appended");
    }
    let out = tanba(&db.url(), dir.path(), &["audit", "verify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("3 rows"), "{}", stdout(&out));

    let client = pool.client().await.expect("a connection");
    let refused = client
        .execute("update audit_log set outcome = 'forged' where id = 2", &[])
        .await;
    assert!(refused.is_err(), "the log is append-only");
    client
        .batch_execute(
            "alter table audit_log disable trigger audit_log_append_only;
             update audit_log set outcome = 'forged' where action = 'two';
             alter table audit_log enable trigger audit_log_append_only;",
        )
        .await
        .expect("a superuser can still tamper");
    let out = tanba(&db.url(), dir.path(), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let row: i64 = client
        .query_one("select id from audit_log where action = 'two'", &[])
        .await
        .expect("row")
        .get(0);
    assert!(
        stderr(&out).contains(&format!("row {row}")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_console_keeps_the_private_cluster_up_while_it_works() {
    // Zero-config: no database URL, the cluster lives under --data-dir (a regression: the
    // console once let the cluster stop before using the database).
    let dir = open_tempdir();
    let data = dir.path().join("hub");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/demo/registry.toml");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tanba"))
            .args(args)
            .arg("--data-dir")
            .arg(&data)
            .env("TANBA_LANG", "en")
            .env_remove("TANBA_DATABASE__URL")
            .output()
            .expect("tanba runs")
    };
    let out = run(&["registry", "import", demo.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&["participant", "token", "200540000009"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).trim().starts_with("tanba_"));
}
