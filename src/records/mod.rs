//! Progress records: one self-contained JSON file per finished run.
//!
//! A record carries everything needed to read it years later without the scenario file: the
//! customer's lines, the replies, scores, evidence, anger, and a hash of the scenario file so a
//! changed scenario is told apart. Records are written atomically (temp file, fsync, rename), so
//! a crash or a full disk never leaves half a record, and unreadable or newer-format records are
//! reported and skipped, never deleted.

pub mod history;
pub mod report;
pub mod time;

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::engine::{EndingReached, ScenarioRef, Transcript, Turn};
use crate::scoring::Scores;

/// The record format this build writes. Readers skip records with a newer format.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub format: u32,
    pub trainee: String,
    pub scenario: ScenarioRef,
    pub seed: u64,
    /// `practice`, `exam`, `scripted` (played from a replies file) or `drill`.
    pub mode: String,
    /// RFC 3339 UTC timestamps.
    pub started_at: String,
    pub finished_at: String,
    pub turns: Vec<Turn>,
    pub ending: EndingReached,
    pub totals: Scores,
    pub overall: u8,
}

impl Record {
    /// A record of a finished run; `None` when the transcript has no ending (an abandoned run
    /// is never saved as finished).
    pub fn from_transcript(
        transcript: &Transcript,
        trainee: &str,
        mode: &str,
        started_at: String,
        finished_at: String,
    ) -> Option<Record> {
        Some(Record {
            format: FORMAT_VERSION,
            trainee: trainee.to_string(),
            scenario: transcript.scenario.clone(),
            seed: transcript.seed,
            mode: mode.to_string(),
            started_at,
            finished_at,
            turns: transcript.turns.clone(),
            ending: transcript.ending.clone()?,
            totals: transcript.totals,
            overall: transcript.overall,
        })
    }

    /// A file name that sorts by finish time and cannot collide between two runs.
    fn file_name(&self) -> String {
        let stamp: String = self
            .finished_at
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let trainee = file_safe(&self.trainee);
        // Two runs can finish within the same second (a quick replay, a drill): the process id,
        // the clock's nanoseconds and a counter keep their names apart.
        static SAVED: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let unique =
            std::process::id().rotate_left(16) ^ nanos ^ SAVED.fetch_add(1, Ordering::Relaxed);
        format!(
            "{stamp}-{}-{trainee}-{}-{unique:08x}.json",
            self.scenario.id, self.seed
        )
    }
}

/// A name made safe for a file name, plus a short hash of the exact name, so "Ana B", "Ana_B"
/// and "ana b" (on a case-insensitive disk) never share a file.
pub fn file_safe(name: &str) -> String {
    let readable: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .take(32)
        .collect();
    let hash = crate::scenario::load::content_hash(name.as_bytes());
    let short = hash.rsplit(':').next().unwrap_or_default();
    format!("{readable}-{}", short.get(..8).unwrap_or(short))
}

/// A record file that could not be used, with why.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{path}: {reason} (skipped; the file is left as it is)")]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Where records live: `--data-dir`, then `DEFUSE_HOME`, then the platform data directory.
pub fn data_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    if let Some(home) = std::env::var_os("DEFUSE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(home));
    }
    directories::ProjectDirs::from("", "", "defuse").map(|dirs| dirs.data_dir().to_path_buf())
}

/// The trainee's name: `--name`, then `DEFUSE_NAME`, then the login name.
pub fn trainee_name(explicit: Option<&str>) -> String {
    explicit
        .map(str::to_string)
        .or_else(|| std::env::var("DEFUSE_NAME").ok())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "trainee".to_string())
}

/// The records folder inside a data directory.
pub fn records_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("records")
}

/// Writes `record` into `dir` atomically and returns its path.
pub fn save(dir: &Path, record: &Record) -> io::Result<PathBuf> {
    let bytes = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
    let path = dir.join(record.file_name());
    write_atomically(&path, &bytes)?;
    Ok(path)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk before
/// it is renamed into place: readers see the old state or the new one, never a partial file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_with(path, |file| file.write_all(bytes))
}

/// Replaces `path` with what `write` puts in a fresh temporary file; if `write` (or anything
/// after it) fails, `path` is left exactly as it was and the temporary file is removed.
pub fn replace_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per process and per write: two threads saving the same file never share a temp file.
    static WRITES: AtomicU32 = AtomicU32::new(0);
    let temp = dir.join(format!(
        ".{file_name}.{}.{}.tmp",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = File::create(&temp)?;
        write(&mut file)?;
        file.sync_all()?;
        fs::rename(&temp, path)?;
        // Make the rename itself durable where the platform allows syncing a directory.
        if let Ok(directory) = File::open(dir) {
            let _ = directory.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Reads one record file.
pub fn read(path: &Path) -> Result<Record, Skipped> {
    let skipped = |reason: String| Skipped {
        path: path.display().to_string(),
        reason,
    };
    let text = fs::read_to_string(path).map_err(|e| skipped(format!("cannot read it: {e}")))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| skipped(format!("not a valid record: {e}")))?;
    let format = value.get("format").and_then(serde_json::Value::as_u64);
    match format {
        Some(format) if format > u64::from(FORMAT_VERSION) => {
            return Err(skipped(format!(
                "written in record format {format} by a newer defuse (this one reads format {FORMAT_VERSION}); update defuse to read it"
            )));
        }
        None => return Err(skipped("not a defuse record (no format number)".into())),
        _ => {}
    }
    serde_json::from_value(value).map_err(|e| skipped(format!("not a valid record: {e}")))
}

/// Every record under `paths` (files, or folders searched recursively for `.json` files).
pub fn load(paths: &[PathBuf]) -> (Vec<Record>, Vec<Skipped>) {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let mut pending: Vec<PathBuf> = paths.to_vec();
    // The same file reached twice ("report shared shared/ana") is read once.
    let mut seen = std::collections::HashSet::new();
    while let Some(path) = pending.pop() {
        if !seen.insert(fs::canonicalize(&path).unwrap_or_else(|_| path.clone())) {
            continue;
        }
        if path.is_dir() {
            match fs::read_dir(&path) {
                Ok(entries) => {
                    for entry in entries.flatten() {
                        let child = entry.path();
                        let hidden = child
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                        let real_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                        if real_dir || (!hidden && child.extension().is_some_and(|e| e == "json")) {
                            pending.push(child);
                        }
                    }
                }
                Err(e) => skipped.push(Skipped {
                    path: path.display().to_string(),
                    reason: format!("cannot read the folder: {e}"),
                }),
            }
        } else if path.exists() {
            match read(&path) {
                Ok(record) => records.push(record),
                Err(problem) => skipped.push(problem),
            }
        } else {
            skipped.push(Skipped {
                path: path.display().to_string(),
                reason: "no such file or folder".into(),
            });
        }
    }
    records.sort_by(|a, b| b.finished_at.cmp(&a.finished_at));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    (records, skipped)
}
