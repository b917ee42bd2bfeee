//! A round-table drill on one terminal: every player answers the same customer line in turn,
//! unseen by the others; then all answers are revealed and the facilitator picks the one the
//! conversation continues with (or lets each player carry on their own path).
//!
//! Each player's answer is scored on their own fork of the conversation ([`Session`] clones), so
//! every player gets a true record of their replies, scores and the anger each reply caused.

use thiserror::Error;

use crate::engine::{EngineError, Reply, Session, Turn};
use crate::scenario::load::LoadedScenario;
use crate::scoring::Scorer;

use super::debrief::{DrillDebrief, PlayerRun};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Players answer one after the other.
    Answering,
    /// All answers are shown; the facilitator picks how to go on.
    Reveal,
    /// Every conversation has ended.
    Finished,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DrillError {
    #[error("a drill needs at least two players")]
    TooFewPlayers,
    #[error("player names must be different; \"{0}\" appears twice")]
    DuplicateName(String),
    #[error("a player's name cannot be empty")]
    EmptyName,
    #[error("that is not possible now: {0}")]
    WrongPhase(&'static str),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

pub struct Player<'s> {
    pub name: String,
    /// The conversation as this player sees it.
    pub session: Session<'s>,
    /// This player's own turns: their reply to each customer line they faced.
    pub turns: Vec<Turn>,
    /// The answer given this round: the session it led to and its turn.
    answer: Option<(Session<'s>, Turn)>,
}

impl Player<'_> {
    pub fn answered(&self) -> Option<&Turn> {
        self.answer.as_ref().map(|(_, turn)| turn)
    }
}

pub struct RoundTable<'s> {
    pub players: Vec<Player<'s>>,
    /// All players face the same conversation (until the facilitator lets them part ways).
    pub shared: bool,
    pub phase: Phase,
    /// Index of the player whose turn it is to answer.
    pub answering: usize,
    pub round: usize,
}

impl<'s> RoundTable<'s> {
    pub fn new(
        loaded: &'s LoadedScenario,
        seed: u64,
        names: &[String],
    ) -> Result<Self, DrillError> {
        let mut players: Vec<Player<'s>> = Vec::new();
        for name in names {
            let name = name.trim();
            if name.is_empty() {
                return Err(DrillError::EmptyName);
            }
            if players.iter().any(|p| p.name == name) {
                return Err(DrillError::DuplicateName(name.to_string()));
            }
            players.push(Player {
                name: name.to_string(),
                session: Session::new(loaded, seed),
                turns: Vec::new(),
                answer: None,
            });
        }
        if players.len() < 2 {
            return Err(DrillError::TooFewPlayers);
        }
        Ok(RoundTable {
            players,
            shared: true,
            phase: Phase::Answering,
            answering: 0,
            round: 0,
        })
    }

    /// The player whose turn it is, while answering.
    pub fn current_player(&self) -> Option<&Player<'s>> {
        (self.phase == Phase::Answering).then(|| &self.players[self.answering])
    }

    /// Records the current player's answer (scored on their own fork) and moves to the next
    /// player still in the conversation, or to the reveal once everyone has answered.
    pub fn answer(&mut self, reply: Reply<'_>, scorer: &dyn Scorer) -> Result<(), DrillError> {
        if self.phase != Phase::Answering {
            return Err(DrillError::WrongPhase("everyone has answered this round"));
        }
        let player = &mut self.players[self.answering];
        let mut fork = player.session.clone();
        let turn = fork.respond(reply, scorer)?.clone();
        player.answer = Some((fork, turn));
        self.advance_answering();
        Ok(())
    }

    fn advance_answering(&mut self) {
        match (self.answering + 1..self.players.len())
            .find(|i| !self.players[*i].session.is_finished())
        {
            Some(next) => self.answering = next,
            None => self.phase = Phase::Reveal,
        }
    }

    /// The index of the best answer this round: highest overall, then least anger.
    pub fn best_answer(&self) -> Option<usize> {
        self.players
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.answered().map(|t| (i, t)))
            .max_by_key(|(i, t)| {
                (
                    t.assessment.scores.overall(),
                    std::cmp::Reverse(t.anger_after),
                    std::cmp::Reverse(*i),
                )
            })
            .map(|(i, _)| i)
    }

    /// Continues the round: in a shared drill, everyone's conversation goes on from `chosen`'s
    /// answer; `None` (or a drill whose players have parted ways) lets each player carry on
    /// with their own answer from now on.
    pub fn continue_with(&mut self, chosen: Option<usize>) -> Result<(), DrillError> {
        if self.phase != Phase::Reveal {
            return Err(DrillError::WrongPhase("not every player has answered yet"));
        }
        let shared_next = match chosen {
            Some(index) if self.shared => self
                .players
                .get(index)
                .and_then(|p| p.answer.as_ref())
                .map(|(session, _)| session.clone()),
            _ => None,
        };
        if shared_next.is_none() {
            self.shared = false;
        }
        for player in &mut self.players {
            if let Some((session, turn)) = player.answer.take() {
                player.turns.push(turn);
                player.session = match &shared_next {
                    Some(shared) => shared.clone(),
                    None => session,
                };
            }
        }
        self.round += 1;
        match self.players.iter().position(|p| !p.session.is_finished()) {
            Some(first) => {
                self.answering = first;
                self.phase = Phase::Answering;
            }
            None => self.phase = Phase::Finished,
        }
        Ok(())
    }

    /// Everyone's runs so far, for the drill debrief and the records.
    pub fn runs(&self) -> Vec<PlayerRun> {
        self.players
            .iter()
            .map(|p| PlayerRun {
                name: p.name.clone(),
                turns: p.turns.clone(),
                transcript: {
                    let mut transcript = p.session.transcript();
                    transcript.turns = p.turns.clone();
                    transcript.totals =
                        crate::engine::average_scores(p.turns.iter().map(|t| t.assessment.scores));
                    transcript.overall = transcript.totals.overall();
                    transcript
                },
            })
            .collect()
    }

    pub fn debrief(&self) -> DrillDebrief {
        DrillDebrief::new(&self.runs())
    }
}
