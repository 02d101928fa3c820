//! OCSP (RFC 6960; issue 6, R16): the hub's request for a certificate, answered by the test
//! PKI's responder, and every way an answer is refused: signed by someone the issuer did not
//! certify for OCSP, about another certificate, with another nonce, or stale. Each status
//! maps to its own error.

use tanba_pki::testpki::{OcspReply, TestIdentity, TestPki, ocsp_response};
use tanba_pki::{OcspQuery, PkiError};
use time::{Duration, OffsetDateTime};

const NONCE: &[u8] = b"0123456789abcdef";

struct Case<'a> {
    pki: &'a TestPki,
    asked: &'a TestIdentity,
    signer: &'a TestIdentity,
    include_cert: bool,
    reply: OcspReply,
    next_update: Option<OffsetDateTime>,
}

fn now() -> OffsetDateTime {
    TestPki::at()
}

impl Case<'_> {
    fn check(&self) -> Result<Result<(), PkiError>, PkiError> {
        let issuer = self.pki.intermediate.certificate();
        let query = OcspQuery::new(&self.asked.certificate(), &issuer).expect("a query");
        let request = query.request_der(NONCE).expect("a request");
        let answer = ocsp_response(
            &request,
            self.reply,
            self.signer,
            self.include_cert,
            now() - Duration::minutes(1),
            self.next_update,
        )
        .expect("an answer");
        query
            .check_response(&answer, &issuer, NONCE, now())
            .map(|a| a.status)
    }
}

fn code(r: Result<Result<(), PkiError>, PkiError>) -> &'static str {
    match r {
        Ok(Ok(())) => "GOOD",
        Ok(Err(e)) | Err(e) => e.code(),
    }
}

#[test]
fn each_status_from_the_ca_or_its_delegated_responder_maps_to_its_error() {
    let pki = TestPki::generate().expect("a test PKI");
    let next = Some(now() + Duration::hours(1));
    for (signer, include_cert) in [(&pki.intermediate, false), (&pki.ocsp_responder, true)] {
        for (reply, expected) in [
            (OcspReply::Good, "GOOD"),
            (OcspReply::Revoked, "PKI_REVOKED"),
            (OcspReply::Unknown, "PKI_OCSP_UNKNOWN"),
        ] {
            let case = Case {
                pki: &pki,
                asked: &pki.org_head,
                signer,
                include_cert,
                reply,
                next_update: next,
            };
            assert_eq!(code(case.check()), expected, "{reply:?} by {include_cert}");
        }
    }
}

#[test]
fn an_answer_the_issuer_did_not_authorise_or_that_is_stale_is_refused() {
    let pki = TestPki::generate().expect("a test PKI");
    let good = |signer, include_cert, next_update| Case {
        pki: &pki,
        asked: &pki.org_head,
        signer,
        include_cert,
        reply: OcspReply::Good,
        next_update,
    };
    let next = Some(now() + Duration::hours(1));
    // Another CA's key, a certificate of the CA without id-kp-OCSPSigning, no certificate.
    for (case, what) in [
        (good(&pki.foreign_root, true, next), "a foreign CA"),
        (good(&pki.person, true, next), "a leaf without OCSPSigning"),
        (
            good(&pki.ocsp_responder, false, next),
            "a responder without its certificate",
        ),
        (
            good(&pki.intermediate, false, Some(now() - Duration::hours(1))),
            "past nextUpdate",
        ),
    ] {
        assert_eq!(code(case.check()), "PKI_OCSP_INVALID", "{what}");
    }
    // An answer about another certificate.
    let issuer = pki.intermediate.certificate();
    let other = OcspQuery::new(&pki.person.certificate(), &issuer).expect("a query");
    let mine = OcspQuery::new(&pki.org_head.certificate(), &issuer).expect("a query");
    let answer = ocsp_response(
        &other.request_der(NONCE).expect("request"),
        OcspReply::Good,
        &pki.intermediate,
        false,
        now(),
        next,
    )
    .expect("answer");
    let err = mine
        .check_response(&answer, &issuer, NONCE, now())
        .expect_err("about someone else");
    assert_eq!(err.code(), "PKI_OCSP_INVALID");
    // The right certificate, but a replayed answer to another request.
    let answer = ocsp_response(
        &mine.request_der(b"another nonce").expect("request"),
        OcspReply::Good,
        &pki.intermediate,
        false,
        now(),
        next,
    )
    .expect("answer");
    let err = mine
        .check_response(&answer, &issuer, NONCE, now())
        .expect_err("another nonce");
    assert_eq!(err.code(), "PKI_OCSP_INVALID", "{err}");
    assert!(
        mine.check_response(b"not DER", &issuer, NONCE, now())
            .is_err_and(|e| e.code() == "PKI_OCSP_INVALID")
    );
}
