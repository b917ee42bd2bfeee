//! One coaching tip per reply, for its weakest dimension, quoting what the trainee wrote.

use std::fmt;
use std::ops::Range;

use super::{Dimension, Evidence, Harm, HarmKind, Scores};

/// The quote of [`Quoted`], appended to `out`.
pub(crate) fn quote_into(out: &mut String, reply: &str, range: &Range<usize>) {
    // Writing to a `String` cannot fail.
    let _ = write_quote(out, reply, range);
}

/// The reply's text in `range` as a quote: in curly quotes, on one line and at most 60
/// characters. Formats straight into the tip, with no string of its own.
struct Quoted<'a>(&'a str, Range<usize>);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_quote(f, self.0, &self.1)
    }
}

fn write_quote(out: &mut impl fmt::Write, reply: &str, range: &Range<usize>) -> fmt::Result {
    let text = reply.get(range.clone()).unwrap_or("");
    out.write_char('\u{201c}')?;
    // Most quotes are short plain text that needs no clean-up: ASCII, no whitespace but single
    // spaces. One pass over the bytes.
    let bytes = text.as_bytes();
    let plain = bytes.len() <= 60
        && bytes.iter().enumerate().all(|(i, &b)| {
            if b == b' ' {
                i == 0 || bytes[i - 1] != b' '
            } else {
                b.is_ascii() && !b.is_ascii_whitespace()
            }
        });
    if plain {
        out.write_str(text)?;
        return out.write_char('\u{201d}');
    }
    let mut count = 0;
    let mut last_space = false;
    for c in text.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        if count == 60 {
            out.write_char('\u{2026}')?;
            break;
        }
        out.write_char(c)?;
        count += 1;
    }
    out.write_char('\u{201d}')
}

pub(crate) fn empty() -> String {
    "Say something: even one line that shows you heard them and will act beats silence.".to_string()
}

/// The tip for the weakest dimension (ties go in the order trainers teach: listen, empathise,
/// apologise, own), concrete to this reply.
pub(crate) fn tip(
    scores: &Scores,
    evidence: &[Evidence],
    flags: &[Harm],
    reply: &str,
    detail: &Option<String>,
) -> String {
    let weakest = Dimension::ALL
        .into_iter()
        .min_by_key(|d| scores.get(*d))
        .unwrap_or(Dimension::Listening);
    let score = scores.get(weakest);
    let mine = || evidence.iter().filter(|e| e.dimension == weakest);
    let worst = mine().filter(|e| e.points < 0).min_by_key(|e| e.points);
    let weak = mine().filter(|e| e.points >= 0).min_by_key(|e| e.points);
    let said = |e: &Evidence| Quoted(reply, e.start..e.end);
    let text = match weakest {
        Dimension::Listening => {
            let first = mine().find(|e| e.points > 0);
            listening(worst, score, first, detail, said)
        }
        Dimension::Empathy => empathy(worst, weak, score, detail, said),
        Dimension::Apology => apology(worst, weak, score, flags, reply),
        Dimension::Ownership => ownership(worst, weak, score, flags, reply),
    };
    if score >= 70 {
        format!("Strong reply. To make it even better: {text}")
    } else {
        text
    }
}

/// A short piece of what the customer said, to show the trainee what to reflect.
pub(crate) fn customer_detail(customer: &str) -> Option<String> {
    let first = customer
        .split(['.', '!', '?', '\n'])
        .map(str::trim)
        .find(|s| s.split_whitespace().count() >= 3)?;
    let words: Vec<String> = first
        .split_whitespace()
        .take(10)
        .scan("", |prev, w| {
            let spoken = spoken_back(w, prev);
            *prev = w;
            Some(spoken)
        })
        .collect();
    let mut text = words.join(" ");
    if first.split_whitespace().count() > words.len() {
        text.push('\u{2026}');
    }
    Some(text)
}

