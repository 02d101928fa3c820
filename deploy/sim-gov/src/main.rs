//! Runs the SHEP, Ministry of Finance, EAEU gateway and receipt-feed simulators on loopback until
//! Ctrl-C (or SIGTERM), printing the URL of each adapter endpoint.
//!
//! `tanba-sim-gov --demo-config FILE --packages DIR` also writes the hub's `[adapters]`
//! configuration for them to FILE (the adapters' signed packages in `DIR/<id>`), last of all:
//! `cargo xtask start` waits for that file and starts the hub with it.

use std::path::PathBuf;

use tanba_sim_gov::demo::Demo;
use tanba_sim_gov::ofd;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(PathBuf::from)
    };
    let demo = Demo::start().await?;
    for (adapter, endpoint, url) in demo.endpoints() {
        println!("{adapter} {endpoint}: {url}");
    }
    println!(
        "ofd receipts (a cash register hands one in): {}",
        demo.feed.url(ofd::RECEIPTS_PATH)
    );
    if let Some(file) = value("--demo-config") {
        let packages = value("--packages").unwrap_or_else(|| PathBuf::from("."));
        let written = file.with_extension("toml.part");
        std::fs::write(&written, demo.config(&packages))?;
        std::fs::rename(&written, &file)?;
        println!("hub configuration: {}", file.display());
    }
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        stopped = tokio::signal::ctrl_c() => stopped,
        _ = terminate.recv() => Ok(()),
    }
}
