//! Drawing the group drills: the round table's hand-over, answering and reveal screens, the
//! drill host's control screen, and the drill debrief both share.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, List, ListItem, ListState, Paragraph, Row, Table, TableState, Wrap,
};

use super::evidence::highlighted;
use super::wrap::wrap;
use super::{
    MIN_HEIGHT, MIN_WIDTH, centred, draw_confirm, draw_footer, draw_help, draw_too_small, meter,
};
use crate::drill::debrief::DrillDebrief;
use crate::drill::protocol::DrillState;
use crate::engine::Turn;
use crate::scoring::Dimension;
use crate::tui::host::{HostApp, HostConfirm};
use crate::tui::roundtable::{RoundTableApp, Stage, bindings};
use crate::tui::strings;
use crate::tui::theme::Theme;

fn confirm(frame: &mut Frame, area: Rect, question: &str, theme: Theme) {
    draw_confirm(frame, area, question, strings::YES_NO, theme);
}

pub fn draw_round_table(frame: &mut Frame, app: &RoundTableApp, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area, theme);
        return;
    }
    let [main, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    match app.stage {
        Stage::Handover => draw_handover(frame, main, app, theme),
        Stage::Answering => draw_answering(frame, main, app, theme),
        Stage::Reveal => draw_reveal(frame, main, app, theme),
        Stage::Debrief => draw_drill_debrief(frame, main, &app.debrief(), theme),
    }
    draw_footer(frame, footer, bindings(app.stage), theme);
    if app.help_open {
        draw_help(frame, area, bindings(app.stage), theme);
    }
    if app.confirm_quit {
        confirm(frame, area, strings::DRILL_END_QUESTION, theme);
    }
}

fn draw_handover(frame: &mut Frame, area: Rect, app: &RoundTableApp, theme: Theme) {
    let Some(player) = app.table.current_player() else {
        return;
    };
    let scenario = player.session.scenario();
    let width = usize::from(area.width.min(70).saturating_sub(4));
    let mut lines = vec![
        Line::styled(
            format!(
                "Turn {}: {}, it's your turn",
                app.table.round + 1,
                player.name
            ),
            theme.title(),
        ),
        Line::from(""),
    ];
    lines.extend(
        wrap(strings::DRILL_LOOK_AWAY, width)
            .into_iter()
            .map(Line::from),
    );
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(scenario.customer.name.clone(), theme.customer_name()),
        Span::styled(
            format!("  {} {}", strings::ANGER, player.session.anger()),
            theme.dim(),
        ),
    ]));
    lines.extend(
        wrap(player.session.customer_line(), width)
            .into_iter()
            .map(Line::from),
    );
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!("{}, press Enter when you are ready.", player.name),
        theme.title(),
    ));
    let popup = centred(area, 74, lines.len() as u16 + 2);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(strings::DRILL_TITLE)),
        popup,
    );
}

fn chat_lines(
    turns: &[Turn],
    current: &str,
    customer: &str,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut say = |who: &str, text: &str, style, indent: usize| {
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(indent)),
            Span::styled(who.to_string(), style),
        ]));
        for line in wrap(text, width.saturating_sub(indent)) {
            lines.push(Line::from(format!("{}{line}", " ".repeat(indent))));
        }
        lines.push(Line::from(""));
    };
    for turn in turns {
        say(customer, &turn.customer, theme.customer_name(), 0);
        say(strings::YOU, &turn.reply, theme.trainee_name(), 4);
    }
    if !current.is_empty() {
        say(customer, current, theme.customer_name(), 0);
    }
    lines
}

