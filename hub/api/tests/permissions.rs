//! The permission matrix (issue 6): every documented operation, called by every role, a foreign
//! participant and nobody, is allowed or refused exactly as its `x-tanba-allowed` says; a few
//! rules are also spelled out here on their own, and a participant never reads another's codes,
//! orders or documents.

mod support;

use http::StatusCode;
use serde_json::{Value, json};
use support::*;

/// A government system, registered for this test.
const GOVERNMENT: &str = "120440000028";

struct Who {
    name: &'static str,
    token: String,
    roles: &'static [&'static str],
}

/// Resources of MAKER that the walk's path parameters name.
struct Owned {
    order: String,
    document: String,
    code: String,
}

async fn set_up() -> (World, Vec<Who>, Owned) {
    let w = world().await;
    let government = serde_json::from_value(json!({
        "id": GOVERNMENT,
        "names": { "kk": "Мемлекеттік жүйе", "ru": "Государственная система" },
        "roles": ["government-system"],
    }))
    .expect("a participant");
    w.registry
        .register_participant(None, government)
        .await
        .expect("registered");
    let government = w
        .registry
        .issue_token(GOVERNMENT, "test")
        .await
        .expect("a token");
    w.with_product().await;
    let code = w.applied_codes(2).await.remove(0);
    let (_, orders) = w.call("GET", "/api/v1/orders", &w.maker, None).await;
    let order = orders["items"][0]["id"]
        .as_str()
        .expect("an order")
        .to_owned();
    let document = w
        .document(
            &w.maker,
            json!({ "kind": "write_off", "reason": "LOSS", "units": [code] }),
        )
        .await["id"]
        .as_str()
        .expect("a document")
        .to_owned();
    let who = vec![
        Who {
            name: "nobody",
            token: String::new(),
            roles: &[],
        },
        Who {
            name: "the operator",
            token: w.operator.clone(),
            roles: &["operator"],
        },
        Who {
            name: "the tobacco regulator",
            token: w.regulator.clone(),
            roles: &["regulator"],
        },
        Who {
            name: "the maker",
            token: w.maker.clone(),
            roles: &["manufacturer"],
        },
        Who {
            name: "a foreign maker",
            token: w.other_maker.clone(),
            roles: &["manufacturer"],
        },
        Who {
            name: "a retailer",
            token: w.retailer.clone(),
            roles: &["retailer"],
        },
        Who {
            name: "a government system",
            token: government,
            roles: &["government-system"],
        },
        Who {
            name: "an analytic system",
            token: w.analyst.clone(),
            roles: &["analytic-system"],
        },
    ];
    (
        w,
        who,
        Owned {
            order,
            document,
            code,
        },
    )
}

/// `template` with its parameters naming MAKER's resources.
fn concrete(template: &str, owned: &Owned) -> String {
    let with_id = if template.starts_with("/api/v1/orders/") {
        template.replace("{id}", &owned.order)
    } else if template.starts_with("/api/v1/documents/") {
        template.replace("{id}", &owned.document)
    } else if template.starts_with("/api/v1/participants/") {
        template.replace("{id}", MAKER)
    } else {
        template.replace("{id}", "tobacco")
    };
    let with_gtin = with_id.replace("{gtin}", GTIN);
    if with_gtin.starts_with("/api/v1/units/") {
        format!("{with_gtin}?code={}", encoded(&owned.code))
    } else {
        with_gtin
    }
}

fn is_refusal(status: StatusCode, body: &Value) -> bool {
    status == StatusCode::FORBIDDEN && body["code"] == "ROLE_NOT_ALLOWED"
}

