//! The scenario file format, exactly as trainers write it in YAML.
//!
//! Every struct denies unknown fields so that a misspelt key (`tranistions:`) is an error with a
//! line number instead of a silently ignored branch. `docs/scenario-format.md` documents each field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scoring::{Dimension, HarmKind};

/// One customer conversation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub difficulty: Difficulty,
    #[serde(default)]
    pub tags: Vec<String>,
    pub minutes: u32,
    #[serde(default)]
    pub goals: Vec<String>,
    pub author: String,
    pub version: u32,
    pub customer: Persona,
    #[serde(default)]
    pub facts: Vec<Fact>,
    #[serde(default)]
    pub intents: Vec<Intent>,
    /// Extra scorer phrases for this scenario's world (see `docs/scoring.md`).
    #[serde(default)]
    pub lexicon: LexiconExtension,
    /// Lines the customer adds, in any node, in reaction to how the last reply was said.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    pub start: String,
    pub nodes: Vec<Node>,
    pub endings: Vec<Ending>,
    /// Scripted conversations and the ending each must reach, run by `defuse test`.
    #[serde(default)]
    pub tests: Vec<ScenarioTest>,
}

/// A regression test for a scenario: these replies, on this seed, must reach this ending.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioTest {
    pub name: String,
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// One entry per turn: the reply's text, or for a choice turn the option's number.
    pub replies: Vec<String>,
    /// The ending id the conversation must reach.
    pub ending: String,
}

fn default_seed() -> u64 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// The customer: who they are and how quickly they heat up or cool down.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    pub name: String,
    pub situation: String,
    /// Starting anger, 0 (calm) to 100 (boiling).
    pub anger: u8,
    #[serde(default)]
    pub temper: Temper,
}

/// How replies move anger. After each reply:
/// `anger += drift - Σ calming[d] × score[d] / 100 + per_flag × harmful flags` (at most five
/// flags count), kept within 0..=100.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Temper {
    /// Anger added by any reply: an angry customer left unaddressed gets angrier.
    pub drift: u8,
    /// How much a perfect score on each dimension calms the customer.
    pub calming: Weights,
    /// Anger added for each harmful move (blaming, dismissing, sarcasm, ...).
    pub per_flag: u8,
    /// From this anger up, the customer uses their `say_angry` lines.
    pub angry_at: u8,
    /// Below this anger, the customer uses their `say_calm` lines.
    pub calm_below: u8,
}

impl Default for Temper {
    fn default() -> Self {
        Temper {
            drift: 5,
            calming: Weights::default(),
            per_flag: 7,
            angry_at: 70,
            calm_below: 35,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub listening: u8,
    pub empathy: u8,
    pub apology: u8,
    pub ownership: u8,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            listening: 8,
            empathy: 10,
            apology: 10,
            ownership: 12,
        }
    }
}

impl Weights {
    pub fn get(&self, dimension: Dimension) -> u8 {
        match dimension {
            Dimension::Listening => self.listening,
            Dimension::Empathy => self.empathy,
            Dimension::Apology => self.apology,
            Dimension::Ownership => self.ownership,
        }
    }
}

/// Something the customer states; a reply that reflects it (in any of its wordings) shows listening.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub id: String,
    /// The fact in plain words, as the customer would put it.
    pub text: String,
    /// Other ways a listener might say it back ("3 hours", "three-hour delay").
    #[serde(default)]
    pub synonyms: Vec<String>,
}

/// A named thing the trainee might offer or ask, so branches can depend on *what* was said.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Intent {
    pub id: String,
    /// Phrases matched as whole words, ignoring case and apostrophes; a negated phrase
    /// ("can't rebook") does not count.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions, matched case-insensitively against the reply.
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// Scenario-specific additions to the scorer's built-in lexicon.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LexiconExtension {
    pub listening: Vec<String>,
    pub empathy: Vec<String>,
    pub apology: Vec<String>,
    pub ownership: Vec<String>,
}

