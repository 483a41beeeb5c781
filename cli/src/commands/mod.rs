pub mod explain;
pub mod validate;
