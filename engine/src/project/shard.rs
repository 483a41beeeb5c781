//! `--shard K/N`: which files a run of `validate` or `lint` reports on when a CI matrix splits
//! one repository across N machines.
//!
//! Every shard reads and indexes every file (cross-file rules see the whole workspace), but
//! reports only the findings of the files in its slice, so the N outputs together hold each
//! finding exactly once. A file's slice must not depend on the machine, the checkout's
//! location, the working directory, the order a walk meets files, or which other files exist:
//! it is decided from the file's path relative to the repository root ([`super::root`]) alone,
//! with a fixed hash written out here (Rust's own hasher is seeded per process):
//!
//! 1. the key: the path relative to the root, `/`-separated, without `.` segments
//!    (`apps/web/score.yaml`); a file outside the root gets `..` segments
//!    (`../shared/provider.yaml`);
//! 2. `h` = 64-bit FNV-1a of the key's UTF-8 bytes (offset basis `0xcbf29ce484222325`, prime
//!    `0x100000001b3`), then MurmurHash3's 64-bit finalizer (`fmix64`), because FNV-1a alone
//!    leaves its low bits poorly mixed for keys that differ only at the end (`a-1.yaml`,
//!    `a-2.yaml`);
//! 3. the slice is `h mod N`, plus one.
//!
//! Findings that belong to no walked file — the configuration file's own problems — go to
//! shard 1 only ([`Shard::reports_run_findings`]); every shard still fails on them.

use crate::paths;
use std::fmt;
use std::path::{Component, Path};
use std::str::FromStr;

/// The K-th of N slices (1 ≤ K ≤ N).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u32,
    count: u32,
}

/// Why a `K/N` text names no shard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardError(String);

impl fmt::Display for ShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShardError {}

impl Shard {
    /// The shard `index` of `count`, both counted from one.
    pub fn new(index: u32, count: u32) -> Result<Shard, ShardError> {
        if count == 0 {
            return Err(ShardError(
                "the number of shards N must be at least 1".to_string(),
            ));
        }
        if index == 0 || index > count {
            return Err(ShardError(format!(
                "shard {index} does not exist: K must be between 1 and {count} (shards are counted from 1)"
            )));
        }
        Ok(Shard { index, count })
    }

    pub fn index(self) -> u32 {
        self.index
    }

    pub fn count(self) -> u32 {
        self.count
    }

    /// Whether the file with this key ([`key`]) is in this shard.
    pub fn owns(self, key: &str) -> bool {
        slice_of(key, self.count) == self.index
    }

    /// Whether `file` is in this shard, for a run whose repository root is `root` (both may
    /// be relative to `cwd`).
    pub fn owns_file(self, file: &Path, root: &Path, cwd: &Path) -> bool {
        self.owns(&key(file, root, cwd))
    }

    /// Whether this shard reports the findings that belong to the run rather than to one of
    /// its files (the configuration's problems): shard 1, so that the merged outputs hold
    /// them once.
    pub fn reports_run_findings(self) -> bool {
        self.index == 1
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    /// `K/N`, as `--shard` takes it (`2/4`).
    fn from_str(text: &str) -> Result<Shard, ShardError> {
        let Some((k, n)) = text.split_once('/') else {
            return Err(ShardError(format!(
                "`{text}` is not a shard: expected K/N, the K-th of N shards (for example 2/4)"
            )));
        };
        let number = |part: &str, what: &str| {
            part.trim().parse::<u32>().map_err(|_| {
                ShardError(format!(
                    "`{text}` is not a shard: {what} `{part}` is not a whole number (expected K/N, for example 2/4)"
                ))
            })
        };
        Shard::new(number(k, "K")?, number(n, "N")?)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The slice (1..=count) of the file with this key.
pub fn slice_of(key: &str, count: u32) -> u32 {
    let slice = stable_hash(key.as_bytes()) % u64::from(count.max(1));
    // `slice < count`, a `u32`.
    slice as u32 + 1
}

/// The key a file is sharded by: its path relative to the repository `root`, `/`-separated
/// (`file` and `root` may be relative to `cwd`). A file outside the root is written with `..`
/// segments, so that it too has the same key wherever the repository is checked out.
pub fn key(file: &Path, root: &Path, cwd: &Path) -> String {
    let file = normalized(&super::root::absolute(file, cwd));
    let root = normalized(&super::root::absolute(root, cwd));
    let file_parts: Vec<&str> = file.split('/').filter(|s| !s.is_empty()).collect();
    let root_parts: Vec<&str> = root.split('/').filter(|s| !s.is_empty()).collect();
    let common = file_parts
        .iter()
        .zip(&root_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; root_parts.len() - common];
    parts.extend(&file_parts[common..]);
    parts.join("/")
}

/// A path as `/`-separated text with `.` and `..` applied, whatever the platform's separator.
fn normalized(path: &Path) -> String {
    let text: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
            Component::RootDir | Component::CurDir => None,
        })
        .collect();
    paths::normalize(&format!("/{}", text.join("/")))
}

/// FNV-1a (64 bits) followed by MurmurHash3's `fmix64`: fixed forever, since machines running
/// different versions of the tool must agree on every file's slice.
fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_of_n_parses_and_prints_back() {
        let s: Shard = "2/4".parse().unwrap();
        assert_eq!((s.index(), s.count()), (2, 4));
        assert_eq!(s.to_string(), "2/4");
        assert_eq!("1/1".parse::<Shard>().unwrap(), Shard::new(1, 1).unwrap());
    }

