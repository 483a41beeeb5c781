//! INN6xx: best practice, security and policy.

use crate::lint::Lint;

mod admin_policy;
mod image;

mod image_latest_tag;
mod missing_owner_label;
mod missing_resource_limits;
mod plaintext_secret_in_admin_config;
mod plaintext_secret_in_score;
mod policy_forbidden_image_tag;
mod policy_required_label;
mod policy_step_type_not_allowed;
mod policy_too_many_steps;

pub use image_latest_tag::IMAGE_LATEST_TAG;
pub use missing_owner_label::MISSING_OWNER_LABEL;
pub use missing_resource_limits::MISSING_RESOURCE_LIMITS;
pub use plaintext_secret_in_admin_config::PLAINTEXT_SECRET_IN_ADMIN_CONFIG;
pub use plaintext_secret_in_score::PLAINTEXT_SECRET_IN_SCORE;
pub use policy_forbidden_image_tag::POLICY_FORBIDDEN_IMAGE_TAG;
pub use policy_required_label::POLICY_REQUIRED_LABEL;
pub use policy_step_type_not_allowed::POLICY_STEP_TYPE_NOT_ALLOWED;
pub use policy_too_many_steps::POLICY_TOO_MANY_STEPS;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[
    &image_latest_tag::LINT,
    &plaintext_secret_in_admin_config::LINT,
    &missing_resource_limits::LINT,
    &missing_owner_label::LINT,
    &policy_step_type_not_allowed::LINT,
    &policy_too_many_steps::LINT,
    &policy_required_label::LINT,
    &policy_forbidden_image_tag::LINT,
    &plaintext_secret_in_score::LINT,
];
