//! The scorer's phrase lists: the built-in data file, trainers' extra files, and the compiled
//! matcher.
//!
//! The lists are data (`lexicon.yaml`, compiled in) so trainers can read and extend them; what each
//! list *does* is fixed in `rules.rs`. Phrases are canonicalised exactly like replies (see
//! [`Canon`]) and compiled into one trie over word ids (see [`PhraseTrie`]), so matching costs a
//! walk of at most the longest phrase from each word of the reply, however many phrases there are.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use super::analysis::{NUMBER_WORDS, ORDINAL_WORDS, stem_hash};
use crate::text::Normalized;

/// The built-in lexicon, compiled into the binary.
pub const BUILTIN_LEXICON: &str = include_str!("lexicon.yaml");

/// What a phrase list is for. The names are the keys under `phrases:` in a lexicon file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    ApologyWord,
    ApologyAdmission,
    ApologyBoilerplate,
    ApologySympathy,
    ApologyDeflect,
    NonApology,
    FairComplaint,
    EmpathyGeneric,
    EmpathyFrame,
    EmpathyEmotion,
    EmpathyValidation,
    EmpathyExploration,
    Sarcasm,
    Dismissive,
    ListeningReflect,
    ListeningRecap,
    ListeningExplore,
    AskRepeat,
    AskProblem,
    AskDetail,
    OwnSubject,
    OwnDone,
    OwnPassive,
    OwnOffer,
    OwnStrong,
    OwnWeak,
    VaguePromise,
    Refusal,
    HandBack,
    BuckPassing,
    Blame,
    Time,
    FollowUp,
    Neutral,
    /// Scenario or `--lexicon` phrases listed under `listening:`.
    #[serde(skip)]
    ExtraListening,
    #[serde(skip)]
    ExtraEmpathy,
    #[serde(skip)]
    ExtraApology,
    #[serde(skip)]
    ExtraOwnership,
}

/// Single-word classes, the keys under `words:` in a lexicon file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WordClass {
    Negators,
    Contrast,
    Intensifiers,
    Actions,
    WeakActions,
    SecondPerson,
    RequestStarts,
    FeelingVerbs,
    FeelingStates,
    QuestionStarts,
    Times,
    Anchors,
    Curt,
    Admin,
    CommonTopics,
    Stakes,
    Stopwords,
}

impl WordClass {
    pub(crate) fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// What the lexicon knows about one canonical word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordMeta {
    /// `WordClass::bit`s.
    pub classes: u32,
    /// 1-based synonym group, 0 for none.
    pub group: u32,
    /// For a lexicon word in no group: the group its stem joins ("charging" joins "charge"),
    /// 0 for none. Saves looking the stem up for every known word.
    pub stem_group: u32,
    /// Which of the words the rules name this is.
    pub rule: Rw,
    /// The word's id in the phrase lists (see [`PhraseTrie`]), 0 for a word in no phrase.
    pub phrase: u32,
    /// For a number word ("three"), its value plus one; 0 for other words.
    pub number: u8,
    /// For an ordinal word ("third"), its value; 0 for other words.
    pub ordinal: u8,
}

/// Declares [`Rw`] from `Variant = "word"` pairs.
macro_rules! rule_words {
    ($($name:ident = $text:literal),* $(,)?) => {
        /// The words the rules test by their text ("was", "the", "instead"). Each word's is looked
        /// up once, with the rest of its [`WordMeta`], so a rule compares a byte instead of a
        /// string, and tests against several words compile to a bit test.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub(crate) enum Rw {
            /// Any word the rules do not name.
            #[default]
            Unnamed,
            $($name),*
        }

        impl Rw {
            const ALL: &[(Rw, &str)] = &[$((Rw::$name, $text)),*];
        }
    };
}

