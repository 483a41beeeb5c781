//! INN6xx: best practice, security and policy.

use crate::lint::Lint;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[];
