//! The API's OpenAPI 3.1 document (issue 3, DESIGN.md principle 5), generated from the code: every
//! route is registered through `utoipa_axum`'s `routes!`, which takes the handler's
//! `#[utoipa::path]` annotation, so the router and the document cannot drift apart. Handlers
//! name their own outcomes; what every route shares is added here:
//! - an error response without content gets the problem details body (RFC 9457);
//! - a route that needs a caller answers 401, one that reads input answers 400, and every route
//!   that touches the database answers 503 with `Retry-After`.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Content, HttpMethod, OpenApi, RefOr};

/// Tags group the routes in a reader's view of the document.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Tanba hub API",
        version = "1.0.0",
        description = "The marking and traceability hub's REST API (R11). Errors are RFC 9457 \
            problem details with a stable `code`, in the language of `Accept-Language` (kk, ru, en).",
    ),
    components(schemas(crate::problem::Problem)),
    tags(
        (name = "service", description = "Health, readiness, metrics and this document."),
        (name = "public", description = "The public check of a code, without signing in (R7)."),
        (name = "codes", description = "Marking codes: parsing, status (R1, R2)."),
        (name = "registry", description = "Product groups, participants, products (R9)."),
        (name = "emission", description = "Emission orders and print files (R1, R2)."),
        (name = "units", description = "Application, aggregation and traceability (R3, R4, R8)."),
        (name = "documents", description = "Accompanying documents (R10, R17)."),
        (name = "auth", description = "EDS login (R16)."),
        (name = "audit", description = "The audit log (R23)."),
        (name = "rules", description = "Rule sets (R17)."),
        (name = "adapters", description = "Adapters to government systems: outbox, replays, job runs (G1, R6, R12, R13)."),
        (name = "reference", description = "Reference data: versioned classifiers (R20)."),
        (name = "statistics", description = "Statistics for owners: stock, flows, top GTINs (R14)."),
        (name = "pki", description = "The trust store: certifying centres' certificates and CRLs in use (R16)."),
    ),
)]
pub(crate) struct ApiDoc;

/// Paths that never touch the database.
const NO_DATABASE: &[&str] = &[
    "/healthz",
    "/metrics",
    "/api/v1/openapi.json",
    "/api/v1/codes/parse",
    "/api/v1/rule-sets",
];

/// Adds what every route shares (see the module's doc) to the document of all routes.
pub(crate) fn finish(doc: &mut OpenApi) {
    {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token made with `tanba participant token`, or a session token \
                         from `POST /api/v1/auth/login`.",
                    ))
                    .build(),
            ),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            let database = !NO_DATABASE.contains(&path.as_str());
            for method in [
                HttpMethod::Get,
                HttpMethod::Post,
                HttpMethod::Put,
                HttpMethod::Delete,
            ] {
                if let Some(operation) = operation_mut(item, method.clone()) {
                    operation.operation_id = Some(operation_id(&method, path));
                    let who = crate::permissions::allowed(method_name(&method), path)
                        .map_or_else(Vec::new, |a| a.names());
                    let extensions = operation.extensions.get_or_insert_with(Default::default);
                    extensions.insert("x-tanba-allowed".to_owned(), serde_json::json!(who));
                    add_shared_responses(operation, database);
                }
            }
        }
    }
}

fn operation_mut(
    item: &mut utoipa::openapi::PathItem,
    method: HttpMethod,
) -> Option<&mut Operation> {
    match method {
        HttpMethod::Get => item.get.as_mut(),
        HttpMethod::Post => item.post.as_mut(),
        HttpMethod::Put => item.put.as_mut(),
        HttpMethod::Delete => item.delete.as_mut(),
        _ => None,
    }
}

/// A unique, stable operation id from the method and path (`get_orders_id_codes_txt`): handler
/// names repeat across modules (`list`, `get`), and client generators need unique ids.
fn operation_id(method: &HttpMethod, path: &str) -> String {
    let method = method_name(method);
    let words = path
        .trim_start_matches("/api/v1")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    std::iter::once(method)
        .chain(words)
        .collect::<Vec<_>>()
        .join("_")
}

fn add_shared_responses(operation: &mut Operation, database: bool) {
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let reads_input = operation.request_body.is_some()
        || operation.parameters.as_ref().is_some_and(|ps| {
            ps.iter()
                .any(|p| matches!(p.parameter_in, ParameterIn::Query))
        });
    let shared = [
        (
            reads_input,
            "400",
            "The body or query string does not parse; the problem names the reason.",
        ),
        (secured, "401", "No valid API or session token."),
        (
            database,
            "503",
            "The database is away or behind; retry after `Retry-After` seconds.",
        ),
    ];
    let responses = &mut operation.responses.responses;
    for (applies, status, description) in shared {
        if applies && !responses.contains_key(status) {
            responses.insert(status.to_owned(), RefOr::T(Response::new(description)));
        }
    }
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response
            && status.as_str() >= "400"
            && response.content.is_empty()
        {
            *response = problem_body(response, status == "503");
        }
    }
}

/// The response with an `application/problem+json` body.
fn problem_body(response: &Response, retry_after: bool) -> Response {
    let mut builder = ResponseBuilder::from(response.clone()).content(
        "application/problem+json",
        Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
            "Problem",
        )))),
    );
    if retry_after {
        builder = builder.header(
            "Retry-After",
            utoipa::openapi::header::Header::new(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Integer),
            ),
        );
    }
    builder.build()
}

fn method_name(method: &HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Put => "put",
        HttpMethod::Delete => "delete",
        _ => "other",
    }
}
