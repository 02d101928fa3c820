//! Who the cluster runs as: the caller, or an unprivileged user when the caller is root.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use nix::unistd::{Gid, Uid, User, chown};

use crate::LocalPgError;

/// The owner of a cluster's files and processes.
#[derive(Debug, Clone)]
pub(crate) struct Owner {
    /// `Some` when the server must switch to another user (we are root).
    pub(crate) switch_to: Option<(Uid, Gid)>,
    pub(crate) name: String,
}

impl Owner {
    /// The caller itself, or `run_as` when the caller is root.
    pub(crate) fn resolve(run_as: &str) -> Result<Self, LocalPgError> {
        if !Uid::effective().is_root() {
            let name = User::from_uid(Uid::effective())
                .ok()
                .flatten()
                .map_or_else(|| Uid::effective().to_string(), |u| u.name);
            return Ok(Owner {
                switch_to: None,
                name,
            });
        }
        let no_user = || LocalPgError::NoUnprivilegedUser {
            user: run_as.to_owned(),
        };
        let user = User::from_name(run_as).ok().flatten().ok_or_else(no_user)?;
        if user.uid.is_root() {
            return Err(no_user());
        }
        Ok(Owner {
            switch_to: Some((user.uid, user.gid)),
            name: user.name,
        })
    }

    /// Creates `dir` (and parents) if missing, private to the owner (mode 0700).
    pub(crate) fn make_private_dir(&self, dir: &Path) -> Result<(), LocalPgError> {
        let io = |action, source| LocalPgError::Io {
            action,
            path: dir.to_owned(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| io("create", e))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| io("set permissions of", e))?;
        if let Some((uid, gid)) = self.switch_to {
            chown(dir, Some(uid), Some(gid)).map_err(|e| io("change the owner of", e.into()))?;
        }
        Ok(())
    }

    /// Checks that the owner can walk down to `dir` from `/`, so initdb fails with our message
    /// rather than a bare "permission denied".
    pub(crate) fn check_reachable(&self, dir: &Path) -> Result<(), LocalPgError> {
        let Some((uid, gid)) = self.switch_to else {
            return Ok(());
        };
        for parent in dir.ancestors().skip(1) {
            let Ok(meta) = parent.metadata() else {
                continue;
            };
            let mode = meta.mode();
            let can_enter = if meta.uid() == uid.as_raw() {
                mode & 0o100 != 0
            } else if meta.gid() == gid.as_raw() {
                mode & 0o010 != 0
            } else {
                mode & 0o001 != 0
            };
            if !can_enter {
                return Err(LocalPgError::NotTraversable {
                    path: parent.to_owned(),
                    user: self.name.clone(),
                });
            }
        }
        Ok(())
    }
}
