//! Finding PostgreSQL's server programs.

use std::path::{Path, PathBuf};

use crate::LocalPgError;

/// The directory holding `initdb` and `postgres`.
#[derive(Debug, Clone)]
pub struct Binaries {
    dir: PathBuf,
}

const DEBIAN_ROOT: &str = "/usr/lib/postgresql";

impl Binaries {
    /// The server programs in `explicit` if given, else the first directory on `path_var` (the
    /// value of `PATH`) holding `initdb`, else the newest `/usr/lib/postgresql/<version>/bin`.
    pub fn locate(explicit: Option<&Path>, path_var: Option<&str>) -> Result<Self, LocalPgError> {
        let mut searched = Vec::new();
        let candidates: Vec<PathBuf> = match explicit {
            Some(dir) => vec![dir.to_owned()],
            None => path_var
                .into_iter()
                .flat_map(|p| p.split(':'))
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
                .chain(debian_versions())
                .collect(),
        };
        for dir in candidates {
            if dir.join("initdb").is_file() && dir.join("postgres").is_file() {
                return Ok(Binaries { dir });
            }
            searched.push(dir.display().to_string());
        }
        if explicit.is_none() {
            searched.push(format!("{DEBIAN_ROOT}/*/bin"));
        }
        Err(LocalPgError::BinariesNotFound {
            searched: searched.join(", "),
        })
    }

    /// The path of one of the programs (`initdb`, `postgres`).
    pub fn program(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The directory itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// `/usr/lib/postgresql/<n>/bin`, newest version first.
fn debian_versions() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(DEBIAN_ROOT) else {
        return Vec::new();
    };
    let mut versions: Vec<(u32, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .collect();
    versions.sort_by_key(|(version, _)| std::cmp::Reverse(*version));
    versions.into_iter().map(|(_, dir)| dir).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_without_the_programs_is_refused_and_named() {
        let empty = tempfile::tempdir().expect("temp dir");
        let err = Binaries::locate(Some(empty.path()), None).expect_err("no programs there");
        let LocalPgError::BinariesNotFound { searched } = err else {
            panic!("wrong error {err:?}");
        };
        assert_eq!(searched, empty.path().display().to_string());
    }

    #[test]
    fn path_entries_are_searched_in_order() {
        let first = tempfile::tempdir().expect("temp dir");
        let second = tempfile::tempdir().expect("temp dir");
        for name in ["initdb", "postgres"] {
            std::fs::write(second.path().join(name), "").expect("write");
        }
        let path = format!("{}::{}", first.path().display(), second.path().display());
        let found = Binaries::locate(None, Some(&path)).expect("found in the second entry");
        assert_eq!(found.dir(), second.path());
    }
}
