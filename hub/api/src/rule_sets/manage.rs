//! Managing rule sets over REST (issue 4, R17): a sector regulator deploys, activates, rolls
//! back and shadow-runs its own product groups' rule sets; the operator may do so for every
//! group. The same `RuleRegistry` calls as `tanba plugin ...` on the CLI; a change is live on
//! every node within a second (LISTEN/NOTIFY). Every action, done or refused, is audited.

use axum::Json;
use axum::extract::{Path, State};
use base64::Engine as _;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use tanba_domain::Msg;
use tanba_plugin_host::{PackageSignature, PluginPackage};
use tanba_registry::{Caller, RegistryError};
use tanba_rules::{DeployOutcome, RulesError};

use crate::auth::Authenticated;
use crate::body::{JsonBody, Query};
use crate::{ApiError, AppState};

/// The largest package body: a 16 MiB component in base64 plus its manifest.
pub(crate) const MAX_BODY: usize = 24 << 20;

impl From<RulesError> for ApiError {
    fn from(e: RulesError) -> Self {
        let e = match e {
            RulesError::Store(store) => return store.into(),
            other => other,
        };
        let (status, title) = match &e {
            RulesError::VersionExists { .. } | RulesError::NothingToRollBack { .. } => {
                (StatusCode::CONFLICT, "problem-conflict-title")
            }
            RulesError::UnknownPackage { .. } => (StatusCode::NOT_FOUND, "problem-not-found-title"),
            _ => (StatusCode::UNPROCESSABLE_ENTITY, "problem-invalid-title"),
        };
        ApiError::new(status, e.code(), Msg::new(title), e.msg())
    }
}

/// Runs `work` if the caller governs `groups`, and audits `action` on `object` with its
/// outcome, refusals included.
async fn governed<T>(
    state: &AppState,
    caller: &Caller,
    groups: &[String],
    what: (&str, &str),
    work: impl Future<Output = Result<T, RulesError>>,
) -> Result<T, ApiError> {
    let permitted = caller.require_regulator_of(groups);
    audited(state, caller, permitted, what, work).await
}

/// Runs `work` if `permitted`, and audits `action` on `object` with its outcome, refusals
/// included (rule sets and adapters alike).
pub(crate) async fn audited<T, E: Into<ApiError>>(
    state: &AppState,
    caller: &Caller,
    permitted: Result<(), RegistryError>,
    (action, object): (&str, &str),
    work: impl Future<Output = Result<T, E>>,
) -> Result<T, ApiError> {
    let result = match permitted {
        Ok(()) => work.await.map_err(Into::into),
        Err(refused) => Err(refused.into()),
    };
    let outcome = match &result {
        Ok(_) => "ok".to_owned(),
        Err(e) => format!("refused:{}", e.code()),
    };
    state
        .db
        .audit_alone(&caller.audit(action, object, &outcome))
        .await?;
    result
}

/// A rule-set package as a publisher hands it over: the same three parts as a package
/// directory (`manifest.toml`, `component.wasm`, `signature.toml`).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PackageUpload {
    /// `manifest.toml`, exactly as signed.
    pub(crate) manifest: String,
    /// The component, base64.
    pub(crate) component: String,
    /// The publisher key's id, as registered for the package's product groups.
    pub(crate) key_id: String,
    /// The Ed25519 signature, 128 hex digits.
    pub(crate) ed25519: String,
}

/// A stored package.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct PackageView {
    plugin: String,
    version: String,
    product_groups: Vec<String>,
    /// SHA-256 of the component, hex.
    component_sha256: String,
    key_id: String,
    uploaded_at: String,
    /// Groups where it is the active version.
    active_for: Vec<String>,
    /// Groups where it runs as the shadow candidate.
    shadow_for: Vec<String>,
}

/// What a deployment did.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct Deployed {
    /// `id@version`.
    plugin: String,
    /// `false` when the same package was already stored (a resubmission).
    stored: bool,
}

impl Deployed {
    /// The answer to a deployment: 201 when stored, 200 when it was already.
    pub(crate) fn answer(outcome: DeployOutcome) -> (StatusCode, Json<Deployed>) {
        let (status, plugin, stored) = match outcome {
            DeployOutcome::Stored { label } => (StatusCode::CREATED, label, true),
            DeployOutcome::AlreadyStored { label } => (StatusCode::OK, label, false),
        };
        (status, Json(Deployed { plugin, stored }))
    }
}

