use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static TAB_INDENTATION: Rule = Rule {
    code: "INN003",
    name: "tab-indentation",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A tab character is used for indentation",
    doc: r#"## What it does
Reports a tab character in the indentation of a line (outside block scalars, where tabs are
content).

## Why is this bad?
YAML forbids tabs for indentation. Editors often show a tab as the same width as the spaces
around it, so the file looks right and still fails to parse at deployment.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
	name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No automatic fix yet: the width a tab stands for depends on the author's editor.
"#,
};

/// What is wrong.
pub const MESSAGE: &str = "tab character in indentation; YAML indentation must be spaces";

/// What to do, given how many spaces precede the tab on its line.
pub fn help(spaces_before: usize) -> String {
    match spaces_before {
        0 => "replace the tab with spaces".to_string(),
        n => format!("replace the tab with spaces (the {n} space(s) before it already count)"),
    }
}
