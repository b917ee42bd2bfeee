//! The terminal trainer: sets the terminal up, runs the event loop, and always puts the terminal
//! back (on quit, on error, and on panic).

pub mod app;
pub mod keys;
pub mod strings;
pub mod theme;
pub mod view;

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::supports_keyboard_enhancement;

use crate::records;
use crate::scenario::load::LoadedScenario;
use crate::scoring::Scorer;
use app::{App, Message, Mode};
use theme::Theme;

/// How the trainer starts.
#[derive(Debug, Clone)]
pub struct Options {
    /// Open straight into this scenario (index into the scenario list).
    pub start: Option<usize>,
    pub seed: u64,
    pub mode: Mode,
    /// Run the patience clock.
    pub timed: bool,
    /// The name finished runs are recorded under.
    pub trainee: String,
    /// Where finished runs are saved (and history read from); `None` keeps no records.
    pub records_dir: Option<PathBuf>,
}

/// Undoes what [`enter`] changed, in reverse. Safe to call more than once.
fn leave() {
    let mut stdout = io::stdout();
    let _ = execute!(stdout, DisableBracketedPaste, PopKeyboardEnhancementFlags);
    ratatui::restore();
    let _ = stdout.flush();
}

/// Restores the terminal when dropped, so an early return or `?` cannot leave it raw.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        leave();
    }
}

/// Runs the trainer until the trainee quits.
pub fn run(scenarios: &[LoadedScenario], scorer: &dyn Scorer, options: Options) -> io::Result<()> {
    let theme = Theme::from_env();
    if theme.monochrome {
        // crossterm drops colours under NO_COLOR but also resets bold and reverse; keep modifiers.
        ratatui::crossterm::style::force_color_output(true);
    }
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous_hook(info);
    }));

    let mut terminal = ratatui::init();
    let _guard = TerminalGuard;
    execute!(io::stdout(), EnableBracketedPaste)?;
    if supports_keyboard_enhancement().unwrap_or(false) {
        // Lets terminals that can report Shift-Enter do so (a line break in the reply).
        execute!(
            io::stdout(),
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        )?;
    }

    let mut app = App::new(scenarios, scorer, options.seed);
    app.mode = options.mode;
    app.timed = options.timed;
    app.trainee = options.trainee.clone();
    if let Some(dir) = &options.records_dir {
        // Unreadable records are skipped here; `defuse history` names them.
        let (records, _skipped) = records::load(std::slice::from_ref(dir));
        app.records = records
            .into_iter()
            .filter(|r| r.trainee == app.trainee)
            .collect();
    }
    if let Some(index) = options.start {
        app.start(index);
    }
    let mut last_tick = Instant::now();
    while !app.should_quit {
        terminal.draw(|frame| view::draw(frame, &app, theme))?;
        if event::poll(Duration::from_millis(250))? {
            match event::read()? {
                Event::Key(key) => {
                    if let Some(message) = keys::message_for(&app, key) {
                        app.update(message);
                    }
                }
                Event::Paste(text) => app.update(Message::Paste(text)),
                // The next draw uses the new size; the editor keeps its text.
                _ => {}
            }
        }
        let now = Instant::now();
        app.update(Message::Tick(now - last_tick));
        last_tick = now;
        for record in std::mem::take(&mut app.outbox) {
            if let Some(dir) = &options.records_dir
                && let Err(error) = records::save(dir, &record)
            {
                app.status = Some(format!(
                    "{} in {}: {error}",
                    strings::RECORD_NOT_SAVED,
                    dir.display()
                ));
            }
        }
    }
    Ok(())
}
