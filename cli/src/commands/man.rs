//! `innominatus man`: the man page rendered from the clap definition (roff), printed or
//! written as one page per command for packagers.

use super::check::{EXIT_CLEAN, EXIT_TROUBLE};
use crate::args::{Cli, ManArgs};
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

pub fn run(args: &ManArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    let command = Cli::command();
    let Some(dir) = &args.out_dir else {
        clap_mangen::Man::new(command).render(out)?;
        return Ok(EXIT_CLEAN);
    };
    match write_pages(&command, dir) {
        Ok(written) => {
            for path in written {
                writeln!(out, "{}", path.display())?;
            }
            Ok(EXIT_CLEAN)
        }
        Err(e) => {
            writeln!(
                err,
                "error: cannot write man pages to {}: {e}",
                dir.display()
            )?;
            Ok(EXIT_TROUBLE)
        }
    }
}

/// `innominatus.1`, then `innominatus-validate.1` and so on for every visible command and
/// nested command (`innominatus-workflow-test.1`), as git and cargo ship theirs.
fn write_pages(command: &clap::Command, dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut pending = vec![(command.get_name().to_string(), command.clone())];
    while let Some((name, cmd)) = pending.pop() {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let sub_name = format!("{name}-{}", sub.get_name());
            pending.push((sub_name.clone(), sub.clone().name(sub_name)));
        }
        let path = dir.join(format!("{name}.1"));
        let mut bytes = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut bytes)?;
        std::fs::write(&path, bytes)?;
        written.push(path);
    }
    written.sort();
    Ok(written)
}