fn draw_answering(frame: &mut Frame, area: Rect, app: &RoundTableApp, theme: Theme) {
    let Some(player) = app.table.current_player() else {
        return;
    };
    let session = &player.session;
    let scenario = session.scenario();
    let node = session.current_node();
    let input_height = match node {
        Some(n) if n.is_choice() => (n.options.len() as u16 * 2 + 2).min(area.height / 2),
        _ => 6,
    };
    let [chat_area, input_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(input_height)]).areas(area);
    let width = usize::from(chat_area.width.saturating_sub(2));
    let height = usize::from(chat_area.height.saturating_sub(2));
    let lines = chat_lines(
        session.turns(),
        session.customer_line(),
        &scenario.customer.name,
        width,
        theme,
    );
    let skip = lines.len().saturating_sub(height);
    let (filled, empty) = meter(session.anger(), 10);
    let title = Line::from(vec![
        Span::styled(format!(" {} answering ", player.name), theme.key()),
        Span::raw(format!(
            " turn {} · {} ",
            app.table.round + 1,
            scenario.title
        )),
        Span::raw(format!("· {} ", strings::ANGER)),
        Span::styled(filled, theme.meter(None)),
        Span::styled(empty, theme.dim()),
        Span::raw(format!(" {} ", session.anger())),
    ]);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>())
            .block(Block::bordered().title(title)),
        chat_area,
    );
    match node {
        Some(node) if node.is_choice() => {
            let items: Vec<ListItem> = node
                .options
                .iter()
                .enumerate()
                .map(|(i, option)| ListItem::new(format!("{}. {}", i + 1, option.text)))
                .collect();
            let mut state = ListState::default().with_selected(Some(app.option));
            frame.render_stateful_widget(
                List::new(items)
                    .block(Block::bordered().title(strings::OPTIONS_TITLE))
                    .highlight_style(theme.selected())
                    .highlight_symbol("▶ "),
                input_area,
                &mut state,
            );
        }
        _ => {
            let mut title = vec![Span::raw(format!(
                " {}'s answer (hidden from the others until all have answered) ",
                player.name
            ))];
            if let Some(notice) = &app.notice {
                title.push(Span::styled(format!(" {notice} "), theme.warning()));
            }
            let block = Block::bordered().title(Line::from(title));
            let inner = block.inner(input_area);
            frame.render_widget(block, input_area);
            frame.render_widget(&app.editor, inner);
        }
    }
}

fn answer_lines(turn: &Turn, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = highlighted(&turn.reply, &turn.assessment, theme);
    lines.push(Line::from(""));
    for d in Dimension::ALL {
        let value = turn.assessment.scores.get(d);
        let (filled, empty) = meter(value, 8);
        lines.push(Line::from(vec![
            Span::styled(format!("{:<10}", d.name()), theme.dimension_label(d)),
            Span::styled(filled, theme.meter(Some(d))),
            Span::styled(empty, theme.dim()),
            Span::raw(format!(" {value:>3}")),
        ]));
    }
    lines.push(Line::styled(
        format!("{} {}", strings::OVERALL, turn.assessment.scores.overall()),
        theme.title(),
    ));
    lines.push(Line::from(format!(
        "{} {} → {}",
        strings::ANGER,
        turn.anger_before,
        turn.anger_after
    )));
    let mut kinds: Vec<_> = turn.assessment.flags.iter().map(|f| f.kind).collect();
    kinds.dedup();
    for kind in kinds {
        lines.push(Line::styled(format!("✗ {kind}"), theme.warning()));
    }
    lines.push(Line::styled(format!("→ {}", turn.next), theme.dim()));
    lines
}

