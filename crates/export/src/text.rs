//! Readable renderings of times, durations and numbers for comments and literals.

use windowpane_scenario::timefmt::{format_clock, format_duration};

/// A time for a comment, as scenario files write it: `12:04:59`, `12:04:59.250`, or with the
/// date when not on 1970-01-01.
///
/// ```
/// use windowpane_export::text::clock;
/// assert_eq!(clock(43_499_000), "12:04:59");
/// assert_eq!(clock(43_499_250), "12:04:59.250");
/// ```
pub fn clock(ms: i64) -> String {
    format_clock(ms, 0)
}

/// A duration for a comment, as scenario files write it: `2m`, `1m30s`, `250ms`.
///
/// ```
/// use windowpane_export::text::span;
/// assert_eq!(span(120_000), "2m");
/// assert_eq!(span(90_000), "1m30s");
/// ```
pub fn span(ms: i64) -> String {
    format_duration(ms)
}

/// A number as a source literal: `5` when integral, else the shortest round-trip form.
///
/// ```
/// use windowpane_export::text::number;
/// assert_eq!(number(5.0), "5");
/// assert_eq!(number(-2.5), "-2.5");
/// ```
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// A string as a double-quoted literal valid in Python and Java source (JSON escaping).
///
/// ```
/// use windowpane_export::text::quoted;
/// assert_eq!(quoted("Team \"X\""), r#""Team \"X\"""#);
/// ```
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Text for a `#` or `//` comment: one line, no control characters.
pub fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Text for a Java `//` comment: one line, and no `\u` (javac reads unicode escapes everywhere,
/// even in comments: `\u000a` would end the comment and the rest of the line would be code).
///
/// ```
/// use windowpane_export::text::java_comment;
/// assert_eq!(java_comment("a \\u000a b\nc"), "a \\ u000a b c");
/// ```
pub fn java_comment(s: &str) -> String {
    one_line(s).replace("\\u", "\\ u")
}
