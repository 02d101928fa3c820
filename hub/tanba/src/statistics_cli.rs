//! `tanba statistics rebuild`: the operator's console for the owners' statistics (issue 9;
//! R14). Recomputes the aggregate tables from the registry in one transaction; safe while the
//! hub runs and safe to repeat ([`tanba_store::Database::rebuild_statistics`] says why).

use clap::Subcommand;
use tanba::{Config, HubError, open_database};
use tanba_domain::Msg;

use crate::console::Console;

/// The owners' statistics.
#[derive(Debug, Subcommand)]
pub enum StatisticsAction {
    /// Recompute stock and flows (stat_stock, stat_flows, stat_flows_group) from the units,
    /// their history and the emission orders, replacing what the tables hold: for a database
    /// with units from before the statistics existed, or after a doubt. Reads the whole
    /// registry; writers of units wait for it at their statistics step.
    Rebuild,
}

/// Runs `tanba statistics ...`.
pub async fn statistics(
    action: StatisticsAction,
    config: &Config,
    path_var: Option<String>,
    console: &Console,
) -> Result<(), HubError> {
    let StatisticsAction::Rebuild = action;
    let opened = open_database(config, path_var).await?;
    opened.db.migrate().await?;
    let rebuilt = opened.db.rebuild_statistics().await?;
    console.say(
        &Msg::new("cli-statistics-rebuilt")
            .with("stock", rebuilt.stock)
            .with("flows", rebuilt.flows)
            .with("groups", rebuilt.group_flows),
    );
    Ok(())
}
