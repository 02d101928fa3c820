//! The commands an adapter's step asks for, applied in the transaction that records the step
//! (DESIGN.md, principle 3): a failure rolls the whole step back.

use serde_json::{Map, Value};
use tanba_documents::{AdapterDocument, Documents};
use tanba_plugin_host::adapter_types::{
    Command, Document, Participant, ParticipantKind, ParticipantStatus, TrustUpdate,
};
use tanba_registry::{RegisterEntry, Registry};
use tanba_store::registry::upsert_register_participant;
use tokio_postgres::GenericClient;

use tanba_trust::{Offered, TrustCache};

use crate::AdapterError;

/// Most commands one step may carry (a page of a register is far smaller).
pub(crate) const MAX_COMMANDS: usize = 10_000;

/// What commands are applied with: the hub's services.
pub(crate) struct Hub<'a> {
    pub(crate) registry: &'a Registry,
    pub(crate) documents: &'a Documents,
    /// The hub's trust cache, for trust-store updates (none without `[pki] trust_dir`).
    pub(crate) trust: Option<&'a TrustCache>,
}

/// Applies `commands` in `tx`, all or none (the caller rolls back on an error).
pub(crate) async fn apply(
    tx: &impl GenericClient,
    hub: &Hub<'_>,
    adapter: &str,
    commands: &[Command],
) -> Result<(), AdapterError> {
    if commands.len() > MAX_COMMANDS {
        return Err(AdapterError::BadStep {
            adapter: adapter.to_owned(),
            reason: format!("{} commands, more than {MAX_COMMANDS}", commands.len()),
        });
    }
    for command in commands {
        match command {
            Command::UpsertParticipant(p) => upsert(tx, hub.registry, adapter, p).await?,
            Command::SubmitDocument(d) => submit(tx, hub.documents, adapter, d).await?,
            Command::UpdateTrustStore(update) => match hub.trust {
                Some(trust) => update_trust(tx, trust, adapter, update).await,
                None => return Err(unsupported(adapter, "update the trust store")),
            },
            Command::RecordCustomsDeclaration(d) => {
                crate::customs::record(tx, hub.registry.id_policy(), adapter, d).await?
            }
        }
    }
    Ok(())
}

/// R1: a participant from a state register, checked by the registry (IIN/BIN and its kind,
/// name), then created or updated with an audit row.
async fn upsert(
    tx: &impl GenericClient,
    registry: &Registry,
    adapter: &str,
    p: &Participant,
) -> Result<(), AdapterError> {
    let entry = RegisterEntry {
        id: p.iin_bin.clone(),
        name: p.name.clone(),
        active: p.status == ParticipantStatus::Active,
        source: format!("adapter:{adapter}"),
        kato: p
            .attributes
            .iter()
            .find(|(key, _)| key == "kato")
            .map(|(_, value)| value.trim().to_owned()),
    };
    let (row, audit) =
        registry
            .register_entry(&entry)
            .map_err(|source| AdapterError::Participant {
                adapter: adapter.to_owned(),
                source,
            })?;
    let expected = match p.kind {
        ParticipantKind::IndividualEntrepreneur => "iin",
        ParticipantKind::LegalEntity => "bin",
    };
    if row.kind != expected {
        return Err(AdapterError::BadStep {
            adapter: adapter.to_owned(),
            reason: format!("{} is a {}, reported as a {expected}", row.id, row.kind),
        });
    }
    upsert_register_participant(tx, &row, &audit).await?;
    Ok(())
}

/// R12, R13: a document from an external system, through the same checks as a participant's
/// (`Documents::submit_from_adapter`); a second one with the same external id is ignored.
async fn submit(
    tx: &impl GenericClient,
    documents: &Documents,
    adapter: &str,
    d: &Document,
) -> Result<(), AdapterError> {
    let external_ok =
        (1..=200).contains(&d.external_id.len()) && !d.external_id.chars().any(char::is_control);
    if !external_ok {
        return Err(AdapterError::BadStep {
            adapter: adapter.to_owned(),
            reason: "a document's external id is empty, too long or has control characters".into(),
        });
    }
    let document = AdapterDocument {
        adapter,
        external_id: &d.external_id,
        sender: &d.sender,
        body: body(d),
    };
    documents
        .submit_from_adapter(tx, document)
        .await
        .map_err(|e| AdapterError::Document {
            adapter: adapter.to_owned(),
            code: e.code.to_owned(),
            pointer: e.pointer.clone().unwrap_or_default(),
        })?;
    Ok(())
}

/// The document as a participant would write it: `kind` (the WIT's kebab-case in the hub's
/// snake_case), the receiver, each header field (kebab-case names in snake_case), the lines'
/// codes or SSCCs as `units`, and their prices as `prices_tiyn` when every line has one (a
/// receipt's, R13). Unknown fields are refused by the document's own checks.
fn body(d: &Document) -> Vec<u8> {
    let snake = |s: &str| s.replace('-', "_");
    let mut o = Map::new();
    o.insert("kind".into(), Value::String(snake(&d.kind)));
    if let Some(receiver) = &d.receiver {
        o.insert("receiver".into(), Value::String(receiver.clone()));
    }
    for (name, value) in &d.fields {
        o.insert(snake(name), Value::String(value.clone()));
    }
    let units: Vec<Value> = d
        .lines
        .iter()
        .filter_map(|l| l.code.clone().or_else(|| l.sscc.clone()))
        .map(Value::String)
        .collect();
    if !units.is_empty() {
        o.insert("units".into(), Value::Array(units));
    }
    let prices: Option<Vec<Value>> = d
        .lines
        .iter()
        .map(|l| l.price_tiyn.map(Value::from))
        .collect();
    if let Some(prices) = prices.filter(|p| !p.is_empty()) {
        o.insert("prices_tiyn".into(), Value::Array(prices));
    }
    serde_json::to_vec(&Value::Object(o)).unwrap_or_default()
}

