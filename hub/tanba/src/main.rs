//! `tanba`: the marking and traceability hub's command line.

mod cli;
mod console;
mod plugin_cli;
mod reference_cli;
mod registry_cli;
mod statistics_cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let console = console::Console::from_env();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("tanba: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli, &console)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            console.error(&err.msg());
            ExitCode::from(if err.is_config() { 2 } else { 1 })
        }
    }
}
