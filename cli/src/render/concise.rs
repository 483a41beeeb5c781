use crate::report::Report;
use std::io::{self, Write};

/// `file:line:col: severity[CODE name] message`, one line per finding.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let p = report.position(&d.file, d.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{} {}] {}",
            d.file,
            p.line,
            p.column,
            d.severity.as_str(),
            d.code,
            d.name,
            d.message.replace('\n', " ")
        )?;
    }
    Ok(())
}