/// One point in the conversation: the customer speaks, the trainee answers.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// What the customer says; one variant is picked at random (from the seed).
    pub say: Vec<String>,
    /// Variants used instead when anger is at or above `customer.temper.angry_at`.
    #[serde(default)]
    pub say_angry: Vec<String>,
    /// Variants used instead when anger is below `customer.temper.calm_below`.
    #[serde(default)]
    pub say_calm: Vec<String>,
    /// Facts (by id) this line states; afterwards, asking for them again costs listening.
    #[serde(default)]
    pub states: Vec<String>,
    /// Node-specific reactions to the last reply, tried before the scenario's.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    /// Coaching hint shown on demand in practice mode.
    #[serde(default)]
    pub hint: Option<String>,
    /// A strong reply for this turn, shown beside the trainee's in the debrief.
    #[serde(default)]
    pub model_reply: Option<String>,
    /// A non-empty list makes this a choice turn.
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    /// Tried in order; the first whose condition holds is taken.
    #[serde(default)]
    pub transitions: Vec<Transition>,
}

impl Node {
    pub fn is_choice(&self) -> bool {
        !self.options.is_empty()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub text: String,
    /// Where this option leads; without it, the node's transitions decide.
    #[serde(default)]
    pub goto: Option<String>,
    /// Fixed scores; without them the reply scorer scores the option's text.
    #[serde(default)]
    pub scores: Option<FixedScores>,
    /// With fixed scores: the harmful moves this option makes, so anger and reactions follow.
    #[serde(default)]
    pub harm: Vec<HarmKind>,
    #[serde(default)]
    pub set: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FixedScores {
    pub listening: u8,
    pub empathy: u8,
    pub apology: u8,
    pub ownership: u8,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    #[serde(default)]
    pub when: Condition,
    /// A node id or an ending id.
    pub goto: String,
    /// Flags to set when this transition is taken.
    #[serde(default)]
    pub set: Vec<String>,
    /// Flags to clear when this transition is taken.
    #[serde(default)]
    pub clear: Vec<String>,
}

/// All listed parts must hold. An empty condition always holds (a default transition).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Condition {
    /// Each listed dimension scored at least this much (0-100) on the last reply.
    pub min: BTreeMap<Dimension, u8>,
    /// Each listed dimension scored below this much on the last reply.
    pub below: BTreeMap<Dimension, u8>,
    /// Every one of these intents was detected in the last reply.
    pub intents: Vec<String>,
    /// At least one of these intents was detected.
    pub any_intent: Vec<String>,
    /// None of these intents was detected.
    pub no_intent: Vec<String>,
    /// The last reply made at least one of these harmful moves.
    pub harm: Vec<HarmKind>,
    /// Anger (after the reply) is at least this.
    pub anger_at_least: Option<u8>,
    /// Anger (after the reply) is below this.
    pub anger_below: Option<u8>,
    /// All these flags are set.
    pub flags: Vec<String>,
    /// None of these flags is set.
    pub not_flags: Vec<String>,
    /// The current node has been visited at least this many times (this visit included).
    pub visits_at_least: Option<u32>,
}

impl Condition {
    pub fn is_unconditional(&self) -> bool {
        self.min.is_empty()
            && self.below.is_empty()
            && self.intents.is_empty()
            && self.any_intent.is_empty()
            && self.no_intent.is_empty()
            && self.harm.is_empty()
            && self.anger_at_least.is_none()
            && self.anger_below.is_none()
            && self.flags.is_empty()
            && self.not_flags.is_empty()
            && self.visits_at_least.is_none()
    }

    pub fn intent_refs(&self) -> impl Iterator<Item = &String> {
        self.intents
            .iter()
            .chain(&self.any_intent)
            .chain(&self.no_intent)
    }

    pub fn flag_refs(&self) -> impl Iterator<Item = &String> {
        self.flags.iter().chain(&self.not_flags)
    }
}

/// A line the customer adds because of *how* they were spoken to.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    pub when: Condition,
    pub say: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    pub id: String,
    pub outcome: Outcome,
    pub title: String,
    /// What the customer says as the conversation ends.
    #[serde(default)]
    pub say: Vec<String>,
    /// Shown in the debrief: what happened and why.
    pub debrief: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Resolved,
    Escalated,
    WalkedOut,
    Other,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
            Outcome::WalkedOut => "walked out",
            Outcome::Other => "other",
        }
    }
}
