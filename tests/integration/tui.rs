//! The terminal trainer through its update function (keys in, state out) and its drawing
//! (snapshots of whole screens through ratatui's `TestBackend`).
//!
//! A small fixed scorer stands in for the real one so these tests show the screens' behaviour,
//! not the scorer's current tuning.

use std::time::Duration;

use defuse::scenario::load::{LoadedScenario, load_file};
use defuse::tui::app::{App, Message, Mode, PATIENCE, Screen};
use defuse::tui::keys::message_for;
use defuse::tui::theme::Theme;
use defuse::tui::view::draw;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

use crate::{FixedScorer, fixture};

fn scenarios() -> Vec<LoadedScenario> {
    vec![load_file(&fixture("valid/wrong-order.yaml")).unwrap()]
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let message = message_for(app, key).expect("typing is a message");
        app.update(message);
    }
}

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    if let Some(message) = message_for(app, KeyEvent::new(code, modifiers)) {
        app.update(message);
    }
}

fn press(app: &mut App, code: KeyCode) {
    key(app, code, KeyModifiers::NONE);
}

/// Three non-committal replies bring the manager; Enter then opens the debrief.
fn stall_until_the_manager(app: &mut App) {
    for _ in 0..3 {
        type_text(app, "let me check");
        press(app, KeyCode::Enter);
    }
    press(app, KeyCode::Enter);
}

fn render(app: &App, width: u16, height: u16, theme: Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, app, theme)).unwrap();
    terminal
}

fn screen_text(app: &App, width: u16, height: u16) -> String {
    render(app, width, height, Theme::colour())
        .backend()
        .to_string()
}

// ---- update: keys in, state out ------------------------------------------------------------

#[test]
fn typing_and_enter_sends_the_reply_and_clears_the_editor() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Conversation);
    type_text(&mut app, "im so sorry, ill redo it now");
    press(&mut app, KeyCode::Enter);
    let play = app.play.as_ref().unwrap();
    assert_eq!(play.session.turns().len(), 1);
    assert_eq!(
        play.session.turns()[0].reply,
        "im so sorry, ill redo it now"
    );
    assert!(play.editor.is_empty());
    // 60 + drift 5 - (apology 12 x 80 + ownership 12 x 60) / 100 (16, rounded down) = 49
    assert_eq!(play.anger_history, vec![60, 49]);
}

#[test]
fn an_empty_reply_is_not_sent() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.start(0);
    type_text(&mut app, "   ");
    press(&mut app, KeyCode::Enter);
    let play = app.play.as_ref().unwrap();
    assert!(play.session.turns().is_empty());
    assert!(
        play.notice
            .as_deref()
            .unwrap()
            .starts_with("Type a reply first")
    );
}

#[test]
fn alt_enter_and_paste_break_lines_without_sending() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.start(0);
    type_text(&mut app, "first");
    key(&mut app, KeyCode::Enter, KeyModifiers::ALT);
    type_text(&mut app, "second");
    app.update(Message::Paste("\r\nthird\r\nfourth".into()));
    let play = app.play.as_ref().unwrap();
    assert_eq!(play.editor.lines(), ["first", "second", "third", "fourth"]);
    assert!(play.session.turns().is_empty());
}

#[test]
fn choice_turns_take_arrows_enter_and_numbers() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.start(0);
    type_text(&mut app, "full refund, no charge");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.play
            .as_ref()
            .unwrap()
            .session
            .current_node()
            .unwrap()
            .id,
        "skeptical"
    );
    press(&mut app, KeyCode::Down);
    assert_eq!(app.play.as_ref().unwrap().option, 1);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('2'));
    let play = app.play.as_ref().unwrap();
    assert_eq!(play.session.turns()[1].option, Some(2));
    assert_eq!(play.session.ending().unwrap().id, "manager");
    // Enter on the customer's last words opens the debrief.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Debrief);
}

#[test]
fn scroll_hint_and_help_keys() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.start(0);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.play.as_ref().unwrap().scroll, 3);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.play.as_ref().unwrap().scroll, 0);
    press(&mut app, KeyCode::F(2));
    assert!(app.play.as_ref().unwrap().hint_open);
    // "?" opens help only while the reply is empty; otherwise it is typed.
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help_open);
    press(&mut app, KeyCode::Char('?'));
    assert!(!app.help_open);
    type_text(&mut app, "why?");
    assert!(!app.help_open);
    assert_eq!(app.play.as_ref().unwrap().reply_text(), "why?");
}

