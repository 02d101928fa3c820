//! TLS to the database with rustls (`database.tls = "verify-full"`), against a real PostgreSQL
//! server with `ssl = on` and a certificate from a test CA.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use tanba_localpg::LocalCluster;
use tanba_store::{Database, DatabaseSettings, DbTls};
use tanba_testkit::{open_tempdir, test_options};

/// A CA and a server certificate for `localhost`, as PEM.
fn test_pki() -> (String, String, String) {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Tanba test database CA");
    let ca_key = rcgen::KeyPair::generate().expect("key");
    let ca = ca_params.self_signed(&ca_key).expect("CA");
    let issuer = rcgen::Issuer::from_params(&ca_params, &ca_key);
    let server_key = rcgen::KeyPair::generate().expect("key");
    let server = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .expect("params")
        .signed_by(&server_key, &issuer)
        .expect("server certificate");
    (ca.pem(), server.pem(), server_key.serialize_pem())
}

/// PostgreSQL wants its key private to the server's user.
fn write_private(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    if nix::unistd::Uid::effective().is_root() {
        let postgres = nix::unistd::User::from_name("postgres")
            .ok()
            .flatten()
            .expect("user");
        nix::unistd::chown(path, Some(postgres.uid), Some(postgres.gid)).expect("chown");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

#[tokio::test]
async fn verify_full_connects_over_tls_and_refuses_an_unknown_ca() {
    let dir = open_tempdir();
    let (ca_pem, cert_pem, key_pem) = test_pki();
    let tls_dir = dir.path().join("tls");
    std::fs::create_dir(&tls_dir).expect("dir");
    std::fs::set_permissions(&tls_dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    write_private(&tls_dir.join("server.crt"), &cert_pem);
    write_private(&tls_dir.join("server.key"), &key_pem);
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca_pem).expect("write");

    let port = free_port();
    let mut options = test_options(dir.path().join("pg"));
    options.settings.extend([
        ("listen_addresses".to_owned(), "127.0.0.1".to_owned()),
        ("port".to_owned(), port.to_string()),
        ("ssl".to_owned(), "on".to_owned()),
        (
            "ssl_cert_file".to_owned(),
            tls_dir.join("server.crt").display().to_string(),
        ),
        (
            "ssl_key_file".to_owned(),
            tls_dir.join("server.key").display().to_string(),
        ),
    ]);
    let _cluster = tokio::task::spawn_blocking(move || LocalCluster::start(options))
        .await
        .expect("join")
        .expect("a TLS-enabled cluster");

    let url = format!("host=localhost port={port} user=tanba dbname=postgres sslmode=require");
    let settings = DatabaseSettings {
        tls: DbTls::VerifyFull,
        ca_file: Some(ca_file),
        ..DatabaseSettings::default()
    };
    let db = Database::connect(&settings, url.parse().expect("url")).expect("pool");
    let on_tls: bool = db
        .client()
        .await
        .expect("a TLS connection verified against the test CA")
        .query_one(
            "select ssl from pg_stat_ssl where pid = pg_backend_pid()",
            &[],
        )
        .await
        .expect("query")
        .get(0);
    assert!(on_tls, "the session is encrypted");

    let (other_ca, _, _) = test_pki();
    let other_file = dir.path().join("other-ca.pem");
    std::fs::write(&other_file, other_ca).expect("write");
    let untrusting = DatabaseSettings {
        ca_file: Some(other_file),
        connect_timeout_ms: 2_000,
        acquire_timeout_ms: 2_000,
        ..settings
    };
    let db = Database::connect(&untrusting, url.parse().expect("url")).expect("pool");
    let Err(err) = db.client().await else {
        panic!("a server signed by another CA must be refused");
    };
    assert!(err.is_unavailable(), "{err}");
}
