//! Combiners: how the values of a pane's elements become the pane's value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A combine function over numeric values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combiner {
    /// Sum of values (0 when empty), added up in arrival order in one running `f64`, as Beam's
    /// `Sum.ofDoubles()` adds: once the running sum overflows it stays ±∞ (or becomes NaN), even
    /// if later values would bring the exact sum back in range.
    Sum,
    /// Number of elements (0 when empty).
    Count,
    /// Smallest value (null when empty).
    Min,
    /// Largest value (null when empty).
    Max,
    /// Arithmetic mean (null when empty), as Beam's `Mean.of()` computes it: a running `f64` sum
    /// and a count, divided at the end (`CountSum.extractOutput`). So a mean whose running sum
    /// overflows is ±∞ even when the mean itself would be representable (two values of 1e308),
    /// exactly as on Beam; the scenario layer reports such a value as an error naming the key and
    /// the window (`pipeline.combine`), never as a number or an empty pane.
    ///
    /// ```
    /// use windowpane_engine::combine::{Combiner, Value};
    /// let mut acc = Combiner::Mean.create();
    /// acc.add(1e308, 0);
    /// acc.add(1e308, 1);
    /// assert_eq!(Combiner::Mean.extract(&acc), Value::Number(f64::INFINITY));
    /// ```
    Mean,
    /// The value with the latest event time; ties go to the later arrival (null when empty).
    Latest,
    /// All values in arrival order (`[]` when empty).
    Collect,
}

/// The value a pane carries.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// No value: an empty pane of a combiner with no identity (min, max, mean, latest).
    Null,
    /// A number.
    Number(f64),
    /// A list of numbers (collect).
    List(Vec<f64>),
}

fn serialize_number<S: Serializer>(x: f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        s.serialize_i64(x as i64)
    } else if x.is_finite() {
        s.serialize_f64(x)
    } else {
        s.serialize_none()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        match self {
            Value::Null => s.serialize_none(),
            Value::Number(x) => serialize_number(*x, s),
            Value::List(xs) => {
                let mut seq = s.serialize_seq(Some(xs.len()))?;
                for x in xs {
                    seq.serialize_element(&Number(*x))?;
                }
                seq.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    /// Reads a number, a list of numbers, or null.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Number(f64),
            List(Vec<f64>),
            Null(()),
        }
        Ok(match Option::<Repr>::deserialize(d)? {
            None | Some(Repr::Null(())) => Value::Null,
            Some(Repr::Number(x)) => Value::Number(x),
            Some(Repr::List(xs)) => Value::List(xs),
        })
    }
}

struct Number(f64);
impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_number(self.0, s)
    }
}

/// The running state of a combiner for one window.
#[derive(Clone, Debug, PartialEq)]
pub enum Accumulator {
    /// Sum, count, min, max and mean keep a few numbers.
    Numeric {
        /// Sum of values.
        sum: f64,
        /// Number of values.
        count: u64,
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
    },
    /// Latest keeps the value with the greatest event time.
    Latest(Option<(i64, f64)>),
    /// Collect keeps every value.
    Collect(Vec<f64>),
}

impl Combiner {
    /// An empty accumulator.
    pub fn create(&self) -> Accumulator {
        match self {
            Combiner::Latest => Accumulator::Latest(None),
            Combiner::Collect => Accumulator::Collect(Vec::new()),
            _ => Accumulator::Numeric { sum: 0.0, count: 0, min: f64::INFINITY, max: f64::NEG_INFINITY },
        }
    }

