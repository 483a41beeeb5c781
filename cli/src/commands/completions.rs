//! `innominatus completions SHELL`: a completion script generated from the clap definition, so
//! it can never drift from the real command line.

use crate::args::{Cli, CompletionsArgs, ShellArg};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> std::io::Result<i32> {
    let shell = match args.shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
    };
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "innominatus", out);
    Ok(0)
}