#[utoipa::path(
    get, path = "/api/v1/rule-sets/packages", tag = "rules", security(("bearer" = [])),
    responses((status = 200, description = "Stored packages: all for the operator, those serving its groups for a regulator; where each is active and where it shadow-runs.", body = Vec<PackageView>))
)]
pub(crate) async fn packages(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<Vec<PackageView>>, ApiError> {
    let all = state.rules.packages().await?;
    let shadows = state.rules.shadows().await?;
    let visible = all
        .into_iter()
        .filter(|p| caller.is_operator() || caller.regulates_any(&p.product_groups))
        .map(|p| PackageView {
            shadow_for: shadows
                .iter()
                .filter(|s| s.plugin_id == p.plugin_id && s.version == p.version)
                .map(|s| s.product_group.clone())
                .collect(),
            plugin: p.plugin_id,
            version: p.version,
            product_groups: p.product_groups,
            component_sha256: p.component_sha256,
            key_id: p.key_id,
            uploaded_at: p.uploaded_at,
            active_for: p.active_for,
        })
        .collect();
    Ok(Json(visible))
}

#[utoipa::path(
    post, path = "/api/v1/rule-sets/packages", tag = "rules", security(("bearer" = [])),
    request_body = PackageUpload,
    responses(
        (status = 201, description = "Verified, compiled and stored; not active yet.", body = Deployed),
        (status = 200, description = "The same package was already stored.", body = Deployed),
        (status = 403, description = "The caller does not regulate every group the package serves."),
        (status = 409, description = "This version is stored with another component."),
        (status = 413, description = "Over the body limit."),
        (status = 422, description = "Unsigned, wrongly signed, a publisher of another group, not the rule-set world, or over the size limit; nothing is stored."),
    )
)]
pub(crate) async fn deploy(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(upload): JsonBody<PackageUpload>,
) -> Result<(StatusCode, Json<Deployed>), ApiError> {
    let package = package(upload)?;
    let groups = std::str::from_utf8(&package.manifest)
        .map_err(|_| {
            RegistryError::invalid(
                "/manifest",
                "MANIFEST_ENCODING",
                Msg::new("rules-manifest-encoding"),
            )
        })
        .and_then(|text| {
            tanba_plugin_host::Manifest::parse(text)
                .map_err(|e| RegistryError::invalid("/manifest", e.code(), e.msg()))
        })?
        .product_groups;
    let object = groups.join(",");
    let work = state.rules.deploy(package, &caller.id);
    let outcome = governed(&state, &caller, &groups, ("rule-set.deploy", &object), work).await?;
    Ok(Deployed::answer(outcome))
}

/// The upload's parts decoded; a malformed part is named.
pub(crate) fn package(upload: PackageUpload) -> Result<PluginPackage, RegistryError> {
    let component = base64::engine::general_purpose::STANDARD
        .decode(upload.component.trim())
        .map_err(|_| {
            RegistryError::invalid(
                "/component",
                "COMPONENT_ENCODING",
                Msg::new("rules-component-encoding"),
            )
        })?;
    let signature = PackageSignature::from_hex(upload.key_id, &upload.ed25519)
        .map_err(|e| RegistryError::invalid("/ed25519", e.code(), e.msg()))?;
    Ok(PluginPackage {
        manifest: upload.manifest.into_bytes(),
        component,
        signature,
    })
}

/// A version of a plugin.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Version {
    /// Plugin id.
    plugin: String,
    /// Its semver version.
    version: String,
}

