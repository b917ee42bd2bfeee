//! Playing a scenario without a screen, from a list of replies (one per line), and printing the
//! conversation as readable text. Trainers use it to test their scenarios; CI uses it too.

use std::fmt::Write;

use thiserror::Error;

use crate::engine::{EngineError, Reply, Session, Transcript};
use crate::scenario::load::LoadedScenario;
use crate::scoring::{Dimension, Scorer};

/// Why a scripted run stopped before an ending.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ScriptError {
    #[error(
        "the replies ran out after {used} at node \"{node}\", before the conversation reached an ending; add more replies"
    )]
    RanOut { used: usize, node: String },
    #[error(
        "reply {line}: \"{text}\" is not an option number; node \"{node}\" is a choice turn with options 1 to {options}"
    )]
    NotANumber {
        line: usize,
        text: String,
        node: String,
        options: usize,
    },
    #[error("reply {line}: {source}")]
    Engine {
        line: usize,
        #[source]
        source: EngineError,
    },
}

/// The result of a scripted run: the transcript as far as it got, and why it stopped early.
pub struct ScriptedRun {
    pub transcript: Transcript,
    pub stopped: Option<ScriptError>,
    /// Replies left over after the ending.
    pub unused: usize,
}

/// Plays `replies` in order. For a choice turn a reply is the option's number, counted from 1.
pub fn play(
    loaded: &LoadedScenario,
    seed: u64,
    replies: &[String],
    scorer: &dyn Scorer,
) -> ScriptedRun {
    let mut session = Session::new(loaded, seed);
    let mut used = 0;
    let mut stopped = None;
    for (index, text) in replies.iter().enumerate() {
        let Some(node) = session.current_node() else {
            break;
        };
        let line = index + 1;
        let reply = if node.is_choice() {
            match text.trim().parse::<usize>() {
                Ok(number) if number >= 1 => Reply::Choice(number - 1),
                _ => {
                    stopped = Some(ScriptError::NotANumber {
                        line,
                        text: text.clone(),
                        node: node.id.clone(),
                        options: node.options.len(),
                    });
                    break;
                }
            }
        } else {
            Reply::Text(text)
        };
        used += 1;
        if let Err(source) = session.respond(reply, scorer) {
            stopped = Some(ScriptError::Engine { line, source });
            break;
        }
    }
    if stopped.is_none()
        && let Some(node) = session.current_node()
    {
        stopped = Some(ScriptError::RanOut {
            used,
            node: node.id.clone(),
        });
    }
    ScriptedRun {
        transcript: session.transcript(),
        stopped,
        unused: replies.len() - used,
    }
}

/// A replies file: one reply per line (a trailing newline does not add one), optionally opened
/// by a `# seed: N` line that says which seed the replies were written for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepliesFile {
    pub seed: Option<u64>,
    pub replies: Vec<String>,
}

pub fn parse_replies(text: &str) -> RepliesFile {
    let mut lines = text.lines().map(|line| line.trim_end_matches('\r'));
    let mut replies: Vec<String> = Vec::new();
    let mut seed = None;
    if let Some(first) = lines.next() {
        match first
            .strip_prefix("# seed:")
            .and_then(|n| n.trim().parse().ok())
        {
            Some(n) => seed = Some(n),
            None => replies.push(first.to_string()),
        }
    }
    replies.extend(lines.map(str::to_string));
    RepliesFile { seed, replies }
}

fn score_line(scores: &crate::scoring::Scores) -> String {
    Dimension::ALL
        .iter()
        .map(|d| format!("{d} {:>3}", scores.get(*d)))
        .collect::<Vec<_>>()
        .join("  ")
}

/// The outcome of one of a scenario's own tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    pub name: String,
    pub expected: String,
    /// The ending reached, if any.
    pub reached: Option<String>,
    pub turns: usize,
    /// Why the run stopped early, if it did.
    pub problem: Option<String>,
}

impl TestOutcome {
    pub fn passed(&self) -> bool {
        self.problem.is_none() && self.reached.as_deref() == Some(self.expected.as_str())
    }
}

/// Runs every test written in the scenario (`tests:`).
pub fn run_tests(loaded: &LoadedScenario, scorer: &dyn Scorer) -> Vec<TestOutcome> {
    loaded
        .scenario
        .tests
        .iter()
        .map(|test| {
            let run = play(loaded, test.seed, &test.replies, scorer);
            let problem = match (&run.stopped, run.unused) {
                (Some(stopped), _) => Some(stopped.to_string()),
                (None, 0) => None,
                (None, unused) => Some(format!(
                    "the conversation ended with {unused} replies left over"
                )),
            };
            TestOutcome {
                name: test.name.clone(),
                expected: test.ending.clone(),
                reached: run.transcript.ending.map(|e| e.id),
                turns: run.transcript.turns.len(),
                problem,
            }
        })
        .collect()
}

/// The conversation as plain text, for the terminal or a file.
pub fn render_text(loaded: &LoadedScenario, transcript: &Transcript) -> String {
    let scenario = &loaded.scenario;
    let customer = &scenario.customer.name;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, seed {})",
        scenario.title, scenario.id, transcript.seed
    );
    let _ = writeln!(out, "{customer}: {}\n", scenario.customer.situation.trim());
    for turn in &transcript.turns {
        let _ = writeln!(
            out,
            "{customer} [anger {}]: {}",
            turn.anger_before, turn.customer
        );
        match turn.option {
            Some(number) => {
                let _ = writeln!(out, "You (option {number}): {}", turn.reply);
            }
            None => {
                let _ = writeln!(out, "You: {}", turn.reply);
            }
        }
        let _ = writeln!(
            out,
            "    {}   anger {} -> {}",
            score_line(&turn.assessment.scores),
            turn.anger_before,
            turn.anger_after
        );
        if !turn.assessment.flags.is_empty() {
            let flags: Vec<&str> = turn
                .assessment
                .flags
                .iter()
                .map(|f| f.kind.name())
                .collect();
            let _ = writeln!(out, "    flags: {}", flags.join(", "));
        }
        if !turn.intents.is_empty() {
            let _ = writeln!(out, "    heard: {}", turn.intents.join(", "));
        }
        out.push('\n');
    }
    match &transcript.ending {
        Some(ending) => {
            if !ending.customer.is_empty() {
                let _ = writeln!(out, "{customer}: {}\n", ending.customer);
            }
            let _ = writeln!(
                out,
                "Ending: {} ({})\n{}\n",
                ending.title,
                ending.outcome.label(),
                ending.debrief.trim()
            );
        }
        None => {
            let _ = writeln!(out, "(no ending reached)\n");
        }
    }
    let _ = writeln!(
        out,
        "Average over {} turns: {}  overall {}",
        transcript.turns.len(),
        score_line(&transcript.totals),
        transcript.overall
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_line_opens_a_replies_file() {
        assert_eq!(
            parse_replies("# seed: 7\nim sorry\n2\n"),
            RepliesFile {
                seed: Some(7),
                replies: vec!["im sorry".into(), "2".into()]
            }
        );
        let plain = parse_replies("# not a seed\r\nok");
        assert_eq!(plain.seed, None);
        assert_eq!(plain.replies, ["# not a seed", "ok"]);
        assert!(parse_replies("").replies.is_empty());
    }
}
