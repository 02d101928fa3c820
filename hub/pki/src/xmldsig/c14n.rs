//! Canonical XML 1.0 (inclusive, <https://www.w3.org/TR/2001/REC-xml-c14n-20010315>) and
//! Exclusive XML Canonicalization 1.0 (<https://www.w3.org/TR/2002/REC-xml-exc-c14n-20020718/>),
//! each with or without comments, over the document subsets XMLDSig needs (R16, issue 6): a
//! whole document or one element's subtree, less at most one excluded subtree (the enveloped
//! signature).
//!
//! Written here on top of `roxmltree` rather than taken from a crate: the crates found either
//! bind libxml2 (`xml_c14n`, C code and a system library for a few hundred lines of Rust) or
//! are very young (`xml-canonical` 0.1, `xml-sec` 0.1) and would bring a second X.509 stack
//! (`x509-parser`) beside the RustCrypto one this crate uses. Canonicalisation over a parsed
//! tree is small; the unit tests check it against the W3C specification's own examples.

use std::collections::BTreeMap;

use roxmltree::{Node, NodeId, NodeType};

use super::namespaces::{Rendered, render_namespaces};

/// The canonicalisation algorithms XMLDSig names by URI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum C14nMethod {
    /// Canonical XML 1.0, comments removed.
    Inclusive,
    /// Canonical XML 1.0 with comments.
    InclusiveWithComments,
    /// Exclusive XML Canonicalization 1.0, comments removed.
    Exclusive,
    /// Exclusive XML Canonicalization 1.0 with comments.
    ExclusiveWithComments,
}

impl C14nMethod {
    const ALL: [C14nMethod; 4] = [
        C14nMethod::Inclusive,
        C14nMethod::InclusiveWithComments,
        C14nMethod::Exclusive,
        C14nMethod::ExclusiveWithComments,
    ];

    /// The algorithm's URI.
    pub fn uri(self) -> &'static str {
        match self {
            C14nMethod::Inclusive => "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
            C14nMethod::InclusiveWithComments => {
                "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"
            }
            C14nMethod::Exclusive => "http://www.w3.org/2001/10/xml-exc-c14n#",
            C14nMethod::ExclusiveWithComments => {
                "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
            }
        }
    }

    /// The algorithm a URI names, if supported.
    pub fn from_uri(uri: &str) -> Option<C14nMethod> {
        Self::ALL.into_iter().find(|m| m.uri() == uri)
    }

    /// Whether comments are kept (when the node-set has them).
    pub fn with_comments(self) -> bool {
        matches!(
            self,
            C14nMethod::InclusiveWithComments | C14nMethod::ExclusiveWithComments
        )
    }

    /// Whether this is the exclusive algorithm.
    pub fn is_exclusive(self) -> bool {
        matches!(
            self,
            C14nMethod::Exclusive | C14nMethod::ExclusiveWithComments
        )
    }
}

/// A canonicalisation to run: the algorithm and, for the exclusive one, the
/// InclusiveNamespaces PrefixList (`"#default"` written as `""`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Canonicalization {
    pub method: C14nMethod,
    pub inclusive_prefixes: Vec<String>,
}

impl Canonicalization {
    pub fn new(method: C14nMethod) -> Canonicalization {
        Canonicalization {
            method,
            inclusive_prefixes: Vec::new(),
        }
    }
}

/// Which nodes are in the subset: `apex` (the document root or an element) and its
/// descendants, less the subtree of `excluded`; comments only if `comments`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Subset<'a, 'input> {
    pub apex: Node<'a, 'input>,
    pub excluded: Option<NodeId>,
    pub comments: bool,
}

/// The canonical form of `subset` under `c14n`, as UTF-8 text.
pub(crate) fn canonicalize(subset: Subset<'_, '_>, c14n: &Canonicalization) -> String {
    let mut writer = Writer {
        c14n,
        subset,
        out: String::new(),
    };
    if subset.apex.is_root() {
        writer.document(subset.apex);
    } else {
        writer.element(subset.apex, &Rendered::new());
    }
    writer.out
}

