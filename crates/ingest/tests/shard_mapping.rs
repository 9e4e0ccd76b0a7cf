//! The partition key's MD5 and the hash-key-range split, checked against values worked out outside this crate.

use windowpane_ingest::partition::{hash_key, shard_of};

fn hex(key: &str) -> String {
    format!("{:032x}", hash_key(key))
}

/// The test suite of RFC 1321, appendix A.5, through the hash key (so the digest is read big-endian).
#[test]
fn rfc_1321_vectors() {
    let cases = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(hex(text), want, "md5({text:?})");
    }
}

/// Digests computed with coreutils (`printf %s device-0 | md5sum`), a second implementation.
/// With 4 shards each range is a quarter of [0, 2^128): the shard is the top two bits, i.e. the
/// first hex digit 0-3 → 0, 4-7 → 1, 8-b → 2, c-f → 3. With 2 shards: 0-7 → 0, 8-f → 1.
#[test]
fn known_keys_map_to_the_shards_worked_out_by_hand() {
    let cases = [
        // key, md5sum output, shard of 4 (by the first hex digit), shard of 2
        ("device-0", "20edbf8020159cffc50c24465473e182", 0, 0),
        ("device-1", "d111f50a599b0a9fe3ef9e1c6b68ec88", 3, 1),
        ("device-2", "27e16a9b4321aac281113b0e11160010", 0, 0),
        ("device-3", "44037090d5ca65bb51d74e74b2e8033a", 1, 0),
        ("sensor-7", "8b8d74c6c46a4a1977703deb658ba1e6", 2, 1),
        ("TeamX", "6136f89c45a74ba6533cb8955d3a8268", 1, 0),
    ];
    for (key, digest, four, two) in cases {
        assert_eq!(hex(key), digest, "md5({key:?})");
        assert_eq!(hash_key(key), u128::from_str_radix(digest, 16).unwrap(), "big-endian read of {key:?}");
        assert_eq!(shard_of(hash_key(key), 4), four, "{key:?} over 4 shards");
        assert_eq!(shard_of(hash_key(key), 2), two, "{key:?} over 2 shards");
        assert_eq!(shard_of(hash_key(key), 1), 0);
    }
}

/// The hash key ranges AWS gives a 3-shard stream (as DescribeStream lists them):
/// shard 0 ends at 113427455640312821154458202477256070484, shard 1 at
/// 226854911280625642308916404954512140969, shard 2 at 2^128 - 1.
#[test]
fn three_shard_boundaries_match_kinesis() {
    let end0: u128 = 113_427_455_640_312_821_154_458_202_477_256_070_484;
    let end1: u128 = 226_854_911_280_625_642_308_916_404_954_512_140_969;
    assert_eq!(shard_of(0, 3), 0);
    assert_eq!(shard_of(end0, 3), 0);
    assert_eq!(shard_of(end0 + 1, 3), 1);
    assert_eq!(shard_of(end1, 3), 1);
    assert_eq!(shard_of(end1 + 1, 3), 2);
    assert_eq!(shard_of(u128::MAX, 3), 2);
    // Powers of two split on bit boundaries.
    assert_eq!(shard_of((1u128 << 126) - 1, 4), 0);
    assert_eq!(shard_of(1u128 << 126, 4), 1);
    assert_eq!(shard_of(3u128 << 126, 4), 3);
}
