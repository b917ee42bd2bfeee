//! Group drills: the round table on one terminal, and the networked host and participants over
//! real sockets on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use defuse::catalog::{BUILTIN, Catalog};
use defuse::drill::client::{HostEvent, join};
use defuse::drill::host::{Host, HostConfig};
use defuse::drill::protocol::{DrillState, ErrorCode, HostMessage, MAX_LINE, StoredReply};
use defuse::drill::roundtable::{Phase, RoundTable};
use defuse::engine::Reply;
use defuse::records::load;
use defuse::scenario::load::LoadedScenario;
use defuse::scoring::RuleScorer;

use crate::fixture;

const CODE: &str = "K7Q2M9";
const TIMEOUT: Duration = Duration::from_secs(10);

fn hotel() -> (LoadedScenario, String) {
    let text = BUILTIN
        .iter()
        .find(|(name, _)| *name == "hotel-key.yaml")
        .map(|(_, text)| text.to_string())
        .unwrap();
    let loaded = Catalog::discover(&[]).take("hotel-key").unwrap();
    (loaded, text)
}

/// The hotel-key replies that reach the `resolved` ending.
fn resolved_replies() -> Vec<StoredReply> {
    std::fs::read_to_string(fixture("replies/hotel-key-resolved.txt"))
        .unwrap()
        .lines()
        .map(|line| match line.trim().parse::<usize>() {
            Ok(option) => StoredReply {
                text: None,
                option: Some(option),
            },
            Err(_) => StoredReply {
                text: Some(line.to_string()),
                option: None,
            },
        })
        .collect()
}

struct TestHost {
    host: Host,
    _dirs: tempfile::TempDir,
    records: std::path::PathBuf,
    progress: std::path::PathBuf,
}

fn start_host(configure: impl FnOnce(&mut HostConfig)) -> TestHost {
    let dirs = tempfile::tempdir().unwrap();
    let (loaded, text) = hotel();
    let mut config = HostConfig::new(CODE.into(), 5);
    config.records_dir = Some(dirs.path().join("records"));
    config.progress_dir = Some(dirs.path().join("drills"));
    configure(&mut config);
    let host = Host::start(
        "127.0.0.1:0".parse().unwrap(),
        loaded,
        text,
        Arc::new(RuleScorer::new()),
        config,
    )
    .unwrap();
    TestHost {
        records: dirs.path().join("records"),
        progress: dirs.path().join("drills"),
        host,
        _dirs: dirs,
    }
}

fn address(host: &Host) -> String {
    host.address().to_string()
}

/// Waits for the next host message, skipping none.
fn next_message(events: &std::sync::mpsc::Receiver<HostEvent>) -> HostMessage {
    match events.recv_timeout(TIMEOUT) {
        Ok(HostEvent::Message(message)) => message,
        other => panic!("expected a host message, got {other:?}"),
    }
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(10));
    }
}

/// Plays `replies` from turn `from`, waiting for each to be accepted.
fn play(connection: &mut defuse::drill::client::Connection, replies: &[StoredReply], from: usize) {
    for (turn, reply) in replies.iter().enumerate().skip(from) {
        connection.send_reply(turn, reply.clone()).unwrap();
        loop {
            match next_message(&connection.events) {
                HostMessage::Accepted { turn: accepted } if accepted == turn => break,
                HostMessage::State { .. } => continue,
                other => panic!("reply {turn}: unexpected {other:?}"),
            }
        }
    }
}

/// A raw connection that sends `line` as the first message and returns what the host answers.
fn raw_exchange(address: SocketAddr, payload: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let _ = stream.write_all(payload);
    let mut answer = String::new();
    let _ = BufReader::new(&stream).read_line(&mut answer);
    // After a fatal error the host closes the connection.
    let mut rest = Vec::new();
    let closed = stream.read_to_end(&mut rest).is_ok();
    assert!(closed, "the host should close the connection");
    answer
}

fn error_code(answer: &str) -> ErrorCode {
    match serde_json::from_str::<HostMessage>(answer.trim()) {
        Ok(HostMessage::Error { code, fatal, .. }) => {
            assert!(fatal);
            code
        }
        other => panic!("expected an error, got {other:?} from {answer:?}"),
    }
}

