//! One pass over a text: canonical words with their original spans, sentences and clauses, and
//! every lexicon phrase found. Everything here is linear in the length of the text.

use std::cell::Cell;
use std::ops::Range;

use super::lexicon::{Cue, Fnv, Lexicon, Rw, WordClass, WordMeta};

/// One canonical word.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Byte range of the word in the original text.
    pub orig: Range<usize>,
    /// Byte range of the canonical word in `Analysis::surface`.
    pub at: Range<usize>,
    pub meta: WordMeta,
    pub sentence: usize,
    pub clause: usize,
    /// Written with a capital first letter and not in capitals throughout.
    pub capitalized: bool,
    /// Written in capitals throughout, with at least two letters.
    pub shouted: bool,
    /// Numeric value of digits ("814") or a number word ("three").
    pub number: Option<u64>,
    /// Letters and digits mixed ("ba117", "q3", "8am").
    pub code: bool,
    /// Part of a matched phrase.
    pub in_phrase: bool,
    /// See [`word_key`].
    pub key: u64,
    /// The minutes of a clock time ("40" in "6:40"): not a number of its own.
    pub clock_minutes: bool,
    /// For the hours of a clock time ("6" in "6:40"), the minutes.
    pub clock: Option<u8>,
    /// See [`Analysis::time_of_day`].
    pub time: Option<u32>,
}

/// What a customer can tell that a reply should not ask for again.
pub(crate) mod slot {
    pub const ROOM: u8 = 1;
    pub const TIME: u8 = 2;
    pub const PLACE: u8 = 4;
    pub const NAME: u8 = 8;
    pub const REFERENCE: u8 = 16;
    pub const DURATION: u8 = 32;
    pub const DATE: u8 = 64;
    pub const AMOUNT: u8 = 128;
}

/// The key under which a word counts as "the same thing" when comparing two texts: its synonym
/// group (also for inflections of a group's words: "charging" joins "charge"), or else a light
/// stem (plural "s" dropped, first five bytes), hashed.
pub(crate) fn word_key(word: &str, meta: WordMeta, number: Option<u64>, lex: &Lexicon) -> u64 {
    // "6 weeks" says back "six weeks".
    if let Some(n) = number {
        return (1 << 61) | (n & 0xffff_ffff);
    }
    // "3rd time" says back "the THIRD time".
    // Apart from times of day, which are keyed `1 << 60`: "12:03" is not "the 3rd".
    if let Some(n) = ordinal_of(word, meta) {
        return (1 << 59) | n;
    }
    if meta.group != 0 {
        return group_key(meta.group);
    }
    let stem = stem_hash(word);
    // Lexicon words know whether their stem joins a group.
    if meta.is_known() {
        return match meta.stem_group {
            0 => stem,
            group => group_key(group),
        };
    }
    match lex.stem_groups.get(&stem) {
        Some(group) => group_key(*group),
        None => stem,
    }
}

/// Ordinal words, looked up with the rest of a word's meta (see `WordMeta::ordinal`). "first"
/// and "second" are left out: they are everyday words ("first thing", "a second").
pub(crate) const ORDINAL_WORDS: [(&str, u8); 8] = [
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
];

/// "third" or "3rd" as 3 (see [`ORDINAL_WORDS`]).
fn ordinal_of(word: &str, meta: WordMeta) -> Option<u64> {
    if meta.ordinal != 0 {
        return Some(u64::from(meta.ordinal));
    }
    // Written ordinals start with a digit.
    if !word.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|end| word.strip_suffix(end))?;
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn group_key(group: u32) -> u64 {
    (1 << 63) | u64::from(group)
}

pub(crate) fn stem_hash(word: &str) -> u64 {
    let text = word.as_bytes();
    let text = if text.len() >= 4 && text.ends_with(b"s") && !text.ends_with(b"ss") {
        &text[..text.len() - 1]
    } else {
        text
    };
    let stem = &text[..text.len().min(5)];
    let mut hasher = Fnv::default();
    std::hash::Hasher::write(&mut hasher, stem);
    std::hash::Hasher::finish(&hasher) & !(1 << 63)
}

