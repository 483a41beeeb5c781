//! INN3xx: graph rules (cycles, ordering, parallel groups, unreachable steps).

use crate::lint::Lint;

mod dependency_cycle;
mod dependency_order;
mod parallel_group_numbering;
mod parallel_group_order;
mod score_before_cycle;
mod self_dependency;
mod steps;
mod unreachable_step;

pub use dependency_cycle::DEPENDENCY_CYCLE;
pub use dependency_order::DEPENDENCY_ORDER;
pub use parallel_group_numbering::PARALLEL_GROUP_NUMBERING;
pub use parallel_group_order::PARALLEL_GROUP_ORDER;
pub use score_before_cycle::SCORE_BEFORE_CYCLE;
pub use self_dependency::SELF_DEPENDENCY;
pub use unreachable_step::UNREACHABLE_STEP;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[
    &dependency_cycle::LINT,
    &self_dependency::LINT,
    &dependency_order::LINT,
    &parallel_group_numbering::LINT,
    &parallel_group_order::LINT,
    &unreachable_step::LINT,
    &score_before_cycle::LINT,
];
