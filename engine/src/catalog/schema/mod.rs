//! INN1xx: schema violations, mapped back to the exact key or value.

mod deprecated_form;
mod invalid_key_name;
mod invalid_value;
mod missing_required_key;
mod no_matching_variant;
mod out_of_range;
mod pattern_mismatch;
mod unknown_key;
mod wrong_type;

pub use deprecated_form::DEPRECATED_FORM;
pub use invalid_key_name::INVALID_KEY_NAME;
pub use invalid_value::INVALID_VALUE;
pub use missing_required_key::MISSING_REQUIRED_KEY;
pub use no_matching_variant::NO_MATCHING_VARIANT;
pub use out_of_range::OUT_OF_RANGE;
pub use pattern_mismatch::PATTERN_MISMATCH;
pub use unknown_key::UNKNOWN_KEY;
pub use wrong_type::WRONG_TYPE;
