//! The default scorer: explainable rules over the lexicon, one linear pass per text.
//!
//! Each dimension collects *items*: spans of the reply that earn points. The strongest item of a
//! kind counts in full and further ones add a little (two "sorry"s are not twice the apology).
//! Harmful moves then take points back, each as its own negative item, so the evidence always
//! adds up to the score the trainee sees. `docs/scoring.md` explains every rule in plain words.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;
use std::path::Path;
use std::rc::Rc;
use std::sync::{Arc, Mutex, OnceLock};

use super::analysis::{Analysis, Found, slot, stem_hash};
use super::lexicon::{
    BUILTIN_LEXICON, Cue, Lexicon, LexiconError, LexiconFile, Rw, WordClass, WordMap, surface,
};
use super::tips;
use super::{Assessment, Dimension, Evidence, Harm, HarmKind, ScoreContext, Scorer, Scores};

/// The built-in rule-and-lexicon scorer. Offline, deterministic and linear in the reply length.
pub struct RuleScorer {
    /// Shared: the built-in lexicon is compiled once per process (see `RuleScorer::new`).
    lex: Arc<Lexicon>,
    /// The last customer context, analysed: the same customer line is scored against many
    /// replies (a JSON-lines batch, a debrief), and analysing it is half the work per reply.
    last_heard: Mutex<Option<(HeardKey, Arc<Heard>)>>,
}

/// What a cached `Heard` was built from.
#[derive(PartialEq, Eq)]
struct HeardKey {
    line: String,
    facts: Vec<(String, Vec<String>)>,
}

impl HeardKey {
    fn matches(&self, context: &ScoreContext<'_>) -> bool {
        self.line == context.customer_line
            && self.facts.len() == context.facts.len()
            && self
                .facts
                .iter()
                .zip(context.facts)
                .all(|((text, synonyms), fact)| text == fact.text && synonyms == fact.synonyms)
    }

    fn of(context: &ScoreContext<'_>) -> Self {
        HeardKey {
            line: context.customer_line.to_string(),
            facts: context
                .facts
                .iter()
                .map(|f| (f.text.to_string(), f.synonyms.to_vec()))
                .collect(),
        }
    }
}

impl Clone for RuleScorer {
    fn clone(&self) -> Self {
        RuleScorer {
            lex: Arc::clone(&self.lex),
            last_heard: Mutex::new(None),
        }
    }
}

impl std::fmt::Debug for RuleScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleScorer").finish_non_exhaustive()
    }
}

impl Default for RuleScorer {
    fn default() -> Self {
        Self::new()
    }
}

impl RuleScorer {
    /// The scorer with the built-in lexicon.
    /// Parsing and compiling the built-in lexicon takes milliseconds, so it is done once and
    /// shared by every scorer.
    pub fn new() -> Self {
        static BUILTIN: OnceLock<Arc<Lexicon>> = OnceLock::new();
        let lex = BUILTIN.get_or_init(|| {
            let built = LexiconFile::parse(BUILTIN_LEXICON, Path::new("lexicon.yaml"))
                .and_then(|file| Lexicon::build(&file, None));
            match built {
                Ok(lex) => Arc::new(lex),
                // The built-in file is compiled in and checked by `builtin_lexicon_parses...`, so
                // this cannot happen in a tested build; it is not input-dependent.
                Err(error) => panic!("the built-in lexicon is broken: {error}"),
            }
        });
        RuleScorer {
            lex: Arc::clone(lex),
            last_heard: Mutex::new(None),
        }
    }

    /// The built-in lexicon extended by a trainer's lexicon file (`--lexicon FILE`).
    pub fn with_extra_lexicon(path: impl AsRef<Path>) -> Result<Self, LexiconError> {
        let path = path.as_ref();
        let extra = LexiconFile::read(path)?;
        Self::with_extra_lexicon_file(&extra, path)
    }

    /// The built-in lexicon extended by an already parsed file; `path` names it in errors.
    pub fn with_extra_lexicon_file(extra: &LexiconFile, path: &Path) -> Result<Self, LexiconError> {
        let builtin = LexiconFile::parse(BUILTIN_LEXICON, Path::new("lexicon.yaml"))?;
        let lex = Lexicon::build(&builtin, Some((extra, path)))?;
        Ok(RuleScorer::from_lexicon(lex))
    }

    fn from_lexicon(lex: Lexicon) -> Self {
        RuleScorer {
            lex: Arc::new(lex),
            last_heard: Mutex::new(None),
        }
    }

    /// The analysed customer context, from the cache when it is the same as last time.
    fn heard(&self, context: &ScoreContext<'_>) -> Arc<Heard> {
        // A poisoned lock only means another thread panicked mid-update; the cache is then
        // simply rebuilt.
        let mut cache = self
            .last_heard
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((key, heard)) = cache.as_ref()
            && key.matches(context)
        {
            return Arc::clone(heard);
        }
        let heard = Arc::new(Heard::new(&self.lex, context));
        *cache = Some((HeardKey::of(context), Arc::clone(&heard)));
        heard
    }
}

impl Scorer for RuleScorer {
    fn score(&self, reply: &str, context: &ScoreContext<'_>) -> Assessment {
        Run::new(&self.lex, reply, context, self.heard(context)).assess()
    }
}

/// What the customer has said, keyed for comparison with the reply.
struct Heard {
    /// Key -> (is a value such as a number or name, a value stands near it).
    keys: WordMap<u64, (bool, bool)>,
    numbers: Vec<Stated>,
    names: Vec<(String, String)>,
    /// Kinds of detail they gave (`slot::ROOM`, ...), so asking for one again is caught.
    slots: u8,
    /// Times of day they gave, and the words near them ("pick us up at 5:30": pick, us).
    times: Vec<u32>,
    time_keys: Vec<u64>,
    /// What follows their "since" ("since 8 this morning"): keys, and times as `TIME_KEY | t`.
    since: Vec<u64>,
    /// Dates they gave as ordinals ("March 3rd").
    ordinals: Vec<u64>,
    /// Per name: the content word before it, possessives skipped ("charged my Visa": charged).
    name_slots: Vec<(u64, bool)>,
    /// A short piece of what the customer said, for tips.
    detail: Option<String>,
    words: usize,
    /// Surface forms of each fact's wordings, with the fact's text.
    facts: Vec<(String, Vec<String>)>,
    /// Minutes between the times of day they gave ("pick-up at 5:30", "it's 6:10": 40), so
    /// "forty minutes" says back what they worked out.
    elapsed: Vec<u32>,
    /// What they were promised and did not get ("promised a plumber by 9"): saying it came is
    /// getting their facts wrong.
    promised: Vec<u64>,
    /// Days of the week they named (0 = Monday).
    weekdays: Vec<u8>,
    /// Light stems of their words (see `stem_hash`): their own word back, not just its topic.
    stems: WordMap<u64, ()>,
}

/// A number or code the customer stated, with the words around it.
struct Stated {
    text: String,
    value: Option<u64>,
    prev: Option<u64>,
    next: Option<u64>,
    after_and: bool,
}

impl Heard {
    fn new(lex: &Lexicon, context: &ScoreContext<'_>) -> Heard {
        let mut heard = Heard {
            keys: WordMap::default(),
            numbers: Vec::new(),
            names: Vec::new(),
            slots: 0,
            times: Vec::new(),
            time_keys: Vec::new(),
            since: Vec::new(),
            ordinals: Vec::new(),
            name_slots: Vec::new(),
            detail: tips::customer_detail(context.customer_line),
            words: 0,
            facts: Vec::new(),
            stems: WordMap::default(),
            elapsed: Vec::new(),
            promised: Vec::new(),
            weekdays: Vec::new(),
        };
        let line = Analysis::new(context.customer_line, lex);
        heard.words = line.typed_words;
        heard.learn(&line, false);
        heard.learn_kinds(&line, context.customer_line);
        for (k, a) in heard.times.iter().enumerate() {
            for b in &heard.times[k + 1..] {
                let apart = a.abs_diff(*b);
                let apart = apart.min(720 - apart.min(720));
                if apart > 0 && !heard.elapsed.contains(&apart) {
                    heard.elapsed.push(apart);
                }
            }
        }
        for fact in context.facts {
            let wordings =
                std::iter::once(fact.text).chain(fact.synonyms.iter().map(String::as_str));
            let surfaces = wordings
                .map(|w| surface(&lex.canon.phrase(w)))
                .filter(|s| !s.trim().is_empty())
                .collect();
            heard.facts.push((fact.text.to_string(), surfaces));
            for wording in
                std::iter::once(fact.text).chain(fact.synonyms.iter().map(String::as_str))
            {
                heard.learn(&Analysis::new(wording, lex), true);
            }
        }
        heard
    }

    fn learn(&mut self, an: &Analysis, is_fact: bool) {
        for i in 0..an.words.len() {
            if !an.is_content(i) {
                continue;
            }
            let is_value = an.is_value(i);
            let sentence = &an.sentences[an.words[i].sentence].words;
            let near = is_fact
                || (i.saturating_sub(3).max(sentence.start)..(i + 4).min(sentence.end))
                    .any(|j| j != i && an.is_value(j));
            if self.stems.len() < 4096 {
                self.stems.insert(stem_hash(an.word(i)), ());
            }
            let entry = self.keys.entry(an.key(i)).or_insert((false, false));
            entry.0 |= is_value;
            entry.1 |= near || is_value;
            let word = &an.words[i];
            let anchor = |j: usize| {
                an.words
                    .get(j)
                    .filter(|w| w.meta.is(WordClass::Anchors) && w.sentence == word.sentence)
                    .map(|_| an.key(j))
            };
            // A few dozen numbers and names cover any real complaint; the cap keeps checking a
            // reply against them linear even when the context is a megabyte of digits.
            if self.numbers.len() + self.names.len() >= 64 {
                continue;
            }
            if word.number.is_some() || word.code {
                self.numbers.push(Stated {
                    text: an.word(i).to_string(),
                    value: word.number,
                    prev: i.checked_sub(1).and_then(anchor),
                    next: anchor(i + 1),
                    after_and: i > 0 && an.word(i - 1) == "and",
                });
            } else if is_value {
                let prev = i.checked_sub(1).map(|j| an.word(j)).unwrap_or("");
                self.names.push((an.word(i).to_string(), prev.to_string()));
            }
        }
    }

