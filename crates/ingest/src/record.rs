//! Records as they travel, and the sources that emit them in send-time order.

use std::borrow::Cow;

const DUPLICATE: u32 = 1 << 31;

/// One event on its way: 24 bytes, so a backlog of millions stays affordable.
///
/// Its event time is `created + skew` and it reaches the transport at `created + reach_delta`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Record {
    /// When it really happened (ms).
    pub created: i64,
    /// The device (key) index.
    pub device: u32,
    seq: u32,
    /// Event time minus `created`: the device clock's error.
    pub skew: i32,
    /// When it reaches the transport, minus `created`.
    pub reach_delta: i32,
}

impl Record {
    /// A record; `seq` counts the device's sends in order, from 0, below 2^31.
    pub fn new(device: u32, seq: u32, created: i64, event_time: i64, reach: i64) -> Record {
        debug_assert!(seq < DUPLICATE, "sequence numbers stay below 2^31");
        let clamp = |d: i64| d.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        Record { created, device, seq, skew: clamp(event_time - created), reach_delta: clamp(reach - created) }
    }
    /// The device's send counter.
    pub fn seq(&self) -> u32 {
        self.seq & !DUPLICATE
    }
    /// Whether this is a second delivery of a record already delivered.
    pub fn is_duplicate(&self) -> bool {
        self.seq & DUPLICATE != 0
    }
    /// The same record, marked as a duplicate delivery.
    pub fn duplicate(self) -> Record {
        Record { seq: self.seq | DUPLICATE, ..self }
    }
    /// The event time.
    pub fn event_time(&self) -> i64 {
        self.created + i64::from(self.skew)
    }
    /// When it reaches the transport.
    pub fn reach(&self) -> i64 {
        self.created + i64::from(self.reach_delta)
    }
}

/// Where records come from: generated or listed, always in send-time order.
pub trait Source {
    /// The next record and its send time; send times never decrease.
    fn next_record(&mut self) -> Option<(i64, Record)>;
    /// The send time of the next record.
    fn peek_sent(&mut self) -> Option<i64>;
    /// Number of devices (distinct keys).
    fn devices(&self) -> u32;
    /// The key of a device.
    fn key(&self, device: u32) -> Cow<'_, str>;
    /// The value a record carries.
    fn value(&self, record: &Record) -> f64;
    /// Where processing time starts: the first instant anything can be sent.
    fn origin(&self) -> i64;
}

/// Events listed in a scenario file, sent at given times, reaching the transport when sent.
pub struct Listed {
    keys: Vec<String>,
    /// (sent, record), sorted by send time (stable: file order among equals).
    records: Vec<(i64, Record)>,
    values: Vec<f64>,
    next: usize,
}

/// One listed event: key, value, event time and send time.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedEvent {
    /// The key (device, partition key, message group id).
    pub key: String,
    /// The value.
    pub value: f64,
    /// The event time.
    pub event_time: i64,
    /// When it leaves the device.
    pub sent: i64,
}

impl Listed {
    /// A source over `events`; each key gets a device index in order of first appearance.
    ///
    /// ```
    /// use windowpane_ingest::{Listed, ListedEvent, Source};
    /// let ev = |k: &str, sent| ListedEvent { key: k.into(), value: 1.0, event_time: sent, sent };
    /// let mut s = Listed::new(vec![ev("b", 5), ev("a", 1)]);
    /// assert_eq!(s.devices(), 2);
    /// let (sent, r) = s.next_record().unwrap();
    /// assert_eq!((sent, s.key(r.device).as_ref()), (1, "a"));
    /// ```
    pub fn new(events: Vec<ListedEvent>) -> Listed {
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.sort_by_key(|&i| events[i].sent);
        let mut keys: Vec<String> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut records = Vec::with_capacity(events.len());
        let mut values = Vec::with_capacity(events.len());
        for i in order {
            let e = &events[i];
            let device = *index.entry(e.key.clone()).or_insert_with(|| {
                keys.push(e.key.clone());
                keys.len() as u32 - 1
            });
            let seq = values.len() as u32;
            values.push(e.value);
            records.push((e.sent, Record::new(device, seq, e.event_time, e.event_time, e.sent)));
        }
        Listed { keys, records, values, next: 0 }
    }
}

impl Source for Listed {
    fn next_record(&mut self) -> Option<(i64, Record)> {
        let r = self.records.get(self.next).copied();
        self.next += 1;
        r
    }
    fn peek_sent(&mut self) -> Option<i64> {
        self.records.get(self.next).map(|r| r.0)
    }
    fn devices(&self) -> u32 {
        self.keys.len() as u32
    }
    fn key(&self, device: u32) -> Cow<'_, str> {
        Cow::Borrowed(&self.keys[device as usize])
    }
    fn value(&self, record: &Record) -> f64 {
        self.values[record.seq() as usize]
    }
    fn origin(&self) -> i64 {
        self.records.first().map_or(0, |r| r.0)
    }
}
