//! The participant's cabinet (issue 8; R14, R8, R2): the dashboard (codes by status and product
//! group, the last 30 days' flows as charts), a code's whole history, and the emission orders
//! with their print files. Each page calls the service its API operation calls, as the
//! signed-in participant, so it sees exactly what the API would show it: its own goods.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Query, State};
use axum::response::Response;
use http::{HeaderMap, Method};
use minijinja::context;
use serde::Deserialize;
use tanba_registry::{DayRange, StatsScope};
use tanba_store::statistics::Period;

use super::{Web, charts};

/// `GET /cabinet`: the dashboard. Statistics are shown to whoever owns goods (the matrix's
/// `GET /api/v1/statistics/stock`); everyone else gets the menu alone.
pub(crate) async fn dashboard(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::GET, "/api/v1/me");
    let lang = web.lang(&headers);
    let owns_goods =
        crate::auth::permitted(&me.caller, &Method::GET, "/api/v1/statistics/stock").is_ok();
    if !owns_goods {
        return web.page(lang, "/cabinet", "cabinet.html", me.context());
    }
    let scope = StatsScope::default();
    let registry = &web.app.registry;
    let stock = match registry.stat_stock(&me.caller, &scope, (0, 20)).await {
        Ok(stock) => stock,
        Err(e) => return web.failure(lang, "/cabinet", &e.into()),
    };
    let to = tanba_reference::today_in_kazakhstan();
    let range = DayRange {
        from: to - time::Duration::days(29),
        to,
    };
    let flows = match registry
        .stat_flows(&me.caller, &scope, Period::Day, range)
        .await
    {
        Ok(flows) => flows,
        Err(e) => return web.failure(lang, "/cabinet", &e.into()),
    };
    let data = context! {
        stock => stock,
        status_chart => charts::statuses(&stock.total),
        flow_chart => charts::flows(&flows),
        ..me.context()
    };
    web.page(lang, "/cabinet", "cabinet.html", data)
}

/// The query of `/cabinet/codes`.
#[derive(Deserialize)]
pub(crate) struct CodeQuery {
    code: Option<String>,
}

/// `GET /cabinet/codes?code=...`: a code's or transport unit's whole story (as
/// `GET /api/v1/units/trace`: visible to whoever owned or ordered it).
pub(crate) async fn codes(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<CodeQuery>,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::GET, "/api/v1/units/trace");
    let lang = web.lang(&headers);
    let code = query.code.unwrap_or_default();
    let here = format!("/cabinet/codes?code={}", super::check::urlencode(&code));
    if code.trim().is_empty() {
        let data = context! { code => "", ..me.context() };
        return web.page(lang, &here, "codes.html", data);
    }
    match web.app.registry.trace(&me.caller, code.trim()).await {
        Ok(trace) => {
            let data = context! { code => code, trace => trace, ..me.context() };
            web.page(lang, &here, "codes.html", data)
        }
        Err(e) => {
            let detail = web.say(lang, &e.msg);
            let data = context! { code => code, error => detail, ..me.context() };
            web.page(lang, &here, "codes.html", data)
        }
    }
}

/// `GET /cabinet/orders`: the participant's emission orders, newest first, with links to their
/// print files (`GET /api/v1/orders/{id}/codes.txt|csv`, which the session cookie opens).
pub(crate) async fn orders(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::GET, "/api/v1/orders");
    let lang = web.lang(&headers);
    match web.app.registry.orders(&me.caller, None, 100).await {
        Ok(page) => {
            let may_print =
                crate::auth::permitted(&me.caller, &Method::GET, "/api/v1/orders/{id}/codes.txt")
                    .is_ok();
            let data = context! { orders => page.items, may_print, ..me.context() };
            web.page(lang, "/cabinet/orders", "orders.html", data)
        }
        Err(e) => web.failure(lang, "/cabinet/orders", &e.into()),
    }
}

/// `GET /cabinet/aggregation`: pack units into an SSCC or a group pack, take them out, or move
/// them (R4). `api-form.js` sends the form to `POST /api/v1/aggregations`, then shows the
/// aggregate's history here.
pub(crate) async fn aggregation(
    State(web): State<Web>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let me = signed_in!(web, (&headers, peer), Method::POST, "/api/v1/aggregations");
    let lang = web.lang(&headers);
    web.page(
        lang,
        "/cabinet/aggregation",
        "aggregation.html",
        me.context(),
    )
}
