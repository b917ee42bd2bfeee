//! The scenario picker: the list on the left, the selected customer's preview on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::wrap::wrap;
use crate::tui::app::{App, Mode};
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let [list_area, preview_area] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    draw_list(frame, list_area, app, theme);
    draw_preview(frame, preview_area, app, theme);
}

fn draw_list(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let block = Block::bordered().title(strings::PICKER_TITLE);
    if app.scenarios.is_empty() {
        frame.render_widget(
            Paragraph::new(strings::NO_SCENARIOS)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    // Room for the border and the selection marker.
    let title_width = usize::from(area.width.saturating_sub(4));
    let items: Vec<ListItem> = app
        .scenarios
        .iter()
        .map(|loaded| {
            let s = &loaded.scenario;
            let best = match app.best_for(&s.id) {
                Some(best) => format!("{} {best}", strings::BEST),
                None => String::new(),
            };
            let mut lines: Vec<Line> = wrap(&s.title, title_width)
                .into_iter()
                .map(|l| Line::styled(l, theme.title()))
                .collect();
            lines.extend([
                Line::from(vec![
                    Span::raw(format!("  {} · {} min", s.difficulty.label(), s.minutes)),
                    Span::styled(
                        if best.is_empty() {
                            String::new()
                        } else {
                            format!(" · {best}")
                        },
                        theme.good(),
                    ),
                ]),
                Line::styled(format!("  {}", s.tags.join(", ")), theme.dim()),
            ]);
            ListItem::new(lines)
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(app.selected));
    frame.render_stateful_widget(
        List::new(items)
            .block(block)
            .highlight_style(theme.selected())
            .highlight_symbol("▶ "),
        area,
        &mut state,
    );
}

fn draw_preview(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let block = Block::bordered().title(strings::PREVIEW_TITLE);
    let Some(loaded) = app.scenarios.get(app.selected) else {
        frame.render_widget(block, area);
        return;
    };
    let s = &loaded.scenario;
    let mut lines = vec![
        Line::styled(s.title.clone(), theme.title()),
        Line::from(s.summary.clone()),
        Line::from(""),
        Line::from(vec![
            Span::styled(s.customer.name.clone(), theme.customer_name()),
            Span::raw(format!(": {}", s.customer.situation.trim())),
        ]),
        Line::from(""),
        Line::styled(strings::GOALS, theme.title()),
    ];
    lines.extend(s.goals.iter().map(|g| Line::from(format!("• {g}"))));
    lines.push(Line::from(""));
    let (mode, explained) = match app.mode {
        Mode::Practice => (strings::MODE_PRACTICE, strings::MODE_PRACTICE_EXPLAINED),
        Mode::Exam => (strings::MODE_EXAM, strings::MODE_EXAM_EXPLAINED),
    };
    lines.push(Line::from(vec![
        Span::raw("Mode: "),
        Span::styled(format!(" {mode} "), theme.key()),
        Span::raw(format!(" {explained} (m to switch)")),
    ]));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}
