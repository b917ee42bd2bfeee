//! The terminal trainer: sets the terminal up, runs the event loop, and always puts the terminal
//! back (on quit, on error, and on panic).

pub mod app;
pub mod host;
pub mod keys;
pub mod roundtable;
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

use crate::drill::client::{Connection, HostEvent, ReplySync, Welcome, join};
use crate::drill::protocol::{DrillState, HostMessage};
use crate::engine::Reply;
use crate::records::{self, Record};
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
    /// Said on the status line at the start (e.g. why no records will be kept).
    pub notice: Option<String>,
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

/// Sets the terminal up for the trainer and returns a guard that puts it back when dropped.
fn enter(theme: Theme) -> io::Result<(ratatui::DefaultTerminal, TerminalGuard)> {
    if theme.monochrome {
        // crossterm drops colours under NO_COLOR but also resets bold and reverse; keep modifiers.
        ratatui::crossterm::style::force_color_output(true);
    }
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous_hook(info);
    }));
    let terminal = ratatui::init();
    let guard = TerminalGuard;
    execute!(io::stdout(), EnableBracketedPaste)?;
    if supports_keyboard_enhancement().unwrap_or(false) {
        // Lets terminals that can report Shift-Enter do so (a line break in the reply).
        execute!(
            io::stdout(),
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
        )?;
    }
    Ok((terminal, guard))
}

/// Reads one terminal event (if any arrives within a quarter second) as a message.
pub fn next_message(
    keys: impl Fn(event::KeyEvent) -> Option<Message>,
) -> io::Result<Option<Message>> {
    if !event::poll(Duration::from_millis(250))? {
        return Ok(None);
    }
    Ok(match event::read()? {
        Event::Key(key) => keys(key),
        Event::Paste(text) => Some(Message::Paste(text)),
        // Resizes need nothing: the next draw uses the new size and the editor keeps its text.
        _ => None,
    })
}

fn new_app<'a>(
    scenarios: &'a [LoadedScenario],
    scorer: &'a dyn Scorer,
    options: &Options,
) -> App<'a> {
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
    app
}

/// The loop shared by every way of running the trainer: draw, read a key, update, then let
/// `after_update` do the I/O the app asked for.
fn event_loop(
    app: &mut App,
    theme: Theme,
    mut after_update: impl FnMut(&mut App),
) -> io::Result<()> {
    let (mut terminal, _guard) = enter(theme)?;
    let mut last_tick = Instant::now();
    while !app.should_quit {
        terminal.draw(|frame| view::draw(frame, app, theme))?;
        if let Some(message) = next_message(|key| keys::message_for(app, key))? {
            app.update(message);
        }
        let now = Instant::now();
        app.update(Message::Tick(now - last_tick));
        last_tick = now;
        after_update(app);
    }
    Ok(())
}

/// Saves the records of runs that just finished, reporting a failure on the status line.
/// Saves the queued records; returns what to tell the trainee if one could not be saved.
fn save_records(outbox: &mut Vec<Record>, records_dir: Option<&PathBuf>) -> Option<String> {
    let mut problem = None;
    for record in std::mem::take(outbox) {
        if let Some(dir) = records_dir
            && let Err(error) = records::save(dir, &record)
        {
            problem = Some(format!(
                "{} in {}: {error}",
                strings::RECORD_NOT_SAVED,
                dir.display()
            ));
        }
    }
    problem
}

/// Runs the trainer until the trainee quits.
pub fn run(scenarios: &[LoadedScenario], scorer: &dyn Scorer, options: Options) -> io::Result<()> {
    let theme = Theme::from_env();
    let mut app = new_app(scenarios, scorer, &options);
    if let Some(index) = options.start {
        app.start(index);
    }
    app.status = options.notice.clone();
    event_loop(&mut app, theme, |app| {
        if let Some(problem) = save_records(&mut app.outbox, options.records_dir.as_ref()) {
            app.status = Some(problem);
        }
    })
}

/// Where and as whom a participant joined, so a dropped connection can be re-joined.
pub struct JoinInfo {
    pub address: String,
    pub name: String,
    pub code: String,
}

/// How often a participant tells the host it is still there, and retries a lost connection.
const PING_EVERY: Duration = Duration::from_secs(15);
const RECONNECT_EVERY: Duration = Duration::from_secs(3);