    #[test]
    fn impossible_shards_say_what_is_expected() {
        for (text, says) in [
            ("0/3", "between 1 and 3"),
            ("4/3", "between 1 and 3"),
            ("1/0", "at least 1"),
            ("3", "expected K/N"),
            ("a/3", "`a` is not a whole number"),
            ("1/-2", "`-2` is not a whole number"),
            ("", "expected K/N"),
        ] {
            let e = text.parse::<Shard>().unwrap_err().to_string();
            assert!(e.contains(says), "{text}: {e}");
        }
    }

    /// The hash is part of the contract between machines: these values must never change.
    #[test]
    fn the_hash_is_pinned() {
        // Computed independently from the description above (a few lines of Python).
        assert_eq!(stable_hash(b""), 0xefd0_1f60_ba99_2926);
        assert_eq!(stable_hash(b"apps/web/score.yaml"), 0xfc56_091a_f847_75b9);
        let slices: Vec<u32> = [
            "score.yaml",
            "apps/web/score.yaml",
            "providers/db/provider.yaml",
        ]
        .iter()
        .map(|k| slice_of(k, 4))
        .collect();
        assert_eq!(slices, vec![2, 2, 1]);
    }

    #[test]
    fn every_file_is_in_exactly_one_shard_and_the_slices_are_even() {
        for n in 1..=7u32 {
            let mut sizes = vec![0usize; n as usize];
            for i in 0..7000 {
                let key = format!("apps/team-{}/service-{i}.yaml", i % 13);
                let owners: Vec<u32> = (1..=n)
                    .filter(|&k| Shard::new(k, n).unwrap().owns(&key))
                    .collect();
                assert_eq!(owners.len(), 1, "{key} in shards {owners:?} of {n}");
                sizes[owners[0] as usize - 1] += 1;
            }
            let expected = 7000 / n as usize;
            for size in sizes {
                // Within 10% of an even split.
                assert!(size.abs_diff(expected) * 10 < expected, "{n}: {size}");
            }
        }
    }

    #[test]
    fn the_key_is_the_path_below_the_root_wherever_the_repository_is() {
        let here = key(
            Path::new("./apps/web/score.yaml"),
            Path::new("/home/a/repo"),
            Path::new("/home/a/repo"),
        );
        let there = key(
            Path::new("repo/apps/web/../web/score.yaml"),
            Path::new("/ci/builds/repo"),
            Path::new("/ci/builds"),
        );
        let absolute = key(
            Path::new("/x/repo/apps/web/score.yaml"),
            Path::new("repo"),
            Path::new("/x"),
        );
        assert_eq!(here, "apps/web/score.yaml");
        assert_eq!(there, here);
        assert_eq!(absolute, here);
        assert_eq!(
            key(
                Path::new("../shared/provider.yaml"),
                Path::new("/r/repo"),
                Path::new("/r/repo")
            ),
            "../shared/provider.yaml"
        );
    }
}
