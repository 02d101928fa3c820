//! The client's address for the audit log (R23): the socket's peer, or the first address of
//! `X-Forwarded-For` when, and only when, the peer is a configured trusted proxy (so a client
//! cannot write someone else's address into the log).

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use http::HeaderMap;
use http::request::Parts;

/// The client's address of a request.
pub(crate) fn client_ip(
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    trusted_proxies: &[IpAddr],
) -> Option<String> {
    let peer = peer?.ip();
    if trusted_proxies.contains(&peer)
        && let Some(forwarded) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    {
        return Some(forwarded.to_string());
    }
    Some(peer.to_string())
}

/// The client's address from a request's parts.
pub(crate) fn of_parts(parts: &Parts, trusted_proxies: &[IpAddr]) -> Option<String> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    client_ip(&parts.headers, peer, trusted_proxies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.7, 10.0.0.1".parse().expect("header"),
        );
        let proxy: SocketAddr = "10.0.0.2:4000".parse().expect("addr");
        let trusted = ["10.0.0.2".parse().expect("ip")];
        assert_eq!(
            client_ip(&headers, Some(proxy), &trusted).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            client_ip(&headers, Some(proxy), &[]).as_deref(),
            Some("10.0.0.2")
        );
        assert_eq!(
            client_ip(&HeaderMap::new(), Some(proxy), &trusted).as_deref(),
            Some("10.0.0.2")
        );
    }
}
