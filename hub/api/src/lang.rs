//! The caller's language.

use http::HeaderMap;
use http::header::ACCEPT_LANGUAGE;
use tanba_domain::Lang;

/// The language a response is written in: the best of `Accept-Language`, else the hub's default.
pub(crate) fn caller_lang(headers: &HeaderMap, default: Lang) -> Lang {
    headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::negotiate)
        .unwrap_or(default)
}
