pub mod check;
pub mod explain;
pub mod graph;
pub mod lint;
pub mod lsp;
pub mod validate;
pub mod workflow;
