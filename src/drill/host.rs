//! The drill host: accepts participants over TCP, replays every reply they send on its own copy
//! of their conversation (it never trusts a participant's scores), saves their progress and
//! records as the drill goes, and lets the facilitator start, pause, end the drill and remove
//! participants.
//!
//! Each connection gets a reader thread and a writer thread. Writes go through a bounded queue,
//! so a participant that stops reading is disconnected instead of stalling anyone else, and
//! every limit (line length, message rate, handshake time) ends only the offending connection.

use std::io::{BufReader, ErrorKind, Read};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::debrief::{DrillDebrief, PlayerRun};
use super::protocol::{
    ClientMessage, DrillState, ErrorCode, HostMessage, MAX_LINE, MAX_REPLY_BYTES, PROTOCOL_VERSION,
    ReadError, StoredReply, read_line, write_message,
};
use crate::engine::{EndingReached, Reply, Session, Transcript};
use crate::records::{self, Record, time};
use crate::scenario::load::LoadedScenario;
use crate::scoring::{Scorer, Scores};

/// Limits and places; the defaults suit a training room, tests shorten the timeouts.
#[derive(Debug, Clone)]
pub struct HostConfig {
    pub code: String,
    pub seed: u64,
    /// Where finished runs are saved as records.
    pub records_dir: Option<PathBuf>,
    /// Where each participant's progress is saved after every reply.
    pub progress_dir: Option<PathBuf>,
    /// A new connection must say hello within this time.
    pub handshake_timeout: Duration,
    /// A joined participant that sends nothing (not even the client's regular ping) for this
    /// long is taken to be gone, so they can re-join.
    pub idle_timeout: Duration,
    /// Connections allowed to be in the middle of their handshake at once.
    pub max_pending: usize,
    /// The host's extra scorer phrases (`--lexicon` file text), sent to participants.
    pub lexicon: Option<String>,
    /// A write to a participant that takes longer than this disconnects them.
    pub write_timeout: Duration,
    /// Messages queued for one participant before they count as not reading.
    pub queue_limit: usize,
    pub max_participants: usize,
    /// Sustained messages per second one participant may send (bursts of twice this are fine).
    pub messages_per_second: u32,
}

impl HostConfig {
    pub fn new(code: String, seed: u64) -> Self {
        HostConfig {
            code,
            seed,
            records_dir: None,
            progress_dir: None,
            handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_pending: 64,
            lexicon: None,
            write_timeout: Duration::from_secs(5),
            queue_limit: 256,
            max_participants: 500,
            messages_per_second: 20,
        }
    }
}

/// A join code that is easy to read aloud: no 0/O, 1/I/L.
pub fn new_join_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    use rand::RngExt;
    let mut rng = rand::rng();
    (0..6)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// A secret that lets a participant re-join as themselves.
fn new_token() -> String {
    use rand::RngExt;
    let mut rng = rand::rng();
    (0..24)
        .map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[rng.random_range(0..36)]))
        .collect()
}

/// What the host screen shows about one participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantView {
    pub name: String,
    pub connected: bool,
    pub removed: bool,
    pub turns: usize,
    pub anger: u8,
    pub totals: Scores,
    pub overall: u8,
    pub ending: Option<EndingReached>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostSnapshot {
    pub state: DrillState,
    pub participants: Vec<ParticipantView>,
}

struct Participant {
    name: String,
    token: String,
    replies: Vec<StoredReply>,
    transcript: Option<Transcript>,
    anger: u8,
    started_at: String,
    connected: bool,
    removed: bool,
    /// Which connection owns this participant now (a re-join replaces an old one).
    connection: u64,
    outbox: Option<SyncSender<HostMessage>>,
    stream: Option<TcpStream>,
}

