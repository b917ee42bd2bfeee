//! Records: saved atomically, read back intact, bad files skipped with a reason; history and the
//! cohort report computed from them.

use std::path::Path;

use assert_cmd::Command;
use defuse::engine::{EndingReached, ScenarioRef, Turn};
use defuse::records::history::{history, sparkline};
use defuse::records::report::{ReportFormat, build, render};
use std::io::Write;

use defuse::records::{
    self, FORMAT_VERSION, Record, load, read, replace_with, save, write_atomically,
};
use defuse::scenario::model::Outcome;
use defuse::scoring::{Assessment, Harm, HarmKind, Scores};
use predicates::str::contains;

use crate::fixture;

fn scores(l: u8, e: u8, a: u8, o: u8) -> Scores {
    Scores {
        listening: l,
        empathy: e,
        apology: a,
        ownership: o,
    }
}

fn turn(node: &str, flags: &[HarmKind]) -> Turn {
    Turn {
        node: node.into(),
        customer: "Where is my bag?".into(),
        reply: "im so sorry, ill find it".into(),
        option: None,
        assessment: Assessment {
            flags: flags
                .iter()
                .map(|kind| Harm {
                    kind: *kind,
                    start: 0,
                    end: 2,
                    explanation: String::new(),
                })
                .collect(),
            ..Assessment::default()
        },
        intents: vec![],
        anger_before: 60,
        anger_after: 50,
        next: "next".into(),
        model_reply: None,
    }
}

fn record(
    trainee: &str,
    scenario: &str,
    day: u32,
    totals: Scores,
    outcome: Outcome,
    turns: Vec<Turn>,
) -> Record {
    Record {
        format: FORMAT_VERSION,
        trainee: trainee.into(),
        scenario: ScenarioRef {
            id: scenario.into(),
            title: format!("The {scenario} scenario"),
            version: 1,
            content_hash: "fnv1a64:0000000000000001".into(),
        },
        seed: 1,
        mode: "practice".into(),
        started_at: format!("2026-10-{day:02}T09:00:00Z"),
        finished_at: format!("2026-10-{day:02}T09:10:00Z"),
        turns,
        ending: EndingReached {
            id: format!("{outcome:?}").to_lowercase(),
            outcome,
            title: format!("{outcome:?}"),
            debrief: "What happened.".into(),
            customer: "Bye.".into(),
        },
        overall: totals.overall(),
        totals,
    }
}

#[test]
fn a_saved_record_reads_back_identical() {
    let dir = tempfile::tempdir().unwrap();
    let original = record(
        "Ana",
        "flight-delay",
        3,
        scores(80, 60, 90, 70),
        Outcome::Resolved,
        vec![turn("opening", &[HarmKind::Blame])],
    );
    let path = save(dir.path(), &original).unwrap();
    assert!(path.starts_with(dir.path()));
    assert_eq!(read(&path).unwrap(), original);
    // No temporary files are left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn a_failed_write_leaves_the_old_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.json");
    std::fs::write(&path, b"old contents").unwrap();
    // The disk fills up halfway through writing the new contents.
    let failed = replace_with(&path, |file| {
        file.write_all(b"new con")?;
        Err(std::io::Error::other("no space left on device"))
    });
    assert!(failed.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"old contents");
    // No half-written temporary file is left behind either.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    write_atomically(&path, b"new contents").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
}

#[test]
fn corrupt_and_newer_records_are_skipped_with_their_path_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let good = record(
        "Ana",
        "hotel-key",
        1,
        scores(50, 50, 50, 50),
        Outcome::Resolved,
        vec![],
    );
    save(dir.path(), &good).unwrap();
    let corrupt = dir.path().join("corrupt.json");
    std::fs::write(&corrupt, "{\"format\": 1, \"trainee\": ").unwrap();
    let mut future = serde_json::to_value(&good).unwrap();
    future["format"] = serde_json::json!(FORMAT_VERSION + 1);
    let future_path = dir.path().join("future.json");
    std::fs::write(&future_path, future.to_string()).unwrap();

    let (records, skipped) = load(&[dir.path().to_path_buf()]);
    assert_eq!(records, vec![good]);
    assert_eq!(skipped.len(), 2);
    let messages: Vec<String> = skipped.iter().map(|s| s.to_string()).collect();
    assert!(
        messages[0].contains("corrupt.json: not a valid record"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("future.json: written in record format 2 by a newer defuse"),
        "{messages:?}"
    );
    assert!(corrupt.exists() && future_path.exists(), "never deleted");
}

