//! Every key binding, in one place: the mapping from key presses to messages, and the table the
//! help overlay and the footer are drawn from, so they can never disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_textarea::{Input, Key};

use super::app::{App, Message, Screen};

/// One line of the help overlay: keys and what they do.
pub struct Binding {
    pub keys: &'static str,
    pub action: &'static str,
    /// The footer's word for it; empty when the footer leaves it to the help overlay.
    pub short: &'static str,
}

pub const fn b(keys: &'static str, action: &'static str, short: &'static str) -> Binding {
    Binding {
        keys,
        action,
        short,
    }
}

pub const PICKER: &[Binding] = &[
    b("↑/↓", "choose a scenario", "choose"),
    b("m", "switch practice / exam mode", "mode"),
    b("Enter", "start", "start"),
    b("h", "your history and progress", "history"),
    b("?", "help", "help"),
    b("q", "quit", "quit"),
];

pub const CONVERSATION: &[Binding] = &[
    b("Enter", "send the reply (or the chosen option)", "send"),
    b(
        "Alt-Enter",
        "new line in the reply (also Shift-Enter, Ctrl-J)",
        "new line",
    ),
    b("1-9", "choose an option in a choice turn", ""),
    b("↑/↓", "move between options", ""),
    b("F2", "show the hint (practice mode)", "hint"),
    b("PgUp/PgDn", "scroll the conversation", "scroll"),
    b(
        "Ctrl-Z/Ctrl-Y",
        "undo / redo in the reply (also Ctrl-U / Ctrl-R)",
        "",
    ),
    b("←/→ Home/End", "move in the reply", ""),
    b("F1", "help (also ? when the reply is empty)", "help"),
    b(
        "Esc",
        "leave the conversation (back to the scenarios)",
        "leave",
    ),
    b("Ctrl-C", "quit defuse", ""),
];

pub const DEBRIEF: &[Binding] = &[
    b(
        "↑/↓",
        "choose a turn to compare with the model reply",
        "turn",
    ),
    b("r", "replay with the same seed", "replay"),
    b("n", "try again with a new seed", "new seed"),
    b("p/Esc", "back to the scenarios", "scenarios"),
    b("?", "help", "help"),
    b("q", "quit", "quit"),
];

pub const HISTORY: &[Binding] = &[
    b("↑/↓", "choose a run", "choose"),
    b("p/Esc", "back to the scenarios", "scenarios"),
    b("?", "help", "help"),
    b("q", "quit", "quit"),
];

pub fn bindings(screen: Screen) -> &'static [Binding] {
    match screen {
        Screen::Picker => PICKER,
        Screen::Conversation => CONVERSATION,
        Screen::Debrief => DEBRIEF,
        Screen::History => HISTORY,
    }
}

/// What a key means before any screen is asked: nothing for a key release, quit for Ctrl-C,
/// and yes or no while a question is on screen. `None` leaves the key to the screen.
pub fn before_screen(key: &KeyEvent, asking: bool) -> Option<Option<Message>> {
    if key.kind == KeyEventKind::Release {
        return Some(None);
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Some(Message::Quit));
    }
    if asking {
        return Some(match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Message::ConfirmQuit),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Message::CancelQuit),
            _ => None,
        });
    }
    None
}

/// The message a key press means on the current screen, if any.
pub fn message_for(app: &App, key: KeyEvent) -> Option<Message> {
    if let Some(decided) = before_screen(&key, app.confirm_quit) {
        return decided;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    if key.code == KeyCode::F(1) {
        return Some(Message::ToggleHelp);
    }
    if app.help_open {
        return match key.code {
            KeyCode::Char('?') | KeyCode::Esc => Some(Message::ToggleHelp),
            KeyCode::Char('q') => Some(Message::Quit),
            _ => None,
        };
    }
    match app.screen {
        Screen::Picker => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Message::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Message::Down),
            KeyCode::Enter => Some(Message::Confirm),
            KeyCode::Char('m') => Some(Message::ToggleMode),
            KeyCode::Char('h') => Some(Message::OpenHistory),
            KeyCode::Char('?') => Some(Message::ToggleHelp),
            KeyCode::Char('q') | KeyCode::Esc => Some(Message::Quit),
            _ => None,
        },
        Screen::Debrief => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Message::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Message::Down),
            KeyCode::Char('r') => Some(Message::Replay),
            KeyCode::Char('n') => Some(Message::NewSeed),
            KeyCode::Char('p') | KeyCode::Esc => Some(Message::BackToPicker),
            KeyCode::Char('?') => Some(Message::ToggleHelp),
            KeyCode::Char('q') => Some(Message::Quit),
            _ => None,
        },
        Screen::History => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Message::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Message::Down),
            KeyCode::Char('p') | KeyCode::Esc => Some(Message::BackToPicker),
            KeyCode::Char('?') => Some(Message::ToggleHelp),
            KeyCode::Char('q') => Some(Message::Quit),
            _ => None,
        },
        Screen::Conversation => conversation_message(app, key, ctrl, alt, shift),
    }
}

fn conversation_message(
    app: &App,
    key: KeyEvent,
    ctrl: bool,
    alt: bool,
    shift: bool,
) -> Option<Message> {
    let play = app.play.as_ref()?;
    let finished = play.session.is_finished();
    let choice = play.session.current_node().is_some_and(|n| n.is_choice());
    match key.code {
        KeyCode::Esc => return Some(Message::Leave),
        // Undo and redo as most editors have them (the editor's own are Ctrl-U and Ctrl-R).
        KeyCode::Char('z') if ctrl => {
            return Some(Message::Edit(Input {
                key: Key::Char('u'),
                ctrl: true,
                alt: false,
                shift: false,
            }));
        }
        KeyCode::Char('y') if ctrl => {
            return Some(Message::Edit(Input {
                key: Key::Char('r'),
                ctrl: true,
                alt: false,
                shift: false,
            }));
        }
        KeyCode::F(2) => return Some(Message::ToggleHint),
        KeyCode::PageUp => return Some(Message::ScrollUp),
        KeyCode::PageDown => return Some(Message::ScrollDown),
        KeyCode::Enter if alt || shift => return Some(Message::Newline),
        KeyCode::Char('j') if ctrl => return Some(Message::Newline),
        KeyCode::Enter => return Some(Message::Confirm),
        _ => {}
    }
    if finished {
        // Letters typed after the ending are ignored, so a trainee still typing cannot quit or
        // trigger anything by accident; Enter (or Esc) opens the debrief.
        return (key.code == KeyCode::Char('?')).then_some(Message::ToggleHelp);
    }
    if choice {
        return match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Message::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Message::Down),
            KeyCode::Char(c @ '1'..='9') => Some(Message::ChooseOption(c as usize - '1' as usize)),
            KeyCode::Char('?') => Some(Message::ToggleHelp),
            _ => None,
        };
    }
    if key.code == KeyCode::Char('?') && play.editor.is_empty() {
        return Some(Message::ToggleHelp);
    }
    Some(Message::Edit(Input::from(key)))
}
