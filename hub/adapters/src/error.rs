//! Why an adapter could not be loaded, a step was refused, or an exchange failed; each with a
//! stable code and the message a person reads (the text is chosen at the boundary).

use tanba_domain::Msg;
use tanba_plugin_host::PluginError;
use tanba_registry::RegistryError;
use tanba_store::StoreError;

/// An adapter error.
#[derive(Debug, thiserror::Error)]
pub enum AdapterError {
    /// Loading or calling the component failed.
    #[error(transparent)]
    Plugin(#[from] PluginError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The operator's `[adapters]` settings do not fit the adapter.
    #[error("adapter {adapter}: {reason}")]
    Config {
        /// The adapter's id.
        adapter: String,
        /// What is wrong.
        reason: String,
    },
    /// A step named an endpoint the adapter did not declare or the operator did not configure.
    #[error(
        "adapter {adapter} asked for endpoint {endpoint}, which is not a configured outbound endpoint"
    )]
    Endpoint {
        /// The adapter's id.
        adapter: String,
        /// The endpoint named.
        endpoint: String,
    },
    /// A step the hub will not perform (a path leaving the endpoint, a header the hub owns).
    #[error("adapter {adapter} asked for an invalid step: {reason}")]
    BadStep {
        /// The adapter's id.
        adapter: String,
        /// What is wrong.
        reason: String,
    },
    /// A command this hub does not apply yet.
    #[error("adapter {adapter} asked to {command}, which this hub does not do yet")]
    Unsupported {
        /// The adapter's id.
        adapter: String,
        /// The command.
        command: &'static str,
    },
    /// A participant from a register did not pass the registry's checks.
    #[error("adapter {adapter} reported an invalid participant: {source}")]
    Participant {
        /// The adapter's id.
        adapter: String,
        /// The registry's reason.
        source: RegistryError,
    },
    /// The adapter said the exchange failed.
    #[error("adapter {adapter}: {code}: {reason}")]
    Failed {
        /// The adapter's id.
        adapter: String,
        /// Its stable code, e.g. `SHEP_MALFORMED_XML`.
        code: String,
        /// Its English reason (kk/ru are in the adapter's text).
        reason: String,
        /// Whether the adapter asked to try again later.
        retry: bool,
    },
    /// The message asks for a WS-Security signature and its endpoint has no signing key.
    #[error(
        "adapter {adapter} asked to sign a message for {endpoint}, which has no signing_key and signing_cert"
    )]
    SigningUnavailable {
        /// The adapter's id.
        adapter: String,
        /// The endpoint.
        endpoint: String,
    },
    /// No answer from the endpoint (connection refused, timeout, TLS).
    #[error("endpoint {endpoint} did not answer: {reason}")]
    Transport {
        /// The endpoint.
        endpoint: String,
        /// What failed.
        reason: String,
    },
    /// The endpoint answered with an HTTP error to a message that is not part of an exchange.
    #[error("endpoint {endpoint} answered HTTP {status}")]
    Status {
        /// The endpoint.
        endpoint: String,
        /// The HTTP status.
        status: u16,
    },
    /// An event or message for an adapter this node has not loaded (another node may have).
    #[error("adapter {adapter} is not loaded on this node")]
    NotLoaded {
        /// The adapter's id.
        adapter: String,
    },
    /// A document the adapter submitted was refused at the door (its shape, its sender).
    #[error("adapter {adapter} submitted a document the hub refused: {code} at {pointer}")]
    Document {
        /// The adapter's id.
        adapter: String,
        /// The refusal's stable code, e.g. `DOCUMENT_INVALID`.
        code: String,
        /// Where in the document, a JSON pointer (empty for the whole).
        pointer: String,
    },
    /// A customs declaration the adapter delivered did not pass the hub's checks (R5).
    #[error(
        "adapter {adapter} delivered customs declaration {number}, which the hub refuses: {reason}"
    )]
    Declaration {
        /// The adapter's id.
        adapter: String,
        /// The declaration's number, as delivered (escaped).
        number: String,
        /// What is wrong, in English.
        reason: String,
    },
    /// A different customs declaration with this number is already stored (R5).
    #[error(
        "adapter {adapter} delivered customs declaration {number}, and a different one with that number is stored"
    )]
    DeclarationConflict {
        /// The adapter's id.
        adapter: String,
        /// The declaration's number.
        number: String,
    },
    /// Deploying, reading or switching a package (shared with rule sets).
    #[error(transparent)]
    Package(#[from] tanba_rules::RulesError),
    /// An adapter this node has no `[adapters.installed.<id>]` settings for.
    #[error("adapter {adapter} is not configured on this hub node")]
    NotConfigured {
        /// The adapter's id.
        adapter: String,
    },
    /// No earlier version to return to.
    #[error("adapter {adapter} has no earlier version to roll back to")]
    NothingToRollBack {
        /// The adapter's id.
        adapter: String,
    },
    /// No adapter or job of that name is loaded.
    #[error("no adapter job {adapter}/{job}")]
    UnknownJob {
        /// The adapter's id.
        adapter: String,
        /// The job's name.
        job: String,
    },
}

