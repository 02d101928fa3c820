//! Runs the Ministry of Finance, EAEU gateway and receipt-feed simulators until Ctrl-C,
//! printing the URLs to configure as the adapters' endpoints (for the demo and trying by hand).

use tanba_sim_gov::{eaeu, minfin, ofd};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let esf = minfin::start().await?;
    let gateway = eaeu::start().await?;
    let feed = ofd::start().await?;
    feed.with(|f| {
        let code = "0104600439931256215Demo001";
        f.receipts.push(ofd::sale(
            "DEMO-1",
            "000740001307",
            "2026-11-25T10:00:00Z",
            &[code],
            45_000,
        ));
    });
    println!("minfin esf-session: {}", esf.url(minfin::SESSION_PATH));
    println!("minfin esf-upload:  {}", esf.url(minfin::UPLOAD_PATH));
    println!("eaeu eaeu-outbound: {}", gateway.url(eaeu::MOVEMENTS_PATH));
    println!("ofd ofd-feed:       {}", feed.url(ofd::FEED_PATH));
    tokio::signal::ctrl_c().await
}
