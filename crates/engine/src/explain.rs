//! Plain-language reasons for panes: why a pane fired, and why it has its timing.

use crate::pane::{Cause, Pane, Timing};
use crate::runner::Output;
use crate::time::{Timestamp, END_OF_GLOBAL_WINDOW, NEG_INFINITY, POS_INFINITY};
use crate::window::Window;

/// One reason per pane of `output`, in the same order.
///
/// ```
/// use windowpane_engine::*;
/// let events = vec![Event { key: "k".into(), value: 1.0, event_time: 1_000, arrival: 5_000 }];
/// let input = Input { events, watermark: WatermarkModel::Perfect, end_of_input: None };
/// let out = run(&Pipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 }), &input);
/// let reasons = explain::reasons(&out);
/// assert!(reasons[0].contains("the watermark passed the end of the window"), "{}", reasons[0]);
/// assert!(reasons[0].contains("ON_TIME"));
/// ```
pub fn reasons(output: &Output) -> Vec<String> {
    output.panes.iter().map(|p| reason(p, watermark_at(output, p.emitted_at))).collect()
}

/// The input watermark at processing time `t` after everything at `t` happened.
pub fn watermark_at(output: &Output, t: Timestamp) -> Timestamp {
    output.watermark.iter().take_while(|m| m.at <= t).last().map_or(NEG_INFINITY, |m| m.to)
}

/// The reason for one pane, given the watermark when it was emitted.
pub fn reason(pane: &Pane, watermark: Timestamp) -> String {
    let end = window_end(&pane.window);
    let wm = clock(watermark);
    if pane.retraction {
        return format!(
            "Retraction of the pane emitted earlier (index {}, value {}): it is withdrawn before the refined pane that follows replaces it.",
            pane.index,
            value_text(pane)
        );
    }
    let why = match pane.cause {
        Cause::Element => "an element arrived and the trigger became ready".to_string(),
        Cause::ProcessingTime => format!("the trigger's processing-time delay elapsed at {}", clock(pane.emitted_at)),
        Cause::Watermark => format!("the watermark passed the end of the window ({end}); it was at {wm}"),
        Cause::GarbageCollection => format!(
            "the window expired: the watermark ({wm}) passed its end plus the allowed lateness, so its final pane was emitted"
        ),
    };
    let timing = match pane.timing {
        Timing::Early => format!("EARLY because the watermark ({wm}) had not yet passed the end of the window ({end})"),
        Timing::OnTime => "ON_TIME: the first pane after the watermark passed the end of the window".to_string(),
        Timing::Late if pane.on_time_index.is_some_and(|i| i > 0) => {
            "LATE because the on-time pane had already fired".to_string()
        }
        Timing::Late => "LATE because the watermark had already passed the end of the window before this window's first non-early pane".to_string(),
    };
    let mut s = format!("Fired because {why}; {timing}.");
    if pane.is_last {
        s.push_str(" It is the window's last pane.");
    }
    s
}

fn value_text(p: &Pane) -> String {
    match &p.value {
        crate::Value::Null => "none".into(),
        crate::Value::Number(x) => number(*x),
        crate::Value::List(xs) => format!("[{}]", xs.iter().map(|x| number(*x)).collect::<Vec<_>>().join(", ")),
    }
}

/// The minus sign used for negative numbers and retractions (U+2212, as typeset).
pub const MINUS: char = '\u{2212}';

/// A number for people: at most two decimals, trailing zeros trimmed, and a typographic minus
/// (`14`, `2.5`, `22.03`, `−3`). The one rounding of values for display: the reasons, the chart
/// (the render crate's `format`) and the page write values with it; records keep them exact.
///
/// ```
/// use windowpane_engine::explain::number;
/// assert_eq!(number(22.033333333333335), "22.03");
/// assert_eq!(number(-3.0), "\u{2212}3");
/// assert_eq!(number(0.1 + 0.2), "0.3");
/// ```
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "∞".into()
        } else {
            format!("{MINUS}∞")
        };
    }
    let s = format!("{:.2}", x.abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if x < 0.0 && s != "0" {
        format!("{MINUS}{s}")
    } else {
        s.to_string()
    }
}

fn window_end(w: &Window) -> String {
    match w {
        Window::Global => "the end of time".into(),
        Window::Interval { end, .. } => clock(*end),
    }
}

/// A time as a UTC clock time `HH:MM:SS` (with `.mmm` when not on a whole second, and the date
/// when not on 1970-01-01); the infinities as `-∞` and `+∞`.
///
/// ```
/// use windowpane_engine::explain::clock;
/// assert_eq!(clock(43_200_000), "12:00:00");
/// assert_eq!(clock(43_200_250), "12:00:00.250");
/// assert_eq!(clock(86_400_000 + 1_000), "1970-01-02 00:00:01");
/// ```
pub fn clock(t: Timestamp) -> String {
    if t == POS_INFINITY || t >= END_OF_GLOBAL_WINDOW {
        return "+∞".into();
    }
    if t == NEG_INFINITY {
        return "-∞".into();
    }
    let day = t.div_euclid(crate::calendar::MS_PER_DAY);
    let ms = t.rem_euclid(crate::calendar::MS_PER_DAY);
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut out = String::new();
    if day != 0 {
        let (y, mo, d) = crate::calendar::civil_from_days(day);
        out.push_str(&format!("{y:04}-{mo:02}-{d:02} "));
    }
    out.push_str(&format!("{h:02}:{m:02}:{s:02}"));
    if milli != 0 {
        out.push_str(&format!(".{milli:03}"));
    }
    out
}
