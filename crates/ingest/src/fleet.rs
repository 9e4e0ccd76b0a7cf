//! A generated fleet of devices, streamed in send-time order from a heap of next send times.

use crate::prng::{mix, SplitMix64};
use crate::record::{Record, Source};
use crate::spec::generate::{GenerateSpec, ValueSpec};
use std::borrow::Cow;
use crate::wheel::Wheel;


#[derive(Clone, Copy, Debug)]
struct Device {
    /// Milliseconds between sends.
    period: f64,
    /// Offset of the first send.
    phase: f64,
    /// When its last record reached the transport.
    last_reach: i64,
    /// Index of its next event.
    next_k: u32,
    /// Its clock's error.
    skew: i32,
}

/// Streams a [`GenerateSpec`]'s events in send-time order; memory grows with the devices, not
/// with the events.
pub struct Fleet {
    spec: GenerateSpec,
    rng: SplitMix64,
    /// Per device, together so that one event touches one cache line.
    device: Vec<Device>,
    /// A second standard normal left over from Box–Muller.
    spare_normal: Option<f64>,
    /// Per device: offline periods `[from, to)`, sorted.
    offline: Vec<Vec<(i64, i64)>>,
    /// Each device's next send: (device, created) at its send time.
    next: Wheel<(u32, i64)>,
    end: i64,
}

impl Fleet {
    /// A fleet ready to stream.
    ///
    /// ```
    /// use windowpane_ingest::{Fleet, GenerateSpec, Source, Syntax};
    /// let v = serde_json::json!({"devices": {"count": 2}, "rate": 1, "duration": "3s", "seed": 9});
    /// let mut fleet = Fleet::new(GenerateSpec::parse(&v, "generate", &Syntax::builtin()).unwrap());
    /// let mut n = 0;
    /// while fleet.next_record().is_some() { n += 1; }
    /// assert_eq!(n, 6);
    /// ```
    pub fn new(spec: GenerateSpec) -> Fleet {
        let n = spec.devices as usize;
        let mut rng = SplitMix64::new(spec.seed);
        let mut period = vec![1000.0 / spec.rate; n];
        for &(d, rate) in &spec.overrides {
            period[d as usize] = 1000.0 / rate;
        }
        let phase: Vec<f64> = period.iter().map(|p| rng.next_f64() * p).collect();
        let skew: Vec<i32> = (0..n)
            .map(|_| {
                let s = spec.clock_skew.min(i64::from(i32::MAX));
                (rng.below(2 * s as u64 + 1) as i64 - s) as i32
            })
            .collect();
        let mut offline = vec![Vec::new(); n];
        for o in &spec.offline {
            offline[o.device as usize].push((o.from, o.to));
        }
        offline.iter_mut().for_each(|v| v.sort_unstable());
        let end = spec.start.saturating_add(spec.duration);
        let device = (0..n)
            .map(|i| Device { period: period[i], phase: phase[i], last_reach: i64::MIN, next_k: 0, skew: skew[i] })
            .collect();
        let mut fleet = Fleet {
            next: Wheel::new(),
            rng,
            device,
            spare_normal: None,
            offline,
            end,
            spec,
        };
        for d in 0..n as u32 {
            fleet.schedule(d);
        }
        fleet
    }

    /// Pushes device `d`'s next send, if it creates one before the end.
    fn schedule(&mut self, d: u32) {
        let i = d as usize;
        let dev = &self.device[i];
        // In f64 against the duration first: with a tiny rate the period is huge (1e-300 events/s
        // is 1e303 ms) and `start + k * period` would wrap past the end and never stop.
        let offset = dev.phase + f64::from(dev.next_k) * dev.period;
        if !(offset < (self.end - self.spec.start) as f64) {
            return;
        }
        let created = self.spec.start.saturating_add(offset as i64);
        if created >= self.end {
            return;
        }
        if self.spec.offline.is_empty() {
            return self.next.push(created, (d, created));
        }
        let sent = self.offline[i].iter().find(|&&(from, to)| from <= created && created < to).map_or(created, |&(_, to)| to);
        self.next.push(sent, (d, created));
    }

    fn delay(&mut self) -> i64 {
        self.spec.delay.draw(&mut self.rng, &mut self.spare_normal)
    }
}

impl Source for Fleet {
    fn next_record(&mut self) -> Option<(i64, Record)> {
        let (sent, (d, created)) = self.next.pop()?;
        let delay = self.delay();
        let dev = &mut self.device[d as usize];
        let seq = dev.next_k;
        dev.next_k += 1;
        // One connection per device: its messages reach the transport in the order sent.
        let reach = sent.saturating_add(delay).max(dev.last_reach);
        dev.last_reach = reach;
        let event_time = created.saturating_add(i64::from(dev.skew));
        self.schedule(d);
        Some((sent, Record::new(d, seq, created, event_time, reach)))
    }
    fn peek_sent(&mut self) -> Option<i64> {
        self.next.peek()
    }
    fn devices(&self) -> u32 {
        self.spec.devices
    }
    fn key(&self, device: u32) -> Cow<'_, str> {
        Cow::Owned(self.spec.key_of(device))
    }
    fn value(&self, record: &Record) -> f64 {
        match self.spec.value {
            ValueSpec::Sequence => f64::from(record.seq() + 1),
            ValueSpec::Constant(v) => v,
            ValueSpec::Uniform { min, max } => {
                let h = mix(self.spec.seed ^ (u64::from(record.device) << 32 | u64::from(record.seq())));
                // In i128: `max - min + 1` overflows i64 (and u64) for the widest ranges.
                let span = (i128::from(max) - i128::from(min) + 1) as u128;
                (i128::from(min) + (u128::from(h) % span) as i128) as f64
            }
        }
    }
    fn origin(&self) -> i64 {
        self.spec.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Syntax;

    fn fleet(v: serde_json::Value) -> Fleet {
        Fleet::new(GenerateSpec::parse(&v, "generate", &Syntax::builtin()).expect("a valid section"))
    }

    fn count(mut f: Fleet) -> usize {
        std::iter::from_fn(|| f.next_record()).take(1_000).count()
    }

    /// Regression (fuzzing): a period of 1e303 ms saturated to i64::MAX, `start + k * period`
    /// wrapped negative and the fleet never ended.
    #[test]
    fn a_tiny_rate_ends() {
        // Phase is uniform in [0, period): the one possible event at k = 0 lands after the 10 s.
        assert_eq!(count(fleet(serde_json::json!({"devices": {"count": 3}, "rate": 1e-300, "duration": "10s"}))), 0);
        let late_start = serde_json::json!({"devices": {"count": 1}, "rate": 1e-300, "duration": 1000, "start": 9_000_000_000_000_000_000u64});
        assert_eq!(count(fleet(late_start)), 0);
    }

    /// Regression (overflow checks): the widest value and delay ranges overflowed `max - min + 1`.
    #[test]
    fn the_widest_ranges_do_not_overflow() {
        let f = fleet(serde_json::json!({"devices": {"count": 1}, "rate": 1, "duration": "3s",
            "value": {"type": "uniform", "min": -9.2e18, "max": 9.2e18},
            "delay": {"type": "uniform", "min": 0, "max": "36525d"}}));
        let mut f = f;
        let mut n = 0;
        while let Some((_, r)) = f.next_record() {
            let v = f.value(&r);
            assert!((-9.2e18..=9.2e18).contains(&v), "{v}");
            assert!(r.reach() >= r.created, "the delay saturates, never wraps");
            n += 1;
        }
        assert_eq!(n, 3);
    }
}
