//! Adapter versions through the database, like rule sets (issue 7, R17): activate a version,
//! roll back to the one before, and follow every node's changes (`LISTEN tanba_plugins`). The
//! package lifecycle itself (deploying a signed package with the WSDL its manifest names,
//! listing, the activation history) is `tanba_rules::PackageShelf`, shared with rule sets:
//! `shelf.deploy::<LoadedAdapter>(..)`; an adapter's slot is `@adapter/<id>`.

use tanba_rules::PLUGINS_CHANNEL;
use tanba_store::{ListenEvent, adapter_slot};

use crate::{AdapterError, Adapters};

impl Adapters {
    /// Makes `adapter@version` the version every node runs. It must load and fit this node's
    /// `[adapters.installed.<adapter>]` settings first; events and messages already queued are
    /// handled by it from then on.
    pub async fn activate(
        &self,
        adapter: &str,
        version: &str,
        by: &str,
    ) -> Result<(), AdapterError> {
        let config =
            self.inner
                .configs
                .get(adapter)
                .ok_or_else(|| AdapterError::NotConfigured {
                    adapter: adapter.to_owned(),
                })?;
        self.fit(adapter, config, version).await?;
        self.inner
            .shelf
            .switch(&adapter_slot(adapter), adapter, version, by)
            .await?;
        tracing::info!(adapter, version, by, "adapter version activated");
        self.reload().await
    }

    /// Returns `adapter` to the version it ran before the current one; that version.
    pub async fn rollback(&self, adapter: &str, by: &str) -> Result<String, AdapterError> {
        let previous = self
            .inner
            .shelf
            .previous(&adapter_slot(adapter))
            .await?
            .ok_or_else(|| AdapterError::NothingToRollBack {
                adapter: adapter.to_owned(),
            })?;
        self.activate(adapter, &previous.version, by).await?;
        Ok(previous.version)
    }

    /// Keeps this node's adapters on the active versions: reloads whenever any node changes
    /// an adapter's slot (and after every reconnect, when notifications may have been missed).
    pub fn follow(&self) -> tokio::task::JoinHandle<()> {
        let adapters = self.clone();
        let mut events = self.inner.db.listen(PLUGINS_CHANNEL);
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                if let ListenEvent::Notified(slot) = &event {
                    if !slot.starts_with("@adapter/") {
                        continue; // a product group's rule set
                    }
                    tracing::debug!(slot, "adapter version changed on some node");
                }
                if let Err(err) = adapters.reload().await {
                    tracing::error!(code = %err.code(), %err, "reloading adapters failed; keeping the current ones");
                }
            }
        })
    }
}
