//! Values no pane can carry: a sum or mean that overflows f64 is an error naming the key and the
//! window, never a `null` that reads like an empty pane.

use crate::timefmt::format_clock;
use crate::ScenarioError;
use windowpane_engine::{Pane, Value, Window};

/// `Ok` when every pane's value is finite; else an error at `pipeline.combine` naming the first
/// pane whose value overflowed (its key, window and emission time, as clock times on `base`).
///
/// ```
/// let s = windowpane_scenario::parse(r#"{"format": "windowpane/1",
///     "events": [{"key": "a", "value": 1e308, "event_time": 0, "arrival": 0},
///                {"key": "a", "value": 1e308, "event_time": 1, "arrival": 0}],
///     "pipeline": {"window": {"type": "fixed", "size": "1m"}}}"#).unwrap();
/// let e = s.run().unwrap_err();
/// assert!(e.to_string().starts_with(
///     "pipeline.combine: the sum of key \"a\" in window [00:00:00, 00:01:00) is +∞ (beyond ±1.8e308)"), "{e}");
/// ```
pub fn check_values(panes: &[Pane], combine: &str, base: i64) -> Result<(), ScenarioError> {
    let clock = |t: i64| format_clock(t, base);
    for pane in panes {
        let bad = match &pane.value {
            Value::Null => None,
            Value::Number(x) => Some(*x).filter(|x| !x.is_finite()),
            Value::List(xs) => xs.iter().copied().find(|x| !x.is_finite()),
        };
        let Some(x) = bad else { continue };
        let window = match pane.window {
            Window::Global => "the global window".to_string(),
            Window::Interval { start, end } => format!("window [{}, {})", clock(start), clock(end)),
        };
        let shown = if x.is_nan() { "not a number" } else if x > 0.0 { "+∞" } else { "−∞" };
        return Err(ScenarioError::new(
            "pipeline.combine",
            format!(
                "the {combine} of key {:?} in {window} is {shown} (beyond ±1.8e308) in the pane emitted at {}: no pane can carry it",
                pane.key,
                clock(pane.emitted_at)
            ),
        ));
    }
    Ok(())
}
