//! Scenarios: the YAML format, loading it with precise errors, and checking it.

pub mod diagnostic;
pub mod graph;
pub mod lint;
pub mod load;
pub mod model;
pub mod source;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{LoadError, LoadedScenario, Origin, load_file, load_str};
pub use model::Scenario;
