//! The operator's settings this adapter reads, and their declarations for `describe`.

use tanba_adapter_sdk::{Context, Setting, setting, text};

use crate::error::ShepError;

/// The sending system's id at the gateway (`requestInfo/sender/senderId`).
pub const SENDER_ID: &str = "sender-id";
/// The gateway's interaction id for the individual entrepreneurs register (not public: the
/// operator gets it when the interaction is registered).
pub const ENTREPRENEURS_SERVICE_ID: &str = "entrepreneurs-service-id";
/// Entries per page of the register.
pub const PAGE_SIZE: &str = "entrepreneurs-page-size";
/// Comma-separated file names of the national CA's certificates below `nca-certificates`.
pub const NCA_CERTIFICATE_FILES: &str = "nca-certificate-files";
/// Comma-separated file names of the national CA's full and delta CRLs below `nca-crls`.
pub const NCA_CRL_FILES: &str = "nca-crl-files";

const MAX_PAGE_SIZE: u32 = 5_000;

/// A required setting.
pub fn required<'c>(context: &'c Context, name: &str) -> Result<&'c str, ShepError> {
    setting(context, name).ok_or_else(|| invalid(name))
}

/// The page size, 1 to 5000.
pub fn page_size(context: &Context) -> Result<u32, ShepError> {
    required(context, PAGE_SIZE)?
        .trim()
        .parse()
        .ok()
        .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
        .ok_or_else(|| invalid(PAGE_SIZE))
}

/// A comma-separated list of plain file names (no slashes, query, fragment or leading dot), at
/// least one: the hub appends them to the endpoint's URL.
pub fn file_list(context: &Context, name: &str) -> Result<Vec<String>, ShepError> {
    let files: Vec<String> = required(context, name)?
        .split(',')
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty())
        .collect();
    let plain = |f: &String| !f.contains(['/', '\\', '?', '#']) && !f.starts_with('.');
    if files.is_empty() || !files.iter().all(plain) {
        return Err(invalid(name));
    }
    Ok(files)
}

fn invalid(name: &str) -> ShepError {
    ShepError::Setting { name: name.into() }
}

/// What `describe` declares.
pub fn declared() -> Vec<Setting> {
    vec![
        declare(
            SENDER_ID,
            None,
            (
                "ЭҮШ-дегі жіберуші жүйенің идентификаторы.",
                "Идентификатор системы-отправителя в ШЭП.",
                "The sending system's id at the e-Gov gateway.",
            ),
        ),
        declare(
            ENTREPRENEURS_SERVICE_ID,
            None,
            (
                "ЭҮШ өзара іс-қимыл тізіліміндегі жеке кәсіпкерлер тізілімі сервисінің идентификаторы.",
                "Идентификатор сервиса реестра ИП в реестре взаимодействий ШЭП.",
                "The individual entrepreneurs register's service id in the gateway's register of interactions.",
            ),
        ),
        declare(
            PAGE_SIZE,
            Some("500"),
            (
                "Тізілімнің бір бетіндегі жазбалар саны (1-5000).",
                "Число записей реестра на странице (1-5000).",
                "Register entries per page (1-5000).",
            ),
        ),
        declare(
            NCA_CERTIFICATE_FILES,
            None,
            (
                "ҰКО түбірлік және аралық сертификаттарының файл атаулары, үтір арқылы.",
                "Имена файлов корневых и промежуточных сертификатов НУЦ через запятую.",
                "File names of the national CA's root and intermediate certificates, comma-separated.",
            ),
        ),
        declare(
            NCA_CRL_FILES,
            None,
            (
                "ҰКО қайтарып алынған сертификаттар тізімдерінің (толық және дельта) файл атаулары, үтір арқылы.",
                "Имена файлов списков отозванных сертификатов НУЦ (полных и дельта) через запятую.",
                "File names of the national CA's full and delta CRLs, comma-separated.",
            ),
        ),
    ]
}

fn declare(name: &str, default: Option<&str>, (kk, ru, en): (&str, &str, &str)) -> Setting {
    Setting {
        name: name.into(),
        default_value: default.map(str::to_owned),
        description: text(kk, ru, en),
    }
}
