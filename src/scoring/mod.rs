//! Scoring a trainee's reply on the four dimensions trainers teach, with the evidence behind
//! every point so the trainee can see *why*.

use std::borrow::Cow;
use std::fmt;

mod analysis;
pub mod lexicon;
mod report;
mod rules;
mod tips;

pub use lexicon::{LexiconError, LexiconFile};
pub use report::{render, score_jsonl};
pub use rules::RuleScorer;

use serde::{Deserialize, Serialize};

use crate::scenario::model::LexiconExtension;

/// The four things a de-escalating reply shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Listening,
    Empathy,
    Apology,
    Ownership,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::Listening,
        Dimension::Empathy,
        Dimension::Apology,
        Dimension::Ownership,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Dimension::Listening => "listening",
            Dimension::Empathy => "empathy",
            Dimension::Apology => "apology",
            Dimension::Ownership => "ownership",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Scores 0 (not shown) to 100 (shown strongly) per dimension.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Scores {
    pub listening: u8,
    pub empathy: u8,
    pub apology: u8,
    pub ownership: u8,
}

impl Scores {
    pub fn get(&self, dimension: Dimension) -> u8 {
        match dimension {
            Dimension::Listening => self.listening,
            Dimension::Empathy => self.empathy,
            Dimension::Apology => self.apology,
            Dimension::Ownership => self.ownership,
        }
    }

    pub fn set(&mut self, dimension: Dimension, value: u8) {
        let value = value.min(100);
        match dimension {
            Dimension::Listening => self.listening = value,
            Dimension::Empathy => self.empathy = value,
            Dimension::Apology => self.apology = value,
            Dimension::Ownership => self.ownership = value,
        }
    }

    /// The plain mean of the four dimensions, rounded.
    pub fn overall(&self) -> u8 {
        let sum: u32 = Dimension::ALL.iter().map(|d| u32::from(self.get(*d))).sum();
        ((sum + 2) / 4) as u8
    }
}

/// A harmful move a reply can make. Each raises the customer's anger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HarmKind {
    /// "Sorry if you were upset", "mistakes were made", "I won't apologise".
    NonApology,
    /// A "but" that takes back the apology or empathy before it.
    ButTakeback,
    /// Blaming the customer.
    Blame,
    /// Passing the buck: another department, "the system", policy.
    PassingBuck,
    /// "Calm down", "relax", "it's not a big deal".
    Dismissive,
    Sarcasm,
    /// "We'll see", "someone will call you".
    VaguePromise,
    /// Asking for something the customer already said.
    AsksAgain,
    /// Writing in capitals.
    Shouting,
    /// A curt or empty reply.
    Curt,
}

impl HarmKind {
    pub const ALL: [HarmKind; 10] = [
        HarmKind::NonApology,
        HarmKind::ButTakeback,
        HarmKind::Blame,
        HarmKind::PassingBuck,
        HarmKind::Dismissive,
        HarmKind::Sarcasm,
        HarmKind::VaguePromise,
        HarmKind::AsksAgain,
        HarmKind::Shouting,
        HarmKind::Curt,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HarmKind::NonApology => "non_apology",
            HarmKind::ButTakeback => "but_takeback",
            HarmKind::Blame => "blame",
            HarmKind::PassingBuck => "passing_buck",
            HarmKind::Dismissive => "dismissive",
            HarmKind::Sarcasm => "sarcasm",
            HarmKind::VaguePromise => "vague_promise",
            HarmKind::AsksAgain => "asks_again",
            HarmKind::Shouting => "shouting",
            HarmKind::Curt => "curt",
        }
    }
}

impl fmt::Display for HarmKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A span of the reply that earned (positive `points`) or cost (negative) points.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Evidence {
    /// Byte range in the reply, `start..end`.
    pub start: usize,
    pub end: usize,
    pub dimension: Dimension,
    /// The rule's stable name, e.g. `apology.owns_error`. Borrowed when the scorer makes it, so
    /// a reply's evidence costs no allocation per rule name.
    pub rule: Cow<'static, str>,
    pub points: i32,
    /// A short explanation for the trainee.
    pub explanation: String,
}

/// A harmful move found in the reply, with its span.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Harm {
    pub kind: HarmKind,
    pub start: usize,
    pub end: usize,
    pub explanation: String,
}

/// Everything the scorer says about one reply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Assessment {
    pub scores: Scores,
    pub evidence: Vec<Evidence>,
    pub flags: Vec<Harm>,
    /// One concrete coaching tip for the weakest dimension.
    pub tip: String,
}

/// A fact the customer has stated, in its wordings.
#[derive(Debug, Clone, Copy)]
pub struct StatedFact<'a> {
    pub text: &'a str,
    pub synonyms: &'a [String],
}

/// What the reply answers: the customer's words and what they have said so far.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScoreContext<'a> {
    /// The customer's line this reply answers.
    pub customer_line: &'a str,
    /// Facts the customer has stated so far in the conversation.
    pub facts: &'a [StatedFact<'a>],
    /// Scenario-specific extra phrases.
    pub lexicon: Option<&'a LexiconExtension>,
}

/// Anything that can score a reply. The engine depends only on this, so scorers can be swapped.
pub trait Scorer {
    fn score(&self, reply: &str, context: &ScoreContext<'_>) -> Assessment;
}
