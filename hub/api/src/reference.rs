//! `/api/v1/reference` (R20): the classifiers, their entries in force on a day (search by code
//! prefix or by name in kk/ru/en), one entry as of a day, and the operator's CSV import with a
//! dry run. Every signed-in caller reads; only the operator imports.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tanba_domain::{Lang, Msg};
use tanba_reference::{EntryView, ImportReport, ReferenceError, SearchQuery};
use tanba_registry::{Names, Page};

use crate::auth::Authenticated;
use crate::body::Query;
use crate::{ApiError, AppState};

/// The largest CSV file accepted over REST (the full TN VED is about 3 MiB).
pub(crate) const MAX_BODY: usize = 32 << 20;

impl From<ReferenceError> for ApiError {
    fn from(e: ReferenceError) -> Self {
        match e {
            ReferenceError::Refused(refused) => refused.into(),
            rows @ ReferenceError::Rows { .. } => {
                let mut error = ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    rows.code(),
                    Msg::new("reference-file-rejected-title"),
                    rows.msg(),
                );
                for row in rows.rows() {
                    error =
                        error.with_field(format!("/{}/{}", row.line, row.field), row.msg.clone());
                }
                error
            }
        }
    }
}

/// A classifier, named in every language.
#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct ClassifierView {
    /// Its id in URLs and files (`tn-ved`).
    id: &'static str,
    /// Its name.
    names: Names,
    /// Entries in force on the day asked.
    entries: i64,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct AsOf {
    /// The day (YYYY-MM-DD); today in Kazakhstan if absent.
    as_of: Option<String>,
}

#[utoipa::path(
    get, path = "/api/v1/reference", tag = "reference", security(("bearer" = [])),
    params(AsOf),
    responses(
        (status = 200, description = "Every classifier and how many entries it has in force.", body = Vec<ClassifierView>),
        (status = 422, description = "as_of is not a date."),
    )
)]
pub(crate) async fn classifiers(
    State(state): State<AppState>,
    _caller: Authenticated,
    Query(q): Query<AsOf>,
) -> Result<Json<Vec<ClassifierView>>, ApiError> {
    let counts = state.reference.classifiers(q.as_of.as_deref()).await?;
    let text = |lang, msg: &Msg| state.catalogue.render(lang, msg);
    Ok(Json(
        counts
            .into_iter()
            .map(|c| {
                let title = c.classifier.title();
                ClassifierView {
                    id: c.classifier.as_str(),
                    names: Names {
                        kk: text(Lang::Kk, &title),
                        ru: text(Lang::Ru, &title),
                        en: Some(text(Lang::En, &title)),
                    },
                    entries: c.entries,
                }
            })
            .collect(),
    ))
}

#[utoipa::path(
    get, path = "/api/v1/reference/{classifier}", tag = "reference", security(("bearer" = [])),
    params(("classifier" = String, Path, description = "`tn-ved`, `country`, `unit`, `kato`, ..."), SearchQuery),
    responses(
        (status = 200, description = "Entries in force on the day, by code, page by page.", body = Page<EntryView>),
        (status = 404, description = "No such classifier."),
        (status = 422, description = "as_of, parent, cursor, q or limit is invalid; the problem points at it."),
    )
)]
pub(crate) async fn search(
    State(state): State<AppState>,
    _caller: Authenticated,
    Path(classifier): Path<String>,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Page<EntryView>>, ApiError> {
    Ok(Json(state.reference.search(&classifier, q).await?))
}

#[utoipa::path(
    get, path = "/api/v1/reference/{classifier}/{code}", tag = "reference", security(("bearer" = [])),
    params(
        ("classifier" = String, Path, description = "The classifier."),
        ("code" = String, Path, description = "The entry's code."),
        AsOf,
    ),
    responses(
        (status = 200, description = "The version in force on the day.", body = EntryView),
        (status = 404, description = "No such classifier, or no such entry in force that day."),
        (status = 422, description = "The code or as_of is malformed."),
    )
)]
pub(crate) async fn entry(
    State(state): State<AppState>,
    _caller: Authenticated,
    Path((classifier, code)): Path<(String, String)>,
    Query(q): Query<AsOf>,
) -> Result<Json<EntryView>, ApiError> {
    Ok(Json(
        state
            .reference
            .entry(&classifier, &code, q.as_of.as_deref())
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportQuery {
    /// Only report what would change.
    #[serde(default)]
    dry_run: bool,
}

#[utoipa::path(
    post, path = "/api/v1/reference/{classifier}/import", tag = "reference", security(("bearer" = [])),
    params(("classifier" = String, Path, description = "The classifier."), ImportQuery),
    request_body(content = String, content_type = "text/csv",
        description = "The classifier's CSV (code, parent, valid_from, valid_to, name_kk, name_ru, name_en, then attribute columns), or its XML with Content-Type application/xml (docs in tanba_reference::read_xml_entries)."),
    responses(
        (status = 200, description = "What changed (or, with dry_run, would change).", body = ImportReport),
        (status = 403, description = "Only the operator imports reference data."),
        (status = 404, description = "No such classifier."),
        (status = 415, description = "The body is not a CSV (text/csv) or XML (application/xml) file."),
        (status = 422, description = "Rows are wrong; each is named by line and field, nothing changed."),
    )
)]
pub(crate) async fn import(
    State(state): State<AppState>,
    Authenticated(caller): Authenticated,
    Path(classifier): Path<String>,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    let media = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase());
    let extension = match media.as_deref() {
        Some("text/csv") => "csv",
        Some("application/xml" | "text/xml") => "xml",
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "REFERENCE_BODY_NOT_CSV",
                Msg::new("problem-bad-request-title"),
                Msg::new("reference-body-invalid"),
            ));
        }
    };
    let file = format!("{classifier}.{extension}");
    Ok(Json(
        state
            .reference
            .import(&caller, &classifier, &file, &body, q.dry_run)
            .await?,
    ))
}