/// A word of the customer's as the agent would say it back: "my bag" is "your bag", "you
/// charged me" is "we charged you". Punctuation around the word is kept. `prev` is the word
/// before, empty at the start.
fn spoken_back(word: &str, prev: &str) -> String {
    let opens = prev.is_empty();
    // "you" is the business: "we" as a subject, "us" after a verb ("I told you").
    let subject = opens
        || matches!(
            prev.trim_matches(|c: char| !c.is_alphabetic())
                .to_lowercase()
                .as_str(),
            "and"
                | "but"
                | "so"
                | "because"
                | "when"
                | "that"
                | "if"
                | "now"
                | "then"
                | "yet"
                | "since"
                | "as"
                | "until"
        );
    let start = word.find(char::is_alphabetic).unwrap_or(word.len());
    let end = word.rfind(char::is_alphabetic).map_or(start, |i| {
        i + word[i..].chars().next().map_or(1, char::len_utf8)
    });
    let core = &word[start..end.max(start)];
    let lower = core.to_lowercase().replace('\u{2019}', "'");
    let swapped = match lower.as_str() {
        "i" | "me" | "we" | "us" => "you",
        "my" | "our" => "your",
        "mine" | "ours" => "yours",
        "myself" | "ourselves" => "yourself",
        "i'm" | "im" | "we're" => "you're",
        "i've" | "ive" | "we've" => "you've",
        "i'd" | "we'd" => "you'd",
        "i'll" | "we'll" => "you'll",
        "you" if subject => "we",
        "you" => "us",
        "your" => "our",
        "yours" => "ours",
        "you've" => "we've",
        "you're" => "we're",
        _ => return word.to_string(),
    };
    let capital = opens;
    let mut out = String::with_capacity(word.len() + 4);
    out.push_str(&word[..start]);
    let mut chars = swapped.chars();
    if let Some(c) = chars.next() {
        if capital {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        out.push_str(chars.as_str());
    }
    out.push_str(&word[end.max(start)..]);
    out
}

/// `first` is the first evidence of listening that earned points.
fn listening<'a>(
    worst: Option<&Evidence>,
    score: u8,
    first: Option<&Evidence>,
    detail: &Option<String>,
    said: impl Fn(&Evidence) -> Quoted<'a>,
) -> String {
    let reflect = match detail {
        Some(d) => format!("say back what they told you (\u{201c}{d}\u{201d}) in your own words"),
        None => "say back what happened in your own words".to_string(),
    };
    match worst {
        Some(e) if e.rule == "listening.asks_again" => format!(
            "You asked {}, but they had already told you. Instead, {reflect} and check: \u{201c}have I got that right?\u{201d}",
            said(e)
        ),
        Some(e) if e.rule == "listening.wrong_fact" => format!(
            "{} does not match what they said. Read their details back correctly before acting: {reflect}.",
            said(e)
        ),
        _ if score > 0 => match first {
            Some(e) => format!(
                "You picked up {}; go further and repeat the specifics they gave you (numbers, names, times) so they know you heard them.",
                said(e)
            ),
            None => format!("Before solving, {reflect}."),
        },
        _ => format!(
            "Nothing in your reply shows you heard what they said. Before solving, {reflect}, and check: \u{201c}have I got that right?\u{201d}"
        ),
    }
}

fn empathy<'a>(
    worst: Option<&Evidence>,
    weak: Option<&Evidence>,
    score: u8,
    detail: &Option<String>,
    said: impl Fn(&Evidence) -> Quoted<'a>,
) -> String {
    let example = match detail {
        Some(d) => format!("\u{201c}{d} \u{2013} no wonder you're fed up.\u{201d}"),
        None => "\u{201c}That sounds exhausting, after everything you've been through.\u{201d}"
            .to_string(),
    };
    match worst {
        Some(e) if e.rule == "takeback" => format!(
            "{} takes back what you said before it. End the acknowledgement with a full stop, then say what you will do.",
            said(e)
        ),
        Some(e) => format!(
            "{} tells them their feelings don't count. Leave it out and name what they feel instead, e.g. {example}",
            said(e)
        ),
        None => match weak {
            Some(e) if score > 0 => format!(
                "{} is generic. Tie the feeling to what happened to them, e.g. {example}",
                said(e)
            ),
            _ => format!(
                "You went straight past how they feel. Acknowledge it first, tied to what happened, e.g. {example}"
            ),
        },
    }
}

