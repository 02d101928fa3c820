//! Tanba's domain core: the types and rules of marking and traceability, with no IO.
//!
//! What lives here: the languages every text exists in ([`Lang`]), and the language-neutral
//! description of a message a person will read ([`Msg`]), which the boundary (API, CLI) turns
//! into Kazakh, Russian or English text through `tanba-i18n`.
//!
//! What must never live here: async code, database access, HTTP, files, clocks or randomness of
//! its own. Storage, the API and the plugin host depend on this crate, never the reverse
//! (`../shared/DESIGN.md`, principle 4).

mod lang;
mod msg;

pub use lang::{Lang, UnknownLang};
pub use msg::{Arg, Msg};
