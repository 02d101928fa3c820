//! What the CLI tests share: the `tanba` binary run against a test database, in English.

use std::path::Path;
use std::process::{Command, Output};

/// `tanba ARGS --data-dir DATA_DIR` against the database at `url`, its messages in English.
pub fn tanba(url: &str, data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tanba"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env("TANBA_LANG", "en")
        .env("TANBA_DATABASE__URL", url)
        .output()
        .expect("tanba runs")
}

/// An output stream as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
