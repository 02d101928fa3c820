//! Tanba's message catalogue: turns a [`Msg`] into Kazakh, Russian or English text (R19, DESIGN.md
//! principle 6).
//!
//! The texts are Fluent (`.ftl`) files under `locales/<lang>/`, one file per area, compiled
//! into the binary. Tests here check that every language has every message, that Kazakh is not a
//! copy of Russian, and that every `Msg::new("id")` written anywhere in the hub has its texts.
//!
//! Not for: choosing the caller's language (the API and CLI do that) or formatting data.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use tanba_domain::{Arg, Lang, Msg};

/// The three files of each area, `locales/{kk,ru,en}/<area>.ftl`.
macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        &[$(
            (Lang::Kk, $area, include_str!(concat!("../locales/kk/", $area, ".ftl"))),
            (Lang::Ru, $area, include_str!(concat!("../locales/ru/", $area, ".ftl"))),
            (Lang::En, $area, include_str!(concat!("../locales/en/", $area, ".ftl"))),
        )*]
    };
}

/// The catalogue files, per language. A new area adds its name here and a file per language.
const SOURCES: &[(Lang, &str, &str)] = areas![
    "common",
    "api",
    "config",
    "store",
    "ids",
    "plugin",
    "rules",
    "emission",
    "pki",
    "lifecycle",
    "registry",
    "documents",
    "public",
    "adapters",
    "reference",
    "violations",
    "web",
    "exports",
    "statistics"
];

/// A catalogue file that does not parse or repeats a message id: a bug caught by this crate's
/// tests, reported at start rather than at the first error a caller would see.
#[derive(Debug, thiserror::Error)]
#[error("message catalogue {lang}/{file} is broken: {reason}")]
pub struct CatalogueError {
    lang: Lang,
    file: &'static str,
    reason: String,
}

/// Every message in every language, ready to render. Build it once and share it.
pub struct Catalogue {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

impl Catalogue {
    /// The catalogue compiled into the binary.
    pub fn embedded() -> Result<Self, CatalogueError> {
        let bundles = Lang::ALL
            .into_iter()
            .map(|lang| Ok((lang, bundle_for(lang)?)))
            .collect::<Result<_, CatalogueError>>()?;
        Ok(Catalogue { bundles })
    }

    /// The text of `msg` in `lang`. A message missing from the catalogue renders as its id, so a
    /// person still sees something to report; the tests keep that from happening.
    pub fn render(&self, lang: Lang, msg: &Msg) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(msg.id()).and_then(|m| m.value()) else {
            return msg.id().to_owned();
        };
        let args = fluent_args(msg);
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    }

    /// The text of message `id` (named at run time, as templates do) in `lang` with text
    /// arguments; like [`Catalogue::render`], a missing message renders as its id.
    pub fn text(&self, lang: Lang, id: &str, args: &[(&str, String)]) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, FluentValue::from(value.as_str()));
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent), &mut errors)
            .into_owned()
    }

    /// Whether `lang` has a message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// The ids of every message in `lang`'s catalogue.
    pub fn ids(&self, lang: Lang) -> Vec<String> {
        SOURCES
            .iter()
            .filter(|(l, _, _)| *l == lang)
            .flat_map(|(_, _, text)| message_ids(text))
            .collect()
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        &self
            .bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .expect("Catalogue::embedded builds a bundle for every Lang")
            .1
    }
}

fn bundle_for(lang: Lang) -> Result<FluentBundle<FluentResource>, CatalogueError> {
    let langid = lang
        .code()
        .parse()
        .expect("kk, ru and en are valid language identifiers");
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // No Unicode isolation marks: texts go to terminals, logs and JSON, not only to browsers.
    bundle.set_use_isolating(false);
    for (_, file, text) in SOURCES.iter().filter(|(l, _, _)| *l == lang) {
        let broken = |reason: String| CatalogueError { lang, file, reason };
        let resource = FluentResource::try_new((*text).to_owned())
            .map_err(|(_, errors)| broken(format!("{errors:?}")))?;
        bundle
            .add_resource(resource)
            .map_err(|errors| broken(format!("{errors:?}")))?;
    }
    Ok(bundle)
}

fn fluent_args(msg: &Msg) -> FluentArgs<'_> {
    let mut args = FluentArgs::new();
    for (name, value) in msg.args() {
        let value = match value {
            Arg::Text(text) => FluentValue::from(text.as_str()),
            Arg::Number(n) => FluentValue::from(*n),
        };
        args.set(*name, value);
    }
    args
}

/// The ids of the messages (not terms, not comments) defined in a `.ftl` text.
fn message_ids(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().filter_map(|line| {
        let (id, _) = line.split_once('=')?;
        let id = id.trim_end();
        let first = id.chars().next()?;
        (first.is_ascii_alphabetic() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .then(|| id.to_owned())
    })
}

#[cfg(test)]
mod tests;