#[test]
fn participants_play_to_the_end_and_the_host_saves_their_records() {
    let test = start_host(|_| {});
    let addr = address(&test.host);
    let replies = resolved_replies();
    let mut players = Vec::new();
    for name in ["Ana", "Ben", "Chen"] {
        let (connection, welcome) = join(&addr, name, CODE, None, TIMEOUT).unwrap();
        assert_eq!(welcome.seed, 5);
        assert_eq!(welcome.state, DrillState::Waiting);
        assert!(welcome.scenario.contains("id: hotel-key"));
        assert!(welcome.replies.is_empty());
        players.push(connection);
    }
    // Replies before the start are refused, not recorded.
    players[0].send_reply(0, replies[0].clone()).unwrap();
    assert!(matches!(
        next_message(&players[0].events),
        HostMessage::Error {
            code: ErrorCode::NotRunning,
            fatal: false,
            ..
        }
    ));
    test.host.start_drill();
    for player in &players {
        assert_eq!(
            next_message(&player.events),
            HostMessage::State {
                state: DrillState::Running
            }
        );
    }
    for player in &mut players {
        play(player, &replies, 0);
    }
    let snapshot = test.host.snapshot();
    assert_eq!(snapshot.participants.len(), 3);
    for view in &snapshot.participants {
        assert_eq!(view.turns, replies.len());
        assert_eq!(
            view.ending.as_ref().map(|e| e.id.as_str()),
            Some("resolved")
        );
    }
    let (saved, skipped) = load(std::slice::from_ref(&test.records));
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(saved.len(), 3);
    assert!(
        saved
            .iter()
            .all(|r| r.mode == "drill" && r.turns.len() == replies.len())
    );
    // Everyone played the same replies on the same seed: the same scores.
    assert!(saved.windows(2).all(|w| w[0].totals == w[1].totals));
    let debrief = test.host.debrief();
    assert_eq!(debrief.players.len(), 3);
    assert_eq!(debrief.rounds.len(), replies.len());
    let progress: Vec<String> = std::fs::read_dir(test.progress.join(CODE))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(progress.len(), 3);
    assert!(
        progress.iter().any(|f| f.starts_with("Ana-")),
        "{progress:?}"
    );
}

#[test]
fn a_dropped_participant_rejoins_and_loses_nothing() {
    let test = start_host(|_| {});
    test.host.start_drill();
    let addr = address(&test.host);
    let replies = resolved_replies();
    let (mut first, _) = join(&addr, "Dana", CODE, None, TIMEOUT).unwrap();
    play(&mut first, &replies[..2], 0);
    drop(first);
    wait_until("the host to notice the drop", || {
        !test.host.snapshot().participants[0].connected
    });
    let (mut again, welcome) = join(&addr, "Dana", CODE, None, TIMEOUT).unwrap();
    assert_eq!(welcome.state, DrillState::Running);
    assert_eq!(welcome.replies, replies[..2].to_vec());
    // A reply sent twice across the drop is acknowledged, not recorded twice.
    again.send_reply(1, replies[1].clone()).unwrap();
    assert_eq!(
        next_message(&again.events),
        HostMessage::Accepted { turn: 1 }
    );
    play(&mut again, &replies, 2);
    let view = &test.host.snapshot().participants[0];
    assert_eq!(view.turns, replies.len());
    assert!(view.ending.is_some());
    let (saved, _) = load(std::slice::from_ref(&test.records));
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].turns.len(), replies.len());
}