impl AdapterError {
    /// A stable machine code.
    pub fn code(&self) -> String {
        match self {
            AdapterError::Plugin(e) => e.code().into(),
            AdapterError::Store(_) => "ADAPTER_STORE".into(),
            AdapterError::Config { .. } => "ADAPTER_CONFIG".into(),
            AdapterError::Endpoint { .. } => "ADAPTER_ENDPOINT".into(),
            AdapterError::BadStep { .. } => "ADAPTER_BAD_STEP".into(),
            AdapterError::Unsupported { .. } => "ADAPTER_COMMAND_UNSUPPORTED".into(),
            AdapterError::Participant { .. } => "ADAPTER_PARTICIPANT_INVALID".into(),
            AdapterError::Failed { code, .. } => code.clone(),
            AdapterError::SigningUnavailable { .. } => "ADAPTER_SIGNING_UNAVAILABLE".into(),
            AdapterError::Transport { .. } => "ADAPTER_TRANSPORT".into(),
            AdapterError::Status { .. } => "ADAPTER_HTTP_STATUS".into(),
            AdapterError::UnknownJob { .. } => "ADAPTER_UNKNOWN_JOB".into(),
            AdapterError::NotLoaded { .. } => "ADAPTER_NOT_LOADED".into(),
            AdapterError::Document { .. } => "ADAPTER_DOCUMENT_REFUSED".into(),
            AdapterError::Declaration { .. } => "CUSTOMS_DECLARATION_REFUSED".into(),
            AdapterError::DeclarationConflict { .. } => "CUSTOMS_DECLARATION_CONFLICT".into(),
            AdapterError::Package(e) => e.code().into(),
            AdapterError::NotConfigured { .. } => "ADAPTER_NOT_CONFIGURED".into(),
            AdapterError::NothingToRollBack { .. } => "ADAPTER_NOTHING_TO_ROLL_BACK".into(),
        }
    }

    /// The message a person reads.
    pub fn msg(&self) -> Msg {
        match self {
            AdapterError::Plugin(e) => e.msg(),
            AdapterError::Store(e) => e.msg(),
            AdapterError::Config { adapter, reason } => Msg::new("adapter-config")
                .with("adapter", adapter)
                .with("reason", reason),
            AdapterError::Endpoint { adapter, endpoint } => Msg::new("adapter-endpoint")
                .with("adapter", adapter)
                .with("endpoint", endpoint),
            AdapterError::BadStep { adapter, reason } => Msg::new("adapter-bad-step")
                .with("adapter", adapter)
                .with("reason", reason),
            AdapterError::Unsupported { adapter, command } => Msg::new("adapter-unsupported")
                .with("adapter", adapter)
                .with("command", *command),
            AdapterError::Participant { adapter, source } => {
                Msg::new("adapter-participant-invalid")
                    .with("adapter", adapter)
                    .with("code", source.code)
            }
            AdapterError::Failed {
                adapter,
                code,
                reason,
                ..
            } => Msg::new("adapter-failed")
                .with("adapter", adapter)
                .with("code", code)
                .with("reason", reason),
            AdapterError::SigningUnavailable { adapter, endpoint } => {
                Msg::new("adapter-signing-unavailable")
                    .with("adapter", adapter)
                    .with("endpoint", endpoint)
            }
            AdapterError::Transport { endpoint, reason } => Msg::new("adapter-transport")
                .with("endpoint", endpoint)
                .with("reason", reason),
            AdapterError::Status { endpoint, status } => Msg::new("adapter-http-status")
                .with("endpoint", endpoint)
                .with_number("status", i64::from(*status)),
            AdapterError::UnknownJob { adapter, job } => Msg::new("adapter-unknown-job")
                .with("adapter", adapter)
                .with("job", job),
            AdapterError::NotLoaded { adapter } => {
                Msg::new("adapter-not-loaded").with("adapter", adapter)
            }
            AdapterError::Document {
                adapter,
                code,
                pointer,
            } => Msg::new("adapter-document-refused")
                .with("adapter", adapter)
                .with("code", code)
                .with("pointer", pointer),
            AdapterError::Declaration {
                adapter,
                number,
                reason,
            } => Msg::new("adapter-declaration-refused")
                .with("adapter", adapter)
                .with("number", number)
                .with("reason", reason),
            AdapterError::DeclarationConflict { adapter, number } => {
                Msg::new("adapter-declaration-conflict")
                    .with("adapter", adapter)
                    .with("number", number)
            }
            AdapterError::Package(e) => e.msg(),
            AdapterError::NotConfigured { adapter } => {
                Msg::new("adapter-not-configured").with("adapter", adapter)
            }
            AdapterError::NothingToRollBack { adapter } => {
                Msg::new("adapter-nothing-to-roll-back").with("adapter", adapter)
            }
        }
    }

