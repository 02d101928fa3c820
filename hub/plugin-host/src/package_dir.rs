//! Packages on disk: a directory with `manifest.toml`, `component.wasm` and `signature.toml`
//! (`key_id = "..."`, `ed25519 = "<128 hex digits>"`), as publishers hand them over.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{PackageSignature, PluginError, PluginPackage};

const MANIFEST: &str = "manifest.toml";
const COMPONENT: &str = "component.wasm";
const SIGNATURE: &str = "signature.toml";

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct SignatureFile {
    key_id: String,
    ed25519: String,
}

impl PluginPackage {
    /// Reads a package directory. A missing signature is an unsigned package: refused.
    pub fn read_dir(dir: &Path) -> Result<Self, PluginError> {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| PluginError::Manifest {
                reason: format!("{}: {e}", dir.join(name).display()),
            })
        };
        let manifest = read(MANIFEST)?;
        let component = read(COMPONENT)?;
        let signature = match std::fs::read_to_string(dir.join(SIGNATURE)) {
            Ok(text) => parse_signature(&text)?,
            Err(_) => return Err(PluginError::BadSignature),
        };
        Ok(PluginPackage {
            manifest,
            component,
            signature,
        })
    }

    /// Writes `signature.toml` into a package directory (publisher tooling).
    pub fn write_signature(dir: &Path, signature: &PackageSignature) -> std::io::Result<()> {
        let file = SignatureFile {
            key_id: signature.key_id.clone(),
            ed25519: hex::encode(signature.signature),
        };
        let text = toml::to_string(&file).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(SIGNATURE), text)
    }

    /// The manifest and component files of a package directory, for signing.
    pub fn read_unsigned(dir: &Path) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
        Ok((
            std::fs::read(dir.join(MANIFEST))?,
            std::fs::read(dir.join(COMPONENT))?,
        ))
    }
}

fn parse_signature(text: &str) -> Result<PackageSignature, PluginError> {
    let file: SignatureFile = toml::from_str(text).map_err(|_| PluginError::BadSignature)?;
    PackageSignature::from_hex(file.key_id, &file.ed25519)
}

impl PackageSignature {
    /// A signature as `signature.toml` and the REST API carry it: the key id and the Ed25519
    /// signature in hex. Anything else is a bad signature.
    pub fn from_hex(key_id: String, ed25519: &str) -> Result<Self, PluginError> {
        let bytes = hex::decode(ed25519.trim()).map_err(|_| PluginError::BadSignature)?;
        let signature: [u8; 64] = bytes.try_into().map_err(|_| PluginError::BadSignature)?;
        Ok(PackageSignature { key_id, signature })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    #[test]
    fn a_signed_directory_reads_back_and_an_unsigned_one_is_refused() {
        let dir = std::env::temp_dir().join(format!("tanba-pkg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join(MANIFEST), b"id = \"x\"").expect("write");
        std::fs::write(dir.join(COMPONENT), b"\0asm").expect("write");
        assert!(matches!(
            PluginPackage::read_dir(&dir),
            Err(PluginError::BadSignature)
        ));

        let (manifest, component) = PluginPackage::read_unsigned(&dir).expect("read");
        let signature = crate::sign_package(
            &manifest,
            &component,
            &SigningKey::from_bytes(&[7; 32]),
            "k",
        );
        PluginPackage::write_signature(&dir, &signature).expect("write");
        let package = PluginPackage::read_dir(&dir).expect("signed");
        assert_eq!(package.signature, signature);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
