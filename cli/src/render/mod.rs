//! Renderers: the same report as rich text, one-liners, JSON, SARIF or GitHub annotations.

mod concise;
mod github;
mod json;
mod sarif;
mod text;

use crate::args::OutputFormat;
use crate::report::Report;
use std::io::{self, Write};

pub fn render(
    report: &Report,
    format: OutputFormat,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Text => text::render(report, color, out),
        OutputFormat::Concise => concise::render(report, out),
        OutputFormat::Json => json::render(report, out),
        OutputFormat::Sarif => sarif::render(report, out),
        OutputFormat::Github => github::render(report, out),
    }
}

/// "1 error", "3 warnings"
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
