//! The registry's REST resources (issue 3): product groups, participants, products, emission
//! orders with their print files, and the status of a code. Every route acts for an
//! [`Authenticated`](crate::auth::Authenticated) participant; the registry service decides what
//! it may see and do.

pub(crate) mod codes;
pub(crate) mod documents;
pub(crate) mod groups;
pub(crate) mod orders;
pub(crate) mod participants;
pub(crate) mod products;
pub(crate) mod units;

use http::StatusCode;
use tanba_domain::Msg;
use tanba_registry::{Kind, RegistryError};

use crate::ApiError;

impl From<RegistryError> for ApiError {
    fn from(e: RegistryError) -> Self {
        let (status, title) = match e.kind {
            Kind::Invalid => (StatusCode::UNPROCESSABLE_ENTITY, "problem-invalid-title"),
            Kind::Forbidden => (StatusCode::FORBIDDEN, "problem-forbidden-title"),
            Kind::NotFound => (StatusCode::NOT_FOUND, "problem-not-found-title"),
            Kind::Conflict => (StatusCode::CONFLICT, "problem-conflict-title"),
            Kind::Unavailable => return ApiError::unavailable(e.msg),
            Kind::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "problem-internal-title"),
        };
        let error = ApiError::new(status, e.code, Msg::new(title), e.msg.clone());
        match e.pointer {
            Some(pointer) => error.with_field(pointer, e.msg),
            None => error,
        }
    }
}
