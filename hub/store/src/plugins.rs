//! The plugin tables: publishers, packages, compiled code, activations (migration 0002;
//! adapters' packages and `@adapter/<id>` slots, migration 0017).

use crate::error::pg;
use crate::{Database, StoreError};

/// The activation slot of an adapter: a key no product group can have (issue 7).
pub fn adapter_slot(adapter: &str) -> String {
    format!("@adapter/{adapter}")
}

/// A publisher key as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPublisher {
    /// Its id.
    pub key_id: String,
    /// Ed25519 public key, 32 bytes.
    pub public_key: Vec<u8>,
    /// Groups it may publish rules for.
    pub product_groups: Vec<String>,
}

/// A package as stored (immutable once inserted).
#[derive(Debug, Clone)]
pub struct StoredPackage {
    /// Plugin id.
    pub plugin_id: String,
    /// Semver version.
    pub version: String,
    /// `rule-set` or `adapter`.
    pub kind: String,
    /// Groups its manifest names.
    pub product_groups: Vec<String>,
    /// `manifest.toml` as signed.
    pub manifest: Vec<u8>,
    /// The component.
    pub component: Vec<u8>,
    /// SHA-256 of the component.
    pub component_sha256: Vec<u8>,
    /// The signing key's id.
    pub key_id: String,
    /// The Ed25519 signature.
    pub signature: Vec<u8>,
    /// An adapter's `service.wsdl`, when its manifest names one.
    pub wsdl: Option<Vec<u8>>,
}

/// A package in a listing, without its bytes.
#[derive(Debug, Clone)]
pub struct PackageSummary {
    /// Plugin id.
    pub plugin_id: String,
    /// Version.
    pub version: String,
    /// Groups it serves.
    pub product_groups: Vec<String>,
    /// SHA-256 of the component, hex.
    pub component_sha256: String,
    /// Signing key.
    pub key_id: String,
    /// When it was uploaded.
    pub uploaded_at: String,
    /// Groups where it is the active version.
    pub active_for: Vec<String>,
}

/// Which version a product group runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activation {
    /// The group.
    pub product_group: String,
    /// Plugin id.
    pub plugin_id: String,
    /// Version.
    pub version: String,
}

