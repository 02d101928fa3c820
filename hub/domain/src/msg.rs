//! A message for a person, before it is put into words.

use std::fmt;

/// A value that fills a placeholder of a message: text, or a number (numbers choose plural
/// forms in Kazakh and Russian).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text inserted as it is (a field name, a code, a path).
    Text(String),
    /// An integer, for plural forms.
    Number(i64),
}

/// A message a person will read, as a stable id in the catalogue (`tanba-i18n`'s `.ftl` files)
/// plus named arguments. Errors across the hub describe themselves this way; the boundary picks
/// the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// A message with no arguments yet. `id` names an entry present in every language's
    /// catalogue (a test in `tanba-i18n` checks every `Msg::new` in the code against them).
    pub fn new(id: &'static str) -> Self {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    /// Adds a text argument.
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds a numeric argument.
    pub fn with_number(mut self, name: &'static str, value: i64) -> Self {
        self.args.push((name, Arg::Number(value)));
        self
    }

    /// The catalogue id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The arguments, in the order they were added.
    pub fn args(&self) -> &[(&'static str, Arg)] {
        &self.args
    }
}
