//! Joining a drill: connect, say hello, receive the scenario and seed, then send replies while a
//! background thread delivers what the host says.

use std::io::BufReader;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use thiserror::Error;

use super::protocol::{
    ClientMessage, DrillState, HostMessage, MAX_LINE, MAX_WELCOME_LINE, PROTOCOL_VERSION,
    ReadError, StoredReply, read_line, write_message,
};

#[derive(Debug, Error)]
pub enum JoinError {
    #[error("cannot find the host {0}")]
    Address(String),
    #[error("cannot reach the host at {address}: {source}")]
    Connect {
        address: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the host refused to let you join: {0}")]
    Refused(String),
    #[error("the host did not answer properly: {0}")]
    Protocol(String),
}

/// What arrives from the host after joining.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostEvent {
    Message(HostMessage),
    /// The connection ended, with why.
    Closed(String),
}

/// The host's welcome: everything needed to play.
#[derive(Debug, Clone)]
pub struct Welcome {
    pub scenario: String,
    pub seed: u64,
    pub state: DrillState,
    pub replies: Vec<StoredReply>,
    /// Re-joining with this takes over a connection the host still thinks is alive.
    pub token: String,
    /// The host's extra scorer phrases, if it uses any.
    pub lexicon: Option<String>,
}

pub struct Connection {
    stream: TcpStream,
    pub events: Receiver<HostEvent>,
}

impl Connection {
    pub fn send(&mut self, message: &ClientMessage) -> std::io::Result<()> {
        write_message(&mut self.stream, message)
    }

    /// Tells the host this participant is still here.
    pub fn ping(&mut self) -> std::io::Result<()> {
        self.send(&ClientMessage::Ping)
    }

