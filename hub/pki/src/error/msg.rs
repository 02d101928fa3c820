//! [`PkiError::msg`]: each case as a catalogue message with its arguments.

use tanba_domain::Msg;

use super::PkiError;
use crate::crl::RevocationReason;
use crate::when::format_utc;

impl PkiError {
    /// The message a person reads: what is wrong, where, and what to do.
    pub fn msg(&self) -> Msg {
        match self {
            PkiError::Malformed { object, detail } => Msg::new("pki-malformed")
                .with("object", object.selector())
                .with("detail", detail),
            PkiError::UnsupportedAlgorithm { object, oid } => Msg::new("pki-unsupported-algorithm")
                .with("object", object.selector())
                .with("oid", oid),
            PkiError::KeyAlgorithmMismatch { key, signature } => {
                Msg::new("pki-key-algorithm-mismatch")
                    .with("key", key)
                    .with("signature", signature)
            }
            PkiError::BadSignature { object, name } => Msg::new("pki-bad-signature")
                .with("object", object.selector())
                .with("name", name),
            PkiError::Expired {
                subject,
                not_after,
                at,
            } => Msg::new("pki-cert-expired")
                .with("subject", subject)
                .with("not_after", format_utc(*not_after))
                .with("at", format_utc(*at)),
            PkiError::NotYetValid {
                subject,
                not_before,
                at,
            } => Msg::new("pki-cert-not-yet-valid")
                .with("subject", subject)
                .with("not_before", format_utc(*not_before))
                .with("at", format_utc(*at)),
            PkiError::UnknownIssuer {
                object,
                name,
                issuer,
            } => Msg::new("pki-unknown-issuer")
                .with("object", object.selector())
                .with("name", name)
                .with("issuer", issuer),
            PkiError::NotCa { subject } => Msg::new("pki-not-ca").with("subject", subject),
            PkiError::PathTooLong { subject } => {
                Msg::new("pki-path-too-long").with("subject", subject)
            }
            PkiError::WrongKeyUsage { subject, usage } => Msg::new("pki-wrong-key-usage")
                .with("subject", subject)
                .with("usage", usage.name()),
            PkiError::PolicyNotAccepted {
                subject,
                policies,
                required,
            } => Msg::new("pki-policy-not-accepted")
                .with("subject", subject)
                .with("policies", policies)
                .with("required", required),
            PkiError::MissingRole { subject, role } => Msg::new("pki-missing-role")
                .with("subject", subject)
                .with("role", role.name())
                .with("oid", role.oid()),
            PkiError::Identity { subject, source } => Msg::new("pki-identity")
                .with("subject", subject)
                .with("kind", source.kind().name().to_ascii_lowercase())
                .with("code", source.code()),
            PkiError::Revoked {
                subject,
                serial,
                revoked_at,
                reason,
            } => Msg::new("pki-revoked")
                .with("subject", subject)
                .with("serial", serial)
                .with("revoked_at", format_utc(*revoked_at))
                .with(
                    "reason",
                    reason.map_or("unspecified", RevocationReason::name),
                ),
            PkiError::NoCrl { issuer } => Msg::new("pki-no-crl").with("issuer", issuer),
            PkiError::CrlStale {
                issuer,
                next_update,
                at,
            } => Msg::new("pki-crl-stale")
                .with("issuer", issuer)
                .with("next_update", format_utc(*next_update))
                .with("at", format_utc(*at)),
            PkiError::CrlNotYetValid {
                issuer,
                this_update,
                at,
            } => Msg::new("pki-crl-not-yet-valid")
                .with("issuer", issuer)
                .with("this_update", format_utc(*this_update))
                .with("at", format_utc(*at)),
            PkiError::CrlNotNewer {
                issuer,
                this_update,
                held_this_update,
            } => Msg::new("pki-crl-not-newer")
                .with("issuer", issuer)
                .with("this_update", format_utc(*this_update))
                .with("held_this_update", format_utc(*held_this_update)),
            PkiError::DigestMismatch => Msg::new("pki-cms-digest-mismatch"),
            PkiError::SignerNotFound => Msg::new("pki-cms-signer-not-found"),
            PkiError::ContentMissing => Msg::new("pki-cms-content-missing"),
            PkiError::NoSigner => Msg::new("pki-cms-no-signer"),
            PkiError::MissingAttribute { attribute } => {
                Msg::new("pki-cms-missing-attribute").with("attribute", attribute)
            }
            PkiError::XmlMalformed { detail } => {
                Msg::new("pki-xml-malformed").with("detail", detail)
            }
            PkiError::XmlDoctype => Msg::new("pki-xml-doctype"),
            PkiError::XmlNoSignature => Msg::new("pki-xml-no-signature"),
            PkiError::XmlUnsupported { feature } => {
                Msg::new("pki-xml-unsupported").with("feature", feature)
            }
            PkiError::XmlDigestMismatch => Msg::new("pki-xml-digest-mismatch"),
            PkiError::OcspUnknown { subject, serial } => Msg::new("pki-ocsp-unknown")
                .with("subject", subject)
                .with("serial", serial),
            PkiError::OcspInvalid { detail } => Msg::new("pki-ocsp-invalid").with("detail", detail),
            PkiError::OcspRefused { status } => Msg::new("pki-ocsp-refused").with("status", status),
            PkiError::OcspUnavailable { detail } => {
                Msg::new("pki-ocsp-unavailable").with("detail", detail)
            }
            PkiError::Read { path, detail } => Msg::new("pki-read")
                .with("path", path)
                .with("detail", detail),
        }
    }
}
