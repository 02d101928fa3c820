//! Compiled guest components, as `cargo xtask plugins` leaves them in
//! `<target>/tanba-plugins/<package>.wasm`.

use std::path::PathBuf;

/// The component of guest package `package` (e.g. `tanba-rules-tobacco`).
pub fn guest_component(package: &str) -> Vec<u8> {
    let path = plugins_dir().join(format!("{package}.wasm"));
    std::fs::read(&path).unwrap_or_else(|err| {
        panic!(
            "{}: {err}. Build the guests first: `cargo xtask plugins` (`cargo xtask test` does it).",
            path.display()
        )
    })
}

/// `<target>/tanba-plugins`, found from the running test binary (`<target>/debug/deps/..`).
pub fn plugins_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .map(|dir| dir.join("tanba-plugins"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "no tanba-plugins directory above {}. Run `cargo xtask plugins` first.",
                exe.display()
            )
        })
}
