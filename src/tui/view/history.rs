//! The trainee's history: every finished run, and a sparkline per dimension over time so
//! improvement is seen, not read.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Sparkline, Table, TableState};

use crate::records::history::history;
use crate::tui::app::App;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let history = history(&app.records, &app.trainee, None);
    let [table_area, progress_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(10)]).areas(area);
    if history.runs.is_empty() {
        frame.render_widget(
            Paragraph::new(strings::NO_HISTORY)
                .block(Block::bordered().title(strings::HISTORY_TITLE)),
            area,
        );
        return;
    }
    let header = Row::new([
        "date", "scenario", "ending", "lis", "emp", "apo", "own", "all",
    ])
    .style(theme.title());
    let rows: Vec<Row> = history
        .runs
        .iter()
        .map(|run| {
            let s = run.totals;
            Row::new(vec![
                Cell::from(
                    run.finished_at
                        .get(..16)
                        .unwrap_or(&run.finished_at)
                        .replace('T', " "),
                ),
                Cell::from(run.scenario.title.clone()),
                Cell::from(format!(
                    "{} ({})",
                    run.ending.title,
                    run.ending.outcome.label()
                )),
                Cell::from(format!("{:>3}", s.listening)),
                Cell::from(format!("{:>3}", s.empathy)),
                Cell::from(format!("{:>3}", s.apology)),
                Cell::from(format!("{:>3}", s.ownership)),
                Cell::from(format!("{:>3}", run.overall)),
            ])
        })
        .collect();
    let mut state = TableState::default().with_selected(Some(app.history_run));
    frame.render_stateful_widget(
        Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Fill(1),
                Constraint::Fill(1),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(3),
            ],
        )
        .header(header)
        .row_highlight_style(theme.selected())
        .block(Block::bordered().title(format!(
            "{}· {} ",
            strings::HISTORY_TITLE,
            app.trainee
        ))),
        table_area,
        &mut state,
    );

    let block = Block::bordered().title(strings::PROGRESS_TITLE);
    let inner = block.inner(progress_area);
    frame.render_widget(block, progress_area);
    let rows = Layout::vertical([Constraint::Length(2); 4]).split(inner);
    for (trend, row) in history.trends.iter().zip(rows.iter()) {
        let [label, chart] =
            Layout::horizontal([Constraint::Length(24), Constraint::Fill(1)]).areas(*row);
        let latest = trend.recent.last().copied().unwrap_or(0);
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(
                    trend.dimension.name(),
                    theme.dimension_label(trend.dimension),
                ),
                Line::from(vec![
                    Span::raw(format!("{latest:>3} ")),
                    Span::styled(format!("{:+} {}", trend.change, trend.word()), theme.dim()),
                ]),
            ]),
            label,
        );
        let data: Vec<u64> = trend.recent.iter().map(|v| u64::from(*v)).collect();
        frame.render_widget(
            Sparkline::default()
                .data(&data)
                .max(100)
                .style(theme.meter(Some(trend.dimension))),
            chart,
        );
    }
}
