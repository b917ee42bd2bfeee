//! The trainee's reply with each piece of evidence highlighted in its dimension's style, so they
//! see exactly which words earned or cost points.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::scoring::Assessment;
use crate::tui::theme::Theme;

/// The reply as lines of styled spans. Where spans overlap, harmful moves win over points earned,
/// and larger effects over smaller ones.
pub fn highlighted(reply: &str, assessment: &Assessment, theme: Theme) -> Vec<Line<'static>> {
    let mut marks: Vec<Option<(i32, Style)>> = vec![None; reply.len()];
    let mut paint = |start: usize, end: usize, weight: i32, style: Style| {
        for mark in marks.iter_mut().take(end.min(reply.len())).skip(start) {
            if mark.is_none_or(|(existing, _)| weight > existing) {
                *mark = Some((weight, style));
            }
        }
    };
    for evidence in &assessment.evidence {
        if evidence.points < 0 {
            paint(
                evidence.start,
                evidence.end,
                1000 - evidence.points,
                theme.harmful(),
            );
        } else {
            paint(
                evidence.start,
                evidence.end,
                evidence.points,
                theme.highlight(evidence.dimension),
            );
        }
    }
    for flag in &assessment.flags {
        paint(flag.start, flag.end, 2000, theme.harmful());
    }

    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_style: Option<Style> = None;
    for (index, c) in reply.char_indices() {
        if c == '\n' {
            if !current.is_empty() {
                spans.push(span(std::mem::take(&mut current), current_style));
            }
            lines.push(Line::from(std::mem::take(&mut spans)));
            continue;
        }
        let style = marks.get(index).copied().flatten().map(|(_, s)| s);
        if style != current_style && !current.is_empty() {
            spans.push(span(std::mem::take(&mut current), current_style));
        }
        current_style = style;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(span(current, current_style));
    }
    lines.push(Line::from(spans));
    lines
}

fn span(text: String, style: Option<Style>) -> Span<'static> {
    match style {
        Some(style) => Span::styled(text, style),
        None => Span::raw(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{Dimension, Evidence};

    #[test]
    fn splits_the_reply_at_evidence_boundaries() {
        let reply = "ok, I'm so sorry. I'll fix it";
        let assessment = Assessment {
            evidence: vec![
                Evidence {
                    start: 4,
                    end: 16,
                    dimension: Dimension::Apology,
                    rule: "apology.plain".into(),
                    points: 40,
                    explanation: String::new(),
                },
                Evidence {
                    start: 18,
                    end: 29,
                    dimension: Dimension::Ownership,
                    rule: "ownership.action".into(),
                    points: 50,
                    explanation: String::new(),
                },
            ],
            ..Assessment::default()
        };
        let theme = Theme::mono();
        let lines = highlighted(reply, &assessment, theme);
        let texts: Vec<&str> = lines[0].spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(texts, ["ok, ", "I'm so sorry", ". ", "I'll fix it"]);
        assert_eq!(lines[0].spans[1].style, theme.highlight(Dimension::Apology));
        assert_eq!(
            lines[0].spans[3].style,
            theme.highlight(Dimension::Ownership)
        );
    }
}