    /// The kinds of detail in the customer's line, their times, "since" and dates. Bounded like
    /// `learn`, so a huge context stays linear.
    fn learn_kinds(&mut self, an: &Analysis, text_typed: &str) {
        const CAP: usize = 64;
        for i in 0..an.words.len() {
            let word = &an.words[i];
            let text = an.word(i);
            let prev = i.checked_sub(1).map_or("", |j| an.word(j));
            let sentence = an
                .sentences
                .get(word.sentence)
                .map_or(0..0, |s| s.words.clone());
            if let Some(t) = an.time_of_day(i) {
                self.slots |= slot::TIME;
                if self.times.len() < CAP {
                    self.times.push(t);
                    for j in i.saturating_sub(4).max(sentence.start)..(i + 5).min(sentence.end) {
                        if j != i && an.is_content(j) && self.time_keys.len() < CAP {
                            self.time_keys.push(an.key(j));
                        }
                    }
                }
            }
            let unit_next = an
                .words
                .get(i + 1)
                .is_some_and(|w| w.meta.is(WordClass::Anchors) && w.meta.is(WordClass::Times));
            if (word.number.is_some() && unit_next && !word.clock_minutes) || text == "since" {
                self.slots |= slot::DURATION;
            }
            if let Some(day) = weekday(text)
                && self.weekdays.len() < CAP
            {
                self.weekdays.push(day);
            }
            // "promised no roaming charges" promised something would not happen.
            let promised_none = an
                .words
                .get(i + 1)
                .is_some_and(|w| w.meta.is(WordClass::Negators));
            if matches!(text, "promised" | "supposed" | "meant")
                && !promised_none
                && self.promised.len() < CAP
            {
                for j in i + 1..(i + 5).min(sentence.end) {
                    if an.is_content(j) && !an.is_value(j) {
                        self.promised.push(an.key(j));
                    }
                }
            }
            if text == "since" {
                for j in i + 1..(i + 6).min(sentence.end) {
                    if self.since.len() >= CAP {
                        break;
                    }
                    if let Some(t) = an.time_of_day(j) {
                        self.since.push(TIME_KEY | u64::from(t));
                    }
                    if an.is_content(j) || an.words[j].meta.is(WordClass::Times) {
                        self.since.push(an.key(j));
                    }
                }
            }
            let currency = text_typed
                .get(..word.orig.start)
                .is_some_and(|before| before.ends_with(['$', '£', '€']));
            let currency_word = matches!(an.word(i + 1), "dollars" | "pounds" | "euros" | "quid");
            if word.number.is_some() && (currency || currency_word) {
                self.slots |= slot::AMOUNT;
            }
            if word.number.is_some() && matches!(prev, "room" | "suite") {
                self.slots |= slot::ROOM;
            }
            let reference_word = matches!(
                prev,
                "order"
                    | "reference"
                    | "ref"
                    | "confirmation"
                    | "booking"
                    | "ticket"
                    | "case"
                    | "invoice"
                    | "number"
                    | "no"
            );
            let long_code = word.code
                && text.len() >= 4
                && an.date_ordinal(i).is_none()
                && an.time_of_day(i).is_none();
            let long_number = word.number.is_some() && text.len() >= 4 && !word.clock_minutes;
            if (word.number.is_some() && reference_word) || long_code || long_number {
                self.slots |= slot::REFERENCE;
            }
            if let Some(day) = an.date_ordinal(i) {
                self.slots |= slot::DATE;
                if self.ordinals.len() < CAP {
                    self.ordinals.push(day);
                }
            }
            if word.meta.is(WordClass::Times) && word.capitalized || text == "yesterday" {
                self.slots |= slot::DATE;
            }
            let name = word.capitalized
                && an.is_value(i)
                && word.number.is_none()
                && !word.code
                && !word.meta.is(WordClass::Times);
            if name {
                let place = PLACE_PREPOSITIONS.contains(&prev);
                self.slots |= if place { slot::PLACE } else { slot::NAME };
                if self.name_slots.len() < CAP {
                    self.name_slots.push((slot_key(an, i), place));
                }
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// `Run::sentence_flags`: the sentence says "you"/"your".
const SAYS_YOU: u8 = 1;
/// ...is about them or what happened ("you", "was", "missed", "lost").
const ABOUT_THEM: u8 = 2;
/// ...offers something: "will", "next", "can", "other", "available", "coming"...
const OFFERS: u8 = 4;
/// ...offers something new: "will", "next", "new", "another", "can", "could".
const OFFERS_NEW: u8 = 8;
/// ...commits to something (see `Run::sentence_flags`).
const COMMITS: u8 = 16;

/// Marks a time of day among the keys of `Heard::since`.
const TIME_KEY: u64 = 1 << 62;

const PLACE_PREPOSITIONS: [&str; 6] = ["to", "from", "in", "into", "at", "via"];

/// The content word before word `i`, skipping possessives and articles: "charged my Visa" and
/// "charged your Mastercard" share it. 0 when there is none in the clause.
fn slot_key(an: &Analysis, i: usize) -> u64 {
    let clause = an.words.get(i).map_or(0, |w| w.clause);
    let mut j = i;
    while j > 0 {
        j -= 1;
        if an.words[j].clause != clause {
            break;
        }
        let text = an.word(j);
        if matches!(
            text,
            "my" | "your" | "our" | "the" | "a" | "an" | "his" | "her" | "their"
        ) {
            continue;
        }
        return if an.is_content(j) { an.key(j) } else { 0 };
    }
    0
}

/// One scoring item before settling.
#[derive(Debug, Clone)]
struct Item {
    dimension: Dimension,
    words: (usize, usize),
    span: Range<usize>,
    rule: &'static str,
    points: i32,
    kind: Kind,
    /// The explanation after the quote; the quote is only built for evidence (see `settle`).
    why: Cow<'static, str>,
    /// Taken back by a "but".
    taken_back: bool,
}

/// How an item counts when the dimension is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Competes with the other base items: the best counts in full, the rest add a little.
    Base,
    /// Adds (or, when negative, subtracts) its points.
    Bonus,
    /// The dimension scores zero whatever else it earned.
    Zero,
    /// The dimension scores at most this.
    Cap(i32),
}

struct Run<'a> {
    reply: &'a str,
    an: Analysis,
    heard: Arc<Heard>,
    items: Vec<Item>,
    flags: Vec<Harm>,
    /// Cue matches with their negation decided.
    live: Rc<Vec<Found>>,
    /// Indices into `live` for each cue, in reply order.
    by_cue: Vec<u32>,
    /// See `sentence_flags`.
    sentence_flag: Vec<u8>,
    /// Per word: 0, or 1 | 2 (a value of theirs) | 4 (near a value). See `overlap_key`.
    overlap: Vec<u8>,
    cue_start: [u32; CUES + 1],
    /// See `index_words`.
    next_time: Vec<usize>,
    numbers_before: Vec<u32>,
    /// Per sentence: (repeats something the customer said, is addressed to them or "that").
    sentence_facts: Vec<(bool, bool)>,
    /// Flags already raised, so a repeated phrase is flagged once per span.
    flagged: WordMap<(HarmKind, usize, usize), ()>,
    /// `listening`'s keys said back, kept for its memory.
    seen: Vec<u64>,
    /// `ownership`'s committing sentences, kept for its memory.
    committed: Vec<Range<usize>>,
    sarcasm: bool,
    dismissive: bool,
    blame: bool,
}

/// A `Run`'s per-reply tables, kept between replies on one thread: a trainee's replies are
/// scored one after another, and reusing the tables saves a dozen allocations per reply.
#[derive(Default)]
struct Spare {
    items: Vec<Item>,
    live: Rc<Vec<Found>>,
    by_cue: Vec<u32>,
    overlap: Vec<u8>,
    sentence_flag: Vec<u8>,
    next_time: Vec<usize>,
    numbers_before: Vec<u32>,
    sentence_facts: Vec<(bool, bool)>,
    flagged: WordMap<(HarmKind, usize, usize), ()>,
    seen: Vec<u64>,
    committed: Vec<Range<usize>>,
}

thread_local! {
    static SPARE: Cell<Option<Spare>> = const { Cell::new(None) };
}

/// Refills a per-reply table in place, keeping its memory.
fn refill<T>(table: &mut Vec<T>, values: impl Iterator<Item = T>) {
    table.clear();
    table.extend(values);
}

/// How many cues there are.
const CUES: usize = Cue::ExtraOwnership as usize + 1;
// `ownership` keeps one bit per cue in a `u64`.
const _: () = assert!(CUES <= 64);

const POSITIVE_OWN: [Cue; 4] = [Cue::OwnSubject, Cue::OwnDone, Cue::OwnOffer, Cue::OwnStrong];

/// Clauses with these are not about what the customer said.
const UNLISTENING: [Cue; 9] = [
    Cue::Dismissive,
    Cue::ApologyBoilerplate,
    Cue::NonApology,
    Cue::ApologyDeflect,
    Cue::BuckPassing,
    Cue::HandBack,
    Cue::Blame,
    Cue::VaguePromise,
    Cue::Refusal,
];

impl<'a> Run<'a> {
    fn new(
        lex: &'a Lexicon,
        reply: &'a str,
        context: &ScoreContext<'_>,
        heard: Arc<Heard>,
    ) -> Self {
        let mut an = Analysis::new(reply, lex);
        if let Some(extension) = context.lexicon {
            let lists = [
                (&extension.listening, Cue::ExtraListening),
                (&extension.empathy, Cue::ExtraEmpathy),
                (&extension.apology, Cue::ExtraApology),
                (&extension.ownership, Cue::ExtraOwnership),
            ];
            let patterns: Vec<(String, Cue)> = lists
                .iter()
                .flat_map(|(list, cue)| list.iter().map(|p| (surface(&lex.canon.phrase(p)), *cue)))
                .collect();
            an.add_phrases(patterns.iter().map(|(p, c)| (p.as_str(), *c)));
        }
        let spare = SPARE.take().unwrap_or_default();
        Run {
            reply,
            an,
            heard,
            items: spare.items,
            flags: Vec::new(),
            live: spare.live,
            by_cue: spare.by_cue,
            overlap: spare.overlap,
            sentence_flag: spare.sentence_flag,
            cue_start: [0; CUES + 1],
            next_time: spare.next_time,
            numbers_before: spare.numbers_before,
            sentence_facts: spare.sentence_facts,
            flagged: spare.flagged,
            seen: spare.seen,
            committed: spare.committed,
            sarcasm: false,
            dismissive: false,
            blame: false,
        }
    }

    fn assess(mut self) -> Assessment {
        if self.an.words.is_empty() {
            self.flag(
                HarmKind::Curt,
                0..self.reply.len(),
                "an empty reply leaves them waiting",
            );
            let tip = tips::empty();
            return Assessment {
                tip,
                flags: self.flags,
                ..Assessment::default()
            };
        }
        let mut live = std::mem::take(&mut self.live);
        let found = self.an.found.iter().copied().filter(|f| !self.negated(f));
        match Rc::get_mut(&mut live) {
            Some(list) => refill(list, found),
            None => live = Rc::new(found.collect()),
        }
        self.live = live;
        // Counting sort of the live phrases by cue: `by_cue[cue_start[c]..cue_start[c + 1]]`
        // are the phrases of cue `c`, in reply order.
        let mut start = [0u32; CUES + 1];
        for f in self.live.iter() {
            start[(f.cue as usize + 1).min(CUES)] += 1;
        }
        for c in 1..=CUES {
            start[c] += start[c - 1];
        }
        let mut next = start;
        refill(&mut self.by_cue, std::iter::repeat_n(0, self.live.len()));
        for (k, f) in self.live.iter().enumerate() {
            let c = (f.cue as usize).min(CUES - 1);
            if let Some(slot) = self.by_cue.get_mut(next[c] as usize) {
                *slot = k as u32;
            }
            next[c] += 1;
        }
        self.cue_start = start;
        self.index_words();
        let flags = std::mem::take(&mut self.sentence_flag);
        self.sentence_flag = self.sentence_flags(flags);
        self.harms();
        self.listening();
        self.apology();
        self.empathy();
        self.ownership();
        self.undo();
        self.finish()
    }

    // ---------- helpers ----------

    fn word(&self, i: usize) -> &str {
        self.an.word(i)
    }

    fn rw(&self, i: usize) -> Rw {
        self.an.rw(i)
    }

    fn clause_of(&self, i: usize) -> Range<usize> {
        self.an
            .words
            .get(i)
            .and_then(|w| self.an.clauses.get(w.clause))
            .map_or(0..0, |c| c.words.clone())
    }

    fn sentence_of(&self, i: usize) -> Range<usize> {
        self.an
            .words
            .get(i)
            .and_then(|w| self.an.sentences.get(w.sentence))
            .map_or(0..0, |s| s.words.clone())
    }

    fn sentence_fact(&self, i: usize) -> (bool, bool) {
        self.an
            .words
            .get(i)
            .and_then(|w| self.sentence_facts.get(w.sentence))
            .copied()
            .unwrap_or((false, false))
    }

    fn is_question(&self, i: usize) -> bool {
        self.an
            .words
            .get(i)
            .and_then(|w| self.an.sentences.get(w.sentence))
            .is_some_and(|s| s.question)
    }

    /// A negator shortly before the phrase in its clause ("not sorry", "no way I can help").
    /// Negators inside other phrases ("no problem") do not count.
    fn negated(&self, f: &Found) -> bool {
        let clause = self.clause_of(f.first);
        let from = f.first.saturating_sub(3).max(clause.start);
        let before = (from..f.first).any(|i| {
            let w = &self.an.words[i];
            w.meta.is(WordClass::Negators) && !w.in_phrase
        });
        let own = matches!(
            f.cue,
            Cue::OwnSubject | Cue::OwnDone | Cue::OwnOffer | Cue::OwnPassive
        );
        let after =
            own && f.last + 1 < clause.end && matches!(self.rw(f.last + 1), Rw::Not | Rw::Never);
        // "especially when you were told it was included": what they went through, not blame.
        let sympathised = f.cue == Cue::Blame
            && (f.first.saturating_sub(2).max(clause.start)..f.first)
                .any(|i| matches!(self.rw(i), Rw::When | Rw::After | Rw::Especially));
        // "it helps you relax", "you can't calm down": said of them, not told to them.
        let described = f.cue == Cue::Dismissive
            && matches!(self.rw(f.first), Rw::Relax | Rw::Calm)
            && f.first > clause.start
            && matches!(
                self.rw(f.first - 1),
                Rw::You
                    | Rw::To
                    | Rw::Helps
                    | Rw::Help
                    | Rw::Can
                    | Rw::Could
                    | Rw::Will
                    | Rw::Would
                    | Rw::Cannot
            );
        before || after || described || sympathised
    }

    fn live(&self, cue: Cue) -> impl Iterator<Item = Found> + '_ {
        self.live.iter().copied().filter(move |f| f.cue == cue)
    }

    /// Whether a live phrase of one of `cues` starts within `words`: a binary search per cue,
    /// so rules can ask about any clause or sentence without rescanning the reply.
    fn any_live(&self, cues: &[Cue], words: Range<usize>) -> bool {
        cues.iter()
            .any(|cue| self.first_live(*cue, words.clone()).is_some())
    }

    /// The first live phrase of `cue` starting within `words`.
    fn first_live(&self, cue: Cue, words: Range<usize>) -> Option<Found> {
        let positions = self.cue_positions(cue);
        let at = positions.partition_point(|&k| self.live[k as usize].first < words.start);
        positions
            .get(at)
            .map(|&k| self.live[k as usize])
            .filter(|f| f.first < words.end)
    }

    /// Indices into `live` of the phrases of `cue`, in reply order.
    fn cue_positions(&self, cue: Cue) -> &[u32] {
        let c = cue as usize;
        let (Some(&from), Some(&to)) = (self.cue_start.get(c), self.cue_start.get(c + 1)) else {
            return &[];
        };
        self.by_cue.get(from as usize..to as usize).unwrap_or(&[])
    }

    fn flag(&mut self, kind: HarmKind, span: Range<usize>, why: &str) {
        if self
            .flagged
            .insert((kind, span.start, span.end), ())
            .is_some()
        {
            return;
        }
        let mut explanation = String::with_capacity(span.len() + why.len() + 10);
        if !span.is_empty() {
            tips::quote_into(&mut explanation, self.reply, &span);
            explanation.push_str(": ");
        }
        explanation.push_str(why);
        self.flags.push(Harm {
            kind,
            start: span.start,
            end: span.end,
            explanation,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn item(
        &mut self,
        dimension: Dimension,
        words: (usize, usize),
        rule: &'static str,
        points: i32,
        base: bool,
        why: impl Into<Cow<'static, str>>,
    ) {
        let kind = if base { Kind::Base } else { Kind::Bonus };
        self.push(dimension, words, rule, points, kind, why);
    }

    fn push(
        &mut self,
        dimension: Dimension,
        words: (usize, usize),
        rule: &'static str,
        points: i32,
        kind: Kind,
        why: impl Into<Cow<'static, str>>,
    ) {
        let span = self.an.span(words.0, words.1);
        self.items.push(Item {
            dimension,
            words,
            span,
            rule,
            points,
            kind,
            why: why.into(),
            taken_back: false,
        });
    }

    /// Whether word `i` is one of the customer's: (a value such as a number or name, a value
    /// stands near it). Looked up once per word in `index_words`.
    fn overlap_key(&self, i: usize) -> Option<(bool, bool)> {
        match self.overlap.get(i).copied().unwrap_or(0) {
            0 => None,
            code => Some((code & 2 != 0, code & 4 != 0)),
        }
    }

    /// Word `i` is a number of minutes or hours that lies between two times they gave:
    /// "forty (whole) minutes" after "pick-up at 5:30 ... it's 6:10".
    fn elapsed_at(&self, i: usize) -> bool {
        let Some(n) = self.an.words[i].number else {
            return false;
        };
        if self.heard.elapsed.is_empty() || self.an.words[i].clock_minutes {
            return false;
        }
        let unit = (i + 1..(i + 3).min(self.an.words.len()))
            .take_while(|&j| self.an.words[j].clause == self.an.words[i].clause)
            .find_map(|j| match self.rw(j) {
                Rw::Minutes | Rw::Minute => Some(1),
                Rw::Hours | Rw::Hour => Some(60),
                _ => None,
            });
        unit.and_then(|u| u32::try_from(n).ok()?.checked_mul(u))
            .is_some_and(|minutes| self.heard.elapsed.contains(&minutes))
    }

    /// Distinct customer words (by key) the reply repeats within `words`.
    /// Rules only distinguish none, one and several, so counting stops at three.
    fn overlaps(&self, words: Range<usize>) -> usize {
        let mut seen = [0u64; 3];
        let mut count = 0;
        for i in words {
            if self.overlap_key(i).is_some() {
                let key = self.an.key(i);
                if !seen[..count].contains(&key) {
                    seen[count] = key;
                    count += 1;
                    if count == 3 {
                        break;
                    }
                }
            }
        }
        count
    }

    /// Content words not part of any phrase, within `words`.
    fn content_words(&self, words: Range<usize>) -> usize {
        words
            .filter(|&i| self.an.is_content(i) && !self.an.words[i].in_phrase)
            .count()
    }

    /// A time the agent can be held to: "today", "by 5", "at 11:15", "in ten minutes", "5pm".
    fn has_time(&self, words: Range<usize>) -> bool {
        self.time_at(words).is_some()
    }

    /// Where a time the agent can be held to appears: "today", "by 5", "at 11:15", "in ten
    /// minutes", "5pm". Units alone ("for three hours") are not deadlines.
    fn time_at(&self, words: Range<usize>) -> Option<usize> {
        let at = *self.next_time.get(words.start)?;
        (at < words.end).then_some(at)
    }

    fn is_time(&self, i: usize) -> bool {
        let w = &self.an.words[i];
        let timed_code = w.code && {
            let text = self.word(i);
            text.ends_with("pm") || text.ends_with("am")
        };
        let by_number = w.number.is_some()
            && i > 0
            && w.clause == self.an.words[i - 1].clause
            && matches!(
                self.rw(i - 1),
                Rw::By | Rw::At | Rw::Before | Rw::Within | Rw::In | Rw::Until
            );
        let when = w.meta.is(WordClass::Times) && !w.meta.is(WordClass::Anchors);
        when || timed_code || by_number
    }

    fn has_specific(&self, words: Range<usize>) -> bool {
        let count = |prefix: &[u32]| {
            let end = prefix.get(words.end).copied().unwrap_or(0);
            let start = prefix.get(words.start).copied().unwrap_or(end);
            end - start
        };
        self.has_time(words.clone()) || count(&self.numbers_before) > 0
    }

    /// Per-word tables that make range questions constant-time: the next deadline at or after
    /// each word, and how many numbers or codes come before it.
    fn index_words(&mut self) {
        let n = self.an.words.len();
        let mut overlap = std::mem::take(&mut self.overlap);
        refill(
            &mut overlap,
            (0..n).map(|i| {
                if !self.an.is_content(i) {
                    return 0;
                }
                match self.heard.keys.get(&self.an.key(i)) {
                    Some((value, near)) => 1 | (u8::from(*value) << 1) | (u8::from(*near) << 2),
                    None if self.elapsed_at(i) => 1 | 2 | 4,
                    None => 0,
                }
            }),
        );
        self.overlap = overlap;
        // Words where a time phrase starts are marked first, as pointing at themselves.
        let mut next_time = std::mem::take(&mut self.next_time);
        refill(&mut next_time, std::iter::repeat_n(n, n + 1));
        for &k in self.cue_positions(Cue::Time) {
            let first = self.live[k as usize].first;
            next_time[first] = first;
        }
        for i in (0..n).rev() {
            next_time[i] = if next_time[i] == i || self.is_time(i) {
                i
            } else {
                next_time[i + 1]
            };
        }
        self.next_time = next_time;
        let mut sentence_facts = std::mem::take(&mut self.sentence_facts);
        refill(
            &mut sentence_facts,
            self.an.sentences.iter().map(|sentence| {
                let overlap = sentence
                    .words
                    .clone()
                    .any(|i| self.overlap_key(i).is_some());
                let addressed = sentence.words.clone().any(|i| {
                    self.an.words[i].meta.is(WordClass::SecondPerson)
                        || matches!(
                            self.rw(i),
                            Rw::That | Rw::This | Rw::It | Rw::What | Rw::How
                        )
                });
                (overlap, addressed)
            }),
        );
        self.sentence_facts = sentence_facts;
        self.numbers_before.clear();
        let mut count = 0;
        self.numbers_before.push(0);
        for w in &self.an.words {
            count += u32::from(w.number.is_some() || w.code);
            self.numbers_before.push(count);
        }
    }

    // ---------- harmful moves ----------

    fn harms(&mut self) {
        let live = Rc::clone(&self.live);
        for f in live.iter() {
            let span = self.an.span(f.first, f.last);
            match f.cue {
                Cue::Sarcasm => {
                    self.sarcasm = true;
                    self.flag(HarmKind::Sarcasm, span, "mocks the customer");
                }
                Cue::Dismissive => {
                    self.dismissive = true;
                    self.flag(HarmKind::Dismissive, span, "brushes their feelings aside");
                }
                Cue::Blame => {
                    self.blame = true;
                    self.flag(HarmKind::Blame, span, "blames the customer");
                }
                Cue::BuckPassing => self.flag(
                    HarmKind::PassingBuck,
                    span,
                    "passes the problem to someone else",
                ),
                Cue::VaguePromise => self.flag(
                    HarmKind::VaguePromise,
                    span,
                    "promises nothing they can hold you to",
                ),
                _ => {}
            }
        }
        for k in 0..self.an.sarcasm_emoji.len() {
            let span = self.an.sarcasm_emoji[k].clone();
            self.sarcasm = true;
            self.flag(HarmKind::Sarcasm, span, "an eye-roll in writing");
        }
        // "forty whole minutes", "two whole messages": belittling their numbers.
        for i in 1..self.an.words.len() {
            if self.rw(i) == Rw::Whole && self.an.words[i - 1].number.is_some() {
                self.sarcasm = true;
                let span = self.an.span(i - 1, (i + 1).min(self.an.words.len() - 1));
                self.flag(HarmKind::Sarcasm, span, "belittles what they went through");
            }
        }
        self.shouting();
        let typed = self.an.typed_words;
        let all_curt = self
            .an
            .words
            .iter()
            .all(|w| w.meta.is(WordClass::Curt) || w.meta.is(WordClass::Stopwords));
        if typed <= 3 || (all_curt && typed <= 6) {
            let span = self.an.span(0, self.an.words.len() - 1);
            self.flag(HarmKind::Curt, span, "too short to show you care");
        }
    }

    /// Three or more words in capitals in a row, or a reply mostly in capitals.
    fn shouting(&mut self) {
        let words = &self.an.words;
        let mut runs: Vec<(usize, usize, usize)> = Vec::new();
        let mut start: Option<usize> = None;
        let mut typed = 0;
        let mut last_orig = usize::MAX;
        for i in 0..=words.len() {
            let shouted = words.get(i).is_some_and(|w| w.shouted);
            if shouted {
                if start.is_none() {
                    start = Some(i);
                    typed = 0;
                    last_orig = usize::MAX;
                }
                if words[i].orig.start != last_orig {
                    typed += 1;
                    last_orig = words[i].orig.start;
                }
            } else if let Some(s) = start.take() {
                runs.push((s, i - 1, typed));
            }
        }
        let total = self.an.typed_words;
        for (s, e, typed) in runs {
            if typed >= 3 || (typed >= 2 && typed == total) {
                let span = self.an.span(s, e);
                self.flag(HarmKind::Shouting, span, "capitals read as shouting");
            }
        }
    }

    // ---------- listening ----------

    fn listening(&mut self) {
        use Dimension::Listening as L;
        let live = Rc::clone(&self.live);
        let customer_spoke = self.heard.words >= 5;
        let mut asks_again: Option<(usize, usize)> = None;
        for f in live.iter() {
            match f.cue {
                Cue::AskRepeat => asks_again = asks_again.or(Some((f.first, f.last))),
                Cue::AskProblem if customer_spoke && self.is_question(f.first) => {
                    asks_again = asks_again.or(Some((f.first, f.last)))
                }
                Cue::ListeningReflect => {
                    self.item(
                        L,
                        (f.first, f.last),
                        "listening.checks_understanding",
                        30,
                        true,
                        "checks they have understood",
                    );
                }
                // "So the plumber never came..." opens a summary; "so it gets tracked" is a
                // purpose.
                Cue::ListeningRecap
                    if self.sentence_fact(f.first).0 && self.opens_clause(f.first) =>
                {
                    self.item(
                        L,
                        (f.first, f.last),
                        "listening.recaps",
                        15,
                        true,
                        "sums up what they said",
                    );
                }
                Cue::ListeningExplore => {
                    self.item(
                        L,
                        (f.first, f.last),
                        "listening.explores",
                        25,
                        true,
                        "invites them to say more",
                    );
                }
                Cue::ExtraListening => {
                    self.item(
                        L,
                        (f.first, f.last),
                        "listening.scenario_phrase",
                        15,
                        false,
                        "picks up a detail of this situation",
                    );
                }
                _ => {}
            }
        }

        // Questions: asking again for what they told you, or clarifying what they did not.
        let mut clarified = false;
        for s in 0..self.an.sentences.len() {
            let sentence = self.an.sentences[s].words.clone();
            if !self.an.sentences[s].question || sentence.is_empty() {
                continue;
            }
            let other_purpose = [
                Cue::ListeningReflect,
                Cue::ListeningExplore,
                Cue::EmpathyExploration,
                Cue::OwnOffer,
                Cue::Sarcasm,
            ];
            if self.any_live(&other_purpose, sentence.clone()) {
                continue;
            }
            let wants_more = sentence.clone().any(|i| {
                matches!(
                    self.rw(i),
                    Rw::More
                        | Rw::Else
                        | Rw::Other
                        | Rw::Another
                        | Rw::Later
                        | Rw::Next
                        | Rw::New
                        | Rw::Also
                        | Rw::Any
                )
                // "which table would you prefer?" offers a choice.
                || matches!(self.word(i), "prefer" | "rather")
            });
            // Two or more of their details in a question is a check-back, not a request.
            let confirms = self.overlaps(sentence.clone()) >= 2
                || sentence
                    .clone()
                    .any(|i| self.an.is_value(i) && self.overlap_key(i).is_some_and(|(v, _)| v));
            // What the question asks for: from the asking phrase to a purpose ("so I can ...").
            // What the question asks for: the asking phrase and the thing it names ("which
            // terminal", "what is your reference").
            let asked = self.first_live(Cue::AskDetail, sentence.clone()).map(|f| {
                let end = (f.last + 1..sentence.end)
                    .find(|&i| {
                        self.an.is_content(i)
                            || matches!(
                                self.rw(i),
                                Rw::So | Rw::Because | Rw::To | Rw::And | Rw::Then
                            )
                    })
                    .map_or(sentence.end, |i| i + 1);
                f.first..end
            });
            let admin = sentence
                .clone()
                .any(|i| self.an.words[i].meta.is(WordClass::Admin));
            let again = customer_spoke && sentence.clone().any(|i| self.rw(i) == Rw::Again);
            let asked_slot = self.asked_slot(sentence.clone());
            let gives_value = sentence
                .clone()
                .any(|i| self.an.is_value(i) && self.overlap_key(i).is_some_and(|(v, _)| v));
            // "Have you tried charging it?" after "it won't even charge"; "could you resubmit
            // it?": handing work back, not clarifying.
            let positions = self.cue_positions(Cue::HandBack);
            let from = positions.partition_point(|&k| self.live[k as usize].first < sentence.start);
            let hands_back = positions[from..]
                .iter()
                .map(|&k| self.live[k as usize])
                .take_while(|f| f.first < sentence.end)
                .any(|f| {
                    (f.first..=f.last).any(|j| {
                        matches!(
                            self.rw(j),
                            Rw::Tried | Rw::Try | Rw::Checked | Rw::Check | Rw::Asked
                        )
                    })
                });
            let request = !self.any_live(&[Cue::AskDetail], sentence.clone())
                && sentence.clone().any(|i| {
                    matches!(self.rw(i), Rw::Can | Rw::Could | Rw::Would | Rw::Will)
                        && self.rw(i + 1) == Rw::You
                });
            // "Did you cancel in writing?", "did you request it through the website?": checking
            // up on what they did, not clarifying what happened.
            let checks_up = sentence.clone().any(|i| {
                matches!(self.word(i), "did" | "have")
                    && self.word(i + 1) == "you"
                    && !matches!(self.word(i + 2), "got" | "any" | "a" | "somewhere")
            });
            let confirms = confirms && (asked_slot == 0 || gives_value);
            // "What kind of damage was it?" after "the water damage": their word, asked about.
            let kind_of_theirs = sentence.clone().any(|i| {
                matches!(self.rw(i), Rw::Kind | Rw::Type | Rw::Sort)
                    && self.rw(i + 1) == Rw::Of
                    && i + 2 < sentence.end
                    && self.overlap_key(i + 2).is_some()
            });
            // "What seat did you book?" after "seat 12A": the thing they gave a value for.
            let asks_their_value = !gives_value
                && sentence.clone().any(|i| {
                    matches!(self.word(i), "what" | "which")
                        && (i + 1..(i + 4).min(sentence.end)).any(|j| {
                            let key = self.an.key(j);
                            self.an.words[j].meta.is(WordClass::Anchors)
                                && self
                                    .heard
                                    .numbers
                                    .iter()
                                    .any(|s| s.prev == Some(key) || s.next == Some(key))
                        })
                });
            // "What time do you need to leave?" after "we need to leave by 7:30".
            let asks_their_time = !gives_value
                && !self.heard.time_keys.is_empty()
                && sentence
                    .clone()
                    .any(|i| matches!(self.word(i), "time" | "when"))
                && sentence.clone().any(|i| {
                    self.an.is_content(i)
                        && self.word(i) != "time"
                        && self.heard.time_keys.contains(&self.an.key(i))
                });
            let already_said = again
                || kind_of_theirs
                || asks_their_value
                || asks_their_time
                || (hands_back && self.overlaps(sentence.clone()) > 0)
                || (asked_slot != 0 && !gives_value)
                || asked.is_some_and(|asked| {
                    asked
                        .clone()
                        .any(|i| self.overlap_key(i).is_some_and(|(_, near)| near))
                });
            if already_said && !wants_more && !confirms {
                asks_again = asks_again.or(Some((sentence.start, sentence.end - 1)));
            } else if confirms {
                self.item(
                    L,
                    (sentence.start, sentence.end - 1),
                    "listening.confirms_detail",
                    25,
                    true,
                    "checks a detail they gave",
                );
            } else if !clarified
                && !admin
                && !hands_back
                && !request
                && !checks_up
                && self.content_words(sentence.clone()) > 0
            {
                clarified = true;
                self.item(
                    L,
                    (sentence.start, sentence.end - 1),
                    "listening.clarifies",
                    20,
                    true,
                    "asks something new that moves things forward",
                );
            }
        }

        // Saying back their words, numbers and names.
        // At most 60 points, so only a few dozen keys are ever seen.
        let mut seen = std::mem::take(&mut self.seen);
        seen.clear();
        let mut overlap_points = 0;
        for i in 0..self.an.words.len() {
            let Some((value, _)) = self.overlap_key(i) else {
                continue;
            };
            let key = self.an.key(i);
            if overlap_points >= 60 || seen.contains(&key) {
                continue;
            }
            seen.push(key);
            // A topic word inside a fix, a stock phrase or a brush-off shows little listening;
            // their numbers, names and times always do.
            let clause = self.clause_of(i);
            let elsewhere =
                self.any_live(&POSITIVE_OWN, clause.clone()) || self.any_live(&UNLISTENING, clause);
            let meta = self.an.words[i].meta;
            // "mins" back for "minutes" says nothing without the number.
            let unit = meta.is(WordClass::Anchors) && meta.is(WordClass::Times);
            // Everyday nouns ("order", "card") and bare units only show the topic; a word of
            // their own ("plumber", "Denver") shows more, even inside a fix.
            // "sent" in "a replacement will be sent" is the agent's step, whatever they said.
            let common = unit
                || meta.is(WordClass::CommonTopics)
                || (meta.is(WordClass::Actions) && elsewhere);
            let points = match (value && self.an.is_value(i), common, elsewhere) {
                (true, _, _) => 20,
                (false, true, true) => 2,
                (false, true, false) => 4,
                (false, false, true) => 8,
                (false, false, false) => 10,
            };
            overlap_points += points;
            let why = if value && self.an.is_value(i) {
                "repeats a detail they gave"
            } else {
                "refers to what they said"
            };
            self.item(L, (i, i), "listening.reflects_detail", points, false, why);
        }
        self.seen = seen;
        let heard = Arc::clone(&self.heard);
        for (text, surfaces) in &heard.facts {
            let hit = surfaces
                .iter()
                .find_map(|s| self.an.surface.find(s.as_str()).map(|at| (at, s.len())));
            if let Some((at, len)) = hit
                && let (Ok(first), Ok(last)) = (
                    self.an
                        .words
                        .binary_search_by_key(&(at + 1), |w| w.at.start),
                    self.an
                        .words
                        .binary_search_by_key(&(at + len - 1), |w| w.at.end),
                )
            {
                let why = format!("reflects the fact \u{201c}{text}\u{201d}");
                self.item(L, (first, last), "listening.reflects_fact", 25, false, why);
            }
        }

        if let Some(wrong) = self.contradiction() {
            let (i, said) = wrong;
            let why = format!("does not match what they said ({said})");
            self.zero(L, (i, i), "listening.wrong_fact", why);
        } else if let Some((first, last)) = asks_again {
            let span = self.an.span(first, last);
            self.flag(
                HarmKind::AsksAgain,
                span,
                "asks for something they already told you",
            );
            self.zero(
                L,
                (first, last),
                "listening.asks_again",
                "asks again for what they said",
            );
        }
    }

    /// Word `i` opens its sentence, after at most a filler ("ok so", "right, so").
    fn opens_clause(&self, i: usize) -> bool {
        let sentence = self.sentence_of(i);
        i - sentence.start.min(i) <= 3
            && (sentence.start..i).all(|j| {
                self.an.words[j].meta.is(WordClass::Curt) || matches!(self.rw(j), Rw::And | Rw::Oh)
            })
    }

    /// The kind of detail a question asks for, when the customer already gave one of that kind
    /// and the question asks about what was, not what will be ("what time was your pickup?",
    /// "which airport did you fly into?", "how long has it been down?"). 0 otherwise.
    fn asked_slot(&self, sentence: Range<usize>) -> u8 {
        let heard = self.heard.slots;
        if heard == 0 {
            return 0;
        }
        let mut wanted = 0;
        let mut past = false;
        let mut contact = false;
        for i in sentence.clone() {
            let next = self.word(i + 1);
            wanted |= match self.word(i) {
                "room" => slot::ROOM,
                "time" if i > sentence.start => slot::TIME,
                "when" => slot::TIME | slot::DATE,
                "airport" | "city" | "town" | "station" | "where" | "destination" | "country" => {
                    slot::PLACE
                }
                // "did you book a morning slot?" after "between 8 and 12".
                "slot" | "morning" | "afternoon" | "evening" if i > sentence.start => slot::TIME,
                "name" | "surname" | "under" => slot::NAME,
                "number" | "reference" | "ref" | "confirmation" | "code" => slot::REFERENCE,
                "how" if next == "long" => slot::DURATION,
                "date" | "day" => slot::DATE,
                "amount" | "much" => slot::AMOUNT,
                // "which train were you on?" after "the 07:42 to Leeds".
                "train" | "flight" | "bus" | "coach" | "ferry"
                    if i > 0 && matches!(self.rw(i - 1), Rw::Which | Rw::What) =>
                {
                    slot::TIME | slot::PLACE
                }
                _ => 0,
            };
            past |= matches!(
                self.rw(i),
                Rw::Was | Rw::Were | Rw::Did | Rw::Had | Rw::Has | Rw::Have | Rw::Booked | Rw::That
            );
            contact |= matches!(self.rw(i), Rw::Phone | Rw::Mobile | Rw::Contact | Rw::Spell);
        }
        let known = wanted & heard;
        // A reference, room or name is asked for again in any tense; times and places only
        // about the past (not "what time do you need to leave?").
        let always = slot::ROOM | slot::REFERENCE | slot::NAME | slot::AMOUNT;
        if known == 0 || contact || (known & always == 0 && !past) {
            0
        } else {
            known
        }
    }

    /// A number, code or name in the reply that gets the customer's facts wrong.
    fn contradiction(&self) -> Option<(usize, String)> {
        if self.heard.is_empty() {
            return None;
        }
        if let Some(found) = self.wrong_detail() {
            return Some(found);
        }
        let stated = &self.heard.numbers;
        for i in 0..self.an.words.len() {
            let w = &self.an.words[i];
            if w.clock_minutes {
                continue;
            }
            if w.number.is_some() || w.code {
                let text = self.word(i);
                if stated
                    .iter()
                    .any(|s| s.text == text || (s.value.is_some() && s.value == w.number))
                {
                    continue;
                }
                // Transposed digits: 418 for 814, $148.50 for $184.50.
                let digits = sorted_digits(text);
                if digits.len() >= 3
                    && let Some(s) = stated.iter().find(|s| sorted_digits(&s.text) == digits)
                {
                    return Some((i, s.text.clone()));
                }
                // Same kind of code, other digits: Q2 for Q3, 9am flight for 8am flight.
                if w.code {
                    let letters = letters_of(text);
                    let next = self.anchor_key(i + 1);
                    let timed = letters == "am" || letters == "pm";
                    if let Some(s) = stated.iter().find(|s| {
                        letters_of(&s.text) == letters
                            && s.text != text
                            && (!timed || (next.is_some() && s.next == next))
                    }) {
                        return Some((i, s.text.clone()));
                    }
                }
                // "within five minutes", "I've moved you to room 406": promises, not restatements.
                let sentence = self.sentence_of(i);
                let promised = i.checked_sub(1).is_some_and(|j| {
                    matches!(
                        self.word(j),
                        "in" | "within" | "by" | "at" | "before" | "until" | "after" | "next"
                            // "refunds take up to 30 days": a rule of thumb, not their number.
                            | "to" | "than" | "about" | "around" | "least" | "most"
                    )
                }) || self.any_live(&POSITIVE_OWN, sentence);
                // Same anchor, other number: "room 418" for "room 814", "2 hours" for "3 hours".
                if let Some(prev) = i.checked_sub(1).and_then(|j| self.anchor_key(j))
                    && !self.an.words[i - 1].meta.is(WordClass::Times)
                    && !promised
                {
                    let same: Vec<&Stated> =
                        stated.iter().filter(|s| s.prev == Some(prev)).collect();
                    if let Some(s) = same.first()
                        && !same
                            .iter()
                            .any(|s| s.value.is_some() && s.value == w.number)
                    {
                        return Some((i, s.text.clone()));
                    }
                }
                if let Some(next) = self.anchor_key(i + 1)
                    && !promised
                {
                    let same: Vec<&Stated> = stated
                        .iter()
                        .filter(|s| s.next == Some(next) && !s.after_and)
                        .collect();
                    if let Some(s) = same.first()
                        && !same
                            .iter()
                            .any(|s| s.value.is_some() && s.value == w.number)
                    {
                        return Some((i, s.text.clone()));
                    }
                }
            } else if self.an.is_value(i) && !self.heard.keys.contains_key(&self.an.key(i)) {
                // A name or place they did not say: "to Dallas" for "to Denver", "Okoro" for "Okafor".
                let text = self.word(i);
                let prev = i.checked_sub(1).map(|j| self.word(j)).unwrap_or("");
                for (name, their_prev) in &self.heard.names {
                    let same_slot = matches!(
                        prev,
                        "to" | "from" | "in" | "for" | "under" | "mr" | "mrs" | "ms" | "dr"
                    ) && prev == their_prev;
                    if same_slot || looks_like(text, name) {
                        return Some((i, name.clone()));
                    }
                }
            }
        }
        None
    }

    /// Per sentence, in one pass: `SAYS_YOU`, `ABOUT_THEM`, `OFFERS`, `OFFERS_NEW` and
    /// `COMMITS` (see those), so rules can ask about a word's sentence in constant time.
    fn sentence_flags(&self, mut flags: Vec<u8>) -> Vec<u8> {
        refill(&mut flags, std::iter::repeat_n(0, self.an.sentences.len()));
        for w in &self.an.words {
            let Some(flag) = flags.get_mut(w.sentence) else {
                continue;
            };
            let text = w.meta.rule;
            if w.meta.is(WordClass::SecondPerson) {
                *flag |= SAYS_YOU | ABOUT_THEM;
            }
            if matches!(
                text,
                Rw::Was | Rw::Were | Rw::Had | Rw::Did | Rw::Missed | Rw::Lost | Rw::Said
            ) {
                *flag |= ABOUT_THEM;
            }
            if matches!(
                text,
                Rw::Will | Rw::Next | Rw::New | Rw::Another | Rw::Can | Rw::Could
            ) {
                *flag |= OFFERS_NEW | OFFERS;
            }
            if matches!(
                text,
                Rw::Other
                    | Rw::Available
                    | Rw::Earliest
                    | Rw::Latest
                    | Rw::Opens
                    | Rw::Alternative
                    | Rw::Leaves
                    | Rw::Departs
                    | Rw::Lands
                    | Rw::Arrives
                    | Rw::Would
                    | Rw::Should
                    | Rw::Coming
            ) {
                *flag |= OFFERS;
            }
        }
        // An ownership phrase ("I'm" only with a verb in -ing: "I'm sending", not "I'm
        // sorry"), a deadline, advice or blame.
        for f in self.live.iter() {
            let own = POSITIVE_OWN.contains(&f.cue)
                && (f.cue != Cue::OwnSubject
                    || !matches!(
                        self.an
                            .surface
                            .get(self.an.words[f.first].at.start..self.an.words[f.last].at.end),
                        Some("i  am" | "we  are")
                    )
                    || self.word(f.last + 1).ends_with("ing"));
            let other = matches!(f.cue, Cue::Time | Cue::Blame | Cue::HandBack);
            if (own || other)
                && let Some(flag) = self
                    .an
                    .words
                    .get(f.first)
                    .and_then(|w| flags.get_mut(w.sentence))
            {
                *flag |= COMMITS;
            }
        }
        flags
    }

    /// The `sentence_flags` of word `i`'s sentence.
    fn flags_at(&self, i: usize) -> u8 {
        self.an
            .words
            .get(i)
            .and_then(|w| self.sentence_flag.get(w.sentence))
            .copied()
            .unwrap_or(0)
    }

    /// Whether word `i`'s sentence restates what happened rather than offering something new:
    /// about them, no commitment, no alternative, no advice.
    fn restates(&self, i: usize) -> bool {
        let flags = self.flags_at(i);
        flags & ABOUT_THEM != 0 && flags & (OFFERS | COMMITS) == 0
    }

    /// Word `i` is in a sentence that reads out what the records say about them ("I see a
    /// booking for 8pm", "the system shows...", "I've pulled up your report") rather than
    /// offering something new.
    fn reads_record(&self, i: usize) -> bool {
        let sentence = self.sentence_of(i);
        self.flags_at(i) & OFFERS_NEW == 0
            && (sentence.start..i).any(|j| {
                (matches!(
                    self.rw(j),
                    Rw::See | Rw::Shows | Rw::Says | Rw::Records | Rw::Record
                ) || (self.rw(j) == Rw::Pulled && self.rw(j + 1) == Rw::Up))
                    && self.rw(j + 1) != Rw::If
                    && !matches!(j.checked_sub(1).map(|k| self.word(k)), Some("let" | "me"))
            })
    }

    /// Their details said back wrong: another time for the thing they timed ("your 6:30
    /// pickup" for 5:30), another "since" ("since last night" for "since 8 this morning"),
    /// another date ("the 13th" for "the 3rd"), another name in the same place ("your
    /// Mastercard" for "my Visa", "from Porto" for "in Lisbon"), or a swap of things they never
    /// mentioned ("chicken instead of the prawn").
    fn wrong_detail(&self) -> Option<(usize, String)> {
        let heard = &self.heard;
        let n = self.an.words.len();
        for i in 0..n {
            let w = &self.an.words[i];
            let sentence = self.sentence_of(i);
            let named = i > 0 && self.rw(i - 1) == Rw::The;
            if let Some(t) = self.an.time_of_day(i)
                && !named
                && !heard.times.is_empty()
                && !heard.times.contains(&t)
            {
                let near = (i.saturating_sub(4).max(sentence.start)..(i + 5).min(sentence.end))
                    .any(|j| {
                        j != i && self.an.is_content(j) && heard.time_keys.contains(&self.an.key(j))
                    });
                // A record read out names the thing anywhere in its sentence.
                let named_in_sentence = || {
                    sentence.clone().any(|j| {
                        j != i && self.an.is_content(j) && heard.time_keys.contains(&self.an.key(j))
                    })
                };
                if (near && self.restates(i)) || (self.reads_record(i) && named_in_sentence()) {
                    return Some((i, "another time".to_string()));
                }
            }
            if heard.promised.contains(&w.key) {
                let clause = self.clause_of(i);
                let came = (i + 1..(i + 3).min(clause.end)).find(|&j| {
                    matches!(
                        self.rw(j),
                        Rw::Came | Rw::Arrived | Rw::Visited | Rw::Fixed | Rw::Repaired
                    ) || (matches!(self.rw(j), Rw::Showed | Rw::Turned) && self.rw(j + 1) == Rw::Up)
                });
                // "the plumber never came", "when the plumber will have come": not a claim.
                let denied = (clause.start..came.unwrap_or(i)).any(|j| {
                    self.an.words[j].meta.is(WordClass::Negators)
                        || matches!(
                            self.rw(j),
                            Rw::Will | Rw::Would | Rw::Should | Rw::If | Rw::When
                        )
                });
                if let Some(j) = came
                    && !denied
                {
                    return Some((j, "something they were promised and never got".to_string()));
                }
            }
            // "Did you drop it off on Tuesday?" after "on Monday".
            if !heard.weekdays.is_empty()
                && w.meta.is(WordClass::Times)
                && let Some(day) = weekday(self.word(i))
                && !heard.weekdays.contains(&day)
                && i > 0
                && matches!(self.rw(i - 1), Rw::On | Rw::Last)
                && self.restates(i)
            {
                return Some((i, "another day".to_string()));
            }
            if self.rw(i) == Rw::Since && !heard.since.is_empty() {
                let mut said = Vec::new();
                for j in i + 1..(i + 6).min(self.clause_of(i).end) {
                    if let Some(t) = self.an.time_of_day(j) {
                        said.push(TIME_KEY | u64::from(t));
                    }
                    if self.an.is_content(j) || self.an.words[j].meta.is(WordClass::Times) {
                        said.push(self.an.key(j));
                    }
                }
                if !said.is_empty() && !said.iter().any(|k| heard.since.contains(k)) {
                    return Some((i, "another start".to_string()));
                }
            }
            if let Some(day) = self.an.date_ordinal(i)
                && !heard.ordinals.is_empty()
                && !heard.ordinals.contains(&day)
            {
                return Some((i, "another date".to_string()));
            }
            let name = w.capitalized
                && self.an.is_value(i)
                && w.number.is_none()
                && !w.code
                && !w.meta.is(WordClass::Times)
                && !heard.keys.contains_key(&self.an.key(i));
            let flags = self.flags_at(i);
            let restating = flags & (OFFERS_NEW | COMMITS) == 0 || self.reads_record(i);
            if name && flags & ABOUT_THEM != 0 && restating {
                let prev = i.checked_sub(1).map_or("", |j| self.word(j));
                let place = PLACE_PREPOSITIONS.contains(&prev);
                let key = slot_key(&self.an, i);
                let same_slot = heard
                    .name_slots
                    .iter()
                    .any(|(k, p)| (place && *p) || (key != 0 && *k == key));
                if same_slot {
                    return Some((i, "another name".to_string()));
                }
            }
            let swap = self.rw(i) == Rw::Instead && self.rw(i + 1) == Rw::Of;
            if swap && flags & SAYS_YOU != 0 && flags & COMMITS == 0 {
                let before = (i.saturating_sub(6).max(sentence.start)..i)
                    .rev()
                    .find(|&j| self.an.is_content(j));
                let after = (i + 2..(i + 8).min(sentence.end)).find(|&j| self.an.is_content(j));
                // Things swap ("chicken instead of the prawn"); doings do not ("asked for a
                // room change instead of waiting" is advice, not their facts).
                let unheard = [before, after].into_iter().flatten().find(|&j| {
                    !self.word(j).ends_with("ing")
                        && !heard.keys.contains_key(&self.an.key(j))
                        && !self.an.words[j].meta.is(WordClass::CommonTopics)
                });
                if let Some(j) = unheard {
                    return Some((j, "something they did not mention".to_string()));
                }
            }
        }
        None
    }

    fn anchor_key(&self, i: usize) -> Option<u64> {
        self.an
            .words
            .get(i)
            .filter(|w| w.meta.is(WordClass::Anchors))
            .map(|_| self.an.key(i))
    }

    /// Replace whatever the dimension earned by zero, as one negative item with the reason.
    fn zero(
        &mut self,
        dimension: Dimension,
        words: (usize, usize),
        rule: &'static str,
        why: impl Into<Cow<'static, str>>,
    ) {
        self.push(dimension, words, rule, 0, Kind::Zero, why);
    }

    // ---------- apology ----------

    fn apology(&mut self) {
        use Dimension::Apology as A;
        let live = Rc::clone(&self.live);
        let mut words_found = false;
        for k in 0..self.an.found.len() {
            let f = &self.an.found[k].clone();
            if f.cue == Cue::ApologyWord && self.negated(f) {
                let span = self.an.span(f.first, f.last);
                self.flag(HarmKind::NonApology, span, "refuses to apologise");
                self.zero(
                    A,
                    (f.first, f.last),
                    "apology.refused",
                    "refuses to apologise",
                );
            }
        }
        for f in live.iter() {
            match f.cue {
                Cue::ApologyWord => {
                    if let Some(points) = self.apology_word(f) {
                        words_found |= points > 0;
                    }
                }
                Cue::ApologySympathy => {
                    self.item(
                        A,
                        (f.first, f.last),
                        "apology.sympathy",
                        25,
                        true,
                        "is sympathy, not an apology for what went wrong",
                    );
                }
                Cue::NonApology => {
                    let span = self.an.span(f.first, f.last);
                    self.flag(HarmKind::NonApology, span, "is not a real apology");
                    self.zero(
                        A,
                        (f.first, f.last),
                        "apology.non_apology",
                        "is not a real apology",
                    );
                }
                _ => {}
            }
        }
        let mut admitted = false;
        for f in live.iter() {
            match f.cue {
                // "That's not okay" on its own agrees with them; it apologises only next to
                // an apology ("I'm sorry, that's not okay").
                Cue::FairComplaint if !words_found => {}
                Cue::ApologyAdmission | Cue::FairComplaint => {
                    admitted = true;
                    if words_found {
                        self.item(
                            A,
                            (f.first, f.last),
                            "apology.owns_error",
                            35,
                            false,
                            "owns the error",
                        );
                    } else {
                        self.item(
                            A,
                            (f.first, f.last),
                            "apology.owns_error",
                            50,
                            true,
                            "owns the error, an apology without the word sorry",
                        );
                    }
                }
                Cue::ExtraApology => {
                    self.item(
                        A,
                        (f.first, f.last),
                        "apology.scenario_phrase",
                        40,
                        !words_found,
                        "apologises for this situation",
                    );
                }
                _ => {}
            }
        }
        for f in live.iter() {
            if f.cue == Cue::ApologyDeflect {
                let span = self.an.span(f.first, f.last);
                self.flag(
                    HarmKind::NonApology,
                    span,
                    "leaves no one owning the mistake",
                );
                if !admitted {
                    self.cap(
                        A,
                        (f.first, f.last),
                        25,
                        "apology.deflects",
                        "leaves no one owning the mistake",
                    );
                }
            }
        }
        if self.blame || self.sarcasm {
            let why = if self.blame {
                "blaming the customer takes the apology back"
            } else {
                "sarcasm cancels any apology"
            };
            let at = self.first_of(&[Cue::Blame, Cue::Sarcasm]).unwrap_or((0, 0));
            self.zero(A, at, "apology.undone", why);
        }
    }

    /// Score one "sorry"/"I apologise"; `None` when it is not an apology at all.
    fn apology_word(&mut self, f: &Found) -> Option<i32> {
        use Dimension::Apology as A;
        let sentence = self.sentence_of(f.first);
        let clause = self.clause_of(f.first);
        let at = |k: usize| if k < sentence.end { self.word(k) } else { "" };
        let next = f.last + 1;
        // Conditional: "sorry if", "apologise in case".
        if matches!(at(next), "if" | "whether") || (at(next) == "in" && at(next + 1) == "case") {
            let span = self.an.span(f.first, next);
            self.flag(
                HarmKind::NonApology,
                span,
                "a conditional apology doubts anything happened",
            );
            self.zero(A, (f.first, next), "apology.conditional", "is conditional");
            return None;
        }
        // Feelings-blaming: "sorry (that) you feel", "sorry you're upset".
        let mut k = next;
        if at(k) == "that" {
            k += 1;
        }
        if at(k) == "you" {
            let verb = self.an.words.get(k + 1).filter(|_| k + 1 < sentence.end);
            let feels = verb.is_some_and(|w| w.meta.is(WordClass::FeelingVerbs));
            let state = matches!(at(k + 1), "are" | "were" | "seem" | "got" | "have" | "feel")
                && (k + 2..k + 4).any(|j| {
                    j < sentence.end && self.an.words[j].meta.is(WordClass::FeelingStates)
                });
            if feels || state {
                let end = (k + 2).min(sentence.end - 1);
                let span = self.an.span(f.first, end);
                self.flag(
                    HarmKind::NonApology,
                    span,
                    "apologises for their feelings, not the problem",
                );
                self.zero(
                    A,
                    (f.first, end),
                    "apology.feelings",
                    "apologises for their feelings",
                );
                return None;
            }
        }
        // For nothing: "sorry, could you spell that?", "sorry, what room was that?".
        let empathic = self.any_live(
            &[
                Cue::EmpathyEmotion,
                Cue::EmpathyExploration,
                Cue::EmpathyGeneric,
            ],
            sentence.clone(),
        );
        let owning = self.any_live(
            &[Cue::ApologyAdmission, Cue::FairComplaint],
            sentence.clone(),
        );
        if next < sentence.end
            && self.an.words[next].meta.is(WordClass::RequestStarts)
            && !empathic
            && !owning
        {
            self.item(
                A,
                (f.first, f.last),
                "apology.for_nothing",
                0,
                true,
                "apologises for nothing: it only softens a question",
            );
            return Some(0);
        }
        let intensified = (f.first.saturating_sub(2).max(clause.start)..f.first)
            .any(|i| self.an.words[i].meta.is(WordClass::Intensifiers))
            || self.an.words[f.first..=f.last]
                .iter()
                .any(|w| w.meta.is(WordClass::Intensifiers));
        // What the apology is for: the rest of its clause, a dozen words at most.
        let object = f.last + 1..clause.end.min(f.last + 13);
        let boiler = self
            .first_live(Cue::ApologyBoilerplate, object.clone())
            .is_some();
        let (rule, points, why) = if boiler {
            (
                "apology.generic",
                25,
                "is a stock apology that names nothing",
            )
        } else if self.overlaps(object.clone()) > 0 || self.content_words(object) >= 2 {
            ("apology.specific", 55, "says what the apology is for")
        } else {
            ("apology.brief", 35, "apologises, without saying for what")
        };
        let points = points + if intensified && !boiler { 5 } else { 0 };
        let end = if rule == "apology.specific" {
            clause.end - 1
        } else {
            f.last
        };
        self.item(A, (f.first, end.max(f.last)), rule, points, true, why);
        Some(points)
    }

    /// Limit the dimension to at most `cap` points (applied when settling).
    fn cap(
        &mut self,
        dimension: Dimension,
        words: (usize, usize),
        cap: i32,
        rule: &'static str,
        why: impl Into<Cow<'static, str>>,
    ) {
        self.push(dimension, words, rule, 0, Kind::Cap(cap), why);
    }

    fn first_of(&self, cues: &[Cue]) -> Option<(usize, usize)> {
        self.live
            .iter()
            .find(|f| cues.contains(&f.cue))
            .map(|f| (f.first, f.last))
            .or_else(|| {
                let span = self.an.sarcasm_emoji.first()?;
                let i = self
                    .an
                    .words
                    .iter()
                    .position(|w| w.orig.start >= span.end)?;
                Some((i.saturating_sub(1), i.saturating_sub(1)))
            })
    }

    // ---------- empathy ----------

    fn empathy(&mut self) {
        use Dimension::Empathy as E;
        let live = Rc::clone(&self.live);
        let mut best_sentence: Option<(i32, Range<usize>)> = None;
        // "I'm sorry you feel the fine was unfair" puts the problem in their feelings, "sorry if
        // it has been confusing" doubts it happened: nothing in that sentence acknowledges them.
        let blamed: Vec<Range<usize>> = self
            .items
            .iter()
            .filter(|it| matches!(it.rule, "apology.feelings" | "apology.conditional"))
            .map(|it| self.sentence_of(it.words.0))
            .collect();
        for f in live.iter() {
            if blamed.iter().any(|s| s.contains(&f.first)) {
                continue;
            }
            let clause = self.clause_of(f.first);
            let (rule, points, why) = match f.cue {
                Cue::EmpathyGeneric => {
                    let phrase = self
                        .an
                        .surface
                        .get(self.an.words[f.first].at.start..self.an.words[f.last].at.end);
                    if phrase.is_some_and(|p| p.contains("know") && p.contains("how  you  feel")) {
                        (
                            "empathy.presumptuous",
                            20,
                            "presumes to know exactly how they feel",
                        )
                    } else {
                        ("empathy.generic", 30, "acknowledges them, in general terms")
                    }
                }
                Cue::EmpathyEmotion => {
                    // "is it stressful?" asks; "thats awful, 45 mins on hold??" exclaims.
                    let exclaimed = (f.first.saturating_sub(6).max(clause.start)..f.first)
                        .any(|i| matches!(self.rw(i), Rw::That | Rw::This | Rw::What));
                    if self.is_question(f.first)
                        && !exclaimed
                        && !self.any_live(&[Cue::EmpathyFrame], clause.clone())
                    {
                        continue;
                    }
                    let sentence = self.sentence_of(f.first);
                    // "so sorry for the stress": the apology makes the feeling theirs.
                    let framed = self
                        .any_live(&[Cue::EmpathyFrame, Cue::EmpathyGeneric], sentence.clone())
                        || self.any_live(&[Cue::ApologyWord], clause.clone())
                        || self.sentence_fact(f.first).1;
                    // "your brakes were unsafe": the feeling word describes a thing of theirs.
                    let said_of_thing = (clause.start..f.first).any(|j| {
                        matches!(self.rw(j), Rw::Your | Rw::The | Rw::Its)
                            && self.an.is_content(j + 1)
                            && matches!(
                                self.rw(j + 2),
                                Rw::Is | Rw::Was | Rw::Were | Rw::Are | Rw::Looked
                            )
                    });
                    if !framed || said_of_thing {
                        // "the van got stuck", "a hard reset": a feeling word, but not theirs.
                        continue;
                    }
                    ("empathy.names_feeling", 45, "names how this feels for them")
                }
                Cue::EmpathyValidation => {
                    ("empathy.validates", 55, "tells them their reaction is fair")
                }
                Cue::EmpathyExploration if self.is_question(f.first) => (
                    "empathy.asks_how_they_are",
                    45,
                    "asks about them, not just the problem",
                ),
                Cue::ApologySympathy => ("empathy.sympathy", 25, "offers sympathy"),
                Cue::FairComplaint => (
                    "empathy.fair_complaint",
                    30,
                    "agrees that what happened is not okay",
                ),
                Cue::ExtraEmpathy => ("empathy.scenario_phrase", 45, "acknowledges this situation"),
                _ => continue,
            };
            self.item(E, (f.first, f.last), rule, points, true, why);
            let sentence = self.sentence_of(f.first);
            // Only real acknowledgement can be specific; "I get it" about the facts is not.
            let acknowledges = !matches!(
                rule,
                "empathy.generic" | "empathy.presumptuous" | "empathy.sympathy"
            );
            if acknowledges && best_sentence.as_ref().is_none_or(|(p, _)| points > *p) {
                best_sentence = Some((points, sentence));
            }
        }
        if let Some((points, sentence)) = self.situation() {
            let first = sentence.start;
            let last = sentence.end.saturating_sub(1).max(first);
            self.item(
                E,
                (first, last),
                "empathy.situation",
                points,
                true,
                "acknowledges what this means for them",
            );
            if best_sentence.as_ref().is_none_or(|(p, _)| points > *p) {
                best_sentence = Some((points, sentence));
            }
        }
        if let Some((_, sentence)) = best_sentence {
            // Specific beats generic: their situation, in the empathy or the sentence before it.
            let previous = self
                .an
                .sentences
                .iter()
                .rev()
                .find(|s| s.words.end <= sentence.start)
                .map_or(sentence.start, |s| s.words.start);
            let around = previous..sentence.end;
            let overlap = self.overlaps(around.clone());
            let content = self.content_words(sentence.clone());
            let bonus = if overlap >= 2 {
                35
            } else if overlap == 1 || content >= 3 {
                25
            } else {
                0
            };
            if bonus > 0 {
                self.item(
                    E,
                    (around.start, around.end - 1),
                    "empathy.specific",
                    bonus,
                    false,
                    "ties the feeling to their situation",
                );
            }
        }
        if self.sarcasm || self.dismissive || self.blame {
            let (at, why) = if self.sarcasm {
                (
                    self.first_of(&[Cue::Sarcasm]),
                    "sarcasm cancels any empathy",
                )
            } else if self.dismissive {
                (
                    self.first_of(&[Cue::Dismissive]),
                    "brushing their feelings aside cancels the empathy",
                )
            } else {
                (
                    self.first_of(&[Cue::Blame]),
                    "blaming them cancels the empathy",
                )
            };
            self.zero(E, at.unwrap_or((0, 0)), "empathy.undone", why);
        }
    }

    /// Their situation acknowledged through what is at stake for them: a sentence that says back
    /// two of their details including a person, occasion or need of theirs ("two kids asleep on
    /// the suitcases at half ten"), or that frames the problem by it ("with a 7am meeting", "on
    /// your anniversary"). Questions and sentences that promise a fix do not count: there the
    /// detail serves the fix. Returns the points and the sentence.
    fn situation(&self) -> Option<(i32, Range<usize>)> {
        let mut best: Option<(i32, Range<usize>)> = None;
        for sentence in &self.an.sentences {
            let words = sentence.words.clone();
            if sentence.question || words.is_empty() {
                continue;
            }
            let fixing = self.any_live(&POSITIVE_OWN, words.clone())
                || self.any_live(&[Cue::OwnWeak, Cue::HandBack, Cue::Blame], words.clone());
            if fixing {
                continue;
            }
            let mut points = 0;
            let mut overlaps: Option<usize> = None;
            for i in words.clone() {
                if !self.an.words[i].meta.is(WordClass::Stakes) {
                    continue;
                }
                // "the extra work was necessary" is the job on their car, not their job.
                let thing = matches!(
                    self.rw(i),
                    Rw::Work | Rw::Job | Rw::Shift | Rw::Board | Rw::Deck
                ) && i > 0
                    && matches!(
                        self.rw(i - 1),
                        Rw::The | Rw::Extra | Rw::This | Rw::That | Rw::More
                    );
                if thing {
                    continue;
                }
                let theirs = self.overlap_key(i).is_some();
                let clause = self.clause_of(i);
                let framed = (i.saturating_sub(3).max(clause.start)..i).any(|j| {
                    matches!(
                        self.rw(j),
                        Rw::With
                            | Rw::On
                            | Rw::Before
                            | Rw::When
                            | Rw::While
                            | Rw::During
                            | Rw::For
                    )
                });
                let several = *overlaps.get_or_insert_with(|| self.overlaps(words.clone())) >= 2;
                if theirs && several {
                    points = points.max(45);
                } else if framed {
                    points = points.max(30);
                }
            }
            if points > 0 && best.as_ref().is_none_or(|(p, _)| points > *p) {
                best = Some((points, words));
            }
        }
        best
    }

    /// A commitment phrase that commits to nothing: inside a question ("is there anything else I
    /// can help with?"), after a refusal or a condition ("there is nothing we can do", "before we
    /// can do anything"), next to "someone will", or "on me" after a verb ("died on me").
    fn not_a_commitment(&self, f: &Found, clause: &Range<usize>) -> bool {
        let asked = !matches!(f.cue, Cue::OwnOffer | Cue::OwnStrong) && self.is_question(f.first);
        let before = clause.start..f.first;
        let refused = self.any_live(&[Cue::Refusal], before.clone());
        let before = f.first.saturating_sub(8).max(clause.start)..f.first;
        let conditional = before.clone().any(|i| {
            !self.an.words[i].in_phrase
                && matches!(
                    self.rw(i),
                    Rw::Before | Rw::Until | Rw::Unless | Rw::If | Rw::Once | Rw::Whether
                )
        });
        let someone = f.cue == Cue::OwnWeak && self.any_live(&[Cue::VaguePromise], clause.clone());
        let after_verb = f.cue == Cue::OwnStrong
            && matches!(self.rw(f.first), Rw::On)
            && f.first > 0
            && self.word(f.first - 1).ends_with("ed");
        // "our terms say we can carry out repairs": what the rules allow, not a promise.
        let reported = f.first > 0
            && matches!(
                self.rw(f.first - 1),
                Rw::Say | Rw::Says | Rw::Said | Rw::Allow | Rw::Allows | Rw::State | Rw::States
            );
        asked
            || someone
            || after_verb
            || reported
            || (matches!(f.cue, Cue::OwnSubject | Cue::OwnDone | Cue::OwnWeak)
                && (refused || conditional))
    }

    // ---------- ownership ----------

    fn ownership(&mut self) {
        use Dimension::Ownership as O;
        let live = Rc::clone(&self.live);
        let mut committed = std::mem::take(&mut self.committed);
        committed.clear();
        let mut concrete = false;
        for f in live.iter() {
            let clause = self.clause_of(f.first);
            let sentence = self.sentence_of(f.first);
            let subject = self
                .an
                .surface
                .get(self.an.words[f.first].at.start..self.an.words[f.last].at.end)
                .unwrap_or("");
            // "I'm sending" but not "we are fully booked"; "I've refunded" but not "I have a
            // booking"; "your refund has been processed" but not "you've been putting up".
            if self.not_a_commitment(f, &clause) {
                continue;
            }
            let form: fn(&str) -> bool = match (f.cue, subject) {
                (Cue::OwnSubject, "i  am" | "we  are") => |w: &str| w.ends_with("ing"),
                // "a taxi is coming at 6:20", "your refund has been processed".
                (Cue::OwnPassive, "is" | "are") => |w: &str| is_participle(w) || w.ends_with("ing"),
                (Cue::OwnDone | Cue::OwnPassive, _) => is_participle,
                _ => |_: &str| true,
            };
            let action = (f.last + 1..(f.last + 7).min(clause.end)).find_map(|i| {
                // "drivers are running late" is the problem, not a step either.
                let idiom = match self.word(i) {
                    "getting" => self.rw(i + 1) == Rw::To,
                    "running" => matches!(self.rw(i + 1), Rw::Late | Rw::Behind),
                    _ => false,
                };
                if !form(self.word(i)) || idiom {
                    return None;
                }
                let meta = self.an.words[i].meta;
                if meta.is(WordClass::Actions) {
                    Some(true)
                } else if meta.is(WordClass::WeakActions) {
                    Some(false)
                } else {
                    None
                }
            });
            let promising = matches!(
                subject,
                "i  will"
                    | "let  me"
                    | "we  will"
                    | "i  am  going  to"
                    | "we  are  going  to"
                    | "i  shall"
                    | "i  am  about  to"
            );
            let (rule, points, why) = match (f.cue, action) {
                (Cue::OwnStrong, _) => ("ownership.commits", 45, "takes it on personally"),
                (Cue::OwnSubject, Some(true)) => (
                    "ownership.concrete_action",
                    50,
                    "commits to a concrete action",
                ),
                (Cue::OwnSubject, Some(false)) => (
                    "ownership.looks_into",
                    25,
                    "offers to look into it, without a result",
                ),
                (Cue::OwnSubject, None) if promising => {
                    ("ownership.vague", 10, "promises, but not what")
                }
                (Cue::OwnDone, Some(true)) => ("ownership.done", 55, "has already acted"),
                (Cue::OwnDone, Some(false)) => ("ownership.looks_into", 25, "has started looking"),
                (Cue::OwnOffer, Some(true)) => ("ownership.offers", 40, "offers a concrete fix"),
                (Cue::OwnOffer, Some(false)) => ("ownership.offers", 20, "offers to look into it"),
                (Cue::OwnPassive, Some(true)) if self.has_specific(sentence.clone()) => {
                    ("ownership.resolution", 45, "states a concrete resolution")
                }
                // "a new key has been issued": done, but nobody owns it and nothing is specific.
                (Cue::OwnPassive, Some(true))
                    if !self.any_live(&[Cue::VaguePromise], sentence.clone()) =>
                {
                    (
                        "ownership.resolution",
                        25,
                        "states a resolution, without specifics or who",
                    )
                }
                (Cue::OwnWeak, _) => (
                    "ownership.looks_into",
                    25,
                    "is a weak promise: nothing definite",
                ),
                (Cue::ExtraOwnership, _) => (
                    "ownership.scenario_phrase",
                    40,
                    "offers a fix that fits this situation",
                ),
                _ => continue,
            };
            concrete |= points >= 40;
            committed.push(sentence);
            self.item(O, (f.first, f.last), rule, points, true, why);
        }
        // Bare actions: "refunding the $184.50 now", "full refund processed for #5521".
        for i in 0..self.an.words.len() {
            let w = &self.an.words[i];
            let is_action = w.meta.is(WordClass::Actions);
            // "ok noted" is curt, not a step.
            if !(is_action || w.meta.is(WordClass::WeakActions))
                || w.in_phrase
                || w.meta.is(WordClass::Curt)
            {
                continue;
            }
            let text = self.word(i);
            let participle = is_participle(text);
            let progressive = text.ends_with("ing");
            let clause = self.clause_of(i);
            let busy = [Cue::OwnPassive, Cue::VaguePromise, Cue::OwnWeak];
            // "after being told it'd be sorted", "one set of clothes", "the router restarted
            // five times" (their own words back): not steps taken.
            let prev = i.checked_sub(1).map_or("", |j| self.word(j));
            let not_a_step = matches!(
                prev,
                "be" | "being" | "been" | "would" | "a" | "an" | "the" | "one" | "of" | "your"
            ) || self.heard.stems.contains_key(&stem_hash(text));
            // "will check", "k will do": informal first person without the "I".
            let will = prev == "will"
                && (i < 2
                    || i - 1 == self.sentence_of(i).start
                    || self.an.words[i - 2].meta.is(WordClass::Curt));
            let specific = self.has_specific(self.sentence_of(i));
            if will && !not_a_step && !self.is_question(i) && (specific || !is_action) {
                let sentence = self.sentence_of(i);
                let points = if is_action { 40 } else { 25 };
                concrete |= points >= 40;
                committed.push(sentence);
                self.item(
                    O,
                    (i - 1, i),
                    "ownership.action",
                    points,
                    true,
                    "commits to a step",
                );
                continue;
            }
            if not_a_step
                || !(participle || progressive)
                || self.is_question(i)
                || self.any_live(&POSITIVE_OWN, clause.clone())
                || self.any_live(&busy, clause.clone())
            {
                continue;
            }
            // "i tested it twice", "we moved you": a first-person step in the past tense.
            if participle
                && is_action
                && i > 0
                && matches!(prev, "i" | "we")
                && !self.is_question(i)
            {
                let sentence = self.sentence_of(i);
                concrete = true;
                committed.push(sentence);
                self.item(
                    O,
                    (i - 1, i),
                    "ownership.done",
                    45,
                    true,
                    "has already acted",
                );
                continue;
            }
            let pronoun_before = (i.saturating_sub(12).max(clause.start)..i).any(|j| {
                matches!(
                    self.rw(j),
                    Rw::I
                        | Rw::We
                        | Rw::You
                        | Rw::They
                        | Rw::He
                        | Rw::She
                        | Rw::It
                        | Rw::Your
                        | Rw::Their
                )
            });
            let negated = (i.saturating_sub(3).max(clause.start)..i)
                .any(|j| self.an.words[j].meta.is(WordClass::Negators));
            // "refunding it now": an -ing step must open its clause and come with a deadline;
            // "refund processed for #5521": a done step needs its specifics. A gerund subject
            // ("rebooking is done at the desk") is neither.
            // "calling the driver now", "boarding pass printing now".
            let opens = i <= clause.start + 3;
            let gerund = matches!(self.rw(i + 1), Rw::Is | Rw::Was | Rw::Are | Rw::Has);
            // "refund processed", "new card done": a finished step, worth more with specifics.
            let fits = if progressive {
                opens && !gerund && self.has_time(self.sentence_of(i))
            } else {
                true
            };
            if pronoun_before || negated || !fits {
                continue;
            }
            let sentence = self.sentence_of(i);
            let specific = self.has_specific(sentence.clone());
            let (points, why) = match (is_action, specific) {
                (true, true) => (40, "states a concrete step with specifics"),
                (true, false) => (25, "states a step"),
                (false, _) => (20, "is checking, without a result yet"),
            };
            concrete |= points >= 40;
            committed.push(sentence);
            self.item(O, (i, i), "ownership.action", points, true, why);
        }
        let any_committed = !committed.is_empty();
        let timed = committed.iter().find_map(|s| self.time_at(s.clone()));
        self.committed = committed;
        if any_committed {
            if let Some(at) = timed {
                self.item(O, (at, at), "ownership.time", 20, false, "says when");
            }
            let follow_up = self.live(Cue::FollowUp).next();
            if let Some(f) = follow_up {
                self.item(
                    O,
                    (f.first, f.last),
                    "ownership.follow_up",
                    15,
                    false,
                    "promises a follow-up",
                );
            }
        }
        // One bit per cue.
        let mut charged = 0u64;
        for f in live.iter() {
            // Each kind of deflection costs once, however often it is repeated.
            let bit = 1u64 << (f.cue as u32);
            if charged & bit != 0 {
                continue;
            }
            charged |= bit;
            let (rule, points, why) = match f.cue {
                Cue::Refusal => (
                    "ownership.refuses",
                    -30,
                    "refuses instead of offering what you can do",
                ),
                Cue::BuckPassing => ("ownership.passes_buck", -30, "puts it on someone else"),
                Cue::Blame => ("ownership.blames", -40, "puts it on the customer"),
                Cue::HandBack if concrete => (
                    "ownership.hands_back",
                    -25,
                    "hands part of the problem back",
                ),
                Cue::HandBack => {
                    let span = self.an.span(f.first, f.last);
                    self.flag(
                        HarmKind::PassingBuck,
                        span,
                        "hands the problem back to the customer",
                    );
                    self.zero(
                        O,
                        (f.first, f.last),
                        "ownership.hands_back",
                        "hands the problem back to them",
                    );
                    continue;
                }
                Cue::VaguePromise => ("ownership.vague_promise", 0, "is vague: no who or when"),
                _ => continue,
            };
            self.item(O, (f.first, f.last), rule, points, false, why);
        }
    }

    // ---------- takebacks ----------

    /// "I'm sorry, but ..." / "I get it, but ...": a contrast clause that is not a fix takes
    /// back the apology and empathy before it.
    fn undo(&mut self) {
        let negative = [
            Cue::Blame,
            Cue::BuckPassing,
            Cue::HandBack,
            Cue::Refusal,
            Cue::Dismissive,
            Cue::Sarcasm,
            Cue::ApologyDeflect,
            Cue::NonApology,
            Cue::VaguePromise,
        ];
        // Most replies have no "but" to judge.
        if !self
            .an
            .clauses
            .iter()
            .any(|c| c.contrast && c.words.len() >= 3)
        {
            return;
        }
        // Where apology or empathy was first earned, and where fixes start, sorted, so each
        // "but" is judged with a binary search rather than a pass over all items.
        let earned_from = self
            .items
            .iter()
            .filter(|it| matches!(it.dimension, Dimension::Apology | Dimension::Empathy))
            .filter(|it| it.points > 0)
            .map(|it| it.words.1)
            .min();
        let mut earned_starts: Vec<usize> = self
            .items
            .iter()
            .filter(|it| matches!(it.dimension, Dimension::Apology | Dimension::Empathy))
            .filter(|it| it.points > 0)
            .map(|it| it.words.0)
            .collect();
        earned_starts.sort_unstable();
        let mut fixes_at: Vec<usize> = self
            .items
            .iter()
            .filter(|it| match it.dimension {
                Dimension::Ownership => it.points >= 25,
                Dimension::Listening => false,
                Dimension::Apology | Dimension::Empathy => it.points > 0,
            })
            .map(|it| it.words.0)
            .collect();
        fixes_at.sort_unstable();
        for c in 0..self.an.clauses.len() {
            let clause = self.an.clauses[c].clone();
            if !(clause.contrast && clause.words.len() >= 3) {
                continue;
            }
            let before = clause.words.start;
            if earned_from.is_none_or(|end| end >= before) {
                continue;
            }
            // The "but" reaches to the end of its sentence: "but I can only reissue the card,
            // I can't fix the lock" takes back as much as "but I can't fix the lock".
            let sentence_end = self
                .an
                .sentences
                .get(clause.sentence)
                .map_or(clause.words.end, |s| s.words.end);
            let words = clause.words.start..sentence_end;
            let at = fixes_at.partition_point(|&k| k < words.start);
            let fixes = fixes_at.get(at).is_some_and(|&k| k < words.end)
                && !self.any_live(&negative, words.clone());
            if fixes {
                continue;
            }
            // A "but" well into its sentence ("it lands 6:35, tight but doable") answers that
            // sentence; one that opens it ("I'm sorry. But our policy...") or follows a short
            // lead-in ("I get it, but", "to be fair though") answers everything before.
            let sentence_start = self
                .an
                .sentences
                .get(clause.sentence)
                .map_or(clause.words.start, |s| s.words.start);
            let local = before - sentence_start >= 4;
            if local && earned_from.is_none_or(|end| end < sentence_start) {
                let at = earned_starts.partition_point(|&k| k < sentence_start);
                let earned_here = earned_starts.get(at).is_some_and(|&k| k < before);
                if !earned_here {
                    continue;
                }
            }
            let span = self.an.span(words.start, words.end - 1);
            self.flag(HarmKind::ButTakeback, span, "takes back what came before");
            for dimension in [Dimension::Apology, Dimension::Empathy] {
                let taken: Vec<usize> = self
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, it)| {
                        it.dimension == dimension
                            && it.words.0 < before
                            && it.points > 0
                            && (!local || it.words.0 >= sentence_start)
                    })
                    .map(|(k, _)| k)
                    .collect();
                if taken.is_empty() {
                    continue;
                }
                // Feelings acknowledged in earlier sentences stand when only the request is
                // refused ("I can see you're exhausted. But I can't make a key without ID"),
                // at the level of a generic acknowledgement.
                let earlier = taken
                    .iter()
                    .all(|&k| self.items[k].words.0 < sentence_start);
                if dimension == Dimension::Empathy && earlier {
                    self.cap(
                        dimension,
                        (words.start, words.end - 1),
                        30,
                        "takeback",
                        "the \u{201c}but\u{201d} takes back some of the acknowledgement",
                    );
                    continue;
                }
                for k in taken {
                    self.items[k].points = 0;
                    self.items[k].taken_back = true;
                }
                let why = "takes back what came before";
                self.item(
                    dimension,
                    (words.start, words.end - 1),
                    "takeback",
                    0,
                    false,
                    why,
                );
            }
            break;
        }
    }

    // ---------- settling ----------

    fn finish(mut self) -> Assessment {
        // One stable sort puts every dimension's items in settling order (see `settle`), the
        // dimensions in the order of `Dimension::ALL`, without a list per dimension.
        self.items
            .sort_by_key(|it| (it.dimension, it.kind != Kind::Base, -it.points, it.words.0));
        let mut scores = Scores::default();
        // Each item gives at most one piece of evidence.
        let mut evidence = Vec::with_capacity(self.items.len());
        let mut rest = self.items.as_slice();
        for dimension in Dimension::ALL {
            let count = rest
                .iter()
                .take_while(|it| it.dimension == dimension)
                .count();
            let (mine, others) = rest.split_at(count);
            scores.set(dimension, settle(mine, self.reply, &mut evidence));
            rest = others;
        }
        evidence.sort_by_key(|e: &Evidence| (e.start, e.end));
        self.flags.sort_by_key(|h| (h.start, h.end));
        let tip = tips::tip(
            &scores,
            &evidence,
            &self.flags,
            self.reply,
            &self.heard.detail,
        );
        std::mem::take(&mut self.an).recycle();
        // Tables grown by a pasted document are freed rather than kept.
        if self.next_time.capacity() > 1 << 14 {
            return Assessment {
                scores,
                evidence,
                flags: self.flags,
                tip,
            };
        }
        let mut items = self.items;
        items.clear();
        let mut flagged = self.flagged;
        flagged.clear();
        let mut live = self.live;
        if let Some(list) = Rc::get_mut(&mut live) {
            list.clear();
        }
        SPARE.set(Some(Spare {
            items,
            live,
            by_cue: self.by_cue,
            overlap: self.overlap,
            sentence_flag: self.sentence_flag,
            next_time: self.next_time,
            numbers_before: self.numbers_before,
            sentence_facts: self.sentence_facts,
            flagged,
            seen: self.seen,
            committed: self.committed,
        }));
        Assessment {
            scores,
            evidence,
            flags: self.flags,
            tip,
        }
    }
}

/// Turn one dimension's items into a score, and evidence (appended to `evidence`) whose points
/// add up to it. `mine` comes sorted by `finish`: base items first, strongest first, then by
/// position, so the strongest base item counts in full and each further one adds at most 10
/// (up to 20).
fn settle(mine: &[Item], reply: &str, evidence: &mut Vec<Evidence>) -> u8 {
    let mut total = 0;
    let mut extra_bases = 0;
    let mut first_base = true;
    let mut zero: Option<&Item> = None;
    let mut cap: Option<(&Item, i32)> = None;
    for it in mine {
        match it.kind {
            Kind::Zero => {
                zero = zero.or(Some(it));
                continue;
            }
            Kind::Cap(limit) => {
                if cap.is_none_or(|(_, c)| limit < c) {
                    cap = Some((it, limit));
                }
                continue;
            }
            Kind::Base | Kind::Bonus => {}
        }
        let points = if it.kind == Kind::Base && it.points > 0 {
            if first_base {
                first_base = false;
                it.points
            } else {
                let add = it.points.min(10).min(20 - extra_bases).max(0);
                extra_bases += add;
                add
            }
        } else {
            it.points
        };
        total += points;
        evidence.push(to_evidence(it, points, reply));
    }
    let mut score = total.clamp(0, 100);
    // Zero and cap items show the points they take away.
    if let Some(it) = zero {
        evidence.push(to_evidence(it, -score, reply));
        score = 0;
    } else if let Some((it, limit)) = cap
        && score > limit
    {
        evidence.push(to_evidence(it, limit - score, reply));
        score = limit;
    }
    u8::try_from(score.clamp(0, 100)).unwrap_or(0)
}

fn to_evidence(it: &Item, points: i32, reply: &str) -> Evidence {
    const TAKEN: &str = " (taken back by the \u{201c}but\u{201d})";
    let mut explanation = String::with_capacity(it.span.len() + it.why.len() + 48);
    tips::quote_into(&mut explanation, reply, &it.span);
    explanation.push(' ');
    explanation.push_str(&it.why);
    if it.taken_back {
        explanation.push_str(TAKEN);
    }
    Evidence {
        start: it.span.start,
        end: it.span.end,
        dimension: it.dimension,
        rule: Cow::Borrowed(it.rule),
        points,
        explanation,
    }
}

fn weekday(word: &str) -> Option<u8> {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .position(|d| *d == word)
    .and_then(|p| u8::try_from(p).ok())
}

fn sorted_digits(text: &str) -> Vec<u8> {
    let mut digits: Vec<u8> = text.bytes().filter(u8::is_ascii_digit).collect();
    digits.sort_unstable();
    digits
}

fn letters_of(text: &str) -> String {
    text.chars().filter(|c| c.is_alphabetic()).collect()
}

/// Two names that look alike but differ ("okoro" / "okafor"): a misremembered name.
fn looks_like(a: &str, b: &str) -> bool {
    let (ca, cb) = (a.chars().count(), b.chars().count());
    a != b && ca >= 4 && cb >= 4 && ca.abs_diff(cb) <= 2 && a.chars().take(2).eq(b.chars().take(2))
}

/// A past participle, the form of a step already taken ("refunded", "sent", "ready").
fn is_participle(word: &str) -> bool {
    word.ends_with("ed")
        || matches!(
            word,
            "sent"
                | "put"
                | "paid"
                | "cut"
                | "done"
                | "made"
                | "given"
                | "found"
                | "ready"
                | "set"
                | "got"
                | "brought"
                | "taken"
                | "on"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAG: &str = "My suitcase didn't come off the carousel in Lisbon. I filed a report three \
        days ago, reference LIS-48213, and nobody has called me.";

    fn score(reply: &str) -> Assessment {
        let context = ScoreContext {
            customer_line: BAG,
            ..ScoreContext::default()
        };
        RuleScorer::new().score(reply, &context)
    }

    fn flagged(a: &Assessment, kind: HarmKind) -> bool {
        a.flags.iter().any(|h| h.kind == kind)
    }

    #[test]
    fn apology_with_or_without_sorry() {
        assert!(
            score("I owe you an apology, that was our fault.")
                .scores
                .apology
                >= 50
        );
        assert!(score("Forgive me, we got this wrong.").scores.apology >= 50);
        assert!(score("im so sory we lost ur bag").scores.apology >= 50);
    }

    #[test]
    fn specific_owning_apology_beats_boilerplate() {
        let owning = score("I'm sorry we lost your suitcase, that's on us.")
            .scores
            .apology;
        let boiler = score("We apologise for any inconvenience caused.")
            .scores
            .apology;
        assert!(boiler > 0 && owning > boiler + 30, "{owning} vs {boiler}");
    }

    #[test]
    fn non_apologies_score_zero() {
        for reply in [
            "I'm sorry if that upset you.",
            "Sorry you feel that way.",
            "I'm sorry you're upset.",
            "Mistakes were made.",
            "Errors occurred with your bag.",
            "I won't apologise for the airline's baggage handlers.",
            "I'm not sorry.",
            "Sorry, could you spell that?",
        ] {
            let a = score(reply);
            assert_eq!(a.scores.apology, 0, "{reply}: {:?}", a.evidence);
        }
        assert!(flagged(
            &score("Sorry if you were offended."),
            HarmKind::NonApology
        ));
    }

    #[test]
    fn sorry_but_policy_is_taken_back() {
        let a = score("Sorry, but that's our policy.");
        assert_eq!(a.scores.apology, 0);
        assert!(flagged(&a, HarmKind::ButTakeback));
        let fine = score("I'm sorry, but I'll call Lisbon for you right now.");
        assert!(fine.scores.apology > 0 && !flagged(&fine, HarmKind::ButTakeback));
    }

    #[test]
    fn empathy_specific_beats_generic() {
        let generic = score("I know that's annoying.").scores.empathy;
        let specific =
            score("Three days in the same clothes with no call from us sounds exhausting.")
                .scores
                .empathy;
        assert!(generic > 0 && specific > generic, "{specific} vs {generic}");
        assert!(score("Anyone would be angry about that.").scores.empathy >= 50);
    }

    #[test]
    fn sarcasm_and_dismissal_cancel_empathy() {
        for reply in [
            "Oh poor you, three whole days.",
            "Calm down, I understand it's frustrating.",
            "I get it, but we're very busy today.",
            "That sounds awful 🙄",
        ] {
            assert_eq!(score(reply).scores.empathy, 0, "{reply}");
        }
    }

    #[test]
    fn listening_rewards_their_details_and_checks() {
        let a = score("So your suitcase never came off in Lisbon and LIS-48213 got no call back?");
        assert!(a.scores.listening >= 50, "{:?}", a.evidence);
        let check = score("Let me check I've got this right: three days, and no call?");
        assert!(check.scores.listening > 30);
    }

    #[test]
    fn asking_again_or_getting_facts_wrong_scores_zero() {
        let again = score("What's your reference number?");
        assert_eq!(again.scores.listening, 0);
        assert!(flagged(&again, HarmKind::AsksAgain));
        let wrong = score("I'm sorry your bag went missing in Porto, reference LIS-48231.");
        assert_eq!(wrong.scores.listening, 0, "{:?}", wrong.evidence);
        let new = score("Which hotel are you staying at?");
        assert!(new.scores.listening > 0 && !flagged(&new, HarmKind::AsksAgain));
    }

    #[test]
    fn ownership_needs_a_concrete_first_person_action() {
        let strong =
            score("I'll send the replacement today and email you the tracking number by five.");
        let weak = score("I'll see what can be done.");
        assert!(strong.scores.ownership >= 80, "{:?}", strong.evidence);
        assert!(weak.scores.ownership > 0 && weak.scores.ownership < 40);
        for reply in [
            "You'll have to call the airline.",
            "I will not refund you.",
            "That's the warehouse's fault, not ours.",
            "Someone will call you.",
        ] {
            assert_eq!(score(reply).scores.ownership, 0, "{reply}");
        }
    }

    #[test]
    fn negation_scope() {
        assert_eq!(
            score("There's no way I can help with that.")
                .scores
                .ownership,
            0
        );
        assert!(
            score("I can't apologise enough, that's on us.")
                .scores
                .apology
                >= 50
        );
        assert!(score("I won't let this happen again.").scores.ownership > 0);
        assert!(score("It's not your fault.").scores.empathy > 0);
    }

    #[test]
    fn a_strong_opening_undone_later() {
        let a = score("I'm so sorry about your bag. You should have put a tag on it though.");
        assert_eq!(a.scores.apology, 0);
        assert!(flagged(&a, HarmKind::Blame));
    }

    #[test]
    fn harmful_moves_are_flagged_with_spans() {
        let a = score("RELAX, IT IS NOT A BIG DEAL");
        assert!(flagged(&a, HarmKind::Shouting) && flagged(&a, HarmKind::Dismissive));
        assert!(flagged(&score("ok"), HarmKind::Curt));
        let empty = score("");
        assert!(flagged(&empty, HarmKind::Curt) && !empty.tip.is_empty());
    }

    #[test]
    fn evidence_adds_up_to_the_score() {
        let a = score("So sorry, that's on us. I'm calling Lisbon now and I'll ring you by 5pm.");
        for d in Dimension::ALL {
            let sum: i32 = a
                .evidence
                .iter()
                .filter(|e| e.dimension == d)
                .map(|e| e.points)
                .sum();
            assert_eq!(
                sum.clamp(0, 100),
                i32::from(a.scores.get(d)),
                "{d}: {:?}",
                a.evidence
            );
        }
    }

    #[test]
    fn tip_quotes_the_reply() {
        let a = score("We apologise for any inconvenience. You'll have to call the airline.");
        assert!(a.tip.contains('\u{201c}'), "{}", a.tip);
    }

    #[test]
    fn cached_context_gives_the_same_result() {
        let scorer = RuleScorer::new();
        let context = ScoreContext {
            customer_line: BAG,
            ..ScoreContext::default()
        };
        let first = scorer.score("Which room, sorry?", &context);
        let second = scorer.score("Which room, sorry?", &context);
        assert_eq!(first, second);
        let other = scorer.score("Which room, sorry?", &ScoreContext::default());
        assert_eq!(
            other.scores,
            scorer
                .clone()
                .score("Which room, sorry?", &ScoreContext::default())
                .scores
        );
    }
}