rule_words! {
    After = "after", Again = "again", Allow = "allow", Allows = "allows", Also = "also",
    Alternative = "alternative", And = "and", Another = "another", Any = "any", Are = "are",
    Arrived = "arrived", Arrives = "arrives", Asked = "asked", At = "at", Available = "available",
    Because = "because", Before = "before", Behind = "behind", Board = "board", Booked = "booked",
    By = "by", Calm = "calm", Came = "came", Can = "can", Cannot = "cannot", Check = "check",
    Checked = "checked", Coming = "coming", Contact = "contact", Could = "could", Deck = "deck",
    Departs = "departs", Did = "did", During = "during", Earliest = "earliest", Else = "else",
    Especially = "especially", Extra = "extra", Fixed = "fixed", For = "for", Had = "had",
    Has = "has", Have = "have", He = "he", Help = "help", Helps = "helps", Hour = "hour",
    Hours = "hours", How = "how", I = "i", If = "if", In = "in", Instead = "instead", Is = "is",
    It = "it", Its = "its", Job = "job", Kind = "kind", Lands = "lands", Last = "last",
    Late = "late", Later = "later", Latest = "latest", Leaves = "leaves", Looked = "looked",
    Lost = "lost", Minute = "minute", Minutes = "minutes", Missed = "missed", Mobile = "mobile",
    More = "more", Never = "never", New = "new", Next = "next", Not = "not", Of = "of", Oh = "oh",
    On = "on", Once = "once", Opens = "opens", Other = "other", Phone = "phone",
    Pulled = "pulled", Record = "record", Records = "records", Relax = "relax",
    Repaired = "repaired", Said = "said", Say = "say", Says = "says", See = "see", She = "she",
    Shift = "shift", Should = "should", Showed = "showed", Shows = "shows", Since = "since",
    So = "so", Sort = "sort", Spell = "spell", State = "state", States = "states", That = "that",
    The = "the", Their = "their", Then = "then", They = "they", This = "this", To = "to",
    Tried = "tried", Try = "try", Turned = "turned", Type = "type", Unless = "unless",
    Until = "until", Up = "up", Visited = "visited", Was = "was", We = "we", Were = "were",
    What = "what", When = "when", Whether = "whether", Which = "which", While = "while",
    Whole = "whole", Will = "will", With = "with", Within = "within", Work = "work",
    Would = "would", You = "you", Your = "your",
}

/// Marks, in `Lexicon::words`, a word the spelling table replaces: only those need
/// `Canon::expand`, every other word is its own canonical form.
pub(crate) const SPELLED: u32 = 1 << 31;
/// Marks a word the lexicon lists (so `stem_group` is filled in).
const KNOWN: u32 = 1 << 30;

impl WordMeta {
    pub(crate) fn is(self, class: WordClass) -> bool {
        self.classes & class.bit() != 0
    }

    pub(crate) fn is_known(self) -> bool {
        self.classes & KNOWN != 0
    }
}

/// FNV-1a: the keys are short words, where SipHash's setup cost dominates.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// The hash of the lexicon's own tables, looked up for every word of every reply: eight bytes
/// per multiply (as rustc's FxHash) instead of FNV's one.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl WordHasher {
    const SEED: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // The multiply leaves its best bits at the top; the table indexes by the bottom ones.
        self.0.rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        // The last 1 to 7 bytes, read as two overlapping halves (or first, middle and last
        // byte): no copy of a variable length.
        let rest = chunks.remainder();
        let n = rest.len();
        if n >= 4 {
            let half = |at: usize| {
                let mut four = [0u8; 4];
                four.copy_from_slice(&rest[at..at + 4]);
                u64::from(u32::from_le_bytes(four))
            };
            self.add((half(0) << 32 | half(n - 4)) ^ (n as u64) << 61);
        } else if n > 0 {
            let byte = |at: usize| u64::from(rest[at]);
            self.add((byte(0) << 16 | byte(n / 2) << 8 | byte(n - 1)) ^ (n as u64) << 61);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A map keyed by words or word hashes, see [`WordHasher`].
pub(crate) type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// A lexicon file as written: the built-in one or a trainer's `--lexicon FILE`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LexiconFile {
    pub spelling: BTreeMap<String, String>,
    pub synonyms: Vec<Vec<String>>,
    pub sarcasm_emoji: Vec<String>,
    pub words: BTreeMap<WordClass, Vec<String>>,
    pub phrases: BTreeMap<Cue, Vec<String>>,
    /// Plain per-dimension lists, like a scenario's `lexicon:`.
    pub listening: Vec<String>,
    pub empathy: Vec<String>,
    pub apology: Vec<String>,
    pub ownership: Vec<String>,
}