#[test]
fn leaving_or_quitting_mid_conversation_asks_first() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.start(0);
    type_text(&mut app, "draft");
    // Esc asks to leave the conversation; "n" keeps everything as it was.
    press(&mut app, KeyCode::Esc);
    assert!(app.confirm_quit && app.leaving);
    let dialog = screen_text(&app, 80, 24);
    assert!(dialog.contains("Leave this conversation?"), "{dialog}");
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.confirm_quit && !app.should_quit);
    assert_eq!(app.play.as_ref().unwrap().reply_text(), "draft");
    // "y" goes back to the scenarios, not out of the program.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.screen, Screen::Picker);
    assert!(!app.should_quit && app.play.is_none());
    // Ctrl-C asks to quit defuse.
    app.start(0);
    key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.confirm_quit && !app.leaving);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit);

    let mut at_picker = App::new(&scenarios, &FixedScorer, 7);
    press(&mut at_picker, KeyCode::Char('q'));
    assert!(at_picker.should_quit);
}

#[test]
fn exam_mode_hides_feedback_and_hints() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    press(&mut app, KeyCode::Char('m'));
    assert_eq!(app.mode, Mode::Exam);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "sorry");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(2));
    let play = app.play.as_ref().unwrap();
    assert!(play.feedback().is_none());
    assert!(!play.hint_open);
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("Scores stay hidden until the"), "{text}");
    assert!(!text.contains("\"sorry\" apologises"));
}

#[test]
fn the_patience_clock_angers_the_customer_in_timed_runs() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.timed = true;
    app.start(0);
    app.update(Message::Tick(PATIENCE - Duration::from_secs(1)));
    assert_eq!(app.play.as_ref().unwrap().session.anger(), 60);
    app.update(Message::Tick(Duration::from_secs(1)));
    let play = app.play.as_ref().unwrap();
    assert_eq!(play.session.anger(), 70);
    assert_eq!(play.waited, Duration::ZERO);
    // Without --timed, time passing changes nothing.
    let mut untimed = App::new(&scenarios, &FixedScorer, 7);
    untimed.start(0);
    untimed.update(Message::Tick(PATIENCE * 3));
    assert_eq!(untimed.play.as_ref().unwrap().session.anger(), 60);
}

#[test]
fn the_debrief_replays_the_same_seed_or_a_new_one() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.start(0);
    stall_until_the_manager(&mut app);
    assert_eq!(app.screen, Screen::Debrief);
    let seed = app.play.as_ref().unwrap().session.seed();
    press(&mut app, KeyCode::Char('r'));
    assert_eq!(app.screen, Screen::Conversation);
    assert_eq!(app.play.as_ref().unwrap().session.seed(), seed);
    assert!(app.play.as_ref().unwrap().session.turns().is_empty());
    stall_until_the_manager(&mut app);
    press(&mut app, KeyCode::Char('n'));
    assert_ne!(app.play.as_ref().unwrap().session.seed(), seed);
}

// ---- drawing ---------------------------------------------------------------------------------

fn mid_conversation<'a>(scenarios: &'a [LoadedScenario], reply: &str) -> App<'a> {
    let mut app = App::new(scenarios, &FixedScorer, 7);
    app.start(0);
    type_text(&mut app, reply);
    press(&mut app, KeyCode::Enter);
    app
}

#[test]
fn snapshot_picker() {
    let scenarios = scenarios();
    let app = App::new(&scenarios, &FixedScorer, 7);
    insta::assert_snapshot!("picker_80x24", screen_text(&app, 80, 24));
    insta::assert_snapshot!("picker_120x40", screen_text(&app, 120, 40));
}

#[test]
fn snapshot_conversation_with_feedback() {
    let scenarios = scenarios();
    let app = mid_conversation(&scenarios, "im so sorry, calm down. ill fix the name now");
    insta::assert_snapshot!("conversation_feedback_80x24", screen_text(&app, 80, 24));
    insta::assert_snapshot!("conversation_feedback_120x40", screen_text(&app, 120, 40));
}

