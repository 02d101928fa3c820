//! Test guest: the `echo` rule set at version 2.0.0; the same source as version 1.

#[path = "../../echo-v1/src/echo.rs"]
mod echo;
pub use echo::Echo;
