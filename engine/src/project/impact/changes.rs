//! Which files a change touches, from the bytes of both sides.

use crate::workspace::normalize;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeStatus {
    Added,
    Modified,
    Deleted,
    /// Named with `--changed`: the base is not known, so neither is what changed in it.
    Named,
}

impl ChangeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeStatus::Added => "added",
            ChangeStatus::Modified => "modified",
            ChangeStatus::Deleted => "deleted",
            ChangeStatus::Named => "named",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangedFile {
    /// The path as the workspace spells it (normalised, `/`-separated).
    pub path: String,
    pub status: ChangeStatus,
}

/// The files whose bytes differ between `base` and `head` (path, bytes), sorted by path.
/// Paths are compared normalised, so `./a.yaml` and `a.yaml` are one file.
pub fn changed_files(base: &[(String, Vec<u8>)], head: &[(String, Vec<u8>)]) -> Vec<ChangedFile> {
    let before: BTreeMap<String, &[u8]> = base
        .iter()
        .map(|(p, b)| (normalize(p), b.as_slice()))
        .collect();
    let after: BTreeMap<String, &[u8]> = head
        .iter()
        .map(|(p, b)| (normalize(p), b.as_slice()))
        .collect();
    let mut out = Vec::new();
    for (path, bytes) in &after {
        match before.get(path) {
            None => out.push((path, ChangeStatus::Added)),
            Some(old) if old != bytes => out.push((path, ChangeStatus::Modified)),
            Some(_) => {}
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        out.push((path, ChangeStatus::Deleted));
    }
    let mut out: Vec<ChangedFile> = out
        .into_iter()
        .map(|(path, status)| ChangedFile {
            path: path.clone(),
            status,
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(files: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn added_modified_and_deleted_files_and_nothing_else() {
        let base = side(&[("./a.yaml", "a"), ("b.yaml", "b"), ("c.yaml", "c")]);
        let head = side(&[("a.yaml", "a"), ("b.yaml", "B"), ("d.yaml", "d")]);
        let got: Vec<(String, ChangeStatus)> = changed_files(&base, &head)
            .into_iter()
            .map(|c| (c.path, c.status))
            .collect();
        assert_eq!(
            got,
            vec![
                ("b.yaml".to_string(), ChangeStatus::Modified),
                ("c.yaml".to_string(), ChangeStatus::Deleted),
                ("d.yaml".to_string(), ChangeStatus::Added),
            ]
        );
    }
}
