//! The syntax trees a workspace holds, by file index. A workspace built from trees holds
//! every file's; one built from the index alone holds none, or only some: the language
//! server holds its open documents' trees and keeps nothing but the index entry of every
//! other file, so its memory follows what is open, not the size of the folder.

use crate::source::SourceFile;
use std::ops::Index;
use std::sync::Arc;

/// One slot per file of the workspace; `None` where the tree is not held. Shared, so that a
/// slot that holds nothing costs a pointer, not a whole `SourceFile`, and the language
/// server's document snapshot and its index hold one tree, not two.
#[derive(Default)]
pub struct Trees {
    slots: Vec<Option<Arc<SourceFile>>>,
}

impl Trees {
    /// Every file's tree, by file index.
    pub(super) fn all(files: Vec<SourceFile>) -> Trees {
        Trees {
            slots: files.into_iter().map(|f| Some(Arc::new(f))).collect(),
        }
    }

    /// `count` files, no tree held.
    pub(super) fn none(count: usize) -> Trees {
        Trees {
            slots: (0..count).map(|_| None).collect(),
        }
    }

    /// The tree of file `i`, when it is held.
    pub fn get(&self, i: usize) -> Option<&SourceFile> {
        self.slots.get(i)?.as_deref()
    }

    /// Whether file `i`'s tree is held.
    pub fn holds(&self, i: usize) -> bool {
        self.get(i).is_some()
    }

    /// How many trees are held.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    /// Whether no tree is held.
    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }

    /// The held trees, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> + '_ {
        self.slots.iter().filter_map(|s| s.as_deref())
    }

    /// The held trees with their file indices.
    pub fn held(&self) -> impl Iterator<Item = (usize, &SourceFile)> + '_ {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i, s.as_deref()?)))
    }

    /// Takes every held tree out, in file order.
    pub fn take_all(&mut self) -> Vec<SourceFile> {
        std::mem::take(&mut self.slots)
            .into_iter()
            .flatten()
            .map(|shared| Arc::try_unwrap(shared).unwrap_or_else(|s| (*s).clone()))
            .collect()
    }

    /// File `i`'s tree, shared.
    pub fn shared(&self, i: usize) -> Option<Arc<SourceFile>> {
        self.slots.get(i)?.clone()
    }

    pub(super) fn put(&mut self, i: usize, file: Option<Arc<SourceFile>>) {
        if self.slots.len() <= i {
            self.slots.resize_with(i + 1, || None);
        }
        self.slots[i] = file;
    }

    pub(super) fn remove(&mut self, i: usize) {
        if i < self.slots.len() {
            self.slots.remove(i);
        }
    }
}

/// A held tree by file index. Panics when file `i`'s tree is not held: callers that may
/// meet a file the workspace only indexes use [`Trees::get`] or `Workspace::tree`.
impl Index<usize> for Trees {
    type Output = SourceFile;

    fn index(&self, i: usize) -> &SourceFile {
        self.get(i)
            .unwrap_or_else(|| panic!("the tree of file {i} is not held by the workspace"))
    }
}

/// The held trees, in file order (as [`Trees::iter`]).
impl<'a> IntoIterator for &'a Trees {
    type Item = &'a SourceFile;
    type IntoIter = Box<dyn Iterator<Item = &'a SourceFile> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}
