//! Reading and writing times and durations the way scenario files and people write them.
//!
//! Times are milliseconds since the Unix epoch (UTC). In text they are a time of day on the
//! scenario's base date (`"12:04:59"`, `"12:04:59.250"`) or an RFC 3339 timestamp
//! (`"2024-05-01T12:00:00Z"`, `"2024-05-01T14:00:00+02:00"`). Durations are written as a sequence
//! of amounts with units, largest unit first: `"1000d"`, `"1h"`, `"1m30s"`, `"250ms"`.

pub mod civil;

use civil::{civil_from_days, days_from_civil, days_in_month, MAX_TIME, MIN_TIME, MS_PER_DAY};
use windowpane_engine::time::END_OF_GLOBAL_WINDOW;

const UNITS: [(&str, i64); 5] = [
    ("d", MS_PER_DAY),
    ("h", 3_600_000),
    ("m", 60_000),
    ("s", 1_000),
    ("ms", 1),
];

/// Parses a time: a time of day on the date whose midnight is `base`, or an RFC 3339 timestamp.
/// Fractions of a second beyond the millisecond are rounded down in RFC 3339 timestamps.
/// The result lies in the years 0000 to 9999.
///
/// ```
/// use windowpane_scenario::timefmt::parse_time;
/// assert_eq!(parse_time("12:04:59", 0), Ok(43_499_000));
/// assert_eq!(parse_time("00:00:01.25", 86_400_000), Ok(86_401_250));
/// assert_eq!(parse_time("1970-01-01T02:00:00+01:00", 0), Ok(3_600_000));
/// assert!(parse_time("noon", 0).is_err());
/// ```
pub fn parse_time(text: &str, base: i64) -> Result<i64, String> {
    let ms = match read_time(text)? {
        TimeText::Absolute(ms) => ms,
        TimeText::OfDay(of_day) => base
            .checked_add(of_day)
            .ok_or_else(|| format!("time {text:?} is out of range"))?,
    };
    check_time_range(ms)
}

/// A time as written: absolute, or a time of day waiting for its base date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeText {
    /// An RFC 3339 timestamp, in milliseconds since the epoch (range already checked).
    Absolute(i64),
    /// A time of day, in milliseconds since midnight of the base date.
    OfDay(i64),
}

/// Reads a time string without resolving a time of day against a base date.
///
/// ```
/// use windowpane_scenario::timefmt::{read_time, TimeText};
/// assert_eq!(read_time("00:00:01"), Ok(TimeText::OfDay(1000)));
/// assert_eq!(read_time("1970-01-01T00:00:01Z"), Ok(TimeText::Absolute(1000)));
/// ```
pub fn read_time(text: &str) -> Result<TimeText, String> {
    if let Some(ms) = quick_time_of_day(text.as_bytes()) {
        return Ok(TimeText::OfDay(ms));
    }
    let wrong = || {
        format!("expected a time like \"12:04:59\", \"12:04:59.250\" or \"2024-05-01T12:00:00Z\", got {text:?}")
    };
    year_out_of_range(text)?;
    if text.len() > 10 && matches!(text.as_bytes()[10], b'T' | b't' | b' ') {
        let ms = parse_rfc3339(text).map_err(|why| why.unwrap_or_else(wrong))?;
        check_time_range(ms).map(TimeText::Absolute)
    } else {
        parse_time_of_day(text)
            .map(TimeText::OfDay)
            .map_err(|why| why.unwrap_or_else(wrong))
    }
}

