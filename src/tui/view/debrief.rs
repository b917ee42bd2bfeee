//! The debrief: how it ended and why, the four dimensions as bars, every turn with its scores,
//! and the selected turn's reply beside the scenario's model reply.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Bar, BarChart, BarGroup, Block, Cell, Paragraph, Row, Table, TableState, Wrap,
};

use super::evidence::highlighted;
use crate::scoring::Dimension;
use crate::tui::app::App;
use crate::tui::strings;
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(play) = app.play.as_ref() else {
        return;
    };
    let transcript = play.session.transcript();
    let [top, turns_area, compare_area] = Layout::vertical([
        Constraint::Length((area.height / 3).clamp(9, 14)),
        Constraint::Fill(1),
        Constraint::Length((area.height / 3).max(6)),
    ])
    .areas(area);
    let [ending_area, chart_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(34)]).areas(top);

    // How it ended.
    let mut lines = Vec::new();
    match &transcript.ending {
        Some(ending) => {
            lines.push(Line::from(vec![
                Span::styled(ending.title.clone(), theme.title()),
                Span::styled(format!("  ({})", ending.outcome.label()), theme.dim()),
            ]));
            if !ending.customer.is_empty() {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{}: ", play.session.scenario().customer.name),
                        theme.customer_name(),
                    ),
                    Span::raw(ending.customer.clone()),
                ]));
            }
            lines.push(Line::from(ending.debrief.trim().to_string()));
        }
        None => lines.push(Line::from("No ending reached.")),
    }
    lines.push(Line::from(vec![
        Span::styled(
            format!("{} {}", strings::OVERALL, transcript.overall),
            theme.title(),
        ),
        Span::styled(
            format!("   seed {} · {}", transcript.seed, play.mode.label()),
            theme.dim(),
        ),
    ]));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(strings::DEBRIEF_TITLE)),
        ending_area,
    );

    // The four dimensions as bars.
    let bars: Vec<Bar> = Dimension::ALL
        .iter()
        .map(|d| {
            Bar::default()
                .value(u64::from(transcript.totals.get(*d)))
                .label(Line::from(format!("{:<9}", d.name())))
                .text_value(format!("{:>3}", transcript.totals.get(*d)))
                .style(theme.meter(Some(*d)))
                .value_style(theme.title())
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(Block::bordered().title(strings::SCORES_TITLE))
            .direction(Direction::Horizontal)
            .data(BarGroup::default().bars(&bars))
            .bar_width(1)
            .bar_gap(1)
            .max(100),
        chart_area,
    );

    // Turn by turn.
    let header = Row::new([
        "#",
        "your reply",
        "lis",
        "emp",
        "apo",
        "own",
        "anger",
        "key evidence",
    ])
    .style(theme.title());
    let rows: Vec<Row> = transcript
        .turns
        .iter()
        .enumerate()
        .map(|(i, turn)| {
            let s = turn.assessment.scores;
            let key = turn
                .assessment
                .flags
                .first()
                .map(|f| format!("✗ {}", f.kind))
                .or_else(|| {
                    turn.assessment
                        .evidence
                        .iter()
                        .max_by_key(|e| e.points)
                        .map(|e| format!("✓ {}", e.dimension))
                })
                .unwrap_or_default();
            Row::new(vec![
                Cell::from(format!("{}", i + 1)),
                Cell::from(turn.reply.replace('\n', " ")),
                Cell::from(format!("{:>3}", s.listening)),
                Cell::from(format!("{:>3}", s.empathy)),
                Cell::from(format!("{:>3}", s.apology)),
                Cell::from(format!("{:>3}", s.ownership)),
                Cell::from(format!("{:>3}→{:<3}", turn.anger_before, turn.anger_after)),
                Cell::from(key),
            ])
        })
        .collect();
    let mut state = TableState::default().with_selected(Some(play.debrief_turn));
    frame.render_stateful_widget(
        Table::new(
            rows,
            [
                Constraint::Length(2),
                Constraint::Fill(1),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(7),
                Constraint::Length(16),
            ],
        )
        .header(header)
        .row_highlight_style(theme.selected())
        .block(Block::bordered().title(strings::TURNS_TITLE)),
        turns_area,
        &mut state,
    );

    // The selected turn beside its model reply.
    let [yours, model] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(compare_area);
    if let Some(turn) = transcript.turns.get(play.debrief_turn) {
        let mut your_lines = vec![Line::styled(
            format!(
                "{}: {}",
                play.session.scenario().customer.name,
                turn.customer
            ),
            theme.dim(),
        )];
        your_lines.extend(highlighted(&turn.reply, &turn.assessment, theme));
        frame.render_widget(
            Paragraph::new(your_lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(format!(" {} ", strings::YOUR_REPLY))),
            yours,
        );
        let model_text = turn
            .model_reply
            .clone()
            .unwrap_or_else(|| strings::NO_MODEL_REPLY.to_string());
        frame.render_widget(
            Paragraph::new(model_text)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(format!(" {} ", strings::MODEL_REPLY))),
            model,
        );
    } else {
        frame.render_widget(
            Block::bordered().title(strings::COMPARE_TITLE),
            compare_area,
        );
    }
}
