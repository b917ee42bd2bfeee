//! Scenarios: the YAML format, loading it with precise errors, and checking it.

pub mod model;
