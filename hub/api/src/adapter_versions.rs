//! Adapter versions for the operator (issue 7, R17): deploy a signed adapter package, list the
//! stored ones, activate a version, roll back. The same calls and audit as rule sets
//! (`rule_sets::manage`): one package lifecycle (`tanba_rules::PackageShelf`), an adapter's
//! slot `@adapter/<id>`, every node switching within a second through `NOTIFY tanba_plugins`.
//! Adapters speak for the hub itself, so only the operator manages them (and only the
//! operator's key carries the `@adapters` scope).

use axum::Json;
use axum::extract::{Path, State};
use http::StatusCode;
use serde::{Deserialize, Serialize};
use tanba_adapters::AdapterError;
use tanba_domain::Msg;
use tanba_plugin_host::LoadedAdapter;

use crate::auth::Authenticated;
use crate::body::JsonBody;
use crate::rule_sets::manage::{Deployed, PackageUpload, audited, package};
use crate::{ApiError, AppState};

/// The adapters' refusals as problems: the package's own (shared with rule sets) as there;
/// an unconfigured adapter 404; nothing to roll back 409; a version that does not load or
/// does not fit this node's settings 422.
fn problem(e: AdapterError) -> ApiError {
    let (status, title, code) = match e {
        AdapterError::Package(rules) => return rules.into(),
        AdapterError::Store(store) => return store.into(),
        AdapterError::NotConfigured { .. } => (
            StatusCode::NOT_FOUND,
            "problem-not-found-title",
            "ADAPTER_NOT_CONFIGURED",
        ),
        AdapterError::NothingToRollBack { .. } => (
            StatusCode::CONFLICT,
            "problem-conflict-title",
            "ADAPTER_NOTHING_TO_ROLL_BACK",
        ),
        AdapterError::Plugin(ref plugin) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "problem-invalid-title",
            plugin.code(),
        ),
        _ => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "problem-invalid-title",
            "ADAPTER_CONFIG",
        ),
    };
    ApiError::new(status, code, Msg::new(title), e.msg())
}

/// The adapters of this node, or the refusal naming `adapter`.
fn adapters<'a>(
    state: &'a AppState,
    adapter: &str,
) -> Result<&'a tanba_adapters::Adapters, AdapterError> {
    state
        .adapters
        .as_ref()
        .ok_or_else(|| AdapterError::NotConfigured {
            adapter: adapter.to_owned(),
        })
}

/// An adapter package as the operator hands it over: the rule-set package's parts plus the
/// WSDL its manifest names.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdapterUpload {
    /// `manifest.toml`, exactly as signed (`kind = "adapter"`).
    manifest: String,
    /// The component, base64.
    component: String,
    /// The operator's publisher key id (registered with the `@adapters` scope).
    key_id: String,
    /// The Ed25519 signature, 128 hex digits.
    ed25519: String,
    /// `service.wsdl`, when the manifest names one by `wsdl_sha256` (then required).
    wsdl: Option<String>,
}

/// A stored adapter package.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct AdapterPackageView {
    adapter: String,
    version: String,
    /// SHA-256 of the component, hex.
    component_sha256: String,
    key_id: String,
    uploaded_at: String,
    /// Whether it is the version every node runs.
    active: bool,
}

#[utoipa::path(
    get, path = "/api/v1/adapters/packages", tag = "adapters", security(("bearer" = [])),
    responses(
        (status = 200, description = "Every stored adapter package, newest upload first.", body = Vec<AdapterPackageView>),
        (status = 403, description = "Only the operator manages adapters."),
    )
)]
pub(crate) async fn packages(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
) -> Result<Json<Vec<AdapterPackageView>>, ApiError> {
    caller.require_operator()?;
    let stored = state
        .rules
        .shelf()
        .packages(tanba_plugin_host::PluginKind::Adapter)
        .await?;
    Ok(Json(
        stored
            .into_iter()
            .map(|p| AdapterPackageView {
                adapter: p.plugin_id,
                version: p.version,
                component_sha256: p.component_sha256,
                key_id: p.key_id,
                uploaded_at: p.uploaded_at,
                active: !p.active_for.is_empty(),
            })
            .collect(),
    ))
}

