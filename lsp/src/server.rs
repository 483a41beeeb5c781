//! The language server's parts under the names other code imports them by: session state
//! ([`crate::session`]), checks and publication ([`crate::checks`]), and the protocol's
//! requests, one file per family ([`crate::requests`]).

pub use crate::requests::Backend;
pub use crate::session::{panic_message, Published, ServerOptions, Shared};
