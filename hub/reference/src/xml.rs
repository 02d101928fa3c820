//! Reading a classifier's XML file (R20: import from CSV, and XML where the source publishes
//! XML) into the same entries as the CSV, each `<entry>` checked by the very rules of a CSV row
//! (`file::entry_of_columns`), its errors named by the entry's line.
//!
//! The file (UTF-8; no DOCTYPE, so no entities beyond the five predefined ones):
//!
//! ```xml
//! <classifier id="kato">
//!   <entry code="750000000" valid_from="2000-01-01" valid_to="" parent="">
//!     <name lang="kk">Алматы қаласы</name>
//!     <name lang="ru">город Алматы</name>
//!     <name lang="en">Almaty city</name>
//!     <attribute name="kind">city</attribute>
//!   </entry>
//! </classifier>
//! ```
//!
//! `id` on the root, when given, must name the classifier imported into. Attributes of
//! `<entry>` are the CSV's `code`, `parent`, `valid_from`, `valid_to`; `<name lang>` gives
//! `name_kk`/`name_ru`/`name_en`; `<attribute name>` gives an attribute column. Anything else is
//! refused as an unknown column.
//!
//! roxmltree (already the PKI layer's XML reader on the hub): a read-only tree with line
//! positions, no unsafe code, DTDs refused.

use roxmltree::{Document, Node, ParsingOptions};
use tanba_domain::Msg;

use crate::classifier::Classifier;
use crate::error::{At, RowErrors};
use crate::file::{Entry, MAX_ROWS, entry_of_columns};

/// The columns every entry has, empty when the element does not give them (so that a missing
/// one is reported as a missing value on the entry's line).
const ALWAYS: &[&str] = &["code", "valid_from", "name_kk", "name_ru", "name_en"];
/// The attributes `<entry>` may carry.
const ENTRY_ATTRIBUTES: &[&str] = &["code", "parent", "valid_from", "valid_to"];

