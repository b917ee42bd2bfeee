//! The conversation screen: chat and reply editor on the left; the customer, the score meters and
//! the feedback (or hint) on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::evidence::highlighted;
use super::meter;
use super::wrap::wrap;
use crate::engine::average_scores;
use crate::scoring::Dimension;
use crate::tui::app::{App, Mode, PATIENCE, Play};
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(play) = app.play.as_ref() else {
        return;
    };
    let right_width = (area.width * 2 / 5).clamp(32, 56);
    let [left, right] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(right_width)]).areas(area);

    let input_height = input_height(play, left.height);
    let [chat_area, input_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(input_height)]).areas(left);
    let drill = if app.drill_offline {
        Some(strings::DRILL_OFFLINE)
    } else {
        app.drill_state.map(|s| s.label())
    };
    draw_chat(frame, chat_area, play, drill, theme);
    draw_input(frame, input_area, play, theme);

    let customer_height = if app.timed { 7 } else { 6 };
    let [customer_area, scores_area, feedback_area] = Layout::vertical([
        Constraint::Length(customer_height),
        Constraint::Length(6),
        Constraint::Fill(1),
    ])
    .areas(right);
    draw_customer(frame, customer_area, play, app.timed, theme);
    draw_scores(frame, scores_area, play, theme);
    if play.hint_open {
        draw_hint(frame, feedback_area, play, theme);
    } else {
        draw_feedback(frame, feedback_area, play, theme);
    }
}

fn input_height(play: &Play, available: u16) -> u16 {
    let wanted = match play.session.current_node() {
        Some(node) if node.is_choice() => node.options.len() as u16 * 2 + 2,
        Some(_) => (play.editor.lines().len() as u16 + 2).clamp(4, 8),
        None => 3,
    };
    wanted.min(available / 2)
}

fn draw_chat(frame: &mut Frame, area: Rect, play: &Play, drill: Option<&str>, theme: Theme) {
    let scenario = play.session.scenario();
    let width = usize::from(area.width.saturating_sub(2));
    let height = usize::from(area.height.saturating_sub(2));
    let indent = " ".repeat(4);
    let customer = |text: &str, anger: u8| -> Vec<Line> {
        let mut lines = vec![Line::from(vec![
            Span::styled(scenario.customer.name.clone(), theme.customer_name()),
            Span::styled(format!("  {} {anger}", strings::ANGER), theme.dim()),
        ])];
        lines.extend(wrap(text, width).into_iter().map(Line::from));
        lines.push(Line::from(""));
        lines
    };
    let you = |text: &str| -> Vec<Line> {
        let mut lines = vec![Line::from(vec![
            Span::raw(indent.clone()),
            Span::styled(strings::YOU, theme.trainee_name()),
        ])];
        lines.extend(
            wrap(text, width.saturating_sub(indent.len()))
                .into_iter()
                .map(|l| Line::from(format!("{indent}{l}"))),
        );
        lines.push(Line::from(""));
        lines
    };

    // Messages are laid out newest first and only as far back as the view reaches, so drawing
    // costs the same for a long conversation as for a short one.
    let wanted = height + usize::from(play.scroll);
    let mut blocks: Vec<Vec<Line>> = Vec::new();
    let mut count = 0;
    let mut push = |block: Vec<Line<'static>>, blocks: &mut Vec<Vec<Line<'static>>>| {
        count += block.len();
        blocks.push(block);
        count >= wanted
    };
    let mut full = false;
    if play.session.is_finished() {
        full = push(
            vec![Line::styled(strings::CONVERSATION_OVER, theme.title())],
            &mut blocks,
        );
    }
    let current = play.session.customer_line();
    if !full && !current.is_empty() {
        full = push(customer(current, play.session.anger()), &mut blocks);
    }
    for turn in play.session.turns().iter().rev() {
        if full {
            break;
        }
        full = push(you(&turn.reply), &mut blocks)
            || push(customer(&turn.customer, turn.anger_before), &mut blocks);
    }
    let lines: Vec<Line> = blocks.into_iter().rev().flatten().collect();
    let scroll = usize::from(play.scroll).min(lines.len().saturating_sub(height));
    let top = lines.len().saturating_sub(height + scroll);
    let visible: Vec<Line> = lines.into_iter().skip(top).take(height).collect();
    let mut title = Vec::new();
    if let Some(drill) = drill {
        title.push(Span::styled(format!(" drill {drill} "), theme.key()));
    }
    title.push(Span::raw(format!(
        "{}· {} ",
        strings::CHAT_TITLE,
        scenario.title
    )));
    frame.render_widget(
        Paragraph::new(visible).block(Block::bordered().title(Line::from(title))),
        area,
    );
}