#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub words: Range<usize>,
    pub question: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Clause {
    pub words: Range<usize>,
    pub sentence: usize,
    /// Starts with "but", "however", ...
    pub contrast: bool,
}

/// A lexicon phrase found in the text, by word index (inclusive range).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub cue: Cue,
    pub first: usize,
    pub last: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Analysis {
    /// Canonical words laid out as in `lexicon::surface`.
    pub surface: String,
    pub words: Vec<Word>,
    pub sentences: Vec<Sentence>,
    pub clauses: Vec<Clause>,
    pub found: Vec<Found>,
    /// Original byte ranges of mocking emoji.
    pub sarcasm_emoji: Vec<Range<usize>>,
    /// Words as the writer typed them (before spelling expansion).
    pub typed_words: usize,
}

/// Number words, looked up with the rest of a word's meta (see `WordMeta::number`).
pub(crate) const NUMBER_WORDS: [(&str, u8); 22] = [
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("ninety", 90),
    ("hundred", 100),
];

/// The value of digits ("814", at most 18 of them) or of a number word ("three").
fn number_of(word: &str, meta: WordMeta) -> Option<u64> {
    if word.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        if word.len() <= 18 && word.bytes().all(|b| b.is_ascii_digit()) {
            return word.parse().ok();
        }
        return None;
    }
    meta.number.checked_sub(1).map(u64::from)
}

fn is_code(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit()) && word.chars().any(char::is_alphabetic)
}

impl Analysis {
    pub(crate) fn new(text: &str, lex: &Lexicon) -> Analysis {
        // Typed words, normalised as `crate::text::Normalized` does (lowercase, apostrophes
        // dropped, anything else not a letter or digit separates words), in one pass and one
        // buffer: `lower[token.lower]` is the word, `token.orig` where it was typed.
        let spare = SPARE.take().unwrap_or_default();
        let Spare {
            mut lower,
            mut tokens,
            mut analysis,
        } = spare;
        lower.clear();
        lower.reserve(text.len());
        tokens.clear();
        tokens.reserve(text.len() / 5 + 1);
        let mut current: Option<Token> = None;
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b < 0x80 {
                // ASCII, most of what anyone types: byte tests, no decoding.
                let class = ASCII_CLASS[usize::from(b)];
                if class != 0 {
                    let token = current.get_or_insert_with(|| Token::starting(lower.len(), at));
                    let upper = class & UPPER != 0;
                    if class & LETTER != 0 {
                        if token.letters == 0 {
                            token.first_upper = upper;
                        }
                        token.letters += 1;
                        token.upper += u32::from(upper);
                    }
                    // Capitals are their lowercase letter less 0x20.
                    lower.push(char::from(b | (class & UPPER)));
                    token.lower.end = lower.len();
                    token.orig.end = at + 1;
                } else if !matches!(b, b'\'' | b'`')
                    && let Some(token) = current.take()
                {
                    tokens.push(token);
                }
                at += 1;
                continue;
            }
            let c = text
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(' ');
            let width = c.len_utf8();
            if c.is_alphanumeric() {
                let token = current.get_or_insert_with(|| Token::starting(lower.len(), at));
                if c.is_alphabetic() {
                    if token.letters == 0 {
                        token.first_upper = c.is_uppercase();
                    }
                    token.letters += 1;
                    token.upper += u32::from(c.is_uppercase());
                }
                if c.is_ascii() {
                    lower.push(c.to_ascii_lowercase());
                } else {
                    lower.extend(c.to_lowercase());
                }
                token.lower.end = lower.len();
                token.orig.end = at + width;
            } else if !is_apostrophe(c)
                && let Some(token) = current.take()
            {
                tokens.push(token);
            }
            at += width;
        }
        tokens.extend(current);

