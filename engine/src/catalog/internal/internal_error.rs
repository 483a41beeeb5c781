use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static INTERNAL_ERROR: Rule = Rule {
    code: "INN902",
    name: "internal-error",
    group: Group::Internal,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "The tool failed while checking a file",
    doc: r#"## What it does
Reports that checking a file failed inside the tool itself. The failure is caught, the other
files are still checked, and the command exits with status 2.

## Why is this bad?
It is a bug in innominatus-tools, not in your file. Please report it with the file (or a
reduced copy) and the message.

## Example
```text
error[INN902 internal-error]: checking this file failed inside innominatus: ...
```
"#,
};

/// Checking a file failed inside the tool (`what`: the panic's text).
pub fn message(what: &str) -> String {
    format!("checking this file failed inside innominatus: {what}")
}

pub const HELP: &str = "this is a bug in innominatus-tools; please report it with the file";
