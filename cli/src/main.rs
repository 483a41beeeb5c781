//! The `innominatus` command: a thin shell over innominatus-engine.

mod args;
mod cache;
mod commands;
mod configuration;
mod heap;
mod render;
mod report;
mod warm;
mod watch;

use args::{Cli, ColorWhen, Command};
// The file-system side shared with the language server, under the names the commands use.
use clap::Parser;
use innominatus_fs::walk;
use std::io::{BufWriter, IsTerminal, Write};

fn settings(cli: &Cli, color: bool) -> commands::check::Settings {
    commands::check::Settings {
        config_file: cli.config.clone(),
        isolated: cli.isolated,
        color,
    }
}

fn main() {
    warm::start_for(std::env::args_os());
    let cli = Cli::parse();
    // The language server owns standard output (the protocol): it must not be locked here.
    if let Command::Lsp(args) = &cli.command {
        std::process::exit(commands::lsp::run(args));
    }
    // So does the debug adapter.
    if let Command::Dap(_) = &cli.command {
        std::process::exit(commands::dap::run());
    }
    let stdout = std::io::stdout();
    let color = match cli.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let result = match &cli.command {
        Command::Validate(args) => {
            commands::validate::run(args, &settings(&cli, color), &mut out, &mut err)
        }
        Command::Lint(args) => {
            commands::lint::run(args, &settings(&cli, color), &mut out, &mut err)
        }
        Command::Explain(args) => commands::explain::run(args, &mut out, &mut err),
        Command::Graph(args) => {
            commands::graph::run(args, &settings(&cli, color), &mut out, &mut err)
        }
        Command::Impact(args) => {
            commands::impact::run(args, &settings(&cli, color), &mut out, &mut err)
        }
        Command::Workflow(args) => {
            commands::workflow::run(args, &settings(&cli, color), &mut out, &mut err)
        }
        Command::Init(args) => commands::init::run(args, &mut out, &mut err),
        Command::Doctor(args) => {
            commands::doctor::run(args, &settings(&cli, color), &mut out, &mut err)
        }
        Command::Completions(args) => commands::completions::run(args, &mut out),
        Command::Man(args) => commands::man::run(args, &mut out, &mut err),
        Command::Schemas(args) => commands::schemas::run(args, &mut out, &mut err),
        Command::Lsp(_) | Command::Dap(_) => {
            unreachable!("handled before standard output is locked")
        }
    };
    let code = match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        // `innominatus validate | head` closes the pipe early: not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    };
    std::process::exit(code);
}
