//! What an import changes (R20), decided without IO from the file's entries and the stored
//! versions: added versions, changed ones, and versions that end because a later one starts.
//! The same plan is the dry run's report and the real import's writes.
//!
//! A file may hold some versions of some codes (a change list) or all of them: versions it
//! does not mention stay as they are, except that one still in force when a newer version of
//! the file starts ends that day. A version of the file with an empty `valid_to` is in force
//! until the next version of its code; one whose explicit end runs into the next is refused,
//! naming its line.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use tanba_domain::Msg;
use tanba_store::{ReferenceChanges, ReferenceRow};

use crate::classifier::Classifier;
use crate::day::format_day;
use crate::error::{At, RowErrors};
use crate::file::Entry;

/// One version an import adds, changes or closes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VersionChange {
    /// The entry's code.
    pub code: String,
    /// The version's first day.
    pub valid_from: String,
    /// Its first day no longer in force, after the import.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<String>,
    /// For a changed version: the fields that change (`names`, `parent`, `attributes`,
    /// `valid_to`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<&'static str>,
    /// The file's line that causes it (none for a stored version closed by a later one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// What an import does, or with a dry run would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// The classifier.
    pub classifier: String,
    /// Whether nothing was changed (a dry run).
    pub dry_run: bool,
    /// New versions.
    pub added: Vec<VersionChange>,
    /// Versions whose names, parent, attributes or end change.
    pub changed: Vec<VersionChange>,
    /// Versions that end: closed by the file or by a later version of the file.
    pub closed: Vec<VersionChange>,
    /// Versions of the file already stored as they are.
    pub unchanged: u64,
}

impl ImportReport {
    /// Whether the import changes nothing.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.closed.is_empty()
    }
}

/// The writes and the report of one import.
#[derive(Debug, Clone)]
pub struct Plan {
    /// What to write.
    pub changes: ReferenceChanges,
    /// What to tell.
    pub report: ImportReport,
}

/// The row the store keeps for `entry`.
pub fn row_of(classifier: Classifier, entry: &Entry) -> ReferenceRow {
    let [kk, ru, en] = &entry.names;
    ReferenceRow {
        classifier: classifier.as_str().to_owned(),
        code: entry.code.clone(),
        parent_code: entry.parent.clone(),
        names: serde_json::json!({ "kk": kk, "ru": ru, "en": en }),
        attributes: serde_json::json!(entry.attributes),
        valid_from: format_day(entry.valid_from),
        valid_to: entry.valid_to.map(format_day),
    }
}