fn apology(
    worst: Option<&Evidence>,
    weak: Option<&Evidence>,
    score: u8,
    flags: &[Harm],
    reply: &str,
) -> String {
    let own = "\u{201c}I'm sorry, that's our mistake and it shouldn't have happened.\u{201d}";
    if let Some(e) = worst {
        let q = Quoted(reply, e.start..e.end);
        return match e.rule.as_ref() {
            "apology.undone" => format!(
                "{q} cancels your apology. Apologise for what went wrong and leave their choices out of it."
            ),
            "takeback" => format!(
                "{q} takes your apology back. Put a full stop after the apology, then say what you will do."
            ),
            _ => format!(
                "{q} is not a real apology: it doubts, deflects or blames their feelings. Own it plainly: {own}"
            ),
        };
    }
    if let Some(h) = flags.iter().find(|h| h.kind == HarmKind::NonApology) {
        return format!("{} Own it plainly instead: {own}", h.explanation);
    }
    match weak {
        Some(e) if e.rule == "apology.for_nothing" => format!(
            "Your sorry in {} only softens a question. Save it for what went wrong, and own that: {own}",
            Quoted(reply, e.start..e.end)
        ),
        Some(e) if score > 0 => format!(
            "{} doesn't say what you're sorry for. Name the failure and own it, e.g. \u{201c}I'm sorry we let you down on this, that's on us.\u{201d}",
            Quoted(reply, e.start..e.end)
        ),
        _ => format!(
            "There is no apology. One plain line that owns what went wrong helps most: {own}"
        ),
    }
}

fn ownership(
    worst: Option<&Evidence>,
    weak: Option<&Evidence>,
    score: u8,
    flags: &[Harm],
    reply: &str,
) -> String {
    let promise = "\u{201c}I'll sort this now and call you back by 5 today.\u{201d}";
    if let Some(e) = worst {
        let q = Quoted(reply, e.start..e.end);
        return match e.rule.as_ref() {
            "ownership.refuses" => format!(
                "{q} says what you won't do. Lead with what you can do, as a promise with a time: {promise}"
            ),
            _ => format!(
                "{q} hands the problem to someone else. Say what you will do about it yourself, and when: {promise}"
            ),
        };
    }
    if let Some(h) = flags.iter().find(|h| h.kind == HarmKind::VaguePromise) {
        return format!(
            "{} Name who does what by when instead: {promise}",
            h.explanation
        );
    }
    match weak {
        Some(e) if score >= 40 => format!(
            "Good commitment in {}. Add when it will happen and how they will hear back, e.g. \u{201c}by 5pm today, and I'll email you the confirmation.\u{201d}",
            Quoted(reply, e.start..e.end)
        ),
        Some(e) if score > 0 => format!(
            "{} is a weak promise. Commit to a concrete step and a time: {promise}",
            Quoted(reply, e.start..e.end)
        ),
        _ => format!(
            "Nothing says what happens next. End with one concrete step you will take, and when: {promise}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(reply: &str, range: &Range<usize>) -> String {
        Quoted(reply, range.clone()).to_string()
    }

    #[test]
    fn quotes_are_short_single_line_and_safe() {
        assert_eq!(quote("a\n\nb", &(0..4)), "\u{201c}a b\u{201d}");
        let long = "x".repeat(100);
        assert_eq!(quote(&long, &(0..100)).chars().count(), 63);
        assert_eq!(quote("abc", &(5..9)), "\u{201c}\u{201d}");
    }

    #[test]
    fn customer_detail_takes_a_short_first_sentence() {
        let detail = customer_detail("My bag is lost. Help!").unwrap();
        assert_eq!(detail, "Your bag is lost");
        assert_eq!(
            customer_detail("You charged my Visa twice, and I'm furious.").unwrap(),
            "We charged your Visa twice, and you're furious"
        );
        assert_eq!(
            customer_detail("It's 6:10 and it still isn't here.").unwrap(),
            "It's 6:10 and it still isn't here"
        );
        assert!(customer_detail("").is_none());
    }
}
