//! `innominatus dap`: the workflow debugger on standard input/output (innominatus-dap).

pub fn run() -> i32 {
    match innominatus_dap::run_stdio() {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
