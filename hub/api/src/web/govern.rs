//! The regulator's and the operator's pages (issue 8; R17, R7, R23): rule-set versions of
//! their groups (deploy, activate, roll back, shadow run and its report), violation reports
//! and their status, and for the operator the participants, the adapters' outbox with its dead
//! letters and the scheduled jobs, and the audit log. Each page calls the API handler of the
//! operation it shows, with the same query parameters, after the permission matrix admitted
//! the signed-in participant for that operation; so the pages show exactly what the API
//! answers and hold no query of their own. Every action is a form that `api-form.js` sends to
//! the API operation itself (with the session cookie and its CSRF token), audited there.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::response::Response;
use http::{HeaderMap, Method};
use minijinja::{Value, context};
use serde::Serialize;

use super::Web;
use crate::auth::Authenticated;
use crate::body::{FilledQuery, Query};
use crate::{ApiError, AppState};

/// Renders `template` with what the API operation `GET route` answers to `call`.
async fn api_page<T, F, Fut>(
    web: &Web,
    (headers, peer): (&HeaderMap, SocketAddr),
    (route, here, template): (&str, &str, &str),
    call: F,
) -> Response
where
    T: Serialize,
    F: FnOnce(AppState, Authenticated) -> Fut,
    Fut: Future<Output = Result<Json<T>, ApiError>>,
{
    api_page_with(web, (headers, peer), (route, here, template), call, |_| {
        Vec::new()
    })
    .await
}

/// [`api_page`], with `groups` worked out from the answer for the template.
async fn api_page_with<T, F, Fut>(
    web: &Web,
    (headers, peer): (&HeaderMap, SocketAddr),
    (route, here, template): (&str, &str, &str),
    call: F,
    groups: fn(&T) -> Vec<String>,
) -> Response
where
    T: Serialize,
    F: FnOnce(AppState, Authenticated) -> Fut,
    Fut: Future<Output = Result<Json<T>, ApiError>>,
{
    let me = signed_in!(web, (headers, peer), Method::GET, route);
    let lang = web.lang(headers);
    match call(web.app.clone(), Authenticated(me.caller.clone())).await {
        Ok(Json(data)) => {
            let data = context! {
                groups => groups(&data),
                data => Value::from_serialize(&data),
                next => next_statuses(),
                ..me.context()
            };
            web.page(lang, here, template, data)
        }
        Err(e) => web.failure(lang, here, &e),
    }
}

/// The statuses each violation report status may move to.
fn next_statuses() -> BTreeMap<&'static str, &'static [&'static str]> {
    ["new", "in_review", "confirmed", "rejected", "closed"]
        .into_iter()
        .map(|s| (s, tanba_registry::next_statuses(s)))
        .collect()
}

/// `GET /cabinet/violations`: reports of the caller's groups (the operator's: all).
pub(crate) async fn violations(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    FilledQuery(query): FilledQuery<crate::violations::ListQuery>,
) -> Response {
    let route = (
        "/api/v1/violations",
        "/cabinet/violations",
        "violations.html",
    );
    api_page(&web, (&headers, peer), route, |app, who| {
        crate::violations::list(State(app), who, Query(query))
    })
    .await
}

/// `GET /cabinet/rule-sets`: the stored packages the caller governs, their active groups, and
/// the forms to deploy, activate, roll back and shadow-run.
pub(crate) async fn rule_sets(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let route = (
        "/api/v1/rule-sets/packages",
        "/cabinet/rule-sets",
        "rule_sets.html",
    );
    let call = |app, who| crate::rule_sets::manage::packages(State(app), who);
    api_page_with(&web, (&headers, peer), route, call, package_groups).await
}

/// Every product group the listed packages serve, once each, in order.
fn package_groups<T: Serialize>(packages: &T) -> Vec<String> {
    let listed = serde_json::to_value(packages).unwrap_or_default();
    let groups: std::collections::BTreeSet<String> = listed
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["product_groups"].as_array().cloned().unwrap_or_default())
        .filter_map(|g| g.as_str().map(str::to_owned))
        .collect();
    groups.into_iter().collect()
}

/// `GET /cabinet/rule-sets/{group}/shadow`: where the shadow candidate disagreed.
pub(crate) async fn shadow_report(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(group): Path<String>,
    FilledQuery(query): FilledQuery<crate::rule_sets::manage::ReportQuery>,
) -> Response {
    let here = format!(
        "/cabinet/rule-sets/{}/shadow",
        super::check::urlencode(&group)
    );
    let route = (
        "/api/v1/product-groups/{id}/shadow/disagreements",
        here.as_str(),
        "shadow.html",
    );
    api_page(&web, (&headers, peer), route, |app, who| {
        crate::rule_sets::manage::disagreements(State(app), who, Path(group), Query(query))
    })
    .await
}

/// `GET /cabinet/participants`: the register (the operator's view).
pub(crate) async fn participants(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    FilledQuery(query): FilledQuery<crate::registry::participants::ListQuery>,
) -> Response {
    let route = (
        "/api/v1/participants",
        "/cabinet/participants",
        "participants.html",
    );
    api_page(&web, (&headers, peer), route, |app, who| {
        crate::registry::participants::list(State(app), who, Query(query))
    })
    .await
}

/// `GET /cabinet/adapters/outbox?status=dead|pending|delivered`: the adapters' outgoing
/// messages, dead letters first, each dead one with a replay button.
pub(crate) async fn outbox(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    FilledQuery(query): FilledQuery<crate::adapters::OutboxQuery>,
) -> Response {
    let route = (
        "/api/v1/adapters/outbox",
        "/cabinet/adapters/outbox",
        "outbox.html",
    );
    api_page(&web, (&headers, peer), route, |app, who| {
        crate::adapters::outbox(State(app), who, Query(query))
    })
    .await
}

/// `GET /cabinet/adapters/jobs`: every scheduled job's next run and last outcome, with "run
/// now".
pub(crate) async fn jobs(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let route = (
        "/api/v1/adapters/jobs",
        "/cabinet/adapters/jobs",
        "jobs.html",
    );
    api_page(&web, (&headers, peer), route, |app, who| {
        crate::adapters::jobs(State(app), who)
    })
    .await
}

/// `GET /cabinet/audit?bin=&iin=&object=&from=&to=`: the audit log searched. The page's
/// address keeps the filters (not the cursor), so the next page and a language switch search
/// the same way.
pub(crate) async fn audit(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    FilledQuery(query): FilledQuery<crate::audit::AuditQuery>,
) -> Response {
    let filters: Vec<&str> = raw
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("cursor="))
        .collect();
    let here = format!("/cabinet/audit?{}", filters.join("&"));
    let route = ("/api/v1/audit", here.as_str(), "audit.html");
    api_page(&web, (&headers, peer), route, |app, who| {
        crate::audit::search(State(app), who, Query(query))
    })
    .await
}
