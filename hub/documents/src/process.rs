//! Processing one document: claim it, lock what it touches, decide, apply or reject, all in
//! one transaction; progress goes out on a separate connection while it runs.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};
use tanba_domain::{Lang, Msg};
use tanba_registry::{Kind, RegistryError};
use tanba_store::registry::{
    HistoryRow, UnitRow, lock_contents, lock_units, lock_units_holding, update_units, write_history,
};
use tanba_store::statistics::record_units;
use tanba_store::{DocumentRow, StoreError, claim_document, decide_document};
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::Documents;
use crate::customs::ImportCheck;
use crate::finding::{FindingView, Severity, Texts};
use crate::flc;
use crate::form::{AcceptanceResult, DocumentForm};
use crate::plan::{Change, Changes, CoreFinding, Listed, plan};

/// Progress is written every this many units.
const PROGRESS_STEP: usize = 10_000;

impl Documents {
    /// Processes document `id` (or the oldest waiting one); `false` when there was none to
    /// claim.
    pub async fn process_next(&self, id: Option<Uuid>) -> Result<bool, RegistryError> {
        let mut client = self.db.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(store("starting a document"))?;
        let Some(doc) = claim_document(&*tx, id).await? else {
            return Ok(false);
        };
        let form: DocumentForm =
            match serde_json::from_slice::<Value>(&doc.body)
                .ok()
                .and_then(|mut v| {
                    v.as_object_mut().map(|o| o.remove("id"));
                    serde_json::from_value(v).ok()
                }) {
                Some(form) => form,
                None => {
                    // Checked at submission; a stored body that no longer parses is a hub fault.
                    let finding = self.core(&CoreFinding {
                        code: "DOCUMENT_INVALID",
                        path: String::new(),
                        msg: Msg::new("document-unreadable"),
                    });
                    decide_document(&*tx, doc.id, "rejected", &json!([finding])).await?;
                    tx.commit().await.map_err(store("rejecting a document"))?;
                    return Ok(true);
                }
            };
        // An adapter's document carries no signature: the adapter holds no key, the hub
        // authenticated the external system, and the origin is recorded and audited.
        let signed = match doc.origin_adapter {
            Some(_) => Ok(()),
            None => self
                .signatures
                .check(&doc.sender, &doc.body, doc.signature.as_deref())
                .await
                .map_err(|f| vec![self.core(&f)]),
        };
        let decided = match signed {
            Ok(()) => self.decide(&*tx, &doc, &form).await,
            Err(findings) => Ok(Err(findings)),
        };
        let outcome = match decided {
            Ok(outcome) => outcome,
            // A refusal of the document itself (not of the database) rejects it.
            Err(e) if !matches!(e.kind, Kind::Unavailable | Kind::Internal) => {
                let pointer = e.pointer.clone().unwrap_or_default();
                Err(vec![self.core(&CoreFinding {
                    code: e.code,
                    path: pointer,
                    msg: e.msg,
                })])
            }
            Err(e) => return Err(e),
        };
        let decided = match &outcome {
            Ok(_) => "applied",
            Err(_) => "rejected",
        };
        match outcome {
            Ok((changes, warnings)) => {
                let started = std::time::Instant::now();
                update_units(
                    &*tx,
                    &changes.iter().map(|c| c.after.clone()).collect::<Vec<_>>(),
                )
                .await?;
                let trail: Vec<HistoryRow> = changes
                    .iter()
                    .map(
                        |Change {
                             after: r, event, ..
                         }| HistoryRow {
                            unit: r.key.clone(),
                            at: String::new(),
                            actor: doc.sender.clone(),
                            event: (*event).to_owned(),
                            status: r.status.clone(),
                            owner: r.owner.clone(),
                            parent: r.parent.clone(),
                            cause_kind: "document".to_owned(),
                            cause_id: doc.id,
                        },
                    )
                    .collect();
                tracing::debug!(ms = started.elapsed().as_millis(), "units written");
                write_history(&*tx, &trail).await?;
                tracing::debug!(ms = started.elapsed().as_millis(), "history written");
                record_units(&*tx, changes.iter().map(|c| (Some(&c.before), &c.after))).await?;
                tracing::debug!(ms = started.elapsed().as_millis(), "statistics recorded");
                decide_document(&*tx, doc.id, "applied", &Value::Array(warnings)).await?;
                crate::events::document_applied(&*tx, &doc, &changes).await?;
            }
            Err(findings) => {
                decide_document(&*tx, doc.id, "rejected", &Value::Array(findings)).await?
            }
        }
        let entry = tanba_store::AuditEntry {
            bin: Some(doc.sender.clone()),
            role: Some("hub".to_owned()),
            action: format!("document.decide.{}", doc.kind),
            object: Some(doc.id.to_string()),
            outcome: decided.to_owned(),
            ..Default::default()
        };
        tanba_store::audit(&*tx, &entry).await?;
        tx.commit().await.map_err(store("deciding a document"))?;
        tracing::info!(document = %doc.id, kind = %doc.kind, "document decided");
        Ok(true)
    }

