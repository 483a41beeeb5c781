use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static UNWRITABLE_FILE: Rule = Rule {
    code: "INN903",
    name: "unwritable-file",
    group: Group::Internal,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "Fixes could not be written to a file",
    doc: r#"## What it does
Reports a file whose fixes `lint --fix` computed but did not write: the folder or file is
read-only, the disk is full, or the file changed on disk after it was read (an edit saved in
an editor while the tree was being linted). The file is left exactly as it was.

## Why is this bad?
The findings the fixes would have removed are still in the file. Nothing was lost: a file that
changed while it was linted is never overwritten with fixes computed from its older content.
The command exits with status 2.

## Example
```text
innominatus lint --fix providers/    # a provider workflow was saved meanwhile
```

## Use instead
```text
innominatus lint --fix providers/    # run again: the fixes apply to the new content
```
"#,
};

/// The fixes of a file were not written (`why`: what the write said).
pub fn message(why: &str) -> String {
    format!("the fixes were not written: {why}")
}
