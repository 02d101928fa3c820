//! Why an exchange with IS ESF failed, or why an inbound message was refused: each with a
//! stable code, whether retrying can help, and a kk/ru/en text for the operator.

use tanba_adapter_sdk::soap::SoapError;
use tanba_adapter_sdk::state::StateError;
use tanba_adapter_sdk::xml::XmlError;
use tanba_adapter_sdk::{AfterFailure, Problem, Text, text};

/// Everything that can go wrong in this adapter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MinfinError {
    /// The reply is not a SOAP envelope the adapter accepts (malformed, DOCTYPE, entities...).
    #[error(transparent)]
    Soap(#[from] SoapError),
    /// IS ESF answered with a SOAP fault.
    #[error("SOAP fault {fault_code} ({kind:?}): {message}")]
    Fault {
        /// `faultcode`, e.g. `soap:Server`.
        fault_code: String,
        /// The detail element's name (`accessDeniedException`, `businessException`,
        /// `sessionClosedException`), when there is one.
        kind: Option<String>,
        /// The detail's `description`, or the `faultstring`.
        message: String,
        /// Whether the fault blames us (`Client`, access denied, business rules).
        client: bool,
    },
    /// An HTTP status other than 200, without a SOAP fault.
    #[error("HTTP status {status}")]
    Http {
        /// The status.
        status: u16,
    },
    /// A well-formed reply of another shape than the operation's.
    #[error("expected {expected}, found {found}")]
    Unexpected {
        /// What the WSDL requires there.
        expected: String,
        /// What was there.
        found: String,
    },
    /// IS ESF declined the upload (`declinedSet`).
    #[error("IS ESF declined the upload: {errors}")]
    Declined {
        /// The errors' texts, joined.
        errors: String,
    },
    /// The session expired again right after a new one was made.
    #[error("the session keeps closing")]
    SessionKeepsClosing,
    /// A setting the adapter needs is missing or invalid.
    #[error("setting {name} is missing or invalid")]
    Setting {
        /// The setting's name.
        name: String,
    },
    /// The exchange state is not this adapter's.
    #[error(transparent)]
    State(#[from] StateError),
    /// A job this adapter does not have.
    #[error("no job {job}")]
    UnknownJob {
        /// Its name.
        job: String,
    },
    /// An inbound message to an endpoint this adapter does not have.
    #[error("no inbound endpoint {endpoint}")]
    UnknownEndpoint {
        /// Its name.
        endpoint: String,
    },
    /// A customs declaration that breaks its format.
    #[error("the declaration is invalid: {reason}")]
    Declaration {
        /// What is wrong, where.
        reason: String,
    },
}

impl From<XmlError> for MinfinError {
    fn from(e: XmlError) -> Self {
        MinfinError::Soap(SoapError::Xml(e))
    }
}

impl Problem for MinfinError {
    fn code(&self) -> &'static str {
        match self {
            MinfinError::Soap(e) => e.code(),
            MinfinError::Fault { .. } => "ESF_FAULT",
            MinfinError::Http { .. } => "ESF_HTTP_STATUS",
            MinfinError::Unexpected { .. } => "ESF_UNEXPECTED_REPLY",
            MinfinError::Declined { .. } => "ESF_UPLOAD_DECLINED",
            MinfinError::SessionKeepsClosing => "ESF_SESSION_KEEPS_CLOSING",
            MinfinError::Setting { .. } => "ADAPTER_SETTING_INVALID",
            MinfinError::State(e) => e.code(),
            MinfinError::UnknownJob { .. } => "ADAPTER_UNKNOWN_JOB",
            MinfinError::UnknownEndpoint { .. } => "ADAPTER_NO_INBOUND",
            MinfinError::Declaration { .. } => "CUSTOMS_DECLARATION_INVALID",
        }
    }

    /// Retry what may pass by itself (server faults, 5xx, 429, 408, a session that keeps
    /// closing); give up on the rest, which needs a person or a new adapter version.
    fn after(&self) -> AfterFailure {
        let transient = match self {
            MinfinError::Fault { client, .. } => !client,
            MinfinError::Http { status } => *status >= 500 || *status == 429 || *status == 408,
            MinfinError::SessionKeepsClosing => true,
            _ => false,
        };
        if transient {
            AfterFailure::RetryLater
        } else {
            AfterFailure::GiveUp
        }
    }

    fn reason(&self) -> Text {
        match self {
            MinfinError::Soap(e) => e.reason(),
            MinfinError::State(e) => e.reason(),
            MinfinError::Fault { kind, message, .. } => {
                let kind = kind.as_deref().unwrap_or("-");
                text(
                    &format!("ЭШФ АЖ қате қайтарды (SOAP fault, {kind}): {message}"),
                    &format!("ИС ЭСФ вернула ошибку (SOAP fault, {kind}): {message}"),
                    &format!("IS ESF returned a SOAP fault ({kind}): {message}"),
                )
            }
            MinfinError::Http { status } => text(
                &format!("ЭШФ АЖ HTTP {status} мәртебесімен жауап берді."),
                &format!("ИС ЭСФ ответила со статусом HTTP {status}."),
                &format!("IS ESF answered with HTTP status {status}."),
            ),
            MinfinError::Unexpected { expected, found } => text(
                &format!("ЭШФ АЖ жауабында {expected} күтілді, бірақ {found} табылды."),
                &format!("В ответе ИС ЭСФ ожидался {expected}, а найден {found}."),
                &format!("IS ESF's reply should hold {expected} but holds {found}."),
            ),
            MinfinError::Declined { errors } => text(
                &format!(
                    "ЭШФ АЖ деректерді қабылдамады: {errors}. Құжатты тексеріп, қайта жіберіңіз."
                ),
                &format!(
                    "ИС ЭСФ отклонила данные: {errors}. Проверьте документ и повторите отправку."
                ),
                &format!("IS ESF declined the data: {errors}. Check the document and replay it."),
            ),
            MinfinError::SessionKeepsClosing => text(
                "ЭШФ АЖ сессиясы жаңасы ашылғаннан кейін де жабылып қалады; кейінірек қайталанады.",
                "Сессия ИС ЭСФ закрывается даже сразу после открытия новой; обмен будет повторён позже.",
                "The IS ESF session closes even right after a new one is opened; the exchange will be retried later.",
            ),
            MinfinError::Setting { name } => text(
                &format!("Адаптердің «{name}» баптауы берілмеген немесе қате."),
                &format!("Настройка адаптера «{name}» не задана или неверна."),
                &format!("The adapter setting `{name}` is missing or invalid."),
            ),
            MinfinError::UnknownJob { job } => text(
                &format!("Адаптерде «{job}» тапсырмасы жоқ."),
                &format!("У адаптера нет задания «{job}»."),
                &format!("The adapter has no job `{job}`."),
            ),
            MinfinError::UnknownEndpoint { endpoint } => text(
                &format!("Қаржы министрлігі адаптерінде «{endpoint}» кіріс нүктесі жоқ."),
                &format!("У адаптера Минфина нет входной точки «{endpoint}»."),
                &format!("The Ministry of Finance adapter has no inbound endpoint `{endpoint}`."),
            ),
            MinfinError::Declaration { reason } => text(
                &format!("Кедендік декларация қате: {reason}. Түзетіп, қайта жіберіңіз."),
                &format!("Таможенная декларация неверна: {reason}. Исправьте и отправьте снова."),
                &format!(
                    "The customs declaration is invalid: {reason}. Correct it and send it again."
                ),
            ),
        }
    }
}
