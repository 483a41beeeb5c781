//! INN2xx: references across documents (steps, resources, providers, workflow files, golden paths).

use crate::lint::Lint;

mod unknown_dependency;

pub use unknown_dependency::UNKNOWN_DEPENDENCY;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[&unknown_dependency::LINT];
