//! Versioned SQL migrations: applied in order, each in its own transaction, under an advisory
//! lock so that hub nodes starting together apply each exactly once. An applied migration is
//! never edited: its checksum is kept and compared at every start.
//!
//! Written here rather than taken from refinery: we need the cross-node lock, a status listing
//! for `tanba db` and the readiness probe, and errors in three languages; the whole thing is
//! smaller than the glue a crate would need.

use sha2::{Digest, Sha256};

use crate::{Database, StoreError};

/// One migration compiled into the binary.
#[derive(Debug)]
pub struct Migration {
    /// Its version: consecutive from 1.
    pub version: i32,
    /// A short name, from its file name.
    pub name: &'static str,
    /// Its SQL.
    pub sql: &'static str,
}

/// Every migration, in order. A new one is appended with the next version; none is ever
/// edited once released.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "instance",
        sql: include_str!("../migrations/0001_instance.sql"),
    },
    Migration {
        version: 2,
        name: "plugins",
        sql: include_str!("../migrations/0002_plugins.sql"),
    },
    Migration {
        version: 3,
        name: "plugin_shadows",
        sql: include_str!("../migrations/0003_plugin_shadows.sql"),
    },
    Migration {
        version: 4,
        name: "registry",
        sql: include_str!("../migrations/0004_registry.sql"),
    },
    Migration {
        version: 5,
        name: "units",
        sql: include_str!("../migrations/0005_units.sql"),
    },
    Migration {
        version: 6,
        name: "documents",
        sql: include_str!("../migrations/0006_documents.sql"),
    },
    Migration {
        version: 7,
        name: "sessions",
        sql: include_str!("../migrations/0007_sessions.sql"),
    },
    Migration {
        version: 8,
        name: "audit",
        sql: include_str!("../migrations/0008_audit.sql"),
    },
    Migration {
        version: 9,
        name: "public_checks",
        sql: include_str!("../migrations/0009_public_checks.sql"),
    },
    Migration {
        version: 10,
        name: "adapters",
        sql: include_str!("../migrations/0010_adapters.sql"),
    },
    Migration {
        version: 11,
        name: "reference",
        sql: include_str!("../migrations/0011_reference.sql"),
    },
    Migration {
        version: 12,
        name: "statistics",
        sql: include_str!("../migrations/0012_statistics.sql"),
    },
    Migration {
        version: 13,
        name: "exports",
        sql: include_str!("../migrations/0013_exports.sql"),
    },
    Migration {
        version: 14,
        name: "violations",
        sql: include_str!("../migrations/0014_violations.sql"),
    },
    Migration {
        version: 15,
        name: "trust_store",
        sql: include_str!("../migrations/0015_trust_store.sql"),
    },
    Migration {
        version: 16,
        name: "adapter_runtime",
        sql: include_str!("../migrations/0016_adapter_runtime.sql"),
    },
    Migration {
        version: 17,
        name: "adapters_and_sales",
        sql: include_str!("../migrations/0017_adapters_and_sales.sql"),
    },
    Migration {
        version: 18,
        name: "unit_holds",
        sql: include_str!("../migrations/0018_unit_holds.sql"),
    },
    Migration {
        version: 19,
        name: "audit_detail",
        sql: include_str!("../migrations/0019_audit_detail.sql"),
    },
    Migration {
        version: 20,
        name: "unit_checks_per_statement",
        sql: include_str!("../migrations/0020_unit_checks_per_statement.sql"),
    },
    Migration {
        version: 21,
        name: "customs_declarations",
        sql: include_str!("../migrations/0021_customs_declarations.sql"),
    },
];

/// A migration recorded as applied in the database.
#[derive(Debug, Clone)]
pub struct AppliedMigration {
    /// Its version.
    pub version: i32,
    /// Its name.
    pub name: String,
    /// When it was applied, as PostgreSQL prints it.
    pub applied_at: String,
}

/// What the database has, against what this binary carries.
#[derive(Debug)]
pub struct MigrationStatus {
    /// Applied migrations, oldest first.
    pub applied: Vec<AppliedMigration>,
    /// Migrations of this binary not applied yet.
    pub pending: Vec<&'static Migration>,
}

/// Whether the database can serve: reachable, and its schema is the one this binary expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    /// How many migrations the database has applied (versions run 1, 2, ... so a complete
    /// schema has as many as the newest version; a gap counts as missing).
    pub applied: i32,
    /// How many this binary carries (its newest version).
    pub expected: i32,
}

impl Readiness {
    /// Migrations are current.
    pub fn is_current(&self) -> bool {
        self.applied == self.expected
    }
}

/// A constant key for `pg_advisory_lock`: "tanba" in ASCII.
const LOCK_KEY: i64 = 0x74_61_6e_62_61;

const BOOKKEEPING: &str = "create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum bytea not null,
    applied_at timestamptz not null default now())";

fn checksum(sql: &str) -> Vec<u8> {
    Sha256::digest(sql.as_bytes()).to_vec()
}

fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

