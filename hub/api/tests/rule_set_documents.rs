//! Documents judged by a bundled rule set (R17; issues 4 and 5): the hub hands the tobacco
//! rule set each document's kind as `tanba:rules` names it and each code as the document wrote
//! it. An introduction must write its codes out whole (the price ceiling, AI 8005), while a
//! shipment names the goods by their key and moves them. Before, the hub passed every code
//! without its elements and under its own kind names, so an active rule set refused every
//! document of its group.

mod support;

use serde_json::{Value, json};
use support::*;
use tanba_domain::{Ai, ElementString};
use tanba_plugin_host::{EngineSettings, PluginEngine};
use tanba_rules::RuleRegistry;

/// Activates the bundled tobacco rule set (`cargo xtask plugins`) for the world's `tobacco`
/// group and waits until the hub serves it.
async fn activate_tobacco(w: &World) {
    let db = w.app.db.as_ref().expect("the test database");
    let engine = PluginEngine::new(&EngineSettings::default()).expect("an engine");
    let rules = RuleRegistry::new(db.pool(), engine);
    tanba_sandbox_tests::registry::activate_bundled(&rules, "tobacco", "tobacco").await;
    for _ in 0..200 {
        let (_, list) = w.call("GET", "/api/v1/rule-sets", "", None).await;
        if list
            .as_array()
            .is_some_and(|l| l.iter().any(|r| r["product_group"] == "tobacco"))
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the hub did not take up the tobacco rule set within 5 s");
}

/// `code` written out with parentheses, with `(8005)<mrp>` when given.
fn written_out(code: &str, mrp: Option<&str>) -> String {
    let parsed = ElementString::parse(code).expect("a printed code");
    let get = |ai: Ai| parsed.get(ai).expect("printed").to_owned();
    let price = mrp.map(|m| format!("(8005){m}")).unwrap_or_default();
    format!(
        "(01){}(21){}{price}(93){}",
        get(Ai::GTIN),
        get(Ai::SERIAL),
        get(Ai::SHORT_VERIFICATION_CODE)
    )
}

fn codes_of(doc: &Value) -> Vec<&str> {
    doc["findings"]
        .as_array()
        .map(|f| f.iter().filter_map(|f| f["code"].as_str()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn tobacco_rules_judge_what_an_introduction_writes_and_let_goods_named_by_key_move() {
    let w = world().await;
    w.with_product().await;
    activate_tobacco(&w).await;
    let printed = w.applied_codes(2).await;
    let introduce = |units: Vec<String>| {
        json!({ "kind": "introduction", "route": "PRODUCTION",
                "production_date": "2026-11-20", "units": units })
    };

    // Written out without the price ceiling: refused, pointing at the missing element.
    let bare: Vec<String> = printed.iter().map(|c| written_out(c, None)).collect();
    let doc = w.document(&w.maker, introduce(bare)).await;
    assert_eq!(doc["status"], "rejected", "{doc}");
    assert!(codes_of(&doc).contains(&"TOBACCO_MRP_MISSING"), "{doc}");
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert!(paths.contains(&"/lines/0/code/elements/8005"), "{paths:?}");

    // With it: introduced.
    let priced: Vec<String> = printed
        .iter()
        .map(|c| written_out(c, Some("095000")))
        .collect();
    let doc = w.document(&w.maker, introduce(priced)).await;
    assert_eq!(doc["status"], "applied", "{doc}");

    // A shipment names the goods by key only; the rule set does not ask them for a price again.
    let keys: Vec<String> = printed
        .iter()
        .map(|c| {
            let parsed = ElementString::parse(c).expect("a printed code");
            let get = |ai: Ai| parsed.get(ai).expect("printed").to_owned();
            format!("(01){}(21){}", get(Ai::GTIN), get(Ai::SERIAL))
        })
        .collect();
    let doc = w
        .document(
            &w.maker,
            json!({ "kind": "shipment", "receiver": RETAILER, "units": keys }),
        )
        .await;
    assert_eq!(doc["status"], "applied", "{doc}");
}
