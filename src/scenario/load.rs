//! Reading a scenario file: size and alias limits, YAML parsing with located errors, then the
//! full set of checks. A scenario that loads has no errors, only (possibly) warnings.

use std::path::{Path, PathBuf};

use thiserror::Error;

use super::diagnostic::{Diagnostic, Severity, render};
use super::lint;
use super::model::Scenario;
use super::source::SourceIndex;
use crate::intents::IntentMatcher;

/// Larger files are refused: no real scenario comes close, and parsing one must never stall.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Where a scenario came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary.
    Builtin,
    File(PathBuf),
    /// Sent by the drill host at this address.
    Drill(String),
}

/// A scenario that passed every check, ready to play.
#[derive(Debug)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub origin: Origin,
    /// Hash of the file's bytes, so records can tell a changed scenario apart.
    pub content_hash: String,
    pub warnings: Vec<Diagnostic>,
    pub intents: IntentMatcher,
    /// The file's text, as loaded (a drill host sends it to participants).
    pub source: String,
}

#[derive(Debug, Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", render(.0))]
    Invalid(Vec<Diagnostic>),
}

impl LoadError {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Invalid(diagnostics) => diagnostics,
            LoadError::Io { .. } => &[],
        }
    }
}

/// Everything known about one file: its parsed scenario (if it parsed) and all diagnostics.
pub struct Checked {
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
    pub intents: Option<IntentMatcher>,
}

/// Reads and checks a scenario file, refusing files over [`MAX_FILE_BYTES`] before reading them.
pub fn read_file(path: &Path) -> Result<String, LoadError> {
    let display = path.display().to_string();
    let io_error = |source| LoadError::Io {
        path: display.clone(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::Invalid(vec![too_large(&display, size)]));
    }
    let bytes = std::fs::read(path).map_err(io_error)?;
    String::from_utf8(bytes).map_err(|error| {
        LoadError::Invalid(vec![Diagnostic {
            severity: Severity::Error,
            rule: "encoding",
            file: display.clone(),
            line: 1,
            column: 1,
            field: String::new(),
            message: format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
            help: "save the file as UTF-8".into(),
        }])
    })
}

fn too_large(file: &str, size: u64) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        rule: "too-large",
        file: file.to_string(),
        line: 1,
        column: 1,
        field: String::new(),
        message: format!(
            "the file is {size} bytes; scenario files may be at most {MAX_FILE_BYTES} bytes (1 MiB)"
        ),
        help: "split the conversation into several scenarios, or remove pasted content".into(),
    }
}

pub fn load_file(path: &Path) -> Result<LoadedScenario, LoadError> {
    let text = read_file(path)?;
    load_str(
        &path.display().to_string(),
        &text,
        Origin::File(path.to_path_buf()),
    )
}

/// Parses and checks `text`; `file` names it in diagnostics.
pub fn load_str(file: &str, text: &str, origin: Origin) -> Result<LoadedScenario, LoadError> {
    let checked = check_str(file, text);
    let (errors, warnings): (Vec<_>, Vec<_>) =
        checked.diagnostics.into_iter().partition(|d| d.is_error());
    match (checked.scenario, checked.intents) {
        (Some(scenario), Some(intents)) if errors.is_empty() => Ok(LoadedScenario {
            scenario,
            origin,
            content_hash: content_hash(text.as_bytes()),
            warnings,
            intents,
            source: text.to_string(),
        }),
        _ => Err(LoadError::Invalid(errors)),
    }
}

/// Parses `text` and runs every check, returning all diagnostics (errors and warnings).
pub fn check_str(file: &str, text: &str) -> Checked {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Checked {
            scenario: None,
            diagnostics: vec![too_large(file, text.len() as u64)],
            intents: None,
        };
    }
    // A first pass into a plain YAML value expands every alias, so an alias bomb is caught with a
    // clear error even where the typed pass would stop early on a type mismatch.
    if let Err(error) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        return Checked {
            scenario: None,
            diagnostics: vec![parse_diagnostic(file, &error)],
            intents: None,
        };
    }
    match serde_yaml::from_str::<Scenario>(text) {
        Ok(scenario) => {
            let index = SourceIndex::new(text);
            let (diagnostics, intents) = lint::check(file, &scenario, &index);
            Checked {
                scenario: Some(scenario),
                diagnostics,
                intents,
            }
        }
        Err(error) => Checked {
            scenario: None,
            diagnostics: vec![parse_diagnostic(file, &error)],
            intents: None,
        },
    }
}

/// Turns a YAML or schema error into a located diagnostic with advice.
fn parse_diagnostic(file: &str, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error
        .location()
        .map_or((1, 1), |location| (location.line(), location.column()));
    let full = error.to_string();
    // The message reads "<path>: <what> at line L column C"; split off the path and positions.
    let without_position = strip_positions(&full);
    let (field, message) = match without_position.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path.trim_start_matches('.'), rest),
        _ => ("", without_position.as_str()),
    };
    let message = message
        .replace("expected u32", "expected a whole number")
        .replace("expected u8", "expected a whole number from 0 to 100");
    let (rule, message, help) =
        if message.contains("repetition limit") || message.contains("recursion limit") {
            (
                "alias-bomb",
                "the file expands YAML aliases (*name) or nests far too deeply to be a scenario"
                    .to_string(),
                "write the content out instead of nesting aliases".to_string(),
            )
        } else if message.starts_with("unknown field") {
            let help = unknown_field_help(&message);
            ("unknown-field", message, help)
        } else if message.starts_with("missing field") {
            (
                "missing-field",
                message,
                "add the field; docs/scenario-format.md shows a complete example".to_string(),
            )
        } else if field.is_empty() {
            (
                "yaml",
                message,
                "fix the YAML syntax here: check indentation, a missing colon, or an unclosed quote"
                    .to_string(),
            )
        } else {
            (
                "wrong-value",
                message,
                "use one of the values the message lists, or the expected type".to_string(),
            )
        };
    Diagnostic {
        severity: Severity::Error,
        rule,
        file: file.to_string(),
        line,
        column,
        field: field.to_string(),
        message,
        help,
    }
}

/// Removes the parser's " at line L column C" notes; the diagnostic carries the position itself.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let skip = after
            .find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
            .unwrap_or(after.len());
        rest = &after[skip..];
    }
    out.push_str(rest);
    out
}

/// For "unknown field `tranistions`, expected one of `a`, `b`": suggest the closest known field.
fn unknown_field_help(message: &str) -> String {
    let names: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let (Some(unknown), Some(known)) = (names.first(), names.get(1..)) else {
        return "check the spelling of the key; docs/scenario-format.md lists every field".into();
    };
    match known
        .iter()
        .map(|k| (super::lint::edit_distance(unknown, k), *k))
        .filter(|(distance, _)| *distance <= 3)
        .min()
    {
        Some((_, closest)) => format!("did you mean `{closest}`?"),
        None => {
            "remove it, or check docs/scenario-format.md for the fields this place accepts".into()
        }
    }
}

/// A stable 64-bit FNV-1a hash, written out in hex. Stability across builds matters more here
/// than cryptographic strength: records compare it to tell scenario versions apart.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}
