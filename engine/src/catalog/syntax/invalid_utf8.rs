use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static INVALID_UTF8: Rule = Rule {
    code: "INN004",
    name: "invalid-utf8",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "The file is not valid UTF-8",
    doc: r#"## What it does
Reports the first byte sequence that is not UTF-8, at its line and column. Files saved as
Latin-1 or Windows-1252 (an `é` in a description, a `µ` in a comment) are the usual cause.

## Why is this bad?
YAML documents must be Unicode; the platform's decoder rejects the file. Nothing after the bad
byte is checked until the encoding is fixed.

## Example
A file whose description was saved in Latin-1, so `Café` is stored as the bytes
`43 61 66 E9`:

```text
metadata:
  description: Caf\xE9 ordering service
```

## Use instead
Save the file as UTF-8 (most editors: "Reopen with encoding Latin-1", then "Save with
encoding UTF-8").

## Fix safety
No automatic fix: the original encoding cannot be known for certain.
"#,
};

/// The first byte that does not start a UTF-8 character.
pub fn message(byte: u8) -> String {
    format!("this file is not valid UTF-8: byte 0x{byte:02X} at this position does not start a UTF-8 character")
}

pub const HELP: &str = "the file was probably saved as Latin-1 or Windows-1252; save it as UTF-8";