        let mut surface = std::mem::take(&mut analysis.surface);
        surface.clear();
        surface.reserve(lower.len() * 2 + 2);
        surface.push(' ');
        let mut words = std::mem::take(&mut analysis.words);
        words.clear();
        words.reserve(tokens.len() + 4);
        let mut squeezed = String::new();
        for (t, token) in tokens.iter().enumerate() {
            let typed = lower.get(token.lower.clone()).unwrap_or("");
            let next = tokens.get(t + 1).and_then(|n| lower.get(n.lower.clone()));
            let shouted = token.letters >= 2 && token.upper == token.letters;
            let capitalized = token.first_upper && !shouted;
            let (typed_meta, expand) = lex.typed(typed);
            let mut emit = |word: &str, meta: Option<WordMeta>| {
                if !words.is_empty() {
                    surface.push_str("  ");
                }
                let start = surface.len();
                surface.push_str(word);
                let meta = meta.unwrap_or_else(|| lex.meta(word));
                let number = number_of(word, meta);
                words.push(Word {
                    key: word_key(word, meta, number, lex),
                    orig: token.orig.clone(),
                    at: start..surface.len(),
                    meta,
                    sentence: 0,
                    clause: 0,
                    capitalized,
                    shouted,
                    number,
                    code: is_code(word),
                    in_phrase: false,
                    clock_minutes: false,
                    clock: None,
                    time: None,
                });
            };
            if expand {
                lex.canon
                    .expand(typed, next, &mut squeezed, &mut |word| emit(word, None));
            } else {
                emit(typed, Some(typed_meta));
            }
        }
        let typed_words = tokens.len();
        surface.push(' ');
        if lower.capacity() <= KEEP_BYTES {
            SPARE.set(Some(Spare {
                lower,
                tokens,
                analysis: Analysis::default(),
            }));
        }

