//! INN4xx: Go templates, placeholders and condition expressions.

use crate::lint::Lint;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[];