/// G1, issue 6: certificates and CRLs an adapter brings go through the same verify-and-store as
/// the scheduled CRL fetch ([`TrustCache::verify_and_store_in`]), in the step's transaction, so
/// they are used once the step commits. An item that does not verify is refused and logged with
/// its reason; it does not fail the step (an old CRL delivered again is no error of the step).
async fn update_trust(
    tx: &impl GenericClient,
    trust: &TrustCache,
    adapter: &str,
    update: &TrustUpdate,
) {
    let offered: Vec<Offered> = update
        .certificates
        .iter()
        .map(|c| Offered::CaCertificate(c.clone()))
        .chain(update.crls.iter().map(|c| Offered::Crl(c.clone())))
        .collect();
    let source = format!("adapter:{adapter}:{}", update.source);
    let now = time::OffsetDateTime::now_utc();
    trust.verify_and_store_in(tx, &offered, &source, now).await;
}

fn unsupported(adapter: &str, command: &'static str) -> AdapterError {
    AdapterError::Unsupported {
        adapter: adapter.to_owned(),
        command,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tanba_pki::PkiFolders;
    use tanba_pki::testpki::TestPki;
    use tanba_testkit::TestDb;

    use super::*;

    /// The `trust.admit` audit rows: (object, outcome).
    async fn trust_audit(db: &TestDb) -> Vec<(String, String)> {
        let rows = db
            .pool()
            .audit_search(&tanba_store::AuditFilter::default(), 100)
            .await
            .expect("audit rows");
        rows.into_iter()
            .filter(|r| r.entry.action == "trust.admit")
            .map(|r| (r.entry.object.unwrap_or_default(), r.entry.outcome))
            .collect()
    }

    /// Issue 6, G1: an adapter's trust-update (a CA certificate and CRLs) goes through the
    /// trust cache's verify-and-store in the step's transaction: what verifies is stored when
    /// the step commits and revokes from then on; a CRL with a bad signature is not stored.
    #[tokio::test]
    async fn a_trust_update_is_verified_and_stored_with_the_step() {
        let t = TestPki::generate().expect("test PKI");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("root.der"), t.root.der()).expect("root");
        let folders = Arc::new(PkiFolders::load(dir.path(), None).expect("folders"));
        let db = TestDb::migrated().await;
        let trust = TrustCache::new(db.pool(), folders.clone());
        let mut forged = t.delta_crl(2, 1, &[&t.org_head], &[]).expect("delta");
        let last = forged.len() - 3;
        forged[last] ^= 0x01;
        let update = TrustUpdate {
            source: "nca-rk".into(),
            certificates: vec![t.intermediate.der().to_vec()],
            crls: vec![t.crl.clone(), forged],
        };

        let mut client = db.pool().client().await.expect("client");
        let tx = client.transaction().await.expect("tx");
        update_trust(&*tx, &trust, "nca", &update).await;
        tx.rollback().await.expect("rolled back");
        assert!(db.pool().trust_items().await.expect("rows").is_empty());
        assert!(
            trust_audit(&db).await.is_empty(),
            "R23: the audit rows roll back with the step"
        );

        let tx = client.transaction().await.expect("tx");
        update_trust(&*tx, &trust, "nca", &update).await;
        tx.commit().await.expect("committed");
        let rows = db.pool().trust_items().await.expect("rows");
        let kinds: Vec<&str> = rows.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["ca-certificate", "crl"],
            "the forged delta is not stored"
        );
        assert!(rows.iter().all(|r| r.source == "adapter:nca:nca-rk"));
        let details: Vec<Option<String>> = db
            .pool()
            .audit_search(&tanba_store::AuditFilter::default(), 100)
            .await
            .expect("audit rows")
            .into_iter()
            .filter(|r| r.entry.action == "trust.admit")
            .map(|r| r.detail)
            .collect();
        assert_eq!(
            details,
            vec![Some("source=adapter:nca:nca-rk".to_owned()); 3],
            "R23: each row, refused ones too, names where the item came from"
        );
        let crl_object =
            tanba_trust::audit_object("crl", &rows[1].sha256.clone().try_into().expect("32 bytes"));
        let audited = trust_audit(&db).await;
        assert_eq!(audited.len(), 3, "{audited:?}");
        assert!(
            audited.contains(&(crl_object, "stored".to_owned())),
            "{audited:?}"
        );
        assert!(
            audited
                .iter()
                .any(|(o, outcome)| o.starts_with("crl:") && outcome == "refused:PKI_BAD_SIGNATURE"),
            "the forged delta's refusal: {audited:?}"
        );

        trust.load().await.expect("loads");
        let pki = folders.current();
        assert_eq!(
            pki.trust_signer(&t.revoked.certificate(), TestPki::at())
                .expect_err("revoked")
                .code(),
            "PKI_REVOKED"
        );
        pki.trust_signer(&t.org_head.certificate(), TestPki::at())
            .expect("the forged delta did not revoke it");
    }
}
