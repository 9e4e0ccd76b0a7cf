//! Key interning: keys become dense ids, numbered in key order.

use super::Event;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, non-cryptographic hasher for short keys (the Fx hash of rustc): keys come from the
/// user's own scenario, so hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

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
            self.add(u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Key ids per event, numbering the distinct keys in sorted order (so ties between keys break
/// by key name), and the key names.
pub fn intern(events: &[Event]) -> (Vec<u32>, Vec<String>) {
    let mut first: HashMap<&str, u32, BuildHasherDefault<FxHasher>> = HashMap::default();
    let mut ids = Vec::with_capacity(events.len());
    for e in events {
        let n = first.len() as u32;
        ids.push(*first.entry(e.key.as_str()).or_insert(n));
    }
    let mut names: Vec<(&str, u32)> = first.into_iter().collect();
    names.sort_unstable();
    let mut rank = vec![0u32; names.len()];
    for (r, (_, id)) in names.iter().enumerate() {
        rank[*id as usize] = r as u32;
    }
    for id in &mut ids {
        *id = rank[*id as usize];
    }
    (ids, names.into_iter().map(|(n, _)| n.to_string()).collect())
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
}
