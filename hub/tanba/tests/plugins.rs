//! Rule sets from the command line, the way a regulator and the operator use them, and a
//! running hub that follows every activation without a restart.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;
use tanba_testkit::{TestDb, guest_component, open_tempdir, spawn_app_on, test_config};

fn tanba(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tanba"))
        .args(args)
        .env("TANBA_LANG", "en")
        .env("TANBA_DATABASE__URL", url)
        .output()
        .expect("tanba runs")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn echo_package(dir: &Path, version: u8) {
    std::fs::create_dir_all(dir).expect("package dir");
    std::fs::write(
        dir.join("manifest.toml"),
        format!(
            "id = \"echo\"\nkind = \"rule-set\"\nversion = \"{version}.0.0\"\n\
             product_groups = [\"echo\"]\nwit = \"tanba:rules@1.0.0\"\n"
        ),
    )
    .expect("manifest");
    std::fs::write(
        dir.join("component.wasm"),
        guest_component(&format!("tanba-echo-v{version}")),
    )
    .expect("component");
}

async fn active_version(http: &reqwest::Client, base: &str) -> Option<String> {
    let list: Value = http
        .get(format!("{base}/api/v1/rule-sets"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    list.as_array()?
        .iter()
        .find(|r| r["product_group"] == "echo")
        .map(|r| r["version"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn a_regulator_signs_the_operator_deploys_and_a_running_hub_follows() {
    let db = TestDb::migrated().await;
    let url = db.url();
    let work = open_tempdir();
    let key = work.path().join("regulator.key");
    let key_str = key.to_str().expect("utf-8");

    let output = tanba(&url, &["plugin", "keygen", key_str]);
    assert!(output.status.success(), "{:?}", text(&output));
    let mode = std::fs::metadata(&key).expect("key").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the secret key is private");
    let public = std::fs::read_to_string(format!("{key_str}.pub")).expect("public key");

    let output = tanba(
        &url,
        &[
            "publisher",
            "add",
            "echo-reg",
            "--public-key",
            public.trim(),
            "--groups",
            "echo",
        ],
    );
    assert!(output.status.success(), "{:?}", text(&output));

    let v1 = work.path().join("echo-1");
    echo_package(&v1, 1);
    let v1_str = v1.to_str().expect("utf-8");
    let unsigned = tanba(&url, &["plugin", "deploy", v1_str]);
    assert_eq!(unsigned.status.code(), Some(1));
    assert!(
        text(&unsigned).1.contains("signature"),
        "{:?}",
        text(&unsigned)
    );

    assert!(
        tanba(
            &url,
            &[
                "plugin", "sign", v1_str, "--key", key_str, "--key-id", "echo-reg"
            ]
        )
        .status
        .success()
    );
    let (stdout, stderr) = text(&tanba(&url, &["plugin", "deploy", v1_str, "--activate"]));
    assert!(
        stdout.contains("Deployed echo@1.0.0") && stdout.contains("now active"),
        "{stdout}{stderr}"
    );
    let (list, _) = text(&tanba(&url, &["plugin", "list"]));
    assert!(
        list.contains("echo") && list.contains("active=echo"),
        "{list}"
    );

    let app = spawn_app_on(test_config(&url)).await;
    assert_eq!(
        active_version(&app.http, &app.address).await.as_deref(),
        Some("1.0.0")
    );

    let v2 = work.path().join("echo-2");
    echo_package(&v2, 2);
    let v2_str = v2.to_str().expect("utf-8");
    assert!(
        tanba(
            &url,
            &[
                "plugin", "sign", v2_str, "--key", key_str, "--key-id", "echo-reg"
            ]
        )
        .status
        .success()
    );
    let deployed = tanba(&url, &["plugin", "deploy", v2_str, "--activate"]);
    assert!(deployed.status.success(), "{:?}", text(&deployed));

    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = None;
    while Instant::now() < deadline {
        seen = active_version(&app.http, &app.address).await;
        if seen.as_deref() == Some("2.0.0") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        seen.as_deref(),
        Some("2.0.0"),
        "the running hub switched without a restart"
    );

    let (stdout, _) = text(&tanba(&url, &["plugin", "rollback", "echo"]));
    assert!(stdout.contains("back on echo 1.0.0"), "{stdout}");

    let (stdout, _) = text(&tanba(
        &url,
        &["plugin", "shadow", "echo", "2.0.0", "--group", "echo"],
    ));
    assert!(
        stdout.contains("runs beside the active rule set of echo"),
        "{stdout}"
    );
    let (stdout, _) = text(&tanba(&url, &["plugin", "shadow-report", "echo"]));
    assert!(
        stdout.contains("No disagreements recorded for echo"),
        "{stdout}"
    );
    let (stdout, _) = text(&tanba(&url, &["plugin", "shadow-stop", "echo"]));
    assert!(stdout.contains("shadow run of echo is stopped"), "{stdout}");
    app.stop().await;
}