#[tokio::test]
async fn every_operation_admits_exactly_the_roles_the_matrix_names() {
    let (w, who, owned) = set_up().await;
    let (_, doc) = w.call("GET", "/api/v1/openapi.json", "", None).await;
    let mut public = Vec::new();
    for (template, operations) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            let allowed: Vec<&str> = operation["x-tanba-allowed"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {template} is not in the matrix"))
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(!allowed.is_empty(), "{method} {template} names nobody");
            if allowed == ["public"] {
                public.push(format!("{} {template}", method.to_uppercase()));
                continue;
            }
            let path = concrete(template, &owned);
            let body = matches!(method.as_str(), "post" | "put").then(|| json!({}));
            for caller in &who {
                let (status, answer) = w
                    .call(&method.to_uppercase(), &path, &caller.token, body.clone())
                    .await;
                let admitted = !caller.token.is_empty()
                    && (allowed.contains(&"signed-in")
                        || caller.roles.iter().any(|r| allowed.contains(r)));
                if caller.token.is_empty() {
                    assert_eq!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{method} {path} by {}",
                        caller.name
                    );
                } else if admitted {
                    assert!(
                        !is_refusal(status, &answer) && status != StatusCode::UNAUTHORIZED,
                        "{method} {path} admits {}: {status} {answer}",
                        caller.name
                    );
                } else {
                    assert!(
                        is_refusal(status, &answer),
                        "{method} {path} refuses {}: {status} {answer}",
                        caller.name
                    );
                }
            }
        }
    }
    public.sort();
    assert_eq!(
        public,
        [
            "GET /api/v1/openapi.json",
            "GET /api/v1/public/check",
            "GET /api/v1/rule-sets",
            "GET /healthz",
            "GET /metrics",
            "GET /readyz",
            "POST /api/v1/auth/challenge",
            "POST /api/v1/auth/login",
            "POST /api/v1/codes/parse",
            "POST /api/v1/public/check",
            "POST /api/v1/public/check/photo",
            "POST /api/v1/public/violations",
        ],
        "nothing else answers without credentials"
    );
}

#[tokio::test]
async fn some_rules_stated_on_their_own() {
    let (w, _, owned) = set_up().await;
    for (name, token, method, path) in [
        (
            "a retailer orders codes",
            &w.retailer,
            "POST",
            "/api/v1/orders",
        ),
        (
            "a maker reads the audit log",
            &w.maker,
            "GET",
            "/api/v1/audit",
        ),
        (
            "a regulator registers a participant",
            &w.regulator,
            "POST",
            "/api/v1/participants",
        ),
        (
            "a maker deploys rules",
            &w.maker,
            "POST",
            "/api/v1/rule-sets/packages",
        ),
        (
            "the operator submits a document",
            &w.operator,
            "POST",
            "/api/v1/documents",
        ),
        (
            "a regulator rotates keys",
            &w.regulator,
            "POST",
            "/api/v1/product-groups/tobacco/keys",
        ),
    ] {
        let (status, answer) = w.call(method, path, token, Some(json!({}))).await;
        assert!(is_refusal(status, &answer), "{name}: {status} {answer}");
        for lang in ["kk", "ru"] {
            let (_, localised) = w.call_in(method, path, token, Some(json!({})), lang).await;
            assert_ne!(localised["detail"], answer["detail"], "{name} in {lang}");
        }
    }
    let foreign = &w.other_maker;
    for path in [
        format!("/api/v1/orders/{}", owned.order),
        format!("/api/v1/orders/{}/codes.txt", owned.order),
        format!("/api/v1/documents/{}", owned.document),
        format!("/api/v1/units/trace?code={}", encoded(&owned.code)),
    ] {
        let (status, answer) = w.call("GET", &path, foreign, None).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "a foreign maker reads {path}: {answer}"
        );
        let (status, _) = w.call("GET", &path, &w.maker, None).await;
        assert_eq!(status, StatusCode::OK, "the maker reads {path}");
    }
    let (_, listed) = w.call("GET", "/api/v1/documents", foreign, None).await;
    assert_eq!(
        listed["items"],
        json!([]),
        "a foreign maker lists none of the maker's documents"
    );
    let (_, listed) = w.call("GET", "/api/v1/orders", foreign, None).await;
    assert_eq!(listed["items"], json!([]), "nor its orders");
}
