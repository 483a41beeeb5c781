use super::goparse;
use super::gp_params::{self, Param};
use crate::diagnostic::{Applicability, Edit, Fix, Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};

pub static GOLDEN_PATH_PARAMETER_DEFAULT: Rule = Rule {
    code: "INN518",
    name: "golden-path-parameter-default",
    group: Group::Compatibility,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A golden-path parameter `default` that violates its own declaration, or is unusable",
    doc: r#"## What it does
Checks each golden-path parameter's `default` against the parameter's own `type`, `pattern`,
`allowed_values`, `min` and `max`, exactly as `innominatus-ctl run` checks a value passed with
`--param`. It also reports (as a warning) a `default` on a parameter that is `required: true`.

## Why is this bad?
The CLI validates only the values you pass; defaults are filled in afterwards and never
validated, so an invalid default reaches the workflow unchecked: `replicas: "two"` ends up in
`kubectl scale --replicas=two`. A required parameter never uses its default: the run fails with
`parameter is required` whenever `--param` is missing, so the default only misleads readers.

## Example
```yaml
goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-app.yaml
    parameters:
      environment:
        type: enum
        allowed_values: [development, staging, production]
        default: dev
```

## Use instead
```yaml
goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-app.yaml
    parameters:
      environment:
        type: enum
        allowed_values: [development, staging, production]
        default: development
```

## Fix safety
When an enum or allowed-values default is a near-miss of exactly one allowed value, the fix
replaces it; it is unsafe because it changes what runs by default.
"#,
};

pub static LINT: Lint = Lint {
    rule: &GOLDEN_PATH_PARAMETER_DEFAULT,
    kinds: &[DocumentKind::GoldenPaths],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    for p in gp_params::params(cx) {
        let Some(default) = p.default.clone() else {
            continue;
        };
        // The CLI adds only non-empty defaults.
        if default.text.is_empty() {
            continue;
        }
        if let Some((true, required_key)) = &p.required {
            let anchor = p.default_key.as_ref().map_or(default.span, |k| k.span);
            let file = cx.file().clone();
            let d = cx.report(
                anchor,
                format!(
                    "parameter `{}` of golden path `{}` is `required: true`, so its default `{}` is never used: the CLI rejects every run without `--param {}=…` (`parameter is required`)",
                    p.name.text, p.path, default.text, p.name.text
                ),
            );
            d.severity = Severity::Warning;
            d.help = Some(
                "drop `required: true` to make the default effective, or drop the default"
                    .to_string(),
            );
            d.related.push(Related {
                file,
                span: required_key.span,
                message: "`required: true`".to_string(),
            });
        }
        if let Some((problem, suggestion)) = violation(&p, &default.text) {
            let file = cx.file().clone();
            let d = cx.report(
                default.span,
                format!(
                    "default `{}` of parameter `{}` (golden path `{}`) {problem}; defaults are never validated, so the workflow receives it unchecked",
                    default.text, p.name.text, p.path
                ),
            );
            d.help = Some(match &suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "change the default so that a `--param` with the same value would be accepted"
                        .to_string()
                }
            });
            if let Some(s) = suggestion {
                d.fix = Some(Box::new(Fix {
                    applicability: Applicability::Unsafe,
                    suggestion: true,
                    message: format!("use `{s}` as the default"),
                    edits: vec![Edit {
                        file,
                        span: default.span,
                        replacement: crate::lint::fix::yaml_string(&s),
                    }],
                }));
            }
        }
    }
}

/// What is wrong with `value` for `p` (as `ValidateParameterValue` would say), and the one
/// allowed value it is closest to.
fn violation(p: &Param, value: &str) -> Option<(String, Option<String>)> {
    let pattern = || {
        p.pattern.as_ref().and_then(|pat| {
            let re = gp_params::compile(&pat.text).ok()?;
            (!re.is_match(value)).then(|| format!("does not match its own pattern `{}`", pat.text))
        })
    };
    let allowed = || -> Option<(String, Option<String>)> {
        if p.allowed.is_empty() || p.allowed.iter().any(|a| a.text == value) {
            return None;
        }
        let names: Vec<&str> = p.allowed.iter().map(|a| a.text.as_str()).collect();
        let close: Vec<&str> = names
            .iter()
            .copied()
            .filter(|a| {
                crate::schema::within_edits(a, value, 2).is_some()
                    || a.starts_with(value)
                    || a.eq_ignore_ascii_case(value)
            })
            .collect();
        let suggestion = (close.len() == 1).then(|| close[0].to_string());
        Some((
            format!("is not one of its `allowed_values` ({})", names.join(", ")),
            suggestion,
        ))
    };
    match p.ty() {
        "" | "string" => pattern().map(|m| (m, None)).or_else(allowed),
        "int" | "integer" => {
            let Some(n) = goparse::atoi(value) else {
                return Some((
                    "is not an integer (`value must be a valid integer`)".to_string(),
                    None,
                ));
            };
            if let Some((min, _)) = p.min.as_ref().filter(|(m, _)| n < *m) {
                return Some((format!("is below its `min: {min}`"), None));
            }
            if let Some((max, _)) = p.max.as_ref().filter(|(m, _)| n > *m) {
                return Some((format!("is above its `max: {max}`"), None));
            }
            None
        }
        "bool" | "boolean" => {
            let ok = matches!(
                value.to_ascii_lowercase().as_str(),
                "true" | "false" | "yes" | "no" | "1" | "0" | "on" | "off"
            );
            (!ok).then(|| {
                (
                    "is not a boolean (true, false, yes, no, 1, 0, on, off)".to_string(),
                    None,
                )
            })
        }
        "duration" => {
            if !goparse::golden_path_duration(value) {
                return Some((
                    "is not a duration (e.g. `90m`, `24h`, `7d`, `2w`)".to_string(),
                    None,
                ));
            }
            pattern().map(|m| (m, None))
        }
        "enum" => allowed(),
        _ => None,
    }
}
