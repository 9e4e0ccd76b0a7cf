//! What the page shows about the chart as drawn: what is under the pointer with a line of text
//! for its tooltip, the next pane for keyboard focus, and the run's happenings to step through
//! (arrivals, watermark moves, timers, panes). Geometry is the render crate's (`Drawing`), times
//! are written by the scenario crate's `timefmt`, values by the render crate's `format`. Plain
//! Rust over JSON values, so it is tested natively; the session's methods hand them over.

use crate::session::Ran;
use serde_json::{json, Value};
use windowpane_engine::{explain, Cause, Pane, Window};
use windowpane_render::{Drawing, Hit, PaneBox, PlotRect};
use windowpane_scenario::timefmt::format_clock;

/// A time as the page writes it.
fn clock(t: i64) -> String {
    format_clock(t, 0)
}

/// A window as the page writes it: `[12:00:00, 12:02:00)`, or `global`.
/// A window as the page writes it, on the scenario's day (base 0).
pub(crate) fn window_text(w: &Window) -> String {
    crate::why::window_text(w, 0)
}

fn rect(r: PlotRect) -> Value {
    json!({"x": r.x, "y": r.y, "width": r.width, "height": r.height})
}

/// The tooltip of a pane box.
pub(crate) fn pane_tip(ran: &Ran, b: &PaneBox) -> String {
    let Some(p) = ran.output.panes.get(b.pane) else { return String::new() };
    let value = if p.retraction { windowpane_render::format::retraction(&p.value) } else { windowpane_render::format::value(&p.value) };
    let what = if p.retraction { "retraction".to_string() } else { format!("{} pane", p.timing.label()) };
    let mut tip = format!(
        "Pane {}: {what} {value} of {} in {}, emitted at {}",
        b.pane + 1,
        p.key,
        window_text(&p.window),
        clock(p.emitted_at)
    );
    if b.count > 1 {
        tip.push_str(&format!(" (and {} more of other keys at once)", b.count - 1));
    }
    tip
}

/// The answer about a pane box: `{kind: 'pane', index, count, rect, tip}`.
pub(crate) fn pane_json(ran: &Ran, b: &PaneBox) -> Value {
    json!({"kind": "pane", "index": b.pane, "count": b.count, "rect": rect(b.rect), "tip": pane_tip(ran, b)})
}

/// What is under pixel `(x, y)` of the chart as last drawn: `{kind, tip, ...}` or null. Kinds:
/// `event` `{index}`, `pane` `{index, count, rect}`, `watermark` `{at, to}`, `window`
/// `{event_time, windows: [{start, end}]}`.
pub(crate) fn hit(ran: &Ran, drawing: &Drawing, x: i32, y: i32) -> Value {
    let chart = crate::chart(&ran.scenario, &ran.input.events, &ran.output);
    match drawing.hit(&chart, x, y) {
        None => Value::Null,
        Some(Hit::Event { index }) => {
            let Some(e) = ran.input.events.get(index) else { return Value::Null };
            let dropped = ran.output.dropped.iter().any(|d| d.event == index);
            let late = ran.output.late_events.binary_search(&index).is_ok() || ran.output.late_events.contains(&index);
            let status = match (dropped, late) {
                (true, _) => " · dropped",
                (false, true) => " · late (behind the watermark when it arrived)",
                _ => "",
            };
            let tip = format!(
                "Element {}: {} = {}, event time {}, arrived at {}{status}",
                index + 1,
                e.key,
                windowpane_render::format::number(e.value),
                clock(e.event_time),
                clock(e.arrival)
            );
            json!({"kind": "event", "index": index, "tip": tip})
        }
        Some(Hit::Pane(b)) => pane_json(ran, &b),
        Some(Hit::Watermark { at, to }) => {
            let tip = format!("Watermark at {}: {} (elements with an earlier event time arrive late)", clock(at), clock(to));
            json!({"kind": "watermark", "at": at, "to": to, "tip": tip})
        }
        Some(Hit::Windows { event_time, windows }) => {
            let names: Vec<String> = windows.iter().map(window_text).collect();
            let fired = ran.output.panes.iter().filter(|p| windows.contains(&p.window) && !p.retraction).count();
            let tip = match names.len() {
                0 => format!("Event time {}: no window has fired here", clock(event_time)),
                1 => format!("Window {} · {fired} pane{} in the run", names[0], if fired == 1 { "" } else { "s" }),
                _ => format!("Windows {} · {fired} panes in the run", names.join(", ")),
            };
            let ws: Vec<Value> = windows.iter().map(|w| json!({"start": w.start(), "end": w.end()})).collect();
            json!({"kind": "window", "event_time": event_time, "windows": ws, "tip": tip})
        }
    }
}

