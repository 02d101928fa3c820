//! What the registry refuses, and why, in words a person reads (kk/ru/en through `Msg`).

use tanba_domain::Msg;
use tanba_store::StoreError;

/// The kind of a refusal: the API turns it into an HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The input breaks a rule (400/422).
    Invalid,
    /// The caller may not do this (403).
    Forbidden,
    /// No such thing, or not visible to the caller (404).
    NotFound,
    /// The thing exists or changed meanwhile (409).
    Conflict,
    /// The database is away; retry later (503).
    Unavailable,
    /// A fault of the hub (500).
    Internal,
}

/// A refusal: kind, stable code, message, and the offending input field if there is one.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{code}: {msg:?}")]
pub struct RegistryError {
    /// The kind.
    pub kind: Kind,
    /// Stable machine code (`GTIN_NOT_OWNED`).
    pub code: &'static str,
    /// What is wrong and what to do.
    pub msg: Msg,
    /// RFC 6901 pointer into the request, when one field is to blame.
    pub pointer: Option<String>,
}

impl RegistryError {
    /// A refusal of `kind`.
    pub fn new(kind: Kind, code: &'static str, msg: Msg) -> Self {
        RegistryError {
            kind,
            code,
            msg,
            pointer: None,
        }
    }

    /// Invalid input at `pointer`.
    pub fn invalid(pointer: impl Into<String>, code: &'static str, msg: Msg) -> Self {
        RegistryError {
            pointer: Some(pointer.into()),
            ..RegistryError::new(Kind::Invalid, code, msg)
        }
    }

    /// Not found (or hidden from the caller, which must look the same).
    pub fn not_found(code: &'static str, msg: Msg) -> Self {
        RegistryError::new(Kind::NotFound, code, msg)
    }

    /// The caller lacks the right.
    pub fn forbidden(code: &'static str, msg: Msg) -> Self {
        RegistryError::new(Kind::Forbidden, code, msg)
    }

    /// Blames `pointer` for an existing error.
    pub fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }
}

impl From<StoreError> for RegistryError {
    fn from(e: StoreError) -> Self {
        let kind = if e.is_unavailable() {
            Kind::Unavailable
        } else {
            tracing::error!(error = %e, "registry query failed");
            Kind::Internal
        };
        RegistryError::new(kind, "DATABASE", e.msg())
    }
}
