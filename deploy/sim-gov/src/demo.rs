//! The government systems of the demo (`cargo xtask start`): the SHEP gateway with one
//! entrepreneur in its register, IS ESF, the EAEU integration gateway and a fiscal data
//! operator's receipt feed, each on loopback at a free port, and the hub's `[adapters]`
//! configuration that points the four bundled adapters at them ([`Demo::config`]). The hub reads
//! that file with `--config`; the simulators run until Ctrl-C.

use std::path::Path;

use tanba_sim_kit::Sim;
use tanba_sim_shep::SimShep;
use toml::{Table, Value};

use crate::{eaeu, minfin, ofd};

/// The entrepreneur the SHEP register has, who becomes a participant after the hub's sync.
pub const ENTREPRENEUR: (&str, &str) = ("880101300123", "ИП Демо");
/// The register's date.
const AS_OF: &str = "2026-11-25";
/// The demo operator's BIN (`deploy/demo/registry.toml`), on whose behalf IS ESF sessions open.
const OPERATOR_BIN: &str = "000140000002";
/// A stand-in for the hub's authentication certificate (base64 DER of an empty SEQUENCE): the
/// simulator checks no certificate, and the demo has no key.
const DEMO_CERTIFICATE: &str = "MAA=";

/// The four simulators, running.
pub struct Demo {
    /// The e-Gov gateway (SHEP) with the entrepreneurs register.
    pub shep: SimShep,
    /// IS ESF.
    pub esf: Sim<minfin::Esf>,
    /// The EAEU integration gateway.
    pub gateway: Sim<eaeu::Gateway>,
    /// The receipt feed.
    pub feed: Sim<ofd::Feed>,
}

impl Demo {
    /// Starts the four simulators; the register has [`ENTREPRENEUR`].
    pub async fn start() -> std::io::Result<Demo> {
        let shep = SimShep::start(AS_OF).await?;
        shep.add(ENTREPRENEUR.0, ENTREPRENEUR.1, "ACTIVE");
        Ok(Demo {
            shep,
            esf: minfin::start().await?,
            gateway: eaeu::start().await?,
            feed: ofd::start().await?,
        })
    }

    /// Each adapter's outbound endpoints: (adapter, endpoint, URL).
    pub fn endpoints(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("shep", "shep-sync", self.shep.url()),
            ("minfin", "esf-session", self.esf.url(minfin::SESSION_PATH)),
            ("minfin", "esf-upload", self.esf.url(minfin::UPLOAD_PATH)),
            (
                "eaeu",
                "eaeu-outbound",
                self.gateway.url(eaeu::MOVEMENTS_PATH),
            ),
            ("ofd", "ofd-feed", self.feed.url(ofd::FEED_PATH)),
        ]
    }

    /// The hub's configuration for the demo: `[adapters]` enabled, each bundled adapter's
    /// signed package at `<packages>/<id>`, its settings, its endpoints at these simulators
    /// (sent unsigned: the demo has no signing key and the simulators check no signature), the
    /// register synced every minute and the CA job off (the demo has no trust store).
    pub fn config(&self, packages: &Path) -> String {
        let mut installed = Table::new();
        for (id, settings, jobs) in adapters() {
            let mut adapter = Table::new();
            let package = packages.join(id);
            adapter.insert("package".into(), package.display().to_string().into());
            adapter.insert("settings".into(), strings(settings).into());
            adapter.insert("jobs".into(), strings(jobs).into());
            let mut endpoints = Table::new();
            for (_, name, url) in self.endpoints().into_iter().filter(|e| e.0 == id) {
                let mut endpoint = Table::new();
                endpoint.insert("url".into(), url.into());
                endpoint.insert("timeout_ms".into(), Value::Integer(5_000));
                endpoint.insert("send_unsigned".into(), true.into());
                endpoints.insert(name.into(), endpoint.into());
            }
            adapter.insert("endpoints".into(), endpoints.into());
            installed.insert(id.into(), adapter.into());
        }
        let mut delivery = Table::new();
        for (key, value) in [
            ("max_attempts", 20),
            ("base_delay_ms", 1_000),
            ("max_delay_ms", 60_000),
            ("poll_ms", 500),
        ] {
            delivery.insert(key.into(), Value::Integer(value));
        }
        let mut adapters = Table::new();
        adapters.insert("enabled".into(), true.into());
        adapters.insert("delivery".into(), delivery.into());
        adapters.insert("installed".into(), installed.into());
        let mut root = Table::new();
        root.insert("adapters".into(), adapters.into());
        format!(
            "# Written by the government simulators of `cargo xtask start` (tanba-sim-gov \
             --demo-config) for this run: their ports change with every start.\n{root}"
        )
    }
}

type Pairs = &'static [(&'static str, &'static str)];

/// Each bundled adapter's settings and job overrides in the demo.
fn adapters() -> [(&'static str, Pairs, Pairs); 4] {
    [
        (
            "shep",
            &[
                ("sender-id", "TANBA"),
                ("entrepreneurs-service-id", "ENTREPRENEURS_REGISTER"),
                ("entrepreneurs-page-size", "100"),
                ("nca-certificate-files", "root_rsa.cer"),
                ("nca-crl-files", "nca_rsa.crl"),
            ],
            &[
                ("entrepreneurs-sync", "* * * * *"),
                ("nca-trust-refresh", "off"),
            ],
        ),
        (
            "minfin",
            &[
                ("tin", OPERATOR_BIN),
                ("x509-certificate", DEMO_CERTIFICATE),
            ],
            &[],
        ),
        ("eaeu", &[], &[]),
        ("ofd", &[], &[]),
    ]
}

fn strings(pairs: Pairs) -> Table {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
        .collect()
}