impl Participant {
    fn disconnect(&mut self) {
        self.connected = false;
        self.outbox = None;
        if let Some(stream) = self.stream.take() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    fn view(&self) -> ParticipantView {
        let totals = self
            .transcript
            .as_ref()
            .map(|t| t.totals)
            .unwrap_or_default();
        ParticipantView {
            name: self.name.clone(),
            connected: self.connected,
            removed: self.removed,
            turns: self.replies.len(),
            anger: self.anger,
            totals,
            overall: totals.overall(),
            ending: self.transcript.as_ref().and_then(|t| t.ending.clone()),
        }
    }
}

struct Shared {
    state: DrillState,
    participants: Vec<Participant>,
    /// Problems worth showing the facilitator (refused joins, failed saves), newest last.
    log: Vec<String>,
}

struct Inner {
    loaded: Arc<LoadedScenario>,
    /// The scenario file's text, sent to participants so they need no files.
    scenario_text: String,
    scorer: Arc<dyn Scorer + Send + Sync>,
    config: HostConfig,
    shared: Mutex<Shared>,
    next_connection: AtomicU64,
    /// Connections still in their handshake.
    pending: AtomicUsize,
    stopping: AtomicBool,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A panicking connection thread must not take the whole drill down with it.
        self.shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn log(&self, line: String) {
        let mut shared = self.lock();
        shared.log.push(line);
        let excess = shared.log.len().saturating_sub(200);
        shared.log.drain(..excess);
    }
}

/// A running drill host. Dropping it stops accepting connections.
pub struct Host {
    inner: Arc<Inner>,
    address: SocketAddr,
}

impl Host {
    /// Binds `bind` and starts accepting participants in the background.
    pub fn start(
        bind: SocketAddr,
        loaded: LoadedScenario,
        scenario_text: String,
        scorer: Arc<dyn Scorer + Send + Sync>,
        config: HostConfig,
    ) -> std::io::Result<Host> {
        let listener = TcpListener::bind(bind)?;
        let address = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let inner = Arc::new(Inner {
            loaded: Arc::new(loaded),
            scenario_text,
            scorer,
            config,
            shared: Mutex::new(Shared {
                state: DrillState::Waiting,
                participants: Vec::new(),
                log: Vec::new(),
            }),
            next_connection: AtomicU64::new(1),
            pending: AtomicUsize::new(0),
            stopping: AtomicBool::new(false),
        });
        let accepting = Arc::clone(&inner);
        thread::Builder::new()
            .name("drill-accept".into())
            .spawn(move || accept_loop(&listener, &accepting))?;
        Ok(Host { inner, address })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn code(&self) -> &str {
        &self.inner.config.code
    }

    pub fn scenario(&self) -> &LoadedScenario {
        &self.inner.loaded
    }

    pub fn snapshot(&self) -> HostSnapshot {
        let shared = self.inner.lock();
        HostSnapshot {
            state: shared.state,
            participants: shared.participants.iter().map(Participant::view).collect(),
        }
    }

    /// Adds a line to the facilitator's log.
    pub fn note(&self, line: String) {
        self.inner.log(line);
    }

    /// Problems the facilitator should see, newest last.
    pub fn log(&self) -> Vec<String> {
        self.inner.lock().log.clone()
    }

    fn set_state(&self, state: DrillState) {
        let mut shared = self.inner.lock();
        if shared.state == DrillState::Ended {
            return;
        }
        shared.state = state;
        broadcast(&mut shared, &HostMessage::State { state });
    }

    pub fn start_drill(&self) {
        self.set_state(DrillState::Running);
    }

    pub fn pause(&self) {
        self.set_state(DrillState::Paused);
    }

    pub fn end(&self) {
        self.set_state(DrillState::Ended);
    }

    /// Disconnects a participant and refuses their re-join; their progress stays saved.
    pub fn remove(&self, name: &str) -> bool {
        let mut shared = self.inner.lock();
        let Some(participant) = shared.participants.iter_mut().find(|p| p.name == name) else {
            return false;
        };
        participant.removed = true;
        if let Some(outbox) = &participant.outbox {
            let _ = outbox.try_send(HostMessage::Error {
                code: ErrorCode::Removed,
                message: "the host removed you from this drill".into(),
                fatal: true,
            });
        }
        participant.outbox = None;
        participant.connected = false;
        // Closing only the reading side lets the queued message above still go out.
        if let Some(stream) = participant.stream.take() {
            let _ = stream.shutdown(Shutdown::Read);
        }
        true
    }

    /// Every participant's run so far, for the drill debrief.
    pub fn runs(&self) -> Vec<PlayerRun> {
        let shared = self.inner.lock();
        shared
            .participants
            .iter()
            .filter_map(|p| {
                p.transcript.as_ref().map(|t| PlayerRun {
                    name: p.name.clone(),
                    turns: t.turns.clone(),
                    transcript: t.clone(),
                })
            })
            .collect()
    }

    pub fn debrief(&self) -> DrillDebrief {
        DrillDebrief::new(&self.runs())
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.inner.stopping.store(true, Ordering::Relaxed);
        let mut shared = self.inner.lock();
        for participant in &mut shared.participants {
            participant.disconnect();
        }
    }
}

fn broadcast(shared: &mut Shared, message: &HostMessage) {
    for participant in shared.participants.iter_mut().filter(|p| p.connected) {
        let full = match &participant.outbox {
            Some(outbox) => matches!(outbox.try_send(message.clone()), Err(TrySendError::Full(_))),
            None => false,
        };
        if full {
            // Not reading: their queue is full. Cut them off rather than wait on them.
            participant.disconnect();
            shared.log.push(format!(
                "{} stopped reading and was disconnected",
                participant.name
            ));
        }
    }
}

fn accept_loop(listener: &TcpListener, inner: &Arc<Inner>) {
    while !inner.stopping.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, peer)) => {
                let inner = Arc::clone(inner);
                let spawned = thread::Builder::new()
                    .name(format!("drill-{peer}"))
                    .spawn(move || serve(stream, &inner));
                if spawned.is_err() {
                    // Out of threads: this connection is dropped; the host carries on.
                    continue;
                }
            }
            Err(error) if error.kind() == ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(10));
            }
            Err(_) => thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Sends queued messages to one participant; closes the connection when the queue closes.
