//! The networked drill's wire format: plain TCP, one JSON object per line (see
//! `docs/drill-protocol.md`). Lines are read with a hard length limit so a peer can never make the
//! other side buffer without bound.

use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};

/// Bumped on any incompatible change; both sides refuse a different version in the handshake.
pub const PROTOCOL_VERSION: u32 = 1;
/// The longest line either side accepts, newline included.
pub const MAX_LINE: usize = 64 * 1024;
/// The welcome carries a whole scenario (files may be up to 1 MiB), so it may be longer.
pub const MAX_WELCOME_LINE: usize = 4 * 1024 * 1024;
/// The longest reply text the host records; longer is not a reply a customer would read.
pub const MAX_REPLY_BYTES: usize = 4 * 1024;

/// What a participant sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMessage {
    /// The first message: who is joining, with the join code.
    Hello {
        protocol: u32,
        name: String,
        code: String,
        /// The token from an earlier welcome: re-joining with it takes over a connection the
        /// host still thinks is alive.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<String>,
    },
    /// An answer to turn `turn` (0-based): free text, or a choice turn's option number (1-based).
    Reply {
        turn: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        option: Option<usize>,
    },
    /// "Still here": sent every few seconds so the host notices a connection that died silently.
    Ping,
    /// Leaving on purpose.
    Bye,
}

/// A participant's reply as the host stored it, sent back on re-join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReply {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrillState {
    /// Joined; the host has not started yet.
    Waiting,
    Running,
    Paused,
    Ended,
}

impl DrillState {
    pub fn label(self) -> &'static str {
        match self {
            DrillState::Waiting => "waiting to start",
            DrillState::Running => "running",
            DrillState::Paused => "paused",
            DrillState::Ended => "ended",
        }
    }
}

/// What the host sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum HostMessage {
    /// The handshake succeeded: everything needed to play, and the replies already given (on a
    /// re-join) so the participant continues where they were.
    Welcome {
        protocol: u32,
        scenario: String,
        seed: u64,
        state: DrillState,
        replies: Vec<StoredReply>,
        /// Proves it is the same participant on a re-join.
        token: String,
        /// The host's extra scorer phrases (`--lexicon`), so both sides score alike.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lexicon: Option<String>,
    },
    /// The drill started, was paused, resumed or ended.
    State { state: DrillState },
    /// The reply to `turn` was recorded.
    Accepted { turn: usize },
    /// Something was wrong; when `fatal`, the host closes the connection after this.
    Error {
        code: ErrorCode,
        message: String,
        fatal: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    WrongProtocol,
    WrongCode,
    BadName,
    DuplicateName,
    Full,
    Malformed,
    LineTooLong,
    TooManyMessages,
    HandshakeTimeout,
    NotRunning,
    BadReply,
    Removed,
    DrillEnded,
}

/// Why reading a line failed.
#[derive(Debug)]
pub enum ReadError {
    /// The peer closed the connection.
    Closed,
    TooLong,
    Io(io::Error),
}

/// Reads one line of at most `limit` bytes, without the newline. A longer line is an error as
/// soon as the limit is passed, before the rest of it is read.
pub fn read_line(reader: &mut impl BufRead, limit: usize) -> Result<String, ReadError> {
    let mut line = Vec::new();
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(ReadError::Io(error)),
        };
        if available.is_empty() {
            return if line.is_empty() {
                Err(ReadError::Closed)
            } else {
                Ok(String::from_utf8_lossy(&line).into_owned())
            };
        }
        let (chunk, found) = match available.iter().position(|b| *b == b'\n') {
            Some(end) => (&available[..end], Some(end + 1)),
            None => (available, None),
        };
        if line.len() + chunk.len() >= limit {
            return Err(ReadError::TooLong);
        }
        line.extend_from_slice(chunk);
        let consumed = found.unwrap_or(chunk.len());
        reader.consume(consumed);
        if found.is_some() {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(String::from_utf8_lossy(&line).into_owned());
        }
    }
}

/// Writes one message as a JSON line and flushes it.
pub fn write_message(writer: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    let mut line = serde_json::to_vec(message).map_err(io::Error::other)?;
    line.push(b'\n');
    writer.write_all(&line)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_as_single_lines() {
        let hello = ClientMessage::Hello {
            protocol: PROTOCOL_VERSION,
            name: "Ana".into(),
            code: "K7Q2M9".into(),
            token: None,
        };
        let mut buffer = Vec::new();
        write_message(&mut buffer, &hello).unwrap();
        assert_eq!(
            String::from_utf8(buffer.clone()).unwrap(),
            "{\"type\":\"hello\",\"protocol\":1,\"name\":\"Ana\",\"code\":\"K7Q2M9\"}\n"
        );
        let line = read_line(&mut buffer.as_slice(), MAX_LINE).unwrap();
        assert_eq!(serde_json::from_str::<ClientMessage>(&line).unwrap(), hello);
    }

    #[test]
    fn refuses_lines_over_the_limit() {
        let long = vec![b'a'; MAX_LINE + 10];
        assert!(matches!(
            read_line(&mut long.as_slice(), MAX_LINE),
            Err(ReadError::TooLong)
        ));
        let mut ok = vec![b'a'; MAX_LINE - 2];
        ok.push(b'\n');
        assert_eq!(
            read_line(&mut ok.as_slice(), MAX_LINE).unwrap().len(),
            MAX_LINE - 2
        );
    }
}
