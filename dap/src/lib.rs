//! innominatus-dap: the Debug Adapter Protocol server of `innominatus dap`. A thin view
//! over the engine's debug session (`engine/src/project/debug/`): `transport.rs` frames
//! messages on standard input and output, `launch.rs` reads a launch configuration and the
//! files it names, `server.rs` answers requests and sends events (with `breakpoints.rs`
//! and `inspect.rs`: breakpoints; stack, scopes, variables, what-ifs), `render.rs` turns
//! byte ranges and values into the protocol's shapes.

mod breakpoints;
mod inspect;
mod launch;
mod render;
mod server;
mod transport;

use std::io::{self, BufReader};

/// Serves the protocol on standard input and output until the input ends or the client
/// disconnects.
pub fn run_stdio() -> io::Result<()> {
    let stdin = io::stdin();
    let mut input = BufReader::new(stdin.lock());
    let stdout = io::stdout();
    let mut out = stdout.lock();
    server::Server::new(&mut out).serve(&mut input)
}
