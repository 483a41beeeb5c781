use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static MULTIPLE_DOCUMENTS: Rule = Rule {
    code: "INN007",
    name: "multiple-documents",
    group: Group::Syntax,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A platform file holds several YAML documents; only the first is read",
    doc: r#"## What it does
Reports, once per file, on the `---` that starts the second document, that every document after
the first one is ignored, in a file that holds Score specs or innominatus documents.

## Why is this bad?
The platform, score-compose and score-k8s all decode only the first document of a file; every
later document is dropped without a word, even one that would not parse. Later documents are
not checked for schema or run-time problems here either: only the first one will ever be deployed.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
---
apiVersion: score.dev/v1b1
metadata:
  name: billing
containers:
  main:
    image: ghcr.io/acme/billing:2.0.1
```

## Use instead
Put each workload, workflow or provider in a file of its own.

```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No automatic fix: splitting a file needs new file names.
"#,
};

/// A file of `documents` documents, `lost` of them after the first holding content.
pub fn message(documents: usize, lost: usize) -> String {
    let which = match documents {
        2 => "document 2 of this file is".to_string(),
        n => format!("documents 2 to {n} of this file are"),
    };
    // Empty documents (a stray `---`) lose nothing; say so when some are.
    let content = match lost {
        n if n + 1 == documents => String::new(),
        n => format!(" ({n} with content)"),
    };
    format!("{which} ignored{content}: the platform reads only the first document of a file, so nothing after this `---` is checked or deployed")
}

pub const HELP: &str = "move each later document into a file of its own";