    pub fn send_reply(&mut self, turn: usize, reply: StoredReply) -> std::io::Result<()> {
        self.send(&ClientMessage::Reply {
            turn,
            text: reply.text,
            option: reply.option,
        })
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        let _ = write_message(&mut self.stream, &ClientMessage::Bye);
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

fn resolve(address: &str) -> Result<SocketAddr, JoinError> {
    address
        .to_socket_addrs()
        .ok()
        .and_then(|mut found| found.next())
        .ok_or_else(|| JoinError::Address(address.to_string()))
}

/// Connects, says hello and waits (up to `timeout`) for the welcome. `token` is the one from an
/// earlier welcome, when re-joining.
pub fn join(
    address: &str,
    name: &str,
    code: &str,
    token: Option<&str>,
    timeout: Duration,
) -> Result<(Connection, Welcome), JoinError> {
    let socket = resolve(address)?;
    let connect_error = |source| JoinError::Connect {
        address: address.to_string(),
        source,
    };
    let mut stream = TcpStream::connect_timeout(&socket, timeout).map_err(connect_error)?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(connect_error)?;
    write_message(
        &mut stream,
        &ClientMessage::Hello {
            protocol: PROTOCOL_VERSION,
            name: name.to_string(),
            code: code.to_string(),
            token: token.map(str::to_string),
        },
    )
    .map_err(connect_error)?;
    let mut reader = BufReader::new(stream.try_clone().map_err(connect_error)?);
    let line = read_line(&mut reader, MAX_WELCOME_LINE).map_err(|error| match error {
        ReadError::Closed => JoinError::Protocol("the host closed the connection".into()),
        ReadError::TooLong => JoinError::Protocol("the host sent an over-long message".into()),
        ReadError::Io(error) => JoinError::Protocol(error.to_string()),
    })?;
    let welcome = match serde_json::from_str::<HostMessage>(&line) {
        Ok(HostMessage::Welcome {
            protocol,
            scenario,
            seed,
            state,
            replies,
            token,
            lexicon,
        }) if protocol == PROTOCOL_VERSION => Welcome {
            scenario,
            seed,
            state,
            replies,
            token,
            lexicon,
        },
        Ok(HostMessage::Welcome { protocol, .. }) => {
            return Err(JoinError::Protocol(format!(
                "the host speaks drill protocol {protocol}, this defuse speaks {PROTOCOL_VERSION}; use the same defuse version as the host"
            )));
        }
        Ok(HostMessage::Error { message, .. }) => return Err(JoinError::Refused(message)),
        Ok(_) => {
            return Err(JoinError::Protocol(
                "the host did not start with a welcome".into(),
            ));
        }
        Err(error) => return Err(JoinError::Protocol(error.to_string())),
    };
    stream.set_read_timeout(None).map_err(connect_error)?;
    let (sender, events) = mpsc::channel();
    thread::Builder::new()
        .name("drill-host-reader".into())
        .spawn(move || {
            loop {
                match read_line(&mut reader, MAX_LINE) {
                    Ok(line) => {
                        let event = match serde_json::from_str::<HostMessage>(&line) {
                            Ok(message) => HostEvent::Message(message),
                            Err(error) => HostEvent::Closed(format!(
                                "the host sent something unreadable: {error}"
                            )),
                        };
                        let closing = matches!(event, HostEvent::Closed(_));
                        if sender.send(event).is_err() || closing {
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = sender.send(HostEvent::Closed(
                            "the connection to the host closed".into(),
                        ));
                        return;
                    }
                }
            }
        })
        .map_err(connect_error)?;
    Ok((Connection { stream, events }, welcome))
}

/// Keeps the host's record in step with the participant's conversation: one reply in flight at
/// a time, the next only once the host has accepted it, and a reply the host refused because
/// the drill was paused sent again once it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplySync {
    /// Replies the host has accepted.
    pub accepted: usize,
    in_flight: Option<usize>,
    /// The host refused a reply outright: the two sides disagree and sending stops.
    pub refused: Option<String>,
}

impl ReplySync {
    pub fn new(accepted: usize) -> Self {
        ReplySync {
            accepted,
            in_flight: None,
            refused: None,
        }
    }

    /// The next reply to send, if one is due: played locally, not yet accepted, none in flight,
    /// and the drill running.
    pub fn next(
        &mut self,
        turns: &[crate::engine::Turn],
        running: bool,
    ) -> Option<(usize, StoredReply)> {
        if self.in_flight.is_some() || self.refused.is_some() || !running {
            return None;
        }
        let turn = turns.get(self.accepted)?;
        self.in_flight = Some(self.accepted);
        Some((
            self.accepted,
            match turn.option {
                Some(option) => StoredReply {
                    text: None,
                    option: Some(option),
                },
                None => StoredReply {
                    text: Some(turn.reply.clone()),
                    option: None,
                },
            },
        ))
    }

    /// Takes the host's answer into account.
    pub fn on_message(&mut self, message: &HostMessage) {
        match message {
            HostMessage::Accepted { turn } if Some(*turn) == self.in_flight => {
                self.accepted = turn + 1;
                self.in_flight = None;
            }
            HostMessage::Error {
                code: super::protocol::ErrorCode::NotRunning,
                ..
            } => self.in_flight = None,
            HostMessage::Error {
                code: super::protocol::ErrorCode::BadReply,
                message,
                ..
            } => {
                self.in_flight = None;
                self.refused = Some(message.clone());
            }
            _ => {}
        }
    }

    /// After a re-join: the host has `accepted` replies and nothing is in flight any more.
    pub fn rejoined(&mut self, accepted: usize) {
        self.accepted = accepted;
        self.in_flight = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::protocol::ErrorCode;
    use crate::engine::Turn;
    use crate::scoring::Assessment;

    fn turn(reply: &str, option: Option<usize>) -> Turn {
        Turn {
            node: "n".into(),
            customer: "c".into(),
            reply: reply.into(),
            option,
            assessment: Assessment::default(),
            intents: vec![],
            anger_before: 50,
            anger_after: 50,
            next: "n".into(),
            model_reply: None,
        }
    }

    #[test]
    fn sends_one_reply_at_a_time_and_only_while_running() {
        let turns = vec![turn("sorry", None), turn("2", Some(2))];
        let mut sync = ReplySync::new(0);
        assert_eq!(sync.next(&turns, false), None);
        let (index, first) = sync.next(&turns, true).unwrap();
        assert_eq!((index, first.text.as_deref()), (0, Some("sorry")));
        // Nothing more until the host accepts turn 0.
        assert_eq!(sync.next(&turns, true), None);
        sync.on_message(&HostMessage::Accepted { turn: 0 });
        let (index, second) = sync.next(&turns, true).unwrap();
        assert_eq!((index, second.option), (1, Some(2)));
    }

    #[test]
    fn a_reply_refused_while_paused_is_sent_again_and_a_bad_one_stops_sending() {
        let turns = vec![turn("sorry", None)];
        let mut sync = ReplySync::new(0);
        sync.next(&turns, true).unwrap();
        sync.on_message(&HostMessage::Error {
            code: ErrorCode::NotRunning,
            message: "paused".into(),
            fatal: false,
        });
        assert_eq!(sync.next(&turns, true).map(|(i, _)| i), Some(0));
        sync.on_message(&HostMessage::Error {
            code: ErrorCode::BadReply,
            message: "no such option".into(),
            fatal: false,
        });
        assert_eq!(sync.refused.as_deref(), Some("no such option"));
        assert_eq!(sync.next(&turns, true), None);
        // A re-join tells how many the host has; sending resumes from there.
        let mut fresh = ReplySync::new(0);
        fresh.next(&turns, true);
        fresh.rejoined(1);
        assert_eq!(fresh.next(&turns, true), None);
        assert_eq!(fresh.accepted, 1);
    }
}