    /// The output value of an accumulator.
    ///
    /// ```
    /// use windowpane_engine::combine::{Combiner, Value};
    /// let c = Combiner::Mean;
    /// let mut acc = c.create();
    /// acc.add(4.0, 0);
    /// acc.add(8.0, 1);
    /// assert_eq!(c.extract(&acc), Value::Number(6.0));
    /// assert_eq!(Combiner::Max.extract(&Combiner::Max.create()), Value::Null);
    /// ```
    pub fn extract(&self, acc: &Accumulator) -> Value {
        match (self, acc) {
            (Combiner::Sum, Accumulator::Numeric { sum, .. }) => Value::Number(*sum),
            (Combiner::Count, Accumulator::Numeric { count, .. }) => Value::Number(*count as f64),
            (_, Accumulator::Numeric { count: 0, .. }) => Value::Null,
            (Combiner::Min, Accumulator::Numeric { min, .. }) => Value::Number(*min),
            (Combiner::Max, Accumulator::Numeric { max, .. }) => Value::Number(*max),
            (Combiner::Mean, Accumulator::Numeric { sum, count, .. }) => Value::Number(sum / *count as f64),
            (_, Accumulator::Latest(latest)) => latest.map_or(Value::Null, |(_, v)| Value::Number(v)),
            (_, Accumulator::Collect(values)) => Value::List(values.clone()),
            (_, Accumulator::Numeric { .. }) => Value::Null,
        }
    }
}

impl Accumulator {
    /// Adds one value with its event time.
    pub fn add(&mut self, value: f64, event_time: i64) {
        match self {
            Accumulator::Numeric { sum, count, min, max } => {
                *sum += value;
                *count += 1;
                *min = min.min(value);
                *max = max.max(value);
            }
            Accumulator::Latest(latest) => {
                if latest.is_none_or(|(t, _)| event_time >= t) {
                    *latest = Some((event_time, value));
                }
            }
            Accumulator::Collect(values) => values.push(value),
        }
    }

    /// Folds another accumulator of the same combiner into this one (used when sessions merge).
    pub fn merge(&mut self, other: &Accumulator) {
        match (self, other) {
            (
                Accumulator::Numeric { sum, count, min, max },
                Accumulator::Numeric { sum: s2, count: c2, min: mi2, max: ma2 },
            ) => {
                *sum += s2;
                *count += c2;
                *min = min.min(*mi2);
                *max = max.max(*ma2);
            }
            (Accumulator::Latest(a), Accumulator::Latest(b)) => {
                if let Some((t2, v2)) = *b {
                    if a.is_none_or(|(t, _)| t2 >= t) {
                        *a = Some((t2, v2));
                    }
                }
            }
            (Accumulator::Collect(a), Accumulator::Collect(b)) => a.extend_from_slice(b),
            (a, b) => debug_assert!(false, "merging accumulators of different combiners: {a:?} and {b:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn combine(c: Combiner, values: &[f64]) -> Value {
        let mut acc = c.create();
        for (t, &v) in values.iter().enumerate() {
            acc.add(v, t as i64);
        }
        c.extract(&acc)
    }

    /// Beam's `Sum.ofDoubles` and `Mean.of` keep one running `double`: an overflow is not undone.
    #[test]
    fn an_overflowed_running_sum_stays_overflowed() {
        // 1e308 + 1e308 is +∞ in f64, and +∞ - 1e308 is +∞: the exact sum, 1e308, is lost.
        assert_eq!(combine(Combiner::Sum, &[1e308, 1e308, -1e308]), Value::Number(f64::INFINITY));
        // The mean of 1e308 and 1e308 is 1e308, but Beam divides the overflowed sum: +∞.
        assert_eq!(combine(Combiner::Mean, &[1e308, 1e308]), Value::Number(f64::INFINITY));
        // In the other order the running sum never leaves the range: (1e308 - 1e308 + 1e308) / 3.
        assert_eq!(combine(Combiner::Mean, &[1e308, -1e308, 1e308]), Value::Number(1e308 / 3.0));
        // Min, max and latest keep a value, not a sum: they cannot overflow.
        assert_eq!(combine(Combiner::Max, &[1e308, 1e308]), Value::Number(1e308));
        // Sessions merging two accumulators of opposite infinities: NaN, as Beam's mergeAccumulator.
        let (mut a, mut b) = (Combiner::Sum.create(), Combiner::Sum.create());
        for _ in 0..2 {
            a.add(1e308, 0);
            b.add(-1e308, 0);
        }
        a.merge(&b);
        assert!(matches!(Combiner::Sum.extract(&a), Value::Number(x) if x.is_nan()));
    }
}
