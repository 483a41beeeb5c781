//! Templates, placeholders and expressions embedded in YAML strings, parsed with byte
//! positions so that every finding points at the exact characters in the file:
//!
//! - [`go`]: Go `text/template` (`{{ .parameters.x }}`), rendered by the platform in policy
//!   scripts and kubernetes manifests;
//! - [`reference`]: innominatus execution-context references (`${workflow.X}`, `$VAR`);
//! - [`placeholder`]: Score placeholders (`${resources.db.host}`, `$$` escapes);
//! - [`condition`]: the step condition expressions of `if`/`unless`;
//! - [`scalar_map`]: offsets in a scalar's decoded text back to bytes of the file;
//! - [`memo`]: parsed templates kept between checks of a document (the language server).

pub mod condition;
pub mod go;
pub mod memo;
pub mod placeholder;
pub mod reference;
pub mod scalar_map;

pub use scalar_map::ScalarMap;
