//! The `generate` and `ingest` sections of a scenario: parsing and validation.

pub mod fields;
pub mod form;
pub mod generate;
pub mod transport;