/// `HH:MM:SS`, `HH:MM:SS.f`, `.ff` or `.fff` within the day, read byte by byte: most times of a
/// large file. Anything else (`None`) takes the general path, which gives every message.
#[inline]
fn quick_time_of_day(b: &[u8]) -> Option<i64> {
    if !(b.len() == 8 || (10..=12).contains(&b.len())) || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let digit = |i: usize| {
        let d = b[i].wrapping_sub(b'0');
        (d < 10).then_some(i64::from(d))
    };
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let (h, m, s) = (two(0)?, two(3)?, two(6)?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let mut milli = 0;
    if b.len() > 8 {
        if b[8] != b'.' {
            return None;
        }
        for i in 9..12 {
            milli = milli * 10 + if i < b.len() { digit(i)? } else { 0 };
        }
    }
    Some(((h * 60 + m) * 60 + s) * 1000 + milli)
}

/// Checks that `ms` lies in the years 0000 to 9999 (UTC) and returns it.
///
/// ```
/// use windowpane_scenario::timefmt::check_time_range;
/// assert!(check_time_range(0).is_ok());
/// assert!(check_time_range(i64::MAX).is_err());
/// ```
pub fn check_time_range(ms: i64) -> Result<i64, String> {
    if (MIN_TIME..=MAX_TIME).contains(&ms) {
        Ok(ms)
    } else {
        Err(format!(
            "time {ms} is out of range: times must lie in the years 0000 to 9999 ({MIN_TIME} to {MAX_TIME} ms)"
        ))
    }
}

/// A date or timestamp whose year has five digits or more (or a sign, as RFC 3339 has none):
/// out of range, rather than "expected a time like ...".
fn year_out_of_range(text: &str) -> Result<(), String> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    let signed = unsigned.len() < text.len();
    if unsigned.as_bytes().get(digits) == Some(&b'-') && (digits > 4 || (signed && digits >= 4)) {
        return Err(format!(
            "{text:?} is out of range: times must lie in the years 0000 to 9999 ({MIN_TIME} to {MAX_TIME} ms)"
        ));
    }
    Ok(())
}

/// Parses a date `"YYYY-MM-DD"` into the milliseconds of its midnight (UTC).
///
/// ```
/// use windowpane_scenario::timefmt::parse_date;
/// assert_eq!(parse_date("1970-01-02"), Ok(86_400_000));
/// assert!(parse_date("2023-02-29").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<i64, String> {
    let wrong = || format!("expected a date like \"2024-05-01\", got {text:?}");
    year_out_of_range(text)?;
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(wrong());
    }
    let year = digits(&text[0..4]).ok_or_else(wrong)?;
    let month = digits(&text[5..7]).ok_or_else(wrong)?;
    let day = digits(&text[8..10]).ok_or_else(wrong)?;
    check_date(year, month, day).map_err(|why| format!("{why} in {text:?}"))?;
    Ok(days_from_civil(year, month as u32, day as u32) * MS_PER_DAY)
}

/// Parses a duration: amounts with units `d`, `h`, `m`, `s`, `ms`, largest first, each at most once.
/// A leading `-` makes it negative (fields that must be positive say so themselves).
///
/// ```
/// use windowpane_scenario::timefmt::parse_duration;
/// assert_eq!(parse_duration("1m30s"), Ok(90_000));
/// assert_eq!(parse_duration("250ms"), Ok(250));
/// assert_eq!(parse_duration("1000d"), Ok(86_400_000_000));
/// assert!(parse_duration("1 minute").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let wrong = || format!("expected a duration like \"1m\", \"1m30s\" or \"250ms\", got {text:?}");
    let (negative, mut rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if rest.is_empty() {
        return Err(wrong());
    }
    let mut total: i64 = 0;
    let mut next_unit = 0; // index into UNITS of the largest unit still allowed
    while !rest.is_empty() {
        let n_digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n_digits == 0 {
            return Err(wrong());
        }
        let amount: i64 = rest[..n_digits]
            .parse()
            .map_err(|_| format!("duration {text:?} is out of range"))?;
        rest = &rest[n_digits..];
        let n_letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &rest[..n_letters];
        rest = &rest[n_letters..];
        let Some(position) = UNITS.iter().position(|(name, _)| *name == unit) else {
            return Err(wrong());
        };
        if position < next_unit {
            return Err(format!(
                "{} (units must go from largest to smallest, each at most once)",
                wrong()
            ));
        }
        next_unit = position + 1;
        total = amount
            .checked_mul(UNITS[position].1)
            .and_then(|ms| total.checked_add(ms))
            .ok_or_else(|| format!("duration {text:?} is out of range"))?;
    }
    Ok(if negative { -total } else { total })
}

