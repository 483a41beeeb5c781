use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static MISSING_RESOURCE_LIMITS: Rule = Rule {
    code: "INN603",
    name: "missing-resource-limits",
    group: Group::BestPractice,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A Score container without `resources.limits`",
    doc: r#"## What it does
Reports Score containers that set no `resources.limits` (neither `cpu` nor `memory`).

## Why is this bad?
Without limits a container can use all the memory and CPU of its node, starving its
neighbours, and the scheduler cannot place it sensibly. Score implementations such as score-k8s
and score-compose turn `resources.limits` into Kubernetes limits or Compose resource limits.
Note that innominatus itself drops container `resources` when it deploys; on that platform the
limits document the intended sizing and keep the spec portable, and the provider that deploys
the workload (for example a `container` resource's `cpu`/`memory` params) must be sized to
match.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    resources:
      requests:
        cpu: 250m
        memory: 256Mi
      limits:
        cpu: "1"
        memory: 512Mi
```

## Fix safety
No fix: sensible limits depend on the workload.
"#,
};

pub static LINT: Lint = Lint {
    rule: &MISSING_RESOURCE_LIMITS,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(spec) = cx.score() else {
        return;
    };
    let r = Reader::new(cx.doc);
    for c in &spec.containers {
        let resources = r.get(c.node, "resources");
        let limits = resources.and_then(|res| r.get(res, "limits"));
        let has_limits =
            limits.is_some_and(|l| r.get(l, "cpu").is_some() || r.get(l, "memory").is_some());
        if has_limits {
            continue;
        }
        let anchor = r.key(c.node, "resources").map_or(c.name.span, |k| k.span);
        cx.report(
            anchor,
            format!(
                "container `{}` sets no `resources.limits`: it may use all the CPU and memory of its node",
                c.name.text
            ),
        )
        .help = Some(
            "add `resources.limits` with `cpu` and `memory` (and `requests` for scheduling)"
                .to_string(),
        );
    }
}
