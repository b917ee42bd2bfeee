//! The drill host's screen: state and update. The network work happens in
//! [`crate::drill::host::Host`]; this screen shows a snapshot of it and sends the facilitator's
//! commands.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::keys::{Binding, b};
use crate::drill::debrief::DrillDebrief;
use crate::drill::host::{Host, HostSnapshot};
use crate::drill::protocol::DrillState;

pub const BINDINGS: &[Binding] = &[
    b("s", "start the drill (or resume it)", "start"),
    b("p", "pause", "pause"),
    b("e", "end the drill for everyone", "end"),
    b("↑/↓", "select a participant", "select"),
    b("x", "remove the selected participant", "remove"),
    b("d", "show or hide the drill debrief", "debrief"),
    b("?", "help", "help"),
    b("q", "stop hosting", "quit"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostConfirm {
    End,
    Remove(String),
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostAction {
    Start,
    Pause,
    End,
    Up,
    Down,
    Remove,
    ToggleDebrief,
    ToggleHelp,
    Quit,
    Yes,
    No,
}

pub struct HostApp {
    pub host: Host,
    pub title: String,
    pub code: String,
    pub seed: u64,
    /// The address participants should type (the bound one, or this machine's for 0.0.0.0).
    pub join_address: String,
    /// Said when the host is reachable from other machines.
    pub exposure: Option<String>,
    pub snapshot: HostSnapshot,
    pub debrief: DrillDebrief,
    pub log: Vec<String>,
    pub selected: usize,
    pub show_debrief: bool,
    pub help_open: bool,
    pub confirm: Option<HostConfirm>,
    pub should_quit: bool,
    ended_seen: bool,
}

impl HostApp {
    pub fn new(host: Host, seed: u64, join_address: String, exposure: Option<String>) -> Self {
        let snapshot = host.snapshot();
        HostApp {
            title: host.scenario().scenario.title.clone(),
            code: host.code().to_string(),
            seed,
            join_address,
            exposure,
            debrief: host.debrief(),
            log: host.log(),
            snapshot,
            host,
            selected: 0,
            show_debrief: false,
            help_open: false,
            confirm: None,
            should_quit: false,
            ended_seen: false,
        }
    }

    /// Refreshes what the screen shows from the live host.
    pub fn refresh(&mut self) {
        self.snapshot = self.host.snapshot();
        self.log = self.host.log();
        self.debrief = self.host.debrief();
        self.selected = self
            .selected
            .min(self.snapshot.participants.len().saturating_sub(1));
        // Show the debrief once when the drill ends; `d` can still hide it afterwards.
        if self.snapshot.state == DrillState::Ended && !self.ended_seen {
            self.ended_seen = true;
            self.show_debrief = true;
        }
    }

    pub fn action_for(&self, key: KeyEvent) -> Option<HostAction> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Some(HostAction::Quit);
        }
        if self.confirm.is_some() {
            return match key.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(HostAction::Yes),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(HostAction::No),
                _ => None,
            };
        }
        match key.code {
            KeyCode::Char('s') => Some(HostAction::Start),
            KeyCode::Char('p') => Some(HostAction::Pause),
            KeyCode::Char('e') => Some(HostAction::End),
            KeyCode::Up | KeyCode::Char('k') => Some(HostAction::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(HostAction::Down),
            KeyCode::Char('x') | KeyCode::Delete => Some(HostAction::Remove),
            KeyCode::Char('d') => Some(HostAction::ToggleDebrief),
            KeyCode::Char('?') | KeyCode::F(1) => Some(HostAction::ToggleHelp),
            KeyCode::Esc if self.help_open => Some(HostAction::ToggleHelp),
            KeyCode::Char('q') | KeyCode::Esc => Some(HostAction::Quit),
            _ => None,
        }
    }

    pub fn update(&mut self, action: HostAction) {
        if let Some(pending) = self.confirm.take() {
            if action == HostAction::Yes {
                match pending {
                    HostConfirm::End => self.host.end(),
                    HostConfirm::Remove(name) => {
                        self.host.remove(&name);
                    }
                    HostConfirm::Quit => self.should_quit = true,
                }
            }
            self.refresh();
            return;
        }
        if self.help_open {
            self.help_open = action != HostAction::ToggleHelp && action != HostAction::Quit;
            return;
        }
        let ended = self.snapshot.state == DrillState::Ended;
        match action {
            HostAction::Start if !ended => self.host.start_drill(),
            HostAction::Pause if !ended => self.host.pause(),
            HostAction::End if !ended => self.confirm = Some(HostConfirm::End),
            HostAction::Up => self.selected = self.selected.saturating_sub(1),
            HostAction::Down => {
                self.selected =
                    (self.selected + 1).min(self.snapshot.participants.len().saturating_sub(1));
            }
            HostAction::Remove => {
                if let Some(p) = self.snapshot.participants.get(self.selected)
                    && !p.removed
                {
                    self.confirm = Some(HostConfirm::Remove(p.name.clone()));
                }
            }
            HostAction::ToggleDebrief => self.show_debrief = !self.show_debrief,
            HostAction::ToggleHelp => self.help_open = true,
            HostAction::Quit if ended => self.should_quit = true,
            HostAction::Quit => self.confirm = Some(HostConfirm::Quit),
            _ => {}
        }
        self.refresh();
    }
}
