//! `tanba reference import <classifier> <file.csv|file.xml> [--dry-run]`: the operator's console for
//! reference data (R20). Like `registry import`, it talks to the database directly, as the
//! operator; a wrong file is refused whole, every wrong row named on standard error.

use std::path::PathBuf;

use clap::Subcommand;
use tanba::{Config, HubError, open_database};
use tanba_domain::Msg;
use tanba_reference::{ImportReport, Reference, ReferenceError, VersionChange};
use tanba_registry::Caller;

use crate::console::Console;

/// Reference data.
#[derive(Debug, Subcommand)]
pub enum ReferenceAction {
    /// Import a classifier's CSV file (columns code, parent, valid_from, valid_to, name_kk,
    /// name_ru, name_en, then attributes; see deploy/demo/reference/), or an XML file (named
    /// `.xml`: `<classifier id=".."><entry code=".." valid_from=".."><name lang="kk">..`). Each row is a version of
    /// an entry; a stored version still in force when a newer one starts ends that day. The
    /// whole file applies in one transaction, or nothing does.
    Import {
        /// The classifier: product-group, tn-ved, country, unit, kato, document-kind,
        /// introduction-route, write-off-reason, withdrawal-reason, code-status.
        classifier: String,
        /// The CSV or XML file.
        file: PathBuf,
        /// Only show what would change.
        #[arg(long)]
        dry_run: bool,
    },
}

/// Runs `tanba reference ...`.
pub async fn reference(
    action: ReferenceAction,
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let ReferenceAction::Import {
        classifier,
        file,
        dry_run,
    } = action;
    let bytes = std::fs::read(&file).map_err(|e| HubError::File {
        path: file.clone(),
        reason: e.to_string(),
    })?;
    let opened = open_database(config, path_var).await?;
    opened.db.migrate().await?;
    let name = file.display().to_string();
    let report = Reference::new(opened.db.clone())
        .import(&Caller::console(), &classifier, &name, &bytes, dry_run)
        .await
        .inspect_err(|e| print_rows(e, console))?;
    print_report(&report, console);
    Ok(())
}

/// Every wrong row, one a line, before the summary the caller prints.
fn print_rows(error: &ReferenceError, console: &Console) {
    for row in error.rows() {
        console.error(&row.msg);
    }
}

fn print_report(report: &ImportReport, console: &Console) {
    for (mark, list) in [
        ('+', &report.added),
        ('~', &report.changed),
        ('-', &report.closed),
    ] {
        for change in list {
            console.line(&change_line(mark, change));
        }
    }
    let id = if report.dry_run {
        Msg::new("cli-reference-dry-run")
    } else {
        Msg::new("cli-reference-imported")
    };
    console.say(
        &id.with("classifier", &report.classifier)
            .with("added", report.added.len())
            .with("changed", report.changed.len())
            .with("closed", report.closed.len())
            .with("unchanged", report.unchanged),
    );
}

/// `+ 6403 2027-01-01..` / `- 64 2017-01-01..2027-01-01` / `~ 64 2017-01-01.. names`.
fn change_line(mark: char, change: &VersionChange) -> String {
    let mut line = format!(
        "{mark} {} {}..{}",
        change.code,
        change.valid_from,
        change.valid_to.as_deref().unwrap_or_default()
    );
    if !change.fields.is_empty() {
        line.push(' ');
        line.push_str(&change.fields.join(","));
    }
    line
}