/// Plays a networked drill as a participant: the normal conversation screen, with every reply
/// sent to the host (the next only once the host accepted the last), the host's start, pause
/// and end obeyed, and a lost connection re-joined automatically.
pub fn run_participant(
    loaded: &LoadedScenario,
    scorer: &dyn Scorer,
    options: Options,
    join_info: JoinInfo,
    connection: Connection,
    welcome: &Welcome,
) -> io::Result<()> {
    let theme = Theme::from_env();
    let scenarios = std::slice::from_ref(loaded);
    let mut app = new_app(scenarios, scorer, &options);
    app.drill_state = Some(welcome.state);
    app.start(0);
    let earlier: Vec<Reply> = welcome
        .replies
        .iter()
        .map(|r| match (r.option, &r.text) {
            (Some(option), _) => Reply::Choice(option.saturating_sub(1)),
            (None, text) => Reply::Text(text.as_deref().unwrap_or("")),
        })
        .collect();
    if let Err(error) = app.replay(&earlier) {
        app.status = Some(format!("Could not restore your earlier replies: {error}"));
    }
    let token = welcome.token.clone();
    let mut sync = ReplySync::new(welcome.replies.len());
    let mut link = Some(connection);
    let mut last_ping = Instant::now();
    let mut last_attempt = Instant::now();
    event_loop(&mut app, theme, |app| {
        if let Some(connection) = link.as_mut() {
            let mut lost = None;
            while let Ok(event) = connection.events.try_recv() {
                match event {
                    HostEvent::Message(message) => {
                        sync.on_message(&message);
                        match message {
                            HostMessage::State { state } => app.drill_state = Some(state),
                            HostMessage::Error { message, fatal, .. } => {
                                app.status = Some(message.clone());
                                if fatal {
                                    lost = Some(message);
                                }
                            }
                            _ => {}
                        }
                    }
                    HostEvent::Closed(why) => lost = Some(why),
                }
            }
            if let Some(refused) = &sync.refused {
                app.status = Some(format!("The host refused a reply: {refused}"));
            }
            let running = app.drill_state == Some(DrillState::Running);
            let turns = app
                .play
                .as_ref()
                .map(|p| p.session.turns())
                .unwrap_or_default();
            if lost.is_none()
                && let Some((turn, reply)) = sync.next(turns, running)
                && let Err(error) = connection.send_reply(turn, reply)
            {
                lost = Some(error.to_string());
            }
            if lost.is_none() && last_ping.elapsed() >= PING_EVERY {
                last_ping = Instant::now();
                if let Err(error) = connection.ping() {
                    lost = Some(error.to_string());
                }
            }
            if let Some(why) = lost {
                link = None;
                app.drill_offline = true;
                app.status = Some(format!(
                    "{}: {why}; {}",
                    strings::DRILL_LOST,
                    strings::DRILL_RECONNECTING
                ));
            }
        } else if last_attempt.elapsed() >= RECONNECT_EVERY
            && app.drill_state != Some(DrillState::Ended)
        {
            last_attempt = Instant::now();
            if let Ok((connection, again)) = join(
                &join_info.address,
                &join_info.name,
                &join_info.code,
                Some(&token),
                Duration::from_secs(3),
            ) {
                sync.rejoined(again.replies.len());
                app.drill_state = Some(again.state);
                app.drill_offline = false;
                app.status = Some(strings::DRILL_BACK.to_string());
                link = Some(connection);
            }
        }
    })
}

/// Runs a round-table drill on this terminal until the facilitator quits.
pub fn run_round_table(
    table: crate::drill::roundtable::RoundTable<'_>,
    scorer: &dyn Scorer,
    records_dir: Option<&PathBuf>,
    notice: Option<String>,
) -> io::Result<()> {
    let theme = Theme::from_env();
    let mut app = roundtable::RoundTableApp::new(table, scorer, records::time::now_rfc3339);
    app.notice = notice;
    let (mut terminal, _guard) = enter(theme)?;
    while !app.should_quit {
        terminal.draw(|frame| view::drill::draw_round_table(frame, &app, theme))?;
        if let Some(message) = next_message(|key| app.message_for(key))? {
            app.update(message);
        }
        if let Some(problem) = save_records(&mut app.outbox, records_dir) {
            app.notice = Some(problem);
        }
    }
    Ok(())
}

/// Runs the drill host's screen until the facilitator stops hosting.
pub fn run_host(mut app: host::HostApp) -> io::Result<()> {
    let theme = Theme::from_env();
    let (mut terminal, _guard) = enter(theme)?;
    while !app.should_quit {
        app.refresh();
        terminal.draw(|frame| view::drill::draw_host(frame, &app, theme))?;
        if event::poll(Duration::from_millis(250))?
            && let Event::Key(key) = event::read()?
            && let Some(action) = app.action_for(key)
        {
            app.update(action);
        }
    }
    Ok(())
}