/// The pane box `step` places after the box of pane `from` in drawing (emission) order, for
/// keyboard focus; from none, the first (`step > 0`) or the last. Null when no pane is drawn.
pub(crate) fn focus(ran: &Ran, drawing: &Drawing, from: Option<usize>, step: i32) -> Value {
    let boxes = &drawing.panes;
    if boxes.is_empty() {
        return Value::Null;
    }
    let n = boxes.len() as i64;
    let at = from.and_then(|i| boxes.iter().position(|b| b.pane == i).or_else(|| boxes.iter().position(|b| b.pane > i)));
    let next = match at {
        None if step >= 0 => 0,
        None => n - 1,
        Some(k) => (k as i64 + i64::from(step)).clamp(0, n - 1),
    };
    pane_json(ran, &boxes[next as usize])
}

/// The processing times at which something happens in a run, ascending, without repeats.
pub(crate) fn happenings(ran: &Ran) -> Vec<i64> {
    let mut times: Vec<i64> = ran.input.events.iter().map(|e| e.arrival).collect();
    times.extend(ran.output.panes.iter().map(|p| p.emitted_at));
    times.extend(ran.output.watermark.iter().map(|w| w.at));
    times.sort_unstable();
    times.dedup();
    times
}

/// The happening after (`dir > 0`) or before (`dir < 0`) processing time `at` (None: the end,
/// after everything), as `{at, what}`, or null when there is none that way.
pub(crate) fn step(ran: &Ran, times: &[i64], at: Option<i64>, dir: i32) -> Value {
    let next = match (at, dir >= 0) {
        (None, true) => None,
        (None, false) => times.last().copied(),
        (Some(t), true) => times.get(times.partition_point(|&x| x <= t)).copied(),
        (Some(t), false) => times[..times.partition_point(|&x| x < t)].last().copied(),
    };
    match next {
        None => Value::Null,
        Some(t) => json!({"at": t, "what": what(ran, t)}),
    }
}

/// What happens at processing time `t`, in the order a TestStream gives it: timers, arrivals,
/// the watermark's move, and the panes emitted.
pub(crate) fn what(ran: &Ran, t: i64) -> String {
    let mut parts = Vec::new();
    let panes: Vec<&Pane> = ran.output.panes.iter().filter(|p| p.emitted_at == t).collect();
    let timers = panes.iter().filter(|p| p.cause == Cause::ProcessingTime && !p.retraction).count();
    if timers > 0 {
        parts.push(format!("{timers} processing-time timer{} fire{}", s(timers), if timers == 1 { "s" } else { "" }));
    }
    let arrivals = ran.input.events.iter().filter(|e| e.arrival == t).count();
    if arrivals > 0 {
        parts.push(format!("{arrivals} element{} arrive{}", s(arrivals), if arrivals == 1 { "s" } else { "" }));
    }
    if let Some(w) = ran.output.watermark.iter().rev().find(|w| w.at == t) {
        parts.push(format!("the watermark moves to {}", clock(w.to)));
    }
    if !panes.is_empty() {
        let first = ran.output.panes.iter().position(|p| p.emitted_at == t).unwrap_or(0);
        let shown: Vec<String> = panes
            .iter()
            .take(3)
            .map(|p| {
                let v = windowpane_render::format::value(&p.value);
                if p.retraction { format!("retraction {v}") } else { format!("{} {v}", p.timing.label()) }
            })
            .collect();
        let more = if panes.len() > 3 { format!(", … {} more", panes.len() - 3) } else { String::new() };
        parts.push(format!(
            "pane{} {} fire{} ({}{more})",
            s(panes.len()),
            if panes.len() == 1 { format!("{}", first + 1) } else { format!("{}–{}", first + 1, first + panes.len()) },
            if panes.len() == 1 { "s" } else { "" },
            shown.join(", ")
        ));
    }
    let wm = explain::watermark_at(&ran.output, t);
    let mut text = format!("{}: {}", clock(t), if parts.is_empty() { "nothing happens".to_string() } else { parts.join("; ") });
    if parts.iter().all(|p| !p.starts_with("the watermark")) {
        text.push_str(&format!(" (watermark {})", clock(wm)));
    }
    text
}

fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Figure 2-11's first window by hand: two elements, an early pane by a timer, the watermark.
    fn ran() -> Ran {
        let text = r#"{"format": "windowpane/1",
          "events": [{"key": "k", "value": 5, "event_time": "12:00:26", "arrival": "12:04:59"},
                     {"key": "k", "value": 7, "event_time": "12:01:10", "arrival": "12:05:20"}],
          "watermark": {"model": "explicit", "points": [{"at": "12:06:00", "to": "12:02:30"}]},
          "end_of_input": "12:10:00",
          "pipeline": {"window": {"type": "fixed", "size": "2m"},
            "trigger": {"type": "after_watermark", "early": {"type": "after_processing_time", "delay": "30s"}},
            "accumulation": "accumulating", "combine": "sum"}}"#;
        let scenario = windowpane_scenario::parse(text).unwrap();
        let input = scenario.input().unwrap();
        let output = scenario.run_on(&input).unwrap();
        Ran { scenario, input, output, timeline: None }
    }

    #[test]
    fn steps_go_from_happening_to_happening_and_say_what_happens() {
        let r = ran();
        let times = happenings(&r);
        let t = |s: &str| windowpane_scenario::timefmt::parse_time(s, 0).unwrap();
        assert_eq!(times.first(), Some(&t("12:04:59")));
        let first = step(&r, &times, Some(0), 1);
        assert_eq!(first["at"], t("12:04:59"));
        assert!(first["what"].as_str().unwrap().starts_with("12:04:59: 1 element arrives (watermark "), "{}", first["what"]);
        let second = step(&r, &times, Some(t("12:04:59")), 1);
        assert_eq!(second["at"], t("12:05:20"));
        // The early pane fires by its timer 30 s after the first element.
        let timer = step(&r, &times, Some(t("12:05:20")), 1);
        assert_eq!(timer["at"], t("12:05:29"));
        assert!(timer["what"].as_str().unwrap().contains("1 processing-time timer fires"), "{}", timer["what"]);
        assert!(timer["what"].as_str().unwrap().contains("pane 1 fires (EARLY 12)"), "{}", timer["what"]);
        let wm = step(&r, &times, Some(t("12:05:29")), 1);
        assert_eq!(wm["at"], t("12:06:00"));
        assert!(wm["what"].as_str().unwrap().contains("the watermark moves to 12:02:30"), "{}", wm["what"]);
        assert!(wm["what"].as_str().unwrap().contains("ON_TIME 12"), "{}", wm["what"]);
        // Backwards, and from the end.
        assert_eq!(step(&r, &times, Some(t("12:05:29")), -1)["at"], t("12:05:20"));
        assert_eq!(step(&r, &times, None, -1)["at"], *times.last().unwrap());
        assert_eq!(step(&r, &times, None, 1), Value::Null);
        assert_eq!(step(&r, &times, Some(t("12:04:59")), -1), Value::Null);
    }

    #[test]
    fn hits_and_focus_name_what_was_drawn() {
        use plotters::prelude::{IntoDrawingArea, SVGBackend};
        let r = ran();
        let chart = crate::chart(&r.scenario, &r.input.events, &r.output);
        let mut svg = String::new();
        let drawing = {
            let area = SVGBackend::with_string(&mut svg, (800, 500)).into_drawing_area();
            windowpane_render::draw_traced(&area, &chart, &windowpane_render::ChartOptions::default(), None, &[]).unwrap()
        };
        let &(_, x, y) = &drawing.dots[1];
        let e = hit(&r, &drawing, x, y);
        assert_eq!(e["kind"], "event");
        assert_eq!(e["tip"], "Element 2: k = 7, event time 12:01:10, arrived at 12:05:20");
        let first = focus(&r, &drawing, None, 1);
        assert_eq!(first["index"], 0);
        assert_eq!(first["tip"], "Pane 1: EARLY pane 12 of k in [12:00:00, 12:02:00), emitted at 12:05:29");
        let b = &first["rect"];
        let (cx, cy) = (b["x"].as_i64().unwrap() + 3, b["y"].as_i64().unwrap() + 2);
        assert_eq!(hit(&r, &drawing, cx as i32, cy as i32)["index"], 0);
        let second = focus(&r, &drawing, Some(0), 1);
        assert_eq!(second["index"], 1);
        assert_eq!(focus(&r, &drawing, Some(1), 1)["index"], 1, "the last stays the last");
        assert_eq!(focus(&r, &drawing, Some(1), -1)["index"], 0);
        assert_eq!(focus(&r, &drawing, None, -1)["index"], 1);
        // The plot away from everything: the window under the point.
        let l = drawing.layout.plot;
        let w = hit(&r, &drawing, l.x + 3, l.y + 3);
        assert_eq!(w["kind"], "window", "{w}");
        assert_eq!(hit(&r, &drawing, 1, 1), Value::Null);
    }
}