fn draw_reveal(frame: &mut Frame, area: Rect, app: &RoundTableApp, theme: Theme) {
    let answered = app.answered();
    let best = app.table.best_answer();
    let [header, body] = Layout::vertical([Constraint::Length(5), Constraint::Fill(1)]).areas(area);
    let how = if app.table.shared {
        strings::DRILL_REVEAL_SHARED
    } else {
        strings::DRILL_REVEAL_OWN
    };
    let customer_line = answered
        .first()
        .and_then(|i| app.table.players[*i].answered())
        .map(|t| t.customer.clone())
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(format!("Turn {} · ", app.table.round + 1), theme.title()),
                Span::raw(customer_line),
            ]),
            Line::styled(how, theme.dim()),
        ])
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(strings::DRILL_REVEAL_TITLE)),
        header,
    );
    let title_for = |index: usize| {
        let player = &app.table.players[index];
        let mut title = format!(" {} ", player.name);
        if Some(index) == best {
            title.push_str("★ best ");
        }
        title
    };
    if answered.len() <= 4 {
        let columns =
            Layout::horizontal(vec![Constraint::Fill(1); answered.len().max(1)]).split(body);
        for (column, index) in columns.iter().zip(&answered) {
            let Some(turn) = app.table.players[*index].answered() else {
                continue;
            };
            let mut block = Block::bordered().title(title_for(*index));
            if *index == app.selected {
                block = block
                    .border_style(theme.title())
                    .title_style(theme.selected());
            }
            frame.render_widget(
                Paragraph::new(answer_lines(turn, theme))
                    .wrap(Wrap { trim: false })
                    .block(block),
                *column,
            );
        }
    } else {
        let [list_area, detail_area] =
            Layout::horizontal([Constraint::Length(28), Constraint::Fill(1)]).areas(body);
        let items: Vec<ListItem> = answered
            .iter()
            .map(|i| {
                let overall = app.table.players[*i]
                    .answered()
                    .map_or(0, |t| t.assessment.scores.overall());
                ListItem::new(format!("{:<18} {overall:>3}", title_for(*i).trim()))
            })
            .collect();
        let position = answered.iter().position(|i| *i == app.selected);
        let mut state = ListState::default().with_selected(position);
        frame.render_stateful_widget(
            List::new(items)
                .block(Block::bordered().title(" Answers "))
                .highlight_style(theme.selected()),
            list_area,
            &mut state,
        );
        if let Some(turn) = app
            .table
            .players
            .get(app.selected)
            .and_then(|p| p.answered())
        {
            frame.render_widget(
                Paragraph::new(answer_lines(turn, theme))
                    .wrap(Wrap { trim: false })
                    .block(Block::bordered().title(title_for(app.selected))),
                detail_area,
            );
        }
    }
}

/// Per player the four dimensions and overall; per turn the spread of replies and the best one.
pub fn draw_drill_debrief(frame: &mut Frame, area: Rect, debrief: &DrillDebrief, theme: Theme) {
    let [players_area, rounds_area] = Layout::vertical([
        Constraint::Length(debrief.players.len() as u16 + 3),
        Constraint::Fill(1),
    ])
    .areas(area);
    let rows: Vec<Row> = debrief
        .players
        .iter()
        .map(|p| {
            Row::new(vec![
                Cell::from(p.name.clone()),
                Cell::from(format!("{:>3}", p.totals.listening)),
                Cell::from(format!("{:>3}", p.totals.empathy)),
                Cell::from(format!("{:>3}", p.totals.apology)),
                Cell::from(format!("{:>3}", p.totals.ownership)),
                Cell::from(format!("{:>3}", p.overall)),
                Cell::from(format!("{:>3}", p.turns)),
                Cell::from(p.ending.clone().unwrap_or_else(|| "(not finished)".into())),
            ])
        })
        .collect();
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(16),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(3),
                Constraint::Length(5),
                Constraint::Fill(1),
            ],
        )
        .header(
            Row::new([
                "player", "lis", "emp", "apo", "own", "all", "turns", "ending",
            ])
            .style(theme.title()),
        )
        .block(Block::bordered().title(strings::DRILL_DEBRIEF_TITLE)),
        players_area,
    );
    let rows: Vec<Row> = debrief
        .rounds
        .iter()
        .map(|r| {
            Row::new(vec![
                Cell::from(format!("{}", r.turn)),
                Cell::from(format!("{:>3}–{:<3}", r.lowest, r.highest)),
                Cell::from(r.best_player.clone()),
                Cell::from(r.best_reply.replace('\n', " ")),
            ])
        })
        .collect();
    let mut state = TableState::default();
    frame.render_stateful_widget(
        Table::new(
            rows,
            [
                Constraint::Length(4),
                Constraint::Length(8),
                Constraint::Length(14),
                Constraint::Fill(1),
            ],
        )
        .header(Row::new(["turn", "spread", "best", "best reply"]).style(theme.title()))
        .block(Block::bordered().title(strings::DRILL_ROUNDS_TITLE)),
        rounds_area,
        &mut state,
    );
}

