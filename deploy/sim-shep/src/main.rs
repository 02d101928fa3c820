//! Runs the SHEP simulator until Ctrl-C, printing its URL (for trying the adapter by hand).

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let sim = tanba_sim_shep::SimShep::start("2026-11-25").await?;
    sim.add("880101300123", "ИП Демо", "ACTIVE");
    println!("SHEP simulator: {}", sim.url());
    tokio::signal::ctrl_c().await
}
