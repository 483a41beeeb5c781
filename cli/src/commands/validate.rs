//! `innominatus validate`: syntax, schema and references of every platform document found.

use super::check::{self, Mode, Settings};
use crate::args::ValidateArgs;
use std::io::Write;

pub fn run(
    args: &ValidateArgs,
    settings: &Settings,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<i32> {
    check::run(args, &Mode::validate(), settings, out, err)
}
