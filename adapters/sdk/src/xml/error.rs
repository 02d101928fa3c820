//! Why a piece of XML was refused.

use crate::step::Problem;
use crate::{AfterFailure, Text, text};

/// XML the reader refuses. Every variant has a stable code and a kk/ru/en text ([`Problem`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// A DOCTYPE declaration: DTDs, external entities and entity expansion are refused.
    #[error("XML with a DOCTYPE declaration is refused")]
    Doctype,
    /// A reference to an entity other than `lt`, `gt`, `amp`, `apos`, `quot`.
    #[error("XML refers to the entity `&{name};`, which is refused")]
    Entity {
        /// The entity's name.
        name: String,
    },
    /// Not well-formed.
    #[error("the XML is malformed: {reason}")]
    Malformed {
        /// What the reader found, with the byte position.
        reason: String,
    },
    /// Nested deeper than [`super::MAX_DEPTH`] elements.
    #[error("the XML is nested deeper than {limit} elements")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// Not UTF-8, or declares another encoding.
    #[error("the XML is not UTF-8")]
    NotUtf8,
}

impl Problem for XmlError {
    fn code(&self) -> &'static str {
        match self {
            XmlError::Doctype => "XML_DOCTYPE_REFUSED",
            XmlError::Entity { .. } => "XML_ENTITY_REFUSED",
            XmlError::Malformed { .. } => "XML_MALFORMED",
            XmlError::TooDeep { .. } => "XML_TOO_DEEP",
            XmlError::NotUtf8 => "XML_NOT_UTF8",
        }
    }

    /// Retrying cannot turn bad XML into good XML.
    fn after(&self) -> AfterFailure {
        AfterFailure::GiveUp
    }

    fn reason(&self) -> Text {
        match self {
            XmlError::Doctype => text(
                "XML-де DOCTYPE жарияланымы бар: DTD мен сыртқы нысандар қауіпсіздік үшін қабылданбайды.",
                "XML содержит объявление DOCTYPE: DTD и внешние сущности не принимаются из соображений безопасности.",
                "The XML contains a DOCTYPE declaration: DTDs and external entities are refused for security.",
            ),
            XmlError::Entity { name } => text(
                &format!("XML-де `&{name};` нысанына сілтеме бар, ол қабылданбайды."),
                &format!("XML ссылается на сущность `&{name};`, такие ссылки не принимаются."),
                &format!("The XML refers to the entity `&{name};`, which is refused."),
            ),
            XmlError::Malformed { reason } => text(
                &format!("XML дұрыс құрылмаған: {reason}."),
                &format!("XML сформирован неправильно: {reason}."),
                &format!("The XML is malformed: {reason}."),
            ),
            XmlError::TooDeep { limit } => text(
                &format!("XML элементтері {limit} деңгейден терең салынған."),
                &format!("Элементы XML вложены глубже {limit} уровней."),
                &format!("The XML's elements are nested deeper than {limit} levels."),
            ),
            XmlError::NotUtf8 => text(
                "XML UTF-8 кодтауында емес.",
                "XML не в кодировке UTF-8.",
                "The XML is not in UTF-8.",
            ),
        }
    }
}
