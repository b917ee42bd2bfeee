//! Joining a drill: connect, say hello, receive the scenario and seed, then send replies while a
//! background thread delivers what the host says.

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use thiserror::Error;

use super::protocol::{
    ClientMessage, DrillState, HostMessage, PROTOCOL_VERSION, ReadError, StoredReply, read_line,
    write_message,
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
}

pub struct Connection {
    stream: TcpStream,
    pub events: Receiver<HostEvent>,
}

impl Connection {
    pub fn send(&mut self, message: &ClientMessage) -> std::io::Result<()> {
        write_message(&mut self.stream, message)
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

/// Connects, says hello and waits (up to `timeout`) for the welcome.
pub fn join(
    address: &str,
    name: &str,
    code: &str,
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
        },
    )
    .map_err(connect_error)?;
    let mut reader = BufReader::new(stream.try_clone().map_err(connect_error)?);
    let line = read_line(&mut reader).map_err(|error| match error {
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
        }) if protocol == PROTOCOL_VERSION => Welcome {
            scenario,
            seed,
            state,
            replies,
        },
        Ok(HostMessage::Error { message, .. }) => return Err(JoinError::Refused(message)),
        Ok(other) => {
            return Err(JoinError::Protocol(format!(
                "expected a welcome, got {other:?}"
            )));
        }
        Err(error) => return Err(JoinError::Protocol(error.to_string())),
    };
    stream.set_read_timeout(None).map_err(connect_error)?;
    let (sender, events) = mpsc::channel();
    thread::Builder::new()
        .name("drill-host-reader".into())
        .spawn(move || {
            loop {
                match read_line(&mut reader) {
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
    stream.flush().map_err(connect_error)?;
    Ok((Connection { stream, events }, welcome))
}
