//! `defuse`: practise calming down angry customers.
//!
//! The library holds everything but the terminal: the scenario format and its loader and linter,
//! the conversation engine, the reply scorer and the records. The `defuse` binary and the
//! terminal screens are thin layers over it.

pub mod catalog;
pub mod drill;
pub mod engine;
pub mod intents;
pub mod records;
pub mod scenario;
pub mod scoring;
pub mod script;
pub mod text;
pub mod tui;