impl Database {
    /// Registers a publisher key, or replaces the groups of an existing one.
    pub async fn put_publisher(
        &self,
        publisher: &StoredPublisher,
        by: &str,
    ) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "insert into plugin_publishers (key_id, public_key, product_groups, registered_by)
                 values ($1, $2, $3, $4)
                 on conflict (key_id) do update
                 set public_key = excluded.public_key, product_groups = excluded.product_groups,
                     registered_at = now(), registered_by = excluded.registered_by",
                &[
                    &publisher.key_id,
                    &publisher.public_key,
                    &publisher.product_groups,
                    &by,
                ],
            )
            .await
            .map_err(pg("registering a publisher"))?;
        Ok(())
    }

    /// Every registered publisher.
    pub async fn publishers(&self) -> Result<Vec<StoredPublisher>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select key_id, public_key, product_groups from plugin_publishers order by key_id",
                &[],
            )
            .await
            .map_err(pg("reading publishers"))?;
        Ok(rows
            .iter()
            .map(|r| StoredPublisher {
                key_id: r.get(0),
                public_key: r.get(1),
                product_groups: r.get(2),
            })
            .collect())
    }

    /// Stores a package; `false` when that plugin id and version were already stored (the
    /// caller compares hashes: a version never changes content).
    pub async fn insert_package(
        &self,
        package: &StoredPackage,
        by: &str,
    ) -> Result<bool, StoreError> {
        let inserted = self
            .client()
            .await?
            .execute(
                "insert into plugin_packages (plugin_id, version, kind, product_groups, manifest,
                     component, component_sha256, key_id, signature, uploaded_by, wsdl)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 on conflict (plugin_id, version) do nothing",
                &[
                    &package.plugin_id,
                    &package.version,
                    &package.kind,
                    &package.product_groups,
                    &package.manifest,
                    &package.component,
                    &package.component_sha256,
                    &package.key_id,
                    &package.signature,
                    &by,
                    &package.wsdl,
                ],
            )
            .await
            .map_err(pg("storing a plugin package"))?;
        Ok(inserted == 1)
    }

    /// One stored package.
    pub async fn package(
        &self,
        plugin_id: &str,
        version: &str,
    ) -> Result<Option<StoredPackage>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "select plugin_id, version, kind, product_groups, manifest, component,
                        component_sha256, key_id, signature, wsdl
                 from plugin_packages where plugin_id = $1 and version = $2",
                &[&plugin_id, &version],
            )
            .await
            .map_err(pg("reading a plugin package"))?;
        Ok(row.map(|r| StoredPackage {
            plugin_id: r.get(0),
            version: r.get(1),
            kind: r.get(2),
            product_groups: r.get(3),
            manifest: r.get(4),
            component: r.get(5),
            component_sha256: r.get(6),
            key_id: r.get(7),
            signature: r.get(8),
            wsdl: r.get(9),
        }))
    }

    /// Every stored package of `kind` (`rule-set`, `adapter`), newest upload first, with where
    /// it is active (a product group, or an adapter's `@adapter/<id>` slot).
    pub async fn packages(&self, kind: &str) -> Result<Vec<PackageSummary>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(
                "select p.plugin_id, p.version, p.product_groups, encode(p.component_sha256, 'hex'),
                        p.key_id, p.uploaded_at::text,
                        coalesce(array_agg(a.product_group order by a.product_group)
                                 filter (where a.product_group is not null), '{}')
                 from plugin_packages p
                 left join plugin_activations a using (plugin_id, version)
                 where p.kind = $1
                 group by p.plugin_id, p.version
                 order by p.uploaded_at desc, p.plugin_id",
                &[&kind],
            )
            .await
            .map_err(pg("listing plugin packages"))?;
        Ok(rows
            .iter()
            .map(|r| PackageSummary {
                plugin_id: r.get(0),
                version: r.get(1),
                product_groups: r.get(2),
                component_sha256: r.get(3),
                key_id: r.get(4),
                uploaded_at: r.get(5),
                active_for: r.get(6),
            })
            .collect())
    }

    /// Compiled code for a component and an engine build, if cached.
    pub async fn compiled_code(
        &self,
        sha256: &[u8],
        engine_hash: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .client()
            .await?
            .query_opt(
                "select code from plugin_compiled where component_sha256 = $1 and engine_hash = $2",
                &[&sha256, &engine_hash],
            )
            .await
            .map_err(pg("reading compiled plugin code"))?
            .map(|r| r.get(0)))
    }

    /// Caches compiled code (first writer wins; every node compiles the same thing).
    pub async fn store_compiled_code(
        &self,
        sha256: &[u8],
        engine_hash: &str,
        code: &[u8],
    ) -> Result<(), StoreError> {
        self.client()
            .await?
            .execute(
                "insert into plugin_compiled (component_sha256, engine_hash, code) values ($1, $2, $3)
                 on conflict do nothing",
                &[&sha256, &engine_hash, &code],
            )
            .await
            .map_err(pg("caching compiled plugin code"))?;
        Ok(())
    }

    /// Makes `plugin_id@version` the active rule set of `group`, with its history row, in one
    /// transaction; every node hears of it through `NOTIFY tanba_plugins`.
    pub async fn activate_plugin(
        &self,
        activation: &Activation,
        by: &str,
    ) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("beginning an activation"))?;
        tx.execute(
            "insert into plugin_activations (product_group, plugin_id, version, activated_by)
             values ($1, $2, $3, $4)
             on conflict (product_group) do update
             set plugin_id = excluded.plugin_id, version = excluded.version,
                 activated_at = now(), activated_by = excluded.activated_by",
            &[
                &activation.product_group,
                &activation.plugin_id,
                &activation.version,
                &by,
            ],
        )
        .await
        .map_err(pg("activating a plugin"))?;
        tx.execute(
            "insert into plugin_activation_history (product_group, plugin_id, version, changed_by)
             values ($1, $2, $3, $4)",
            &[
                &activation.product_group,
                &activation.plugin_id,
                &activation.version,
                &by,
            ],
        )
        .await
        .map_err(pg("recording an activation"))?;
        tx.commit().await.map_err(pg("committing an activation"))
    }

    /// The active rule set of every group (adapters' `@` slots left out).
    pub async fn activations(&self) -> Result<Vec<Activation>, StoreError> {
        self.assignments(
            "select product_group, plugin_id, version from plugin_activations
             where product_group not like '@%' order by product_group",
            "reading activations",
        )
        .await
    }

    /// What one slot (a product group, or [`adapter_slot`]) runs, if anything.
    pub async fn activation(&self, slot: &str) -> Result<Option<Activation>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "select plugin_id, version from plugin_activations where product_group = $1",
                &[&slot],
            )
            .await
            .map_err(pg("reading an activation"))?;
        Ok(row.map(|r| Activation {
            product_group: slot.to_owned(),
            plugin_id: r.get(0),
            version: r.get(1),
        }))
    }

    /// Rows of (product_group, plugin_id, version) from a fixed query.
    pub(crate) async fn assignments(
        &self,
        sql: &'static str,
        context: &'static str,
    ) -> Result<Vec<Activation>, StoreError> {
        let rows = self
            .client()
            .await?
            .query(sql, &[])
            .await
            .map_err(pg(context))?;
        Ok(rows
            .iter()
            .map(|r| Activation {
                product_group: r.get(0),
                plugin_id: r.get(1),
                version: r.get(2),
            })
            .collect())
    }

    /// The version `group` ran before its current one, from the history: what a rollback
    /// returns to.
    pub async fn previous_activation(&self, group: &str) -> Result<Option<Activation>, StoreError> {
        let row = self
            .client()
            .await?
            .query_opt(
                "with current as (select plugin_id, version from plugin_activations where product_group = $1)
                 select h.plugin_id, h.version from plugin_activation_history h, current c
                 where h.product_group = $1 and h.plugin_id is not null
                   and (h.plugin_id, h.version) <> (c.plugin_id, c.version)
                 order by h.id desc limit 1",
                &[&group],
            )
            .await
            .map_err(pg("reading the activation history"))?;
        Ok(row.map(|r| Activation {
            product_group: group.to_owned(),
            plugin_id: r.get(0),
            version: r.get(1),
        }))
    }
}
