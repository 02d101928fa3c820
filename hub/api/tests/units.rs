//! Codes after emission over the API (issue 3; R3, R4, R8): the application report, packing
//! into group packs and transport units, each unit's story, an aggregate's contents, and the
//! tree's invariants under a random sequence of operations checked in the database itself.

mod support;

use http::StatusCode;
use serde_json::{Value, json};
use support::*;

async fn aggregation(
    w: &World,
    token: &str,
    op: &str,
    parent: &str,
    children: &[&str],
) -> (StatusCode, Value) {
    let body = json!({ "operation": op, "parent": parent, "children": children });
    w.call("POST", "/api/v1/aggregations", token, Some(body))
        .await
}

#[tokio::test]
async fn the_application_report_is_all_or_nothing_and_once_only() {
    let w = world().await;
    w.with_product().await;
    let (_, order) = w
        .call(
            "POST",
            "/api/v1/orders",
            &w.maker,
            Some(json!({ "gtin": GTIN, "quantity": 5 })),
        )
        .await;
    let id = order["id"].as_str().expect("id");
    let path = format!("/api/v1/orders/{id}/applied");
    let first = w.applied_codes(2).await;
    let (status, body) = w
        .call(
            "POST",
            &path,
            &w.maker,
            Some(json!({ "codes": [first[0]] })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a code of another order: {body}"
    );
    let (_, text) = w.print_file(&w.maker, id, "txt").await;
    let codes: Vec<&str> = text.lines().collect();
    let (status, body) = w
        .call(
            "POST",
            &path,
            &w.maker,
            Some(json!({ "codes": [codes[0], codes[1]] })),
        )
        .await;
    assert_eq!(
        (status, body["units"].as_u64()),
        (StatusCode::OK, Some(2)),
        "{body}"
    );
    let (status, body) = w
        .call(
            "POST",
            &path,
            &w.maker,
            Some(json!({ "codes": [codes[2], codes[3], codes[1]] })),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(
        (body["code"].as_str(), body["errors"][0]["pointer"].as_str()),
        (Some("ILLEGAL_TRANSITION"), Some("/codes/2"))
    );
    let (_, status_of_2) = w
        .call(
            "POST",
            "/api/v1/codes/status",
            &w.maker,
            Some(json!({ "code": codes[2] })),
        )
        .await;
    assert_eq!(
        status_of_2["status"], "EMITTED",
        "the refused report changed nothing"
    );
    let (_, status_of_0) = w
        .call(
            "POST",
            "/api/v1/codes/status",
            &w.maker,
            Some(json!({ "code": codes[0] })),
        )
        .await;
    assert_eq!(status_of_0["status"], "APPLIED");
    let (status, _) = w
        .call(
            "POST",
            &path,
            &w.other_maker,
            Some(json!({ "codes": [codes[4]] })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "only the orderer reports its codes"
    );
}

#[tokio::test]
async fn units_pack_into_transport_units_at_any_depth_and_keep_their_story() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(4).await;
    let (box_a, pallet) = (sscc(1), sscc(2));
    let (status, body) =
        aggregation(&w, &w.maker, "aggregate", &box_a, &[&codes[0], &codes[1]]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = aggregation(&w, &w.maker, "aggregate", &pallet, &[&box_a]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, inside) = w
        .call(
            "GET",
            &format!("/api/v1/units/contents?code={}", encoded(&pallet)),
            &w.maker,
            None,
        )
        .await;
    let keys: Vec<&str> = inside
        .as_array()
        .expect("units")
        .iter()
        .filter_map(|u| u["unit"].as_str())
        .collect();
    assert_eq!(keys.len(), 3, "{inside}");
    assert_eq!(keys[0], box_a);

    let (status, body) = aggregation(&w, &w.maker, "aggregate", &box_a, &[&pallet]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("AGGREGATION_CYCLE")),
        "{body}"
    );
    let (status, body) = aggregation(&w, &w.maker, "aggregate", &sscc(3), &[&codes[0]]).await;
    assert_eq!(
        body["code"], "AGGREGATION_ALREADY_IN_PARENT",
        "{status} {body}"
    );
    assert_eq!(body["errors"][0]["pointer"], "/children/0");
    let (status, _) = aggregation(&w, &w.other_maker, "aggregate", &sscc(4), &[&codes[2]]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = aggregation(&w, &w.maker, "aggregate", &sscc(3), &[&codes[2]]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = aggregation(&w, &w.maker, "reaggregate", &sscc(3), &[&codes[0]]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = aggregation(&w, &w.maker, "disaggregate", &box_a, &[]).await;
    assert_eq!(
        (status, body["units"].as_u64()),
        (StatusCode::OK, Some(1)),
        "{body}"
    );

    let trace_path = format!("/api/v1/units/trace?code={}", encoded(&codes[0]));
    let (status, story) = w.call("GET", &trace_path, &w.maker, None).await;
    assert_eq!(status, StatusCode::OK, "{story}");
    let events: Vec<&str> = story["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["event"].as_str())
        .collect();
    assert_eq!(events, ["EMIT", "APPLY", "AGGREGATE", "REAGGREGATE"]);
    assert_eq!(story["history"][2]["parent"], box_a.as_str());
    assert_eq!(story["parent"], sscc(3).as_str());
    for (who, token, visible) in [
        ("operator", &w.operator, true),
        ("regulator", &w.regulator, true),
        ("stranger", &w.other_maker, false),
    ] {
        let (status, _) = w.call("GET", &trace_path, token, None).await;
        assert_eq!(status == StatusCode::OK, visible, "{who}: {status}");
    }
}

/// A tiny deterministic generator (xorshift), so a failing sequence replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[tokio::test]
async fn random_operations_keep_the_tree_sound_in_the_database() {
    let w = world().await;
    w.with_product().await;
    let codes = w.applied_codes(8).await;
    let ssccs: Vec<String> = (10..14).map(sscc).collect();
    let units: Vec<&str> = codes.iter().chain(&ssccs).map(String::as_str).collect();
    let ops = ["aggregate", "disaggregate", "reaggregate"];
    let db = w.app.db.as_ref().expect("db").pool();
    let mut rng = Rng(0x7a4b_a2e1_9c3d_55f1);
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..120 {
        let op = ops[rng.below(3)];
        let parent = units[rng.below(units.len())];
        let children: Vec<&str> = (0..1 + rng.below(3))
            .map(|_| units[rng.below(units.len())])
            .collect();
        let (status, body) = aggregation(&w, &w.maker, op, parent, &children).await;
        assert!(
            status == StatusCode::OK || status.is_client_error(),
            "{op}: {status} {body}"
        );
        if status == StatusCode::OK {
            accepted += 1
        } else {
            refused += 1
        }
        let client = db.client().await.expect("client");
        let cycles: i64 = client
            .query_one(
                "with recursive up (start, key, depth) as (
                     select key, parent, 1 from units where parent is not null
                     union all
                     select up.start, u.parent, up.depth + 1 from up join units u on u.key = up.key
                     where u.parent is not null and up.depth < 100)
                 select count(*) from up where key = start or depth >= 100",
                &[],
            )
            .await
            .expect("query")
            .get(0);
        assert_eq!(cycles, 0, "a cycle after {op} {parent} {children:?}");
        let mismatched: i64 = client
            .query_one(
                "select count(*) from units c join units p on c.parent = p.key
                 where c.owner <> p.owner or c.status <> p.status",
                &[],
            )
            .await
            .expect("query")
            .get(0);
        assert_eq!(
            mismatched, 0,
            "children differ from their parent after {op}"
        );
    }
    assert!(
        accepted > 10 && refused > 10,
        "the sequence exercised both paths: {accepted}/{refused}"
    );
}
