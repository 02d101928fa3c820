# The rule-set registry: deployments, activations, rollbacks.
rules-version-exists = { $plugin } version { $version } is already deployed with a different component or manifest. Versions never change: raise the version number and deploy again.
rules-unknown-package = There is no deployed package { $plugin } version { $version }. Deploy it first, or check the id and version with tanba plugin list.
rules-not-for-group = { $plugin } version { $version } does not serve the product group { $group }. Activate it for a group its manifest names.
rules-nothing-to-roll-back = The product group { $group } has no earlier rule set to return to. Activate a specific version instead.
rules-bad-publisher-key = Publisher key { $key } is not a valid Ed25519 public key (32 bytes). Register the key again from its publisher.
rules-component-encoding = The component is not valid base64. Send the component.wasm file's bytes in standard base64.
rules-manifest-encoding = The manifest is not UTF-8 text. Send manifest.toml exactly as it was signed.
rules-wrong-kind = { $plugin } version { $version } is not a { $expected } package (see kind in its manifest). Deploy rule sets at /api/v1/rule-sets/packages and adapters at /api/v1/adapters/packages.
rules-wsdl-mismatch = The WSDL sent with { $plugin } version { $version } is not the one its signed manifest names by wsdl_sha256 (or one of the two is missing). Send the package's service.wsdl exactly as signed.
