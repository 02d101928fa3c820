//! The safe reader: quick-xml events into a [`Element`] tree, refusing DOCTYPE and entities.
//!
//! The tree is built with an explicit stack, not recursion: a guest has a 64 KiB stack, and
//! nesting is capped at [`MAX_DEPTH`] so that dropping the tree stays shallow too.

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesDecl, BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::{Attribute, Element, Node, XmlError};

/// The deepest nesting of elements accepted. SOAP replies of the government systems nest about
/// a dozen levels deep.
pub const MAX_DEPTH: usize = 64;

/// Parses UTF-8 XML bytes (a leading byte-order mark is allowed) into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| XmlError::NotUtf8)?;
    parse_str(text)
}

/// Parses XML text into its root element.
pub fn parse_str(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = true;
    config.trim_text(false);
    let mut builder = TreeBuilder::default();
    loop {
        let position = reader.buffer_position();
        let (namespace, event) = match reader.read_resolved_event() {
            Ok((namespace, event)) => (resolved(namespace, position)?, event),
            Err(e) => return Err(malformed(&e, reader.error_position())),
        };
        match event {
            Event::Start(start) => {
                let element = open(&reader, &start, namespace, position)?;
                builder.open(element)?;
            }
            Event::End(_) => builder.close(),
            Event::Text(t) => builder.text(&t.xml10_content(), position)?,
            Event::CData(c) => builder.text(&c.xml10_content(), position)?,
            Event::GeneralRef(r) => builder.text(&resolve_reference(&r)?.to_string(), position)?,
            Event::DocType(_) => return Err(XmlError::Doctype),
            Event::Decl(decl) => check_declaration(&decl)?,
            Event::Empty(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => return builder.finish(),
        }
    }
}

/// Elements being built: the open ones, and the root once it is closed.
#[derive(Default)]
struct TreeBuilder {
    open: Vec<Element>,
    root: Option<Element>,
}

impl TreeBuilder {
    fn open(&mut self, element: Element) -> Result<(), XmlError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(XmlError::TooDeep { limit: MAX_DEPTH });
        }
        if self.open.is_empty() && self.root.is_some() {
            return Err(XmlError::Malformed {
                reason: format!("a second root element <{}>", element.name),
            });
        }
        self.open.push(element);
        Ok(())
    }

    /// quick-xml has checked that the end tag matches the open one.
    fn close(&mut self) {
        let Some(element) = self.open.pop() else {
            return;
        };
        match self.open.last_mut() {
            Some(parent) => parent.children.push(Node::Element(element)),
            None => self.root = Some(element),
        }
    }

    fn text(&mut self, text: &str, position: u64) -> Result<(), XmlError> {
        let Some(parent) = self.open.last_mut() else {
            if text.trim().is_empty() {
                return Ok(());
            }
            return Err(XmlError::Malformed {
                reason: format!("text outside the root element at byte {position}"),
            });
        };
        match parent.children.last_mut() {
            Some(Node::Text(previous)) => previous.push_str(text),
            _ => parent.children.push(Node::Text(text.to_owned())),
        }
        Ok(())
    }

    fn finish(self) -> Result<Element, XmlError> {
        if let Some(open) = self.open.last() {
            return Err(XmlError::Malformed {
                reason: format!("<{}> is not closed", open.name),
            });
        }
        self.root.ok_or_else(|| XmlError::Malformed {
            reason: "no root element".into(),
        })
    }
}

fn open(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    namespace: Option<String>,
    position: u64,
) -> Result<Element, XmlError> {
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| XmlError::Malformed {
            reason: format!("{e} in an attribute at byte {position}"),
        })?;
        let key = attribute.key;
        if key.as_namespace_binding().is_some() {
            continue;
        }
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| malformed(&e, position))?;
        let (resolved, local) = reader.resolver().resolve_attribute(key);
        attributes.push(Attribute {
            namespace: self::resolved(resolved, position)?,
            name: local.as_ref().to_owned(),
            value: value.into_owned(),
        });
    }
    Ok(Element {
        namespace,
        name: start.local_name().as_ref().to_owned(),
        attributes,
        children: Vec::new(),
    })
}

