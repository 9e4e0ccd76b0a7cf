//! Proleptic Gregorian calendar arithmetic in UTC: the engine's (one implementation for the
//! whole project).

pub use windowpane_engine::calendar::*;