fn writer_loop(mut stream: TcpStream, queue: Receiver<HostMessage>) {
    for message in queue {
        if write_message(&mut stream, &message).is_err() {
            break;
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
}

/// Allows `rate` messages a second on average, in bursts of up to twice that.
struct RateLimit {
    tokens: f64,
    rate: f64,
    last: Instant,
}

impl RateLimit {
    fn new(rate: u32) -> Self {
        let rate = f64::from(rate.max(1));
        RateLimit {
            tokens: rate * 2.0,
            rate,
            last: Instant::now(),
        }
    }

    fn allow(&mut self) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * self.rate)
            .min(self.rate * 2.0);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn fatal(outbox: &SyncSender<HostMessage>, code: ErrorCode, message: impl Into<String>) {
    let _ = outbox.try_send(HostMessage::Error {
        code,
        message: message.into(),
        fatal: true,
    });
}

fn serve(stream: TcpStream, inner: &Arc<Inner>) {
    let config = &inner.config;
    let peer = stream
        .peer_addr()
        .map_or_else(|_| "unknown".to_string(), |a| a.to_string());
    if stream.set_nonblocking(false).is_err()
        || stream
            .set_write_timeout(Some(config.write_timeout))
            .is_err()
        || stream
            .set_read_timeout(Some(config.handshake_timeout))
            .is_err()
    {
        return;
    }
    let (Ok(read_half), Ok(write_half), Ok(control)) =
        (stream.try_clone(), stream.try_clone(), stream.try_clone())
    else {
        return;
    };
    let (outbox, queue) = mpsc::sync_channel(config.queue_limit.max(1));
    if thread::Builder::new()
        .name(format!("drill-write-{peer}"))
        .spawn(move || writer_loop(write_half, queue))
        .is_err()
    {
        return;
    }
    let mut reader = BufReader::new(DeadlineReader {
        stream: read_half,
        deadline: Some(Instant::now() + config.handshake_timeout),
    });
    let connection = inner.next_connection.fetch_add(1, Ordering::Relaxed);

    let crowded = inner.pending.fetch_add(1, Ordering::SeqCst) >= config.max_pending;
    let joined = if crowded {
        fatal(
            &outbox,
            ErrorCode::Full,
            "too many people are joining at once; try again in a moment",
        );
        None
    } else {
        handshake(&mut reader, inner, &outbox, control, connection, &peer)
    };
    inner.pending.fetch_sub(1, Ordering::SeqCst);
    let Some(name) = joined else {
        return;
    };
    // A participant may think as long as they like; their client pings to show it is alive.
    reader.get_mut().deadline = None;
    let _ = stream.set_read_timeout(Some(config.idle_timeout));
    let mut limit = RateLimit::new(config.messages_per_second);
    loop {
        let line = match read_line(&mut reader, MAX_LINE) {
            Ok(line) => line,
            Err(ReadError::TooLong) => {
                fatal(
                    &outbox,
                    ErrorCode::LineTooLong,
                    "a message is longer than 64 KiB",
                );
                inner.log(format!(
                    "{name}: sent a line over 64 KiB and was disconnected"
                ));
                break;
            }
            Err(ReadError::Io(error))
                if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
            {
                inner.log(format!(
                    "{name}: silent for too long; taken to be disconnected"
                ));
                break;
            }
            Err(ReadError::Closed | ReadError::Io(_)) => break,
        };
        if !limit.allow() {
            fatal(
                &outbox,
                ErrorCode::TooManyMessages,
                "too many messages; slow down",
            );
            inner.log(format!(
                "{name}: flooded the host with messages and was disconnected"
            ));
            break;
        }
        match serde_json::from_str::<ClientMessage>(&line) {
            Ok(ClientMessage::Reply { turn, text, option }) => {
                if !handle_reply(
                    inner,
                    &outbox,
                    &name,
                    connection,
                    turn,
                    StoredReply { text, option },
                ) {
                    break;
                }
            }
            Ok(ClientMessage::Ping) => {}
            Ok(ClientMessage::Bye) => break,
            Ok(ClientMessage::Hello { .. }) => {
                fatal(
                    &outbox,
                    ErrorCode::Malformed,
                    "already joined; hello is only sent once",
                );
                break;
            }
            Err(error) => {
                fatal(
                    &outbox,
                    ErrorCode::Malformed,
                    format!("not a valid message: {error}"),
                );
                inner.log(format!(
                    "{name}: sent a malformed message and was disconnected"
                ));
                break;
            }
        }
    }
    let mut shared = inner.lock();
    if let Some(participant) = shared
        .participants
        .iter_mut()
        .find(|p| p.name == name && p.connection == connection)
    {
        participant.connected = false;
        participant.outbox = None;
        participant.stream = None;
    }
}

/// Checks the hello; on success the participant is registered (or resumed) and welcomed.
fn handshake(
    reader: &mut BufReader<DeadlineReader>,
    inner: &Arc<Inner>,
    outbox: &SyncSender<HostMessage>,
    control: TcpStream,
    connection: u64,
    peer: &str,
) -> Option<String> {
    let refuse = |code: ErrorCode, message: String| {
        inner.log(format!("refused {peer}: {message}"));
        fatal(outbox, code, message);
        None
    };
    let line = match read_line(reader, MAX_LINE) {
        Ok(line) => line,
        Err(ReadError::TooLong) => {
            return refuse(
                ErrorCode::LineTooLong,
                "a message is longer than 64 KiB".into(),
            );
        }
        Err(ReadError::Io(error))
            if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
        {
            return refuse(
                ErrorCode::HandshakeTimeout,
                "no hello within the time allowed".into(),
            );
        }
        Err(_) => return None,
    };
    let (protocol, name, code, token) = match serde_json::from_str::<ClientMessage>(&line) {
        Ok(ClientMessage::Hello {
            protocol,
            name,
            code,
            token,
        }) => (protocol, name, code, token),
        Ok(_) => {
            return refuse(
                ErrorCode::Malformed,
                "the first message must be hello".into(),
            );
        }
        Err(error) => {
            return refuse(
                ErrorCode::Malformed,
                format!("not a valid message: {error}"),
            );
        }
    };
    if protocol != PROTOCOL_VERSION {
        return refuse(
            ErrorCode::WrongProtocol,
            format!(
                "this host speaks drill protocol {PROTOCOL_VERSION}, you sent {protocol}; use the same defuse version as the host"
            ),
        );
    }
    if !code.trim().eq_ignore_ascii_case(&inner.config.code) {
        return refuse(ErrorCode::WrongCode, "wrong join code".into());
    }
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return refuse(
            ErrorCode::BadName,
            "a name must be 1 to 40 characters without control characters".into(),
        );
    }

    let mut shared = inner.lock();
    if shared.state == DrillState::Ended {
        drop(shared);
        return refuse(ErrorCode::DrillEnded, "this drill has ended".into());
    }
    let count = shared.participants.len();
    let welcome_state = shared.state;
    let participant = match shared.participants.iter_mut().position(|p| p.name == name) {
        Some(index) => {
            let existing = &mut shared.participants[index];
            if existing.removed {
                drop(shared);
                return refuse(
                    ErrorCode::Removed,
                    "the host removed you from this drill".into(),
                );
            }
            if existing.connected {
                if token.as_deref() != Some(existing.token.as_str()) {
                    drop(shared);
                    return refuse(
                        ErrorCode::DuplicateName,
                        format!(
                            "someone called {name} is already in this drill; pick another name"
                        ),
                    );
                }
                // The same participant again, from a connection that dropped silently: the new
                // connection takes over and the old one is closed.
                existing.disconnect();
            }
            existing
        }
        None => {
            if count >= inner.config.max_participants {
                drop(shared);
                return refuse(ErrorCode::Full, "this drill is full".into());
            }
            shared.participants.push(Participant {
                name: name.clone(),
                token: new_token(),
                replies: Vec::new(),
                transcript: None,
                anger: inner.loaded.scenario.customer.anger.min(100),
                started_at: time::now_rfc3339(),
                connected: false,
                removed: false,
                connection,
                outbox: None,
                stream: None,
            });
            let last = shared.participants.len() - 1;
            &mut shared.participants[last]
        }
    };
    participant.connected = true;
    participant.connection = connection;
    participant.outbox = Some(outbox.clone());
    participant.stream = Some(control);
    let replies = participant.replies.clone();
    let token = participant.token.clone();
    drop(shared);
    let _ = outbox.try_send(HostMessage::Welcome {
        protocol: PROTOCOL_VERSION,
        scenario: inner.scenario_text.clone(),
        seed: inner.config.seed,
        state: welcome_state,
        replies,
        token,
        lexicon: inner.config.lexicon.clone(),
    });
    Some(name)
}

/// A stream whose reads give up at a deadline (the handshake's), however the bytes trickle in.
struct DeadlineReader {
    stream: TcpStream,
    deadline: Option<Instant>,
}

impl Read for DeadlineReader {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ErrorKind::TimedOut.into());
            }
            self.stream.set_read_timeout(Some(left))?;
        }
        self.stream.read(buffer)
    }
}