fn draw_input(frame: &mut Frame, area: Rect, play: &Play, theme: Theme) {
    match play.session.current_node() {
        Some(node) if node.is_choice() => {
            let items: Vec<ListItem> = node
                .options
                .iter()
                .enumerate()
                .map(|(i, option)| {
                    let width = usize::from(area.width.saturating_sub(7));
                    let mut lines = wrap(&option.text, width).into_iter();
                    let first = lines.next().unwrap_or_default();
                    let mut item = vec![Line::from(format!("{}. {first}", i + 1))];
                    item.extend(lines.map(|l| Line::from(format!("   {l}"))));
                    ListItem::new(item)
                })
                .collect();
            let mut state = ListState::default().with_selected(Some(play.option));
            frame.render_stateful_widget(
                List::new(items)
                    .block(Block::bordered().title(strings::OPTIONS_TITLE))
                    .highlight_style(theme.selected())
                    .highlight_symbol("▶ "),
                area,
                &mut state,
            );
        }
        Some(_) => {
            let mut title = vec![Span::raw(strings::EDITOR_TITLE)];
            if let Some(notice) = &play.notice {
                title.push(Span::styled(format!(" {notice} "), theme.warning()));
            }
            let block = Block::bordered().title(Line::from(title));
            let inner = block.inner(area);
            frame.render_widget(block, area);
            frame.render_widget(&play.editor, inner);
        }
        None => {
            frame.render_widget(
                Paragraph::new(Line::styled(strings::CONVERSATION_OVER, theme.title()))
                    .block(Block::bordered()),
                area,
            );
        }
    }
}

fn draw_customer(frame: &mut Frame, area: Rect, play: &Play, timed: bool, theme: Theme) {
    let scenario = play.session.scenario();
    let anger = play.session.anger();
    let previous = play
        .anger_history
        .iter()
        .rev()
        .nth(1)
        .copied()
        .unwrap_or(anger);
    let (arrow, style) = match anger.cmp(&previous) {
        std::cmp::Ordering::Greater => (format!("▲ +{}", anger - previous), theme.warning()),
        std::cmp::Ordering::Less => (format!("▼ -{}", previous - anger), theme.good()),
        std::cmp::Ordering::Equal => ("·".to_string(), theme.dim()),
    };
    let inner_width = usize::from(area.width.saturating_sub(2));
    let bar_width = inner_width.saturating_sub(18).max(4);
    let (filled, empty) = meter(anger, bar_width);
    let mut lines = vec![Line::from(vec![
        Span::raw(format!("{:<8}", strings::ANGER)),
        Span::styled(filled, theme.meter(None)),
        Span::styled(empty, theme.dim()),
        Span::raw(format!(" {anger:>3} ")),
        Span::styled(arrow, style),
    ])];
    if timed && !play.session.is_finished() {
        let left = PATIENCE.saturating_sub(play.waited);
        let percent = (left.as_millis() * 100 / PATIENCE.as_millis().max(1)) as u8;
        let (filled, empty) = meter(percent, bar_width);
        lines.push(Line::from(vec![
            Span::raw(format!("{:<8}", strings::PATIENCE)),
            Span::styled(filled, theme.meter(Some(Dimension::Ownership))),
            Span::styled(empty, theme.dim()),
            Span::raw(format!(" {:>3}s", left.as_secs())),
        ]));
    }
    lines.extend(
        wrap(scenario.customer.situation.trim(), inner_width)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim())),
    );
    let title = Line::from(vec![Span::styled(
        format!(" {} ", scenario.customer.name),
        theme.customer_name(),
    )]);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}

