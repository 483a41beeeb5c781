use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static BINARY_FILE: Rule = Rule {
    code: "INN005",
    name: "binary-file",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A file with a YAML name holds binary data",
    doc: r#"## What it does
Reports a `.yaml`/`.yml` file that contains NUL bytes, which never occur in text: an archive,
an image or a UTF-16 export saved under a YAML name. The diagnostic points at the first NUL.

## Why is this bad?
The platform cannot read it; if it was committed by mistake it also hides the real file.

## Example
```text
A file named provider.yaml that starts with the bytes 50 4B 03 04 00 (a zip archive).
```

## Use instead
Commit the YAML text itself (if the file is UTF-16, save it as UTF-8), or remove the file.

## Fix safety
No automatic fix.
"#,
};

pub const UTF16: &str = "this file is encoded as UTF-16; YAML files for the platform must be UTF-8";
pub const UTF16_HELP: &str = "save the file with UTF-8 encoding";
pub const NUL: &str =
    "this file contains binary data (a NUL byte here); it is not a YAML text file";
pub const NUL_HELP: &str = "commit the YAML text itself, or remove the file";
