//! Set-up shared by the registry's benches: the tobacco group, one manufacturer and its
//! product, and 10,000,000 emitted codes beside 10,000,000 unit rows.

use std::time::Instant;

use serde_json::json;
use tanba_registry::{Caller, PrintFormat, Registry};

pub const GTIN: &str = "04870000000012";
pub const MAKER: &str = "200540000009";

/// Milliseconds since `started`.
pub fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}

/// The tobacco group, the manufacturer `MAKER` and its product `GTIN`; the maker as a caller.
pub async fn set_up(registry: &Registry) -> Caller {
    let console = Caller::console();
    let group = serde_json::from_value(json!({
        "id": "tobacco",
        "names": { "kk": "Темекі", "ru": "Табак", "en": "Tobacco" },
        "serial": { "length": 7, "alphabet": "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz" },
        "tail": "93",
    }))
    .expect("a group");
    registry.put_group(&console, group).await.expect("tobacco");
    let maker = serde_json::from_value(json!({
        "id": MAKER,
        "names": { "kk": "Өндіруші", "ru": "Производитель" },
        "roles": ["manufacturer"],
        "product_groups": ["tobacco"],
    }))
    .expect("a participant");
    registry
        .register_participant(None, maker)
        .await
        .expect("maker");
    let caller = Caller {
        id: MAKER.to_owned(),
        roles: vec![tanba_domain::Role::Manufacturer],
        product_groups: vec!["tobacco".to_owned()],
        status: tanba_domain::ParticipantStatus::Active,
        iin: None,
        client_ip: None,
        read_only: false,
    };
    let product = serde_json::from_value(json!({
        "gtin": GTIN,
        "product_group": "tobacco",
        "names": { "kk": "Темекі", "ru": "Сигареты", "en": "Cigarettes" },
    }))
    .expect("a product");
    registry
        .put_product(&caller, product)
        .await
        .expect("a product");
    caller
}

/// 10,000,000 codes emitted (10,000 orders of 1,000) and 10,000,000 filler rows in the units
/// table (codes of another GTIN, as if introduced); one code in 50 orders is sampled and
/// reported applied, so a look-up of a sample reads the big table too. Returns the samples.
pub async fn ten_million(registry: &Registry, maker: &Caller) -> Vec<String> {
    let started = Instant::now();
    let mut samples = Vec::new();
    for i in 0..10_000 {
        let order = registry
            .order_codes(maker, GTIN, 1_000)
            .await
            .expect("an order");
        if i % 50 == 0 {
            let mut lines = registry
                .print_file(maker, &order.id.to_string(), PrintFormat::Text)
                .await
                .expect("a file");
            let code = lines.nth(i % 1_000).expect("a code").trim_end().to_owned();
            samples.push((order.id.to_string(), code));
        }
    }
    println!(
        "10,000 orders of 1,000 codes (10,000,000 codes) in {:.1} s",
        ms(started) / 1e3
    );
    let started = Instant::now();
    let client = registry.db().client().await.expect("a connection");
    client
        .batch_execute("set statement_timeout = 0")
        .await
        .expect("no timeout for the filler");
    client
        .execute(
            "insert into units (key, status, owner)
             select '0104870000000029' || '21' || lpad(g::text, 13, '0'), 'INTRODUCED', $1
             from generate_series(1, 10000000) g",
            &[&MAKER],
        )
        .await
        .expect("filler units");
    client
        .batch_execute("analyze units")
        .await
        .expect("statistics");
    println!(
        "10,000,000 unit rows inserted in {:.1} s",
        ms(started) / 1e3
    );
    for (order, code) in &samples {
        registry
            .report_applied(maker, order, std::slice::from_ref(code))
            .await
            .expect("applied");
    }
    samples.into_iter().map(|(_, code)| code).collect()
}