/// Replays a participant's replies (plus `extra`) on a fresh session.
fn replay<'s>(
    loaded: &'s LoadedScenario,
    seed: u64,
    replies: &[StoredReply],
    scorer: &dyn Scorer,
) -> Result<Session<'s>, String> {
    let mut session = Session::new(loaded, seed);
    for reply in replies {
        let reply = match (&reply.text, reply.option) {
            (_, Some(option)) if option >= 1 => Reply::Choice(option - 1),
            (Some(text), None) => Reply::Text(text),
            _ => return Err("a reply needs text or an option number from 1".into()),
        };
        session.respond(reply, scorer).map_err(|e| e.to_string())?;
    }
    Ok(session)
}

/// Sends a non-fatal error about a reply.
fn refuse_reply(outbox: &SyncSender<HostMessage>, code: ErrorCode, message: String) {
    let _ = outbox.try_send(HostMessage::Error {
        code,
        message,
        fatal: false,
    });
}

/// Records one reply. Returns false when the connection must close.
fn handle_reply(
    inner: &Arc<Inner>,
    outbox: &SyncSender<HostMessage>,
    name: &str,
    connection: u64,
    turn: usize,
    reply: StoredReply,
) -> bool {
    let owns = |p: &Participant| p.name == name && p.connection == connection && p.connected;
    let (mut replies, started_at) = {
        let shared = inner.lock();
        let state = shared.state;
        let Some(participant) = shared.participants.iter().find(|p| owns(p)) else {
            return false;
        };
        if state != DrillState::Running {
            refuse_reply(
                outbox,
                ErrorCode::NotRunning,
                format!(
                    "the drill is {}; your reply was not recorded",
                    state.label()
                ),
            );
            return true;
        }
        let recorded = participant.replies.len();
        if turn < recorded {
            // Sent again after a re-join: already recorded.
            let _ = outbox.try_send(HostMessage::Accepted { turn });
            return true;
        }
        if turn > recorded {
            refuse_reply(
                outbox,
                ErrorCode::BadReply,
                format!("expected the reply to turn {recorded}, got turn {turn}"),
            );
            return true;
        }
        (participant.replies.clone(), participant.started_at.clone())
    };
    if reply
        .text
        .as_ref()
        .is_some_and(|t| t.len() > MAX_REPLY_BYTES)
    {
        refuse_reply(
            outbox,
            ErrorCode::BadReply,
            format!("a reply may be at most {MAX_REPLY_BYTES} bytes; this one was not recorded"),
        );
        return true;
    }
    replies.push(reply);
    // Scoring happens outside the lock, so one participant's reply never holds up the others.
    let session = match replay(
        &inner.loaded,
        inner.config.seed,
        &replies,
        inner.scorer.as_ref(),
    ) {
        Ok(session) => session,
        Err(message) => {
            refuse_reply(outbox, ErrorCode::BadReply, message);
            return true;
        }
    };
    let transcript = session.transcript();
    {
        let mut shared = inner.lock();
        let Some(participant) = shared.participants.iter_mut().find(|p| owns(p)) else {
            return false;
        };
        // Only this connection adds replies for this participant, so nothing came in between.
        participant.replies.clone_from(&replies);
        participant.anger = session.anger();
        participant.transcript = Some(transcript.clone());
    }
    // Saved before it is acknowledged: an accepted reply is never lost.
    save_progress(inner, name, &replies, &transcript, &started_at);
    let _ = outbox.try_send(HostMessage::Accepted { turn });
    true
}

