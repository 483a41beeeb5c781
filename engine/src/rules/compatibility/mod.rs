//! INN5xx: compatibility with the live platform (ignored fields, wrong executor fields).

use crate::lint::Lint;

pub mod engines;
mod goparse;
mod gp_params;

mod api_version_shape;
pub(crate) mod environment_kubernetes_side_effects;
mod environment_ttl_not_enforced;
mod fields_read_elsewhere;
mod git_provider_workflows_unreachable;
mod golden_path_parameter_constraint;
mod golden_path_parameter_default;
mod ignored_by_live_engine;
mod kubernetes_step_config;
mod misplaced_steps;
mod missing_step_config;
mod parameter_defaults_not_applied;
mod provider_core_version;
mod provider_not_orchestratable;
mod score_workflows_legacy_runner;
mod simulated_step_type;
mod start_up_step_fields;
mod step_timeout_ignored;
mod unsupported_step_type;
mod update_delete_never_selected;

pub use api_version_shape::API_VERSION_SHAPE;
pub use environment_kubernetes_side_effects::ENVIRONMENT_KUBERNETES_SIDE_EFFECTS;
pub use environment_ttl_not_enforced::ENVIRONMENT_TTL_NOT_ENFORCED;
pub use fields_read_elsewhere::FIELDS_READ_ELSEWHERE;
pub use git_provider_workflows_unreachable::GIT_PROVIDER_WORKFLOWS_UNREACHABLE;
pub use golden_path_parameter_constraint::GOLDEN_PATH_PARAMETER_CONSTRAINT;
pub use golden_path_parameter_default::GOLDEN_PATH_PARAMETER_DEFAULT;
pub use ignored_by_live_engine::IGNORED_BY_LIVE_ENGINE;
pub use kubernetes_step_config::KUBERNETES_STEP_CONFIG;
pub use misplaced_steps::MISPLACED_STEPS;
pub use missing_step_config::MISSING_STEP_CONFIG;
pub use parameter_defaults_not_applied::PARAMETER_DEFAULTS_NOT_APPLIED;
pub use provider_core_version::PROVIDER_CORE_VERSION;
pub use provider_not_orchestratable::PROVIDER_NOT_ORCHESTRATABLE;
pub use score_workflows_legacy_runner::SCORE_WORKFLOWS_LEGACY_RUNNER;
pub use simulated_step_type::SIMULATED_STEP_TYPE;
pub use step_timeout_ignored::STEP_TIMEOUT_IGNORED;
pub use unsupported_step_type::UNSUPPORTED_STEP_TYPE;
pub use update_delete_never_selected::UPDATE_DELETE_NEVER_SELECTED;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[
    &unsupported_step_type::LINT,
    &fields_read_elsewhere::LINT,
    &kubernetes_step_config::LINT,
    &missing_step_config::LINT,
    &simulated_step_type::LINT,
    &ignored_by_live_engine::LINT,
    &step_timeout_ignored::LINT,
    &misplaced_steps::LINT,
    &api_version_shape::LINT,
    &parameter_defaults_not_applied::LINT,
    &environment_kubernetes_side_effects::LINT,
    &environment_ttl_not_enforced::LINT,
    &score_workflows_legacy_runner::LINT,
    &provider_core_version::LINT,
    &provider_not_orchestratable::LINT,
    &git_provider_workflows_unreachable::LINT,
    &update_delete_never_selected::LINT,
    &golden_path_parameter_default::LINT,
    &golden_path_parameter_constraint::LINT,
];