        analysis.surface = surface;
        analysis.words = words;
        analysis.typed_words = typed_words;
        analysis.sentences.clear();
        analysis.clauses.clear();
        analysis.found.clear();
        analysis.sarcasm_emoji.clear();
        analysis.split(text, lex);
        // A time of day is the same thing however it is written ("8am", "at 8", "8:00"), and
        // 6:30 is not 6:10.
        for i in 0..analysis.words.len() {
            let time = analysis.compute_time_of_day(i);
            if let Some(t) = time {
                analysis.words[i].key = (1 << 60) | u64::from(t);
            }
            analysis.words[i].time = time;
        }
        analysis.find_phrases(lex);
        analysis
    }

    /// Hands this analysis's buffers to the next [`Analysis::new`] on this thread.
    pub(crate) fn recycle(self) {
        if self.surface.capacity() > KEEP_BYTES * 2 {
            return;
        }
        let mut spare = SPARE.take().unwrap_or_default();
        spare.analysis = self;
        SPARE.set(Some(spare));
    }

    pub(crate) fn word(&self, i: usize) -> &str {
        self.words
            .get(i)
            .and_then(|w| self.surface.get(w.at.clone()))
            .unwrap_or("")
    }

    /// Which of the words the rules name word `i` is; `Rw::Unnamed` past the end.
    pub(crate) fn rw(&self, i: usize) -> Rw {
        self.words.get(i).map_or(Rw::Unnamed, |w| w.meta.rule)
    }

    /// Original byte range covering words `first..=last`.
    pub(crate) fn span(&self, first: usize, last: usize) -> Range<usize> {
        match (self.words.get(first), self.words.get(last)) {
            (Some(a), Some(b)) if a.orig.start <= b.orig.end => a.orig.start..b.orig.end,
            _ => 0..0,
        }
    }

    /// Sentences and clauses from the punctuation between words; mocking emoji on the way.
    fn split(&mut self, text: &str, lex: &Lexicon) {
        let mut sentence_start = 0;
        let mut clause_start = 0;
        let mut clause_contrast = false;
        let count = self.words.len();
        // Only non-ASCII characters are looked up among the emoji, unless a lexicon lists an
        // ASCII one.
        let ascii_emoji = lex.sarcasm_emoji.iter().any(char::is_ascii);
        for i in 0..=count {
            let gap_start = if i == 0 {
                0
            } else {
                self.words[i - 1].orig.end
            };
            let gap_end = self.words.get(i).map_or(text.len(), |w| w.orig.start);
            let gap = text.get(gap_start..gap_end.max(gap_start)).unwrap_or("");
            let mut ends_sentence = false;
            let mut ends_clause = false;
            let mut question = false;
            // "5.50", "3:15" and "1,000" keep their numbers together.
            let between_digits = gap.len() == 1
                && i > 0
                && i < count
                && self.words[i - 1].number.is_some()
                && self.words[i].number.is_some();
            if between_digits && gap == ":" {
                let minutes = self.words[i].number.filter(|m| *m < 60);
                if let Some(m) = minutes
                    && self.words[i - 1].number.is_some_and(|h| h <= 24)
                {
                    self.words[i].clock_minutes = true;
                    self.words[i - 1].clock = u8::try_from(m).ok();
                }
            }
            for (offset, c) in gap.char_indices() {
                match c {
                    '.' | ':' | ',' if between_digits => {}
                    '.' | '!' | '?' | ';' | '\n' | '…' => {
                        ends_sentence = true;
                        question |= c == '?';
                    }
                    ',' | ':' | '—' | '–' | '(' | ')' | '"' | '“' | '”' => {
                        ends_clause = true
                    }
                    '-' if gap.len() > 1 => ends_clause = true,
                    _ if (ascii_emoji || !c.is_ascii()) && lex.sarcasm_emoji.contains(&c) => {
                        let at = gap_start + offset;
                        self.sarcasm_emoji.push(at..at + c.len_utf8());
                    }
                    _ => {}
                }
            }
            if i == 0 {
                continue;
            }
            let contrast_here = i < count && self.words[i].meta.is(WordClass::Contrast);
            if ends_sentence || i == count {
                let index = self.sentences.len();
                self.sentences.push(Sentence {
                    words: sentence_start..i,
                    question,
                });
                self.clauses.push(Clause {
                    words: clause_start..i,
                    sentence: index,
                    contrast: clause_contrast,
                });
                sentence_start = i;
                clause_start = i;
                clause_contrast = contrast_here;
            } else if ends_clause || contrast_here {
                self.clauses.push(Clause {
                    words: clause_start..i,
                    sentence: self.sentences.len(),
                    contrast: clause_contrast,
                });
                clause_start = i;
                clause_contrast = contrast_here;
            }
        }
        for (index, clause) in self.clauses.iter().enumerate() {
            for word in &mut self.words[clause.words.clone()] {
                word.clause = index;
                word.sentence = clause.sentence;
            }
        }
        // Unpunctuated questions: "can you give me your order number".
        for sentence in &mut self.sentences {
            let first = sentence.words.start;
            if !sentence.question && sentence.words.len() >= 2 {
                let opener = self.words[first].meta.is(WordClass::QuestionStarts);
                let next = self.surface.get(self.words[first + 1].at.clone());
                let pronoun = matches!(
                    next,
                    Some("you" | "i" | "we" | "it" | "that" | "this" | "there" | "your" | "the")
                );
                sentence.question = opener && pronoun;
            }
        }
    }

    fn find_phrases(&mut self, lex: &Lexicon) {
        let words = &self.words;
        let found = &mut self.found;
        lex.phrases.find(
            words.len(),
            |i| words.get(i).map_or(0, |w| w.meta.phrase),
            |cue, first, last| found.push(Found { cue, first, last }),
        );
        for found in &self.found {
            for word in &mut self.words[found.first..=found.last] {
                word.in_phrase = true;
            }
        }
    }

    /// Find extra phrases (already in `surface` form) and add them, keeping `found` in order.
    pub(crate) fn add_phrases<'p>(&mut self, phrases: impl Iterator<Item = (&'p str, Cue)>) {
        let mut added = false;
        for (pattern, cue) in phrases {
            if pattern.trim().is_empty() {
                continue;
            }
            let hits: Vec<Range<usize>> = self
                .surface
                .match_indices(pattern)
                .map(|(at, p)| at..at + p.len())
                .collect();
            for hit in hits {
                if let Some((first, last)) = self.words_of(hit) {
                    self.found.push(Found { cue, first, last });
                    added = true;
                }
            }
        }
        if added {
            self.found.sort_by_key(|f| (f.first, f.last));
        }
    }

    /// Word indices of a surface match " w1  ...  wn ".
    fn words_of(&self, hit: Range<usize>) -> Option<(usize, usize)> {
        let first = self
            .words
            .binary_search_by_key(&(hit.start + 1), |w| w.at.start)
            .ok()?;
        let last = self
            .words
            .binary_search_by_key(&(hit.end.checked_sub(1)?), |w| w.at.end)
            .ok()?;
        (first <= last).then_some((first, last))
    }

    /// Key under which word `i` counts as "the same thing" when comparing two texts.
    pub(crate) fn key(&self, i: usize) -> u64 {
        self.words.get(i).map_or(0, |w| w.key)
    }

    /// The time of day word `i` states, in minutes on a 12-hour dial: "6:40", "8am", "at 9",
    /// "7 oclock". Durations ("for 3 hours") and other numbers are not times.
    pub(crate) fn time_of_day(&self, i: usize) -> Option<u32> {
        self.words.get(i).and_then(|w| w.time)
    }

    fn compute_time_of_day(&self, i: usize) -> Option<u32> {
        let word = self.words.get(i)?;
        // Every time below is read from a number or a code.
        if word.clock_minutes || (word.number.is_none() && !word.code) {
            return None;
        }
        let text = self.word(i);
        let hour_minutes = |h: u64, m: u64| u32::try_from((h % 12) * 60 + m).ok();
        if let Some(minutes) = word.clock {
            return hour_minutes(word.number?, u64::from(minutes));
        }
        if word.code {
            let digits = text
                .strip_suffix("am")
                .or_else(|| text.strip_suffix("pm"))?;
            let hour: u64 = digits.parse().ok().filter(|h| *h <= 24)?;
            return hour_minutes(hour, 0);
        }
        let hour = word.number.filter(|h| (1..=24).contains(h))?;
        let next = self.word(i + 1);
        let prev = i.checked_sub(1).map_or("", |j| self.word(j));
        let marked = matches!(next, "am" | "pm" | "oclock");
        let unit = self
            .words
            .get(i + 1)
            .is_some_and(|w| w.meta.is(WordClass::Anchors));
        let at = matches!(
            prev,
            "at" | "by" | "since" | "until" | "till" | "before" | "from"
        );
        (marked || (at && !unit))
            .then(|| hour_minutes(hour, 0))
            .flatten()
    }

    /// A date written as an ordinal and not a count ("on the 3rd", not "the 2nd charge").
    pub(crate) fn date_ordinal(&self, i: usize) -> Option<u64> {
        let word = self.words.get(i)?;
        // Digits and a suffix: only codes ("3rd") can be.
        if !word.code {
            return None;
        }
        let text = self.word(i);
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|end| text.strip_suffix(end))?;
        let day: u64 = digits.parse().ok().filter(|d| (1..=31).contains(d))?;
        let prev = i.checked_sub(1).map_or("", |j| self.word(j));
        let dated = matches!(prev, "the" | "on") || self.words[i.saturating_sub(1)].capitalized;
        let next_is_thing = self
            .words
            .get(i + 1)
            .is_some_and(|n| n.clause == word.clause && self.rw(i + 1) != Rw::Of);
        (dated && !next_is_thing).then_some(day)
    }

    /// A word that carries meaning for comparison: not a stopword, and a number or 3+ letters.
    pub(crate) fn is_content(&self, i: usize) -> bool {
        let Some(word) = self.words.get(i) else {
            return false;
        };
        !word.meta.is(WordClass::Stopwords)
            && !word.clock_minutes
            && (word.number.is_some() || word.code || self.word(i).chars().nth(2).is_some())
    }

    /// A concrete value: a number, a code, or a capitalised name not opening a sentence.
    pub(crate) fn is_value(&self, i: usize) -> bool {
        let Some(word) = self.words.get(i) else {
            return false;
        };
        let opens_sentence = self
            .sentences
            .get(word.sentence)
            .is_some_and(|s| s.words.start == i);
        let when = word.meta.is(WordClass::Times)
            && !word.meta.is(WordClass::Anchors)
            && !word.meta.is(WordClass::Stopwords);
        word.number.is_some()
            || word.code
            || when
            || (word.capitalized
                && !opens_sentence
                && !word.meta.is(WordClass::Stopwords)
                && self.rw(i) != Rw::I)
    }
}

