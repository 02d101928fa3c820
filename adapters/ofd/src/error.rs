//! Why a poll of the receipt feed failed, with a stable code, whether retrying can help, and a
//! kk/ru/en text for the operator.

use tanba_adapter_sdk::state::StateError;
use tanba_adapter_sdk::{AfterFailure, Problem, Text, text};

/// Everything that can go wrong in this adapter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfdError {
    /// An HTTP status other than 200.
    #[error("HTTP status {status}")]
    Http {
        /// The status.
        status: u16,
    },
    /// The body is not the feed's JSON.
    #[error("the feed page is not valid: {reason}")]
    Malformed {
        /// What the reader found.
        reason: String,
    },
    /// A receipt breaks the feed's format.
    #[error("receipt {receipt}: {reason}")]
    Receipt {
        /// The receipt's id (or its position when the id is missing).
        receipt: String,
        /// What is wrong, where.
        reason: String,
    },
    /// A setting is missing or invalid.
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
    /// A message to an inbound endpoint (this adapter has none).
    #[error("no inbound endpoint {endpoint}")]
    NoInbound {
        /// Its name.
        endpoint: String,
    },
}

impl Problem for OfdError {
    fn code(&self) -> &'static str {
        match self {
            OfdError::Http { .. } => "OFD_HTTP_STATUS",
            OfdError::Malformed { .. } => "OFD_FEED_MALFORMED",
            OfdError::Receipt { .. } => "OFD_RECEIPT_INVALID",
            OfdError::Setting { .. } => "ADAPTER_SETTING_INVALID",
            OfdError::State(e) => e.code(),
            OfdError::UnknownJob { .. } => "ADAPTER_UNKNOWN_JOB",
            OfdError::NoInbound { .. } => "ADAPTER_NO_INBOUND",
        }
    }

    /// 5xx, 429 and 408 pass by themselves; a feed page that breaks the format needs the
    /// operator of the feed (the same page would come again).
    fn after(&self) -> AfterFailure {
        match self {
            OfdError::Http { status } if *status >= 500 || *status == 429 || *status == 408 => {
                AfterFailure::RetryLater
            }
            _ => AfterFailure::GiveUp,
        }
    }

    fn reason(&self) -> Text {
        match self {
            OfdError::State(e) => e.reason(),
            OfdError::Http { status } => text(
                &format!("ФДО чектер легі HTTP {status} мәртебесімен жауап берді."),
                &format!("Лента чеков ОФД ответила со статусом HTTP {status}."),
                &format!(
                    "The fiscal data operator's receipt feed answered with HTTP status {status}."
                ),
            ),
            OfdError::Malformed { reason } => text(
                &format!("ФДО чектер легінің беті қате: {reason}. Лента операторына хабарлаңыз."),
                &format!("Страница ленты чеков ОФД неверна: {reason}. Сообщите оператору ленты."),
                &format!(
                    "The fiscal data operator's feed page is invalid: {reason}. Tell the feed's operator."
                ),
            ),
            OfdError::Receipt { receipt, reason } => text(
                &format!("ФДО чегі {receipt} қате: {reason}. Лента операторына хабарлаңыз."),
                &format!("Чек ОФД {receipt} неверен: {reason}. Сообщите оператору ленты."),
                &format!(
                    "Fiscal receipt {receipt} is invalid: {reason}. Tell the feed's operator."
                ),
            ),
            OfdError::Setting { name } => text(
                &format!("Адаптердің «{name}» баптауы берілмеген немесе қате."),
                &format!("Настройка адаптера «{name}» не задана или неверна."),
                &format!("The adapter setting `{name}` is missing or invalid."),
            ),
            OfdError::UnknownJob { job } => text(
                &format!("Адаптерде «{job}» тапсырмасы жоқ."),
                &format!("У адаптера нет задания «{job}»."),
                &format!("The adapter has no job `{job}`."),
            ),
            OfdError::NoInbound { endpoint } => text(
                &format!(
                    "ФДО адаптері хабарламаларды қабылдамайды («{endpoint}» кіріс нүктесі жоқ)."
                ),
                &format!("Адаптер ОФД не принимает сообщений (входной точки «{endpoint}» нет)."),
                &format!(
                    "The fiscal data adapter receives no messages (there is no inbound endpoint `{endpoint}`)."
                ),
            ),
        }
    }
}