/// Writes a time as a clock reading: `"12:04:59"`, `"12:04:59.250"`, with the date in front when
/// it is not on the date whose midnight is `base` (`"2024-05-02 00:00:10"`), and `"+∞"` / `"−∞"`
/// for the infinities (the end of the global window counts as `"+∞"`).
///
/// ```
/// use windowpane_scenario::timefmt::format_clock;
/// assert_eq!(format_clock(43_499_000, 0), "12:04:59");
/// assert_eq!(format_clock(43_499_250, 0), "12:04:59.250");
/// assert_eq!(format_clock(86_410_000, 0), "1970-01-02 00:00:10");
/// assert_eq!(format_clock(i64::MAX, 0), "+∞");
/// ```
pub fn format_clock(ms: i64, base: i64) -> String {
    if ms >= END_OF_GLOBAL_WINDOW {
        return "+∞".to_string();
    }
    if ms == i64::MIN {
        return "−∞".to_string();
    }
    let day = ms.div_euclid(MS_PER_DAY);
    let of_day = ms.rem_euclid(MS_PER_DAY);
    let (h, m, s, milli) = (
        of_day / 3_600_000,
        of_day / 60_000 % 60,
        of_day / 1000 % 60,
        of_day % 1000,
    );
    let mut out = String::new();
    if day != base.div_euclid(MS_PER_DAY) {
        let (year, month, d) = civil_from_days(day);
        out.push_str(&format!("{year:04}-{month:02}-{d:02} "));
    }
    out.push_str(&format!("{h:02}:{m:02}:{s:02}"));
    if milli != 0 {
        out.push_str(&format!(".{milli:03}"));
    }
    out
}

/// Writes a duration in the units `parse_duration` reads: `"2m"`, `"1m30s"`, `"250ms"`, `"0ms"`.
///
/// ```
/// use windowpane_scenario::timefmt::{format_duration, parse_duration};
/// assert_eq!(format_duration(90_000), "1m30s");
/// assert_eq!(format_duration(-250), "-250ms");
/// assert_eq!(parse_duration(&format_duration(93_784_005)), Ok(93_784_005));
/// ```
pub fn format_duration(ms: i64) -> String {
    if ms == 0 {
        return "0ms".to_string();
    }
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    let mut rest = ms.unsigned_abs();
    for (name, size) in UNITS {
        let size = size as u64;
        if rest >= size {
            out.push_str(&format!("{}{name}", rest / size));
            rest %= size;
        }
    }
    out
}

