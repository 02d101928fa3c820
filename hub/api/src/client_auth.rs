//! Client certificates (mTLS, issue 6) checked against trust anchors that follow the hub's PKI
//! reloads: "reloadable without restart" holds for system integrations too. rustls keeps one
//! `ClientCertVerifier` for the server's life, so this one rebuilds rustls' own
//! `WebPkiClientVerifier` (no certificate checking of ours) whenever the anchors change, and
//! hands each handshake to the verifier of the anchors then in force.
//!
//! It sends no CA names in the CertificateRequest (`root_hint_subjects` is empty): the names
//! would be borrowed from a verifier that a reload may drop. Clients present their one
//! certificate anyway; TLS allows the empty list.

use std::sync::{Arc, Mutex};

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};

/// Where the anchors for client certificates come from.
pub trait ClientAnchors: Send + Sync + std::fmt::Debug {
    /// The anchors in force (DER), the same `Arc` until they change.
    fn current(&self) -> Arc<Vec<Vec<u8>>>;
}

/// Fixed anchors (read once).
impl ClientAnchors for Arc<Vec<Vec<u8>>> {
    fn current(&self) -> Arc<Vec<Vec<u8>>> {
        self.clone()
    }
}

type Built = (Arc<Vec<Vec<u8>>>, Arc<dyn ClientCertVerifier>);

/// A client-certificate verifier over the anchors of a [`ClientAnchors`], rebuilt when they
/// change. Clients without a certificate pass on to token authentication.
#[derive(Debug)]
pub(crate) struct FollowingVerifier {
    anchors: Arc<dyn ClientAnchors>,
    provider: Arc<CryptoProvider>,
    built: Mutex<Option<Built>>,
}

impl FollowingVerifier {
    /// Over `anchors`; fails if the anchors in force now give no usable verifier.
    pub(crate) fn new(
        anchors: Arc<dyn ClientAnchors>,
        provider: Arc<CryptoProvider>,
    ) -> Result<FollowingVerifier, rustls::Error> {
        let verifier = FollowingVerifier {
            anchors,
            provider,
            built: Mutex::new(None),
        };
        verifier.inner()?;
        Ok(verifier)
    }

    /// The verifier of the anchors in force, built again if they changed.
    fn inner(&self) -> Result<Arc<dyn ClientCertVerifier>, rustls::Error> {
        let now = self.anchors.current();
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((anchors, verifier)) = built.as_ref()
            && Arc::ptr_eq(anchors, &now)
        {
            return Ok(verifier.clone());
        }
        let verifier = build(&now, self.provider.clone())?;
        *built = Some((now, verifier.clone()));
        Ok(verifier)
    }
}

fn build(
    anchors: &[Vec<u8>],
    provider: Arc<CryptoProvider>,
) -> Result<Arc<dyn ClientCertVerifier>, rustls::Error> {
    let mut store = rustls::RootCertStore::empty();
    let (added, _) = store
        .add_parsable_certificates(anchors.iter().map(|der| CertificateDer::from(der.clone())));
    if added == 0 {
        return Err(rustls::Error::General(
            "no usable client CA certificate".into(),
        ));
    }
    rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(store), provider)
        .allow_unauthenticated()
        .build()
        .map_err(|e| rustls::Error::General(e.to_string()))
}

impl ClientCertVerifier for FollowingVerifier {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        self.inner()?
            .verify_client_cert(end_entity, intermediates, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
