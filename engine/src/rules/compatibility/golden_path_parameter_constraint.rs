use super::gp_params;
use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static GOLDEN_PATH_PARAMETER_CONSTRAINT: Rule = Rule {
    code: "INN519",
    name: "golden-path-parameter-constraint",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A golden-path parameter constraint that is ignored, broken or unsatisfiable",
    doc: r#"## What it does
Checks the constraints of golden-path parameters against how the CLI applies them:

- `enum` without `allowed_values` (error: every value is rejected);
- a `pattern` that does not compile (error for `string`, where every value is then rejected;
  warning for `duration`, where it is silently skipped);
- `min` greater than `max` (error: no value is accepted);
- `min`/`max` on a non-integer type, `pattern` on `int`/`bool`/`enum`, `allowed_values` on
  `int`/`bool`/`duration` (warning: silently ignored);
- a `pattern` without `^…$` anchors (information: Go's `MatchString` accepts any value that
  merely contains a match).

## Why is this bad?
The platform accepts any combination without a word and then either ignores the constraint or
rejects every run with an error the user of the golden path cannot fix
(`no allowed values defined for enum parameter`, `invalid regex pattern`).

## Example
```yaml
goldenpaths:
  ephemeral-env:
    workflow: ./workflows/ephemeral-env.yaml
    parameters:
      ttl:
        type: duration
        min: 1
        max: 72
```

## Use instead
```yaml
goldenpaths:
  ephemeral-env:
    workflow: ./workflows/ephemeral-env.yaml
    parameters:
      ttl:
        type: duration
        pattern: '^([1-9]|[1-6][0-9]|7[0-2])h$'
```

## Fix safety
No fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &GOLDEN_PATH_PARAMETER_CONSTRAINT,
    kinds: &[DocumentKind::GoldenPaths],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    for p in gp_params::params(cx) {
        let ty = p.ty().to_string();
        let shown_ty = if ty.is_empty() { "string" } else { ty.as_str() };
        let who = format!("parameter `{}` of golden path `{}`", p.name.text, p.path);
        if ty == "enum" && p.allowed.is_empty() {
            let d = cx.report(
                p.anchor(),
                format!(
                    "{who} is an `enum` without `allowed_values`: every supplied value is rejected with `no allowed values defined for enum parameter`"
                ),
            );
            d.severity = Severity::Error;
            d.help = Some("list the accepted values under `allowed_values`".to_string());
        }
        if let Some(pattern) = &p.pattern {
            if p.is_int() || p.is_bool() || ty == "enum" {
                cx.report(
                    pattern.span,
                    format!("`pattern` is ignored for `{shown_ty}` parameters ({who})"),
                )
                .help = Some(if ty == "enum" {
                    "remove it; `allowed_values` already restricts the value".to_string()
                } else {
                    "remove it, or make the parameter a `string`".to_string()
                });
            } else {
                match gp_params::compile(&pattern.text) {
                    Err(e) => {
                        let d = cx.report(
                            pattern.span,
                            if ty == "duration" {
                                format!(
                                    "`pattern` of {who} does not compile ({e}); for durations the CLI silently skips it"
                                )
                            } else {
                                format!(
                                    "`pattern` of {who} does not compile ({e}): every supplied value is rejected with `invalid regex pattern`"
                                )
                            },
                        );
                        if ty != "duration" {
                            d.severity = Severity::Error;
                        }
                        d.help = Some("fix the regular expression (Go RE2 syntax)".to_string());
                    }
                    Ok(_) => {
                        let t = pattern.text.as_str();
                        let anchored_start = t.starts_with('^') || t.starts_with("\\A");
                        let anchored_end = t.ends_with('$') || t.ends_with("\\z");
                        if !(anchored_start && anchored_end) {
                            let d = cx.report(
                                pattern.span,
                                format!(
                                    "`pattern` of {who} is not anchored: the CLI accepts any value that merely contains a match"
                                ),
                            );
                            d.severity = Severity::Info;
                            d.help = Some(format!(
                                "anchor it: `^{}$`",
                                t.trim_start_matches('^').trim_end_matches('$')
                            ));
                        }
                    }
                }
            }
        }
        if !p.is_int() {
            for (field, bound) in [("min", &p.min), ("max", &p.max)] {
                if let Some((_, n)) = bound {
                    cx.report(
                        n.span,
                        format!("`{field}` is ignored for `{shown_ty}` parameters ({who}); only `int` parameters have bounds"),
                    )
                    .help = Some("remove it, or express the limit in a `pattern`".to_string());
                }
            }
        } else if let (Some((min, min_n)), Some((max, max_n))) = (&p.min, &p.max) {
            if min > max {
                let file = cx.file().clone();
                let d = cx.report(
                    min_n.span,
                    format!(
                        "`min: {min}` is greater than `max: {max}` for {who}: no value is accepted"
                    ),
                );
                d.severity = Severity::Error;
                d.related.push(Related {
                    file,
                    span: max_n.span,
                    message: format!("`max: {max}`"),
                });
            }
        }
        if (p.is_int() || p.is_bool() || ty == "duration") && !p.allowed.is_empty() {
            if let Some(key) = &p.allowed_key {
                cx.report(
                    key.span,
                    format!("`allowed_values` is ignored for `{shown_ty}` parameters ({who})"),
                )
                .help = Some(
                    "use `type: enum` (or `string`) to restrict the value to a list".to_string(),
                );
            }
        }
    }
}
