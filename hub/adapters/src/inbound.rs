//! Inbound messages (`POST /soap/{adapter}/{endpoint}`, issue 7): an external system calls
//! one of an adapter's declared inbound endpoints; the hub refuses unsafe XML before the
//! adapter sees it (no DOCTYPE, so no DTD, external entity or entity expansion), passes the
//! message to `on-inbound`, and applies the commands it returns in one transaction: all of
//! them, or (a fault, a refused command) none. What the HTTP layer answers is its business;
//! this says what happened.

use tanba_plugin_host::adapter_types::{Direction, Inbound, Text};

use crate::runner::tx_error;
use crate::{AdapterError, Adapters, commands};

/// The largest inbound message the hub takes (the HTTP layer enforces it before reading).
pub const MAX_INBOUND_BYTES: usize = 4 << 20;

/// Why an inbound message was not applied.
#[derive(Debug)]
pub enum InboundRefusal {
    /// No such adapter loaded, or no such inbound endpoint declared.
    NoEndpoint,
    /// The message is unsafe or unreadable before the adapter sees it (the sender's fault).
    Unsafe(&'static str),
    /// The adapter refused it: its fault (code, whether the sender is at fault, texts).
    Fault {
        /// Stable code, e.g. `OFD_MALFORMED_RECEIPT`.
        code: String,
        /// SOAP `Client` (true) or `Server`.
        sender_at_fault: bool,
        /// kk/ru/en.
        reason: Text,
    },
    /// Applying its commands failed; nothing was applied.
    Command(AdapterError),
}

impl Adapters {
    /// Whether `adapter` is loaded here and declares `endpoint` inbound.
    pub fn has_inbound(&self, adapter: &str, endpoint: &str) -> bool {
        self.installed(adapter).is_some_and(|i| {
            i.adapter
                .info()
                .endpoints
                .iter()
                .any(|e| e.name == endpoint && e.direction == Direction::Inbound)
        })
    }

    /// The WSDL `adapter`'s package carries, if it is loaded here and carries one.
    pub fn wsdl(&self, adapter: &str) -> Option<std::sync::Arc<Vec<u8>>> {
        self.installed(adapter).and_then(|i| i.wsdl.clone())
    }

    /// Hands `message` to `adapter`'s `on-inbound` for `endpoint` and applies the commands it
    /// returns in one transaction; how many were applied.
    pub async fn inbound(
        &self,
        adapter: &str,
        endpoint: &str,
        message: Inbound,
    ) -> Result<usize, InboundRefusal> {
        if !self.has_inbound(adapter, endpoint) {
            return Err(InboundRefusal::NoEndpoint);
        }
        let installed = self.installed(adapter).ok_or(InboundRefusal::NoEndpoint)?;
        check_xml(&message.body)?;
        let answer = installed
            .adapter
            .on_inbound(endpoint, &message, &installed.context())
            .map_err(|e| InboundRefusal::Command(e.into()))?;
        let commands = match answer {
            Ok(commands) => commands,
            Err(fault) => {
                tracing::warn!(adapter, endpoint, code = %fault.code,
                    sender_at_fault = fault.sender_at_fault, "inbound message refused by the adapter");
                return Err(InboundRefusal::Fault {
                    code: fault.code,
                    sender_at_fault: fault.sender_at_fault,
                    reason: fault.reason,
                });
            }
        };
        let applied = self
            .apply_inbound(adapter, &commands)
            .await
            .map_err(InboundRefusal::Command)?;
        tracing::info!(
            adapter,
            endpoint,
            commands = applied,
            "inbound message applied"
        );
        Ok(applied)
    }

    async fn apply_inbound(
        &self,
        adapter: &str,
        commands: &[tanba_plugin_host::adapter_types::Command],
    ) -> Result<usize, AdapterError> {
        let mut client = self.inner.db.client().await?;
        let tx = client.transaction().await.map_err(tx_error)?;
        if let Err(err) = commands::apply(&*tx, &self.hub(), adapter, commands).await {
            tracing::warn!(adapter, code = %err.code(), %err, "inbound commands refused; nothing applied");
            return Err(err);
        }
        tx.commit().await.map_err(tx_error)?;
        Ok(commands.len())
    }
}

/// UTF-8 XML without a DOCTYPE or entity declaration (XML has no other way to declare them),
/// within the size limit. Well-formedness is the adapter's parser's to judge.
fn check_xml(body: &[u8]) -> Result<(), InboundRefusal> {
    if body.len() > MAX_INBOUND_BYTES {
        return Err(InboundRefusal::Unsafe("too-large"));
    }
    let text = std::str::from_utf8(body).map_err(|_| InboundRefusal::Unsafe("not-utf8"))?;
    if text.contains("<!DOCTYPE") || text.contains("<!ENTITY") {
        return Err(InboundRefusal::Unsafe("doctype"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctypes_entities_and_non_utf8_are_refused() {
        assert!(check_xml(b"<a>ok</a>").is_ok());
        for bad in [
            &b"<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"[..],
            b"<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>",
            b"<a>\xff</a>",
        ] {
            assert!(check_xml(bad).is_err());
        }
    }
}