    /// The changes `form` makes, with the rule set's warnings; or its findings.
    async fn decide(
        &self,
        tx: &impl GenericClient,
        doc: &DocumentRow,
        form: &DocumentForm,
    ) -> Result<Result<(Changes, Vec<Value>), Vec<Value>>, RegistryError> {
        match form {
            DocumentForm::Remark { old, new } => {
                return self.decide_remark(tx, doc, old, new).await;
            }
            // R13: code by code, never the whole receipt (retail.rs).
            DocumentForm::RetailSale { .. } => {
                return self.decide_retail_sale(tx, doc, form).await;
            }
            DocumentForm::Aggregation {
                operation,
                parent,
                children,
            } => {
                let request = tanba_registry::Aggregation {
                    operation: *operation,
                    parent: parent.clone(),
                    children: children.clone(),
                };
                return match tanba_registry::aggregate_in(
                    tx,
                    &doc.sender,
                    &request,
                    ("document", doc.id),
                )
                .await
                {
                    Ok(_) => Ok(Ok((Vec::new(), Vec::new()))),
                    Err(e)
                        if matches!(
                            e.kind,
                            tanba_registry::Kind::Unavailable | tanba_registry::Kind::Internal
                        ) =>
                    {
                        Err(e)
                    }
                    Err(e) => Ok(Err(vec![self.core(&CoreFinding {
                        code: e.code,
                        path: e.pointer.clone().unwrap_or_default(),
                        msg: e.msg,
                    })])),
                };
            }
            _ => {}
        }
        // The units that may hold others: only their contents are looked for.
        let holders: HashSet<String>;
        let (listed, accepted): (Vec<Listed>, Option<Vec<String>>) = match form {
            DocumentForm::Acceptance {
                shipment,
                result,
                accepted,
            } => match self.shipped(tx, doc, shipment).await? {
                Ok((roots, holding)) => {
                    holders = holding;
                    let keys = accepted
                        .iter()
                        .enumerate()
                        .map(|(i, u)| tanba_registry::unit_key(u, &format!("/accepted/{i}")))
                        .collect::<Result<Vec<_>, _>>()?;
                    let stray: Vec<Value> = keys
                        .iter()
                        .enumerate()
                        .filter(|(_, k)| !roots.iter().any(|r| &r.key == *k))
                        .map(|(i, k)| {
                            self.core(&CoreFinding {
                                code: "UNIT_NOT_SHIPPED",
                                path: format!("/accepted/{i}"),
                                msg: Msg::new("document-unit-not-shipped").with("unit", k),
                            })
                        })
                        .collect();
                    if !stray.is_empty() {
                        return Ok(Err(stray));
                    }
                    if *result == AcceptanceResult::Partial && keys.is_empty() {
                        return Ok(Err(vec![self.core(&CoreFinding {
                            code: "ACCEPTED_EMPTY",
                            path: "/accepted".into(),
                            msg: Msg::new("document-accepted-empty"),
                        })]));
                    }
                    let listed = roots
                        .into_iter()
                        .map(|r| Listed {
                            path: "/shipment".into(),
                            key: r.key.clone(),
                            row: Some(r),
                        })
                        .collect();
                    (listed, Some(keys))
                }
                Err(finding) => return Ok(Err(vec![finding])),
            },
            _ => {
                let (pointer, units) = form.units();
                let keys = units
                    .iter()
                    .enumerate()
                    .map(|(i, u)| tanba_registry::unit_key(u, &format!("{pointer}/{i}")))
                    .collect::<Result<Vec<_>, _>>()?;
                let started = std::time::Instant::now();
                let (rows, holding) = lock_units_holding(tx, &keys).await?;
                holders = holding;
                tracing::debug!(
                    ms = started.elapsed().as_millis(),
                    units = keys.len(),
                    "units locked"
                );
                let mut by_key: HashMap<String, UnitRow> =
                    rows.into_iter().map(|r| (r.key.clone(), r)).collect();
                let listed = keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| Listed {
                        path: format!("{pointer}/{i}"),
                        key: k.clone(),
                        row: by_key.remove(k),
                    })
                    .collect();
                (listed, None)
            }
        };
        let started = std::time::Instant::now();
        let contents = self.contents(tx, doc, &listed, &holders).await?;
        tracing::debug!(ms = started.elapsed().as_millis(), "contents locked");
        let everything: Vec<UnitRow> = listed
            .iter()
            .filter_map(|l| l.row.clone())
            .chain(contents.values().flatten().cloned())
            .collect();
        let mut findings = Vec::new();
        if let Some(receiver) = form.receiver() {
            findings.extend(self.receiver_groups(tx, receiver, &everything).await?);
        }
        if let DocumentForm::Return { receiver, .. } = form {
            findings.extend(self.former_owner(tx, receiver, &listed).await?);
        }
        // R5: an introduction from import against its customs declaration.
        let import = ImportCheck::run(tx, form, &doc.sender, &listed, &contents).await?;
        findings.extend(import.findings.iter().map(|f| self.core(f)));
        let warnings = match self.rule_sets(tx, doc, form, &everything).await? {
            Ok(warnings) => warnings,
            Err(errors) => {
                findings.extend(errors);
                Vec::new()
            }
        };
        let planned = plan(
            form,
            doc.id,
            &doc.sender,
            &listed,
            &contents,
            accepted.as_deref(),
        );
        match planned {
            Ok(changes) if findings.is_empty() => {
                import.record(tx, doc.id).await?;
                Ok(Ok((changes, warnings)))
            }
            Ok(_) => Ok(Err(findings)),
            Err(core) => {
                let mut all: Vec<Value> = core.iter().map(|f| self.core(f)).collect();
                all.extend(findings);
                Ok(Err(all))
            }
        }
    }

    /// The top-level units of an applied shipment addressed to the acceptance's sender, locked,
    /// with those that may hold others.
    async fn shipped(
        &self,
        tx: &impl GenericClient,
        doc: &DocumentRow,
        shipment: &str,
    ) -> Result<Result<(Vec<UnitRow>, HashSet<String>), Value>, RegistryError> {
        let id = Uuid::parse_str(shipment).unwrap_or_default();
        let ship = self.db.document(id).await?;
        let usable = ship.as_ref().is_some_and(|s| {
            (s.kind == "shipment" || s.kind == "return")
                && s.status == "applied"
                && s.receiver.as_deref() == Some(doc.sender.as_str())
        });
        if !usable {
            return Ok(Err(self.core(&CoreFinding {
                code: "SHIPMENT_NOT_FOUND",
                path: "/shipment".into(),
                msg: Msg::new("document-shipment-not-found").with("id", shipment.escape_debug()),
            })));
        }
        let keys: Vec<String> = tx
            .query(
                "select key from units where shipment = $1 and parent is null order by key",
                &[&id],
            )
            .await
            .map_err(store("reading a shipment"))?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if keys.is_empty() {
            return Ok(Err(self.core(&CoreFinding {
                code: "SHIPMENT_ANSWERED",
                path: "/shipment".into(),
                msg: Msg::new("document-shipment-answered").with("id", shipment),
            })));
        }
        Ok(Ok(lock_units_holding(tx, &keys).await?))
    }

    /// Everything inside the listed units, locked, in batches of roots with progress reported
    /// after each. Only `holders` (units something was ever put in) are looked into: a flat
    /// list of codes costs no look-up at all.
    async fn contents(
        &self,
        tx: &impl GenericClient,
        doc: &DocumentRow,
        listed: &[Listed],
        holders: &HashSet<String>,
    ) -> Result<HashMap<String, Vec<UnitRow>>, RegistryError> {
        let mut contents: HashMap<String, Vec<UnitRow>> = HashMap::new();
        let known: Vec<&String> = listed
            .iter()
            .filter(|l| l.row.is_some())
            .map(|l| &l.key)
            .collect();
        let mut done = 0usize;
        for batch in known.chunks(PROGRESS_STEP) {
            let roots: Vec<String> = batch
                .iter()
                .filter(|k| holders.contains(**k))
                .map(|k| (*k).clone())
                .collect();
            if !roots.is_empty() {
                for (root, row) in lock_contents(tx, &roots).await? {
                    contents.entry(root).or_default().push(row);
                }
            }
            done += batch.len();
            if done < known.len() {
                let checked = i32::try_from(done).unwrap_or(i32::MAX);
                if let Err(err) = self.db.set_progress(doc.id, checked, doc.units_total).await {
                    tracing::warn!(%err, "could not record document progress");
                }
            }
        }
        Ok(contents)
    }

    /// Remarking: lock both codes, decide, and keep the link both ways.
    async fn decide_remark(
        &self,
        tx: &impl GenericClient,
        doc: &DocumentRow,
        old: &str,
        new: &str,
    ) -> Result<Result<(Changes, Vec<Value>), Vec<Value>>, RegistryError> {
        let old_key = tanba_registry::unit_key(old, "/old")?;
        let new_key = tanba_registry::unit_key(new, "/new")?;
        let mut rows = lock_units(tx, &[old_key.clone(), new_key.clone()]).await?;
        let mut take = |key: &str, path: &str| Listed {
            path: path.to_owned(),
            key: key.to_owned(),
            row: rows
                .iter()
                .position(|r| r.key == key)
                .map(|i| rows.swap_remove(i)),
        };
        let (old_unit, new_unit) = (take(&old_key, "/old"), take(&new_key, "/new"));
        match crate::plan::plan_remark(&old_unit, &new_unit, &doc.sender) {
            Ok(changes) => {
                tanba_store::registry::insert_remark(tx, &old_key, &new_key, doc.id).await?;
                Ok(Ok((changes, Vec::new())))
            }
            Err(core) => Ok(Err(core.iter().map(|f| self.core(f)).collect())),
        }
    }

    /// A return goes back to a participant that owned the goods before.
    async fn former_owner(
        &self,
        tx: &impl GenericClient,
        receiver: &str,
        listed: &[Listed],
    ) -> Result<Vec<Value>, RegistryError> {
        let keys: Vec<String> = listed
            .iter()
            .filter(|l| l.row.is_some())
            .map(|l| l.key.clone())
            .collect();
        let owned: Vec<String> = tx
            .query(
                "select distinct unit from unit_history where unit = any($1) and owner = $2",
                &[&keys, &receiver],
            )
            .await
            .map_err(store("reading former owners"))?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok(listed
            .iter()
            .filter(|l| l.row.is_some() && !owned.contains(&l.key))
            .map(|l| {
                self.core(&CoreFinding {
                    code: "RETURN_NOT_FORMER_OWNER",
                    path: l.path.clone(),
                    msg: Msg::new("document-return-not-former-owner")
                        .with("unit", &l.key)
                        .with("id", receiver),
                })
            })
            .collect())
    }

    /// A shipment's receiver must work in the product groups of the goods.
    async fn receiver_groups(
        &self,
        tx: &impl GenericClient,
        receiver: &str,
        units: &[UnitRow],
    ) -> Result<Vec<Value>, RegistryError> {
        let groups = groups_of(tx, units).await?;
        let works_in = self
            .db
            .participant(receiver)
            .await?
            .map(|p| p.product_groups)
            .unwrap_or_default();
        Ok(groups
            .iter()
            .filter(|g| !works_in.contains(g))
            .map(|g| {
                self.core(&CoreFinding {
                    code: "RECEIVER_NOT_IN_GROUP",
                    path: "/receiver".into(),
                    msg: Msg::new("document-receiver-not-in-group")
                        .with("id", receiver)
                        .with("group", g),
                })
            })
            .collect())
    }

    /// `check-document` of each touched group's rule set: `Ok(warnings)` or `Err(errors)`.
    async fn rule_sets(
        &self,
        tx: &impl GenericClient,
        doc: &DocumentRow,
        form: &DocumentForm,
        units: &[UnitRow],
    ) -> Result<Result<Vec<Value>, Vec<Value>>, RegistryError> {
        let (mut warnings, mut errors) = (Vec::new(), Vec::new());
        let day = flc::document_day(&doc.submitted_at);
        for group in groups_of(tx, units).await? {
            // A group without an active rule set runs the core checks only: its products,
            // reference lists and the rule set's view of a document of up to a million codes
            // are not built for nothing.
            if self.rules.rule_set(&group).is_none() {
                continue;
            }
            let mut gtins: Vec<String> = units
                .iter()
                .filter_map(|u| {
                    u.key
                        .strip_prefix("01")
                        .and_then(|r| r.get(..14))
                        .map(str::to_owned)
                })
                .collect();
            gtins.sort();
            gtins.dedup();
            let products: Vec<_> = self
                .db
                .products_by_gtin(&gtins)
                .await?
                .into_iter()
                .filter(|p| p.product_group == group)
                .collect();
            let document = flc::document(form, &doc.id.to_string(), &doc.sender, units, &products);
            let lists = self
                .reference
                .rule_lists(&group, day)
                .await
                .map_err(reference_refused)?;
            let answer = self
                .rules
                .check_document(&group, &document, &flc::context(lists))
                .await;
            let (label, findings) = match answer {
                Ok(Some(answer)) => answer,
                Ok(None) => continue,
                Err(err) => {
                    errors.push(
                        self.core(&CoreFinding {
                            code: "RULE_SET_FAILED",
                            path: String::new(),
                            msg: Msg::new("document-rule-set-failed")
                                .with("group", &group)
                                .with("reason", err.msg().id()),
                        }),
                    );
                    continue;
                }
            };
            for f in findings {
                let error = flc::is_error(&f);
                let value = FindingView {
                    code: f.code,
                    severity: if error {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    path: f.path,
                    message: Texts {
                        kk: f.message.kk,
                        ru: f.message.ru,
                        en: f.message.en,
                    },
                    source: label.clone(),
                }
                .to_json();
                if error {
                    errors.push(value)
                } else {
                    warnings.push(value)
                }
            }
        }
        Ok(if errors.is_empty() {
            Ok(warnings)
        } else {
            Err(errors)
        })
    }

    /// A core finding with its texts in every language.
    pub(crate) fn core(&self, f: &CoreFinding) -> Value {
        let text = |lang| self.catalogue.render(lang, &f.msg);
        FindingView {
            code: f.code.to_owned(),
            severity: Severity::Error,
            path: f.path.clone(),
            message: Texts {
                kk: text(Lang::Kk),
                ru: text(Lang::Ru),
                en: text(Lang::En),
            },
            source: "core".to_owned(),
        }
        .to_json()
    }
}

/// The product groups of the codes among `units` (by their emission orders).
async fn groups_of(
    tx: &impl GenericClient,
    units: &[UnitRow],
) -> Result<Vec<String>, RegistryError> {
    let orders: Vec<Uuid> = units.iter().filter_map(|u| u.order_id).collect();
    let rows = tx
        .query(
            "select distinct product_group from emission_orders where id = any($1) order by 1",
            &[&orders],
        )
        .await
        .map_err(store("reading product groups"))?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// A failure to read reference data while deciding (the database, as reads cannot be refused
/// otherwise): the document waits and is decided again.
fn reference_refused(e: tanba_reference::ReferenceError) -> RegistryError {
    match e {
        tanba_reference::ReferenceError::Refused(refused) => refused,
        rows => RegistryError::new(tanba_registry::Kind::Internal, "REFERENCE", rows.msg()),
    }
}

fn store(context: &'static str) -> impl Fn(tokio_postgres::Error) -> RegistryError {
    move |e| StoreError::from_pg(context, e).into()
}
