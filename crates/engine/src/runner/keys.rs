//! Key interning: keys become dense ids, numbered in key order.

use super::Event;
use std::collections::hash_map::{Entry, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

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

/// A key as the interning table compares it: a key of up to 8 bytes (the common case) as one
/// integer and its length, so that hashing and comparing it costs a few instructions.
#[derive(PartialEq, Eq)]
enum KeyText<'a> {
    Short(u64, u8),
    Long(&'a str),
}

impl<'a> KeyText<'a> {
    fn of(key: &'a str) -> KeyText<'a> {
        match key.len() {
            n @ 0..=8 => KeyText::Short(load(key.as_bytes()), n as u8),
            _ => KeyText::Long(key),
        }
    }
}

impl Hash for KeyText<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            KeyText::Short(word, len) => {
                state.write_u64(*word);
                state.write_u8(*len);
            }
            KeyText::Long(s) => s.hash(state),
        }
    }
}

/// Key ids per event, numbering the distinct keys in sorted order (so ties between keys break
/// by key name), and the key names.
pub fn intern(events: &[Event]) -> (Vec<u32>, Vec<String>) {
    let mut first: FxHashMap<KeyText, u32> = FxHashMap::default();
    let mut names: Vec<&str> = Vec::new();
    let mut ids = Vec::with_capacity(events.len());
    for e in events {
        let id = match first.entry(KeyText::of(&e.key)) {
            Entry::Occupied(o) => *o.get(),
            Entry::Vacant(v) => {
                names.push(&e.key);
                *v.insert(names.len() as u32 - 1)
            }
        };
        ids.push(id);
    }
    let mut by_name: Vec<u32> = (0..names.len() as u32).collect();
    by_name.sort_unstable_by_key(|&id| names[id as usize]);
    let mut rank = vec![0u32; names.len()];
    for (r, &id) in by_name.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    for id in &mut ids {
        *id = rank[*id as usize];
    }
    (ids, by_name.iter().map(|&id| names[id as usize].to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_numbered_in_name_order() {
        let ev = |k: &str| Event { key: k.into(), value: 0.0, event_time: 0, arrival: 0 };
        let (ids, names) = intern(&[ev("b"), ev("a"), ev("b"), ev("c")]);
        assert_eq!(names, vec!["a", "b", "c"]);
        assert_eq!(ids, vec![1, 0, 1, 2]);
    }

    #[test]
    fn short_and_long_keys_are_told_apart() {
        let keys = ["", "\0", "\0\0", "a", "ab", "abc", "abcd", "abcde", "abcdefgh", "abcdefghi", "abcdefgi", "bacd"];
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
    fn load_reads_little_endian() {
        for n in 0..=8 {
            let b: Vec<u8> = (1..=n as u8).collect();
            let expected = b.iter().enumerate().fold(0u64, |w, (i, &x)| w | (x as u64) << (8 * i));
            assert_eq!(load(&b), expected, "{n} bytes");
        }
    }
}