#[utoipa::path(
    post, path = "/api/v1/adapters/packages", tag = "adapters", security(("bearer" = [])),
    request_body = AdapterUpload,
    responses(
        (status = 201, description = "Verified, compiled and stored; not active yet.", body = Deployed),
        (status = 200, description = "The same package was already stored.", body = Deployed),
        (status = 403, description = "Only the operator deploys adapters."),
        (status = 409, description = "This version is stored with another component."),
        (status = 413, description = "Over the body limit."),
        (status = 422, description = "Unsigned, wrongly signed, a key without the @adapters scope, not an adapter, a WSDL other than the manifest names, or over the size limit; nothing is stored."),
    )
)]
pub(crate) async fn deploy(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    JsonBody(upload): JsonBody<AdapterUpload>,
) -> Result<(StatusCode, Json<Deployed>), ApiError> {
    let wsdl = upload.wsdl.map(String::into_bytes);
    let package = package(PackageUpload {
        manifest: upload.manifest,
        component: upload.component,
        key_id: upload.key_id,
        ed25519: upload.ed25519,
    })?;
    let work = state
        .rules
        .shelf()
        .deploy::<LoadedAdapter>(package, wsdl, &caller.id);
    let permitted = caller.require_operator();
    let outcome = audited(
        &state,
        &caller,
        permitted,
        ("adapter.deploy", "adapters"),
        work,
    )
    .await?;
    Ok(Deployed::answer(outcome))
}

/// A version of an adapter.
#[derive(Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdapterVersion {
    /// Its semver version, as deployed.
    version: String,
}

#[utoipa::path(
    put, path = "/api/v1/adapters/{adapter}/version", tag = "adapters", security(("bearer" = [])),
    params(("adapter" = String, Path, description = "The adapter's id.")),
    request_body = AdapterVersion,
    responses(
        (status = 204, description = "Active on every node within a second; queued events and messages are handled by it from then on, steps in flight finish on the version they started with."),
        (status = 403, description = "Only the operator activates adapters."),
        (status = 404, description = "No such package, or the adapter is not configured on this node."),
        (status = 422, description = "The package does not load, or does not fit this node's settings for the adapter."),
    )
)]
pub(crate) async fn activate(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(adapter): Path<String>,
    JsonBody(v): JsonBody<AdapterVersion>,
) -> Result<StatusCode, ApiError> {
    let object = format!("{adapter}@{}", v.version);
    let work = async {
        let adapters = adapters(&state, &adapter).map_err(problem)?;
        adapters
            .activate(&adapter, &v.version, &caller.id)
            .await
            .map_err(problem)
    };
    let permitted = caller.require_operator();
    audited(
        &state,
        &caller,
        permitted,
        ("adapter.activate", &object),
        work,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post, path = "/api/v1/adapters/{adapter}/rollback", tag = "adapters", security(("bearer" = [])),
    params(("adapter" = String, Path, description = "The adapter's id.")),
    responses(
        (status = 200, description = "The adapter runs the version it ran before; here it is.", body = AdapterVersion),
        (status = 403, description = "Only the operator rolls adapters back."),
        (status = 404, description = "The adapter is not configured on this node."),
        (status = 409, description = "No earlier version to return to."),
        (status = 422, description = "The earlier version no longer fits this node's settings."),
    )
)]
pub(crate) async fn rollback(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(adapter): Path<String>,
) -> Result<Json<AdapterVersion>, ApiError> {
    let work = async {
        let adapters = adapters(&state, &adapter).map_err(problem)?;
        adapters
            .rollback(&adapter, &caller.id)
            .await
            .map_err(problem)
    };
    let permitted = caller.require_operator();
    let version = audited(
        &state,
        &caller,
        permitted,
        ("adapter.rollback", &adapter),
        work,
    )
    .await?;
    Ok(Json(AdapterVersion { version }))
}
