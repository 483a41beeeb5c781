//! The platform's knowledge, in one place: how it resolves a resource to a provider's
//! workflow, how it loads providers, what it gives a workflow as inputs, which step types
//! each of its engines runs, and which fields it renders or scans. Rules, the dry run, the
//! graph, editor features and the inventory ask here; none keeps a copy.

pub mod fields;
pub mod inputs;
pub mod loading;
pub mod resolution;
pub mod step_types;
pub mod workflow_load;
