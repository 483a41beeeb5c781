//! innominatus-lsp: the language server behind `innominatus lsp`.
//!
//! A thin view over the engine: documents (ropes) in, diagnostics, code actions and editor
//! features out, positions converted in one place ([`position`]). See [`session`] for the
//! ordering and panic rules.

mod checks;
pub mod code_actions;
pub mod code_lens;
pub mod context;
pub mod custom;
pub mod diagnostics;
pub mod documents;
mod early;
pub mod features;
pub mod index;
pub mod logging;
pub mod memory;
pub mod ordered;
pub mod position;
pub mod project;
pub mod requests;
pub mod serialised;
pub mod server;
pub mod session;
pub mod settings;
pub mod transport;
mod urgent;

use documents::DocumentStore;
use ordered::InOrder;
use position::Encoding;
use requests::Backend;
pub use session::ServerOptions;
use session::Shared;
use std::sync::{Arc, Mutex};
use tower_lsp_server::{ClientSocket, LspService};

/// The server as a tower service (edits applied in arrival order) and the socket of
/// messages it sends to the client. In-process tests drive this directly.
pub fn service(options: ServerOptions) -> (InOrder<LspService<Backend>>, ClientSocket) {
    // Documents are checked again on every edit: their unchanged templates are not parsed
    // again (bounded; see the engine's `template::memo`).
    innominatus_engine::template::memo::keep_between_checks(true);
    let docs = Arc::new(DocumentStore::default());
    let encoding = Arc::new(Mutex::new(Encoding::default()));
    let (d, e) = (docs.clone(), encoding.clone());
    let (service, socket) = LspService::build(move |client| {
        let shared = Arc::new(Shared::new(client, d, e, options));
        // The schemas compile from now on, off the runtime, while the client starts and
        // sends `initialize`: the first document opened is then checked without waiting
        // for them (a cold first check was 8 ms, 5 of them compiling). The compile gives
        // way to the checks of open documents (see `urgent`). Without the thread (the
        // system refused one), each schema compiles at its first use instead.
        let urgent = shared.urgent.clone();
        let _ = std::thread::Builder::new()
            .name("schema-compile".into())
            .spawn(move || innominatus_engine::schema::catalog::compile_all(&|| urgent.give_way()));
        Backend { shared }
    })
    .custom_method(custom::DRY_RUN_METHOD, Backend::dry_run)
    .custom_method(custom::GRAPH_METHOD, Backend::graph)
    .custom_method(transport::MALFORMED_METHOD, Backend::malformed)
    .finish();
    (InOrder::new(service, docs, encoding), socket)
}

/// Threads for checks, requests and file events at the same time: a check of the open
/// document, a workspace re-check and the four request handlers the transport runs at
/// once (`transport::CONCURRENT_HANDLERS`) never wait, and two spare.
const MAX_BLOCKING_THREADS: usize = 2 + transport::CONCURRENT_HANDLERS + 2;

/// Serves on standard input and output until the client says `exit`. Returns the exit
/// status of the process.
pub fn run_stdio(options: ServerOptions) -> i32 {
    memory::single_arena();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Blocking threads (checks and requests) end after a second without work
        // (tokio's default: ten): a thread's allocator cache (glibc's tcache, up to about
        // 240 kB of small freed blocks, pinning heap pages no trim can give back) returns
        // to the heap only when the thread ends. While the user types, threads stay; after
        // a pause, starting one costs tens of microseconds against milliseconds for a
        // check. The trim when a thread stops gives back what the previous one left (see
        // memory.rs). Standard input is read on a thread of its own (transport.rs), not
        // the pool, which would start a thread per read.
        .thread_keep_alive(std::time::Duration::from_secs(1))
        // Every close, watched-file event and check runs on a blocking thread, and a burst
        // of closes (lspdrive's rapid open/close: 300 in 0.4 s) started a thread each
        // (102 threads, 263 MB, each parsing its file at once) with tokio's limit of 512.
        // Two cores gain nothing from more than a few; the rest queue.
        .max_blocking_threads(MAX_BLOCKING_THREADS)
        .on_thread_stop(memory::release)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the language server runtime: {e}");
            return 2;
        }
    };
    let status = runtime.block_on(async {
        let outlet = options.outlet.clone();
        let (service, socket) = service(options);
        transport::serve(
            std::io::stdin(),
            std::io::stdout(),
            service,
            socket,
            &outlet,
        )
        .await
    });
    // Blocking analyses still running are abandoned: the client has gone.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    status
}
