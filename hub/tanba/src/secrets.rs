//! The emission master secret on disk (R1, R2): read from `[registry] master_key_file`, or in
//! zero-config mode from `<data_dir>/secrets/emission.key`, made on first start from the
//! operating system's CSPRNG with mode 0600. Its bytes are never logged.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use tanba_domain::emission::MasterSecret;

use crate::{Config, HubError};

/// Loads the configured master secret, or makes the zero-config one if it does not exist yet.
pub fn master_secret(config: &Config) -> Result<MasterSecret, HubError> {
    let (path, may_create) = match &config.registry.master_key_file {
        Some(path) => (path.clone(), false),
        None => (config.data_dir.join("secrets").join("emission.key"), true),
    };
    let fail = |reason: String| HubError::MasterSecret {
        path: path.clone(),
        reason,
    };
    if may_create && !path.exists() {
        create(&path).map_err(|e| fail(e.to_string()))?;
        tracing::info!(path = %path.display(), "made a new emission master secret");
    }
    let mode = fs::metadata(&path)
        .map_err(|e| fail(e.to_string()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(fail(format!(
            "its mode is {:o}; others may read it (chmod 600)",
            mode & 0o777
        )));
    }
    let bytes = fs::read(&path).map_err(|e| fail(e.to_string()))?;
    MasterSecret::new(bytes).map_err(|e| fail(e.to_string()))
}

fn create(path: &Path) -> std::io::Result<()> {
    let dir: PathBuf = path.parent().map(Path::to_path_buf).unwrap_or_default();
    fs::create_dir_all(&dir)?;
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))?;
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(std::io::Error::other)?;
    // Written whole under a private name, then linked into place: two hubs starting at once
    // on one data directory never read a half-written secret, and the first one's stays.
    let mut nonce = [0u8; 8];
    getrandom::fill(&mut nonce).map_err(std::io::Error::other)?;
    let partial = dir.join(format!(".emission.key.{}", u64::from_le_bytes(nonce)));
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&partial)?;
    file.write_all(&secret)?;
    file.sync_all()?;
    let linked = fs::hard_link(&partial, path);
    fs::remove_file(&partial)?;
    match linked {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}
