//! Reading untrusted XML safely (R16, issue 6): UTF-8 only, no DOCTYPE at all (so no DTD, no
//! entity declarations, no external entities and no entity expansion), a bounded number of
//! nodes. Only the five predefined entities and character references are understood.

use roxmltree::{Document, ParsingOptions};

use crate::error::PkiError;

/// More nodes than a login challenge or a signed document of the hub ever has.
const NODES_LIMIT: u32 = 200_000;

/// Parses `xml`, refusing a DOCTYPE with [`PkiError::XmlDoctype`].
pub(crate) fn parse(xml: &[u8]) -> Result<Document<'_>, PkiError> {
    let text =
        std::str::from_utf8(xml).map_err(|e| PkiError::xml_malformed(format!("not UTF-8: {e}")))?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        entity_resolver: None,
    };
    let document = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => PkiError::XmlDoctype,
        other => PkiError::xml_malformed(other),
    })?;
    // roxmltree refuses a DTD with declarations by itself but accepts an empty
    // `<!DOCTYPE x>`; a DOCTYPE can only stand before the document element.
    let prolog = &text[..document.root_element().range().start];
    if prolog.contains("<!DOCTYPE") {
        return Err(PkiError::XmlDoctype);
    }
    Ok(document)
}
