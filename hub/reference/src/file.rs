//! Reading a classifier's CSV file (R20) into entries, checking every row at the boundary.
//!
//! The file: RFC 4180 CSV in UTF-8, `#` lines are comments, a header row, then one row per
//! version of an entry. Columns `code`, `valid_from`, `name_kk`, `name_ru`, `name_en` are
//! required; `parent` and `valid_to` may be present; every other column is an attribute
//! (`[a-z][a-z0-9_]*`, an empty cell leaves it out). `valid_to` is the first day the version
//! no longer applies (empty: in force until a later version).

use std::collections::BTreeMap;

use tanba_domain::Msg;
use time::Date;

use crate::classifier::Classifier;
use crate::day::parse_day;
use crate::error::{At, RowErrors};

/// The most rows one file may hold (the full TN VED has about 17,000).
pub const MAX_ROWS: usize = 200_000;
/// The longest name, in characters.
const MAX_NAME: usize = 1_000;
/// The longest attribute value, in characters.
const MAX_ATTRIBUTE: usize = 1_000;

const REQUIRED: &[&str] = &["code", "valid_from", "name_kk", "name_ru", "name_en"];
const OPTIONAL: &[&str] = &["parent", "valid_to"];

/// One version of an entry as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its line in the file.
    pub line: u64,
    /// The code.
    pub code: String,
    /// The parent's code.
    pub parent: Option<String>,
    /// Names in Kazakh, Russian and English.
    pub names: [String; 3],
    /// Further columns.
    pub attributes: BTreeMap<String, String>,
    /// First day in force.
    pub valid_from: Date,
    /// First day no longer in force.
    pub valid_to: Option<Date>,
}

/// Reads `text` (the contents of `file`) as entries of `classifier`; every wrong row is
/// reported.
pub fn read_entries(
    classifier: Classifier,
    file: &str,
    text: &[u8],
) -> Result<Vec<Entry>, crate::ReferenceError> {
    let mut errors = RowErrors::default();
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text);
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(unreadable(file, &e));
            return Err(errors.into_error(file));
        }
    };
    if !check_header(file, &header, &mut errors) {
        return Err(errors.into_error(file));
    }
    let mut entries = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) if entries.len() >= MAX_ROWS => {
                errors.push(
                    At {
                        file,
                        line: line_of(&record),
                    }
                    .error(
                        "code",
                        "REFERENCE_TOO_MANY_ROWS",
                        Msg::new("reference-too-many-rows").with("max", MAX_ROWS),
                    ),
                );
                break;
            }
            Ok(record) => {
                let at = At {
                    file,
                    line: line_of(&record),
                };
                if let Some(entry) = read_row(classifier, at, &header, &record, &mut errors) {
                    entries.push(entry);
                }
            }
            Err(e) => errors.push(unreadable(file, &e)),
        }
    }
    if entries.is_empty() && errors.is_empty() {
        errors.push(At { file, line: 1 }.error(
            "code",
            "REFERENCE_FILE_EMPTY",
            Msg::new("reference-file-empty"),
        ));
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors.into_error(file))
    }
}

/// One version given as `(column, value)` pairs at `line` by a reader of another format (XML):
/// checked exactly as a CSV row with those columns would be (the columns as its header).
pub(crate) fn entry_of_columns(
    classifier: Classifier,
    file: &str,
    line: u64,
    columns: &[(String, String)],
    errors: &mut RowErrors,
) -> Option<Entry> {
    let mut position = csv::Position::new();
    position.set_line(line);
    let mut header: csv::StringRecord = columns.iter().map(|(c, _)| c.as_str()).collect();
    header.set_position(Some(position.clone()));
    let mut record: csv::StringRecord = columns.iter().map(|(_, v)| v.trim()).collect();
    record.set_position(Some(position));
    if !check_header(file, &header, errors) {
        return None;
    }
    read_row(classifier, At { file, line }, &header, &record, errors)
}

fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

fn unreadable(file: &str, e: &csv::Error) -> crate::RowError {
    let line = e.position().map_or(1, csv::Position::line);
    let reason = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "UTF-8".to_owned(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} ≠ {expected_len}"),
        _ => e.to_string(),
    };
    At { file, line }.error(
        "",
        "REFERENCE_FILE_UNREADABLE",
        Msg::new("reference-file-unreadable").with("reason", reason),
    )
}

