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
Reports every document after the first one (separated by `---`) in a file that holds Score
specs or innominatus documents.

## Why is this bad?
The platform, score-compose and score-k8s all decode only the first document of a file; every
later document is dropped without a word. Each document is still checked here, but only the
first one will ever be deployed.

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

/// Document `number` (1-based) of a file, which the platform never reads.
pub fn message(number: usize) -> String {
    format!("document {number} of this file is ignored: the platform reads only the first document of a file")
}

pub const HELP: &str = "move this document into a file of its own";
