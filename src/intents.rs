//! Detecting a scenario's intents (what the trainee offered or asked) in a reply.
//!
//! Replies and phrases are compared as canonical words (lowercase, apostrophes dropped, the
//! scorer's spelling table applied), so a trainer's "get you on" also finds "get u on" and "I'll"
//! finds "ill". A match preceded within its clause by a negation ("I can't rebook you", "it
//! wasn't our mistake") is not an offer, so it does not count; a negation in an earlier clause
//! ("no problem, I'll rebook you") does not reach it.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder};

use crate::scenario::model::Intent;
use crate::scoring::lexicon::{Canon, builtin_canon};
use crate::text::Normalized;

/// Canonical words that turn what follows them (within the clause) into a refusal or denial.
const NEGATIONS: &[&str] = &["not", "no", "never", "without", "nor", "unable", "neither"];
/// "no problem, ..." and "no I'll ..." are not negations of what follows "no".
const NOT_NEGATING_AFTER_NO: &[&str] = &[
    "problem", "problems", "worries", "worry", "doubt", "matter", "i", "we", "you", "it", "that",
    "this", "thats", "ok", "okay", "wait", "sorry",
];
/// Words that start a new clause: a negation before them does not reach past them.
const CLAUSE_WORDS: &[&str] = &["but", "and", "so", "then", "because", "though", "however"];
/// How many words back a negation reaches.
const NEGATION_REACH: usize = 6;

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

/// A reply as canonical words, each with the byte range it came from in the original text.
struct Words {
    text: String,
    /// Start of each word in `text`.
    starts: Vec<usize>,
    /// The original byte range of each word.
    origin: Vec<Range<usize>>,
}

impl Words {
    fn new(reply: &str, canon: &Canon) -> Self {
        let normalized = Normalized::new(reply);
        let mut words = Words {
            text: String::with_capacity(normalized.as_str().len()),
            starts: Vec::new(),
            origin: Vec::new(),
        };
        canon.for_each(&normalized, |range, word| {
            if !words.text.is_empty() {
                words.text.push(' ');
            }
            words.starts.push(words.text.len());
            words.text.push_str(word);
            words.origin.push(normalized.original_range(range));
        });
        words
    }

    fn word(&self, index: usize) -> &str {
        let start = self.starts[index];
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        &self.text[start..end]
    }

    /// Whether word `index` is negated by a word shortly before it in the same clause.
    fn negated(&self, reply: &str, index: usize) -> bool {
        let mut current = index;
        for _ in 0..NEGATION_REACH {
            let Some(previous) = current.checked_sub(1) else {
                return false;
            };
            // Punctuation between two words ends the clause.
            let between = reply
                .get(self.origin[previous].end..self.origin[current].start)
                .unwrap_or("");
            if between.contains([',', '.', ';', ':', '!', '?', '\n', '—', '–', '(', ')'])
                || between.contains(" - ")
            {
                return false;
            }
            let word = self.word(previous);
            if CLAUSE_WORDS.contains(&word) {
                return false;
            }
            if NEGATIONS.contains(&word) {
                let after = self.word(previous + 1);
                let idiom = word == "no" && NOT_NEGATING_AFTER_NO.contains(&after);
                return !idiom;
            }
            current = previous;
        }
        false
    }

    /// The index of the first word starting at or after original byte `offset`.
    fn word_at(&self, offset: usize) -> Option<usize> {
        let index = self.origin.partition_point(|r| r.end <= offset);
        (index < self.origin.len()).then_some(index)
    }
}

impl IntentMatcher {
    pub fn new(intents: &[Intent]) -> Result<Self, Vec<BadPattern>> {
        let canon = builtin_canon();
        let mut phrase_texts = Vec::new();
        let mut phrase_intent = Vec::new();
        let mut patterns = Vec::new();
        let mut bad = Vec::new();
        for (intent_index, intent) in intents.iter().enumerate() {
            for phrase in &intent.phrases {
                let canonical = canon.phrase(phrase);
                if !canonical.is_empty() {
                    phrase_texts.push(canonical);
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
        let words = Words::new(reply, builtin_canon());
        if let Some(automaton) = &self.phrases {
            for hit in automaton.find_overlapping_iter(&words.text) {
                let range = hit.range();
                let ends_on_word = range.end == words.text.len()
                    || words.text.as_bytes().get(range.end) == Some(&b' ');
                let Ok(first_word) = words.starts.binary_search(&range.start) else {
                    continue;
                };
                if ends_on_word && !words.negated(reply, first_word) {
                    found[self.phrase_intent[hit.pattern().as_usize()]] = true;
                }
            }
        }
        for (regex, intent) in &self.patterns {
            if found[*intent] {
                continue;
            }
            found[*intent] = regex.find_iter(reply).any(|hit| {
                words
                    .word_at(hit.start())
                    .is_none_or(|index| !words.negated(reply, index))
            });
        }
        self.names
            .iter()
            .zip(found)
            .filter(|(_, hit)| *hit)
            .map(|(name, _)| name.clone())
            .collect()
    }
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

    fn matcher(phrases: &[&str], patterns: &[&str]) -> IntentMatcher {
        IntentMatcher::new(&[intent("hit", phrases, patterns)]).unwrap()
    }

    fn hit(matcher: &IntentMatcher, reply: &str) -> bool {
        !matcher.detect(reply).is_empty()
    }

    #[test]
    fn finds_phrases_however_they_are_typed() {
        let matcher = IntentMatcher::new(&[
            intent(
                "offers_rebooking",
                &["rebook", "get you on the next flight"],
                &[],
            ),
            intent("offers_refund", &["refund"], &[]),
        ])
        .unwrap();
        assert_eq!(
            matcher.detect("ok ill get u on the NEXT flight!!"),
            vec!["offers_rebooking"]
        );
        assert!(matcher.detect("I'll rebooking-fee").is_empty());
    }

    #[test]
    fn ignores_negated_offers_within_the_clause() {
        let refund = matcher(&["refund"], &[]);
        assert!(!hit(&refund, "I can't refund you, sorry"));
        assert!(!hit(&refund, "no refund is possible"));
        assert!(!hit(&refund, "we're not able to give you a refund"));
        assert!(hit(&refund, "I'll refund you today"));
        assert!(hit(&refund, "no problem, I'll refund you today"));
        assert!(hit(&refund, "no I'll refund you today"));
        assert!(hit(&refund, "we can't change that — I'll refund you"));
        assert!(hit(
            &refund,
            "I can't change the weather, but I'll refund the fee"
        ));
        let ours = matcher(&["our mistake", "our fault"], &[]);
        assert!(!hit(&ours, "it wasn't our mistake"));
        assert!(!hit(&ours, "I can't say it was our fault"));
        assert!(hit(&ours, "that was our mistake, not yours"));
    }

    #[test]
    fn patterns_match_and_respect_negation() {
        let asks = matcher(&[], &[r"booking (ref|reference|code)"]);
        assert!(hit(&asks, "What's your Booking Ref?"));
        let seat = matcher(&[], &[r"get you on (tonight|the)"]);
        assert!(hit(&seat, "I can get you on tonight's 9:50"));
        assert!(!hit(&seat, "I can't get you on tonight's flight"));
        let bad = IntentMatcher::new(&[intent("broken", &[], &["(unclosed"])]).unwrap_err();
        assert_eq!(bad[0].intent, 0);
    }
}
