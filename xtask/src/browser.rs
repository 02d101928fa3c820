//! What the browser tests need (issue 8): Debian's Chromium, node with npm, and the locked
//! playwright-core in `web-tests/` (`npm ci`; `npx playwright install` cannot download here).

use std::path::Path;

use anyhow::Result;

use crate::run;

/// Installs Chromium and node when missing, then the web tests' locked packages.
pub fn ensure_browser(root: &Path) -> Result<()> {
    if !Path::new("/usr/bin/chromium").exists() {
        crate::apt::install(&["chromium"], "Chromium (/usr/bin/chromium) is")?;
    }
    if !on_path("node") || !on_path("npm") {
        crate::apt::install(&["nodejs", "npm"], "node and npm are")?;
    }
    let tests = root.join("web-tests");
    let tests = tests.to_string_lossy();
    run(
        "npm",
        &["ci", "--prefix", &tests, "--no-audit", "--no-fund"],
    )
}

fn on_path(program: &str) -> bool {
    std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .any(|dir| Path::new(dir).join(program).is_file())
}
