//! Plugin packages: a component, its manifest, and a publisher's Ed25519 signature over both.
//!
//! The signed message is `tanba-plugin-package-v1\0 || SHA-256(component) || SHA-256(manifest)`:
//! the issue asks for a signature over the component's hash; binding the manifest too means
//! nobody can widen a plugin's product groups or limits without the publisher.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::{Manifest, PluginError, PluginKind};

const DOMAIN: &[u8] = b"tanba-plugin-package-v1\0";

/// The scope a publisher key needs, among its "groups", to sign adapters (issue 7). Adapters
/// serve no product group: they speak for the hub to government systems, so only the
/// operator's own key carries this scope (`tanba publisher add operator ... --groups @adapters`).
/// It cannot clash with a product group, whose id has no `@`.
pub const ADAPTER_SCOPE: &str = "@adapters";

/// A package as uploaded: the bytes of `manifest.toml` and of the component, and the signature.
#[derive(Debug, Clone)]
pub struct PluginPackage {
    /// `manifest.toml`, exactly as signed.
    pub manifest: Vec<u8>,
    /// The component binary.
    pub component: Vec<u8>,
    /// The publisher's signature.
    pub signature: PackageSignature,
}

/// Who signed, and the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageSignature {
    /// The publisher key's id, as registered.
    pub key_id: String,
    /// Ed25519 signature of the package's signed message.
    pub signature: [u8; 64],
}

/// A registered publisher key and the product groups it may publish rules for (a sector
/// regulator's key covers its own groups only), or [`ADAPTER_SCOPE`] for adapters.
#[derive(Debug, Clone)]
pub struct Publisher {
    /// Its id.
    pub key_id: String,
    /// The Ed25519 public key.
    pub key: VerifyingKey,
    /// Groups it may sign for.
    pub product_groups: Vec<String>,
}

impl Publisher {
    /// A publisher from its stored form; none when the key is not a valid Ed25519 public key.
    pub fn from_stored(
        key_id: String,
        public_key: &[u8],
        product_groups: Vec<String>,
    ) -> Option<Self> {
        let bytes: [u8; 32] = public_key.try_into().ok()?;
        Some(Publisher {
            key_id,
            key: VerifyingKey::from_bytes(&bytes).ok()?,
            product_groups,
        })
    }
}

/// Signs a package (publisher tooling and tests; the hub only verifies).
pub fn sign_package(
    manifest: &[u8],
    component: &[u8],
    key: &SigningKey,
    key_id: &str,
) -> PackageSignature {
    PackageSignature {
        key_id: key_id.to_owned(),
        signature: key.sign(&signed_message(manifest, component)).to_bytes(),
    }
}

fn signed_message(manifest: &[u8], component: &[u8]) -> Vec<u8> {
    let mut message = DOMAIN.to_vec();
    message.extend_from_slice(&Sha256::digest(component));
    message.extend_from_slice(&Sha256::digest(manifest));
    message
}

impl PluginPackage {
    /// The component's SHA-256, which names it in storage and in the compiled-code cache.
    pub fn component_sha256(&self) -> [u8; 32] {
        Sha256::digest(&self.component).into()
    }