#[test]
fn history_is_newest_first_with_bests_and_trends() {
    let records = vec![
        record(
            "Ana",
            "flight-delay",
            1,
            scores(20, 10, 0, 30),
            Outcome::WalkedOut,
            vec![],
        ),
        record(
            "Ana",
            "flight-delay",
            3,
            scores(60, 50, 70, 40),
            Outcome::Resolved,
            vec![],
        ),
        record(
            "Ana",
            "hotel-key",
            2,
            scores(40, 30, 20, 50),
            Outcome::Escalated,
            vec![],
        ),
        record(
            "Ana",
            "flight-delay",
            4,
            scores(50, 40, 60, 40),
            Outcome::Resolved,
            vec![],
        ),
        record(
            "Ben",
            "flight-delay",
            5,
            scores(90, 90, 90, 90),
            Outcome::Resolved,
            vec![],
        ),
    ];
    let h = history(&records, "Ana", None);
    let days: Vec<&str> = h.runs.iter().map(|r| &r.finished_at[..10]).collect();
    assert_eq!(
        days,
        ["2026-10-04", "2026-10-03", "2026-10-02", "2026-10-01"]
    );
    let flight = h.scenarios.iter().find(|s| s.id == "flight-delay").unwrap();
    assert_eq!(flight.attempts, 3);
    assert_eq!(flight.best_overall, 55);
    assert_eq!(flight.latest_overall, 48);
    let apology = &h.trends[2];
    assert_eq!(apology.recent, vec![0, 20, 70, 60]);
    // Newer half (70, 60) against older half (0, 20).
    assert_eq!(apology.change, 55);
    assert_eq!(apology.word(), "improving");
    assert_eq!(sparkline(&apology.recent), "▁▂▆▅");

    let only_hotel = history(&records, "Ana", Some("hotel-key"));
    assert_eq!(only_hotel.runs.len(), 1);
}

#[test]
fn the_report_aggregates_trainees_and_finds_where_customers_are_lost() {
    let records = vec![
        record(
            "Ana",
            "flight-delay",
            1,
            scores(40, 30, 20, 50),
            Outcome::WalkedOut,
            vec![
                turn("opening", &[]),
                turn("rebook", &[HarmKind::Blame, HarmKind::PassingBuck]),
            ],
        ),
        record(
            "Ana",
            "flight-delay",
            2,
            scores(80, 70, 90, 60),
            Outcome::Resolved,
            vec![turn("opening", &[])],
        ),
        record(
            "Ben",
            "flight-delay",
            3,
            scores(30, 20, 10, 40),
            Outcome::Escalated,
            vec![turn("rebook", &[HarmKind::Blame])],
        ),
        record(
            "Ben",
            "flight-delay",
            4,
            scores(50, 60, 40, 70),
            Outcome::Escalated,
            vec![turn("opening", &[HarmKind::Dismissive])],
        ),
    ];
    let report = build(&records, 70);
    assert_eq!(report.trainees.len(), 2);
    let ana = &report.trainees[0];
    assert_eq!((ana.trainee.as_str(), ana.attempts), ("Ana", 2));
    assert_eq!(ana.best, scores(80, 70, 90, 60));
    assert_eq!(ana.best_overall, 75);
    assert_eq!(ana.latest_overall, 75);
    assert!(ana.passed);
    assert_eq!(ana.endings.get("walkedout"), Some(&1));
    let ben = &report.trainees[1];
    // Best per dimension is taken over all attempts.
    assert_eq!(ben.best, scores(50, 60, 40, 70));
    assert_eq!(ben.best_overall, 55);
    assert!(!ben.passed);

    let scenario = &report.scenarios[0];
    assert_eq!(
        (scenario.attempts, scenario.trainees, scenario.lost),
        (4, 2, 3)
    );
    assert_eq!(scenario.lost_at[0], ("rebook".to_string(), 2));
    assert_eq!(scenario.flags[0], ("blame".to_string(), 2));
    assert_eq!(scenario.average, scores(50, 45, 40, 55));

    let markdown = render(&report, ReportFormat::Markdown);
    assert!(
        markdown.contains("| Ana | flight-delay | 2 | 80/70/90/60 | 75 |"),
        "{markdown}"
    );
    assert!(markdown.contains("rebook (2 of 3 lost runs)"), "{markdown}");
    let csv = render(&report, ReportFormat::Csv);
    assert!(
        csv.lines()
            .nth(2)
            .unwrap()
            .starts_with("Ben,flight-delay,2,50,60,40,70,55,")
    );
    let json: serde_json::Value =
        serde_json::from_str(&render(&report, ReportFormat::Json)).unwrap();
    assert_eq!(json["trainees"][1]["passed"], false);
}

