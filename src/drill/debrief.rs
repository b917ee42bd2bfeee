//! The drill debrief, shared by round-table and networked drills: per player the four dimensions
//! and overall, per turn the spread of replies and the best reply.

use serde::Serialize;

use crate::engine::{Transcript, Turn};
use crate::scoring::Scores;

/// One player's run through a drill.
#[derive(Debug, Clone)]
pub struct PlayerRun {
    pub name: String,
    pub turns: Vec<Turn>,
    /// The run as a transcript (their own turns and totals), for records.
    pub transcript: Transcript,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlayerSummary {
    pub name: String,
    pub totals: Scores,
    pub overall: u8,
    pub turns: usize,
    pub ending: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundSummary {
    /// 1-based turn number.
    pub turn: usize,
    /// Lowest and highest overall score of the replies given this turn.
    pub lowest: u8,
    pub highest: u8,
    pub best_player: String,
    pub best_reply: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrillDebrief {
    pub players: Vec<PlayerSummary>,
    pub rounds: Vec<RoundSummary>,
}

impl DrillDebrief {
    pub fn new(runs: &[PlayerRun]) -> Self {
        let mut players: Vec<PlayerSummary> = runs
            .iter()
            .map(|run| PlayerSummary {
                name: run.name.clone(),
                totals: run.transcript.totals,
                overall: run.transcript.overall,
                turns: run.turns.len(),
                ending: run.transcript.ending.as_ref().map(|e| e.title.clone()),
            })
            .collect();
        players.sort_by(|a, b| b.overall.cmp(&a.overall).then_with(|| a.name.cmp(&b.name)));

        let rounds_count = runs.iter().map(|r| r.turns.len()).max().unwrap_or(0);
        let rounds = (0..rounds_count)
            .filter_map(|round| {
                let answers: Vec<(&str, &Turn)> = runs
                    .iter()
                    .filter_map(|r| r.turns.get(round).map(|t| (r.name.as_str(), t)))
                    .collect();
                let overall = |t: &Turn| t.assessment.scores.overall();
                let (best_player, best) = answers.iter().max_by_key(|(_, t)| overall(t))?;
                Some(RoundSummary {
                    turn: round + 1,
                    lowest: answers.iter().map(|(_, t)| overall(t)).min()?,
                    highest: overall(best),
                    best_player: best_player.to_string(),
                    best_reply: best.reply.clone(),
                })
            })
            .collect();
        DrillDebrief { players, rounds }
    }
}
