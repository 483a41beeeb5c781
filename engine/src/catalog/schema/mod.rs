//! INN1xx: schema violations, mapped back to the exact key or value.

pub mod deprecated_form;
pub mod fraction_truncated;
pub mod invalid_key_name;
pub mod invalid_value;
pub mod missing_required_key;
pub mod no_matching_variant;
pub mod out_of_range;
pub mod pattern_mismatch;
pub mod unknown_key;
pub mod wrong_type;

pub use deprecated_form::DEPRECATED_FORM;
pub use fraction_truncated::FRACTION_TRUNCATED;
pub use invalid_key_name::INVALID_KEY_NAME;
pub use invalid_value::INVALID_VALUE;
pub use missing_required_key::MISSING_REQUIRED_KEY;
pub use no_matching_variant::NO_MATCHING_VARIANT;
pub use out_of_range::OUT_OF_RANGE;
pub use pattern_mismatch::PATTERN_MISMATCH;
pub use unknown_key::UNKNOWN_KEY;
pub use wrong_type::WRONG_TYPE;
