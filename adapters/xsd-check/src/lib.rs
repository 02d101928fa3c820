//! Validates XML against an XML Schema with the system's libxml2 (Debian `libxml2-dev`, linked
//! as `-lxml2`), for adapters' tests: every message an adapter builds must validate against the
//! real published XSDs of the system it talks to (`shared/formats/schemas/README.md`), because a
//! message checked only against our own reading of a format proves nothing.
//!
//! libxml2 is the validator most SOAP stacks and `xmllint --schema` use. The schemas are read
//! from local files (their `xsd:import`s resolve relative to them); documents are read with
//! `XML_PARSE_NONET` and without entity substitution.
//!
//! Not for: guests (it is native code over C) or the hub at run time. Only tests depend on it.

#![allow(unsafe_code)] // The FFI to libxml2 is the point of this crate; each call says why it is sound.

mod ffi;

use std::ffi::{CStr, CString};
use std::path::Path;
use std::sync::{Mutex, Once};

/// A compiled schema.
pub struct Schema {
    schema: ffi::SchemaPtr,
}

// SAFETY: a parsed xmlSchema is read-only during validation (libxml2 documents it as usable
// from several validation contexts); each validation gets its own context.
unsafe impl Send for Schema {}
unsafe impl Sync for Schema {}

/// Why a document did not validate, or could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// The schema itself did not load.
    Schema(String),
    /// The document is not well-formed.
    NotWellFormed,
    /// No element at the path given.
    NoSuchElement(String),
    /// Schema errors, one line each.
    Errors(Vec<String>),
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::Schema(s) => write!(f, "schema did not load: {s}"),
            Invalid::NotWellFormed => write!(f, "the document is not well-formed"),
            Invalid::NoSuchElement(p) => write!(f, "no element at {p}"),
            Invalid::Errors(e) => write!(f, "{}", e.join("\n")),
        }
    }
}

fn init() {
    static INIT: Once = Once::new();
    // SAFETY: xmlInitParser is meant to be called once before libxml2 is used from threads.
    INIT.call_once(|| unsafe { ffi::xmlInitParser() });
}

/// Serialises schema loading: libxml2's schema parser reports through process-wide handlers.
static LOADING: Mutex<()> = Mutex::new(());

impl Schema {
    /// Loads and compiles the schema file at `path`.
    pub fn load(path: &Path) -> Result<Schema, Invalid> {
        init();
        let _guard = LOADING.lock().unwrap_or_else(|e| e.into_inner());
        let c_path = CString::new(path.to_string_lossy().as_bytes())
            .map_err(|_| Invalid::Schema("a NUL in the path".into()))?;
        // SAFETY: c_path is a valid C string for the duration of the calls; the parser
        // context is freed once, after the schema is parsed (the schema does not borrow it).
        let schema = unsafe {
            let ctxt = ffi::xmlSchemaNewParserCtxt(c_path.as_ptr());
            if ctxt.is_null() {
                return Err(Invalid::Schema(format!("cannot open {}", path.display())));
            }
            let schema = ffi::xmlSchemaParse(ctxt);
            ffi::xmlSchemaFreeParserCtxt(ctxt);
            schema
        };
        if schema.is_null() {
            return Err(Invalid::Schema(format!(
                "{} does not compile",
                path.display()
            )));
        }
        Ok(Schema { schema })
    }

