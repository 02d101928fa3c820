//! Building XML as text: every text and attribute value escaped, every element closed.

use quick_xml::escape::escape;

/// Writes XML into a string. Names are the caller's constants (with their prefixes); values
/// are escaped, so no input can change the document's structure.
#[derive(Debug, Default)]
pub struct XmlBuilder {
    out: String,
    open: Vec<String>,
}

impl XmlBuilder {
    /// An empty document without an XML declaration (for a fragment or a nested payload).
    pub fn new() -> Self {
        Self::default()
    }

    /// A document that starts with `<?xml version="1.0" encoding="UTF-8"?>`.
    pub fn with_declaration() -> Self {
        XmlBuilder {
            out: r#"<?xml version="1.0" encoding="UTF-8"?>"#.to_owned(),
            open: Vec::new(),
        }
    }

    /// Opens `<name attr="value"...>`.
    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start_tag(name, attributes);
        self.out.push('>');
        self.open.push(name.to_owned());
        self
    }

    /// Escaped text inside the open element. Characters XML 1.0 cannot carry at all (C0
    /// controls other than tab, CR and LF, e.g. the GS1 separator GS) become U+FFFD, so the
    /// document stays well-formed whatever the input; a caller that must keep them encodes
    /// them first.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.out.push_str(&escape(xml_chars(text).as_ref()));
        self
    }

    /// `<name>text</name>`.
    pub fn leaf(&mut self, name: &str, text: &str) -> &mut Self {
        self.open(name, &[]).text(text).close()
    }

    /// `<name>text</name>` when there is a text, nothing otherwise.
    pub fn optional_leaf(&mut self, name: &str, text: Option<&str>) -> &mut Self {
        if let Some(text) = text {
            self.leaf(name, text);
        }
        self
    }

    /// `<name attr="value"/>`.
    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start_tag(name, attributes);
        self.out.push_str("/>");
        self
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) -> &mut Self {
        if let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(&name);
            self.out.push('>');
        }
        self
    }

    /// The document, with every element still open closed.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }

    fn start_tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        debug_assert!(is_name(name), "`{name}` is not an XML name");
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            debug_assert!(is_name(key), "`{key}` is not an XML name");
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escape(xml_chars(value).as_ref()));
            self.out.push('"');
        }
    }
}

/// `text` with the characters XML 1.0 forbids replaced by U+FFFD.
fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.chars().any(forbidden) {
        text.chars()
            .map(|c| if forbidden(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

fn is_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::parse_str;

    #[test]
    fn values_are_escaped_so_input_cannot_change_the_structure() {
        let hostile = r#"</v><injected a="1"/>&lol;"#;
        let mut b = XmlBuilder::with_declaration();
        b.open("r", &[("note", hostile)]).leaf("v", hostile);
        let xml = b.finish();
        let root = parse_str(&xml).expect("still well-formed");
        assert_eq!(root.attribute(None, "note"), Some(hostile));
        assert_eq!(root.child_text(None, "v").as_deref(), Some(hostile));
        assert_eq!(root.elements().count(), 1);
    }

    #[test]
    fn characters_xml_cannot_carry_are_replaced() {
        let mut b = XmlBuilder::new();
        b.open("r", &[("a", "x\u{1}")]).leaf("v", "01\u{1d}93\tz");
        let root = parse_str(&b.finish()).expect("well-formed");
        assert_eq!(root.attribute(None, "a"), Some("x\u{FFFD}"));
        assert_eq!(
            root.child_text(None, "v").as_deref(),
            Some("01\u{FFFD}93\tz")
        );
    }
}