/// Parses all-ASCII-digit text (no sign) into a number.
fn digits(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn check_date(year: i64, month: i64, day: i64) -> Result<(), String> {
    if !(1..=12).contains(&month) {
        return Err(format!("month {month} does not exist"));
    }
    if day < 1 || day > i64::from(days_in_month(year, month as u32)) {
        return Err(format!("day {day} does not exist in {year:04}-{month:02}"));
    }
    Ok(())
}

/// `HH:MM:SS` with an optional fraction of up to three digits, as milliseconds since midnight.
/// `Err(None)` means "not a time at all"; `Err(Some(why))` is a more precise complaint.
fn parse_time_of_day(text: &str) -> Result<i64, Option<String>> {
    let (clock, fraction) = match text.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (text, None),
    };
    let b = clock.as_bytes();
    if !clock.is_ascii() || b.len() != 8 || b[2] != b':' || b[5] != b':' {
        return Err(None);
    }
    let h = digits(&clock[0..2]).ok_or(None)?;
    let m = digits(&clock[3..5]).ok_or(None)?;
    let s = digits(&clock[6..8]).ok_or(None)?;
    if h > 23 || m > 59 || s > 59 {
        return Err(Some(format!(
            "{text:?} is not a time of day (00:00:00 to 23:59:59.999)"
        )));
    }
    let milli = match fraction {
        None => 0,
        Some(f) if (1..=3).contains(&f.len()) => {
            digits(f).ok_or(None)? * 10_i64.pow(3 - f.len() as u32)
        }
        Some(_) => {
            return Err(Some(format!(
                "{text:?}: a time of day has at most 3 digits after the point (milliseconds)"
            )))
        }
    };
    Ok(((h * 60 + m) * 60 + s) * 1000 + milli)
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
fn parse_rfc3339(text: &str) -> Result<i64, Option<String>> {
    let date_ms = parse_date(&text[..10]).map_err(Some)?;
    let rest = &text[11..];
    let (clock, zone) = if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else if rest.len() > 6 && matches!(rest.as_bytes()[rest.len() - 6], b'+' | b'-') {
        let (clock, zone) = rest.split_at(rest.len() - 6);
        let zb = zone.as_bytes();
        if !zone.is_ascii() || zb[3] != b':' {
            return Err(None);
        }
        let zh = digits(&zone[1..3]).ok_or(None)?;
        let zm = digits(&zone[4..6]).ok_or(None)?;
        if zh > 23 || zm > 59 {
            return Err(Some(format!(
                "{text:?} has an impossible UTC offset {zone}"
            )));
        }
        let offset = (zh * 60 + zm) * 60_000;
        (clock, if zb[0] == b'-' { -offset } else { offset })
    } else {
        return Err(Some(format!(
            "{text:?} needs a time zone: \"Z\" or an offset like \"+02:00\""
        )));
    };
    let (whole, fraction) = match clock.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (clock, None),
    };
    let of_day = parse_time_of_day(whole)?;
    let milli = match fraction {
        None => 0,
        Some(f) => {
            let first3: String = f.chars().chain("000".chars()).take(3).collect();
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return Err(None);
            }
            digits(&first3).ok_or(None)?
        }
    };
    Ok(date_ms + of_day + milli - zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-by-byte reader of times of day agrees with the general one wherever it answers,
    /// and answers for every well-formed time of day (a mutant that skips a check shows here).
    #[test]
    fn the_quick_time_of_day_agrees_with_the_general_reader() {
        let mut texts: Vec<String> = vec![
            "00:00:00", "23:59:59", "23:59:59.999", "12:04:59.2", "12:04:59.25", "24:00:00", "23:60:00",
            "23:59:60", "12:04:59.", "12:04:59.2500", "12:04:59,250", "12-04-59", "1:04:59", "12:04:5x",
            "12:0a:59", "/2:04:59", ":2:04:59", "12:04:59.2a", "12:04:59.a", "2024-05-01", "12:04:59Z",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for h in [0, 9, 10, 19, 20, 23, 24, 29, 99] {
            for m in [0, 9, 10, 59, 60, 99] {
                for frac in ["", ".0", ".5", ".05", ".999", ".1234", "."] {
                    texts.push(format!("{h:02}:{m:02}:{m:02}{frac}"));
                }
            }
        }
        for text in &texts {
            let general = parse_time_of_day(text).ok();
            assert_eq!(quick_time_of_day(text.as_bytes()).or(general), general, "{text}");
            if general.is_some() && text.len() >= 8 {
                assert!(quick_time_of_day(text.as_bytes()).is_some(), "{text}: a time of day the quick reader passed over");
            }
        }
    }

    #[test]
    fn times_of_day_on_the_base_date() {
        assert_eq!(parse_time("00:00:00", 0), Ok(0));
        assert_eq!(parse_time("23:59:59.999", 0), Ok(86_399_999));
        assert_eq!(parse_time("12:00:00.5", 0), Ok(43_200_500));
        let base = parse_date("2024-05-01").unwrap();
        assert_eq!(base, 1_714_521_600_000);
        assert_eq!(parse_time("12:00:00", base), Ok(base + 43_200_000));
    }

    /// Regression (fuzzing): year 10000 read as "expected a time like ...".
    #[test]
    fn years_past_9999_are_out_of_range() {
        let e = parse_time("10000-01-01T00:00:00Z", 0).unwrap_err();
        assert!(e.starts_with("\"10000-01-01T00:00:00Z\" is out of range: times must lie in the years 0000 to 9999"), "{e}");
        assert!(parse_date("10000-01-01").unwrap_err().contains("out of range"));
        assert!(parse_time("-0001-12-31T00:00:00Z", 0).unwrap_err().contains("out of range"));
        assert_eq!(parse_time("9999-12-31T23:59:59.999Z", 0), Ok(MAX_TIME));
        assert!(parse_time("1000:00:00", 0).unwrap_err().starts_with("expected a time like"), "not a date");
    }

    #[test]
    fn bad_times_name_the_text() {
        for bad in [
            "24:00:00",
            "12:60:00",
            "1:00:00",
            "12:00",
            "12:00:00.1234",
            "12:00:00.",
            "noon",
            "",
        ] {
            let err = parse_time(bad, 0).unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{bad}: {err}");
        }
    }

    #[test]
    fn rfc3339_with_offsets_and_fractions() {
        assert_eq!(parse_time("2024-05-01T12:00:00Z", 0), Ok(1_714_564_800_000));
        assert_eq!(
            parse_time("2024-05-01T14:00:00+02:00", 0),
            Ok(1_714_564_800_000)
        );
        assert_eq!(
            parse_time("2024-05-01T11:30:00-00:30", 0),
            Ok(1_714_564_800_000)
        );
        assert_eq!(
            parse_time("2024-05-01 12:00:00.123456z", 0),
            Ok(1_714_564_800_123)
        );
        assert_eq!(parse_time("1969-12-31T23:59:59.999Z", 0), Ok(-1));
        assert!(parse_time("2024-05-01T12:00:00", 0)
            .unwrap_err()
            .contains("time zone"));
        assert!(parse_time("2024-02-30T12:00:00Z", 0)
            .unwrap_err()
            .contains("day 30"));
        assert!(parse_time("2024-13-01T12:00:00Z", 0)
            .unwrap_err()
            .contains("month 13"));
        assert!(parse_time("2024-05-01T12:00:00+24:00", 0).is_err());
    }

    #[test]
    fn years_outside_0000_to_9999_are_refused() {
        assert_eq!(parse_time("0000-01-01T00:00:00Z", 0), Ok(MIN_TIME));
        assert_eq!(parse_time("9999-12-31T23:59:59.999Z", 0), Ok(MAX_TIME));
        assert!(parse_time("0000-01-01T00:00:00+00:01", 0)
            .unwrap_err()
            .contains("out of range"));
        assert!(parse_time("9999-12-31T23:59:59-00:01", 0)
            .unwrap_err()
            .contains("out of range"));
        assert!(parse_time("12:00:00", MAX_TIME)
            .unwrap_err()
            .contains("out of range"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2m"), Ok(120_000));
        assert_eq!(parse_duration("1h"), Ok(3_600_000));
        assert_eq!(parse_duration("10s"), Ok(10_000));
        assert_eq!(parse_duration("1d2h3m4s5ms"), Ok(93_784_005));
        assert_eq!(parse_duration("0s"), Ok(0));
        assert_eq!(parse_duration("-30s"), Ok(-30_000));
        for bad in [
            "", "-", "1 minute", "1m 30s", "30s1m", "1m1m", "250", "m", "1.5s", "1y", "+1s",
        ] {
            let err = parse_duration(bad).unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{bad}: {err}");
        }
        assert!(parse_duration("99999999999999999999d")
            .unwrap_err()
            .contains("out of range"));
        assert!(parse_duration("999999999999999d")
            .unwrap_err()
            .contains("out of range"));
    }

    #[test]
    fn clock_and_duration_formats() {
        let base = parse_date("2024-05-01").unwrap();
        assert_eq!(format_clock(base + 43_499_000, base), "12:04:59");
        assert_eq!(format_clock(base - 1, base), "2024-04-30 23:59:59.999");
        assert_eq!(format_clock(-1, 0), "1969-12-31 23:59:59.999");
        assert_eq!(format_clock(END_OF_GLOBAL_WINDOW, 0), "+∞");
        assert_eq!(format_clock(i64::MIN, 0), "−∞");
        assert_eq!(format_duration(120_000), "2m");
        assert_eq!(format_duration(86_400_000_000), "1000d");
        assert_eq!(format_duration(250), "250ms");
        assert_eq!(format_duration(0), "0ms");
        assert_eq!(format_duration(i64::MIN).chars().next(), Some('-'));
        for ms in [1, 999, 1000, 61_001, 3_600_000, 90_061_001, i64::MAX / 2] {
            assert_eq!(parse_duration(&format_duration(ms)), Ok(ms), "{ms}");
        }
    }

    #[test]
    fn clock_strings_read_back_as_the_same_time() {
        for ms in [0, 1, 43_499_250, 86_399_999] {
            assert_eq!(parse_time(&format_clock(ms, 0), 0), Ok(ms));
        }
    }
}