fn draw_scores(frame: &mut Frame, area: Rect, play: &Play, theme: Theme) {
    let turns = play.session.turns();
    let block = Block::bordered().title(format!(
        "{}{} · {} ",
        strings::SCORES_TITLE,
        strings::LAST_REPLY,
        strings::AVERAGE
    ));
    if play.mode == Mode::Exam {
        frame.render_widget(
            Paragraph::new(strings::EXAM_NO_SCORES)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let last = turns.last().map(|t| t.assessment.scores);
    let previous = turns
        .len()
        .checked_sub(2)
        .and_then(|i| turns.get(i))
        .map(|t| t.assessment.scores);
    let average = average_scores(turns.iter().map(|t| t.assessment.scores));
    let inner_width = usize::from(area.width.saturating_sub(2));
    let bar_width = inner_width.saturating_sub(24).max(4);
    let lines: Vec<Line> = Dimension::ALL
        .iter()
        .map(|d| {
            let value = last.map_or(0, |s| s.get(*d));
            let (filled, empty) = meter(value, bar_width);
            let change = match (last, previous) {
                (Some(l), Some(p)) => {
                    let delta = i16::from(l.get(*d)) - i16::from(p.get(*d));
                    if delta == 0 {
                        "    ".to_string()
                    } else {
                        format!("{delta:+4}")
                    }
                }
                _ => "    ".to_string(),
            };
            let shown = if last.is_some() {
                format!("{value:>3}")
            } else {
                "  -".to_string()
            };
            Line::from(vec![
                Span::styled(format!("{:<10}", d.name()), theme.dimension_label(*d)),
                Span::styled(filled, theme.meter(Some(*d))),
                Span::styled(empty, theme.dim()),
                Span::raw(format!(" {shown}{change} ")),
                Span::styled(
                    if turns.is_empty() {
                        "  -".to_string()
                    } else {
                        format!("{:>3}", average.get(*d))
                    },
                    theme.dim(),
                ),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_feedback(frame: &mut Frame, area: Rect, play: &Play, theme: Theme) {
    let block = Block::bordered().title(strings::FEEDBACK_TITLE);
    if play.mode == Mode::Exam {
        frame.render_widget(
            Paragraph::new(strings::EXAM_NO_FEEDBACK)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let Some(turn) = play.feedback() else {
        frame.render_widget(
            Paragraph::new(strings::FEEDBACK_WAITING)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    };
    let assessment = &turn.assessment;
    let mut lines = highlighted(&turn.reply, assessment, theme);
    lines.push(Line::from(""));
    for evidence in &assessment.evidence {
        let sign = if evidence.points > 0 { "+" } else { "−" };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{sign}{} ", evidence.dimension),
                theme.dimension_label(evidence.dimension),
            ),
            Span::raw(evidence.explanation.clone()),
        ]));
    }
    if !assessment.flags.is_empty() {
        lines.push(Line::styled(strings::FLAGS, theme.warning()));
        for flag in &assessment.flags {
            lines.push(Line::from(format!("• {}", flag.explanation)));
        }
    }
    if !assessment.tip.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", strings::TIP), theme.title()),
            Span::raw(assessment.tip.clone()),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn draw_hint(frame: &mut Frame, area: Rect, play: &Play, theme: Theme) {
    let hint = play
        .session
        .current_node()
        .and_then(|n| n.hint.clone())
        .unwrap_or_else(|| strings::NO_HINT.to_string());
    frame.render_widget(
        Paragraph::new(Line::styled(hint, theme.title()))
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(strings::HINT_TITLE)),
        area,
    );
}
