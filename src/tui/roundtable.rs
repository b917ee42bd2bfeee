//! The round-table drill on one terminal: state and update. Players answer in turn behind a
//! hand-over screen, answers are revealed side by side, and the facilitator picks how to go on.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{Input, TextArea};

use super::app::{Message, new_editor, paste};
use super::keys::{Binding, b, before_screen};
use super::strings;
use crate::drill::debrief::DrillDebrief;
use crate::drill::roundtable::{Phase, RoundTable};
use crate::engine::Reply;
use crate::records::Record;
use crate::scoring::Scorer;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// "Pass the keyboard to Ana": nothing of the others' answers is on screen.
    Handover,
    Answering,
    Reveal,
    Debrief,
}

pub struct RoundTableApp<'a> {
    pub table: RoundTable<'a>,
    scorer: &'a dyn Scorer,
    pub stage: Stage,
    pub editor: TextArea<'static>,
    /// Selected option in a choice turn.
    pub option: usize,
    /// Selected answer on the reveal screen.
    pub selected: usize,
    pub notice: Option<String>,
    pub help_open: bool,
    pub confirm_quit: bool,
    pub should_quit: bool,
    /// Finished players' records waiting to be saved by the caller.
    pub outbox: Vec<Record>,
    started_at: String,
    clock: fn() -> String,
    /// Whose record has been queued.
    recorded: Vec<bool>,
}

pub const DEBRIEF_BINDINGS: &[Binding] = &[b("F1", "help", "help"), b("q", "quit", "quit")];

/// The keys that work at `stage`.
pub fn bindings(stage: Stage) -> &'static [Binding] {
    match stage {
        Stage::Debrief => DEBRIEF_BINDINGS,
        _ => BINDINGS,
    }
}

pub const BINDINGS: &[Binding] = &[
    b(
        "Enter",
        "ready / send the answer / continue with the selected answer",
        "go",
    ),
    b("Alt-Enter", "new line in the answer", "new line"),
    b("1-9 ↑/↓", "choose an option in a choice turn", ""),
    b("←/→", "select an answer on the reveal screen", "select"),
    b(
        "o",
        "let each player carry on their own path (reveal screen)",
        "own paths",
    ),
    b("F1", "help", "help"),
    b("Esc", "end the drill", "end"),
];

impl<'a> RoundTableApp<'a> {
    pub fn new(table: RoundTable<'a>, scorer: &'a dyn Scorer, clock: fn() -> String) -> Self {
        let table_players = table.players.len();
        RoundTableApp {
            table,
            scorer,
            stage: Stage::Handover,
            editor: new_editor(),
            option: 0,
            selected: 0,
            notice: None,
            help_open: false,
            confirm_quit: false,
            should_quit: false,
            outbox: Vec::new(),
            started_at: clock(),
            clock,
            recorded: vec![false; table_players],
        }
    }

    pub fn debrief(&self) -> DrillDebrief {
        self.table.debrief()
    }

    fn choice_options(&self) -> usize {
        self.table
            .current_player()
            .and_then(|p| p.session.current_node())
            .map_or(0, |n| n.options.len())
    }