/// Plans importing `entries` of `file` over `stored` (every stored version of the classifier).
pub fn plan(
    classifier: Classifier,
    file: &str,
    entries: &[Entry],
    stored: &[ReferenceRow],
) -> Result<Plan, RowErrors> {
    let mut errors = RowErrors::default();
    check_duplicates(file, entries, &mut errors);
    if classifier.is_hierarchical() {
        check_parents(file, entries, stored, &mut errors);
    }
    let Ends {
        stored: closed_by_later,
        file: file_ends,
    } = check_overlaps(classifier, file, entries, stored, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut plan = Plan {
        changes: ReferenceChanges::default(),
        report: ImportReport {
            classifier: classifier.as_str().to_owned(),
            dry_run: true,
            added: Vec::new(),
            changed: Vec::new(),
            closed: Vec::new(),
            unchanged: 0,
        },
    };
    let by_key: HashMap<(&str, &str), &ReferenceRow> = stored
        .iter()
        .map(|r| ((r.code.as_str(), r.valid_from.as_str()), r))
        .collect();
    for entry in entries {
        let mut row = row_of(classifier, entry);
        if row.valid_to.is_none() {
            row.valid_to = file_ends.get(&entry.line).cloned();
        }
        let before = by_key
            .get(&(row.code.as_str(), row.valid_from.as_str()))
            .copied();
        match before {
            None => plan.add(row, entry.line),
            Some(before) => plan.update(before, row, entry.line),
        }
    }
    for (row, to) in closed_by_later {
        plan.report
            .closed
            .push(change(&row, Some(to.clone()), None));
        plan.changes.closed.push((row, to));
    }
    Ok(plan)
}

impl Plan {
    fn add(&mut self, row: ReferenceRow, line: u64) {
        self.report
            .added
            .push(change(&row, row.valid_to.clone(), Some(line)));
        self.changes.added.push(row);
    }

    fn update(&mut self, before: &ReferenceRow, row: ReferenceRow, line: u64) {
        let fields = changed_fields(before, &row);
        if fields.is_empty() {
            self.report.unchanged += 1;
        } else if fields == ["valid_to"] && before.valid_to.is_none() {
            let to = row.valid_to.clone().unwrap_or_default();
            self.report
                .closed
                .push(change(&row, Some(to.clone()), Some(line)));
            self.changes.closed.push((row, to));
        } else {
            let mut view = change(&row, row.valid_to.clone(), Some(line));
            view.fields = fields;
            self.report.changed.push(view);
            self.changes.changed.push(row);
        }
    }
}

fn change(row: &ReferenceRow, valid_to: Option<String>, line: Option<u64>) -> VersionChange {
    VersionChange {
        code: row.code.clone(),
        valid_from: row.valid_from.clone(),
        valid_to,
        fields: Vec::new(),
        line,
    }
}

fn changed_fields(before: &ReferenceRow, after: &ReferenceRow) -> Vec<&'static str> {
    [
        ("names", before.names != after.names),
        ("parent", before.parent_code != after.parent_code),
        ("attributes", before.attributes != after.attributes),
        ("valid_to", before.valid_to != after.valid_to),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect()
}

/// One version per code and first day in a file.
fn check_duplicates(file: &str, entries: &[Entry], errors: &mut RowErrors) {
    let mut first: HashMap<(&str, time::Date), u64> = HashMap::new();
    for e in entries {
        if let Some(line) = first.insert((e.code.as_str(), e.valid_from), e.line) {
            first.insert((e.code.as_str(), e.valid_from), line);
            errors.push(
                At { file, line: e.line }.error(
                    "code",
                    "REFERENCE_DUPLICATE",
                    Msg::new("reference-duplicate")
                        .with("code", &e.code)
                        .with("other", line),
                ),
            );
        }
    }
}

/// A parent must be in the file or already stored.
fn check_parents(file: &str, entries: &[Entry], stored: &[ReferenceRow], errors: &mut RowErrors) {
    let known: HashSet<&str> = entries
        .iter()
        .map(|e| e.code.as_str())
        .chain(stored.iter().map(|r| r.code.as_str()))
        .collect();
    for e in entries {
        if let Some(parent) = e.parent.as_deref().filter(|p| !known.contains(p)) {
            errors.push(At { file, line: e.line }.error(
                "parent",
                "REFERENCE_PARENT_UNKNOWN",
                Msg::new("reference-parent-unknown").with("value", parent),
            ));
        }
    }
}

/// Where a version after the import comes from.
#[derive(Clone, Copy)]
enum Origin<'a> {
    File(&'a Entry),
    Stored(&'a ReferenceRow),
}

/// Where versions with no end of their own end because a later version starts.
#[derive(Default)]
struct Ends {
    /// Stored versions the file does not mention, with their new end.
    stored: Vec<(ReferenceRow, String)>,
    /// The end of a version of the file with an empty `valid_to`, by its line.
    file: HashMap<u64, String>,
}

/// Every code's versions after the import, in order: a version with no end is in force until
/// the next one starts; a version of the file whose explicit end runs into the next is an error
/// on its line.
fn check_overlaps(
    classifier: Classifier,
    file: &str,
    entries: &[Entry],
    stored: &[ReferenceRow],
    errors: &mut RowErrors,
) -> Ends {
    let mut versions: BTreeMap<(&str, String), Origin<'_>> = stored
        .iter()
        .map(|r| ((r.code.as_str(), r.valid_from.clone()), Origin::Stored(r)))
        .collect();
    for e in entries {
        versions.insert((e.code.as_str(), format_day(e.valid_from)), Origin::File(e));
    }
    let mut ends = Ends::default();
    let list: Vec<_> = versions.into_iter().collect();
    for pair in list.windows(2) {
        let [((code, from), first), ((next_code, next_from), _)] = pair else {
            continue;
        };
        if code != next_code {
            continue;
        }
        let end = match first {
            Origin::File(e) => e.valid_to.map(format_day),
            Origin::Stored(r) => r.valid_to.clone(),
        };
        if end.as_ref().is_some_and(|to| to <= next_from) {
            continue;
        }
        match first {
            // The file does not mention it: the newer version supersedes it from its start.
            Origin::Stored(r) => ends.stored.push(((*r).clone(), next_from.clone())),
            Origin::File(e) if e.valid_to.is_none() => {
                ends.file.insert(e.line, next_from.clone());
            }
            // The file says this version lasts past the next one's start: its own mistake.
            Origin::File(e) => errors.push(
                At { file, line: e.line }.error(
                    "valid_to",
                    "REFERENCE_OVERLAP",
                    Msg::new("reference-overlap")
                        .with("code", code)
                        .with("from", from)
                        .with("next", next_from)
                        .with("classifier", classifier.as_str()),
                ),
            ),
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file::read_entries;

    const HEADER: &str = "code,parent,valid_from,valid_to,name_kk,name_ru,name_en\n";

    fn entries(rows: &str) -> Vec<Entry> {
        read_entries(
            Classifier::TnVed,
            "t.csv",
            format!("{HEADER}{rows}").as_bytes(),
        )
        .expect("a good file")
    }

    fn stored(rows: &str) -> Vec<ReferenceRow> {
        entries(rows)
            .iter()
            .map(|e| row_of(Classifier::TnVed, e))
            .collect()
    }

    fn codes(list: &[VersionChange]) -> Vec<(&str, &str, Option<&str>)> {
        list.iter()
            .map(|c| {
                (
                    c.code.as_str(),
                    c.valid_from.as_str(),
                    c.valid_to.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn a_new_version_from_1_january_closes_the_stored_one_on_that_day() {
        let before = stored("64,,2017-01-01,,Аяқ киім,Обувь,Footwear\n");
        let file = entries(
            "64,,2017-01-01,,Аяқ киім,Обувь,Footwear\n\
             64,,2027-01-01,,Аяқ киім және ұқсас бұйымдар,Обувь и аналогичные изделия,Footwear and the like\n\
             6401,64,2017-01-01,,Су өткізбейтін аяқ киім,Обувь водонепроницаемая,Waterproof footwear\n",
        );
        let plan = plan(Classifier::TnVed, "t.csv", &file, &before).expect("a plan");
        let r = &plan.report;
        assert_eq!(
            codes(&r.added),
            [("64", "2027-01-01", None), ("6401", "2017-01-01", None)]
        );
        assert_eq!(codes(&r.closed), [("64", "2017-01-01", Some("2027-01-01"))]);
        assert_eq!(
            r.closed[0].line,
            Some(2),
            "the file's open version ends at the next"
        );
        assert!(r.changed.is_empty());
        assert_eq!(r.unchanged, 0);
        assert_eq!(plan.changes.closed[0].1, "2027-01-01");
        let after: Vec<ReferenceRow> = plan
            .changes
            .added
            .iter()
            .cloned()
            .chain(plan.changes.closed.iter().map(|(row, _)| row.clone()))
            .collect();
        let again = super::plan(Classifier::TnVed, "t.csv", &file, &after).expect("again");
        assert!(again.report.is_empty(), "{:?}", again.report);
        assert_eq!(again.report.unchanged, 3);
    }

    #[test]
    fn a_changed_name_is_a_change_and_the_same_file_twice_changes_nothing() {
        let before = stored("64,,2017-01-01,,Аяқ киім,Обувь,Footwear\n");
        let file = entries("64,,2017-01-01,,Аяқ киім,Обувь,Shoes\n");
        let plan1 = plan(Classifier::TnVed, "t.csv", &file, &before).expect("a plan");
        assert_eq!(codes(&plan1.report.changed), [("64", "2017-01-01", None)]);
        assert_eq!(plan1.report.changed[0].fields, ["names"]);
        let after = stored("64,,2017-01-01,,Аяқ киім,Обувь,Shoes\n");
        let plan2 = plan(Classifier::TnVed, "t.csv", &file, &after).expect("a plan");
        assert!(plan2.report.is_empty());
        assert_eq!(plan2.report.unchanged, 1);
    }

    #[test]
    fn a_newer_version_supersedes_a_stored_one_the_file_does_not_mention() {
        let before = stored("64,,2017-01-01,2030-01-01,a,b,c\n");
        let file = entries("64,,2027-01-01,,a,b,d\n");
        let plan = plan(Classifier::TnVed, "t.csv", &file, &before).expect("a plan");
        assert_eq!(
            codes(&plan.report.closed),
            [("64", "2017-01-01", Some("2027-01-01"))]
        );
        assert_eq!(plan.report.closed[0].line, None);
        assert_eq!(codes(&plan.report.added), [("64", "2027-01-01", None)]);
    }

    #[test]
    fn ending_a_version_in_the_file_is_a_close() {
        let before = stored("64,,2017-01-01,,Аяқ киім,Обувь,Footwear\n");
        let file = entries("64,,2017-01-01,2030-01-01,Аяқ киім,Обувь,Footwear\n");
        let plan = plan(Classifier::TnVed, "t.csv", &file, &before).expect("a plan");
        assert_eq!(
            codes(&plan.report.closed),
            [("64", "2017-01-01", Some("2030-01-01"))]
        );
        assert_eq!(plan.report.closed[0].line, Some(2));
    }

    fn refused(file: &[Entry], before: &[ReferenceRow]) -> Vec<(u64, String, &'static str)> {
        let Err(errors) = plan(Classifier::TnVed, "t.csv", file, before) else {
            panic!("refused")
        };
        errors
            .into_error("t.csv")
            .rows()
            .iter()
            .map(|e| (e.line, e.field.clone(), e.code))
            .collect()
    }

    #[test]
    fn overlapping_duplicate_and_orphan_versions_are_refused_by_line() {
        let file = entries(
            "64,,2017-01-01,2025-01-01,a,b,c\n\
             64,,2020-01-01,,a,b,c\n\
             64,,2020-01-01,,a,b,d\n\
             640110,6401,2017-01-01,,a,b,c\n",
        );
        let found = refused(&file, &[]);
        assert!(
            found.contains(&(2, "valid_to".into(), "REFERENCE_OVERLAP")),
            "{found:?}"
        );
        assert!(
            found.contains(&(4, "code".into(), "REFERENCE_DUPLICATE")),
            "{found:?}"
        );
        assert!(
            found.contains(&(5, "parent".into(), "REFERENCE_PARENT_UNKNOWN")),
            "{found:?}"
        );
    }

    #[test]
    fn a_file_version_ends_where_a_later_stored_one_starts_or_is_refused() {
        let before = stored("64,,2027-01-01,,a,b,c\n");
        let file = entries("64,,2017-01-01,2030-01-01,a,b,c\n");
        assert_eq!(
            refused(&file, &before),
            [(2, "valid_to".to_owned(), "REFERENCE_OVERLAP")]
        );
        let open = entries("64,,2017-01-01,,a,b,c\n");
        let plan = plan(Classifier::TnVed, "t.csv", &open, &before).expect("ends before");
        assert_eq!(
            codes(&plan.report.added),
            [("64", "2017-01-01", Some("2027-01-01"))]
        );
    }
}
