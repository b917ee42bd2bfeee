//! Drawing: reads the app state and paints it; never changes it.

mod conversation;
mod debrief;
pub mod drill;
mod evidence;
mod history;
mod picker;
pub mod wrap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, Screen};
use super::keys::{self, Binding};
use super::strings;
use super::theme::Theme;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area, theme);
        return;
    }
    let [main, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    match app.screen {
        Screen::Picker => picker::draw(frame, main, app, theme),
        Screen::Conversation => conversation::draw(frame, main, app, theme),
        Screen::Debrief => debrief::draw(frame, main, app, theme),
        Screen::History => history::draw(frame, main, app, theme),
    }
    match &app.status {
        Some(status) => frame.render_widget(Line::styled(status.as_str(), theme.warning()), footer),
        None => draw_footer(frame, footer, keys::bindings(app.screen), theme),
    }
    if app.help_open {
        draw_help(frame, area, keys::bindings(app.screen), theme);
    }
    if app.confirm_quit {
        let (question, answers) = if app.drill_state.is_some() {
            (strings::DRILL_LEAVE_QUESTION, strings::QUIT_ANSWERS)
        } else if app.leaving {
            (strings::LEAVE_QUESTION, strings::QUIT_ANSWERS)
        } else {
            (strings::QUIT_QUESTION, strings::QUIT_ANSWERS_QUIT)
        };
        draw_confirm(frame, area, question, answers, theme);
    }
}

pub(crate) fn draw_too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = vec![
        Line::styled(strings::TOO_SMALL, theme.title()),
        Line::from(format!(
            "{} (now {}x{}).",
            strings::TOO_SMALL_NOW,
            area.width,
            area.height
        )),
    ];
    let height = 3.min(area.height);
    let [middle] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        middle,
    );
}

pub(crate) fn draw_footer(frame: &mut Frame, area: Rect, bindings: &[Binding], theme: Theme) {
    let mut spans = Vec::new();
    for binding in bindings.iter().filter(|b| !b.short.is_empty()) {
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(binding.keys, theme.key()));
        spans.push(Span::raw(format!(" {}", binding.short)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub(crate) fn draw_help(frame: &mut Frame, area: Rect, bindings: &[Binding], theme: Theme) {
    let key_width = bindings
        .iter()
        .map(|b| b.keys.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = bindings
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<key_width$} ", b.keys), theme.title()),
                Span::raw(format!(" {}", b.action)),
            ])
        })
        .collect();
    let popup = centred(area, 72, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(strings::HELP_TITLE)),
        popup,
    );
}

/// A centred yes/no question.
pub(crate) fn draw_confirm(
    frame: &mut Frame,
    area: Rect,
    question: &str,
    answers: &str,
    theme: Theme,
) {
    let width = 70.min(area.width.saturating_sub(4));
    let lines = wrap::wrap(question, usize::from(width.saturating_sub(4)));
    let popup = centred(area, width, lines.len() as u16 + 4);
    let mut text: Vec<Line> = lines.into_iter().map(Line::from).collect();
    text.push(Line::from(""));
    text.push(Line::styled(answers.to_string(), theme.title()));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(text).centered().block(Block::bordered()),
        popup,
    );
}

/// A horizontal meter such as `██████░░░░`, `value` out of 100, `width` cells wide.
pub fn meter(value: u8, width: usize) -> (String, String) {
    let filled = (usize::from(value.min(100)) * width + 50) / 100;
    ("█".repeat(filled), "░".repeat(width - filled))
}