/// Buffers kept between analyses on one thread: a trainee's replies are scored one after another,
/// and reusing the buffers of the last one saves most of the allocations of a new analysis.
#[derive(Default)]
struct Spare {
    /// `Analysis::new`'s own working buffers.
    lower: String,
    tokens: Vec<Token>,
    /// The buffers of the last analysis [`Analysis::recycle`]d, emptied on reuse.
    analysis: Analysis,
}

thread_local! {
    static SPARE: Cell<Option<Spare>> = const { Cell::new(None) };
}

/// Buffers grown by texts longer than this (a pasted document) are freed rather than kept.
const KEEP_BYTES: usize = 1 << 16;

/// `ASCII_CLASS` bits: a capital letter (the bit that lowercases it), a letter, a digit.
const UPPER: u8 = 0x20;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;

/// Per ASCII byte, what the tokenizer needs to know in one load; 0 separates words.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            UPPER | LETTER
        } else if c.is_ascii_lowercase() {
            LETTER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    table
};

/// A typed word while splitting the text.
struct Token {
    lower: Range<usize>,
    orig: Range<usize>,
    letters: u32,
    upper: u32,
    first_upper: bool,
}

impl Token {
    /// An empty word starting at byte `at` of the text and `lower` of the lowercased buffer.
    fn starting(lower: usize, at: usize) -> Token {
        Token {
            lower: lower..lower,
            orig: at..at,
            letters: 0,
            upper: 0,
            first_upper: false,
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | 'ʼ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::lexicon::{BUILTIN_LEXICON, LexiconFile};
    use std::path::Path;

    fn lex() -> Lexicon {
        let file = LexiconFile::parse(BUILTIN_LEXICON, Path::new("lexicon.yaml")).unwrap();
        Lexicon::build(&file, None).unwrap()
    }

    #[test]
    fn splits_sentences_clauses_and_questions() {
        let lex = lex();
        let a = Analysis::new("I'm sorry, but that's policy. Which room?", &lex);
        assert_eq!(a.sentences.len(), 2);
        assert!(a.sentences[1].question);
        assert!(a.clauses.iter().any(|c| c.contrast));
    }

    #[test]
    fn expanded_words_keep_the_typed_span() {
        let lex = lex();
        let text = "ill fix it";
        let a = Analysis::new(text, &lex);
        assert_eq!(a.word(0), "i");
        assert_eq!(a.word(1), "will");
        assert_eq!(&text[a.span(0, 1)], "ill");
        assert_eq!(a.typed_words, 3);
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let lex = lex();
        let a = Analysis::new("still sorry", &lex);
        let cues: Vec<Cue> = a.found.iter().map(|f| f.cue).collect();
        assert_eq!(cues, vec![Cue::ApologyWord]);
    }

    #[test]
    fn longer_phrase_wins() {
        let lex = lex();
        let a = Analysis::new("It's not your fault", &lex);
        assert_eq!(a.found[0].cue, Cue::EmpathyValidation);
    }

    #[test]
    fn finds_mocking_emoji() {
        let lex = lex();
        let a = Analysis::new("sure 🙄", &lex);
        assert_eq!(a.sarcasm_emoji.len(), 1);
    }
}
