//! A run's output packed into bytes, for the trip from the worker's wasm instance to the page's:
//! little-endian fixed-width fields, each key written once. At a million events of the page
//! benchmark the output packs into 11.9 MB, and moving and unpacking it takes 37 to 68 ms of an
//! edit (README, "Benchmarks (page)"); as JSON it was 45 MB, written in the worker, then read by
//! `JSON.parse` (230 to 280 ms, the same benchmark before this format) and again by the page's
//! wasm. The format is private to this
//! crate: both ends are the same module, so it carries a magic number but no version.

use windowpane_engine::{Cause, DropReason, Dropped, Output, Pane, Timing, Value, WatermarkPoint, Window};

const MAGIC: &[u8; 4] = b"WPO1";

/// Packs `output`.
pub(crate) fn pack(output: &Output) -> Vec<u8> {
    let mut w = Writer { out: Vec::with_capacity(64 + output.panes.len() * 64 + output.late_events.len() * 8) };
    w.out.extend_from_slice(MAGIC);
    let mut keys = Keys::default();
    let pane_keys: Vec<u32> = output.panes.iter().map(|p| keys.id(&p.key)).collect();
    let dropped_keys: Vec<u32> = output.dropped.iter().map(|d| keys.id(&d.key)).collect();
    w.len(keys.names.len());
    for name in &keys.names {
        w.len(name.len());
        w.out.extend_from_slice(name.as_bytes());
    }
    w.len(output.panes.len());
    for (p, key) in output.panes.iter().zip(pane_keys) {
        w.u32(key);
        w.window(p.window);
        match &p.value {
            Value::Null => w.u8(0),
            Value::Number(x) => {
                w.u8(1);
                w.f64(*x);
            }
            Value::List(xs) => {
                w.u8(2);
                w.len(xs.len());
                xs.iter().for_each(|x| w.f64(*x));
            }
        }
        w.u8(code(TIMINGS, p.timing));
        w.u8(code(CAUSES, p.cause));
        w.u8(u8::from(p.is_first) | u8::from(p.is_last) << 1 | u8::from(p.retraction) << 2);
        w.u64(p.index);
        w.u64(p.on_time_index.unwrap_or(u64::MAX));
        w.i64(p.timestamp);
        w.i64(p.emitted_at);
    }
    w.len(output.dropped.len());
    for (d, key) in output.dropped.iter().zip(dropped_keys) {
        w.u64(d.event as u64);
        w.u32(key);
        w.f64(d.value);
        w.i64(d.event_time);
        w.i64(d.arrival);
        w.window(d.window);
        match d.watermark {
            None => w.u8(0),
            Some(t) => {
                w.u8(1);
                w.i64(t);
            }
        }
        w.u8(code(REASONS, d.reason));
    }
    w.len(output.watermark.len());
    for point in &output.watermark {
        w.i64(point.at);
        w.i64(point.to);
    }
    w.len(output.late_events.len());
    for &i in &output.late_events {
        w.u64(i as u64);
    }
    w.out
}

/// Unpacks what [`pack`] wrote; an error names what was wrong and at which byte.
pub(crate) fn unpack(bytes: &[u8]) -> Result<Output, String> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(4)? != MAGIC {
        return Err("not a packed run output (wrong magic number)".to_owned());
    }
    let keys = (0..r.len()?)
        .map(|_| {
            let n = r.len()?;
            let at = r.at;
            String::from_utf8(r.take(n)?.to_vec()).map_err(|_| format!("byte {at}: a key is not UTF-8"))
        })
        .collect::<Result<Vec<String>, String>>()?;
    let key = |r: &mut Reader| -> Result<String, String> {
        let at = r.at;
        let i = r.u32()? as usize;
        keys.get(i).cloned().ok_or_else(|| format!("byte {at}: key {i} of {}", keys.len()))
    };
    let panes = (0..r.len()?)
        .map(|_| {
            let key = key(&mut r)?;
            let window = r.window()?;
            let value = match r.u8()? {
                0 => Value::Null,
                1 => Value::Number(r.f64()?),
                2 => Value::List((0..r.len()?).map(|_| r.f64()).collect::<Result<_, _>>()?),
                v => return Err(format!("byte {}: value kind {v}", r.at - 1)),
            };
            let timing = r.code(TIMINGS)?;
            let cause = r.code(CAUSES)?;
            let flags = r.u8()?;
            let index = r.u64()?;
            let on_time_index = Some(r.u64()?).filter(|&i| i != u64::MAX);
            Ok(Pane {
                key,
                window,
                value,
                timing,
                index,
                on_time_index,
                is_first: flags & 1 != 0,
                is_last: flags & 2 != 0,
                timestamp: r.i64()?,
                emitted_at: r.i64()?,
                retraction: flags & 4 != 0,
                cause,
            })
        })
        .collect::<Result<Vec<Pane>, String>>()?;
    let dropped = (0..r.len()?)
        .map(|_| {
            Ok(Dropped {
                event: r.u64()? as usize,
                key: key(&mut r)?,
                value: r.f64()?,
                event_time: r.i64()?,
                arrival: r.i64()?,
                window: r.window()?,
                watermark: match r.u8()? {
                    0 => None,
                    _ => Some(r.i64()?),
                },
                reason: r.code(REASONS)?,
            })
        })
        .collect::<Result<Vec<Dropped>, String>>()?;
    let watermark = (0..r.len()?)
        .map(|_| Ok(WatermarkPoint { at: r.i64()?, to: r.i64()? }))
        .collect::<Result<Vec<_>, String>>()?;
    let late_events = (0..r.len()?).map(|_| r.u64().map(|i| i as usize)).collect::<Result<Vec<_>, _>>()?;
    if r.at != bytes.len() {
        return Err(format!("byte {}: {} bytes left over", r.at, bytes.len() - r.at));
    }
    Ok(Output { panes, dropped, watermark, late_events })
}

