//! Test guest: the `echo` rule set at version 1.0.0 (see `echo.rs`).

mod echo;
pub use echo::Echo;
