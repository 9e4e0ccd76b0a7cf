//! Instants and durations: milliseconds since the Unix epoch, with explicit infinities.

/// An instant in event time or processing time, in milliseconds since 1970-01-01T00:00:00Z.
pub type Timestamp = i64;

/// A length of time in milliseconds.
pub type Duration = i64;

/// The watermark before anything is known: minus infinity.
pub const NEG_INFINITY: Timestamp = i64::MIN;

/// The watermark after the end of input: plus infinity. No window's max timestamp reaches it.
pub const POS_INFINITY: Timestamp = i64::MAX;

/// The max timestamp of the global window; the watermark passes it only at plus infinity.
pub const END_OF_GLOBAL_WINDOW: Timestamp = i64::MAX - 1;

/// `a + b`, saturating at the infinities.
///
/// ```
/// use windowpane_engine::time::{add, POS_INFINITY};
/// assert_eq!(add(5, 3), 8);
/// assert_eq!(add(POS_INFINITY - 1, 10), POS_INFINITY);
/// ```
pub fn add(a: Timestamp, b: Duration) -> Timestamp {
    a.saturating_add(b)
}
