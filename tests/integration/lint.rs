//! Lint rules that warn (the scenario plays, but something is likely a mistake), and the
//! `defuse lint` command's output and exit codes.

use assert_cmd::Command;
use defuse::scenario::diagnostic::{Diagnostic, Severity};
use defuse::scenario::load::check_str;
use predicates::str::contains;

use crate::fixture;

fn base() -> String {
    std::fs::read_to_string(fixture("valid/wrong-order.yaml")).unwrap()
}

/// Lints the valid fixture after replacing `from` with `to`.
fn lint_edited(from: &str, to: &str) -> Vec<Diagnostic> {
    let text = base();
    assert!(text.contains(from), "fixture lacks {from:?}");
    check_str("edited.yaml", &text.replacen(from, to, 1)).diagnostics
}

fn has(diagnostics: &[Diagnostic], rule: &str, message: &str) -> bool {
    diagnostics
        .iter()
        .any(|d| d.rule == rule && d.message.contains(message))
}

#[test]
fn the_annotated_example_is_clean() {
    let diagnostics = check_str("wrong-order.yaml", &base()).diagnostics;
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn warns_about_unreachable_nodes_and_endings() {
    // Re-point both ways into `manager` elsewhere: nothing reaches it any more.
    let d2 = {
        let text = base()
            .replacen(
                "        goto: manager\n      - goto: counter_again",
                "        goto: fixing\n      - goto: counter_again",
                1,
            )
            .replacen(
                "harm: [passing_buck]\n        goto: manager",
                "harm: [passing_buck]\n        goto: walked_out",
                1,
            );
        check_str("edited.yaml", &text).diagnostics
    };
    let found = d2
        .iter()
        .find(|x| x.rule == "unreachable-ending")
        .expect("unreachable ending reported");
    assert_eq!(found.severity, Severity::Warning);
    assert!(found.message.contains("\"manager\""));
    assert_eq!(found.field, "endings[1].id");

    let d = lint_edited(
        "      - goto: counter_again\n\n  - id: counter_again",
        "      - goto: skeptical\n\n  - id: counter_again",
    );
    assert!(
        has(
            &d,
            "unreachable-node",
            "node \"counter_again\" cannot be reached"
        ),
        "{d:?}"
    );
}

#[test]
fn warns_about_unused_facts_intents_and_flags() {
    let d = lint_edited(
        "states: [wrong_name, party_at_four]",
        "states: [wrong_name]",
    );
    assert!(
        has(&d, "unused-fact", "fact \"party_at_four\" is never stated"),
        "{d:?}"
    );

    let d = lint_edited(
        "{ any_intent: [offers_fix, offers_refund] }",
        "{ any_intent: [offers_fix] }",
    );
    assert!(
        has(
            &d,
            "unused-intent",
            "intent \"offers_refund\" is never used"
        ),
        "{d:?}"
    );

    let d = lint_edited(
        "{ flags: [fix_offered], min: { listening: 30 } }",
        "{ flags: [fix_ofered], min: { listening: 30 } }",
    );
    assert!(
        has(
            &d,
            "unused-flag",
            "flag \"fix_ofered\" is checked but never set"
        ),
        "{d:?}"
    );
    assert!(
        has(
            &d,
            "unused-flag",
            "flag \"fix_offered\" is set but no condition checks it"
        ),
        "{d:?}"
    );
    let checked = d.iter().find(|x| x.message.contains("fix_ofered")).unwrap();
    assert_eq!(checked.help, "did you mean \"fix_offered\"?");
}

#[test]
fn warns_about_single_options_and_shadowed_transitions() {
    let d = lint_edited(
        "      - text: \"The decorator is on break, so you'll have to wait for him.\"\n        scores: { listening: 10, empathy: 0, apology: 0, ownership: 0 }\n        harm: [passing_buck]\n        goto: manager\n",
        "",
    );
    assert!(
        has(
            &d,
            "single-option",
            "choice turn \"skeptical\" has only one option"
        ),
        "{d:?}"
    );

    let d = lint_edited(
        "      - when: { flags: [fix_offered], min: { listening: 30 } }\n        goto: resolved\n      - goto: resolved",
        "      - goto: resolved\n      - when: { flags: [fix_offered], min: { listening: 30 } }\n        goto: resolved",
    );
    let shadowed = d
        .iter()
        .find(|x| x.rule == "shadowed-transition")
        .expect("shadowed reported");
    assert_eq!(shadowed.field, "nodes[3].transitions[1]");
}

#[test]
fn warns_about_missing_hints_and_model_replies() {
    let d = lint_edited(
        "    hint: \"Confirm the spelling back and close warmly.\"\n",
        "",
    );
    assert!(
        has(&d, "no-hint", "node \"fixing\" has no coaching hint"),
        "{d:?}"
    );
    let d = lint_edited(
        "    model_reply: \"R-O-N-A-N, got it. It'll be ready by ten past, and I hope Ronan has a wonderful party.\"\n",
        "",
    );
    assert!(
        has(&d, "no-model-reply", "node \"fixing\" has no model reply"),
        "{d:?}"
    );
}

#[test]
fn lint_exits_non_zero_on_errors_and_lists_them() {
    Command::cargo_bin("defuse")
        .unwrap()
        .args(["lint"])
        .arg(fixture("invalid"))
        .assert()
        .failure()
        .stdout(contains("unknown-target.yaml:63:9: error[unknown-target]"))
        .stdout(contains("16 files checked"));
}

#[test]
fn lint_passes_clean_files_and_denies_warnings_on_request() {
    Command::cargo_bin("defuse")
        .unwrap()
        .args(["lint"])
        .arg(fixture("valid"))
        .assert()
        .success()
        .stdout(contains("0 errors, 0 warnings"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-hint.yaml");
    std::fs::write(
        &path,
        base().replacen(
            "    hint: \"Confirm the spelling back and close warmly.\"\n",
            "",
            1,
        ),
    )
    .unwrap();
    Command::cargo_bin("defuse")
        .unwrap()
        .arg("lint")
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("0 errors, 1 warning"));
    Command::cargo_bin("defuse")
        .unwrap()
        .args(["lint", "--deny-warnings"])
        .arg(&path)
        .assert()
        .failure();
}

#[test]
fn lint_json_lists_every_diagnostic_with_its_position() {
    let output = Command::cargo_bin("defuse")
        .unwrap()
        .args(["lint", "--json"])
        .arg(fixture("invalid/missing-start.yaml"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let diagnostics: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &diagnostics[0];
    assert_eq!(first["rule"], "missing-start");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 50);
    assert_eq!(first["column"], 1);
    assert_eq!(first["field"], "start");
    assert_eq!(
        first["help"],
        "known: counter, counter_again, fixing, skeptical"
    );
}
