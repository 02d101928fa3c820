//! Signing in to the web pages as a browser does (issue 8): the sign-in page's challenge signed
//! with the test PKI, the session cookie read back.

use base64::Engine as _;
use http::StatusCode;
use tanba_pki::testpki::{TestPki, detached_cms};

use super::World;

/// The `[web] ncalayer_url` of [`pki_hub`]: nothing listens there (these tests sign directly).
pub const NCALAYER: &str = "ws://127.0.0.1:1";

/// A hub that trusts `pki` and names [`NCALAYER`] to its pages.
pub async fn pki_hub(pki: &TestPki, dir: &std::path::Path) -> World {
    super::pki_world(pki, dir, |config| {
        config.web.ncalayer_url = NCALAYER.to_owned();
    })
    .await
}

pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// The value of `name="..."` / `data-...="..."` attribute `attr` in `html` after `marker`.
pub fn attribute(html: &str, marker: &str, attr: &str) -> String {
    let from = html.find(marker).expect("the marker is on the page");
    let rest = &html[from..];
    let start = rest.find(&format!("{attr}=\"")).expect("the attribute") + attr.len() + 2;
    let value = &rest[start..];
    unescape(&value[..value.find('"').expect("its end")])
}

/// Text as minijinja's HTML escaping wrote it, read back as a browser does.
pub fn unescape(text: &str) -> String {
    [
        ("&#x2f;", "/"),
        ("&#x27;", "'"),
        ("&quot;", "\""),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(text.to_owned(), |t, (from, to)| t.replace(from, to))
}

/// Signs in through `/login` as the test PKI's organisation head: the session token.
pub async fn sign_in(w: &World, pki: &TestPki) -> String {
    let client = browser();
    let page = client
        .get(format!("{}/login", w.app.address))
        .send()
        .await
        .expect("the login page");
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    let secret = login_cookie(&page);
    let html = page.text().await.expect("html");
    // The page talks to the configured NCALayer, and its policy lets it.
    let ncalayer = attribute(&html, "id=\"login-form\"", "data-ncalayer");
    assert_eq!(ncalayer, NCALAYER);
    assert!(
        csp.contains(&format!("connect-src 'self' {ncalayer};")),
        "{csp}"
    );
    let form = login_form(&html, pki);
    let response = client
        .post(format!("{}/login", w.app.address))
        .header("cookie", secret)
        .form(&form)
        .send()
        .await
        .expect("signed in");
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "{:?}",
        response.text().await
    );
    assert_eq!(response.headers()["location"], "/cabinet");
    let cookie = set_cookie(&response, "tanba_session=").expect("the session cookie");
    let spent = set_cookie(&response, "tanba_login=").expect("the sign-in secret is dropped");
    assert!(spent.contains("Max-Age=0"), "{spent}");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP: no Secure flag: {cookie}"
    );
    let token = cookie
        .strip_prefix("tanba_session=")
        .and_then(|c| c.split(';').next())
        .expect("the session token");
    token.to_owned()
}

/// The sign-in page's secret cookie (`tanba_login=...`), as the browser sends it back.
pub fn login_cookie(page: &reqwest::Response) -> String {
    let set = set_cookie(page, "tanba_login=").expect("the sign-in page sets its secret");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/login"] {
        assert!(set.contains(part), "{set} lacks {part}");
    }
    set.split(';').next().expect("name=value").to_owned()
}

/// The `Set-Cookie` header of `response` that starts with `prefix`.
pub fn set_cookie(response: &reqwest::Response, prefix: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(prefix))
        .map(str::to_owned)
}

/// The sign-in form's fields as the page's script posts them: the challenge signed with the
/// test PKI's organisation head, and the form's CSRF token.
pub fn login_form(html: &str, pki: &TestPki) -> Vec<(&'static str, String)> {
    let id = attribute(html, "name=\"challenge_id\"", "value");
    let text = attribute(html, "id=\"login-form\"", "data-challenge");
    let csrf = attribute(html, "name=\"csrf\"", "value");
    let cms = detached_cms(text.as_bytes(), &pki.org_head).expect("signed");
    let signature = base64::engine::general_purpose::STANDARD.encode(cms);
    vec![
        ("challenge_id", id),
        ("signature", signature),
        ("csrf", csrf),
    ]
}
