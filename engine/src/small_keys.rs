//! A hasher for map keys that are already well spread integers we assign ourselves (document
//! and node indexes, a `TypeId`, which is a hash itself). SipHash, the standard map's hash,
//! is made to resist chosen keys; over these keys it was a visible part of linting many small
//! files and of an edit's check. One multiply-and-rotate per integer written.

use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default)]
pub struct SmallKeyHasher(u64);

/// The `HashMap` hasher parameter for such keys.
pub type SmallKeys = BuildHasherDefault<SmallKeyHasher>;

impl Hasher for SmallKeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
