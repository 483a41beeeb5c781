//! INN2xx: references across documents (steps, resources, providers, workflow files, golden paths).

use crate::lint::Lint;

mod admin_provider_path_missing;
mod conflicting_provider_claims;
mod duplicate_provider_name;
mod duplicate_provider_workflow_name;
mod duplicate_resource_type_claim;
mod duplicate_step_name;
mod golden_path_workflow_location;
mod missing_golden_path_workflow;
mod missing_workflow_file;
mod operation_workflow_mismatch;
mod provider_directory_mismatch;
mod required_parameter_not_supplied;
mod resource_type_unresolved;
mod resource_type_without_capability;
mod undeclared_resource_placeholder;
mod unknown_alias_target;
mod unknown_dependency;
mod unknown_provider_workflow;

pub use admin_provider_path_missing::ADMIN_PROVIDER_PATH_MISSING;
pub use conflicting_provider_claims::CONFLICTING_PROVIDER_CLAIMS;
pub use duplicate_provider_name::DUPLICATE_PROVIDER_NAME;
pub use duplicate_provider_workflow_name::DUPLICATE_PROVIDER_WORKFLOW_NAME;
pub use duplicate_resource_type_claim::DUPLICATE_RESOURCE_TYPE_CLAIM;
pub use duplicate_step_name::DUPLICATE_STEP_NAME;
pub use golden_path_workflow_location::GOLDEN_PATH_WORKFLOW_LOCATION;
pub use missing_golden_path_workflow::MISSING_GOLDEN_PATH_WORKFLOW;
pub use missing_workflow_file::MISSING_WORKFLOW_FILE;
pub use operation_workflow_mismatch::OPERATION_WORKFLOW_MISMATCH;
pub use provider_directory_mismatch::PROVIDER_DIRECTORY_MISMATCH;
pub use required_parameter_not_supplied::REQUIRED_PARAMETER_NOT_SUPPLIED;
pub use resource_type_unresolved::RESOURCE_TYPE_UNRESOLVED;
pub use resource_type_without_capability::RESOURCE_TYPE_WITHOUT_CAPABILITY;
pub use undeclared_resource_placeholder::UNDECLARED_RESOURCE_PLACEHOLDER;
pub use unknown_alias_target::UNKNOWN_ALIAS_TARGET;
pub use unknown_dependency::UNKNOWN_DEPENDENCY;
pub use unknown_provider_workflow::UNKNOWN_PROVIDER_WORKFLOW;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[
    &unknown_dependency::LINT,
    &missing_workflow_file::LINT,
    &provider_directory_mismatch::LINT,
    &unknown_provider_workflow::LINT,
    &operation_workflow_mismatch::LINT,
    &unknown_alias_target::LINT,
    &resource_type_without_capability::LINT,
    &resource_type_unresolved::LINT,
    &conflicting_provider_claims::LINT,
    &undeclared_resource_placeholder::LINT,
    &missing_golden_path_workflow::LINT,
    &golden_path_workflow_location::LINT,
    &admin_provider_path_missing::LINT,
    &duplicate_step_name::LINT,
    &duplicate_provider_workflow_name::LINT,
    &duplicate_provider_name::LINT,
    &duplicate_resource_type_claim::LINT,
    &required_parameter_not_supplied::LINT,
];
