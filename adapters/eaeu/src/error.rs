//! Why an exchange with the EAEU integration gateway failed, or why an incoming movement was
//! refused, with a stable code, whether retrying can help, and a kk/ru/en text.

use tanba_adapter_sdk::state::StateError;
use tanba_adapter_sdk::xml::XmlError;
use tanba_adapter_sdk::{AfterFailure, Problem, Text, text};

/// Everything that can go wrong in this adapter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EaeuError {
    /// XML the reader refuses (malformed, DOCTYPE, entities...).
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// An HTTP status other than 200 or 202.
    #[error("HTTP status {status}")]
    Http {
        /// The status.
        status: u16,
    },
    /// A message that breaks the structure.
    #[error("the message is invalid: {reason}")]
    Invalid {
        /// What is wrong, where.
        reason: String,
    },
    /// The other side rejected the export.
    #[error("rejected: {reason}")]
    Rejected {
        /// The reason it gave.
        reason: String,
    },
    /// The exchange state is not this adapter's.
    #[error(transparent)]
    State(#[from] StateError),
    /// A job or an endpoint this adapter does not have.
    #[error("no {what} {name}")]
    Unknown {
        /// `job` or `inbound endpoint`.
        what: &'static str,
        /// Its name.
        name: String,
    },
}

impl Problem for EaeuError {
    fn code(&self) -> &'static str {
        match self {
            EaeuError::Xml(e) => e.code(),
            EaeuError::Http { .. } => "EAEU_HTTP_STATUS",
            EaeuError::Invalid { .. } => "EAEU_MESSAGE_INVALID",
            EaeuError::Rejected { .. } => "EAEU_REJECTED",
            EaeuError::State(e) => e.code(),
            EaeuError::Unknown { what: "job", .. } => "ADAPTER_UNKNOWN_JOB",
            EaeuError::Unknown { .. } => "ADAPTER_NO_INBOUND",
        }
    }

    fn after(&self) -> AfterFailure {
        match self {
            EaeuError::Http { status } if *status >= 500 || *status == 429 || *status == 408 => {
                AfterFailure::RetryLater
            }
            _ => AfterFailure::GiveUp,
        }
    }

    fn reason(&self) -> Text {
        match self {
            EaeuError::Xml(e) => e.reason(),
            EaeuError::State(e) => e.reason(),
            EaeuError::Http { status } => text(
                &format!("ЕАЭО интеграциялық шлюзі HTTP {status} мәртебесімен жауап берді."),
                &format!("Интеграционный шлюз ЕАЭС ответил со статусом HTTP {status}."),
                &format!("The EAEU integration gateway answered with HTTP status {status}."),
            ),
            EaeuError::Invalid { reason } => text(
                &format!("ЕАЭО хабарламасы қате: {reason}."),
                &format!("Сообщение ЕАЭС неверно: {reason}."),
                &format!("The EAEU message is invalid: {reason}."),
            ),
            EaeuError::Rejected { reason } => text(
                &format!(
                    "ЕАЭО мүше мемлекеті экспортты қабылдамады: {reason}. Құжатты тексеріңіз."
                ),
                &format!("Государство-член ЕАЭС отклонило экспорт: {reason}. Проверьте документ."),
                &format!(
                    "The EAEU member state rejected the export: {reason}. Check the document."
                ),
            ),
            EaeuError::Unknown { what, name } => text(
                &format!("ЕАЭО адаптерінде «{name}» жоқ ({what})."),
                &format!("У адаптера ЕАЭС нет «{name}» ({what})."),
                &format!("The EAEU adapter has no {what} `{name}`."),
            ),
        }
    }
}