/// Why a lexicon file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{}: cannot read the lexicon file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}:{line}: phrase {phrase:?} under `{list}` has no letters or digits to match", path.display())]
    EmptyPhrase {
        path: PathBuf,
        line: usize,
        list: String,
        phrase: String,
    },
    #[error("{}: cannot build the phrase matcher: {message}", path.display())]
    Build { path: PathBuf, message: String },
}

impl LexiconFile {
    /// Parse lexicon YAML; `path` only names the source in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, LexiconError> {
        serde_yaml::from_str(text).map_err(|error| {
            let (line, column) = error
                .location()
                .map_or((0, 0), |at| (at.line(), at.column()));
            LexiconError::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message: error.to_string(),
            }
        })
    }

    pub fn read(path: &Path) -> Result<Self, LexiconError> {
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let file = Self::parse(&text, path)?;
        file.check_phrases(&text, path)?;
        Ok(file)
    }

    /// Every phrase must have something to match; name the line of the first that has not.
    fn check_phrases(&self, text: &str, path: &Path) -> Result<(), LexiconError> {
        let lists = self
            .phrases
            .iter()
            .map(|(cue, phrases)| (format!("phrases.{cue:?}"), phrases))
            .chain([
                ("listening".to_string(), &self.listening),
                ("empathy".to_string(), &self.empathy),
                ("apology".to_string(), &self.apology),
                ("ownership".to_string(), &self.ownership),
            ]);
        for (list, phrases) in lists {
            for phrase in phrases {
                if Normalized::new(phrase).as_str().is_empty() {
                    // serde does not keep positions of values, so find the phrase's line by text.
                    let line = text
                        .lines()
                        .position(|l| !phrase.is_empty() && l.contains(phrase.as_str()))
                        .map_or(0, |i| i + 1);
                    return Err(LexiconError::EmptyPhrase {
                        path: path.to_path_buf(),
                        line,
                        list,
                        phrase: phrase.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Turns text into canonical words: normalised (see `crate::text`), letter runs of three or more
/// squeezed ("soooo" -> "so"), and the spelling table applied ("im" -> "i am").
#[derive(Debug, Clone, Default)]
pub struct Canon {
    spelling: WordMap<Box<str>, Box<[Box<str>]>>,
}

/// Words that become "we will" only when a verb follows ("well send it" but not "well, ok").
const WELL_VERBS: &[&str] = &[
    "be", "get", "have", "make", "do", "need", "take", "sort", "send", "call", "look", "fix",
    "refund", "see", "try", "book", "rebook", "let", "put", "arrange", "check", "email", "text",
    "find", "give", "cover", "pay", "replace", "keep", "ring",
];

/// The built-in spelling table alone: intent phrases and replies are matched through it, so a
/// trainer's "get you on" also finds "get u on".
pub fn builtin_canon() -> &'static Canon {
    static CANON: OnceLock<Canon> = OnceLock::new();
    CANON.get_or_init(|| {
        LexiconFile::parse(BUILTIN_LEXICON, Path::new("lexicon.yaml"))
            .map(|file| Canon::from_files(&[&file]))
            .unwrap_or_default()
    })
}

impl Canon {
    fn from_files(files: &[&LexiconFile]) -> Canon {
        let mut canon = Canon::default();
        for file in files {
            for (from, to) in &file.spelling {
                let key = Normalized::new(from).as_str().to_string();
                let parts: Box<[Box<str>]> = Normalized::new(to)
                    .as_str()
                    .split(' ')
                    .filter(|p| !p.is_empty())
                    .map(Box::from)
                    .collect();
                if !key.is_empty() && !parts.is_empty() {
                    canon.spelling.insert(key.into(), parts);
                }
            }
        }
        canon
    }

    /// Calls `emit(normalised_word_range, canonical_word)` for each canonical word, in order.
    /// One normalised word can yield several canonical ones ("ill" -> "i", "will").
    pub fn for_each(
        &self,
        normalized: &Normalized,
        mut emit: impl FnMut(std::ops::Range<usize>, &str),
    ) {
        let text = normalized.as_str();
        let mut words = normalized.words().peekable();
        let mut squeezed = String::new();
        while let Some(range) = words.next() {
            let next = words.peek().map(|r| &text[r.clone()]);
            self.expand(&text[range.clone()], next, &mut squeezed, &mut |word| {
                emit(range.clone(), word)
            });
        }
    }

    /// The canonical words of one normalised word, given the word after it: letter runs
    /// squeezed, "well" before a verb read as "we will", the spelling table applied.
    pub(crate) fn expand(
        &self,
        word: &str,
        next: Option<&str>,
        squeezed: &mut String,
        emit: &mut impl FnMut(&str),
    ) {
        let word = if has_long_run(word) {
            squeeze_runs(word, squeezed);
            squeezed.as_str()
        } else {
            word
        };
        if word == "well" && next.is_some_and(|n| WELL_VERBS.contains(&n)) {
            emit("we");
            emit("will");
            return;
        }
        match self.spelling.get(word) {
            Some(replacement) => {
                for part in replacement.iter() {
                    emit(part);
                }
            }
            None => emit(word),
        }
    }

    /// The canonical words of a phrase, space-separated.
    pub fn phrase(&self, phrase: &str) -> String {
        let normalized = Normalized::new(phrase);
        let mut out = String::new();
        self.for_each(&normalized, |_, word| {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        });
        out
    }
}

pub(crate) fn has_long_run(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes
        .windows(3)
        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic())
}

/// "sooooo" -> "so", "sorryyyy" -> "sorry": runs of three or more of one letter become one.
fn squeeze_runs(word: &str, out: &mut String) {
    out.clear();
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut j = i;
        while j < chars.len() && chars[j] == c {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 && c.is_alphabetic() {
            1
        } else {
            run
        };
        out.extend(std::iter::repeat_n(c, keep));
        i = j;
    }
}

/// The surface a phrase is searched in: " w1  w2  w3 ". Every word is wrapped in spaces and
/// neighbours are two spaces apart, so a pattern " a  b " only matches whole words and two
/// adjacent matches never compete for the same space.
pub(crate) fn surface(words: &str) -> String {
    let mut out = String::with_capacity(words.len() * 2 + 2);
    out.push(' ');
    for (i, word) in words.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push_str("  ");
        }
        out.push_str(word);
    }
    out.push(' ');
    out
}

/// Regular forms of a listed verb: "reverse" gives "reverses", "reversing", "reversed";
/// "authorize" also gives the British "authorise" forms. Irregular forms are listed in the file.
fn verb_forms(base: &str) -> Vec<String> {
    if base.len() < 3 || base.ends_with("ing") || base.ends_with("ed") {
        return Vec::new();
    }
    let stem = base.strip_suffix('e').unwrap_or(base);
    let mut forms = vec![
        format!("{base}s"),
        format!("{stem}ing"),
        format!("{stem}ed"),
    ];
    if let Some(root) = base.strip_suffix("ize") {
        forms.extend(["ise", "ises", "ising", "ised"].map(|end| format!("{root}{end}")));
    }
    forms
}

/// Every phrase as a path of word ids (see `WordMeta::phrase`) from the root. A reply's words
/// already carry their ids from the word table, so following a phrase costs one table step per
/// word, where matching bytes cost one per character.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseTrie {
    /// The child of the root for each word id; 0 for none (the root is node 0, so never a child).
    roots: Vec<u32>,
    /// The children of the other nodes, keyed by `node << 32 | word id`.
    edges: WordMap<u64, u32>,
    /// Per node, the cue of the phrase that ends there.
    ends: Vec<Option<Cue>>,
}

impl PhraseTrie {
    fn insert(&mut self, ids: &[u32], cue: Cue) {
        if self.ends.is_empty() {
            self.ends.push(None);
        }
        let mut node = 0;
        for &id in ids {
            let next = self.step(node, id);
            node = if next != 0 {
                next
            } else {
                let child = self.ends.len() as u32;
                self.ends.push(None);
                if node == 0 {
                    let at = id as usize;
                    if self.roots.len() <= at {
                        self.roots.resize(at + 1, 0);
                    }
                    self.roots[at] = child;
                } else {
                    self.edges
                        .insert(u64::from(node) << 32 | u64::from(id), child);
                }
                child
            };
        }
        if let Some(end) = self.ends.get_mut(node as usize) {
            *end = Some(cue);
        }
    }

    /// The node reached from `node` by word id `id`, 0 for none.
    fn step(&self, node: u32, id: u32) -> u32 {
        if id == 0 {
            0
        } else if node == 0 {
            self.roots.get(id as usize).copied().unwrap_or(0)
        } else {
            self.edges
                .get(&(u64::from(node) << 32 | u64::from(id)))
                .copied()
                .unwrap_or(0)
        }
    }

    /// The phrase matches among `len` words whose ids are `id(i)`, leftmost first and at each
    /// start the longest, not overlapping: calls `found(cue, first, last)` with word indices.
    pub(crate) fn find(
        &self,
        len: usize,
        id: impl Fn(usize) -> u32,
        mut found: impl FnMut(Cue, usize, usize),
    ) {
        let mut start = 0;
        while start < len {
            let mut node = 0;
            let mut longest = None;
            for at in start..len {
                node = self.step(node, id(at));
                if node == 0 {
                    break;
                }
                if let Some(cue) = self.ends.get(node as usize).copied().flatten() {
                    longest = Some((cue, at));
                }
            }
            match longest {
                Some((cue, last)) => {
                    found(cue, start, last);
                    start = last + 1;
                }
                None => start += 1,
            }
        }
    }
}

/// The compiled lexicon.
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    pub canon: Canon,
    pub words: WordMap<Box<str>, WordMeta>,
    /// Stems of synonym-group words, so inflections join the group.
    pub stem_groups: WordMap<u64, u32>,
    pub sarcasm_emoji: Vec<char>,
    pub phrases: PhraseTrie,
}

