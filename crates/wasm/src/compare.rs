//! The comparison of two sessions' runs, for the page: the compare crate's result with the two
//! panes' records, and the marks each chart draws. No semantics: matching and reasons are the
//! compare crate's.

use crate::session::Ran;
use crate::transfer::to_js;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use windowpane_compare::{Comparison, Config, Side};
use windowpane_engine::Output;
use windowpane_render::Mark;

/// A run as the compare crate sees it: its configuration (Beam's pipeline, or Flink's) and output.
pub(crate) fn side(run: &Ran) -> Side<'_> {
    let config = match run.scenario.flink() {
        Some(spec) => Config::Flink(&spec.pipeline),
        None => Config::Beam(&run.scenario.pipeline),
    };
    Side { config, output: &run.output }
}

/// The comparison as a JS value, each pane difference with `pane_a` and `pane_b`, the records.
pub(crate) fn transfer(c: &Comparison, a: &Output, b: &Output) -> Result<JsValue, JsError> {
    let mut json = serde_json::to_value(c).map_err(crate::into_error)?;
    let record = |out: &Output, i: Option<usize>| i.and_then(|i| out.panes.get(i)).map_or(Ok(Value::Null), serde_json::to_value);
    if let Some(list) = json.get_mut("panes").and_then(Value::as_array_mut) {
        for (d, item) in c.panes.iter().zip(list.iter_mut()) {
            if let Value::Object(o) = item {
                o.insert("pane_a".into(), record(a, d.a).map_err(crate::into_error)?);
                o.insert("pane_b".into(), record(b, d.b).map_err(crate::into_error)?);
            }
        }
    }
    to_js(&json)
}

/// The marks of run A's chart and of run B's.
pub(crate) fn marks(c: &Comparison, a: &Output, b: &Output) -> (Vec<Mark>, Vec<Mark>) {
    let (mut ma, mut mb) = (Vec::new(), Vec::new());
    for d in &c.panes {
        let timing = d.emitted_at;
        match (d.a, d.b) {
            (Some(i), Some(j)) => {
                ma.push(Mark::Differs { index: i, value: d.value, timing });
                mb.push(Mark::Differs { index: j, value: d.value, timing });
            }
            (Some(i), None) => {
                ma.push(Mark::Only { index: i });
                mb.extend(a.panes.get(i).map(|p| Mark::Missing { pane: p.clone() }));
            }
            (None, Some(j)) => {
                mb.push(Mark::Only { index: j });
                ma.extend(b.panes.get(j).map(|p| Mark::Missing { pane: p.clone() }));
            }
            (None, None) => {}
        }
    }
    (ma, mb)
}