#[test]
fn bad_peers_get_a_clear_error_and_are_disconnected_without_disturbing_others() {
    let test = start_host(|config| config.handshake_timeout = Duration::from_millis(300));
    test.host.start_drill();
    let addr = address(&test.host);
    let socket = test.host.address();
    let replies = resolved_replies();
    let (mut steady, _) = join(&addr, "Steady", CODE, None, TIMEOUT).unwrap();
    play(&mut steady, &replies[..1], 0);

    let wrong = raw_exchange(
        socket,
        b"{\"type\":\"hello\",\"protocol\":1,\"name\":\"Eve\",\"code\":\"WRONG1\"}\n",
    );
    assert_eq!(error_code(&wrong), ErrorCode::WrongCode);
    let duplicate = raw_exchange(
        socket,
        format!("{{\"type\":\"hello\",\"protocol\":1,\"name\":\"Steady\",\"code\":\"{CODE}\"}}\n")
            .as_bytes(),
    );
    assert_eq!(error_code(&duplicate), ErrorCode::DuplicateName);
    let version = raw_exchange(
        socket,
        format!("{{\"type\":\"hello\",\"protocol\":99,\"name\":\"Old\",\"code\":\"{CODE}\"}}\n")
            .as_bytes(),
    );
    assert_eq!(error_code(&version), ErrorCode::WrongProtocol);
    assert_eq!(
        error_code(&raw_exchange(socket, b"{not json\n")),
        ErrorCode::Malformed
    );
    let mut huge = vec![b'x'; MAX_LINE + 100];
    huge.push(b'\n');
    assert_eq!(
        error_code(&raw_exchange(socket, &huge)),
        ErrorCode::LineTooLong
    );
    // A silent client is dropped once the handshake time runs out.
    assert_eq!(
        error_code(&raw_exchange(socket, b"")),
        ErrorCode::HandshakeTimeout
    );

    // A participant who turns malformed after joining is cut off too.
    let mut rogue = TcpStream::connect(socket).unwrap();
    rogue.set_read_timeout(Some(TIMEOUT)).unwrap();
    rogue
        .write_all(
            format!("{{\"type\":\"hello\",\"protocol\":1,\"name\":\"Rogue\",\"code\":\"{CODE}\"}}\n{{\"type\":\"reply\",\"turn\":\"zero\"}}\n")
                .as_bytes(),
        )
        .unwrap();
    let mut lines = BufReader::new(&rogue).lines();
    assert!(lines.next().unwrap().unwrap().contains("\"welcome\""));
    assert_eq!(
        error_code(&lines.next().unwrap().unwrap()),
        ErrorCode::Malformed
    );

    // The steady participant never noticed.
    play(&mut steady, &replies, 1);
    let views = test.host.snapshot().participants;
    let steady_view = views.iter().find(|v| v.name == "Steady").unwrap();
    assert!(steady_view.ending.is_some());
    assert!(!test.host.log().is_empty());
}

#[test]
fn a_flooding_participant_is_disconnected() {
    let test = start_host(|config| config.messages_per_second = 5);
    test.host.start_drill();
    let mut stream = TcpStream::connect(test.host.address()).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut flood =
        format!("{{\"type\":\"hello\",\"protocol\":1,\"name\":\"Flo\",\"code\":\"{CODE}\"}}\n");
    for _ in 0..200 {
        flood.push_str("{\"type\":\"reply\",\"turn\":99,\"text\":\"hi\"}\n");
    }
    let _ = stream.write_all(flood.as_bytes());
    let codes: Vec<String> = BufReader::new(&stream)
        .lines()
        .map_while(Result::ok)
        .collect();
    assert!(
        codes
            .last()
            .is_some_and(|l| l.contains("too_many_messages")),
        "{codes:?}"
    );
}

#[test]
fn a_participant_that_stops_reading_is_disconnected() {
    let test = start_host(|config| {
        config.queue_limit = 8;
        config.write_timeout = Duration::from_millis(200);
    });
    let stream = TcpStream::connect(test.host.address()).unwrap();
    (&stream)
        .write_all(
            format!(
                "{{\"type\":\"hello\",\"protocol\":1,\"name\":\"Deaf\",\"code\":\"{CODE}\"}}\n"
            )
            .as_bytes(),
        )
        .unwrap();
    wait_until("Deaf to join", || {
        test.host.snapshot().participants.len() == 1
    });
    // Never read: state changes pile up until the host gives up on this participant.
    let start = Instant::now();
    while test.host.snapshot().participants[0].connected {
        assert!(start.elapsed() < TIMEOUT, "still connected");
        for _ in 0..1000 {
            test.host.pause();
            test.host.start_drill();
        }
    }
    drop(stream);
}

#[test]
fn the_host_removes_a_participant_who_cannot_rejoin() {
    let test = start_host(|_| {});
    let addr = address(&test.host);
    let (removed, _) = join(&addr, "Max", CODE, None, TIMEOUT).unwrap();
    assert!(test.host.remove("Max"));
    assert!(matches!(
        next_message(&removed.events),
        HostMessage::Error {
            code: ErrorCode::Removed,
            fatal: true,
            ..
        }
    ));
    match join(&addr, "Max", CODE, None, TIMEOUT) {
        Err(error) => assert!(error.to_string().contains("removed you")),
        Ok(_) => panic!("a removed participant rejoined"),
    }
}

