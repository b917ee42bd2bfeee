//! The one integration-test binary: each module covers one capability, against fixture files.

mod cli;
mod drill;
mod engine;
mod fixtures;
mod lint;
mod records;
mod robustness;
mod scoring;
mod seeds;
mod tui;

/// Path of a file under `tests/fixtures`.
pub fn fixture(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}
