//! Which namespace declarations an element carries in canonical form (R16, issue 6).
//!
//! Both algorithms emit a declaration only if the nearest output ancestor did not already
//! emit the same prefix with the same URI ([`Rendered`] is what the output ancestors emitted).
//! Inclusive C14N considers every namespace in scope; exclusive C14N only those the element
//! or its attributes visibly use, plus the InclusiveNamespaces PrefixList. `xmlns=""` is
//! written only to undo a non-empty default an output ancestor emitted.

use std::collections::BTreeMap;

use roxmltree::Node;

use super::c14n::{Canonicalization, element_qname, escape_attribute};

/// Prefix (`""` for the default namespace) to URI, as emitted by the output ancestors.
pub(crate) type Rendered<'a> = BTreeMap<&'a str, &'a str>;

/// Writes the element's declarations, sorted (default first, then by prefix), into `out` and
/// returns what is in effect for its children.
pub(crate) fn render_namespaces<'a>(
    element: Node<'a, '_>,
    c14n: &Canonicalization,
    parent: &Rendered<'a>,
    out: &mut String,
) -> Rendered<'a> {
    let in_scope: BTreeMap<&'a str, &'a str> = element
        .namespaces()
        .map(|ns| (ns.name().unwrap_or_default(), ns.uri()))
        .filter(|(_, uri)| !uri.is_empty())
        .collect();
    let candidates: Vec<&str> = if c14n.method.is_exclusive() {
        let mut used = visibly_used(element);
        used.extend(c14n.inclusive_prefixes.iter().map(String::as_str));
        used.sort_unstable();
        used.dedup();
        used
    } else {
        let mut all: Vec<&str> = in_scope.keys().copied().collect();
        all.push("");
        all.sort_unstable();
        all.dedup();
        all
    };
    let mut rendered = parent.clone();
    for wanted in candidates {
        // A prefix must be in scope; the default namespace may be absent (then `""`).
        let (prefix, uri) = match in_scope.get_key_value(wanted) {
            Some((prefix, uri)) => (*prefix, *uri),
            None if wanted.is_empty() => ("", ""),
            None => continue,
        };
        if parent.get(prefix).copied().unwrap_or_default() == uri {
            continue;
        }
        out.push_str(if prefix.is_empty() {
            " xmlns"
        } else {
            " xmlns:"
        });
        out.push_str(prefix);
        out.push_str("=\"");
        escape_attribute(uri, out);
        out.push('"');
        rendered.insert(prefix, uri);
    }
    rendered
}

/// The prefixes the element's own name and its attributes' names use (`""` for an
/// unprefixed element name; unprefixed attributes use no namespace; `xml` is never declared).
fn visibly_used<'a>(element: Node<'a, '_>) -> Vec<&'a str> {
    let prefix_of = |qname: &'a str| qname.split_once(':').map(|(p, _)| p);
    let mut used = vec![prefix_of(element_qname(element)).unwrap_or_default()];
    let input = element.document().input_text();
    for attr in element.attributes() {
        if let Some(prefix) = prefix_of(&input[attr.range_qname()]) {
            used.push(prefix);
        }
    }
    used.retain(|p| *p != "xml");
    used
}
