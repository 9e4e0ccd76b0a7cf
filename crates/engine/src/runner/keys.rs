//! Key interning: keys become dense ids, numbered in key order.

use super::KeyedEvent;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, non-cryptographic hasher for short keys (the Fx hash of rustc): keys come from the
/// user's own scenario, so hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

/// A hash map with the Fx hash.
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(load(c));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.add(load(rest));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.add(n as u64);
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Up to 8 bytes as a little-endian integer, without a loop or a call to `memcpy` (two
/// overlapping loads; OR-ing the overlap is harmless, the bytes are the same).
fn load(b: &[u8]) -> u64 {
    debug_assert!(b.len() <= 8, "load reads at most 8 bytes, got {}", b.len());
    let n = b.len();
    let le32 = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as u64;
    match n {
        0 => 0,
        1..=3 => b[0] as u64 | (b[n / 2] as u64) << (8 * (n / 2)) | (b[n - 1] as u64) << (8 * (n - 1)),
        _ => le32(0) | le32(n - 4) << (8 * (n - 4)),
    }
}

/// Up to 16 bytes as two little-endian integers (the first 8 bytes, then the rest).
fn load16(b: &[u8]) -> (u64, u64) {
    match b.len() {
        0..=8 => (load(b), 0),
        _ => (load(&b[..8]), load(&b[8..])),
    }
}

/// Up to 16 bytes as a big-endian integer, zero-padded on the right.
fn big_endian(b: &[u8]) -> u128 {
    let mut padded = [0u8; 16];
    padded[..b.len()].copy_from_slice(b);
    u128::from_be_bytes(padded)
}

/// The longest key read as integers rather than looked up as a string.
const SHORT: usize = 16;

/// Ids of keys of up to 16 bytes (the common case: `device-0042`, `sensor-17`), each read as two
/// integers: an open-addressing table with linear probing, at most a quarter full, where a lookup
/// is a multiply and a compare or two. Longer keys go to a hash map.
struct ShortKeys {
    /// (the key's bytes as integers, its length + 1 (0: an empty slot), its id).
    slots: Vec<((u64, u64), u32, u32)>,
    /// log2 of the number of slots.
    bits: u32,
    len: usize,
}

impl ShortKeys {
    fn new() -> ShortKeys {
        ShortKeys { slots: vec![((0, 0), 0, 0); 16], bits: 4, len: 0 }
    }

    /// The id of the key read as (`word`, `len`), which becomes `next` if the key is new.
    #[inline]
    fn id(&mut self, word: (u64, u64), len: u32, next: u32) -> u32 {
        let mask = self.slots.len() - 1;
        let h = (word.0 ^ len as u64).wrapping_mul(SEED).rotate_left(26) ^ word.1;
        let mut i = (h.wrapping_mul(SEED) >> (64 - self.bits)) as usize;
        loop {
            let (w, l, id) = self.slots[i];
            if l == 0 {
                self.slots[i] = (word, len + 1, next);
                self.len += 1;
                if self.len * 4 > self.slots.len() {
                    self.grow();
                }
                return next;
            }
            if w == word && l == len + 1 {
                return id;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline(never)]
    fn grow(&mut self) {
        let larger = vec![((0, 0), 0, 0); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, larger);
        self.bits += 1;
        self.len = 0;
        for (word, l, id) in old.into_iter().filter(|s| s.1 != 0) {
            self.id(word, l - 1, id);
        }
    }
}

/// Numbers keys in order of first appearance, then renumbers them in name order (so that ties
/// between keys break by key name).
pub struct Interner<'a> {
    short: ShortKeys,
    long: FxHashMap<&'a str, u32>,
    names: Vec<&'a str>,
    /// The keys of the events at hand: (bytes as integers, length), for keys of up to 16 bytes.
    words: Vec<((u64, u64), usize)>,
}

impl<'a> Interner<'a> {
    /// An interner that has seen no key.
    pub fn new() -> Interner<'a> {
        Interner { short: ShortKeys::new(), long: FxHashMap::default(), names: Vec::new(), words: Vec::new() }
    }

    /// Appends the ids of `keys` to `ids`, numbered in order of first appearance. All the keys'
    /// bytes are read first, then looked up: the reads do not wait for each other, so their cache
    /// misses overlap (a key's bytes lie wherever its string was made).
    pub fn push_ids(&mut self, keys: &[&'a str], ids: &mut Vec<u32>) {
        self.words.clear();
        self.words.extend(keys.iter().map(|k| match k.len() {
            n @ 0..=SHORT => (load16(k.as_bytes()), n),
            n => ((0, 0), n),
        }));
        for (&key, &(word, len)) in keys.iter().zip(&self.words) {
            let next = self.names.len() as u32;
            let id = match len {
                0..=SHORT => self.short.id(word, len as u32, next),
                _ => *self.long.entry(key).or_insert(next),
            };
            if id == next {
                self.names.push(key);
            }
            ids.push(id);
        }
    }

    /// Renumbers `ids` (given by [`Interner::push_ids`]) in key name order; returns the key names by
    /// their new ids.
    pub fn into_names(self, ids: &mut [u32]) -> Vec<String> {
        let names = self.names;
        let by_name = name_order(&names);
        let rank = ranks(&by_name);
        for id in ids {
            *id = rank[*id as usize];
        }
        by_name.iter().map(|&id| names[id as usize].to_string()).collect()
    }
}

/// The keys' ids, numbered in name order (ties between keys break by name), and the key names
/// by id: what [`KeyedInput`](super::KeyedInput) holds.
///
/// ```
/// let (ids, names) = windowpane_engine::runner::intern_keys(["b", "a", "b"].into_iter());
/// assert_eq!((ids, names), (vec![1, 0, 1], vec!["a".to_string(), "b".to_string()]));
/// ```
pub fn intern_keys<'a>(keys: impl Iterator<Item = &'a str>) -> (Vec<u32>, Vec<String>) {
    let mut interner = Interner::new();
    let mut ids = Vec::with_capacity(keys.size_hint().0);
    let mut chunk: Vec<&str> = Vec::with_capacity(1024);
    let mut keys = keys.peekable();
    // In chunks, so that what `push_ids` reads ahead stays in the cache.
    while keys.peek().is_some() {
        chunk.clear();
        chunk.extend(keys.by_ref().take(1024));
        interner.push_ids(&chunk, &mut ids);
    }
    let names = interner.into_names(&mut ids);
    (ids, names)
}

/// The ids of `names` sorted by name.
fn name_order(names: &[&str]) -> Vec<u32> {
    let mut by_name: Vec<u32> = (0..names.len() as u32).collect();
    if names.iter().all(|n| n.len() <= SHORT) {
        // Byte order of keys of up to 16 bytes is the order of their bytes read as one
        // big-endian integer (zero-padded), then of their lengths: one integer comparison
        // instead of a call to memcmp.
        let order: Vec<(u128, u8)> = names.iter().map(|n| (big_endian(n.as_bytes()), n.len() as u8)).collect();
        by_name.sort_unstable_by_key(|&id| order[id as usize]);
    } else {
        by_name.sort_unstable_by_key(|&id| names[id as usize]);
    }
    by_name
}

/// Each id's rank in `by_name`.
fn ranks(by_name: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; by_name.len()];
    for (r, &id) in by_name.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    rank
}

