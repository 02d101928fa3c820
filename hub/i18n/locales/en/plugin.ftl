# The plugin host: packages refused and calls that failed.
plugin-engine = The WebAssembly engine cannot start: { $reason }. Check the host's memory limits (ulimit -v) and restart the hub.
plugin-manifest = The plugin manifest is invalid: { $reason }. Correct manifest.toml, sign the package again and upload it.
plugin-signature = The plugin package's signature does not match its component and manifest. Sign the exact files you upload with your registered publisher key.
plugin-unknown-publisher = The package is signed with key { $key }, which is not registered. Ask the operator to register your publisher key, or sign with a registered one.
plugin-publisher-not-allowed = Publisher key { $key } may not publish rules for the product group { $group }. Only that group's regulator can; remove the group from the manifest or ask its regulator.
plugin-too-large = The component has { $size } bytes, more than the limit of { $limit }. Build it with the plugin profile (optimised for size) or split the rules.
plugin-not-a-component = The file is not a valid WebAssembly component ({ $reason }). Build it with cargo xtask plugins, which wraps the module into a component.
plugin-imports = The component imports { $imports }. A rule set may import nothing: remove the use of files, the clock, randomness or WASI, and take what you need from the arguments.
plugin-wrong-world = The component does not implement { $world } ({ $reason }). Build it against the WIT files of that version.
plugin-describe-mismatch = The plugin describes itself as { $described } but its manifest says { $manifest }. Make describe() and manifest.toml agree.
plugin-timeout = The rule set { $plugin } did not answer within { $millis } ms, so the operation was refused. Retry; if it persists, tell the product group's regulator.
plugin-out-of-memory = The rule set { $plugin } needed more than its { $mib } MiB of memory, so the operation was refused. Tell the product group's regulator.
plugin-trap = The rule set { $plugin } failed ({ $reason }), so the operation was refused. Tell the product group's regulator.
plugin-bad-output = The rule set { $plugin } gave an answer the hub cannot use ({ $reason }), so the operation was refused. Tell the product group's regulator.