    pub fn message_for(&self, key: KeyEvent) -> Option<Message> {
        if let Some(decided) = before_screen(&key, self.confirm_quit) {
            return decided;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        if key.code == KeyCode::F(1) || (self.help_open && key.code == KeyCode::Esc) {
            return Some(Message::ToggleHelp);
        }
        if self.help_open {
            return None;
        }
        match (self.stage, key.code) {
            (_, KeyCode::Esc) => Some(Message::Quit),
            (Stage::Answering, KeyCode::Enter) if alt || shift => Some(Message::Newline),
            (Stage::Answering, KeyCode::Char('j')) if ctrl => Some(Message::Newline),
            (_, KeyCode::Enter) => Some(Message::Confirm),
            (Stage::Answering, code) if self.choice_options() > 0 => match code {
                KeyCode::Up => Some(Message::Up),
                KeyCode::Down => Some(Message::Down),
                KeyCode::Char(c @ '1'..='9') => {
                    Some(Message::ChooseOption(c as usize - '1' as usize))
                }
                _ => None,
            },
            (Stage::Answering, _) => Some(Message::Edit(Input::from(key))),
            (Stage::Reveal, KeyCode::Left | KeyCode::Up) => Some(Message::Up),
            (Stage::Reveal, KeyCode::Right | KeyCode::Down) => Some(Message::Down),
            (Stage::Reveal, KeyCode::Char('o')) => Some(Message::OwnPaths),
            (Stage::Debrief | Stage::Handover, KeyCode::Char('q')) => Some(Message::Quit),
            (_, KeyCode::Char('?')) => Some(Message::ToggleHelp),
            _ => None,
        }
    }

    pub fn update(&mut self, message: Message) {
        if !matches!(message, Message::Tick(_)) {
            self.notice = None;
        }
        if self.confirm_quit {
            match message {
                Message::ConfirmQuit | Message::Quit => {
                    // Players whose conversation already ended keep their record.
                    self.queue_records();
                    self.should_quit = true;
                }
                Message::CancelQuit => self.confirm_quit = false,
                _ => {}
            }
            return;
        }
        if message == Message::ToggleHelp {
            self.help_open = !self.help_open;
            return;
        }
        if message == Message::Quit {
            if self.stage == Stage::Debrief {
                self.should_quit = true;
            } else {
                self.confirm_quit = true;
            }
            return;
        }
        match self.stage {
            Stage::Handover => {
                if message == Message::Confirm {
                    self.stage = Stage::Answering;
                }
            }
            Stage::Answering => self.update_answering(message),
            Stage::Reveal => self.update_reveal(message),
            Stage::Debrief => {}
        }
    }

    fn update_answering(&mut self, message: Message) {
        let options = self.choice_options();
        match message {
            Message::Up if options > 0 => self.option = self.option.saturating_sub(1),
            Message::Down if options > 0 => self.option = (self.option + 1).min(options - 1),
            Message::ChooseOption(index) if index < options => {
                self.submit(Reply::Choice(index));
            }
            Message::Confirm if options > 0 => self.submit(Reply::Choice(self.option)),
            Message::Confirm => {
                let text = self.editor.lines().join("\n");
                if text.trim().is_empty() {
                    self.notice = Some(strings::EMPTY_REPLY.to_string());
                } else {
                    self.submit(Reply::Text(&text));
                }
            }
            Message::Newline => self.editor.insert_newline(),
            Message::Paste(text) => paste(&mut self.editor, &text),
            Message::Edit(input) => {
                self.editor.input(input);
            }
            _ => {}
        }
    }

    fn submit(&mut self, reply: Reply<'_>) {
        match self.table.answer(reply, self.scorer) {
            Ok(()) => {
                // The next player must not see what the last one typed.
                self.editor = new_editor();
                self.option = 0;
                if self.table.phase == Phase::Reveal {
                    self.selected = self.table.best_answer().unwrap_or(0);
                    self.stage = Stage::Reveal;
                } else {
                    self.stage = Stage::Handover;
                }
            }
            Err(error) => self.notice = Some(error.to_string()),
        }
    }

    /// Queues a record for every player whose conversation has ended, once each.
    fn queue_records(&mut self) {
        let finished_at = (self.clock)();
        for (index, run) in self.table.runs().into_iter().enumerate() {
            if self.recorded.get(index).copied().unwrap_or(true) {
                continue;
            }
            if let Some(record) = Record::from_transcript(
                &run.transcript,
                &run.name,
                "drill",
                self.started_at.clone(),
                finished_at.clone(),
            ) {
                self.recorded[index] = true;
                self.outbox.push(record);
            }
        }
    }

    /// Indices of the players who answered this round, in seat order.
    pub fn answered(&self) -> Vec<usize> {
        (0..self.table.players.len())
            .filter(|i| self.table.players[*i].answered().is_some())
            .collect()
    }

    fn update_reveal(&mut self, message: Message) {
        let answered = self.answered();
        if answered.is_empty() {
            return;
        }
        let position = answered
            .iter()
            .position(|i| *i == self.selected)
            .unwrap_or(0);
        match message {
            Message::Up => self.selected = answered[position.saturating_sub(1)],
            Message::Down => {
                self.selected = answered[(position + 1).min(answered.len().saturating_sub(1))];
            }
            Message::Confirm => self.go_on(Some(self.selected)),
            Message::OwnPaths => self.go_on(None),
            _ => {}
        }
    }

    fn go_on(&mut self, chosen: Option<usize>) {
        if let Err(error) = self.table.continue_with(chosen) {
            self.notice = Some(error.to_string());
            return;
        }
        if self.table.phase == Phase::Finished {
            self.queue_records();
            self.stage = Stage::Debrief;
        } else {
            self.stage = Stage::Handover;
        }
    }
}
