//! The conversation engine: a pure state machine over a loaded scenario.
//!
//! No I/O and no clock: the same scenario, seed and replies always produce the same transcript,
//! which is what makes replays, group drills and tests trustworthy.

use std::collections::{BTreeSet, HashMap};

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::IndexedRandom;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::scenario::load::LoadedScenario;
use crate::scenario::model::{Condition, Ending, Node, Outcome, Reaction, Scenario};
use crate::scoring::{
    Assessment, Dimension, Harm, HarmKind, ScoreContext, Scorer, Scores, StatedFact,
};

/// What the trainee answers: free text, or the index (0-based) of an option in a choice turn.
#[derive(Debug, Clone, Copy)]
pub enum Reply<'a> {
    Text(&'a str),
    Choice(usize),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum EngineError {
    #[error("the conversation has already ended")]
    Finished,
    #[error("node \"{node}\" is a choice turn: pick an option from 1 to {options}")]
    NeedsChoice { node: String, options: usize },
    #[error("node \"{node}\" is a free-text turn: type a reply instead of choosing an option")]
    NotAChoice { node: String },
    #[error("node \"{node}\" has options 1 to {options}; there is no option {choice}")]
    NoSuchOption {
        node: String,
        choice: usize,
        options: usize,
    },
    #[error(
        "node \"{node}\" has no transition that matches this reply; add a default transition without `when:`"
    )]
    NoTransition { node: String },
}

/// One exchange: what the customer said, what the trainee replied, and what it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    pub node: String,
    pub customer: String,
    pub reply: String,
    /// The option number (1-based) for a choice turn.
    pub option: Option<usize>,
    #[serde(flatten)]
    pub assessment: Assessment,
    pub intents: Vec<String>,
    pub anger_before: u8,
    pub anger_after: u8,
    /// The node or ending the conversation went to.
    pub next: String,
    /// The scenario's strong reply for this turn, for the debrief.
    pub model_reply: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndingReached {
    pub id: String,
    pub outcome: Outcome,
    pub title: String,
    pub debrief: String,
    /// The customer's last words.
    pub customer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRef {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub content_hash: String,
}

/// The whole conversation so far, as saved and as printed with `--json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub turns: Vec<Turn>,
    pub ending: Option<EndingReached>,
    pub anger: u8,
    /// Mean score per dimension over all turns.
    pub totals: Scores,
    pub overall: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Node(usize),
    Ended(usize),
}

/// What a condition is evaluated against: the last reply and the state after it.
struct Evaluation<'a> {
    scores: Scores,
    intents: &'a [String],
    harms: &'a [HarmKind],
    anger: u8,
    flags: &'a BTreeSet<String>,
    visits: u32,
}

fn holds(condition: &Condition, e: &Evaluation) -> bool {
    let has_intent = |name: &String| e.intents.contains(name);
    condition.min.iter().all(|(d, v)| e.scores.get(*d) >= *v)
        && condition.below.iter().all(|(d, v)| e.scores.get(*d) < *v)
        && condition.intents.iter().all(has_intent)
        && (condition.any_intent.is_empty() || condition.any_intent.iter().any(has_intent))
        && !condition.no_intent.iter().any(has_intent)
        && (condition.harm.is_empty() || condition.harm.iter().any(|h| e.harms.contains(h)))
        && condition.anger_at_least.is_none_or(|v| e.anger >= v)
        && condition.anger_below.is_none_or(|v| e.anger < v)
        && condition.flags.iter().all(|f| e.flags.contains(f))
        && !condition.not_flags.iter().any(|f| e.flags.contains(f))
        && condition.visits_at_least.is_none_or(|v| e.visits >= v)
}

/// One play-through of a scenario. Cloning it forks the conversation: group drills score each
/// player's reply on their own copy.
#[derive(Clone)]
pub struct Session<'s> {
    loaded: &'s LoadedScenario,
    seed: u64,
    rng: Xoshiro256PlusPlus,
    anger: u8,
    flags: BTreeSet<String>,
    visits: HashMap<usize, u32>,
    /// Indices of the facts stated so far, in the order they were stated.
    stated: Vec<usize>,
    position: Position,
    customer_line: String,
    turns: Vec<Turn>,
}

impl<'s> Session<'s> {
    pub fn new(loaded: &'s LoadedScenario, seed: u64) -> Self {
        let scenario = &loaded.scenario;
        // The loader guarantees the start node exists; index 0 is a safe fallback regardless.
        let start = scenario
            .nodes
            .iter()
            .position(|n| n.id == scenario.start)
            .unwrap_or(0);
        let mut session = Session {
            loaded,
            seed,
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            anger: scenario.customer.anger.min(100),
            flags: BTreeSet::new(),
            visits: HashMap::new(),
            stated: Vec::new(),
            position: Position::Node(start),
            customer_line: String::new(),
            turns: Vec::new(),
        };
        session.enter_node(start, None);
        session
    }

