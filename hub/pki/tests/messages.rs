//! Every error has its own stable code and a message in kk, ru and en that names the object
//! and fills every placeholder (R16).

use tanba_domain::{CheckDigitPolicy, Iin, Lang};
use tanba_i18n::Catalogue;
use tanba_pki::{KeyUsageBit, Object, PkiError, RevocationReason, Role};
use time::OffsetDateTime;

fn every_error() -> Vec<PkiError> {
    let at = OffsetDateTime::from_unix_timestamp(1_790_000_000).expect("time");
    let subject = || "CN=ӘБІЛОВ АЙДОС".to_owned();
    let issuer = || "CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ".to_owned();
    let kz_error = Iin::parse("123456789011", CheckDigitPolicy::Strict).expect_err("test IIN");
    vec![
        PkiError::Malformed {
            object: Object::Crl,
            detail: "unexpected end".into(),
        },
        PkiError::UnsupportedAlgorithm {
            object: Object::Cms,
            oid: "1.2.840.113549.1.1.5".into(),
        },
        PkiError::KeyAlgorithmMismatch {
            key: "1.2.840.113549.1.1.1".into(),
            signature: "1.2.398.3.10.1.1.2.3.2".into(),
        },
        PkiError::BadSignature {
            object: Object::Certificate,
            name: subject(),
        },
        PkiError::Expired {
            subject: subject(),
            not_after: at,
            at,
        },
        PkiError::NotYetValid {
            subject: subject(),
            not_before: at,
            at,
        },
        PkiError::UnknownIssuer {
            object: Object::Certificate,
            name: subject(),
            issuer: issuer(),
        },
        PkiError::NotCa { subject: subject() },
        PkiError::PathTooLong { subject: issuer() },
        PkiError::WrongKeyUsage {
            subject: subject(),
            usage: KeyUsageBit::KeyCertSign,
        },
        PkiError::PolicyNotAccepted {
            subject: subject(),
            policies: "1.2.398.3.3.1.1".into(),
            required: "1.2.398.3.3.2".into(),
        },
        PkiError::MissingRole {
            subject: subject(),
            role: Role::Head,
        },
        PkiError::Identity {
            subject: subject(),
            source: kz_error,
        },
        PkiError::Revoked {
            subject: subject(),
            serial: "1E04".into(),
            revoked_at: at,
            reason: Some(RevocationReason::KeyCompromise),
        },
        PkiError::NoCrl { issuer: issuer() },
        PkiError::CrlStale {
            issuer: issuer(),
            next_update: at,
            at,
        },
        PkiError::CrlNotYetValid {
            issuer: issuer(),
            this_update: at,
            at,
        },
        PkiError::CrlNotNewer {
            issuer: issuer(),
            this_update: at,
            held_this_update: at,
        },
        PkiError::DigestMismatch,
        PkiError::SignerNotFound,
        PkiError::ContentMissing,
        PkiError::NoSigner,
        PkiError::MissingAttribute {
            attribute: "messageDigest",
        },
        PkiError::Read {
            path: "/etc/tanba/ca".into(),
            detail: "not found".into(),
        },
        PkiError::XmlMalformed {
            detail: "no ds:SignedInfo in ds:Signature".into(),
        },
        PkiError::XmlDoctype,
        PkiError::XmlNoSignature,
        PkiError::XmlUnsupported {
            feature: "2 signatures".into(),
        },
        PkiError::XmlDigestMismatch,
    ]
}

#[test]
fn codes_and_message_ids_are_distinct() {
    let errors = every_error();
    let mut codes: Vec<_> = errors.iter().map(PkiError::code).collect();
    let mut ids: Vec<_> = errors.iter().map(|e| e.msg().id()).collect();
    codes.sort();
    codes.dedup();
    ids.sort();
    ids.dedup();
    assert_eq!(codes.len(), errors.len());
    assert_eq!(ids.len(), errors.len());
}

#[test]
fn every_message_renders_in_every_language_with_its_arguments() {
    let catalogue = Catalogue::embedded().expect("catalogue");
    for error in every_error() {
        let msg = error.msg();
        let texts: Vec<String> = Lang::ALL
            .iter()
            .map(|l| catalogue.render(*l, &msg))
            .collect();
        for (lang, text) in Lang::ALL.iter().zip(&texts) {
            assert_ne!(text, msg.id(), "{lang}: {} has no text", msg.id());
            assert!(
                !text.contains('{') && !text.contains("$"),
                "{lang}: unfilled {text}"
            );
            for (_, arg) in msg.args() {
                if let tanba_domain::Arg::Text(value) = arg
                    && value.starts_with("CN=")
                {
                    assert!(
                        text.contains(value.as_str()),
                        "{lang}: {text} lacks {value}"
                    );
                }
            }
        }
        assert_ne!(texts[0], texts[1], "kk and ru differ for {}", msg.id());
    }
}

#[test]
fn selectors_choose_the_object_role_and_reason() {
    let catalogue = Catalogue::embedded().expect("catalogue");
    let crl = PkiError::Malformed {
        object: Object::Crl,
        detail: "x".into(),
    }
    .msg();
    assert!(catalogue.render(Lang::En, &crl).contains("revocation list"));
    assert!(catalogue.render(Lang::Ru, &crl).contains("Список отзыва"));
    assert!(
        catalogue
            .render(Lang::Kk, &crl)
            .contains("Кері қайтарылған")
    );
    let role = PkiError::MissingRole {
        subject: "CN=X".into(),
        role: Role::Head,
    }
    .msg();
    assert!(
        catalogue
            .render(Lang::Ru, &role)
            .contains("первого руководителя")
    );
    assert!(
        catalogue
            .render(Lang::Kk, &role)
            .contains("бірінші басшысы")
    );
    let hold = PkiError::Revoked {
        subject: "CN=X".into(),
        serial: "01".into(),
        revoked_at: OffsetDateTime::UNIX_EPOCH,
        reason: Some(RevocationReason::CertificateHold),
    }
    .msg();
    assert!(catalogue.render(Lang::En, &hold).contains("suspended"));
    let xml = PkiError::BadSignature {
        object: Object::Xml,
        name: "CN=X".into(),
    }
    .msg();
    assert!(
        catalogue
            .render(Lang::En, &xml)
            .contains("signed XML document")
    );
    assert!(
        catalogue
            .render(Lang::Ru, &xml)
            .contains("подписанного XML-документа")
    );
    assert!(
        catalogue
            .render(Lang::Kk, &xml)
            .contains("қол қойылған XML құжаттың")
    );
    assert!(
        catalogue
            .render(Lang::En, &hold)
            .contains("1970-01-01 00:00:00 UTC")
    );
}