#[utoipa::path(
    put, path = "/api/v1/product-groups/{id}/rule-set", tag = "rules", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product group id.")),
    request_body = Version,
    responses(
        (status = 204, description = "Active on every node within a second; calls in flight finish on the version they started with."),
        (status = 403, description = "The caller does not regulate this group."),
        (status = 404, description = "No such package."),
        (status = 422, description = "The package does not serve this group, or does not load."),
    )
)]
pub(crate) async fn activate(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(group): Path<String>,
    JsonBody(v): JsonBody<Version>,
) -> Result<StatusCode, ApiError> {
    let object = format!("{group}:{}@{}", v.plugin, v.version);
    let groups = std::slice::from_ref(&group);
    let work = state
        .rules
        .activate(&v.plugin, &v.version, groups, &caller.id);
    governed(
        &state,
        &caller,
        groups,
        ("rule-set.activate", &object),
        work,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/api/v1/product-groups/{id}/rule-set/rollback", tag = "rules", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product group id.")),
    responses(
        (status = 200, description = "The group runs the version it ran before; here it is.", body = Version),
        (status = 403, description = "The caller does not regulate this group."),
        (status = 409, description = "No earlier version to return to."),
    )
)]
pub(crate) async fn rollback(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(group): Path<String>,
) -> Result<Json<VersionView>, ApiError> {
    let work = state.rules.rollback(&group, &caller.id);
    let groups = std::slice::from_ref(&group);
    let previous = governed(&state, &caller, groups, ("rule-set.rollback", &group), work).await?;
    Ok(Json(VersionView {
        plugin: previous.plugin_id,
        version: previous.version,
    }))
}

/// A version of a plugin, as answered.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct VersionView {
    plugin: String,
    version: String,
}

#[utoipa::path(
    put, path = "/api/v1/product-groups/{id}/shadow", tag = "rules", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product group id.")),
    request_body = Version,
    responses(
        (status = 204, description = "The candidate runs beside the active rule set on live calls; only the active verdict counts."),
        (status = 403, description = "The caller does not regulate this group."),
        (status = 404, description = "No such package."),
        (status = 422, description = "The package does not serve this group, or does not load."),
    )
)]
pub(crate) async fn start_shadow(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(group): Path<String>,
    JsonBody(v): JsonBody<Version>,
) -> Result<StatusCode, ApiError> {
    let object = format!("{group}:{}@{}", v.plugin, v.version);
    let work = state
        .rules
        .start_shadow(&v.plugin, &v.version, &group, &caller.id);
    let groups = std::slice::from_ref(&group);
    governed(&state, &caller, groups, ("rule-set.shadow", &object), work).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete, path = "/api/v1/product-groups/{id}/shadow", tag = "rules", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product group id.")),
    responses(
        (status = 204, description = "Stopped (or there was none)."),
        (status = 403, description = "The caller does not regulate this group."),
    )
)]
pub(crate) async fn stop_shadow(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(group): Path<String>,
) -> Result<StatusCode, ApiError> {
    let work = state.rules.stop_shadow(&group, &caller.id);
    let groups = std::slice::from_ref(&group);
    governed(
        &state,
        &caller,
        groups,
        ("rule-set.shadow-stop", &group),
        work,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many disagreements to read.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportQuery {
    /// At most this many, newest first (1 to 1000, default 100).
    limit: Option<i64>,
}

/// A call on which the candidate answered otherwise than the active rule set.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct DisagreementView {
    /// `check-code`, `check-document` or `check-sale`.
    function: String,
    /// SHA-256 of the input, hex.
    input_sha256: String,
    /// `id@version` of the active rule set.
    active: String,
    /// `id@version` of the candidate.
    candidate: String,
    /// What the active one answered.
    active_verdict: serde_json::Value,
    /// What the candidate answered.
    candidate_verdict: serde_json::Value,
    observed_at: String,
}

#[utoipa::path(
    get, path = "/api/v1/product-groups/{id}/shadow/disagreements", tag = "rules", security(("bearer" = [])),
    params(("id" = String, Path, description = "Product group id."), ReportQuery),
    responses(
        (status = 200, description = "The newest disagreements of the group's shadow runs.", body = Vec<DisagreementView>),
        (status = 403, description = "The caller does not regulate this group."),
    )
)]
pub(crate) async fn disagreements(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(group): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Json<Vec<DisagreementView>>, ApiError> {
    caller.require_regulator_of(std::slice::from_ref(&group))?;
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    let rows = state.rules.shadow_report(&group, limit).await?;
    Ok(Json(
        rows.into_iter()
            .map(|d| DisagreementView {
                function: d.function,
                input_sha256: hex_of(&d.input_sha256),
                active: d.active,
                candidate: d.candidate,
                active_verdict: d.active_verdict,
                candidate_verdict: d.candidate_verdict,
                observed_at: d.observed_at,
            })
            .collect(),
    ))
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
