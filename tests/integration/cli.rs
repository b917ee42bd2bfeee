//! The `defuse` command as a trainer uses it: play from a replies file, graph, list.

use assert_cmd::Command;
use predicates::str::contains;

use crate::fixture;

/// The command, keeping its records out of the tester's own data folder.
fn defuse() -> Command {
    let mut command = Command::cargo_bin("defuse").unwrap();
    command.env(
        "DEFUSE_HOME",
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-home"),
    );
    command
}

fn cake() -> String {
    fixture("valid/wrong-order.yaml").display().to_string()
}

#[test]
fn play_prints_the_conversation_and_the_ending() {
    defuse()
        .args(["play", &cake(), "--replies", "-", "--seed", "3"])
        .write_stdin("we can give you a refund\n2\n")
        .assert()
        .success()
        .stdout(contains("Priya [anger 60]: This says Rowan."))
        .stdout(contains("You: we can give you a refund"))
        .stdout(contains("You (option 2): The decorator is on break"))
        .stdout(contains("Ending: She asked for the manager (escalated)"))
        .stdout(contains("Average over 2 turns"));
}

#[test]
fn play_json_is_the_whole_transcript() {
    let output = defuse()
        .args(["play", &cake(), "--replies", "-", "--json"])
        .write_stdin("we can give you a refund\n2\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let transcript: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(transcript["scenario"]["id"], "wrong-order");
    assert_eq!(transcript["seed"], 1);
    assert_eq!(transcript["ending"]["id"], "manager");
    assert_eq!(transcript["ending"]["outcome"], "escalated");
    let turns = transcript["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 2);
    assert_eq!(turns[0]["intents"][0], "offers_refund");
    assert_eq!(turns[1]["option"], 2);
    // The fixed scores of option 2.
    assert_eq!(turns[1]["scores"]["listening"], 10);
    assert_eq!(turns[1]["scores"]["ownership"], 0);
    for turn in turns {
        for dimension in ["listening", "empathy", "apology", "ownership"] {
            assert!(turn["scores"][dimension].as_u64().unwrap() <= 100);
        }
        assert!(turn["anger_before"].is_u64() && turn["anger_after"].is_u64());
        assert!(turn["evidence"].is_array() && turn["flags"].is_array());
    }
}

#[test]
fn the_same_seed_and_replies_replay_identically() {
    let run = |seed: &str| {
        defuse()
            .args(["play", &cake(), "--replies", "-", "--json", "--seed", seed])
            .write_stdin("well\nhmm\nok\n")
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("42"), run("42"));
}

#[test]
fn running_out_of_replies_says_where_and_fails() {
    defuse()
        .args(["play", &cake(), "--replies", "-"])
        .write_stdin("hello\n")
        .assert()
        .failure()
        .stderr(contains(
            "the replies ran out after 1 at node \"counter_again\", before the conversation reached an ending",
        ));
}

#[test]
fn a_choice_turn_needs_an_option_number() {
    defuse()
        .args(["play", &cake(), "--replies", "-"])
        .write_stdin("a refund then\nthe first one\n")
        .assert()
        .failure()
        .stderr(contains(
            "reply 2: \"the first one\" is not an option number; node \"skeptical\" is a choice turn with options 1 to 2",
        ));
    defuse()
        .args(["play", &cake(), "--replies", "-"])
        .write_stdin("a refund then\n7\n")
        .assert()
        .failure()
        .stderr(contains("there is no option 7"));
}

#[test]
fn play_reports_a_missing_scenario_or_replies_file() {
    defuse()
        .args(["play", "no-such-scenario", "--replies", "-"])
        .assert()
        .failure()
        .stderr(contains("no scenario has the id \"no-such-scenario\""));
    defuse()
        .args(["play", &cake(), "--replies", "/nonexistent/replies.txt"])
        .assert()
        .failure()
        .stderr(contains(
            "cannot read the replies file /nonexistent/replies.txt",
        ));
}

#[test]
fn play_without_replies_and_without_a_terminal_says_what_to_do() {
    defuse()
        .args(["play", &cake()])
        .write_stdin("")
        .assert()
        .failure()
        .stderr(contains("stdin is not a terminal"))
        .stderr(contains("--replies FILE"));
}

#[test]
fn graph_marks_start_endings_and_conditions() {
    defuse()
        .args(["graph", &cake()])
        .assert()
        .success()
        .stdout(contains("digraph \"wrong-order\""))
        .stdout(contains(
            "\"counter\" [label=\"counter\\n(free text)\", penwidth=2, xlabel=\"start\"]",
        ))
        .stdout(contains("\"resolved\" [shape=doubleoctagon"))
        .stdout(contains(
            "\"counter\" -> \"fixing\" [label=\"apology ≥ 40, intent offers_fix\"]",
        ))
        .stdout(contains(
            "\"skeptical\" -> \"manager\" [label=\"option 2\"]",
        ));
    defuse()
        .args(["graph", &cake(), "--format", "mermaid"])
        .assert()
        .success()
        .stdout(contains("flowchart LR"))
        .stdout(contains("n0[\"▶ counter\"]"))
        .stdout(contains("e0([\"✔ resolved: The right name, in time\"])"))
        .stdout(contains("n0 -->|\"otherwise\"| n1"));
}

#[test]
fn list_shows_built_in_and_folder_scenarios() {
    defuse()
        .args(["list", "--dir"])
        .arg(fixture("valid"))
        .assert()
        .success()
        .stdout(contains("flight-delay"))
        .stdout(contains("hotel-key"))
        .stdout(contains("reimbursement-dispute"))
        .stdout(contains("wrong-order"))
        .stdout(contains("The wrong birthday cake"));
}

#[test]
fn test_runs_each_scenarios_own_tests_and_fails_loudly() {
    defuse()
        .args(["test"])
        .arg(fixture("valid"))
        .assert()
        .success()
        .stdout(contains(
            "wrong-order · silence twice brings the manager ... ok (3 turns)",
        ))
        .stdout(contains("2 passed, 0 failed"));
    let dir = tempfile::tempdir().unwrap();
    let broken = std::fs::read_to_string(fixture("valid/wrong-order.yaml"))
        .unwrap()
        .replace(
            "replies: [\"hmm\", \"let me see\", \"well\"]",
            "replies: [\"hmm\"]",
        );
    std::fs::write(dir.path().join("cake.yaml"), broken).unwrap();
    defuse()
        .arg("test")
        .arg(dir.path())
        .assert()
        .failure()
        .stdout(contains(
            "silence twice brings the manager ... FAILED: expected ending \"manager\", reached no ending after 1 turn: the replies ran out",
        ));
}

#[test]
fn a_mistyped_dir_is_reported() {
    defuse()
        .args(["list", "--dir", "/no/such/scenarios"])
        .assert()
        .success()
        .stdout(contains("hotel-key"))
        .stderr(contains("/no/such/scenarios"))
        .stderr(contains("no such folder"));
}
