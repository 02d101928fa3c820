//! Shadow runs (issue 4): a candidate version runs beside a group's active rule set on live
//! calls; only the active answer counts, and every disagreement is kept (input hash and both
//! answers) for the regulator to read before activating the candidate.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Arc;

use tanba_plugin_host::types::{Context, Finding, MarkingCode, Product, Severity};
use tanba_plugin_host::{LoadedRuleSet, PluginError};
use tanba_store::{Activation, Disagreement};

use crate::RuleRegistry;
use crate::RulesError;

impl RuleRegistry {
    /// Runs `plugin@version` as the candidate beside `group`'s active rule set, on every node.
    pub async fn start_shadow(
        &self,
        plugin: &str,
        version: &str,
        group: &str,
        by: &str,
    ) -> Result<(), RulesError> {
        let stored = self.package_for(plugin, version, group).await?;
        self.load(&stored).await?;
        let candidate = Activation {
            product_group: group.into(),
            plugin_id: plugin.into(),
            version: version.into(),
        };
        self.db.put_shadow(&candidate, by).await?;
        tracing::info!(plugin, version, group, by, "shadow run started");
        self.reload().await
    }

    /// Stops the shadow run of `group`; `false` when there was none.
    pub async fn stop_shadow(&self, group: &str, by: &str) -> Result<bool, RulesError> {
        let stopped = self.db.clear_shadow(group).await?;
        tracing::info!(group, by, stopped, "shadow run stopped");
        self.reload().await?;
        Ok(stopped)
    }

    /// Which candidate each group shadow-runs, as stored (every node follows it).
    pub async fn shadows(&self) -> Result<Vec<Activation>, RulesError> {
        Ok(self.db.shadows().await?)
    }

    /// The newest `limit` disagreements of `group`'s shadow runs.
    pub async fn shadow_report(
        &self,
        group: &str,
        limit: i64,
    ) -> Result<Vec<Disagreement>, RulesError> {
        Ok(self.db.disagreements(group, limit).await?)
    }

    /// `check-code` by `group`'s active rule set: its answer is the one that counts. When a
    /// candidate shadows the group, it answers too and a disagreement is recorded. `None` when
    /// the group has no active rule set (the hub's core checks alone apply).
    pub async fn check_code(
        &self,
        group: &str,
        code: &MarkingCode,
        product: &Product,
        context: &Context,
    ) -> Result<Option<Vec<Finding>>, RulesError> {
        let Some(active) = self.rule_set(group) else {
            return Ok(None);
        };
        let answer = off_runtime(&active, code, product, context).await;
        let candidate = self
            .shadows
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(group)
            .cloned();
        if let Some(candidate) = candidate {
            let shadow = off_runtime(&candidate, code, product, context).await;
            let (active_verdict, candidate_verdict) = (verdict(&answer), verdict(&shadow));
            if active_verdict != candidate_verdict {
                let disagreement = Disagreement {
                    product_group: group.into(),
                    function: "check-code".into(),
                    input_sha256: Sha256::digest(format!("{code:?}|{product:?}|{context:?}"))
                        .to_vec(),
                    active: active.manifest().label(),
                    candidate: candidate.manifest().label(),
                    active_verdict,
                    candidate_verdict,
                    observed_at: String::new(),
                };
                // A lost record must not change the answer that counts; it is logged.
                if let Err(err) = self.db.record_disagreement(&disagreement).await {
                    tracing::error!(%err, group, "could not record a shadow disagreement");
                }
            }
        }
        Ok(Some(answer?))
    }
}

/// Runs a rule set on the blocking pool: a call may take up to its deadline of CPU time, which
/// must not stall the async workers serving other requests.
async fn off_runtime(
    rules: &Arc<LoadedRuleSet>,
    code: &MarkingCode,
    product: &Product,
    context: &Context,
) -> Result<Vec<Finding>, PluginError> {
    let (rules, code, product, context) = (
        rules.clone(),
        code.clone(),
        product.clone(),
        context.clone(),
    );
    tokio::task::spawn_blocking(move || rules.check_code(&code, &product, &context))
        .await
        .expect("a rule-set call does not panic: traps are errors")
}

/// An answer as compared and stored: findings as (code, severity, path) in order, or the
/// failure's code.
fn verdict(answer: &Result<Vec<Finding>, PluginError>) -> Value {
    match answer {
        Ok(findings) => {
            let mut items: Vec<Value> = findings
                .iter()
                .map(|f| {
                    let severity = match f.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    json!({ "code": f.code, "severity": severity, "path": f.path })
                })
                .collect();
            items.sort_by_key(|v| v.to_string());
            Value::Array(items)
        }
        Err(err) => json!({ "error": err.code() }),
    }
}

impl RuleRegistry {
    /// `check-document` by `group`'s active rule set (R17), on the blocking pool: the rule set's
    /// label (`id@version`) and its findings, or `None` when the group has no active rule set
    /// (the hub's core checks alone apply).
    pub async fn check_document(
        &self,
        group: &str,
        document: &tanba_plugin_host::types::Document,
        context: &Context,
    ) -> Result<Option<(String, Vec<Finding>)>, RulesError> {
        let Some(active) = self.rule_set(group) else {
            return Ok(None);
        };
        let label = active.manifest().label();
        let (document, context) = (document.clone(), context.clone());
        let findings =
            tokio::task::spawn_blocking(move || active.check_document(&document, &context))
                .await
                .expect("a rule-set call does not panic: traps are errors")?;
        Ok(Some((label, findings)))
    }

    /// `check-sale` by `group`'s active rule set (R13), on the blocking pool: may this unit be
    /// sold at this price now? The rule set's label and verdict, or `None` when the group has
    /// no active rule set.
    pub async fn check_sale(
        &self,
        group: &str,
        code: &tanba_plugin_host::types::MarkingCode,
        product: &Product,
        sale: tanba_plugin_host::types::Sale,
    ) -> Result<Option<(String, tanba_plugin_host::types::Verdict)>, RulesError> {
        let Some(active) = self.rule_set(group) else {
            return Ok(None);
        };
        let label = active.manifest().label();
        let (code, product) = (code.clone(), product.clone());
        let verdict =
            tokio::task::spawn_blocking(move || active.check_sale(&code, &product, &sale))
                .await
                .expect("a rule-set call does not panic: traps are errors")?;
        Ok(Some((label, verdict)))
    }
}
