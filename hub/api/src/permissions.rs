//! The permission matrix (issue 6): who may call each operation, in one place. The `Authenticated`
//! extractor enforces it before a handler runs (an operation missing here is refused: fail
//! closed), and the OpenAPI document shows it as `x-tanba-allowed` on every operation. The
//! services then decide what a permitted caller may see and change (its own codes, documents,
//! products; a regulator's own groups).

use tanba_domain::Role::{self, *};

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allowed {
    /// Anyone, without credentials.
    Public,
    /// Every signed-in participant (what it sees is its own, by the service's rules).
    SignedIn,
    /// Participants with one of these roles.
    Roles(&'static [Role]),
}

/// Whoever holds goods: makes, imports, trades or sells them, and the government systems that
/// report on them (customs, fiscal data, EAEU).
const TRADERS: Allowed = Allowed::Roles(&[
    Manufacturer,
    Importer,
    Wholesaler,
    Retailer,
    GovernmentSystem,
]);
/// Whoever brings codes into being: orders them and reports them applied.
const MAKERS: Allowed = Allowed::Roles(&[Manufacturer, Importer]);
/// Makers read their orders; the operator reads every order but never prints codes.
const ORDER_READERS: Allowed = Allowed::Roles(&[Manufacturer, Importer, Operator]);
/// Product owners and the operator write the catalogue.
const CATALOGUE: Allowed = Allowed::Roles(&[Manufacturer, Importer, Operator]);
/// Sector regulators (their own groups, checked by the service) and the operator.
const GOVERNORS: Allowed = Allowed::Roles(&[Regulator, Operator]);
const OPERATOR: Allowed = Allowed::Roles(&[Operator]);
/// Who reads the de-personalised exports (R15): analytic systems and the operator.
const ANALYSTS: Allowed = Allowed::Roles(&[Analyst, Operator]);
/// Whoever owns goods reads its own statistics (R14); the operator reads anyone's.
const OWNERS: Allowed = Allowed::Roles(&[
    Manufacturer,
    Importer,
    Wholesaler,
    Retailer,
    GovernmentSystem,
    Operator,
]);

use Allowed::{Public, SignedIn};

/// Every operation: method, path template as routed, who may call it.
const MATRIX: &[(&str, &str, Allowed)] = &[
    ("GET", "/healthz", Public),
    ("GET", "/readyz", Public),
    ("GET", "/metrics", Public),
    ("GET", "/api/v1/openapi.json", Public),
    ("GET", "/api/v1/rule-sets", Public),
    ("POST", "/api/v1/codes/parse", Public),
    ("GET", "/api/v1/public/check", Public),
    ("POST", "/api/v1/public/check", Public),
    ("POST", "/api/v1/public/check/photo", Public),
    ("POST", "/api/v1/auth/challenge", Public),
    ("POST", "/api/v1/auth/login", Public),
    ("GET", "/api/v1/me", SignedIn),
    ("GET", "/api/v1/audit", OPERATOR),
    ("GET", "/api/v1/product-groups", SignedIn),
    ("GET", "/api/v1/product-groups/{id}", SignedIn),
    ("PUT", "/api/v1/product-groups/{id}", OPERATOR),
    ("POST", "/api/v1/product-groups/{id}/keys", OPERATOR),
    ("GET", "/api/v1/participants", SignedIn),
    ("POST", "/api/v1/participants", OPERATOR),
    ("GET", "/api/v1/participants/{id}", SignedIn),
    ("PUT", "/api/v1/participants/{id}", OPERATOR),
    ("GET", "/api/v1/products", SignedIn),
    ("GET", "/api/v1/products/{gtin}", SignedIn),
    ("PUT", "/api/v1/products/{gtin}", CATALOGUE),
    ("GET", "/api/v1/orders", ORDER_READERS),
    ("POST", "/api/v1/orders", MAKERS),
    ("GET", "/api/v1/orders/{id}", ORDER_READERS),
    ("GET", "/api/v1/orders/{id}/codes.txt", MAKERS),
    ("GET", "/api/v1/orders/{id}/codes.csv", MAKERS),
    ("POST", "/api/v1/orders/{id}/applied", MAKERS),
    ("POST", "/api/v1/codes/status", SignedIn),
    ("POST", "/api/v1/aggregations", TRADERS),
    ("GET", "/api/v1/units/trace", SignedIn),
    ("GET", "/api/v1/units/contents", SignedIn),
    ("GET", "/api/v1/documents", SignedIn),
    ("POST", "/api/v1/documents", TRADERS),
    ("GET", "/api/v1/documents/{id}", SignedIn),
    ("GET", "/api/v1/rule-sets/packages", GOVERNORS),
    ("POST", "/api/v1/rule-sets/packages", GOVERNORS),
    ("PUT", "/api/v1/product-groups/{id}/rule-set", GOVERNORS),
    (
        "POST",
        "/api/v1/product-groups/{id}/rule-set/rollback",
        GOVERNORS,
    ),
    ("PUT", "/api/v1/product-groups/{id}/shadow", GOVERNORS),
    ("DELETE", "/api/v1/product-groups/{id}/shadow", GOVERNORS),
    (
        "GET",
        "/api/v1/product-groups/{id}/shadow/disagreements",
        GOVERNORS,
    ),
    ("GET", "/api/v1/clone-signals", GOVERNORS),
    ("GET", "/api/v1/adapters/outbox", OPERATOR),
    ("POST", "/api/v1/adapters/outbox/{id}/replay", OPERATOR),
    ("GET", "/api/v1/adapters/jobs", OPERATOR),
    (
        "POST",
        "/api/v1/adapters/jobs/{adapter}/{job}/run",
        OPERATOR,
    ),
    // External government systems calling an adapter's inbound endpoint (issue 7).
    (
        "GET",
        "/soap/{adapter}",
        Allowed::Roles(&[GovernmentSystem, Operator]),
    ),
    (
        "POST",
        "/soap/{adapter}/{endpoint}",
        Allowed::Roles(&[GovernmentSystem]),
    ),
    ("GET", "/api/v1/reference", SignedIn),
    ("GET", "/api/v1/reference/{classifier}", SignedIn),
    ("GET", "/api/v1/reference/{classifier}/{code}", SignedIn),
    ("POST", "/api/v1/reference/{classifier}/import", OPERATOR),
    ("POST", "/api/v1/public/violations", Public),
    ("GET", "/api/v1/violations", GOVERNORS),
    ("GET", "/api/v1/violations/{id}", GOVERNORS),
    ("GET", "/api/v1/violations/{id}/photo", GOVERNORS),
    ("PUT", "/api/v1/violations/{id}/status", GOVERNORS),
    ("GET", "/api/v1/exports", ANALYSTS),
    ("POST", "/api/v1/exports", OPERATOR),
    ("GET", "/api/v1/exports/{id}", ANALYSTS),
    ("GET", "/api/v1/exports/{id}/file", ANALYSTS),
    ("GET", "/api/v1/statistics/stock", OWNERS),
    ("GET", "/api/v1/statistics/flows", OWNERS),
    ("GET", "/api/v1/statistics/top-gtins", OWNERS),
];

/// Who may call `method path` (`path` as routed, e.g. `/api/v1/orders/{id}`); `None` for an
/// operation the matrix does not name.
pub(crate) fn allowed(method: &str, path: &str) -> Option<Allowed> {
    MATRIX
        .iter()
        .find(|(m, p, _)| m.eq_ignore_ascii_case(method) && *p == path)
        .map(|(_, _, allowed)| *allowed)
}

impl Allowed {
    /// Whether a signed-in caller with `roles` may call.
    pub(crate) fn admits(self, roles: &[Role]) -> bool {
        match self {
            Allowed::Public | Allowed::SignedIn => true,
            Allowed::Roles(allowed) => roles.iter().any(|r| allowed.contains(r)),
        }
    }

    /// As the OpenAPI document shows it: `public`, `signed-in`, or the role names.
    pub(crate) fn names(self) -> Vec<&'static str> {
        match self {
            Allowed::Public => vec!["public"],
            Allowed::SignedIn => vec!["signed-in"],
            Allowed::Roles(roles) => roles.iter().map(|r| r.as_str()).collect(),
        }
    }
}