impl Lexicon {
    /// Build from the built-in file plus, optionally, a trainer's file whose entries are added
    /// (and whose phrases win if they are also in the built-in file under another list).
    pub(crate) fn build(
        builtin: &LexiconFile,
        extra: Option<(&LexiconFile, &Path)>,
    ) -> Result<Self, LexiconError> {
        let files: Vec<&LexiconFile> = std::iter::once(builtin)
            .chain(extra.map(|(file, _)| file))
            .collect();

        let canon = Canon::from_files(&files);

        let mut words: WordMap<Box<str>, WordMeta> = WordMap::default();
        let mut stem_groups: WordMap<u64, u32> = WordMap::default();
        let mut group = 0;
        for file in &files {
            for synonyms in &file.synonyms {
                group += 1;
                for word in synonyms {
                    let key = canon.phrase(word);
                    // Multi-word synonyms ("money back") are keyed by their last word.
                    if let Some(last) = key.rsplit(' ').next().filter(|w| !w.is_empty()) {
                        words.entry(last.into()).or_default().group = group;
                        stem_groups.insert(stem_hash(last), group);
                    }
                }
            }
            for (class, list) in &file.words {
                for word in list {
                    for part in canon.phrase(word).split(' ').filter(|p| !p.is_empty()) {
                        words.entry(part.into()).or_default().classes |= class.bit();
                        // Verbs are listed in one or two forms; every form does the same job.
                        if matches!(class, WordClass::Actions | WordClass::WeakActions) {
                            for form in verb_forms(part) {
                                words.entry(form.into()).or_default().classes |= class.bit();
                            }
                        }
                    }
                }
            }
        }

        for key in canon.spelling.keys() {
            words.entry(key.clone()).or_default().classes |= SPELLED;
        }
        for (rule, word) in Rw::ALL {
            words.entry((*word).into()).or_default().rule = *rule;
        }
        for (word, value) in NUMBER_WORDS {
            words.entry(word.into()).or_default().number = value + 1;
        }
        for (word, value) in ORDINAL_WORDS {
            words.entry(word.into()).or_default().ordinal = value;
        }
        // Later files override earlier ones for the same phrase.
        let mut by_phrase: BTreeMap<String, Cue> = BTreeMap::new();
        for file in &files {
            let plain = [
                (Cue::ExtraListening, &file.listening),
                (Cue::ExtraEmpathy, &file.empathy),
                (Cue::ExtraApology, &file.apology),
                (Cue::ExtraOwnership, &file.ownership),
            ];
            let lists = file.phrases.iter().map(|(c, l)| (*c, l)).chain(plain);
            for (cue, list) in lists {
                for phrase in list {
                    let canonical = canon.phrase(phrase);
                    if !canonical.is_empty() {
                        by_phrase.insert(canonical, cue);
                    }
                }
            }
        }
        // Each phrase word gets an id in the word table, so a reply's words carry theirs.
        let mut phrases = PhraseTrie::default();
        let mut next_id = 0;
        let mut ids = Vec::new();
        for (phrase, cue) in &by_phrase {
            ids.clear();
            for word in phrase.split(' ').filter(|w| !w.is_empty()) {
                let meta = words.entry(word.into()).or_default();
                if meta.phrase == 0 {
                    next_id += 1;
                    meta.phrase = next_id;
                }
                ids.push(meta.phrase);
            }
            phrases.insert(&ids, *cue);
        }
        for (word, meta) in &mut words {
            meta.classes |= KNOWN;
            if meta.group == 0 {
                meta.stem_group = stem_groups.get(&stem_hash(word)).copied().unwrap_or(0);
            }
        }

        let sarcasm_emoji = files
            .iter()
            .flat_map(|f| f.sarcasm_emoji.iter())
            .filter_map(|e| e.chars().next())
            .collect();

        Ok(Lexicon {
            canon,
            words,
            stem_groups,
            sarcasm_emoji,
            phrases,
        })
    }

