//! The text of a model's value, shared between every value that writes the same words.
//!
//! A workspace index keeps every file's names for the whole run, and the same few words
//! come back file after file (step types, resource types, `dependsOn` targets, operation
//! names, images): on a generated 100,000-file tree most of the index's strings were
//! copies. Each worker thread keeps the short texts it has made lately and hands out the
//! same allocation for the same words, so a name repeated across files costs one pointer.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string that reads like `&str` (`as_str`, `==`, `Display`, `Debug` as a
/// `String` would print it). Two words where a `String` takes three, and no copy of words
/// another value already holds.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

/// Texts longer than this are rarely repeated (scripts, long values): made without a look-up.
const SHARED_UP_TO: usize = 64;

/// How many texts a thread keeps for sharing before it forgets those no value holds any
/// more. Small: the words that repeat most come back at once after a reset, while a set of
/// 65,536 held 2 MB of words of files already checked and dropped (`validate` of 100
/// 5,000-line specs), and a language server makes new words with every edit.
const KEPT_TEXTS: usize = 1 << 12;

/// foldhash, not SipHash: a look-up is made for nearly every value a model holds (SipHash
/// showed in `validate`'s profile), and the keys are short words of the user's own files.
type Recent = HashSet<Arc<str>, foldhash::fast::RandomState>;

thread_local! {
    static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
}

impl Text {
    /// The text of `s`, sharing the allocation of an equal short text made before on this
    /// thread.
    pub fn new(s: &str) -> Text {
        if s.len() > SHARED_UP_TO {
            return Text(Arc::from(s));
        }
        RECENT.with(|recent| {
            let mut recent = recent.borrow_mut();
            if let Some(known) = recent.get(s) {
                return Text(known.clone());
            }
            if recent.len() >= KEPT_TEXTS {
                forget_unheld(&mut recent);
            }
            let made: Arc<str> = Arc::from(s);
            recent.insert(made.clone());
            Text(made)
        })
    }

    /// The text of `s` in an allocation of its own: for texts dropped soon after (what a
    /// rule reads while it checks a file), which gain nothing from a look-up.
    pub fn unshared(s: &str) -> Text {
        Text(Arc::from(s))
    }

    /// Whether both are the same allocation (for tests of the sharing).
    #[cfg(test)]
    pub(crate) fn shares_with(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Keeps only the texts some value still holds; when those alone fill the set, starts over
/// (sharing is an economy, never needed for correctness).
fn forget_unheld(recent: &mut Recent) {
    recent.retain(|t| Arc::strong_count(t) > 1);
    if recent.len() >= KEPT_TEXTS / 2 {
        *recent = Recent::default();
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new(&s)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.to_string()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_short_texts_share_one_allocation() {
        let a = Text::new("postgres");
        let b = Text::new(&String::from("postgres"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, "postgres");
        assert_eq!(format!("{b:?}"), format!("{:?}", "postgres"));
    }

    #[test]
    fn long_texts_are_not_looked_up() {
        let long = "x".repeat(SHARED_UP_TO + 1);
        let (a, b) = (Text::new(&long), Text::new(&long));
        assert!(!Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a, b);
    }

    #[test]
    fn unshared_texts_are_not_looked_up_nor_kept() {
        let kept = Text::new("kept-for-sharing");
        let own = Text::unshared("kept-for-sharing");
        assert!(!Arc::ptr_eq(&kept.0, &own.0));
        assert_eq!(kept, own);
        Text::unshared("never-kept");
        RECENT.with(|recent| assert!(!recent.borrow().contains("never-kept")));
    }

    #[test]
    fn a_full_set_forgets_the_texts_no_value_holds() {
        let held = Text::new("held-by-a-value");
        for i in 0..KEPT_TEXTS {
            Text::new(&format!("dropped-{i}"));
        }
        RECENT.with(|recent| {
            let recent = recent.borrow();
            assert!(recent.len() < KEPT_TEXTS / 2, "kept {}", recent.len());
            assert!(recent.contains("held-by-a-value"));
        });
        assert!(Arc::ptr_eq(&held.0, &Text::new("held-by-a-value").0));
    }
}