const TIMINGS: &[Timing] = &[Timing::Early, Timing::OnTime, Timing::Late];
const CAUSES: &[Cause] = &[Cause::Element, Cause::ProcessingTime, Cause::Watermark, Cause::GarbageCollection];
const REASONS: &[DropReason] = &[DropReason::Expired, DropReason::Closed];

/// The code of `value`: its place in `values`, the table [`Reader::code`] reads it back with.
fn code<T: Copy + PartialEq>(values: &[T], value: T) -> u8 {
    values.iter().position(|&x| x == value).unwrap_or(0) as u8
}

/// Each distinct key once, in order of first use.
#[derive(Default)]
struct Keys {
    names: Vec<String>,
    ids: std::collections::HashMap<String, u32>,
}

impl Keys {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.ids.insert(name.to_owned(), id);
        id
    }
}

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, x: u8) {
        self.out.push(x);
    }
    fn u32(&mut self, x: u32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }
    fn u64(&mut self, x: u64) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }
    fn i64(&mut self, x: i64) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }
    fn f64(&mut self, x: f64) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn window(&mut self, w: Window) {
        match w {
            Window::Global => self.u8(0),
            Window::Interval { start, end } => {
                self.u8(1);
                self.i64(start);
                self.i64(end);
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| format!("byte {}: {n} bytes wanted, {} left", self.at, self.bytes.len() - self.at))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, String> {
        self.array().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Result<u64, String> {
        self.array().map(u64::from_le_bytes)
    }
    fn i64(&mut self) -> Result<i64, String> {
        self.array().map(i64::from_le_bytes)
    }
    fn f64(&mut self) -> Result<f64, String> {
        self.array().map(f64::from_le_bytes)
    }
    /// A count; never more than the bytes left could hold (so a corrupt count cannot allocate).
    fn len(&mut self) -> Result<usize, String> {
        let at = self.at;
        let n = self.u64()?;
        if n > (self.bytes.len() - self.at) as u64 {
            return Err(format!("byte {at}: a count of {n} with {} bytes left", self.bytes.len() - self.at));
        }
        Ok(n as usize)
    }
    fn code<T: Copy>(&mut self, values: &[T]) -> Result<T, String> {
        let c = self.u8()?;
        values.get(c as usize).copied().ok_or_else(|| format!("byte {}: code {c}", self.at - 1))
    }
    fn window(&mut self) -> Result<Window, String> {
        match self.u8()? {
            0 => Ok(Window::Global),
            1 => Ok(Window::Interval { start: self.i64()?, end: self.i64()? }),
            k => Err(format!("byte {}: window kind {k}", self.at - 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pane(key: &str, window: Window, value: Value, timing: Timing, on_time_index: Option<u64>) -> Pane {
        Pane {
            key: key.to_owned(),
            window,
            value,
            timing,
            index: 3,
            on_time_index,
            is_first: false,
            is_last: true,
            timestamp: 119_999,
            emitted_at: 130_500,
            retraction: true,
            cause: Cause::GarbageCollection,
        }
    }

    fn sample() -> Output {
        Output {
            panes: vec![
                pane("A", Window::Interval { start: 60_000, end: 120_000 }, Value::Number(2.5), Timing::Late, Some(1)),
                pane("ключ", Window::Global, Value::List(vec![1.0, -0.0, f64::INFINITY]), Timing::Early, None),
                pane("A", Window::Interval { start: -5, end: i64::MAX }, Value::Null, Timing::OnTime, Some(0)),
            ],
            dropped: vec![Dropped {
                event: 7,
                key: "B".to_owned(),
                value: -1.5,
                event_time: 1,
                arrival: 2,
                window: Window::Interval { start: 0, end: 60_000 },
                watermark: None,
                reason: DropReason::Closed,
            }],
            watermark: vec![WatermarkPoint { at: 10, to: 5 }, WatermarkPoint { at: 20, to: i64::MAX }],
            late_events: vec![0, 7, 4_000_000_000],
        }
    }

    #[test]
    fn every_field_survives_the_round_trip() {
        let out = sample();
        assert_eq!(unpack(&pack(&out)).unwrap(), out);
        let empty = Output { panes: vec![], dropped: vec![], watermark: vec![], late_events: vec![] };
        assert_eq!(unpack(&pack(&empty)).unwrap(), empty);
    }

    #[test]
    fn a_key_is_written_once() {
        let key = "k".repeat(1000);
        let window = Window::Interval { start: 0, end: 1 };
        let panes = (0..100).map(|_| pane(&key, window, Value::Number(1.0), Timing::OnTime, Some(0))).collect();
        let out = Output { panes, dropped: vec![], watermark: vec![], late_events: vec![] };
        let bytes = pack(&out);
        assert!(bytes.len() < 1000 + 100 * 100, "{} bytes", bytes.len());
        assert_eq!(unpack(&bytes).unwrap(), out);
    }

    #[test]
    fn damaged_bytes_give_an_error_naming_the_byte() {
        let bytes = pack(&sample());
        for cut in [0, 3, 4, 20, bytes.len() - 1] {
            let err = unpack(&bytes[..cut]).unwrap_err();
            assert!(err.contains("byte") || err.contains("magic"), "{cut}: {err}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(unpack(&longer).unwrap_err().contains("left over"));
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert!(unpack(&bad).unwrap_err().contains("magic"));
        // A huge count is refused before anything is allocated for it.
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(unpack(&huge).unwrap_err().contains("count"));
    }
}
