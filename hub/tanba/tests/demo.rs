//! The demo's adapters (`cargo xtask start`, issue 7): the configuration the government
//! simulators write (`tanba-sim-gov --demo-config`) is one the hub takes, names the four
//! bundled adapters' packages and simulators that answer, and a hub started with it runs the
//! loop the demo shows: the entrepreneur in the SHEP simulator's register becomes a participant
//! after the register sync. The packages are made and signed the way the demo makes them
//! (`tanba plugin sign` with a key registered for `@adapters`).

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{tanba, text};
use tanba::{Config, Overrides};
use tanba_sim_gov::demo::{Demo, ENTREPRENEUR};
use tanba_testkit::{TestDb, guest_component, open_tempdir, spawn_app_on};

const ADAPTERS: [&str; 4] = ["eaeu", "minfin", "ofd", "shep"];
const OPERATOR: &str = "000140000002";

fn run(url: &str, data_dir: &Path, args: &[&str]) -> String {
    let out = tanba(url, data_dir, args);
    assert!(
        out.status.success(),
        "tanba {args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// The four adapters' packages in `dir/<id>`, signed by a key registered with `@adapters`.
fn packages(url: &str, data_dir: &Path, dir: &Path) {
    let key = data_dir.join("publisher.key");
    let key = key.to_str().expect("UTF-8");
    run(url, data_dir, &["plugin", "keygen", key]);
    let public = std::fs::read_to_string(format!("{key}.pub")).expect("public key");
    run(
        url,
        data_dir,
        &[
            "publisher",
            "add",
            "demo",
            "--public-key",
            public.trim(),
            "--groups",
            "@adapters",
        ],
    );
    for id in ADAPTERS {
        let package = dir.join(id);
        std::fs::create_dir_all(&package).expect("package dir");
        let manifest = format!(
            "id = \"{id}\"\nkind = \"adapter\"\nversion = \"{}\"\nwit = \"{}\"\n",
            adapter_version(id),
            tanba_plugin_host::ADAPTER_WIT
        );
        std::fs::write(package.join("manifest.toml"), manifest).expect("manifest");
        let component = guest_component(&format!("tanba-adapter-{id}"));
        std::fs::write(package.join("component.wasm"), component).expect("component");
        let package = package.to_str().expect("UTF-8");
        run(
            url,
            data_dir,
            &["plugin", "sign", package, "--key", key, "--key-id", "demo"],
        );
    }
}

/// The adapter crate's version, which its `describe` reports (as `cargo xtask start` packages it).
fn adapter_version(id: &str) -> String {
    let cargo = std::path::Path::new(
        &std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
    .join(format!("../../adapters/{id}/Cargo.toml"));
    let text = std::fs::read_to_string(&cargo).expect("the adapter's Cargo.toml");
    text.lines()
        .find_map(|line| line.trim().strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("no version in {}", cargo.display()))
        .to_owned()
}

#[tokio::test]
async fn the_demo_configuration_runs_the_bundled_adapters_against_the_simulators() {
    let db = TestDb::migrated().await;
    let url = db.url();
    let work = open_tempdir();
    let data_dir = work.path().join("demo");
    let package_dir = work.path().join("adapters");
    std::fs::create_dir_all(&data_dir).expect("data dir");
    packages(&url, &data_dir, &package_dir);
    let registry = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/demo/registry.toml");
    run(
        &url,
        &data_dir,
        &["registry", "import", registry.to_str().expect("UTF-8")],
    );
    let token = run(&url, &data_dir, &["participant", "token", OPERATOR]);

    let demo = Demo::start().await.expect("the simulators start");
    let file = work.path().join("adapters.toml");
    std::fs::write(&file, demo.config(&package_dir)).expect("config written");
    let overrides = Overrides {
        listen: Some("127.0.0.1:0".parse().expect("address")),
        data_dir: Some(data_dir.clone()),
    };
    let mut config = Config::load(Some(&file), &overrides).expect("the hub takes the file");
    assert!(config.adapters.enabled);
    let installed: Vec<&str> = config
        .adapters
        .installed
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(installed, ADAPTERS);
    let client = reqwest::Client::new();
    for (adapter, endpoint, sim_url) in demo.endpoints() {
        let configured = &config.adapters.installed[adapter].endpoints[endpoint];
        assert_eq!(configured.url, sim_url, "{adapter} {endpoint}");
        // A simulator answers there (what it answers an empty body is its business).
        let answer = client.post(&sim_url).body("").send().await;
        assert!(
            answer.is_ok(),
            "{adapter} {endpoint} at {sim_url}: {answer:?}"
        );
    }

    // The hub starts with it (every adapter, setting and endpoint checked at load) ...
    config.database.url = Some(url.clone());
    let app = spawn_app_on(config).await;
    // ... and the operator's "run now" of the register sync brings the entrepreneur in.
    let run_now = client
        .post(format!(
            "{}/api/v1/adapters/jobs/shep/entrepreneurs-sync/run",
            app.address
        ))
        .bearer_auth(token.trim())
        .send()
        .await
        .expect("sent");
    assert_eq!(run_now.status().as_u16(), 202);
    let pool = db.pool();
    let started = Instant::now();
    let entrepreneur = loop {
        if let Some(p) = pool.participant(ENTREPRENEUR.0).await.expect("read") {
            break p;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the entrepreneur did not arrive"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(entrepreneur.names["ru"], ENTREPRENEUR.1);
    assert_eq!(entrepreneur.status, "active");
    app.stop().await;
}