impl Database {
    /// Applies every pending migration and returns the versions it applied (none when the
    /// schema is current). Safe to run from several nodes at once.
    pub async fn migrate(&self) -> Result<Vec<i32>, StoreError> {
        let mut client = self.client().await?;
        let pg = |context| move |e| StoreError::from_pg(context, e);
        client
            .execute("select pg_advisory_lock($1)", &[&LOCK_KEY])
            .await
            .map_err(pg("taking the migration lock"))?;
        let result =
            async {
                client
                    .batch_execute(BOOKKEEPING)
                    .await
                    .map_err(pg("creating schema_migrations"))?;
                let applied = read_applied(&client).await?;
                let mut done = Vec::new();
                for migration in pending(&applied)? {
                    let tx = client
                        .transaction()
                        .await
                        .map_err(pg("beginning a migration"))?;
                    let failed = |e: tokio_postgres::Error| StoreError::MigrationFailed {
                        version: migration.version,
                        name: migration.name,
                        reason: e
                            .as_db_error()
                            .map_or_else(|| e.to_string(), |d| d.message().into()),
                    };
                    tx.batch_execute(migration.sql).await.map_err(failed)?;
                    tx.execute(
                    "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)",
                    &[&migration.version, &migration.name, &checksum(migration.sql)],
                )
                .await
                .map_err(pg("recording a migration"))?;
                    tx.commit().await.map_err(pg("committing a migration"))?;
                    tracing::info!(
                        version = migration.version,
                        name = migration.name,
                        "migration applied"
                    );
                    done.push(migration.version);
                }
                Ok(done)
            }
            .await;
        // Unlocking can only fail with the connection, which releases the lock anyway.
        let _ = client
            .execute("select pg_advisory_unlock($1)", &[&LOCK_KEY])
            .await;
        result
    }

    /// The applied and pending migrations.
    pub async fn migration_status(&self) -> Result<MigrationStatus, StoreError> {
        let client = self.client().await?;
        let applied = if has_bookkeeping(&client).await? {
            read_applied(&client).await?
        } else {
            Vec::new()
        };
        let pending = pending(&applied)?;
        let applied = applied
            .into_iter()
            .map(|row| AppliedMigration {
                version: row.version,
                name: row.name,
                applied_at: row.applied_at,
            })
            .collect();
        Ok(MigrationStatus { applied, pending })
    }

    /// Reachable, and how current the schema is: one cheap query, for `/readyz`.
    pub async fn readiness(&self) -> Result<Readiness, StoreError> {
        let client = self.client().await?;
        let applied: i32 = if has_bookkeeping(&client).await? {
            client
                .query_one("select count(*)::int from schema_migrations", &[])
                .await
                .map_err(|e| StoreError::from_pg("checking readiness", e))?
                .get(0)
        } else {
            0
        };
        Ok(Readiness {
            applied,
            expected: latest(),
        })
    }
}

/// Whether `schema_migrations` exists (not yet, in an empty database).
async fn has_bookkeeping(client: &tokio_postgres::Client) -> Result<bool, StoreError> {
    Ok(client
        .query_one("select to_regclass('schema_migrations') is not null", &[])
        .await
        .map_err(|e| StoreError::from_pg("looking for schema_migrations", e))?
        .get(0))
}

struct AppliedRow {
    version: i32,
    name: String,
    checksum: Vec<u8>,
    applied_at: String,
}

async fn read_applied(client: &tokio_postgres::Client) -> Result<Vec<AppliedRow>, StoreError> {
    let rows = client
        .query(
            "select version, name, checksum, applied_at::text from schema_migrations order by version",
            &[],
        )
        .await
        .map_err(|e| StoreError::from_pg("reading schema_migrations", e))?;
    Ok(rows
        .iter()
        .map(|row| AppliedRow {
            version: row.get(0),
            name: row.get(1),
            checksum: row.get(2),
            applied_at: row.get(3),
        })
        .collect())
}

/// The migrations still to apply, after checking that what was applied is what we carry.
fn pending(applied: &[AppliedRow]) -> Result<Vec<&'static Migration>, StoreError> {
    for row in applied {
        let Some(known) = MIGRATIONS.iter().find(|m| m.version == row.version) else {
            return Err(StoreError::DatabaseNewer {
                version: row.version,
            });
        };
        if checksum(known.sql) != row.checksum {
            return Err(StoreError::ChecksumMismatch {
                version: row.version,
                name: row.name.clone(),
            });
        }
    }
    Ok(MIGRATIONS
        .iter()
        .filter(|m| applied.iter().all(|row| row.version != m.version))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Versions held by branches not merged yet; empty once every branch is merged.
    const RESERVED: &[i32] = &[];

    #[test]
    fn versions_are_consecutive_from_one() {
        let mut expected = 1;
        for migration in MIGRATIONS {
            while RESERVED.contains(&expected) && migration.version != expected {
                expected += 1;
            }
            assert_eq!(migration.version, expected, "{}", migration.name);
            expected += 1;
        }
    }
}