#[derive(Serialize)]
struct Progress<'a> {
    trainee: &'a str,
    code: &'a str,
    replies: &'a [StoredReply],
    transcript: &'a Transcript,
}

/// Saves a participant's progress after every reply, and their record once they finish.
fn save_progress(
    inner: &Inner,
    name: &str,
    replies: &[StoredReply],
    transcript: &Transcript,
    started_at: &str,
) {
    let config = &inner.config;
    if let Some(dir) = &config.progress_dir {
        let progress = Progress {
            trainee: name,
            code: &config.code,
            replies,
            transcript,
        };
        let path = dir
            .join(&config.code)
            .join(format!("{}.json", records::file_safe(name)));
        let written = serde_json::to_vec_pretty(&progress)
            .map_err(std::io::Error::other)
            .and_then(|bytes| records::write_atomically(&path, &bytes));
        if let Err(error) = written {
            inner.log(format!("could not save {name}'s progress: {error}"));
        }
    }
    if let (Some(dir), Some(record)) = (
        &config.records_dir,
        Record::from_transcript(
            transcript,
            name,
            "drill",
            started_at.to_string(),
            time::now_rfc3339(),
        ),
    ) && let Err(error) = records::save(dir, &record)
    {
        inner.log(format!("could not save {name}'s record: {error}"));
    }
}