    /// Checks size, signature, manifest and the publisher's right to every product group the
    /// manifest names, in that order: nothing unsigned is parsed, nothing is compiled here.
    pub fn verify(
        &self,
        publishers: &[Publisher],
        max_component_bytes: usize,
    ) -> Result<Manifest, PluginError> {
        if self.component.len() > max_component_bytes {
            return Err(PluginError::TooLarge {
                size: self.component.len(),
                limit: max_component_bytes,
            });
        }
        let key_id = &self.signature.key_id;
        let publisher = publishers
            .iter()
            .find(|p| &p.key_id == key_id)
            .ok_or_else(|| PluginError::UnknownPublisher {
                key_id: key_id.clone(),
            })?;
        let signature = Signature::from_bytes(&self.signature.signature);
        publisher
            .key
            .verify_strict(&signed_message(&self.manifest, &self.component), &signature)
            .map_err(|_| PluginError::BadSignature)?;
        // Only signed bytes are parsed.
        let text = std::str::from_utf8(&self.manifest).map_err(|_| PluginError::Manifest {
            reason: "manifest.toml is not UTF-8".into(),
        })?;
        let manifest = Manifest::parse(text)?;
        let scopes = match manifest.kind {
            PluginKind::RuleSet => manifest.product_groups.clone(),
            PluginKind::Adapter => vec![ADAPTER_SCOPE.to_owned()],
        };
        if let Some(group) = scopes
            .iter()
            .find(|g| !publisher.product_groups.contains(g))
        {
            return Err(PluginError::PublisherNotAllowed {
                key_id: key_id.clone(),
                group: group.clone(),
            });
        }
        Ok(manifest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "id = \"tobacco\"\nkind = \"rule-set\"\nversion = \"1.0.0\"\n\
        product_groups = [\"tobacco\"]\nwit = \"tanba:rules@1.0.0\"\n";

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn publisher(seed: u8, groups: &[&str]) -> Publisher {
        Publisher {
            key_id: format!("key-{seed}"),
            key: key(seed).verifying_key(),
            product_groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }

    fn package(seed: u8) -> PluginPackage {
        let component = b"\0asm component bytes".to_vec();
        let signature = sign_package(
            MANIFEST.as_bytes(),
            &component,
            &key(seed),
            &format!("key-{seed}"),
        );
        PluginPackage {
            manifest: MANIFEST.as_bytes().to_vec(),
            component,
            signature,
        }
    }

    #[test]
    fn a_package_signed_by_the_groups_publisher_verifies() {
        let manifest = package(1)
            .verify(&[publisher(1, &["tobacco"])], 1 << 20)
            .expect("valid");
        assert_eq!(manifest.id, "tobacco");
    }

    #[test]
    fn tampering_with_component_or_manifest_breaks_the_signature() {
        let publishers = [publisher(1, &["tobacco"])];
        let mut changed = package(1);
        changed.component.push(0);
        assert!(matches!(
            changed.verify(&publishers, 1 << 20),
            Err(PluginError::BadSignature)
        ));
        let mut widened = package(1);
        widened.manifest = MANIFEST
            .replace("version = \"1.0.0\"", "version = \"1.0.1\"")
            .into_bytes();
        assert!(matches!(
            widened.verify(&publishers, 1 << 20),
            Err(PluginError::BadSignature)
        ));
    }

    #[test]
    fn the_wrong_key_an_unknown_key_and_another_groups_key_are_refused() {
        let mut forged = package(2);
        forged.signature.key_id = "key-1".into();
        let publishers = [publisher(1, &["tobacco"]), publisher(3, &["pharma"])];
        assert!(matches!(
            forged.verify(&publishers, 1 << 20),
            Err(PluginError::BadSignature)
        ));
        assert!(matches!(
            package(2).verify(&publishers, 1 << 20),
            Err(PluginError::UnknownPublisher { .. })
        ));
        let pharma_only = [publisher(1, &["pharma"])];
        assert!(matches!(
            package(1).verify(&pharma_only, 1 << 20),
            Err(PluginError::PublisherNotAllowed { ref group, .. }) if group == "tobacco"
        ));
    }

    #[test]
    fn only_a_key_with_the_adapter_scope_signs_an_adapter() {
        let manifest = b"id = \"shep\"\nkind = \"adapter\"\nversion = \"0.1.0\"\n\
            wit = \"tanba:adapter@1.1.0\"\n";
        let component = b"\0asm adapter".to_vec();
        let adapter = PluginPackage {
            manifest: manifest.to_vec(),
            signature: sign_package(manifest, &component, &key(1), "key-1"),
            component,
        };
        let regulator = [publisher(1, &["tobacco"])];
        assert!(matches!(
            adapter.verify(&regulator, 1 << 20),
            Err(PluginError::PublisherNotAllowed { ref group, .. }) if group == ADAPTER_SCOPE
        ));
        let operator = [publisher(1, &[ADAPTER_SCOPE])];
        let verified = adapter.verify(&operator, 1 << 20).expect("operator's key");
        assert_eq!(verified.kind, PluginKind::Adapter);
    }

    #[test]
    fn an_oversized_component_is_refused_before_anything_else() {
        let err = package(1).verify(&[], 4).expect_err("too big");
        assert!(matches!(err, PluginError::TooLarge { limit: 4, .. }));
    }
}