fn resolved(result: ResolveResult<'_>, position: u64) -> Result<Option<String>, XmlError> {
    match result {
        ResolveResult::Bound(ns) => Ok(Some(ns.as_ref().to_owned())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(XmlError::Malformed {
            reason: format!("the prefix `{prefix}` at byte {position} is not declared"),
        }),
    }
}

/// The five predefined entities and character references; anything else is refused.
fn resolve_reference(reference: &BytesRef<'_>) -> Result<char, XmlError> {
    if let Some(c) = reference
        .resolve_char_ref()
        .map_err(|e| XmlError::Malformed {
            reason: e.to_string(),
        })?
    {
        return Ok(c);
    }
    match &**reference {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        name => Err(XmlError::Entity {
            name: name.to_owned(),
        }),
    }
}

fn check_declaration(decl: &BytesDecl<'_>) -> Result<(), XmlError> {
    match decl.encoding() {
        None => Ok(()),
        Some(Ok(encoding)) if encoding.eq_ignore_ascii_case("utf-8") => Ok(()),
        Some(_) => Err(XmlError::NotUtf8),
    }
}

/// quick-xml reports an unknown entity in an attribute as an escape error: that is a refused
/// entity, not a malformed document.
fn malformed(error: &quick_xml::Error, position: u64) -> XmlError {
    if let quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) =
        error
    {
        return XmlError::Entity { name: name.clone() };
    }
    XmlError::Malformed {
        reason: format!("{error} at byte {position}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_attributes_and_references_resolve() {
        let root = parse(
            br#"<?xml version="1.0" encoding="UTF-8"?>
            <a:root xmlns:a="urn:a" xmlns:b="urn:b" b:id="x&amp;y"><child>1 &lt; 2 &#x41;<![CDATA[<c>]]></child><b:leaf/></a:root>"#,
        )
        .expect("well-formed");
        assert!(root.is(Some("urn:a"), "root"));
        assert_eq!(root.attribute(Some("urn:b"), "id"), Some("x&y"));
        assert_eq!(
            root.child_text(None, "child").as_deref(),
            Some("1 < 2 A<c>")
        );
        assert!(root.child(Some("urn:b"), "leaf").is_some());
    }

    #[test]
    fn a_doctype_is_refused_even_without_entities() {
        let err = parse(b"<!DOCTYPE r><r/>").expect_err("doctype");
        assert_eq!(err, XmlError::Doctype);
        let xxe = b"<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assert_eq!(parse(xxe).expect_err("xxe"), XmlError::Doctype);
    }

    #[test]
    fn undeclared_entities_are_refused_in_text_and_attributes() {
        let in_text = parse(b"<r>&lol;</r>").expect_err("entity");
        assert_eq!(in_text, XmlError::Entity { name: "lol".into() });
        let in_attr = parse(b"<r a=\"&lol;\"/>").expect_err("entity");
        assert_eq!(in_attr, XmlError::Entity { name: "lol".into() });
    }

    #[test]
    fn broken_documents_are_malformed() {
        for bad in [
            &b"<r><a></r>"[..],
            b"<r>",
            b"",
            b"<r/><r/>",
            b"<p:r/>",
            b"text",
        ] {
            let err = parse(bad).expect_err("malformed");
            assert!(
                matches!(err, XmlError::Malformed { .. }),
                "{:?}: {err:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(parse(b"<r>\xff</r>").expect_err("bytes"), XmlError::NotUtf8);
        let cp1251 = br#"<?xml version="1.0" encoding="windows-1251"?><r/>"#;
        assert_eq!(parse(cp1251).expect_err("encoding"), XmlError::NotUtf8);
    }

    #[test]
    fn nesting_is_capped() {
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert_eq!(
            parse_str(&deep).expect_err("deep"),
            XmlError::TooDeep { limit: MAX_DEPTH }
        );
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse_str(&ok).is_ok());
    }
}
