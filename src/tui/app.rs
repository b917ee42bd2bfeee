//! The trainer's state and the one function that changes it (`update`), as in The Elm
//! Architecture: keys become [`Message`]s, messages change state, and drawing only reads state.
//! Nothing here touches the terminal, so every behaviour is testable with plain values.

use std::time::Duration;

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{Input, TextArea, WrapMode};

use crate::drill::protocol::DrillState;
use crate::engine::{EngineError, Reply, Session, Turn};
use crate::records::Record;
use crate::scenario::load::LoadedScenario;
use crate::scoring::Scorer;

use super::strings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Feedback after every reply, hints on demand.
    Practice,
    /// No feedback until the debrief.
    Exam,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Practice => strings::MODE_PRACTICE,
            Mode::Exam => strings::MODE_EXAM,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Picker,
    Conversation,
    Debrief,
    History,
}

/// Everything a key press can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Move the selection (picker, options, debrief turns) up or down.
    Up,
    Down,
    /// Choose option `n` (0-based) of a choice turn directly.
    ChooseOption(usize),
    /// Start the selected scenario / send the reply / confirm the selected option.
    Confirm,
    ToggleMode,
    /// A key for the reply editor.
    Edit(Input),
    Newline,
    Paste(String),
    ScrollUp,
    ScrollDown,
    ToggleHint,
    ToggleHelp,
    /// Quit, asking first when a conversation is under way.
    Quit,
    /// Leave the conversation for the scenario list, asking first when it is under way.
    Leave,
    ConfirmQuit,
    CancelQuit,
    Replay,
    NewSeed,
    BackToPicker,
    OpenHistory,
    /// Round-table drill: let each player carry on their own path.
    OwnPaths,
    /// Time passed (for the patience clock).
    Tick(Duration),
}

/// How long the customer waits for a reply in a timed run before getting angrier.
pub const PATIENCE: Duration = Duration::from_secs(45);
/// Anger added each time the patience clock runs out.
pub const IMPATIENCE_ANGER: u8 = 10;

/// A conversation in progress (or finished, on the debrief screen).
pub struct Play<'a> {
    pub session: Session<'a>,
    pub mode: Mode,
    pub editor: TextArea<'static>,
    /// Selected option in a choice turn.
    pub option: usize,
    /// Lines scrolled up from the newest message.
    pub scroll: u16,
    pub hint_open: bool,
    /// Anger after each turn, starting with the initial anger (for the meter's trend).
    pub anger_history: Vec<u8>,
    /// Time waited for the current reply in a timed run.
    pub waited: Duration,
    /// Selected turn on the debrief screen.
    pub debrief_turn: usize,
    /// A problem with the last reply (e.g. an empty one), shown until the next key.
    pub notice: Option<String>,
    pub started_at: String,
    /// The finished run has been queued for saving.
    recorded: bool,
}

impl<'a> Play<'a> {
    fn new(loaded: &'a LoadedScenario, seed: u64, mode: Mode, started_at: String) -> Self {
        let session = Session::new(loaded, seed);
        let anger = session.anger();
        Play {
            session,
            mode,
            editor: new_editor(),
            option: 0,
            scroll: 0,
            hint_open: false,
            anger_history: vec![anger],
            waited: Duration::ZERO,
            debrief_turn: 0,
            notice: None,
            started_at,
            recorded: false,
        }
    }

    /// The turn whose feedback is shown (practice mode only).
    pub fn feedback(&self) -> Option<&Turn> {
        match self.mode {
            Mode::Practice => self.session.turns().last(),
            Mode::Exam => None,
        }
    }

    pub fn reply_text(&self) -> String {
        self.editor.lines().join("\n")
    }
}

/// Pastes into the editor. Terminals send pasted line breaks as "\r"; keep them as line breaks.
pub(crate) fn paste(editor: &mut TextArea<'static>, text: &str) {
    editor.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
}

