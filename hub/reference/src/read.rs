//! Reading reference data (R20): the classifiers, entries in force on a day with search by
//! code prefix or by name in any language, one entry as of a day, and the lists rule sets get.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tanba_domain::Msg;
use tanba_registry::{Names, Page, RegistryError};
use tanba_store::{ReferenceQuery, ReferenceRow};
use time::Date;

use crate::day::{format_day, parse_day, today_in_kazakhstan};
use crate::{Classifier, Reference, ReferenceError};

/// The longest search text, in characters.
const MAX_QUERY: usize = 100;
/// The TN VED codes of a product group, as its rule set receives them.
pub const TN_VED_ALLOWED: &str = "tn-ved-allowed";

/// A classifier and how many entries it has in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassifierCount {
    /// The classifier.
    pub classifier: Classifier,
    /// Entries in force on the day asked.
    pub entries: i64,
}

/// One entry as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct EntryView {
    /// Its code.
    pub code: String,
    /// The entry above it (a TN VED heading's chapter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Its names.
    pub names: Names,
    /// Further attributes (`alpha3`, `numeric`, `product_groups`, ...).
    pub attributes: BTreeMap<String, String>,
    /// The first day this version is in force (YYYY-MM-DD).
    pub valid_from: String,
    /// The first day it no longer is, if it ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
}

impl From<ReferenceRow> for EntryView {
    fn from(r: ReferenceRow) -> Self {
        EntryView {
            code: r.code,
            parent: r.parent_code,
            names: Names::from_json(&r.names),
            attributes: serde_json::from_value(r.attributes).unwrap_or_default(),
            valid_from: r.valid_from,
            valid_to: r.valid_to,
        }
    }
}

/// A search of one classifier.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// A code prefix (`64`), or part of a name in Kazakh, Russian or English.
    pub q: Option<String>,
    /// The day (YYYY-MM-DD); today in Kazakhstan if absent.
    pub as_of: Option<String>,
    /// Only the children of this code.
    pub parent: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// At most this many (1-500, default 100).
    pub limit: Option<i64>,
}

fn invalid(field: &str, code: &'static str, msg: Msg) -> ReferenceError {
    RegistryError::invalid(format!("/{field}"), code, msg).into()
}

/// The classifier named `id`, or a 404 listing the known ones.
pub(crate) fn classifier(id: &str) -> Result<Classifier, ReferenceError> {
    Classifier::parse(id).ok_or_else(|| {
        let known: Vec<&str> = Classifier::ALL.iter().map(|c| c.as_str()).collect();
        RegistryError::not_found(
            "REFERENCE_CLASSIFIER_UNKNOWN",
            Msg::new("reference-classifier-unknown")
                .with("classifier", id)
                .with("known", known.join(", ")),
        )
        .into()
    })
}

/// `as_of` parsed, or today in Kazakhstan.
fn day(as_of: Option<&str>) -> Result<Date, ReferenceError> {
    match as_of {
        None => Ok(today_in_kazakhstan()),
        Some(text) => parse_day(text).ok_or_else(|| {
            invalid(
                "as_of",
                "REFERENCE_AS_OF_INVALID",
                Msg::new("reference-as-of-invalid").with("value", text),
            )
        }),
    }
}

/// A code in a query: written as the classifier's codes are.
fn code_param(
    classifier: Classifier,
    field: &str,
    value: Option<String>,
) -> Result<Option<String>, ReferenceError> {
    match value {
        Some(code) if !classifier.shape().fits(&code) => Err(invalid(
            field,
            "REFERENCE_CODE_INVALID",
            Msg::new("reference-query-code-invalid")
                .with("field", field)
                .with("value", &code)
                .with("form", classifier.shape().describe()),
        )),
        other => Ok(other),
    }
}

impl Reference {
    /// Every classifier with how many entries it has in force on `as_of` (today if absent).
    pub async fn classifiers(
        &self,
        as_of: Option<&str>,
    ) -> Result<Vec<ClassifierCount>, ReferenceError> {
        let counts = self.db.reference_counts(&format_day(day(as_of)?)).await?;
        Ok(Classifier::ALL
            .iter()
            .map(|&classifier| ClassifierCount {
                classifier,
                entries: counts
                    .iter()
                    .find(|(id, _)| id == classifier.as_str())
                    .map_or(0, |(_, n)| *n),
            })
            .collect())
    }

    /// Entries of `classifier` in force on the query's day, by code, page by page.
    pub async fn search(
        &self,
        classifier_id: &str,
        query: SearchQuery,
    ) -> Result<Page<EntryView>, ReferenceError> {
        let classifier = classifier(classifier_id)?;
        let limit = query.limit.unwrap_or(100);
        if !(1..=500).contains(&limit) {
            return Err(invalid(
                "limit",
                "REFERENCE_LIMIT_INVALID",
                Msg::new("reference-limit-invalid").with("max", 500),
            ));
        }
        let text = query
            .q
            .map(|q| q.trim().to_lowercase())
            .filter(|q| !q.is_empty());
        if text.as_ref().is_some_and(|q| q.chars().count() > MAX_QUERY) {
            return Err(invalid(
                "q",
                "REFERENCE_QUERY_TOO_LONG",
                Msg::new("reference-query-too-long").with("max", MAX_QUERY),
            ));
        }
        let rows = self
            .db
            .reference_search(&ReferenceQuery {
                classifier: classifier.as_str().to_owned(),
                as_of: format_day(day(query.as_of.as_deref())?),
                text,
                parent: code_param(classifier, "parent", query.parent)?,
                after: code_param(classifier, "cursor", query.cursor)?,
                limit,
            })
            .await?;
        let full = i64::try_from(rows.len()).unwrap_or(i64::MAX) >= limit;
        let next_cursor = if full {
            rows.last().map(|r| r.code.clone())
        } else {
            None
        };
        Ok(Page {
            items: rows.into_iter().map(EntryView::from).collect(),
            next_cursor,
        })
    }

    /// The version of `code` in force on `as_of` (today if absent).
    pub async fn entry(
        &self,
        classifier_id: &str,
        code: &str,
        as_of: Option<&str>,
    ) -> Result<EntryView, ReferenceError> {
        let classifier = classifier(classifier_id)?;
        let code = code_param(classifier, "code", Some(code.to_owned()))?.unwrap_or_default();
        let day = format_day(day(as_of)?);
        self.db
            .reference_entry(classifier.as_str(), &code, &day)
            .await?
            .map(EntryView::from)
            .ok_or_else(|| {
                RegistryError::not_found(
                    "REFERENCE_ENTRY_NOT_FOUND",
                    Msg::new("reference-entry-not-found")
                        .with("classifier", classifier.as_str())
                        .with("code", &code)
                        .with("day", &day),
                )
                .into()
            })
    }

    /// The reference lists the rule set of `group` receives for a document of `day` (through
    /// the WIT `context.reference`): `tn-ved-allowed`, the TN VED codes in force that day
    /// whose `product_groups` name the group. A list with no entries is left out, so the rule
    /// set can say the reference data is missing rather than refuse every product.
    pub async fn rule_lists(
        &self,
        group: &str,
        day: Date,
    ) -> Result<Vec<(String, Vec<String>)>, ReferenceError> {
        let codes = self
            .db
            .reference_codes_tagged(
                Classifier::TnVed.as_str(),
                &format_day(day),
                "product_groups",
                group,
            )
            .await?;
        Ok(if codes.is_empty() {
            Vec::new()
        } else {
            vec![(TN_VED_ALLOWED.to_owned(), codes)]
        })
    }
}
