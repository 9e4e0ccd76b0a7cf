//! Readable renderings of times, durations and numbers for comments and literals.

const MS_PER_DAY: i64 = 86_400_000;

/// A time for a comment: `12:04:59` (or `12:04:59.250`) on 1970-01-01, else RFC 3339.
///
/// ```
/// use windowpane_export::text::clock;
/// assert_eq!(clock(43_499_000), "12:04:59");
/// assert_eq!(clock(43_499_250), "12:04:59.250");
/// assert_eq!(clock(86_400_000 * 366), "1971-01-02T00:00:00Z");
/// ```
pub fn clock(ms: i64) -> String {
    let day = ms.div_euclid(MS_PER_DAY);
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (h, m, s, milli) = (in_day / 3_600_000, in_day / 60_000 % 60, in_day / 1000 % 60, in_day % 1000);
    let time = if milli == 0 { format!("{h:02}:{m:02}:{s:02}") } else { format!("{h:02}:{m:02}:{s:02}.{milli:03}") };
    if day == 0 {
        time
    } else {
        let (y, mo, d) = civil_from_days(day);
        format!("{y:04}-{mo:02}-{d:02}T{time}Z")
    }
}

/// Year, month, day of a day number (days since 1970-01-01), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A duration for a comment: `2m`, `1m30s`, `250ms`, `1000d`.
///
/// ```
/// use windowpane_export::text::span;
/// assert_eq!(span(120_000), "2m");
/// assert_eq!(span(90_000), "1m30s");
/// assert_eq!(span(250), "250ms");
/// assert_eq!(span(86_400_000_000), "1000d");
/// assert_eq!(span(0), "0s");
/// ```
pub fn span(ms: i64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    let sign = if ms < 0 { "-" } else { "" };
    let mut rest = ms.unsigned_abs();
    let mut out = String::from(sign);
    for (unit, len) in [("d", 86_400_000u64), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
        if rest >= len {
            out.push_str(&format!("{}{unit}", rest / len));
            rest %= len;
        }
    }
    out
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
