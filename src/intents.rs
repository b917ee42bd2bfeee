//! Detecting a scenario's intents (what the trainee offered or asked) in a reply.
//!
//! Phrases match whole words in the normalised reply, so "rebook" matches "I'll REBOOK you" but
//! not "rebooking-fee"-style partial words unless written as a phrase. A phrase preceded closely by
//! a negation ("I can't rebook you") is not an offer, so it does not count.

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder};

use crate::scenario::model::Intent;
use crate::text::{Normalized, normalize_phrase, on_word_boundaries};

/// Words that, within the few words before a phrase, turn an offer into a refusal.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "cant", "cannot", "wont", "dont", "didnt", "doesnt", "isnt", "unable",
    "couldnt", "wouldnt", "shouldnt", "without", "nor", "aint",
];
const NEGATION_REACH: usize = 3;

#[derive(Debug)]
pub struct IntentMatcher {
    names: Vec<String>,
    phrases: Option<AhoCorasick>,
    /// For each phrase in the automaton, the index of its intent.
    phrase_intent: Vec<usize>,
    patterns: Vec<(Regex, usize)>,
}

/// A pattern that is not a valid regular expression.
#[derive(Debug, Clone)]
pub struct BadPattern {
    pub intent: usize,
    pub pattern: usize,
    pub message: String,
}

impl IntentMatcher {
    pub fn new(intents: &[Intent]) -> Result<Self, Vec<BadPattern>> {
        let mut phrase_texts = Vec::new();
        let mut phrase_intent = Vec::new();
        let mut patterns = Vec::new();
        let mut bad = Vec::new();
        for (intent_index, intent) in intents.iter().enumerate() {
            for phrase in &intent.phrases {
                let normalized = normalize_phrase(phrase);
                if !normalized.is_empty() {
                    phrase_texts.push(normalized);
                    phrase_intent.push(intent_index);
                }
            }
            for (pattern_index, pattern) in intent.patterns.iter().enumerate() {
                match RegexBuilder::new(pattern)
                    .case_insensitive(true)
                    .size_limit(1 << 20)
                    .build()
                {
                    Ok(regex) => patterns.push((regex, intent_index)),
                    Err(error) => bad.push(BadPattern {
                        intent: intent_index,
                        pattern: pattern_index,
                        message: error.to_string(),
                    }),
                }
            }
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        let phrases = if phrase_texts.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&phrase_texts)
                    .map_err(|error| {
                        vec![BadPattern {
                            intent: 0,
                            pattern: 0,
                            message: error.to_string(),
                        }]
                    })?,
            )
        };
        Ok(IntentMatcher {
            names: intents.iter().map(|i| i.id.clone()).collect(),
            phrases,
            phrase_intent,
            patterns,
        })
    }

    /// The ids of the intents found in `reply`, in the scenario's order.
    pub fn detect(&self, reply: &str) -> Vec<String> {
        let mut found = vec![false; self.names.len()];
        let normalized = Normalized::new(reply);
        let text = normalized.as_str();
        if let Some(automaton) = &self.phrases {
            for hit in automaton.find_overlapping_iter(text) {
                let range = hit.range();
                if on_word_boundaries(text, &range) && !negated_before(text, range.start) {
                    found[self.phrase_intent[hit.pattern().as_usize()]] = true;
                }
            }
        }
        for (regex, intent) in &self.patterns {
            if !found[*intent] && regex.is_match(reply) {
                found[*intent] = true;
            }
        }
        self.names
            .iter()
            .zip(found)
            .filter(|(_, hit)| *hit)
            .map(|(name, _)| name.clone())
            .collect()
    }
}

fn negated_before(text: &str, start: usize) -> bool {
    text[..start]
        .split(' ')
        .rev()
        .filter(|w| !w.is_empty())
        .take(NEGATION_REACH)
        .any(|w| NEGATIONS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(id: &str, phrases: &[&str], patterns: &[&str]) -> Intent {
        Intent {
            id: id.into(),
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            patterns: patterns.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn finds_phrases_however_they_are_typed() {
        let matcher = IntentMatcher::new(&[
            intent("offers_rebooking", &["rebook", "next flight"], &[]),
            intent("offers_refund", &["refund"], &[]),
        ])
        .unwrap();
        assert_eq!(
            matcher.detect("ok ill REBOOK u on the next flight!!"),
            vec!["offers_rebooking"]
        );
        assert!(matcher.detect("I'll rebooking-fee").is_empty());
    }

    #[test]
    fn ignores_negated_offers() {
        let matcher = IntentMatcher::new(&[intent("offers_refund", &["refund"], &[])]).unwrap();
        assert!(matcher.detect("I can't refund you, sorry").is_empty());
        assert!(matcher.detect("no refund is possible").is_empty());
        assert_eq!(
            matcher.detect("I'll refund you today"),
            vec!["offers_refund"]
        );
    }

    #[test]
    fn matches_patterns_and_reports_bad_ones() {
        let matcher = IntentMatcher::new(&[intent(
            "asks_reference",
            &[],
            &[r"booking (ref|reference|code)"],
        )])
        .unwrap();
        assert_eq!(
            matcher.detect("What's your Booking Ref?"),
            vec!["asks_reference"]
        );
        let bad = IntentMatcher::new(&[intent("broken", &[], &["(unclosed"])]).unwrap_err();
        assert_eq!(bad[0].intent, 0);
    }
}
