//! What a dry run is asked for besides the file and its workspace.

use crate::plan::{Engine, Scenario};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What is simulated and how: everything a dry run is given besides the file and its
/// workspace.
#[derive(Clone, Debug)]
pub struct Request {
    pub engine: Engine,
    /// Parameters given (they win over golden-path defaults and a resource's engine inputs).
    pub parameters: BTreeMap<String, String>,
    pub scenario: Scenario,
    /// The golden path whose defaults apply (else the one that runs the workflow, if any).
    pub golden_path: Option<String>,
    /// Only this resource of a Score spec (and none of its embedded workflows).
    pub resource: Option<String>,
    /// The repository of the file ([`repository_root`]), named as the workspace names
    /// files: its golden paths and providers are the ones that apply.
    pub repository: PathBuf,
}

impl Request {
    /// The documented engine, no parameters, no scenario, no golden path, every resource.
    pub fn new(repository: PathBuf) -> Request {
        Request {
            engine: Engine::Documented,
            parameters: BTreeMap::new(),
            scenario: Scenario::default(),
            golden_path: None,
            resource: None,
            repository,
        }
    }
}
