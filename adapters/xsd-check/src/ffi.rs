//! The few libxml2 (2.9+) functions and struct prefixes the validator needs.

use std::ffi::{CStr, c_char, c_int, c_void};

#[repr(C)]
pub(crate) struct Opaque {
    _private: [u8; 0],
}

pub(crate) type SchemaPtr = *mut Opaque;
type ParserCtxtPtr = *mut Opaque;
type ValidCtxtPtr = *mut Opaque;
type DocPtr = *mut Opaque;

/// The leading fields of `struct _xmlNode` (tree.h); only read through pointers libxml2 gave.
#[repr(C)]
pub(crate) struct Node {
    _private: *mut c_void,
    kind: c_int,
    name: *const c_char,
    children: *mut Node,
    last: *mut Node,
    parent: *mut Node,
    next: *mut Node,
    prev: *mut Node,
    doc: *mut c_void,
    ns: *const Ns,
}

/// The leading fields of `struct _xmlNs`.
#[repr(C)]
struct Ns {
    next: *const Ns,
    kind: c_int,
    href: *const c_char,
}

/// `struct _xmlError` (xmlerror.h).
#[repr(C)]
pub(crate) struct XmlError {
    domain: c_int,
    code: c_int,
    pub(crate) message: *const c_char,
    level: c_int,
    file: *const c_char,
    pub(crate) line: c_int,
    str1: *const c_char,
    str2: *const c_char,
    str3: *const c_char,
    int1: c_int,
    int2: c_int,
    ctxt: *mut c_void,
    node: *mut c_void,
}

const XML_ELEMENT_NODE: c_int = 1;
const XML_PARSE_NOERROR: c_int = 1 << 5;
const XML_PARSE_NOWARNING: c_int = 1 << 6;
const XML_PARSE_NONET: c_int = 1 << 11;

#[link(name = "xml2")]
unsafe extern "C" {
    pub(crate) fn xmlInitParser();
    fn xmlReadMemory(
        buffer: *const c_char,
        size: c_int,
        url: *const c_char,
        encoding: *const c_char,
        options: c_int,
    ) -> DocPtr;
    fn xmlFreeDoc(doc: DocPtr);
    fn xmlDocGetRootElement(doc: DocPtr) -> *mut Node;
    pub(crate) fn xmlSchemaNewParserCtxt(url: *const c_char) -> ParserCtxtPtr;
    pub(crate) fn xmlSchemaParse(ctxt: ParserCtxtPtr) -> SchemaPtr;
    pub(crate) fn xmlSchemaFreeParserCtxt(ctxt: ParserCtxtPtr);
    pub(crate) fn xmlSchemaFree(schema: SchemaPtr);
    pub(crate) fn xmlSchemaNewValidCtxt(schema: SchemaPtr) -> ValidCtxtPtr;
    pub(crate) fn xmlSchemaFreeValidCtxt(ctxt: ValidCtxtPtr);
    pub(crate) fn xmlSchemaSetValidStructuredErrors(
        ctxt: ValidCtxtPtr,
        handler: extern "C" fn(*mut c_void, *const XmlError),
        user: *mut c_void,
    );
    pub(crate) fn xmlSchemaValidateDoc(ctxt: ValidCtxtPtr, doc: DocPtr) -> c_int;
    pub(crate) fn xmlSchemaValidateOneElement(ctxt: ValidCtxtPtr, node: *mut Node) -> c_int;
}

/// A parsed document, freed on drop.
pub(crate) struct Doc(DocPtr);

impl Doc {
    /// Parses `xml` without network access and without substituting entities.
    pub(crate) fn read(xml: &[u8]) -> Option<Doc> {
        let size = c_int::try_from(xml.len()).ok()?;
        let options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
        // SAFETY: the buffer is valid for `size` bytes; libxml2 copies what it keeps.
        let doc = unsafe {
            xmlReadMemory(
                xml.as_ptr().cast(),
                size,
                std::ptr::null(),
                std::ptr::null(),
                options,
            )
        };
        (!doc.is_null()).then_some(Doc(doc))
    }

    pub(crate) fn ptr(&self) -> DocPtr {
        self.0
    }

    /// The element reached from the root by child steps of (namespace or "", local name).
    pub(crate) fn find(&self, path: &[(&str, &str)]) -> Option<*mut Node> {
        // SAFETY: every pointer followed was produced by libxml2 for this document, which
        // lives as long as `self`; null pointers end the walk.
        unsafe {
            let mut node = xmlDocGetRootElement(self.0);
            for (namespace, name) in path {
                if node.is_null() {
                    return None;
                }
                let mut child = (*node).children;
                while !child.is_null() && !matches(child, namespace, name) {
                    child = (*child).next;
                }
                node = child;
            }
            (!node.is_null()).then_some(node)
        }
    }
}

/// SAFETY: `node` must be a live libxml2 node.
unsafe fn matches(node: *const Node, namespace: &str, name: &str) -> bool {
    // SAFETY: per the function's contract; names and hrefs are NUL-terminated C strings.
    unsafe {
        let node = &*node;
        if node.kind != XML_ELEMENT_NODE || node.name.is_null() {
            return false;
        }
        let href = if node.ns.is_null() || (*node.ns).href.is_null() {
            ""
        } else {
            CStr::from_ptr((*node.ns).href).to_str().unwrap_or("")
        };
        CStr::from_ptr(node.name).to_str() == Ok(name) && href == namespace
    }
}

impl Drop for Doc {
    fn drop(&mut self) {
        // SAFETY: the document was created by xmlReadMemory and is freed once.
        unsafe { xmlFreeDoc(self.0) }
    }
}