    pub fn scenario(&self) -> &'s Scenario {
        &self.loaded.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// What the customer is saying now (at a node, or their last words at an ending).
    pub fn customer_line(&self) -> &str {
        &self.customer_line
    }

    pub fn anger(&self) -> u8 {
        self.anger
    }

    /// The customer waited too long for a reply (timed runs): anger rises by `points`.
    pub fn lose_patience(&mut self, points: u8) {
        if !self.is_finished() {
            self.anger = self.anger.saturating_add(points).min(100);
        }
    }

    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// The node awaiting a reply, or `None` once the conversation has ended.
    pub fn current_node(&self) -> Option<&'s Node> {
        match self.position {
            Position::Node(index) => self.loaded.scenario.nodes.get(index),
            Position::Ended(_) => None,
        }
    }

    pub fn ending(&self) -> Option<&'s Ending> {
        match self.position {
            Position::Ended(index) => self.loaded.scenario.endings.get(index),
            Position::Node(_) => None,
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.position, Position::Ended(_))
    }

    /// Scores the reply, moves anger, follows the first matching transition and records the turn.
    pub fn respond(&mut self, reply: Reply<'_>, scorer: &dyn Scorer) -> Result<&Turn, EngineError> {
        let Position::Node(node_index) = self.position else {
            return Err(EngineError::Finished);
        };
        let Some(node) = self.loaded.scenario.nodes.get(node_index) else {
            return Err(EngineError::Finished);
        };
        let scenario: &'s Scenario = &self.loaded.scenario;
        let (text, option) = match reply {
            Reply::Text(_) if node.is_choice() => {
                return Err(EngineError::NeedsChoice {
                    node: node.id.clone(),
                    options: node.options.len(),
                });
            }
            Reply::Text(text) => (text, None),
            Reply::Choice(_) if !node.is_choice() => {
                return Err(EngineError::NotAChoice {
                    node: node.id.clone(),
                });
            }
            Reply::Choice(index) => match node.options.get(index) {
                Some(option) => (option.text.as_str(), Some((index, option))),
                None => {
                    return Err(EngineError::NoSuchOption {
                        node: node.id.clone(),
                        choice: index + 1,
                        options: node.options.len(),
                    });
                }
            },
        };

        let assessment = match option.and_then(|(_, o)| o.scores.map(|fixed| (o, fixed))) {
            Some((chosen, fixed)) => Assessment {
                scores: Scores {
                    listening: fixed.listening.min(100),
                    empathy: fixed.empathy.min(100),
                    apology: fixed.apology.min(100),
                    ownership: fixed.ownership.min(100),
                },
                flags: chosen
                    .harm
                    .iter()
                    .map(|kind| Harm {
                        kind: *kind,
                        start: 0,
                        end: text.len(),
                        explanation: format!("this reply is marked {kind} by the scenario"),
                    })
                    .collect(),
                ..Assessment::default()
            },
            None => {
                let facts: Vec<StatedFact> = self
                    .stated
                    .iter()
                    .filter_map(|i| scenario.facts.get(*i))
                    .map(|f| StatedFact {
                        text: &f.text,
                        synonyms: &f.synonyms,
                    })
                    .collect();
                let context = ScoreContext {
                    customer_line: &self.customer_line,
                    facts: &facts,
                    lexicon: Some(&scenario.lexicon),
                };
                scorer.score(text, &context)
            }
        };
        let intents = self.loaded.intents.detect(text);
        let harms: Vec<HarmKind> = assessment.flags.iter().map(|f| f.kind).collect();
        let anger_before = self.anger;
        let anger_after = next_anger(scenario, anger_before, &assessment);
        let visits = self.visits.get(&node_index).copied().unwrap_or(1);

        let mut flags = self.flags.clone();
        let next = match option.and_then(|(_, o)| o.goto.as_ref().map(|g| (o, g))) {
            Some((chosen, goto)) => {
                flags.extend(chosen.set.iter().cloned());
                goto.clone()
            }
            None => {
                if let Some((_, chosen)) = option {
                    flags.extend(chosen.set.iter().cloned());
                }
                let evaluation = Evaluation {
                    scores: assessment.scores,
                    intents: &intents,
                    harms: &harms,
                    anger: anger_after,
                    flags: &flags,
                    visits,
                };
                let Some(transition) = node
                    .transitions
                    .iter()
                    .find(|t| holds(&t.when, &evaluation))
                else {
                    return Err(EngineError::NoTransition {
                        node: node.id.clone(),
                    });
                };
                flags.extend(transition.set.iter().cloned());
                for cleared in &transition.clear {
                    flags.remove(cleared);
                }
                transition.goto.clone()
            }
        };

        self.flags = flags;
        self.anger = anger_after;
        let turn = Turn {
            node: node.id.clone(),
            customer: std::mem::take(&mut self.customer_line),
            reply: text.to_string(),
            option: option.map(|(index, _)| index + 1),
            assessment,
            intents,
            anger_before,
            anger_after,
            next: next.clone(),
            model_reply: node.model_reply.clone(),
        };
        let reacted_to = (turn.assessment.scores, turn.intents.clone(), harms);
        self.turns.push(turn);

        if let Some(index) = scenario.nodes.iter().position(|n| n.id == next) {
            self.enter_node(index, Some(&reacted_to));
        } else if let Some(index) = scenario.endings.iter().position(|e| e.id == next) {
            self.position = Position::Ended(index);
            let ending = &scenario.endings[index];
            let line = self.pick(&ending.say).unwrap_or_default();
            self.customer_line = self.with_reaction(&[], line, &reacted_to, 0);
        }
        self.turns.last().ok_or(EngineError::Finished)
    }

    fn enter_node(
        &mut self,
        index: usize,
        reacted_to: Option<&(Scores, Vec<String>, Vec<HarmKind>)>,
    ) {
        let scenario = &self.loaded.scenario;
        let node = &scenario.nodes[index];
        self.position = Position::Node(index);
        let visits = {
            let count = self.visits.entry(index).or_insert(0);
            *count += 1;
            *count
        };
        for fact in &node.states {
            if let Some(fact_index) = scenario.facts.iter().position(|f| &f.id == fact)
                && !self.stated.contains(&fact_index)
            {
                self.stated.push(fact_index);
            }
        }
        let temper = &scenario.customer.temper;
        let lines = if self.anger >= temper.angry_at && !node.say_angry.is_empty() {
            &node.say_angry
        } else if self.anger < temper.calm_below && !node.say_calm.is_empty() {
            &node.say_calm
        } else {
            &node.say
        };
        let line = self.pick(lines).unwrap_or_default();
        self.customer_line = match reacted_to {
            Some(last) => self.with_reaction(&node.reactions, line, last, visits),
            None => line,
        };
    }

    /// Puts the first matching reaction (node's, then scenario's) before `line`.
    fn with_reaction(
        &mut self,
        node_reactions: &'s [Reaction],
        line: String,
        (scores, intents, harms): &(Scores, Vec<String>, Vec<HarmKind>),
        visits: u32,
    ) -> String {
        let evaluation = Evaluation {
            scores: *scores,
            intents,
            harms,
            anger: self.anger,
            flags: &self.flags,
            visits,
        };
        let reaction = node_reactions
            .iter()
            .chain(&self.loaded.scenario.reactions)
            .find(|r| holds(&r.when, &evaluation));
        match reaction.and_then(|r| self.pick(&r.say)) {
            Some(reaction) if line.is_empty() => reaction,
            Some(reaction) => format!("{reaction} {line}"),
            None => line,
        }
    }

    fn pick(&mut self, lines: &[String]) -> Option<String> {
        lines.choose(&mut self.rng).cloned()
    }

    pub fn transcript(&self) -> Transcript {
        let scenario = &self.loaded.scenario;
        let totals = average_scores(self.turns.iter().map(|t| t.assessment.scores));
        Transcript {
            scenario: ScenarioRef {
                id: scenario.id.clone(),
                title: scenario.title.clone(),
                version: scenario.version,
                content_hash: self.loaded.content_hash.clone(),
            },
            seed: self.seed,
            turns: self.turns.clone(),
            ending: self.ending().map(|ending| EndingReached {
                id: ending.id.clone(),
                outcome: ending.outcome,
                title: ending.title.clone(),
                debrief: ending.debrief.clone(),
                customer: self.customer_line.clone(),
            }),
            anger: self.anger,
            totals,
            overall: totals.overall(),
        }
    }
}

/// The customer's anger after a reply, following the scenario's temper.
fn next_anger(scenario: &Scenario, anger: u8, assessment: &Assessment) -> u8 {
    let temper = &scenario.customer.temper;
    let calming: i32 = Dimension::ALL
        .iter()
        .map(|d| i32::from(temper.calming.get(*d)) * i32::from(assessment.scores.get(*d)))
        .sum::<i32>()
        / 100;
    let heating =
        i32::from(temper.drift) + i32::from(temper.per_flag) * assessment.flags.len().min(5) as i32;
    (i32::from(anger) + heating - calming).clamp(0, 100) as u8
}

/// The rounded mean of each dimension.
pub fn average_scores(scores: impl Iterator<Item = Scores>) -> Scores {
    let mut sums = [0u32; 4];
    let mut count = 0u32;
    for s in scores {
        count += 1;
        for (sum, d) in sums.iter_mut().zip(Dimension::ALL) {
            *sum += u32::from(s.get(d));
        }
    }
    let mut totals = Scores::default();
    for (sum, d) in sums.iter().zip(Dimension::ALL) {
        if let Some(mean) = (sum + count / 2).checked_div(count) {
            totals.set(d, mean as u8);
        }
    }
    totals
}
