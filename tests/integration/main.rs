//! The one integration-test binary: each module covers one capability, against fixture files.

use defuse::scoring::{Assessment, Dimension, Evidence, Harm, HarmKind, ScoreContext, Scorer};

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

/// Scores "sorry" as apology, "I'll"/"ill" as ownership, and flags "calm down".
pub struct FixedScorer;

impl Scorer for FixedScorer {
    fn score(&self, reply: &str, _: &ScoreContext<'_>) -> Assessment {
        let lower = reply.to_lowercase();
        let mut assessment = Assessment {
            tip: "Say what you will do next and by when.".into(),
            ..Assessment::default()
        };
        if let Some(at) = lower.find("sorry") {
            assessment.scores.apology = 80;
            assessment.evidence.push(Evidence {
                start: at,
                end: at + 5,
                dimension: Dimension::Apology,
                rule: "apology.sorry".into(),
                points: 80,
                explanation: "\"sorry\" apologises".into(),
            });
        }
        for marker in ["i'll", "ill "] {
            if let Some(at) = lower.find(marker) {
                assessment.scores.ownership = 60;
                assessment.evidence.push(Evidence {
                    start: at,
                    end: at + 4,
                    dimension: Dimension::Ownership,
                    rule: "ownership.will".into(),
                    points: 60,
                    explanation: "commits to an action".into(),
                });
            }
        }
        if let Some(at) = lower.find("calm down") {
            assessment.flags.push(Harm {
                kind: HarmKind::Dismissive,
                start: at,
                end: at + 9,
                explanation: "\"calm down\" dismisses her feelings".into(),
            });
        }
        assessment
    }
}
