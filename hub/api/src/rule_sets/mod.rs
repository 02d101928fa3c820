//! `GET /api/v1/rule-sets`: which rule set each product group runs on this node (R17). Public:
//! participants and their systems need to know which rules their documents meet.

pub(crate) mod manage;

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::AppState;

/// One group's active rule set.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ActiveRuleSet {
    product_group: String,
    plugin: String,
    version: String,
    document_kinds: Vec<String>,
    checks: Vec<String>,
}

#[utoipa::path(
    get, path = "/api/v1/rule-sets", tag = "rules",
    responses((status = 200, description = "The rule set each product group runs on this node.", body = Vec<ActiveRuleSet>))
)]
pub(crate) async fn list(State(state): State<AppState>) -> Json<Vec<ActiveRuleSet>> {
    Json(
        state
            .rules
            .active()
            .into_iter()
            .map(|(group, rules)| ActiveRuleSet {
                product_group: group,
                plugin: rules.manifest().id.clone(),
                version: rules.manifest().version.to_string(),
                document_kinds: rules.info().document_kinds.clone(),
                checks: rules.info().checks.clone(),
            })
            .collect(),
    )
}