#[test]
fn the_report_reads_a_shared_folder_of_several_trainees() {
    let output = Command::cargo_bin("defuse")
        .unwrap()
        .args(["report", "--format", "csv", "--pass", "30"])
        .arg(fixture("records"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let csv = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + 7, "{csv}");
    for expected in [
        "Ana,flight-delay,2,51,23,9,54,34,51,23,7,54,34,true,",
        "Ana,hotel-key,2,49,20,16,33,30,49,20,16,33,30,true,",
        "Ben,flight-delay,2,31,3,9,20,12,17,3,9,20,12,false,",
        "Chen,reimbursement-dispute,1,68,35,25,90,55,68,35,25,90,55,true,",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(expected)),
            "{expected}\n{csv}"
        );
    }
}

fn defuse_home(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("defuse").unwrap();
    command.env("DEFUSE_HOME", dir).env_remove("DEFUSE_NAME");
    command
}

#[test]
fn a_scripted_run_saves_a_record_that_agrees_with_its_json() {
    let home = tempfile::tempdir().unwrap();
    let replies = fixture("replies/hotel-key-resolved.txt");
    let output = defuse_home(home.path())
        .args(["play", "hotel-key", "--json", "--name", "Dana", "--replies"])
        .arg(&replies)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let transcript: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let (saved, skipped) = load(&[records::records_dir(home.path())]);
    assert!(skipped.is_empty());
    assert_eq!(saved.len(), 1);
    let record = serde_json::to_value(&saved[0]).unwrap();
    for field in ["turns", "ending", "totals", "overall", "seed", "scenario"] {
        assert_eq!(record[field], transcript[field], "{field}");
    }
    assert_eq!(saved[0].trainee, "Dana");
    assert_eq!(saved[0].mode, "scripted");

    defuse_home(home.path())
        .args(["history", "--name", "Dana"])
        .assert()
        .success()
        .stdout(contains("Runs of Dana"))
        .stdout(contains("hotel-key"));
    let csv = defuse_home(home.path())
        .args(["history", "--csv", "--name", "Dana"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(csv.stdout).unwrap().lines().count(), 2);
}

#[test]
fn unfinished_or_unsaved_runs_leave_no_record() {
    let home = tempfile::tempdir().unwrap();
    defuse_home(home.path())
        .args(["play", "hotel-key", "--replies", "-"])
        .write_stdin("hello\n")
        .assert()
        .failure();
    let replies = fixture("replies/hotel-key-resolved.txt");
    defuse_home(home.path())
        .args(["play", "hotel-key", "--no-save", "--replies"])
        .arg(&replies)
        .assert()
        .success();
    let (saved, _) = load(&[records::records_dir(home.path())]);
    assert!(saved.is_empty());
    defuse_home(home.path())
        .args(["history", "--name", "Nobody"])
        .assert()
        .success()
        .stdout(contains("No finished runs for Nobody yet."));
}

#[test]
fn a_record_reached_twice_is_counted_once() {
    let shared = fixture("records");
    let (all, _) = load(std::slice::from_ref(&shared));
    let (again, _) = load(&[shared.clone(), shared.join("ana")]);
    assert_eq!(all.len(), again.len());
}
