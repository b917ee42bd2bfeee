//! Presenting assessments: the human-readable breakdown and the streaming JSON-lines scorer.

use std::fmt::Write as _;
use std::io::{self, BufRead, Write};

use serde::Deserialize;

use super::{Assessment, Dimension, ScoreContext, Scorer};

/// A plain-text breakdown: the reply with the evidence [bracketed], the scores, each piece of
/// evidence with its points, the flags and the tip.
pub fn render(reply: &str, assessment: &Assessment) -> String {
    let mut out = String::new();
    let spans = assessment
        .evidence
        .iter()
        .filter(|e| e.points != 0)
        .map(|e| (e.start, e.end))
        .chain(assessment.flags.iter().map(|h| (h.start, h.end)));
    let _ = writeln!(out, "Reply: {}", mark(reply, spans));
    let s = &assessment.scores;
    let _ = writeln!(
        out,
        "Scores: listening {} | empathy {} | apology {} | ownership {} | overall {}",
        s.listening,
        s.empathy,
        s.apology,
        s.ownership,
        s.overall()
    );
    for dimension in Dimension::ALL {
        let _ = writeln!(out, "\n{dimension} {}/100", s.get(dimension));
        let mut any = false;
        for e in assessment
            .evidence
            .iter()
            .filter(|e| e.dimension == dimension)
        {
            any = true;
            let _ = writeln!(out, "  {:>+4}  {}  [{}]", e.points, e.explanation, e.rule);
        }
        if !any {
            let _ = writeln!(out, "     -  nothing in the reply shows it");
        }
    }
    if !assessment.flags.is_empty() {
        let _ = writeln!(out, "\nFlags:");
        for h in &assessment.flags {
            let _ = writeln!(out, "  ! {}: {}", h.kind, h.explanation);
        }
    }
    let _ = writeln!(out, "\nTip: {}", assessment.tip);
    out
}

/// The reply with each (merged) span wrapped in brackets.
fn mark(reply: &str, spans: impl Iterator<Item = (usize, usize)>) -> String {
    let mut spans: Vec<(usize, usize)> = spans
        .filter(|(a, b)| a < b && *b <= reply.len())
        .filter(|(a, b)| reply.is_char_boundary(*a) && reply.is_char_boundary(*b))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut out = String::with_capacity(reply.len() + merged.len() * 2);
    let mut at = 0;
    for (a, b) in merged {
        out.push_str(&reply[at..a]);
        out.push('[');
        out.push_str(&reply[a..b]);
        out.push(']');
        at = b;
    }
    out.push_str(&reply[at..]);
    out
}

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    context: String,
    reply: String,
}

/// Score JSON lines `{"context": "...", "reply": "..."}` from `reader`, writing one JSON object
/// per input line to `writer`, in order and flushed as it goes: the [`Assessment`], or
/// `{"error": "line N: ..."}` for a line that cannot be read, after which the stream goes on.
pub fn score_jsonl(
    mut reader: impl BufRead,
    mut writer: impl Write,
    scorer: &impl Scorer,
) -> io::Result<()> {
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        if reader.read_until(b'\n', &mut buffer)? == 0 {
            break;
        }
        number += 1;
        let output = match parse(&buffer) {
            Ok(line) => {
                let context = ScoreContext {
                    customer_line: &line.context,
                    ..ScoreContext::default()
                };
                serde_json::to_string(&scorer.score(&line.reply, &context))
                    .map_err(|e| format!("cannot write the result: {e}"))
            }
            Err(message) => Err(message),
        };
        let json = match output {
            Ok(json) => json,
            Err(message) => {
                serde_json::json!({ "error": format!("line {number}: {message}") }).to_string()
            }
        };
        writer.write_all(json.as_bytes())?;
        writer.write_all(b"\n")?;
        writer.flush()?;
    }
    Ok(())
}

fn parse(bytes: &[u8]) -> Result<Line, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_string())?;
    let text = text.trim();
    if text.is_empty() {
        return Err("empty line; expected {\"context\": \"...\", \"reply\": \"...\"}".to_string());
    }
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_merge_overlapping_spans() {
        assert_eq!(
            mark("abcdef", [(0, 2), (1, 3), (4, 5)].into_iter()),
            "[abc]d[e]f"
        );
        assert_eq!(mark("abc", [(2, 9)].into_iter()), "abc");
    }
}
