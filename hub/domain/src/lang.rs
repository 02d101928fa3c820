//! The three languages every text exists in (R19; DESIGN.md principle 6).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language a person reads Tanba in. Kazakh is never a fallback to Russian: each has its own
/// texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Kazakh (қазақ тілі), the state language.
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

/// A language tag that names none of kk, ru, en.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`: expected kk, ru or en")]
pub struct UnknownLang(pub String);

impl Lang {
    /// Every language, in the order texts are listed in (kk, ru, en).
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    /// The BCP 47 primary subtag: `kk`, `ru`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language of a tag such as `kk`, `ru-RU`, `en_US.UTF-8` or `kk-Cyrl-KZ`, if it is one of
    /// ours. Only the primary subtag counts.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .trim();
        Lang::ALL
            .into_iter()
            .find(|lang| primary.eq_ignore_ascii_case(lang.code()))
    }

    /// The caller's language from an HTTP `Accept-Language` value (RFC 9110 §12.5.4): the
    /// supported language with the highest quality, the earliest listed on a tie; `None` when the
    /// header names none of ours (the caller then gets the hub's default language).
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u16)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), parse_quality);
            let (Some(lang), Some(q)) = (Lang::from_tag(tag), quality) else {
                continue;
            };
            if q > 0 && best.is_none_or(|(_, best_q)| q > best_q) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }
}

/// A quality value `0`, `1`, `0.8`, `0.125` as thousandths; `None` when malformed.
fn parse_quality(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Lang::ALL
            .into_iter()
            .find(|lang| text.eq_ignore_ascii_case(lang.code()))
            .ok_or_else(|| UnknownLang(text.to_owned()))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_their_language_by_primary_subtag() {
        assert_eq!(Lang::from_tag("kk-Cyrl-KZ"), Some(Lang::Kk));
        assert_eq!(Lang::from_tag("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de-DE"), None);
        assert_eq!(Lang::from_tag("C.UTF-8"), None);
    }

    #[test]
    fn negotiation_takes_the_highest_quality_we_support() {
        assert_eq!(Lang::negotiate("de, ru;q=0.5, kk;q=0.9"), Some(Lang::Kk));
        assert_eq!(Lang::negotiate("en-GB, kk;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::negotiate("ru;q=0.8, en;q=0.8"), Some(Lang::Ru));
        assert_eq!(Lang::negotiate("fr, de;q=0.5"), None);
        assert_eq!(Lang::negotiate("kk;q=0, ru;q=0.1"), Some(Lang::Ru));
        assert_eq!(Lang::negotiate("kk;q=2, ru;q=0.1"), Some(Lang::Ru));
        assert_eq!(Lang::negotiate(""), None);
    }

    #[test]
    fn parsing_accepts_exactly_the_three_codes() {
        assert_eq!("KK".parse::<Lang>(), Ok(Lang::Kk));
        assert!("kz".parse::<Lang>().is_err());
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
    }
}