#[test]
fn snapshot_wide_characters() {
    let scenarios = scenarios();
    let app = mid_conversation(
        &scenarios,
        "sorry 🙏 蛋糕的名字写错了，我马上改 — ill fix it 🎂",
    );
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("🙏"), "{text}");
    insta::assert_snapshot!("conversation_wide_80x24", text);
}

#[test]
fn snapshot_choice_turn_hint_and_help() {
    let scenarios = scenarios();
    let mut app = mid_conversation(&scenarios, "we can refund you");
    insta::assert_snapshot!("choice_turn_80x24", screen_text(&app, 80, 24));
    press(&mut app, KeyCode::F(2));
    insta::assert_snapshot!("hint_120x40", screen_text(&app, 120, 40));
    press(&mut app, KeyCode::F(1));
    insta::assert_snapshot!("help_80x24", screen_text(&app, 80, 24));
}

#[test]
fn snapshot_debrief_and_quit_dialog() {
    let scenarios = scenarios();
    let mut app = mid_conversation(&scenarios, "im so sorry, ill redo the name now");
    type_text(
        &mut app,
        "Ronan, got it. sorry again, ill have it by ten past",
    );
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Debrief);
    insta::assert_snapshot!("debrief_80x24", screen_text(&app, 80, 24));
    insta::assert_snapshot!("debrief_120x40", screen_text(&app, 120, 40));

    let mut quitting = mid_conversation(&scenarios, "hmm");
    press(&mut quitting, KeyCode::Esc);
    insta::assert_snapshot!("quit_dialog_80x24", screen_text(&quitting, 80, 24));
}

#[test]
fn snapshot_timed_run() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.timed = true;
    app.start(0);
    app.update(Message::Tick(Duration::from_secs(30)));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("patience"), "{text}");
    insta::assert_snapshot!("timed_80x24", text);
}

#[test]
fn a_too_small_window_asks_for_a_larger_one() {
    let scenarios = scenarios();
    let app = mid_conversation(&scenarios, "sorry");
    let text = screen_text(&app, 60, 20);
    assert!(
        text.contains("defuse needs a window of at least 80x24."),
        "{text}"
    );
    assert!(text.contains("(now 60x20)"), "{text}");
    insta::assert_snapshot!("too_small_60x20", text);
}

#[test]
fn no_color_marks_evidence_with_modifiers_only() {
    let scenarios = scenarios();
    let app = mid_conversation(&scenarios, "im so sorry, calm down. ill fix the name now");
    let terminal = render(&app, 120, 40, Theme::mono());
    let buffer = terminal.backend().buffer();
    let mut highlighted = Vec::new();
    for cell in buffer.content() {
        assert_eq!(cell.fg, Color::Reset, "no colours under NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "no colours under NO_COLOR");
        if cell.modifier.contains(Modifier::CROSSED_OUT) {
            highlighted.push(cell.symbol().to_string());
        }
    }
    // "calm down" is a harmful move: struck through in the feedback panel.
    assert_eq!(highlighted.concat(), "calm down");
    let text = terminal.backend().to_string();
    insta::assert_snapshot!("conversation_no_color_120x40", text);
}

#[test]
fn ctrl_z_and_ctrl_y_undo_and_redo_in_the_reply() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.start(0);
    type_text(&mut app, "sorry");
    key(&mut app, KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_ne!(app.play.as_ref().unwrap().reply_text(), "sorry");
    key(&mut app, KeyCode::Char('y'), KeyModifiers::CONTROL);
    assert_eq!(app.play.as_ref().unwrap().reply_text(), "sorry");
}

#[test]
fn a_drill_participant_cannot_start_other_runs_from_the_debrief() {
    let scenarios = scenarios();
    let mut app = App::new(&scenarios, &FixedScorer, 7);
    app.drill_state = Some(defuse::drill::protocol::DrillState::Running);
    app.start(0);
    stall_until_the_manager(&mut app);
    assert_eq!(app.screen, Screen::Debrief);
    let turns = app.play.as_ref().unwrap().session.turns().len();
    for key in ['r', 'n', 'p'] {
        press(&mut app, KeyCode::Char(key));
        assert_eq!(app.screen, Screen::Debrief);
        assert_eq!(app.play.as_ref().unwrap().session.turns().len(), turns);
    }
}
