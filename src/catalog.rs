//! Finding scenarios: the ones compiled into the binary, `./scenarios`, and folders named with
//! `--dir`. A file whose id matches a built-in replaces it, so a trainer editing a copy of a
//! built-in scenario plays their version.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::scenario::load::{LoadError, LoadedScenario, Origin, load_file, load_str};

/// The scenarios shipped inside the binary, so `defuse` works from any folder.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "flight-delay.yaml",
        include_str!("../scenarios/flight-delay.yaml"),
    ),
    (
        "hotel-key.yaml",
        include_str!("../scenarios/hotel-key.yaml"),
    ),
    (
        "reimbursement-dispute.yaml",
        include_str!("../scenarios/reimbursement-dispute.yaml"),
    ),
];

/// All `.yaml`/`.yml` files under `path` (or `path` itself when it is a file), sorted.
pub fn scenario_files(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            // Folders are entered only when they are real folders: a symlink loop cannot hang
            // the search.
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The scenarios found, and the files that could not be loaded.
#[derive(Debug, Default)]
pub struct Catalog {
    pub scenarios: Vec<LoadedScenario>,
    pub problems: Vec<LoadError>,
}

#[derive(Debug, Error)]
pub enum FindError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(
        "no scenario has the id \"{id}\" (known: {known}); give a scenario id or a path to a .yaml file"
    )]
    Unknown { id: String, known: String },
}

impl Catalog {
    /// Loads the built-in scenarios, then every scenario file in `dirs` (missing dirs are skipped).
    pub fn discover(dirs: &[PathBuf]) -> Catalog {
        let mut catalog = Catalog::default();
        for (name, text) in BUILTIN {
            match load_str(&format!("(built-in) {name}"), text, Origin::Builtin) {
                Ok(loaded) => catalog.scenarios.push(loaded),
                Err(error) => catalog.problems.push(error),
            }
        }
        for (index, dir) in dirs.iter().enumerate() {
            if !dir.exists() {
                // ./scenarios is optional; a folder named with --dir is not.
                if index > 0 {
                    catalog.problems.push(LoadError::Io {
                        path: dir.display().to_string(),
                        source: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            "no such folder (given with --dir)",
                        ),
                    });
                }
                continue;
            }
            let files = match scenario_files(dir) {
                Ok(files) => files,
                Err(source) => {
                    catalog.problems.push(LoadError::Io {
                        path: dir.display().to_string(),
                        source,
                    });
                    continue;
                }
            };
            for file in files {
                match load_file(&file) {
                    Ok(loaded) => catalog.add(loaded),
                    Err(error) => catalog.problems.push(error),
                }
            }
        }
        catalog
    }

    fn add(&mut self, loaded: LoadedScenario) {
        match self
            .scenarios
            .iter_mut()
            .find(|s| s.scenario.id == loaded.scenario.id)
        {
            Some(existing) => *existing = loaded,
            None => self.scenarios.push(loaded),
        }
    }

    pub fn find(&self, id: &str) -> Option<&LoadedScenario> {
        self.scenarios.iter().find(|s| s.scenario.id == id)
    }

    /// Takes the scenario with `id` out of the catalog.
    pub fn take(mut self, id: &str) -> Result<LoadedScenario, FindError> {
        match self.scenarios.iter().position(|s| s.scenario.id == id) {
            Some(index) => Ok(self.scenarios.swap_remove(index)),
            None => Err(FindError::Unknown {
                id: id.to_string(),
                known: self
                    .scenarios
                    .iter()
                    .map(|s| s.scenario.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }
}

/// The folders searched besides the built-ins: `./scenarios`, then any `--dir`.
pub fn search_dirs(extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("scenarios")];
    dirs.extend(extra.iter().cloned());
    dirs
}

/// Resolves what a trainee typed: a path to a scenario file, or a scenario id.
pub fn resolve(reference: &str, dirs: &[PathBuf]) -> Result<LoadedScenario, FindError> {
    let path = Path::new(reference);
    let looks_like_path = path.exists()
        || path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        || reference.contains(std::path::MAIN_SEPARATOR);
    if looks_like_path {
        return Ok(load_file(path)?);
    }
    Catalog::discover(dirs).take(reference)
}
