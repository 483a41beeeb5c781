//! INN4xx: Go templates, placeholders and condition expressions.

use crate::lint::Lint;

mod inputs;
mod rendered;
mod scanned;
mod score_fields;

mod bool_parameter_truthiness;
mod condition_expression;
mod invalid_score_placeholder;
mod non_identifier_field;
mod range_over_parameter;
mod resource_placeholder_without_output;
mod template_in_outputs;
mod template_parse_error;
mod template_root;
mod template_too_deep;
mod unclosed_score_placeholder;
mod undefined_workflow_variable;
mod unknown_metadata_placeholder;
mod unknown_parameter;
mod unknown_resource_output;
mod unknown_template_function;
mod unrendered_template;
mod unsubstituted_reference;

pub use bool_parameter_truthiness::BOOL_PARAMETER_TRUTHINESS;
pub use condition_expression::CONDITION_EXPRESSION;
pub use invalid_score_placeholder::INVALID_SCORE_PLACEHOLDER;
pub use non_identifier_field::NON_IDENTIFIER_FIELD;
pub use range_over_parameter::RANGE_OVER_PARAMETER;
pub use resource_placeholder_without_output::RESOURCE_PLACEHOLDER_WITHOUT_OUTPUT;
pub use template_in_outputs::TEMPLATE_IN_OUTPUTS;
pub use template_parse_error::TEMPLATE_PARSE_ERROR;
pub use template_root::TEMPLATE_ROOT;
pub use template_too_deep::TEMPLATE_TOO_DEEP;
pub use unclosed_score_placeholder::UNCLOSED_SCORE_PLACEHOLDER;
pub use undefined_workflow_variable::UNDEFINED_WORKFLOW_VARIABLE;
pub use unknown_metadata_placeholder::UNKNOWN_METADATA_PLACEHOLDER;
pub use unknown_parameter::UNKNOWN_PARAMETER;
pub use unknown_resource_output::UNKNOWN_RESOURCE_OUTPUT;
pub use unknown_template_function::UNKNOWN_TEMPLATE_FUNCTION;
pub use unrendered_template::UNRENDERED_TEMPLATE;
pub use unsubstituted_reference::UNSUBSTITUTED_REFERENCE;

/// The lints of this group, in code order.
pub static LINTS: &[&Lint] = &[
    &template_parse_error::LINT,
    &unknown_template_function::LINT,
    &non_identifier_field::LINT,
    &template_root::LINT,
    &unknown_parameter::LINT,
    &undefined_workflow_variable::LINT,
    &unsubstituted_reference::LINT,
    &template_in_outputs::LINT,
    &bool_parameter_truthiness::LINT,
    &range_over_parameter::LINT,
    &invalid_score_placeholder::LINT,
    &unclosed_score_placeholder::LINT,
    &resource_placeholder_without_output::LINT,
    &condition_expression::LINT,
    &unrendered_template::LINT,
    &template_too_deep::LINT,
    &unknown_metadata_placeholder::LINT,
    &unknown_resource_output::LINT,
];
