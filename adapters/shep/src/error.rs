//! Why an exchange with the gateway or the national CA failed, each with a stable code, whether
//! retrying can help, and a text in kk/ru/en for the operator.

use tanba_adapter_sdk::soap::SoapError;
use tanba_adapter_sdk::state::StateError;
use tanba_adapter_sdk::xml::XmlError;
use tanba_adapter_sdk::{AfterFailure, Problem, Text, text};

/// Everything that can go wrong in this adapter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShepError {
    /// The reply is not a SOAP envelope the adapter accepts (malformed, DOCTYPE, entities...).
    #[error(transparent)]
    Soap(#[from] SoapError),
    /// The gateway answered with a SOAP fault.
    #[error("SOAP fault {fault_code} ({error_code:?}): {message}")]
    Fault {
        /// `faultcode`, e.g. `soapenv:Server`.
        fault_code: String,
        /// The gateway's `ErrorInfo/errorMessage`, or the `faultstring`.
        message: String,
        /// The gateway's `ErrorInfo/errorCode`, when the detail has one.
        error_code: Option<String>,
        /// Whether the fault blames us (`Client`).
        client: bool,
    },
    /// `SendMessageResponse` with a status other than `SCSS001`.
    #[error("the gateway answered status {code}: {message}")]
    Status {
        /// `responseInfo/status/code`.
        code: String,
        /// `responseInfo/status/message`.
        message: String,
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
        /// What the schema requires there.
        expected: String,
        /// What was there.
        found: String,
    },
    /// The register's business data breaks its format.
    #[error("the register data is invalid: {reason}")]
    Payload {
        /// What is wrong, with the entry.
        reason: String,
    },
    /// A file from the national CA is neither a DER nor a PEM certificate or CRL.
    #[error("{file} is not a certificate or CRL")]
    NcaFile {
        /// The file name.
        file: String,
    },
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
}

impl From<XmlError> for ShepError {
    fn from(e: XmlError) -> Self {
        ShepError::Soap(SoapError::Xml(e))
    }
}

impl Problem for ShepError {
    fn code(&self) -> &'static str {
        match self {
            ShepError::Soap(e) => e.code(),
            ShepError::Fault { .. } => "SHEP_FAULT",
            ShepError::Status { .. } => "SHEP_STATUS",
            ShepError::Http { .. } => "SHEP_HTTP_STATUS",
            ShepError::Unexpected { .. } => "SHEP_UNEXPECTED_REPLY",
            ShepError::Payload { .. } => "SHEP_REGISTER_DATA_INVALID",
            ShepError::NcaFile { .. } => "NCA_FILE_UNREADABLE",
            ShepError::Setting { .. } => "ADAPTER_SETTING_INVALID",
            ShepError::State(e) => e.code(),
            ShepError::UnknownJob { .. } => "ADAPTER_UNKNOWN_JOB",
        }
    }

    /// Retry what may pass by itself (the gateway's server faults, 5xx, 429); give up on the
    /// rest, which needs a person (or a new adapter version).
    fn after(&self) -> AfterFailure {
        let transient = match self {
            ShepError::Fault { client, .. } => !client,
            ShepError::Http { status } => *status >= 500 || *status == 429 || *status == 408,
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
            ShepError::Soap(e) => e.reason(),
            ShepError::State(e) => e.reason(),
            ShepError::Fault {
                message,
                error_code,
                ..
            } => {
                let code = error_code.as_deref().unwrap_or("-");
                text(
                    &format!("ЭҮШ қате қайтарды (SOAP fault, код {code}): {message}"),
                    &format!("ШЭП вернул ошибку (SOAP fault, код {code}): {message}"),
                    &format!("The e-Gov gateway returned a SOAP fault (code {code}): {message}"),
                )
            }
            ShepError::Status { code, message } => text(
                &format!("ЭҮШ хабарламаны өңдемеді: мәртебе {code}, {message}"),
                &format!("ШЭП не обработал сообщение: статус {code}, {message}"),
                &format!("The e-Gov gateway did not process the message: status {code}, {message}"),
            ),
            ShepError::Http { status } => text(
                &format!("Сыртқы жүйе HTTP {status} мәртебесімен жауап берді."),
                &format!("Внешняя система ответила со статусом HTTP {status}."),
                &format!("The external system answered with HTTP status {status}."),
            ),
            ShepError::Unexpected { expected, found } => text(
                &format!("ЭҮШ жауабында {expected} күтілді, бірақ {found} табылды."),
                &format!("В ответе ШЭП ожидался {expected}, а найден {found}."),
                &format!("The e-Gov gateway's reply should hold {expected} but holds {found}."),
            ),
            ShepError::Payload { reason } => text(
                &format!("Жеке кәсіпкерлер тізілімінің деректері қате: {reason}"),
                &format!("Данные реестра индивидуальных предпринимателей неверны: {reason}"),
                &format!("The individual entrepreneurs register data is invalid: {reason}"),
            ),
            ShepError::NcaFile { file } => text(
                &format!(
                    "ҰКО-ның {file} файлы сертификат та, қайтарып алынған сертификаттар тізімі де емес."
                ),
                &format!(
                    "Файл НУЦ {file} не является ни сертификатом, ни списком отозванных сертификатов."
                ),
                &format!("The national CA's file {file} is neither a certificate nor a CRL."),
            ),
            ShepError::Setting { name } => text(
                &format!("Адаптердің «{name}» баптауы берілмеген немесе қате."),
                &format!("Настройка адаптера «{name}» не задана или неверна."),
                &format!("The adapter setting `{name}` is missing or invalid."),
            ),
            ShepError::UnknownJob { job } => text(
                &format!("Адаптерде «{job}» тапсырмасы жоқ."),
                &format!("У адаптера нет задания «{job}»."),
                &format!("The adapter has no job `{job}`."),
            ),
        }
    }
}
