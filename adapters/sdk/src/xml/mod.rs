//! XML for adapters: a reader that refuses what makes XML dangerous, and a builder that escapes.
//!
//! Government systems speak XML, and XML parsers are a classic way in: a DOCTYPE can declare
//! external entities (files, URLs) or entities that expand a billion times. The reader refuses
//! any DOCTYPE at all and any entity reference other than the five predefined ones and
//! character references, with [`XmlError::Doctype`] and [`XmlError::Entity`] (issue 7,
//! "Reliability"). No SOAP message has a legitimate use for either.

mod error;
mod read;
mod tree;
mod write;

pub use error::XmlError;
pub use read::{MAX_DEPTH, parse, parse_str};
pub use tree::{Attribute, Element, Node};
pub use write::XmlBuilder;
