//! `innominatus lint`: everything `validate` does plus every semantic rule, with fixes.

use super::check::{self, Mode, Settings};
use crate::args::LintArgs;
use std::io::Write;

pub fn run(
    args: &LintArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    check::run(&args.common, &Mode::lint(args), settings, out, err)
}