    /// Whether the same step may succeed later (the endpoint was down, the adapter said so).
    pub fn is_transient(&self) -> bool {
        match self {
            AdapterError::Transport { .. } | AdapterError::NotLoaded { .. } => true,
            AdapterError::Status { status, .. } => *status >= 500 || *status == 429,
            AdapterError::Failed { retry, .. } => *retry,
            _ => false,
        }
    }

    /// Whether what the external system sent is at fault (a SOAP `Client` fault, HTTP 400)
    /// rather than the hub: a document, participant or customs declaration the hub refuses.
    pub fn is_senders_fault(&self) -> bool {
        matches!(
            self,
            AdapterError::Document { .. }
                | AdapterError::Participant { .. }
                | AdapterError::Declaration { .. }
                | AdapterError::DeclarationConflict { .. }
        )
    }

    /// `CODE: reason` in English, as kept in the outbox and the job's row for the operator.
    pub fn for_the_record(&self) -> String {
        let text = self.to_string();
        let cut: String = text.chars().take(1_000).collect();
        format!("{}: {cut}", self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanba_domain::Lang;

    #[test]
    fn every_error_has_texts_in_every_language() {
        let catalogue = tanba_i18n::Catalogue::embedded().expect("catalogue");
        let a = || "shep".to_owned();
        let errors = [
            AdapterError::Config {
                adapter: a(),
                reason: "x".into(),
            },
            AdapterError::Endpoint {
                adapter: a(),
                endpoint: "e".into(),
            },
            AdapterError::BadStep {
                adapter: a(),
                reason: "x".into(),
            },
            AdapterError::Unsupported {
                adapter: a(),
                command: "submit a document",
            },
            AdapterError::Failed {
                adapter: a(),
                code: "SHEP_FAULT".into(),
                reason: "down".into(),
                retry: true,
            },
            AdapterError::SigningUnavailable {
                adapter: a(),
                endpoint: "e".into(),
            },
            AdapterError::Transport {
                endpoint: "e".into(),
                reason: "refused".into(),
            },
            AdapterError::Status {
                endpoint: "e".into(),
                status: 503,
            },
            AdapterError::UnknownJob {
                adapter: a(),
                job: "j".into(),
            },
            AdapterError::NotLoaded { adapter: a() },
            AdapterError::Document {
                adapter: a(),
                code: "DOCUMENT_INVALID".into(),
                pointer: "/units/0".into(),
            },
            AdapterError::NotConfigured { adapter: a() },
            AdapterError::NothingToRollBack { adapter: a() },
            AdapterError::Declaration {
                adapter: a(),
                number: "50508/251126/0012345".into(),
                reason: "x".into(),
            },
            AdapterError::DeclarationConflict {
                adapter: a(),
                number: "50508/251126/0012345".into(),
            },
        ];
        for err in &errors {
            for lang in Lang::ALL {
                assert!(
                    catalogue.has(lang, err.msg().id()),
                    "{} in {lang}",
                    err.code()
                );
            }
        }
        let text = catalogue.render(Lang::Kk, &errors[7].msg());
        assert!(text.contains("503") && text.contains("HTTP"), "{text}");
        assert!(errors[4].is_transient() && errors[6].is_transient());
        assert!(
            !errors[2].is_transient() && errors[4].for_the_record().starts_with("SHEP_FAULT: ")
        );
    }
}