/// Whether the header has every required column, no column twice and only well-named
/// attributes; each fault is an error on line 1.
fn check_header(file: &str, header: &csv::StringRecord, errors: &mut RowErrors) -> bool {
    let at = At {
        file,
        line: header.position().map_or(1, csv::Position::line),
    };
    let before = errors.errors.len();
    for column in REQUIRED {
        if !header.iter().any(|h| h == *column) {
            errors.push(at.error(
                column,
                "REFERENCE_COLUMN_MISSING",
                Msg::new("reference-column-missing"),
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for column in header {
        let known = REQUIRED.contains(&column) || OPTIONAL.contains(&column);
        if !seen.insert(column) || !(known || is_attribute_name(column)) {
            errors.push(at.error(
                column,
                "REFERENCE_COLUMN_INVALID",
                Msg::new("reference-column-invalid"),
            ));
        }
    }
    errors.errors.len() == before
}

fn is_attribute_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 40
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

/// One row; `None` (with its errors pushed) if anything in it is wrong.
fn read_row(
    classifier: Classifier,
    at: At<'_>,
    header: &csv::StringRecord,
    record: &csv::StringRecord,
    errors: &mut RowErrors,
) -> Option<Entry> {
    let before = errors.errors.len() + errors.more;
    let cell = |name: &str| cell_of(header, record, name);
    let code = cell("code").to_owned();
    check_code(classifier, at, "code", &code, errors);
    let parent = Some(cell("parent").to_owned()).filter(|p| !p.is_empty());
    if let Some(parent) = &parent {
        check_parent(classifier, at, &code, parent, errors);
    }
    let names = ["name_kk", "name_ru", "name_en"].map(|field| {
        let name = cell(field);
        check_text(at, field, name, MAX_NAME, errors);
        name.to_owned()
    });
    let valid_from = read_day(at, "valid_from", cell("valid_from"), true, errors);
    let valid_to = read_day(at, "valid_to", cell("valid_to"), false, errors);
    if let (Some(from), Some(to)) = (valid_from, valid_to)
        && to <= from
    {
        errors.push(
            at.error(
                "valid_to",
                "REFERENCE_DATES_ORDER",
                Msg::new("reference-dates-order")
                    .with("from", cell("valid_from"))
                    .with("to", cell("valid_to")),
            ),
        );
    }
    let attributes = read_attributes(classifier, at, header, record, errors);
    (errors.errors.len() + errors.more == before).then(|| Entry {
        line: at.line,
        code,
        parent,
        names,
        attributes,
        valid_from: valid_from.unwrap_or(Date::MIN),
        valid_to,
    })
}

/// The cell of column `name` in `record` (empty if the column is absent).
fn cell_of<'r>(header: &csv::StringRecord, record: &'r csv::StringRecord, name: &str) -> &'r str {
    header
        .iter()
        .position(|h| h == name)
        .and_then(|i| record.get(i))
        .unwrap_or_default()
}

fn check_code(classifier: Classifier, at: At<'_>, field: &str, code: &str, errors: &mut RowErrors) {
    if code.is_empty() {
        errors.push(at.error(
            field,
            "REFERENCE_FIELD_MISSING",
            Msg::new("reference-field-missing"),
        ));
    } else if !classifier.shape().fits(code) {
        errors.push(
            at.error(
                field,
                "REFERENCE_CODE_INVALID",
                Msg::new("reference-code-invalid")
                    .with("value", code)
                    .with("form", classifier.shape().describe()),
            ),
        );
    }
}

/// A parent is allowed in hierarchical classifiers only; in TN VED it is a shorter prefix of
/// the code (a heading's parent is its chapter).
fn check_parent(
    classifier: Classifier,
    at: At<'_>,
    code: &str,
    parent: &str,
    errors: &mut RowErrors,
) {
    if !classifier.is_hierarchical() {
        errors.push(at.error(
            "parent",
            "REFERENCE_PARENT_NOT_ALLOWED",
            Msg::new("reference-parent-not-allowed").with("classifier", classifier.as_str()),
        ));
        return;
    }
    let prefix_needed = classifier == Classifier::TnVed;
    let fits = classifier.shape().fits(parent)
        && parent != code
        && (!prefix_needed || (parent.len() < code.len() && code.starts_with(parent)));
    if !fits {
        errors.push(
            at.error(
                "parent",
                "REFERENCE_PARENT_INVALID",
                Msg::new("reference-parent-invalid")
                    .with("value", parent)
                    .with("code", code),
            ),
        );
    }
}

fn check_text(at: At<'_>, field: &str, text: &str, max: usize, errors: &mut RowErrors) {
    if text.is_empty() {
        errors.push(at.error(
            field,
            "REFERENCE_FIELD_MISSING",
            Msg::new("reference-field-missing"),
        ));
    } else if text.chars().count() > max || text.chars().any(char::is_control) {
        errors.push(at.error(
            field,
            "REFERENCE_TEXT_INVALID",
            Msg::new("reference-text-invalid").with("max", max),
        ));
    }
}

fn read_day(
    at: At<'_>,
    field: &str,
    text: &str,
    required: bool,
    errors: &mut RowErrors,
) -> Option<Date> {
    if text.is_empty() {
        if required {
            errors.push(at.error(
                field,
                "REFERENCE_FIELD_MISSING",
                Msg::new("reference-field-missing"),
            ));
        }
        return None;
    }
    let day = parse_day(text);
    if day.is_none() {
        errors.push(at.error(
            field,
            "REFERENCE_DATE_INVALID",
            Msg::new("reference-date-invalid").with("value", text),
        ));
    }
    day
}

fn read_attributes(
    classifier: Classifier,
    at: At<'_>,
    header: &csv::StringRecord,
    record: &csv::StringRecord,
    errors: &mut RowErrors,
) -> BTreeMap<String, String> {
    let mut attributes = BTreeMap::new();
    for (name, value) in header.iter().zip(record.iter()) {
        if REQUIRED.contains(&name) || OPTIONAL.contains(&name) || value.is_empty() {
            continue;
        }
        check_text(at, name, value, MAX_ATTRIBUTE, errors);
        attributes.insert(name.to_owned(), value.to_owned());
    }
    for (name, shape) in classifier.required_attributes() {
        match attributes.get(*name) {
            None => errors.push(at.error(
                name,
                "REFERENCE_FIELD_MISSING",
                Msg::new("reference-field-missing"),
            )),
            Some(value) if !shape.fits(value) => errors.push(
                at.error(
                    name,
                    "REFERENCE_CODE_INVALID",
                    Msg::new("reference-code-invalid")
                        .with("value", value)
                        .with("form", shape.describe()),
                ),
            ),
            Some(_) => {}
        }
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReferenceError;

    fn rows(text: &str) -> Vec<(u64, String, &'static str)> {
        match read_entries(Classifier::TnVed, "tn-ved.csv", text.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(ReferenceError::Rows { errors, .. }) => errors
                .into_iter()
                .map(|e| (e.line, e.field, e.code))
                .collect(),
            Err(other) => panic!("{other:?}"),
        }
    }

    const HEADER: &str = "code,parent,valid_from,valid_to,name_kk,name_ru,name_en,product_groups\n";

    #[test]
    fn a_good_file_reads_with_lines_attributes_and_comments_skipped() {
        let text = format!(
            "# TN VED, demo\n{HEADER}64,,2017-01-01,,Аяқ киім,Обувь,Footwear,footwear\n\
             6403,64,2017-01-01,2027-01-01,\"Былғары, аяқ киім\",Обувь кожаная,Leather footwear,\n"
        );
        let entries =
            read_entries(Classifier::TnVed, "tn-ved.csv", text.as_bytes()).expect("reads");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].line, 3);
        assert_eq!(entries[0].attributes["product_groups"], "footwear");
        assert_eq!(entries[1].parent.as_deref(), Some("64"));
        assert_eq!(entries[1].names[0], "Былғары, аяқ киім");
        assert!(entries[1].attributes.is_empty());
        assert!(entries[1].valid_to.is_some());
    }

    #[test]
    fn every_wrong_row_is_named_by_line_and_field() {
        let text = format!(
            "{HEADER}64,,2017-01-01,,Аяқ киім,Обувь,Footwear,\n\
             640,64,2017-01-01,,a,b,c,\n\
             6403,65,2017-02-30,,a,b,c,\n\
             6404,64,2017-01-01,2016-01-01,a,,c,\n"
        );
        assert_eq!(
            rows(&text),
            [
                (3, "code".to_owned(), "REFERENCE_CODE_INVALID"),
                (4, "parent".to_owned(), "REFERENCE_PARENT_INVALID"),
                (4, "valid_from".to_owned(), "REFERENCE_DATE_INVALID"),
                (5, "name_ru".to_owned(), "REFERENCE_FIELD_MISSING"),
                (5, "valid_to".to_owned(), "REFERENCE_DATES_ORDER"),
            ]
        );
    }

    #[test]
    fn a_header_without_required_columns_or_with_bad_ones_is_refused() {
        let found = rows("code,name_ru,Weird,code\n64,Обувь,x,64\n");
        let fields: Vec<&str> = found.iter().map(|(_, f, _)| f.as_str()).collect();
        for f in ["valid_from", "name_kk", "name_en", "Weird", "code"] {
            assert!(fields.contains(&f), "{found:?}");
        }
        assert!(found.iter().all(|(line, ..)| *line == 1), "{found:?}");
    }

    #[test]
    fn ragged_rows_and_empty_files_are_refused() {
        let found = rows(&format!("{HEADER}64,,2017-01-01\n"));
        assert_eq!(found[0].2, "REFERENCE_FILE_UNREADABLE");
        assert_eq!(found[0].0, 2);
        assert_eq!(rows(HEADER)[0].2, "REFERENCE_FILE_EMPTY");
    }

    #[test]
    fn countries_need_alpha3_and_numeric_and_flat_classifiers_refuse_parents() {
        let text = "code,parent,valid_from,name_kk,name_ru,name_en,alpha3,numeric\n\
                    KZ,,1992-01-01,Қазақстан,Казахстан,Kazakhstan,KAZ,398\n\
                    RU,KZ,1992-01-01,Ресей,Россия,Russia,rus,\n";
        let Err(ReferenceError::Rows { errors, .. }) =
            read_entries(Classifier::Country, "country.csv", text.as_bytes())
        else {
            panic!("refused")
        };
        let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            found,
            [
                ("parent", "REFERENCE_PARENT_NOT_ALLOWED"),
                ("alpha3", "REFERENCE_CODE_INVALID"),
                ("numeric", "REFERENCE_FIELD_MISSING"),
            ]
        );
        assert!(errors.iter().all(|e| e.line == 3));
    }
}
