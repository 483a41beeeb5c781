//! Work a checking command will need, started before it knows it needs it.
//!
//! Reading the arguments and the configuration takes the main thread about half a
//! millisecond, while the second core has nothing to do; a short `validate` of a thousand
//! small files lasts about twenty. What every such run does first (build the validator that
//! checks a schema before it compiles, read git's configuration for the global excludes) is
//! started on a thread of its own meanwhile. Whether it runs only changes when the work is
//! done, never what a command finds: the results are the ones the command would make.

use std::ffi::OsStr;

/// Starts the warm-up when the command line names a checking command. A guess from the
/// words alone, before they are parsed: a wrong one costs a little CPU, nothing else.
pub fn start_for(args: impl Iterator<Item = impl AsRef<OsStr>>) {
    let checks = args
        .skip(1)
        .any(|a| matches!(a.as_ref().to_str(), Some("validate" | "lint")));
    if checks {
        // Detached: the process does not wait for it, and what it builds is shared.
        let _ = std::thread::Builder::new()
            .name("warm-up".into())
            .spawn(|| {
                innominatus_fs::walk::prepare();
                innominatus_engine::schema::catalog::prepare_compiler();
            });
    }
}
