//! Group drills: a team faces the same customer, around one terminal or over the network.

pub mod client;
pub mod debrief;
pub mod host;
pub mod protocol;
pub mod roundtable;