/// The key names of `events` in name order, and the events with their keys renumbered to match
/// (`None` when `names` are in name order already: the events stand as they are).
///
/// # Panics
/// If a name is given twice or an event's key is not an index of `names` (the caller's bug).
pub fn in_name_order<'a>(names: &'a [String], events: &[KeyedEvent]) -> (Vec<&'a str>, Option<Vec<KeyedEvent>>) {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let n = names.len() as u32;
    let unknown = |e: &KeyedEvent| panic!("KeyedInput: an event's key id {} is not one of the {n} keys", e.key);
    if names.windows(2).all(|p| p[0] < p[1]) {
        if let Some(e) = events.iter().find(|e| e.key >= n) {
            unknown(e);
        }
        return (names, None);
    }
    let by_name = name_order(&names);
    let sorted: Vec<&str> = by_name.iter().map(|&id| names[id as usize]).collect();
    if let Some(p) = sorted.windows(2).find(|p| p[0] == p[1]) {
        panic!("KeyedInput: the key {:?} is named twice", p[0]);
    }
    let rank = ranks(&by_name);
    let renumbered = events
        .iter()
        .map(|e| match rank.get(e.key as usize) {
            Some(&key) => KeyedEvent { key, ..*e },
            None => unknown(e),
        })
        .collect();
    (sorted, Some(renumbered))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::Event;

    fn intern(events: &[Event]) -> (Vec<u32>, Vec<String>) {
        intern_keys(events.iter().map(|e| e.key.as_str()))
    }

    #[test]
    fn keys_are_numbered_in_name_order() {
        let ev = |k: &str| Event { key: k.into(), value: 0.0, event_time: 0, arrival: 0 };
        let (ids, names) = intern(&[ev("b"), ev("a"), ev("b"), ev("c")]);
        assert_eq!(names, vec!["a", "b", "c"]);
        assert_eq!(ids, vec![1, 0, 1, 2]);
    }

    #[test]
    fn keyed_events_are_renumbered_in_name_order_only_when_their_names_are_not() {
        let ev = |key| KeyedEvent { key, value: key as f64, event_time: 0, arrival: 0 };
        let names: Vec<String> = ["c", "a", "b"].map(String::from).to_vec();
        let (sorted, renumbered) = in_name_order(&names, &[ev(0), ev(1), ev(2), ev(0)]);
        assert_eq!(sorted, vec!["a", "b", "c"]);
        let renumbered = renumbered.expect("c, a, b is not name order");
        assert_eq!(renumbered.iter().map(|e| (e.key, e.value)).collect::<Vec<_>>(), vec![(2, 0.0), (0, 1.0), (1, 2.0), (2, 0.0)]);
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let (sorted, renumbered) = in_name_order(&names, &[ev(2), ev(0)]);
        assert_eq!((sorted, renumbered), (vec!["a", "b", "c"], None));
    }

    #[test]
    #[should_panic(expected = "the key \"a\" is named twice")]
    fn a_key_named_twice_is_refused() {
        in_name_order(&["b".into(), "a".into(), "a".into()], &[]);
    }

    #[test]
    #[should_panic(expected = "key id 3 is not one of the 3 keys")]
    fn a_key_id_outside_the_names_is_refused() {
        let ev = |key| KeyedEvent { key, value: 0.0, event_time: 0, arrival: 0 };
        in_name_order(&["a".into(), "b".into(), "c".into()], &[ev(0), ev(3)]);
    }

    #[test]
    fn short_and_long_keys_are_told_apart() {
        let keys = ["", "\0", "\0\0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9", "k10", "k11", "a", "ab", "abc", "abcd", "abcde", "abcdefgh", "abcdefghi", "abcdefgi", "bacd", "key-00001", "key-00010", "key-10000", "abcdefghijklmnop", "abcdefghijklmnoq", "abcdefghijklmnopq", "abcdefghijklmnopr", "abcdefgh\0", "abcdefgh\0\0"];
        let ev = |k: &str| Event { key: k.into(), value: 0.0, event_time: 0, arrival: 0 };
        let events: Vec<Event> = keys.iter().chain(keys.iter()).map(|k| ev(k)).collect();
        let (ids, names) = intern(&events);
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        for (e, id) in events.iter().zip(&ids) {
            assert_eq!(names[*id as usize], e.key);
        }
    }

    #[test]
    fn short_keys_sort_in_byte_order() {
        // Keys of up to 16 bytes sort by integer, longer ones by string: both must give byte order.
        let short = ["b", "a\0", "a", "", "ab", "\u{ff}", "a\u{1}", "abcdefghijklmnop", "abcdefghijklmno", "key-00010", "key-0001", "key-00001"];
        for extra in [None, Some("abcdefghijklmnopq")] {
            let keys: Vec<&str> = short.iter().copied().chain(extra).collect();
            let ev = |k: &str| Event { key: k.into(), value: 0.0, event_time: 0, arrival: 0 };
            let (_, names) = intern(&keys.iter().map(|k| ev(k)).collect::<Vec<_>>());
            let mut sorted = keys.clone();
            sorted.sort_unstable();
            assert_eq!(names, sorted);
        }
    }

    #[test]
    fn load_reads_little_endian() {
        for n in 0..=8 {
            let b: Vec<u8> = (1..=n as u8).collect();
            let expected = b.iter().enumerate().fold(0u64, |w, (i, &x)| w | (x as u64) << (8 * i));
            assert_eq!(load(&b), expected, "{n} bytes");
        }
    }

    /// The hash spreads keys: 10,000 keys of one shape (the same long prefix, counters at the end)
    /// get 10,000 different hashes. A hash that loses input bits (an OR or AND in place of the XOR)
    /// still finds every key, only slowly; no output shows it, this does.
    #[test]
    fn the_fx_hash_of_distinct_keys_differs() {
        use std::hash::Hash;
        let hashes: std::collections::HashSet<u64> = (0..10_000)
            .map(|i| {
                let mut h = FxHasher::default();
                format!("sensor-building-7-floor-{i:05}").hash(&mut h);
                h.finish()
            })
            .collect();
        assert_eq!(hashes.len(), 10_000);
    }

    /// The short-key table stays at most a quarter full and its keys do not cluster: with 4,096
    /// keys of 8 and of 16 bytes no run of occupied slots is long, so a lookup is a compare or two.
    #[test]
    fn short_keys_spread_over_a_table_at_most_a_quarter_full() {
        for width in [8, 16] {
            let keys: Vec<String> = (0..4096).map(|i| format!("{i:0width$}")).collect();
            let ev = |k: &str| Event { key: k.into(), value: 0.0, event_time: 0, arrival: 0 };
            let events: Vec<Event> = keys.iter().map(|k| ev(k)).collect();
            let mut interner = Interner::new();
            let mut ids = Vec::new();
            interner.push_ids(&events.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), &mut ids);
            let table = &interner.short;
            assert_eq!(table.len, 4096);
            assert!(table.slots.len() >= 4 * table.len, "{} slots for {} keys", table.slots.len(), table.len);
            let (mut run, mut longest) = (0, 0);
            for slot in table.slots.iter().chain(&table.slots) {
                run = if slot.1 == 0 { 0 } else { run + 1 };
                longest = longest.max(run);
            }
            assert!(longest <= 32, "{width}-byte keys: a run of {longest} occupied slots");
        }
    }
}
