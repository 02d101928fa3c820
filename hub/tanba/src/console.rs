//! What the command line prints for people, in their language.

use std::io::Write;

use tanba_domain::{Lang, Msg};
use tanba_i18n::Catalogue;

/// The terminal's language and the catalogue to write in it.
pub struct Console {
    lang: Lang,
    catalogue: Option<Catalogue>,
}

impl Console {
    /// The language from `TANBA_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else
    /// English.
    pub fn from_env() -> Self {
        let lang = ["TANBA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|name| std::env::var(name).ok())
            .find_map(|value| Lang::from_tag(&value))
            .unwrap_or(Lang::En);
        Console {
            lang,
            catalogue: Catalogue::embedded().ok(),
        }
    }

    /// `msg` in the terminal's language.
    pub fn text(&self, msg: &Msg) -> String {
        match &self.catalogue {
            Some(catalogue) => catalogue.render(self.lang, msg),
            None => format!("{msg:?}"),
        }
    }

    /// Prints a line to standard output.
    pub fn say(&self, msg: &Msg) {
        self.line(&self.text(msg));
    }

    /// Prints a line of text to standard output. A closed pipe (the reader went away) is not
    /// worth a panic: the line is dropped.
    pub fn line(&self, text: &str) {
        let _ = writeln!(std::io::stdout(), "{text}");
    }

    /// Prints an error to standard error.
    pub fn error(&self, msg: &Msg) {
        let _ = writeln!(std::io::stderr(), "tanba: {}", self.text(msg));
    }
}
