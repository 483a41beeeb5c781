//! INN5xx: compatibility with the live platform (ignored fields, wrong executor fields).

use crate::lint::Lint;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[];
