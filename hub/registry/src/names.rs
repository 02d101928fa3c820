//! Names in the languages a thing must be named in.

use serde::{Deserialize, Serialize};
use tanba_domain::Msg;

use crate::RegistryError;

/// The longest name accepted, in characters.
const MAX_NAME: usize = 500;

/// A name in Kazakh, Russian and (where required) English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// Kazakh.
    pub kk: String,
    /// Russian.
    pub ru: String,
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Names {
    /// Trims every name and checks each is present (English only if `need_en`) and not too long.
    /// Errors point at `{at}/kk` etc.
    pub fn checked(mut self, at: &str, need_en: bool) -> Result<Self, RegistryError> {
        let check = |lang: &str, text: &mut String| -> Result<(), RegistryError> {
            *text = text.trim().to_owned();
            let chars = text.chars().count();
            if chars == 0 || chars > MAX_NAME || text.chars().any(char::is_control) {
                return Err(RegistryError::invalid(
                    format!("{at}/{lang}"),
                    "NAME_INVALID",
                    Msg::new("name-invalid")
                        .with("lang", lang)
                        .with("max", MAX_NAME),
                ));
            }
            Ok(())
        };
        check("kk", &mut self.kk)?;
        check("ru", &mut self.ru)?;
        match (&mut self.en, need_en) {
            (Some(en), _) => check("en", en)?,
            (None, true) => check("en", &mut String::new())?,
            (None, false) => {}
        }
        Ok(self)
    }

    /// As stored (jsonb).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("names serialise")
    }

    /// From storage; the database's check constraint guarantees the keys.
    pub fn from_json(value: &serde_json::Value) -> Names {
        serde_json::from_value(value.clone()).unwrap_or_else(|_| Names {
            kk: String::new(),
            ru: String::new(),
            en: None,
        })
    }
}
