//! Watermark models: where the input watermark of the grouping step comes from.

use crate::time::{Duration, Timestamp};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A watermark move: at processing time `at`, the input watermark becomes `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WatermarkPoint {
    /// Processing time of the move.
    pub at: Timestamp,
    /// The new watermark; [`crate::time::POS_INFINITY`] at the end of input.
    pub to: Timestamp,
}

impl Serialize for WatermarkPoint {
    /// `{"at": 1, "to": 2}`; plus infinity is written `null`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("WatermarkPoint", 2)?;
        st.serialize_field("at", &self.at)?;
        st.serialize_field("to", &(self.to != crate::time::POS_INFINITY).then_some(self.to))?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for WatermarkPoint {
    /// Reads `{"at": 1, "to": 2}`, with `"to": null` for plus infinity.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<WatermarkPoint, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Repr {
            at: Timestamp,
            to: Option<Timestamp>,
        }
        let r = Repr::deserialize(d)?;
        Ok(WatermarkPoint { at: r.at, to: r.to.unwrap_or(crate::time::POS_INFINITY) })
    }
}

/// How the input watermark is produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatermarkModel {
    /// Given by the user, like a TestStream: the watermark moves to `to` at processing time `at`.
    Explicit(Vec<WatermarkPoint>),
    /// At each processing time, the minimum event time of the events that have not arrived yet.
    Perfect,
    /// Max event time seen so far minus `max_delay` (Flink's bounded out-of-orderness).
    BoundedOutOfOrderness {
        /// How far behind the max event time the watermark stays.
        max_delay: Duration,
    },
}
