//! A generated fleet of devices, streamed in send-time order from a heap of next send times.

use crate::prng::{mix, SplitMix64};
use crate::record::{Record, Source};
use crate::spec::generate::{Delay, GenerateSpec, ValueSpec};
use std::borrow::Cow;
use crate::wheel::Wheel;

/// The 99th percentile of the standard normal distribution.
const Z99: f64 = 2.326_347_874_040_841;

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
        let created = self.spec.start + (dev.phase + f64::from(dev.next_k) * dev.period) as i64;
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
        let ms = match self.spec.delay {
            Delay::Fixed(v) => return v,
            Delay::Uniform { min, max } => return min + self.rng.below((max - min) as u64 + 1) as i64,
            Delay::Exponential { mean } => -(1.0 - self.rng.next_f64()).ln() * mean as f64,
            Delay::LogNormal { median, p99 } => {
                let mu = (median as f64).ln();
                let sigma = ((p99 as f64).ln() - mu) / Z99;
                let z = match self.spare_normal.take() {
                    Some(z) => z,
                    None => {
                        let (a, b) = self.rng.normal_pair();
                        self.spare_normal = Some(b);
                        a
                    }
                };
                (mu + sigma * z).exp()
            }
        };
        ms.round().min(f64::from(i32::MAX / 2)) as i64
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
        let reach = (sent + delay).max(dev.last_reach);
        dev.last_reach = reach;
        let event_time = created + i64::from(dev.skew);
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
                (min + (h % ((max - min) as u64 + 1)) as i64) as f64
            }
        }
    }
    fn origin(&self) -> i64 {
        self.spec.start
    }
}