    pub(crate) fn meta(&self, word: &str) -> WordMeta {
        let mut meta = self.words.get(word).copied().unwrap_or_default();
        meta.classes &= !SPELLED;
        meta
    }

    /// The meta of a typed word, and whether it needs `Canon::expand` (spelling table, letter
    /// runs, "well"): one lookup for the common case.
    pub(crate) fn typed(&self, word: &str) -> (WordMeta, bool) {
        let mut meta = self.words.get(word).copied().unwrap_or_default();
        let spelled = meta.classes & SPELLED != 0;
        meta.classes &= !SPELLED;
        (meta, spelled || word == "well" || has_long_run(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Lexicon {
        let file = LexiconFile::parse(BUILTIN_LEXICON, Path::new("lexicon.yaml")).unwrap();
        Lexicon::build(&file, None).unwrap()
    }

    #[test]
    fn builtin_lexicon_parses_and_has_no_empty_phrases() {
        let file = LexiconFile::parse(BUILTIN_LEXICON, Path::new("lexicon.yaml")).unwrap();
        file.check_phrases(BUILTIN_LEXICON, Path::new("lexicon.yaml"))
            .unwrap();
        assert!(file.phrases.len() > 20);
    }

    #[test]
    fn canonical_words_fix_real_typing() {
        let lex = builtin();
        assert_eq!(lex.canon.phrase("Im SOOOO sory!!"), "i am so sorry");
        assert_eq!(
            lex.canon.phrase("ill fix it, u wont wait"),
            "i will fix it you will not wait"
        );
        assert_eq!(lex.canon.phrase("We'll send it"), "we will send it");
        assert_eq!(lex.canon.phrase("Well, ok"), "well okay");
        assert_eq!(lex.canon.phrase("I apologise"), "i apologize");
    }

    #[test]
    fn phrase_trie_finds_leftmost_longest_without_overlap() {
        let mut trie = PhraseTrie::default();
        trie.insert(&[1], Cue::ApologyWord);
        trie.insert(&[1, 2, 3], Cue::ApologyAdmission);
        trie.insert(&[2, 3], Cue::Time);
        trie.insert(&[3, 4], Cue::Blame);
        let ids = [1, 2, 3, 4, 1, 2, 0, 3, 4];
        let mut found = Vec::new();
        trie.find(ids.len(), |i| ids[i], |cue, a, b| found.push((cue, a, b)));
        assert_eq!(
            found,
            vec![
                (Cue::ApologyAdmission, 0, 2),
                (Cue::ApologyWord, 4, 4),
                (Cue::Blame, 7, 8)
            ]
        );
    }

    #[test]
    fn surface_keeps_adjacent_words_apart() {
        assert_eq!(surface("a b"), " a  b ");
        assert_eq!(surface(""), "  ");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = LexiconFile::parse("phrases:\n  apology_wrd: [x]\n", Path::new("extra.yaml"))
            .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("extra.yaml:2:"), "{message}");
    }

    #[test]
    fn empty_phrases_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("extra.yaml");
        std::fs::write(&path, "empathy:\n  - fine\n  - \"!!!\"\n").unwrap();
        let err = LexiconFile::read(&path).unwrap_err();
        assert!(
            matches!(err, LexiconError::EmptyPhrase { line: 3, .. }),
            "{err}"
        );
    }
}