/// An empty reply editor, set up the same everywhere a reply is typed.
pub(crate) fn new_editor() -> TextArea<'static> {
    let mut editor = TextArea::default();
    editor.set_wrap_mode(WrapMode::WordOrGlyph);
    editor.set_placeholder_text(strings::EDITOR_PLACEHOLDER);
    editor.set_cursor_line_style(Style::new());
    // No colour here: the placeholder must read the same under NO_COLOR.
    editor.set_placeholder_style(Style::new().add_modifier(Modifier::DIM));
    editor
}

pub struct App<'a> {
    pub scenarios: &'a [LoadedScenario],
    scorer: &'a dyn Scorer,
    pub screen: Screen,
    /// Selected scenario in the picker.
    pub selected: usize,
    pub mode: Mode,
    pub play: Option<Play<'a>>,
    pub help_open: bool,
    pub confirm_quit: bool,
    /// The confirmation asked is about leaving the conversation (back to the scenarios), not
    /// quitting the program.
    pub leaving: bool,
    pub should_quit: bool,
    /// Whether the patience clock runs.
    pub timed: bool,
    /// The name finished runs are recorded under.
    pub trainee: String,
    /// The trainee's finished runs, newest first.
    pub records: Vec<Record>,
    /// Finished runs waiting to be saved by the caller (drawing and updating do no I/O).
    pub outbox: Vec<Record>,
    /// A one-line message for the trainee (e.g. a record that could not be saved).
    pub status: Option<String>,
    /// Selected run on the history screen.
    pub history_run: usize,
    /// In a networked drill: the host's state. Replies are only sent while it is running.
    pub drill_state: Option<DrillState>,
    /// In a networked drill: the connection to the host was lost.
    pub drill_offline: bool,
    clock: fn() -> String,
    next_seed: u64,
}

impl<'a> App<'a> {
    /// `seed` seeds the first run; later "new seed" runs derive from it.
    pub fn new(scenarios: &'a [LoadedScenario], scorer: &'a dyn Scorer, seed: u64) -> Self {
        App {
            scenarios,
            scorer,
            screen: Screen::Picker,
            selected: 0,
            mode: Mode::Practice,
            play: None,
            help_open: false,
            confirm_quit: false,
            leaving: false,
            should_quit: false,
            timed: false,
            trainee: String::from("trainee"),
            records: Vec::new(),
            outbox: Vec::new(),
            status: None,
            history_run: 0,
            drill_state: None,
            drill_offline: false,
            clock: crate::records::time::now_rfc3339,
            next_seed: seed,
        }
    }

    /// Opens straight into a conversation with the scenario at `index`.
    pub fn start(&mut self, index: usize) {
        if let Some(loaded) = self.scenarios.get(index) {
            self.selected = index;
            let seed = self.take_seed();
            self.play = Some(Play::new(loaded, seed, self.mode, (self.clock)()));
            self.screen = Screen::Conversation;
        }
    }