pub fn draw_host(frame: &mut Frame, app: &HostApp, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area, theme);
        return;
    }
    let snapshot = &app.snapshot;
    let [header, main, footer] = Layout::vertical([
        Constraint::Length(if app.exposure.is_some() { 6 } else { 4 }),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let state_style = match snapshot.state {
        DrillState::Running => theme.good(),
        _ => theme.warning(),
    };
    let mut header_lines = vec![
        Line::from(vec![
            Span::styled(format!(" {} ", snapshot.state.label()), state_style),
            Span::raw(format!(
                "  {} joined · seed {}",
                snapshot.participants.len(),
                app.seed
            )),
        ]),
        Line::from(vec![
            Span::raw("Join with: "),
            Span::styled(
                format!(
                    "defuse drill join {} --code {} --name YOUR-NAME",
                    app.join_address, app.code
                ),
                theme.title(),
            ),
        ]),
    ];
    if let Some(note) = &app.exposure {
        header_lines.push(Line::styled(note.clone(), theme.warning()));
    }
    frame.render_widget(
        Paragraph::new(header_lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(format!(" Drill host · {} ", app.title))),
        header,
    );

    if app.show_debrief {
        draw_drill_debrief(frame, main, &app.debrief, theme);
    } else {
        let [table_area, side] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(34)]).areas(main);
        let rows: Vec<Row> = snapshot
            .participants
            .iter()
            .map(|p| {
                let (filled, empty) = meter(p.anger, 10);
                let status = if p.removed {
                    "removed"
                } else if p.connected {
                    "●"
                } else {
                    "○ offline"
                };
                Row::new(vec![
                    Cell::from(p.name.clone()),
                    Cell::from(status),
                    Cell::from(format!("{:>3}", p.turns)),
                    Cell::from(Line::from(vec![
                        Span::styled(filled, theme.meter(None)),
                        Span::styled(empty, theme.dim()),
                        Span::raw(format!(" {:>3}", p.anger)),
                    ])),
                    Cell::from(format!("{:>3}", p.overall)),
                    Cell::from(
                        p.ending
                            .as_ref()
                            .map(|e| e.title.clone())
                            .unwrap_or_default(),
                    ),
                ])
            })
            .collect();
        let mut state = TableState::default()
            .with_selected((!snapshot.participants.is_empty()).then_some(app.selected));
        frame.render_stateful_widget(
            Table::new(
                rows,
                [
                    Constraint::Length(16),
                    Constraint::Length(9),
                    Constraint::Length(5),
                    Constraint::Length(15),
                    Constraint::Length(3),
                    Constraint::Fill(1),
                ],
            )
            .header(
                Row::new(["participant", "", "turns", "anger", "all", "ending"])
                    .style(theme.title()),
            )
            .row_highlight_style(theme.selected())
            .block(Block::bordered().title(" Participants ")),
            table_area,
            &mut state,
        );
        let [board_area, log_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(8)]).areas(side);
        let mut board: Vec<_> = snapshot
            .participants
            .iter()
            .filter(|p| p.turns > 0)
            .collect();
        board.sort_by(|a, b| b.overall.cmp(&a.overall).then_with(|| a.name.cmp(&b.name)));
        let lines: Vec<Line> = board
            .iter()
            .enumerate()
            .map(|(rank, p)| {
                Line::from(format!("{:>2}. {:<20} {:>3}", rank + 1, p.name, p.overall))
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(" Leaderboard ")),
            board_area,
        );
        let log: Vec<Line> = app
            .log
            .iter()
            .rev()
            .take(6)
            .map(|l| Line::styled(l.clone(), theme.dim()))
            .collect();
        frame.render_widget(
            Paragraph::new(log)
                .wrap(Wrap { trim: true })
                .block(Block::bordered().title(" Log ")),
            log_area,
        );
    }
    draw_footer(frame, footer, crate::tui::host::BINDINGS, theme);
    if app.help_open {
        draw_help(frame, area, crate::tui::host::BINDINGS, theme);
    }
    match &app.confirm {
        Some(HostConfirm::End) => confirm(frame, area, strings::HOST_END_QUESTION, theme),
        Some(HostConfirm::Quit) => confirm(frame, area, strings::HOST_QUIT_QUESTION, theme),
        Some(HostConfirm::Remove(name)) => confirm(
            frame,
            area,
            &format!("Remove {name} from the drill? They cannot re-join."),
            theme,
        ),
        None => {}
    }
}
