//! Importing a classifier's CSV file (R20): every row checked, then planned against the stored
//! versions; a dry run reports the plan and changes nothing, a real import writes it in one
//! transaction with its audit row (R23). Only the operator imports.

use tanba_registry::Caller;

use crate::file::read_entries;
use crate::plan::{ImportReport, plan};
use crate::read::classifier;
use crate::xml::read_xml_entries;
use crate::{Reference, ReferenceError};

/// The audit log's action for an import.
const ACTION: &str = "reference.import";

impl Reference {
    /// Imports `csv` (the contents of `file`: XML when its name ends in `.xml`, else CSV) into the classifier `classifier_id` as `caller`;
    /// with `dry_run`, only reports what would change. A refused caller is audited; a file with
    /// any wrong row changes nothing and names every wrong row.
    pub async fn import(
        &self,
        caller: &Caller,
        classifier_id: &str,
        file: &str,
        csv: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport, ReferenceError> {
        let classifier = classifier(classifier_id)?;
        let object = classifier.as_str();
        if let Err(refused) = caller
            .require_operator()
            .and_then(|()| caller.require_active())
        {
            self.db
                .audit_alone(&caller.audit(ACTION, object, "refused"))
                .await?;
            return Err(refused.into());
        }
        let entries = if is_xml(file) {
            read_xml_entries(classifier, file, csv)?
        } else {
            read_entries(classifier, file, csv)?
        };
        if dry_run {
            let stored = self.db.reference_versions(object).await?;
            return plan(classifier, file, &entries, &stored)
                .map(|p| p.report)
                .map_err(|errors| errors.into_error(file));
        }
        let mut report = self
            .db
            .import_reference(
                object,
                |stored| plan(classifier, file, &entries, stored).map(|p| (p.changes, p.report)),
                &caller.audit(ACTION, object, "ok"),
            )
            .await?
            .map_err(|errors| errors.into_error(file))?;
        report.dry_run = false;
        tracing::info!(
            classifier = object,
            added = report.added.len(),
            changed = report.changed.len(),
            closed = report.closed.len(),
            "reference data imported"
        );
        Ok(report)
    }
}

/// Whether `file` is named as an XML file.
fn is_xml(file: &str) -> bool {
    std::path::Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}
