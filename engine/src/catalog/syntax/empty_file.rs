use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static EMPTY_FILE: Rule = Rule {
    code: "INN006",
    name: "empty-file",
    group: Group::Syntax,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A YAML file holds no document",
    doc: r#"## What it does
Reports a YAML file that is empty or holds only comments and blank lines.

## Why is this bad?
An empty `provider.yaml`, workflow or Score file is loaded as a document with no fields: the
platform then fails with "missing name" or silently provides nothing. Usually the content was
lost in a merge or commented out and forgotten.

## Example
```yaml
# file: goldenpaths.yaml
# goldenpaths:
#   deploy-app: ./workflows/deploy-app.yaml
```

## Use instead
```yaml
# file: goldenpaths.yaml
goldenpaths:
  deploy-app: ./workflows/deploy-app.yaml
```

## Fix safety
No automatic fix.
"#,
};

pub const MESSAGE: &str = "this file holds no YAML content";
pub const HELP: &str = "add the document, or delete the file if it is no longer needed";