#[test]
fn a_hundred_participants_join_and_finish() {
    let test = start_host(|_| {});
    test.host.start_drill();
    let addr = address(&test.host);
    let replies = Arc::new(resolved_replies());
    let workers: Vec<_> = (0..100)
        .map(|i| {
            let addr = addr.clone();
            let replies = Arc::clone(&replies);
            thread::spawn(move || {
                let (mut connection, _) = join(
                    &addr,
                    &format!("trainee-{i:03}"),
                    CODE,
                    None,
                    Duration::from_secs(30),
                )
                .unwrap();
                play(&mut connection, &replies, 0);
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let snapshot = test.host.snapshot();
    assert_eq!(snapshot.participants.len(), 100);
    assert!(snapshot.participants.iter().all(|p| p.ending.is_some()));
    let (saved, _) = load(std::slice::from_ref(&test.records));
    assert_eq!(saved.len(), 100);
}

#[test]
fn a_round_table_drill_compares_answers_and_follows_the_chosen_one() {
    let (loaded, _) = hotel();
    let scorer = RuleScorer::new();
    let names: Vec<String> = ["Ana", "Ben", "Chen"].map(String::from).to_vec();
    let mut table = RoundTable::new(&loaded, 3, &names).unwrap();
    assert_eq!(table.current_player().unwrap().name, "Ana");
    table
        .answer(Reply::Text("ok. can i see some ID"), &scorer)
        .unwrap();
    table
        .answer(
            Reply::Text("I'm so sorry, a third failed key at midnight after a long day is awful. I'll walk up with you and open the door myself right now."),
            &scorer,
        )
        .unwrap();
    table
        .answer(Reply::Text("calm down, it's just a key"), &scorer)
        .unwrap();
    assert_eq!(table.phase, Phase::Reveal);
    assert_eq!(table.best_answer(), Some(1));
    let ben_next = table.players[1].answered().unwrap().next.clone();
    table.continue_with(table.best_answer()).unwrap();
    // Everyone now faces the conversation Ben's answer led to, with their own turn recorded.
    for player in &table.players {
        assert_eq!(player.turns.len(), 1);
        assert_eq!(player.session.turns().last().unwrap().next, ben_next);
    }
    assert_eq!(
        table.players[2].turns[0].reply,
        "calm down, it's just a key"
    );
    // From here on, each carries on along their own path.
    for _ in 0..3 {
        table
            .answer(Reply::Text("hmm, let me see"), &scorer)
            .unwrap();
    }
    table.continue_with(None).unwrap();
    assert!(!table.shared);
    // Each player's conversation now follows their own answer.
    for player in &table.players {
        assert_eq!(player.turns.len(), 2);
        assert_eq!(
            player.session.turns().last().unwrap().reply,
            "hmm, let me see"
        );
    }
    let debrief = table.debrief();
    assert_eq!(debrief.players.len(), 3);
    assert_eq!(debrief.rounds[0].best_player, "Ben");
    assert!(debrief.rounds[0].highest > debrief.rounds[0].lowest);
    assert!(RoundTable::new(&loaded, 1, &["Solo".to_string()]).is_err());
    assert!(RoundTable::new(&loaded, 1, &["A".to_string(), "A".to_string()]).is_err());
}

// ---- the drill screens ----------------------------------------------------------------------

mod screens {
    use defuse::tui::host::{HostAction, HostApp};
    use defuse::tui::roundtable::{RoundTableApp, Stage};
    use defuse::tui::theme::Theme;
    use defuse::tui::view::drill::{draw_host, draw_round_table};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn fixed_clock() -> String {
        "2026-11-22T10:00:00Z".into()
    }

    fn press(app: &mut RoundTableApp, code: KeyCode) {
        if let Some(message) = app.message_for(KeyEvent::new(code, KeyModifiers::NONE)) {
            app.update(message);
        }
    }

    fn type_answer(app: &mut RoundTableApp, text: &str) {
        for c in text.chars() {
            press(app, KeyCode::Char(c));
        }
        press(app, KeyCode::Enter);
    }

    fn screen(draw: impl FnOnce(&mut ratatui::Frame)) -> String {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(draw).unwrap();
        terminal.backend().to_string()
    }

    #[test]
    fn round_table_hands_over_hides_answers_and_reveals_them_together() {
        let (loaded, _) = hotel();
        // Fixed scores: the screens are under test here, not the scorer's tuning.
        let scorer = crate::FixedScorer;
        let names: Vec<String> = ["Ana", "Ben"].map(String::from).to_vec();
        let table = RoundTable::new(&loaded, 3, &names).unwrap();
        let mut app = RoundTableApp::new(table, &scorer, fixed_clock);
        let theme = Theme::colour();
        assert_eq!(app.stage, Stage::Handover);
        insta::assert_snapshot!(
            "round_table_handover",
            screen(|f| draw_round_table(f, &app, theme))
        );
        press(&mut app, KeyCode::Enter);
        type_answer(
            &mut app,
            "so sorry tomas, ill walk up and open it myself now",
        );
        // Ben's hand-over screen and editor show nothing of Ana's answer.
        assert_eq!(app.stage, Stage::Handover);
        press(&mut app, KeyCode::Enter);
        assert!(app.editor.is_empty());
        let answering = screen(|f| draw_round_table(f, &app, theme));
        assert!(!answering.contains("walk up and open"), "{answering}");
        assert!(answering.contains("Ben answering"), "{answering}");
        type_answer(&mut app, "calm down");
        assert_eq!(app.stage, Stage::Reveal);
        assert_eq!(app.selected, 0, "the best answer is preselected");
        let reveal = screen(|f| draw_round_table(f, &app, theme));
        assert!(
            reveal.contains("Ana ★ best") && reveal.contains("calm down"),
            "{reveal}"
        );
        insta::assert_snapshot!("round_table_reveal", reveal);
        press(&mut app, KeyCode::Right);
        assert_eq!(app.selected, 1);
        // Continue with Ben's answer after all: both now face where it led.
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.table.round, 1);
        let next = app.table.players[1].turns[0].next.clone();
        assert_eq!(app.table.players[0].session.turns()[0].next, next);
        // Esc asks before ending the drill.
        press(&mut app, KeyCode::Esc);
        assert!(app.confirm_quit);
        press(&mut app, KeyCode::Char('n'));
        assert!(!app.should_quit);
    }

    #[test]
    fn host_screen_shows_participants_and_obeys_the_facilitator() {
        let test = start_host(|_| {});
        let addr = address(&test.host);
        let (mut ana, _) = join(&addr, "Ana", CODE, None, TIMEOUT).unwrap();
        let mut app = HostApp::new(test.host, 5, addr.clone(), None);
        app.update(HostAction::Start);
        assert_eq!(app.snapshot.state, DrillState::Running);
        play(&mut ana, &resolved_replies()[..2], 0);
        app.refresh();
        assert_eq!(app.snapshot.participants[0].turns, 2);
        let text = screen(|f| draw_host(f, &app, Theme::colour()));
        assert!(
            text.contains(&format!("defuse drill join {addr} --code {CODE}")),
            "{text}"
        );
        assert!(text.contains("Ana") && text.contains("running"), "{text}");
        app.update(HostAction::Pause);
        assert_eq!(app.snapshot.state, DrillState::Paused);
        app.update(HostAction::Remove);
        assert!(app.confirm.is_some());
        app.update(HostAction::No);
        assert!(!app.snapshot.participants[0].removed);
        app.update(HostAction::End);
        app.update(HostAction::Yes);
        assert_eq!(app.snapshot.state, DrillState::Ended);
        assert!(app.show_debrief);
        let debrief = screen(|f| draw_host(f, &app, Theme::colour()));
        assert!(debrief.contains("Drill debrief"), "{debrief}");
        app.update(HostAction::Quit);
        assert!(
            app.should_quit,
            "after the end, quitting needs no confirmation"
        );
    }
}

#[test]
fn rejoining_with_the_token_takes_over_a_connection_the_host_thinks_is_alive() {
    let test = start_host(|_| {});
    test.host.start_drill();
    let addr = address(&test.host);
    let replies = resolved_replies();
    let (mut first, welcome) = join(&addr, "Ana", CODE, None, TIMEOUT).unwrap();
    play(&mut first, &replies[..1], 0);
    // Someone else cannot take the name while Ana is connected...
    match join(&addr, "Ana", CODE, None, TIMEOUT) {
        Err(error) => assert!(
            error.to_string().contains("already in this drill"),
            "{error}"
        ),
        Ok(_) => panic!("a second Ana joined"),
    }
    // ...but Ana herself, with her token, can (her old connection may be dead without the host
    // knowing yet).
    let (mut again, resumed) = join(&addr, "Ana", CODE, Some(&welcome.token), TIMEOUT).unwrap();
    assert_eq!(resumed.replies.len(), 1);
    play(&mut again, &replies, 1);
    assert!(test.host.snapshot().participants[0].ending.is_some());
    drop(first);
}

#[test]
fn a_participant_gone_silent_is_let_go_so_they_can_rejoin() {
    let test = start_host(|config| config.idle_timeout = Duration::from_millis(300));
    let addr = address(&test.host);
    let (silent, _) = join(&addr, "Sam", CODE, None, TIMEOUT).unwrap();
    wait_until("the host to let Sam go", || {
        !test.host.snapshot().participants[0].connected
    });
    let (_back, welcome) = join(&addr, "Sam", CODE, None, TIMEOUT).unwrap();
    assert!(welcome.replies.is_empty());
    drop(silent);
}

#[test]
fn a_trickling_hello_still_meets_the_handshake_deadline() {
    let test = start_host(|config| config.handshake_timeout = Duration::from_millis(400));
    let mut stream = TcpStream::connect(test.host.address()).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let start = Instant::now();
    let mut answer = String::new();
    for byte in b"{\"type\":\"hello\"".iter() {
        if stream.write_all(&[*byte]).is_err() {
            break;
        }
        thread::sleep(Duration::from_millis(100));
        if start.elapsed() > Duration::from_secs(2) {
            break;
        }
    }
    let _ = BufReader::new(&stream).read_line(&mut answer);
    assert_eq!(error_code(&answer), ErrorCode::HandshakeTimeout);
    assert!(start.elapsed() < Duration::from_secs(3));
}

#[test]
fn long_replies_are_refused_and_a_large_scenario_still_reaches_participants() {
    let dirs = tempfile::tempdir().unwrap();
    let cake = std::fs::read_to_string(fixture("valid/wrong-order.yaml")).unwrap();
    let padding = "The party is for twenty children. ".repeat(3000);
    let big = cake.replacen(
        "summary: \"A parent picks up a birthday cake with the wrong name on it, an hour before the party.\"",
        &format!("summary: \"{padding}\""),
        1,
    );
    assert!(big.len() > 100 * 1024);
    let loaded =
        defuse::scenario::load_str("big.yaml", &big, defuse::scenario::Origin::Builtin).unwrap();
    let mut config = HostConfig::new(CODE.into(), 1);
    config.records_dir = Some(dirs.path().to_path_buf());
    let host = Host::start(
        "127.0.0.1:0".parse().unwrap(),
        loaded,
        big.clone(),
        Arc::new(RuleScorer::new()),
        config,
    )
    .unwrap();
    host.start_drill();
    let (mut ana, welcome) = join(&address(&host), "Ana", CODE, None, TIMEOUT).unwrap();
    assert_eq!(welcome.scenario, big);
    ana.send_reply(
        0,
        StoredReply {
            text: Some("sorry ".repeat(1000)),
            option: None,
        },
    )
    .unwrap();
    match next_message(&ana.events) {
        HostMessage::Error {
            code,
            message,
            fatal,
        } => {
            assert_eq!(code, ErrorCode::BadReply);
            assert!(!fatal);
            assert!(message.contains("at most 4096 bytes"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(host.snapshot().participants[0].turns, 0);
}

#[test]
fn similar_names_keep_separate_progress_files() {
    let test = start_host(|_| {});
    test.host.start_drill();
    let addr = address(&test.host);
    let replies = resolved_replies();
    for name in ["Ana B", "Ana_B"] {
        let (mut connection, _) = join(&addr, name, CODE, None, TIMEOUT).unwrap();
        play(&mut connection, &replies[..1], 0);
    }
    let files = std::fs::read_dir(test.progress.join(CODE)).unwrap().count();
    assert_eq!(files, 2);
}
