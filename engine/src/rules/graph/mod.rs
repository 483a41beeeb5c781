//! INN3xx: graph rules (cycles, ordering, parallel groups, unreachable steps).

use crate::lint::Lint;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[];