    /// Loads the schema embedded in a WSDL's `types` (the first `xs:schema` element, which must
    /// declare the prefixes it uses, as the ESF WSDLs' do), written beside the system's temp
    /// files so libxml2 can compile it.
    pub fn load_from_wsdl(wsdl: &Path) -> Result<Schema, Invalid> {
        let text = std::fs::read_to_string(wsdl)
            .map_err(|e| Invalid::Schema(format!("{}: {e}", wsdl.display())))?;
        let start = text.find("<xs:schema");
        let end = text.find("</xs:schema>").map(|e| e + "</xs:schema>".len());
        let (Some(start), Some(end)) = (start, end) else {
            return Err(Invalid::Schema(format!(
                "{} has no xs:schema",
                wsdl.display()
            )));
        };
        let dir = std::env::temp_dir().join(format!("tanba-wsdl-xsd-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Invalid::Schema(e.to_string()))?;
        let name = wsdl.file_stem().map(|s| s.to_string_lossy().into_owned());
        let path = dir.join(format!("{}.xsd", name.unwrap_or_default()));
        std::fs::write(&path, &text[start..end]).map_err(|e| Invalid::Schema(e.to_string()))?;
        Schema::load(&path)
    }

    /// Validates the element of `xml` found by following `path` from the root: each step is
    /// a child element's (namespace URI or "" for none, local name). An empty path validates
    /// the whole document.
    pub fn validate(&self, xml: &[u8], path: &[(&str, &str)]) -> Result<(), Invalid> {
        init();
        let doc = ffi::Doc::read(xml).ok_or(Invalid::NotWellFormed)?;
        let node = doc
            .find(path)
            .ok_or_else(|| Invalid::NoSuchElement(format!("{path:?}")))?;
        let mut errors: Vec<String> = Vec::new();
        // SAFETY: the schema outlives the context; `errors` outlives the context, which is the
        // only thing that calls `collect` with it; `doc` (and so `node`) outlives the call.
        let status = unsafe {
            let ctxt = ffi::xmlSchemaNewValidCtxt(self.schema);
            if ctxt.is_null() {
                return Err(Invalid::Schema("no validation context".into()));
            }
            ffi::xmlSchemaSetValidStructuredErrors(
                ctxt,
                collect,
                (&mut errors as *mut Vec<String>).cast(),
            );
            let status = if path.is_empty() {
                ffi::xmlSchemaValidateDoc(ctxt, doc.ptr())
            } else {
                ffi::xmlSchemaValidateOneElement(ctxt, node)
            };
            ffi::xmlSchemaFreeValidCtxt(ctxt);
            status
        };
        match (status, errors.is_empty()) {
            (0, true) => Ok(()),
            (_, true) => Err(Invalid::Errors(vec![format!("libxml2 status {status}")])),
            _ => Err(Invalid::Errors(errors)),
        }
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        // SAFETY: the schema was created by xmlSchemaParse and is freed once.
        unsafe { ffi::xmlSchemaFree(self.schema) }
    }
}

/// libxml2's structured error callback: one line per error into the Vec behind `user`.
extern "C" fn collect(user: *mut std::ffi::c_void, error: *const ffi::XmlError) {
    if user.is_null() || error.is_null() {
        return;
    }
    // SAFETY: `user` is the `&mut Vec<String>` passed in `validate`, alive during validation;
    // `error` points to libxml2's error for the duration of the callback.
    unsafe {
        let errors = &mut *user.cast::<Vec<String>>();
        let error = &*error;
        let message = if error.message.is_null() {
            String::from("(no message)")
        } else {
            CStr::from_ptr(error.message)
                .to_string_lossy()
                .trim()
                .to_owned()
        };
        errors.push(format!("line {}: {message}", error.line));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        let dir = std::env::temp_dir().join(format!("xsd-check-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("t.xsd");
        std::fs::write(
            &path,
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t" elementFormDefault="qualified">
                 <xs:element name="n" type="xs:int"/>
                 <xs:element name="w"><xs:complexType><xs:sequence><xs:element ref="n"/></xs:sequence></xs:complexType></xs:element>
               </xs:schema>"#,
        )
        .expect("write schema");
        Schema::load(&path).expect("schema compiles")
    }

    #[test]
    fn valid_and_invalid_documents_and_elements_are_told_apart() {
        let schema = schema();
        assert_eq!(schema.validate(br#"<n xmlns="urn:t">5</n>"#, &[]), Ok(()));
        let bad = schema.validate(br#"<n xmlns="urn:t">five</n>"#, &[]);
        assert!(
            matches!(bad, Err(Invalid::Errors(ref e)) if e[0].contains("five")),
            "{bad:?}"
        );
        let wrapped = br#"<env xmlns:t="urn:t"><t:w><t:n>1</t:n></t:w></env>"#;
        assert_eq!(schema.validate(wrapped, &[("urn:t", "w")]), Ok(()));
        assert!(matches!(
            schema.validate(wrapped, &[("urn:t", "x")]),
            Err(Invalid::NoSuchElement(_))
        ));
        assert_eq!(schema.validate(b"<n", &[]), Err(Invalid::NotWellFormed));
    }
}