    /// Replays replies already given (a drill participant re-joining) without feedback noise.
    pub fn replay(&mut self, replies: &[Reply<'_>]) -> Result<(), EngineError> {
        let scorer = self.scorer;
        if let Some(play) = self.play.as_mut() {
            for reply in replies {
                let anger = play.session.respond(*reply, scorer)?.anger_after;
                play.anger_history.push(anger);
            }
        }
        Ok(())
    }

    fn take_seed(&mut self) -> u64 {
        let seed = self.next_seed;
        // SplitMix64 step: consecutive "new seed" runs get well-spread seeds.
        self.next_seed = self.next_seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.next_seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        self.next_seed = z ^ (z >> 31);
        seed
    }

    /// The trainee's best overall result on a scenario, from their records.
    pub fn best_for(&self, id: &str) -> Option<u8> {
        self.records
            .iter()
            .filter(|r| r.scenario.id == id)
            .map(|r| r.overall)
            .max()
    }

    /// True while a conversation is under way and quitting would abandon it.
    fn mid_conversation(&self) -> bool {
        self.screen == Screen::Conversation
            && self.play.as_ref().is_some_and(|p| !p.session.is_finished())
    }

    pub fn update(&mut self, message: Message) {
        if !matches!(message, Message::Tick(_)) {
            self.status = None;
        }
        if self.confirm_quit {
            match message {
                Message::ConfirmQuit if self.leaving => {
                    self.confirm_quit = false;
                    self.leaving = false;
                    self.screen = Screen::Picker;
                    self.play = None;
                }
                Message::ConfirmQuit | Message::Quit => self.should_quit = true,
                Message::CancelQuit => {
                    self.confirm_quit = false;
                    self.leaving = false;
                }
                _ => {}
            }
            return;
        }
        if self.help_open {
            if matches!(message, Message::ToggleHelp | Message::CancelQuit) {
                self.help_open = false;
            } else if message == Message::Quit {
                self.help_open = false;
                self.update(Message::Quit);
            }
            return;
        }
        match message {
            Message::ToggleHelp => self.help_open = true,
            Message::Quit | Message::ConfirmQuit => {
                if self.mid_conversation() {
                    self.confirm_quit = true;
                } else {
                    self.should_quit = true;
                }
            }
            Message::Leave if self.screen == Screen::Conversation => {
                if self.mid_conversation() {
                    self.confirm_quit = true;
                    // A drill participant has nowhere else to go: leaving ends the program.
                    self.leaving = self.drill_state.is_none();
                } else {
                    self.screen = Screen::Debrief;
                }
            }
            Message::BackToPicker => {
                if matches!(self.screen, Screen::Debrief | Screen::History)
                    && self.drill_state.is_none()
                {
                    self.screen = Screen::Picker;
                    self.play = None;
                }
            }
            Message::OpenHistory if self.screen == Screen::Picker => {
                self.history_run = 0;
                self.screen = Screen::History;
            }
            other => match self.screen {
                Screen::Picker => self.update_picker(other),
                Screen::Conversation => self.update_conversation(other),
                Screen::Debrief => self.update_debrief(other),
                Screen::History => self.update_history(other),
            },
        }
    }

    fn update_picker(&mut self, message: Message) {
        let count = self.scenarios.len();
        match message {
            Message::Up => self.selected = self.selected.saturating_sub(1),
            Message::Down if count > 0 => self.selected = (self.selected + 1).min(count - 1),
            Message::ToggleMode => {
                self.mode = match self.mode {
                    Mode::Practice => Mode::Exam,
                    Mode::Exam => Mode::Practice,
                }
            }
            Message::Confirm => self.start(self.selected),
            _ => {}
        }
    }

    fn update_conversation(&mut self, message: Message) {
        let scorer = self.scorer;
        let timed = self.timed;
        let held = if self.drill_offline {
            Some(strings::DRILL_OFFLINE)
        } else {
            self.drill_state
                .filter(|s| *s != DrillState::Running)
                .map(DrillState::label)
        };
        let Some(play) = self.play.as_mut() else {
            return;
        };
        if let Some(state) = held
            && matches!(message, Message::Confirm | Message::ChooseOption(_))
            && !play.session.is_finished()
        {
            play.notice = Some(format!("{} {state}", strings::DRILL_HELD));
            return;
        }
        if !matches!(message, Message::Tick(_)) {
            play.notice = None;
        }
        let choice = play.session.current_node().map(|n| n.options.len());
        match (message, choice) {
            (Message::Tick(elapsed), _)
                if timed && held.is_none() && !play.session.is_finished() =>
            {
                play.waited += elapsed;
                if play.waited >= PATIENCE {
                    play.waited = Duration::ZERO;
                    play.session.lose_patience(IMPATIENCE_ANGER);
                    play.notice = Some(strings::PATIENCE_RAN_OUT.to_string());
                }
            }
            (Message::ScrollUp, _) => play.scroll = play.scroll.saturating_add(3),
            (Message::ScrollDown, _) => play.scroll = play.scroll.saturating_sub(3),
            (Message::ToggleHint, _) => {
                if play.mode == Mode::Practice {
                    play.hint_open = !play.hint_open;
                } else {
                    play.notice = Some(strings::NO_HINTS_IN_EXAM.to_string());
                }
            }
            (Message::Up, Some(n)) if n > 0 => play.option = play.option.saturating_sub(1),
            (Message::Down, Some(n)) if n > 0 => play.option = (play.option + 1).min(n - 1),
            (Message::ChooseOption(index), Some(n)) if index < n => {
                play.option = index;
                Self::send(play, Reply::Choice(index), scorer);
            }
            (Message::Confirm, Some(n)) if n > 0 => {
                let index = play.option;
                Self::send(play, Reply::Choice(index), scorer);
            }
            (Message::Confirm, Some(_)) => {
                let text = play.reply_text();
                if text.trim().is_empty() {
                    play.notice = Some(strings::EMPTY_REPLY.to_string());
                } else {
                    Self::send(play, Reply::Text(&text), scorer);
                }
            }
            (Message::Newline, Some(0)) => play.editor.insert_newline(),
            (Message::Paste(text), Some(0)) => paste(&mut play.editor, &text),
            (Message::Edit(input), Some(0)) => {
                play.editor.input(input);
            }
            // The customer's last words stay on screen until Enter opens the debrief.
            (Message::Confirm, None) => self.screen = Screen::Debrief,
            _ => {}
        }
        self.record_if_finished();
    }

    /// Queues the record of a run that has just reached its ending (once per run).
    fn record_if_finished(&mut self) {
        let Some(play) = self.play.as_mut() else {
            return;
        };
        if !play.session.is_finished() || play.recorded {
            return;
        }
        play.recorded = true;
        let record = Record::from_transcript(
            &play.session.transcript(),
            &self.trainee,
            play.mode.label(),
            play.started_at.clone(),
            (self.clock)(),
        );
        if let Some(record) = record {
            self.records.insert(0, record.clone());
            self.outbox.push(record);
        }
    }

    fn update_history(&mut self, message: Message) {
        let runs = self.records.len();
        match message {
            Message::Up => self.history_run = self.history_run.saturating_sub(1),
            Message::Down if runs > 0 => self.history_run = (self.history_run + 1).min(runs - 1),
            _ => {}
        }
    }

    fn send(play: &mut Play<'a>, reply: Reply<'_>, scorer: &dyn Scorer) {
        match play.session.respond(reply, scorer) {
            Ok(turn) => {
                let anger = turn.anger_after;
                play.anger_history.push(anger);
                play.editor = new_editor();
                play.option = 0;
                play.scroll = 0;
                play.hint_open = false;
                play.waited = Duration::ZERO;
            }
            Err(error) => play.notice = Some(error.to_string()),
        }
    }

    fn update_debrief(&mut self, message: Message) {
        let Some(play) = self.play.as_mut() else {
            self.screen = Screen::Picker;
            return;
        };
        let turns = play.session.turns().len();
        // A drill participant's run belongs to the drill: no replays or new runs from here.
        let in_drill = self.drill_state.is_some();
        match message {
            Message::Up => play.debrief_turn = play.debrief_turn.saturating_sub(1),
            Message::Down if turns > 0 => {
                play.debrief_turn = (play.debrief_turn + 1).min(turns - 1);
            }
            Message::Replay | Message::NewSeed if in_drill => {}
            Message::Replay => {
                let seed = play.session.seed();
                let mode = play.mode;
                if let Some(loaded) = self.scenarios.get(self.selected) {
                    self.play = Some(Play::new(loaded, seed, mode, (self.clock)()));
                    self.screen = Screen::Conversation;
                }
            }
            Message::NewSeed => {
                let mode = play.mode;
                let seed = self.take_seed();
                if let Some(loaded) = self.scenarios.get(self.selected) {
                    self.play = Some(Play::new(loaded, seed, mode, (self.clock)()));
                    self.screen = Screen::Conversation;
                }
            }
            _ => {}
        }
    }
}
