//! Kinesis' partition-key-to-shard mapping: the key's MD5 (the RustCrypto `md-5` crate) read as a
//! point of the 128-bit hash key space, split evenly over the shards.

use md5::{Digest, Md5};

/// A partition key's place in the hash key space: its MD5 digest read as a big-endian integer.
///
/// ```
/// use windowpane_ingest::partition::hash_key;
/// // MD5("abc") is 900150983cd24fb0d6963f7d28e17f72 (RFC 1321, appendix A.5).
/// assert_eq!(hash_key("abc"), 0x900150983cd24fb0d6963f7d28e17f72);
/// ```
pub fn hash_key(partition_key: &str) -> u128 {
    u128::from_be_bytes(Md5::digest(partition_key.as_bytes()).into())
}

/// The shard of `shards` whose hash key range holds `hash`, the space `[0, 2^128)` being split
/// evenly as Kinesis does when a stream is created: shard `i` starts at `i * floor(2^128 / n)` and
/// the last shard also takes the remainder.
///
/// ```
/// use windowpane_ingest::partition::shard_of;
/// assert_eq!(shard_of(0, 4), 0);
/// assert_eq!(shard_of(u128::MAX, 4), 3);
/// assert_eq!(shard_of(1u128 << 127, 2), 1);
/// assert_eq!(shard_of((1u128 << 127) - 1, 2), 0);
/// ```
pub fn shard_of(hash: u128, shards: u32) -> u32 {
    debug_assert!(shards >= 1, "a stream has at least one shard");
    if shards <= 1 {
        return 0;
    }
    let n = u128::from(shards);
    // floor(2^128 / n) without overflowing: 2^128 = u128::MAX + 1.
    let width = u128::MAX / n + u128::from(u128::MAX % n == n - 1);
    (hash / width).min(n - 1) as u32
}
