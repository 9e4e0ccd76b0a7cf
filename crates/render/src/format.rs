//! Text for values: pane values, retractions and element values, with fixed precision.

use windowpane_engine::Value;

pub use windowpane_engine::explain::{number, MINUS};

/// A pane value: a number, `∅` for an empty pane without identity, or a list (at most four
/// numbers shown, then `…`).
pub fn value(v: &Value) -> String {
    match v {
        Value::Null => "∅".into(),
        Value::Number(x) => number(*x),
        Value::List(xs) => {
            let mut parts: Vec<String> = xs.iter().take(4).map(|x| number(*x)).collect();
            if xs.len() > 4 {
                parts.push("…".into());
            }
            format!("[{}]", parts.join(", "))
        }
    }
}

/// A pane value for a table: as [`value`], with every number of a list.
///
/// ```
/// use windowpane_engine::Value;
/// use windowpane_render::format::value_in_full;
/// assert_eq!(value_in_full(&Value::Number(22.033333333333335)), "22.03");
/// assert_eq!(value_in_full(&Value::List(vec![1.0, 2.5, 3.0, 4.0, 5.126])), "[1, 2.5, 3, 4, 5.13]");
/// ```
pub fn value_in_full(v: &Value) -> String {
    match v {
        Value::List(xs) => format!("[{}]", xs.iter().map(|x| number(*x)).collect::<Vec<_>>().join(", ")),
        other => value(other),
    }
}

/// The label of a retraction of value `v`: the value negated, `−11`, or `−[1, 2]` for a list.
pub fn retraction(v: &Value) -> String {
    match v {
        Value::Number(x) if *x < 0.0 => number(-x),
        Value::Number(x) if *x == 0.0 => format!("{MINUS}0"),
        other => format!("{MINUS}{}", value(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_precision() {
        assert_eq!(number(14.0), "14");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(number(-3.0), "\u{2212}3");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(0.1 + 0.2), "0.3");
    }

    #[test]
    fn values_and_retractions() {
        assert_eq!(value(&Value::Null), "∅");
        assert_eq!(value(&Value::List(vec![1.0, 2.0])), "[1, 2]");
        assert_eq!(value(&Value::List(vec![1.0; 6])), "[1, 1, 1, 1, …]");
        assert_eq!(retraction(&Value::Number(11.0)), "\u{2212}11");
        assert_eq!(retraction(&Value::Number(-4.0)), "4");
        assert_eq!(retraction(&Value::List(vec![3.0])), "\u{2212}[3]");
    }
}
