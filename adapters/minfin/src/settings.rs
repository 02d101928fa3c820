//! The operator's settings this adapter reads, and their declarations for `describe`.

use tanba_adapter_sdk::{Context, Setting, setting, text};

use crate::error::MinfinError;

/// The hub operator's BIN, on whose behalf the session is opened (`createSessionRequest/tin`).
pub const TIN: &str = "tin";
/// The hub's authentication certificate, base64 DER (public: the key stays with the hub), for
/// `createSessionRequest/x509Certificate` and `syncInvoiceRequest/x509Certificate`.
pub const CERTIFICATE: &str = "x509-certificate";
/// `operatorFullname` of every invoice body.
pub const OPERATOR_NAME: &str = "operator-fullname";
/// How the session is opened: `certificate` (`createSession`, the published SessionService).
/// `ticket` (AuthService `createAuthTicket` -> signed ticket -> `createSessionSigned`) is not
/// public yet and is refused until an adapter version follows it.
pub const AUTH_MODE: &str = "auth-mode";

/// A required setting.
pub fn required<'c>(context: &'c Context, name: &str) -> Result<&'c str, MinfinError> {
    setting(context, name).ok_or_else(|| MinfinError::Setting { name: name.into() })
}

/// The hub's BIN: 12 digits.
pub fn tin(context: &Context) -> Result<&str, MinfinError> {
    let tin = required(context, TIN)?;
    if tin.len() == 12 && tin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(tin)
    } else {
        Err(MinfinError::Setting { name: TIN.into() })
    }
}

/// The session mode; only `certificate` is built (see [`AUTH_MODE`]).
pub fn check_auth_mode(context: &Context) -> Result<(), MinfinError> {
    match required(context, AUTH_MODE)? {
        "certificate" => Ok(()),
        _ => Err(MinfinError::Setting {
            name: AUTH_MODE.into(),
        }),
    }
}

/// What `describe` declares.
pub fn declared() -> Vec<Setting> {
    vec![
        declare(
            TIN,
            None,
            (
                "Хаб операторының БСН-і: ЭШФ АЖ сессиясы оның атынан ашылады.",
                "БИН оператора хаба: сессия ИС ЭСФ открывается от его имени.",
                "The hub operator's BIN: the IS ESF session is opened on its behalf.",
            ),
        ),
        declare(
            CERTIFICATE,
            None,
            (
                "Хабтың аутентификация сертификаты, base64 DER (кілт хабта қалады).",
                "Сертификат аутентификации хаба, base64 DER (ключ остаётся у хаба).",
                "The hub's authentication certificate, base64 DER (the key stays with the hub).",
            ),
        ),
        declare(
            OPERATOR_NAME,
            Some("Tanba"),
            (
                "Жүктелетін деректердегі оператордың аты (operatorFullname).",
                "Имя оператора в выгружаемых данных (operatorFullname).",
                "The operator's name in uploaded data (operatorFullname).",
            ),
        ),
        declare(
            AUTH_MODE,
            Some("certificate"),
            (
                "Сессияны ашу тәсілі: certificate (createSession). ticket (AuthService) жарияланбаған.",
                "Способ открытия сессии: certificate (createSession). ticket (AuthService) не опубликован.",
                "How the session is opened: certificate (createSession). ticket (AuthService) is not public yet.",
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
