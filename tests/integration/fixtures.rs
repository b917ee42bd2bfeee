//! Every invalid fixture states, in its first line, the line and message it must produce:
//! `# expect: LINE RULE: MESSAGE`. Every valid fixture must load without errors.

use defuse::scenario::load::{LoadError, load_file};

use crate::fixture;

fn expectation(text: &str) -> (Option<usize>, String, String) {
    let header = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect: "))
        .expect("invalid fixture must start with `# expect: LINE RULE: MESSAGE`");
    let (line, rest) = match header.split_once(' ') {
        Some((line, rest)) if line.parse::<usize>().is_ok() => (line.parse().ok(), rest),
        _ => (None, header),
    };
    let (rule, message) = rest
        .split_once(": ")
        .unwrap_or((rest.trim_end_matches(':'), ""));
    (line, rule.to_string(), message.to_string())
}

#[test]
fn every_invalid_fixture_reports_its_message_at_its_line() {
    let dir = fixture("invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (line, rule, message) = expectation(&text);
        let error = load_file(&path).expect_err(&format!("{} should not load", path.display()));
        let diagnostics = error.diagnostics();
        let found = diagnostics.iter().any(|d| {
            d.rule == rule
                && d.message.contains(&message)
                && line.is_none_or(|l| d.line == l)
                && d.file
                    .ends_with(path.file_name().unwrap().to_str().unwrap())
        });
        assert!(
            found,
            "{}: expected line {line:?} [{rule}] {message:?}, got:\n{error}",
            path.display()
        );
        // Every error tells the trainer how to fix it.
        assert!(diagnostics.iter().all(|d| !d.help.is_empty()), "{error}");
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} invalid fixtures found");
}

#[test]
fn every_valid_fixture_loads() {
    for entry in std::fs::read_dir(fixture("valid")).unwrap() {
        let path = entry.unwrap().path();
        if let Err(error) = load_file(&path) {
            panic!("{} should load:\n{error}", path.display());
        }
    }
}

#[test]
fn oversized_files_are_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let mut text = String::from("id: huge\nsummary: |\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("  la la la la la la la la la la la la la la la la la la la la la la\n");
    }
    std::fs::write(&path, &text).unwrap();
    match load_file(&path) {
        Err(LoadError::Invalid(diagnostics)) => {
            assert_eq!(diagnostics[0].rule, "too-large");
            assert!(diagnostics[0].message.contains("at most 1048576 bytes"));
        }
        other => panic!("expected too-large, got {other:?}"),
    }
}

#[test]
fn error_text_names_file_line_column_and_field() {
    let path = fixture("invalid/unknown-target.yaml");
    let error = load_file(&path).unwrap_err().to_string();
    assert!(
        error.contains(
            "unknown-target.yaml:63:9: error[unknown-target]: node \"counter\" goes to \"fixin\""
        ),
        "{error}"
    );
    assert!(
        error.contains("field: nodes[0].transitions[0].goto"),
        "{error}"
    );
    assert!(error.contains("did you mean \"fixing\"?"), "{error}");
}