struct Writer<'c, 'a, 'input> {
    c14n: &'c Canonicalization,
    subset: Subset<'a, 'input>,
    out: String,
}

impl<'a, 'input> Writer<'_, 'a, 'input> {
    /// Children of the document node: comments and PIs before the document element are
    /// followed by a line feed, those after it preceded by one.
    fn document(&mut self, root: Node<'a, 'input>) {
        let mut after_element = false;
        for child in root.children() {
            if child.is_element() {
                self.element(child, &Rendered::new());
                after_element = true;
            } else if self.included_leaf(child) {
                if after_element {
                    self.out.push('\n');
                }
                self.leaf(child);
                if !after_element {
                    self.out.push('\n');
                }
            }
        }
    }

    fn included_leaf(&self, node: Node<'_, '_>) -> bool {
        node.is_pi() || (node.is_comment() && self.subset.comments)
    }

    fn element(&mut self, element: Node<'a, 'input>, parent: &Rendered<'a>) {
        if Some(element.id()) == self.subset.excluded {
            return;
        }
        let qname = element_qname(element);
        self.out.push('<');
        self.out.push_str(qname);
        let rendered = render_namespaces(element, self.c14n, parent, &mut self.out);
        for (qname, value) in self.sorted_attributes(element) {
            self.out.push(' ');
            self.out.push_str(qname);
            self.out.push_str("=\"");
            escape_attribute(value, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
        for child in element.children() {
            match child.node_type() {
                NodeType::Element => self.element(child, &rendered),
                NodeType::Text => escape_text(child.text().unwrap_or_default(), &mut self.out),
                _ if self.included_leaf(child) => self.leaf(child),
                _ => {}
            }
        }
        self.out.push_str("</");
        self.out.push_str(qname);
        self.out.push('>');
    }

    /// Attributes in canonical order (namespace URI, then local name; unqualified first). At
    /// the apex of an inclusive subset the `xml:*` attributes of the omitted ancestors are
    /// inherited, as Canonical XML 1.0 requires.
    fn sorted_attributes(&self, element: Node<'a, 'input>) -> Vec<(&'a str, &'a str)> {
        let mut attrs: BTreeMap<(&str, &str), (&str, &str)> = BTreeMap::new();
        let inherit = element == self.subset.apex && !self.c14n.method.is_exclusive();
        let ancestors = element.ancestors().filter(|n| n.is_element());
        let sources = if inherit {
            ancestors.collect()
        } else {
            vec![element]
        };
        for (depth, node) in sources.into_iter().enumerate() {
            for attr in node.attributes() {
                let ns = attr.namespace().unwrap_or_default();
                if depth > 0 && ns != roxmltree::NS_XML_URI {
                    continue;
                }
                let qname = &element.document().input_text()[attr.range_qname()];
                attrs
                    .entry((ns, attr.name()))
                    .or_insert((qname, attr.value()));
            }
        }
        attrs.into_values().collect()
    }

    fn leaf(&mut self, node: Node<'_, '_>) {
        if let Some(pi) = node.pi() {
            self.out.push_str("<?");
            self.out.push_str(pi.target);
            if let Some(value) = pi.value.filter(|v| !v.is_empty()) {
                self.out.push(' ');
                self.out.push_str(value);
            }
            self.out.push_str("?>");
        } else if node.is_comment() {
            self.out.push_str("<!--");
            self.out.push_str(node.text().unwrap_or_default());
            self.out.push_str("-->");
        }
    }
}

/// The element's name as written (`prefix:local` or `local`), read from the source text.
pub(crate) fn element_qname<'a>(element: Node<'a, '_>) -> &'a str {
    let text = &element.document().input_text()[element.range()];
    let name = text.strip_prefix('<').unwrap_or(text);
    let end = name
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(name.len());
    &name[..end]
}

fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            other => out.push(other),
        }
    }
}

pub(crate) fn escape_attribute(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            other => out.push(other),
        }
    }
}