/// Reads `bytes` (the contents of `file`, XML) as entries of `classifier`; every wrong entry is
/// reported by line and field, as a CSV row would be.
pub fn read_xml_entries(
    classifier: Classifier,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<Entry>, crate::ReferenceError> {
    let mut errors = RowErrors::default();
    let at = |line| At { file, line };
    let unreadable = |line, reason: String| {
        at(line).error(
            "",
            "REFERENCE_FILE_UNREADABLE",
            Msg::new("reference-xml-unreadable").with("reason", reason),
        )
    };
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(text) => text,
        Err(_) => {
            errors.push(unreadable(1, "UTF-8".into()));
            return Err(errors.into_error(file));
        }
    };
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: 4_000_000,
        entity_resolver: None,
    };
    let doc = match Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            errors.push(unreadable(u64::from(e.pos().row), e.to_string()));
            return Err(errors.into_error(file));
        }
    };
    let line_of = |node: Node<'_, '_>| u64::from(doc.text_pos_at(node.range().start).row);
    let root = doc.root_element();
    let named = root.attribute("id");
    if root.tag_name().name() != "classifier" || named.is_some_and(|id| id != classifier.as_str()) {
        errors.push(
            at(line_of(root)).error(
                "id",
                "REFERENCE_XML_CLASSIFIER",
                Msg::new("reference-xml-classifier")
                    .with("expected", classifier.as_str())
                    .with(
                        "found",
                        named.unwrap_or(root.tag_name().name()).escape_debug(),
                    ),
            ),
        );
        return Err(errors.into_error(file));
    }
    let mut entries = Vec::new();
    for node in root.children().filter(Node::is_element) {
        let line = line_of(node);
        if entries.len() >= MAX_ROWS {
            errors.push(at(line).error(
                "code",
                "REFERENCE_TOO_MANY_ROWS",
                Msg::new("reference-too-many-rows").with("max", MAX_ROWS),
            ));
            break;
        }
        let columns = columns_of(node);
        if let Some(entry) = entry_of_columns(classifier, file, line, &columns, &mut errors) {
            entries.push(entry);
        }
    }
    if entries.is_empty() && errors.is_empty() {
        errors.push(at(1).error(
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

/// An element's columns as a CSV row would have them. What is not part of the format becomes a
/// column whose name no header may have (`<tag>`, `@name`), refused by the header's check.
fn columns_of(node: Node<'_, '_>) -> Vec<(String, String)> {
    let mut columns: Vec<(String, String)> = Vec::new();
    if node.tag_name().name() != "entry" {
        columns.push((format!("<{}>", node.tag_name().name()), String::new()));
    }
    for attribute in node.attributes() {
        let name = attribute.name();
        let column = if ENTRY_ATTRIBUTES.contains(&name) {
            name.to_owned()
        } else {
            format!("@{name}")
        };
        columns.push((column, attribute.value().to_owned()));
    }
    for child in node.children().filter(Node::is_element) {
        let text = child.text().unwrap_or_default().to_owned();
        let column = match (
            child.tag_name().name(),
            child.attribute("lang"),
            child.attribute("name"),
        ) {
            ("name", Some(lang @ ("kk" | "ru" | "en")), None) => format!("name_{lang}"),
            ("attribute", None, Some(name)) => name.to_owned(),
            (tag, _, _) => format!("<{tag}>"),
        };
        columns.push((column, text));
    }
    for required in ALWAYS {
        if !columns.iter().any(|(c, _)| c.as_str() == *required) {
            columns.push(((*required).to_owned(), String::new()));
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    const KATO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<classifier id="kato">
  <entry code="750000000" valid_from="2000-01-01">
    <name lang="kk">Алматы қаласы</name>
    <name lang="ru">город Алматы</name>
    <name lang="en">Almaty city</name>
    <attribute name="kind">city</attribute>
  </entry>
  <entry code="710000000" valid_from="2019-03-23" valid_to="2022-09-17">
    <name lang="kk">Нұр-Сұлтан қаласы</name>
    <name lang="ru">город Нур-Султан</name>
    <name lang="en">Nur-Sultan &amp; city</name>
  </entry>
</classifier>
"#;

    #[test]
    fn entries_read_like_csv_rows() {
        let entries =
            read_xml_entries(Classifier::Kato, "kato.xml", KATO.as_bytes()).expect("a good file");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].code, "750000000");
        assert_eq!(entries[0].line, 3);
        assert_eq!(entries[0].names[0], "Алматы қаласы");
        assert_eq!(
            entries[0].attributes.get("kind").map(String::as_str),
            Some("city")
        );
        assert_eq!(entries[1].names[2], "Nur-Sultan & city");
        assert!(entries[1].valid_to.is_some());
    }

    #[test]
    fn wrong_entries_are_named_by_line_and_field() {
        let bad = KATO.replace(r#"code="750000000""#, r#"code="75""#).replace(
            r#"<name lang="en">Nur-Sultan &amp; city</name>"#,
            r#"<colour>red</colour>"#,
        );
        let e =
            read_xml_entries(Classifier::Kato, "kato.xml", bad.as_bytes()).expect_err("refused");
        let rows: Vec<_> = e
            .rows()
            .iter()
            .map(|r| (r.line, r.field.as_str(), r.code))
            .collect();
        assert!(
            rows.contains(&(3, "code", "REFERENCE_CODE_INVALID")),
            "{rows:?}"
        );
        assert!(
            rows.contains(&(9, "<colour>", "REFERENCE_COLUMN_INVALID")),
            "{rows:?}"
        );
    }

    #[test]
    fn another_classifier_a_doctype_or_broken_xml_is_refused() {
        let other = KATO.replace(r#"id="kato""#, r#"id="country""#);
        let e = read_xml_entries(Classifier::Kato, "k.xml", other.as_bytes()).expect_err("other");
        assert_eq!(e.rows()[0].code, "REFERENCE_XML_CLASSIFIER");
        let doctype = KATO.replace(
            "<classifier",
            "<!DOCTYPE c [<!ENTITY x \"boom\">]>\n<classifier",
        );
        let e = read_xml_entries(Classifier::Kato, "k.xml", doctype.as_bytes()).expect_err("dtd");
        assert_eq!(e.rows()[0].code, "REFERENCE_FILE_UNREADABLE");
        let broken = KATO.replace("</entry>\n</classifier>", "");
        let e = read_xml_entries(Classifier::Kato, "k.xml", broken.as_bytes()).expect_err("broken");
        assert_eq!(e.rows()[0].code, "REFERENCE_FILE_UNREADABLE");
    }
}
