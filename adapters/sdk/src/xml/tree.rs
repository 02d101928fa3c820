//! The tree the reader builds: elements with resolved namespaces, attributes and text.

/// An element, its name resolved to (namespace, local name).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// The namespace URI, or none for an unqualified name.
    pub namespace: Option<String>,
    /// The local name.
    pub name: String,
    /// Attributes other than namespace declarations.
    pub attributes: Vec<Attribute>,
    /// Child elements and text, in document order (adjacent text merged, references resolved).
    pub children: Vec<Node>,
}

/// An attribute, its name resolved like an element's (an unprefixed attribute has no namespace).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The namespace URI, or none.
    pub namespace: Option<String>,
    /// The local name.
    pub name: String,
    /// The value, references resolved.
    pub value: String,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Text (CDATA included).
    Text(String),
}

impl Element {
    /// Whether this element has namespace `namespace` (none: unqualified) and local name `name`.
    pub fn is(&self, namespace: Option<&str>, name: &str) -> bool {
        self.namespace.as_deref() == namespace && self.name == name
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The child elements with this name.
    pub fn children_named<'a>(
        &'a self,
        namespace: Option<&'a str>,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.is(namespace, name))
    }

    /// The first child element with this name.
    pub fn child(&self, namespace: Option<&str>, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(namespace, name))
    }

    /// The element at `path` below this one, each step a child's (namespace, name).
    pub fn descendant(&self, path: &[(Option<&str>, &str)]) -> Option<&Element> {
        path.iter().try_fold(self, |element, (namespace, name)| {
            element.child(*namespace, name)
        })
    }

    /// The element's own text (not its descendants'), concatenated.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|node| match node {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }

    /// The trimmed text of the first child element with this name, if it has any text.
    pub fn child_text(&self, namespace: Option<&str>, name: &str) -> Option<String> {
        let text = self.child(namespace, name)?.text();
        let trimmed = text.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_owned())
    }

    /// The value of an attribute.
    pub fn attribute(&self, namespace: Option<&str>, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.namespace.as_deref() == namespace && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// `{namespace}name`, for messages.
    pub fn expanded_name(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{{{ns}}}{}", self.name),
            None => self.name.clone(),
        }
    }
}
