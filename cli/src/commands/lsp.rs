//! `innominatus lsp`: the language server on standard input/output (innominatus-lsp).

use crate::args::LspArgs;
use innominatus_lsp::ServerOptions;

pub fn run(args: &LspArgs) -> i32 {
    let Some(level) = innominatus_lsp::logging::parse_level(&args.log_level) else {
        eprintln!(
            "error: unknown log level `{}`; expected error, warn, info, debug or trace",
            args.log_level
        );
        return 2;
    };
    if let Err(message) = innominatus_lsp::logging::init(args.log_file.as_deref(), level) {
        eprintln!("error: {message}");
        return 2;
    }
    innominatus_lsp::run_stdio(ServerOptions::default())
}
