//! The context a running workflow reads: variables, the fates and outputs of the steps so
//! far, resource outputs; `${…}` substitution and the `when`/`if`/`unless` conditions
//! (FORMATS.md §4.4, §4.6).

use super::outcome::Fate;
use super::spec::StepSpec;
use crate::template::condition::{self, Form};
use crate::template::reference::references;
use std::collections::BTreeMap;

/// What the steps of a run have left behind so far.
#[derive(Default)]
pub(super) struct Context {
    /// Workflow variables (parameters, workflow variables, `setVariables` so far).
    pub variables: BTreeMap<String, String>,
    /// The fate of each step decided so far.
    pub statuses: BTreeMap<String, Fate>,
    /// Outputs of the steps that succeeded.
    pub step_outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// Terraform outputs by `resource.key`.
    pub resource_outputs: BTreeMap<String, String>,
}

impl Context {
    /// `when`, then `unless`, then `if` (FORMATS.md §4.4); `Some(reason)` skips the step.
    pub(super) fn skip_reason(&self, step: &StepSpec) -> Option<String> {
        let any_failed = self.statuses.values().any(|f| f.is_failure());
        if let Some(w) = &step.when {
            match w.trim().to_ascii_lowercase().as_str() {
                "always" => {}
                "on_success" | "success" if any_failed => {
                    return Some(format!("when={w}: a previous step failed"))
                }
                "on_success" | "success" => {}
                "on_failure" | "failure" if !any_failed => {
                    return Some(format!("when={w}: no previous step failed"))
                }
                "on_failure" | "failure" => {}
                "manual" => return Some("when=manual requires manual approval".into()),
                other => return Some(format!("unknown when condition: {other}")),
            }
        }
        if let Some(u) = &step.condition_unless {
            match self.evaluate(u, step) {
                Ok(true) => return Some(format!("unless condition is true: {u}")),
                Ok(false) => {}
                Err(e) => return Some(format!("unless condition error: {e}")),
            }
        }
        if let Some(c) = &step.condition_if {
            match self.evaluate(c, step) {
                Ok(false) => return Some(format!("if condition is false: {c}")),
                Ok(true) => {}
                Err(e) => return Some(format!("if condition error: {e}")),
            }
        }
        None
    }

    /// Variables for conditions: workflow variables < `step.env`.
    fn lookup_plain(&self, name: &str, step: &StepSpec) -> Option<String> {
        step.env
            .get(name)
            .or_else(|| self.variables.get(name))
            .cloned()
    }

    fn lookup_dotted(&self, content: &str) -> Option<String> {
        let (prefix, suffix) = content.split_once('.')?;
        match prefix {
            "workflow" => self.variables.get(suffix).cloned(),
            "resources" => self.resource_outputs.get(suffix).cloned(),
            step => self.step_outputs.get(step)?.get(suffix).cloned(),
        }
    }

    /// `replaceVariables`: `${…}` first, then `$NAME`; unresolved references stay as written.
    pub(super) fn substitute(&self, text: &str, step: &StepSpec) -> String {
        let once = |text: &str, braced: bool| -> String {
            let mut out = String::new();
            let mut last = 0;
            for r in references(text) {
                if r.braced != braced {
                    continue;
                }
                let value = if r.content.contains('.') {
                    self.lookup_dotted(&r.content).or_else(|| {
                        if braced {
                            self.lookup_plain(&r.content, step)
                        } else {
                            None
                        }
                    })
                } else {
                    self.lookup_plain(&r.content, step)
                };
                if let Some(v) = value {
                    out.push_str(&text[last..r.span.start]);
                    out.push_str(&v);
                    last = r.span.end;
                }
            }
            out.push_str(&text[last..]);
            out
        };
        let braced = once(text, true);
        once(&braced, false)
    }

    fn evaluate(&self, expression: &str, step: &StepSpec) -> Result<bool, String> {
        let text = self.substitute(expression, step);
        match condition::form(&text) {
            Form::Comparison {
                op, left, right, ..
            } => Ok(condition::compare(op, &left.value, &right.value)),
            Form::Keyword(k) => keyword(&text, k),
            Form::Literal(b) => Ok(b),
            Form::StepStatus {
                step: s, status, ..
            } => {
                let fate = self
                    .statuses
                    .get(&s)
                    .ok_or_else(|| format!("step '{s}' not found in context"))?;
                match status.as_str() {
                    "success" | "succeeded" => Ok(*fate == Fate::Succeeded),
                    "failed" | "failure" => Ok(fate.is_failure()),
                    "skipped" => Ok(*fate == Fate::Skipped),
                    other => Err(format!("unknown step status: {other}")),
                }
            }
            Form::Variable(name) => Ok(self
                .lookup_plain(&name, step)
                .is_some_and(|v| !matches!(v.as_str(), "" | "false" | "0"))),
            Form::Unevaluable => Err(format!("unable to evaluate condition: {text}")),
        }
    }
}

/// `a contains b` / `a.contains(b)` and the other keywords (FORMATS.md §4.4 item 2).
fn keyword(text: &str, k: &str) -> Result<bool, String> {
    let strip = |s: &str| s.trim().trim_matches(['"', '\'']).to_string();
    let call = format!(".{k}(");
    let (a, b) = if let Some((a, rest)) = text.split_once(&call) {
        let b = rest.trim_end();
        let b = b.strip_suffix(')').unwrap_or(b);
        (strip(a), strip(b))
    } else {
        let parts: Vec<&str> = text.split(k).collect();
        if parts.len() != 2 {
            return Err(format!("invalid {k} expression: {text}"));
        }
        (strip(parts[0]), strip(parts[1]))
    };
    Ok(match k {
        "contains" => a.contains(&b),
        "startsWith" => a.starts_with(&b),
        "endsWith" => a.ends_with(&b),
        _ => regex::Regex::new(&b)
            .map_err(|e| format!("invalid regular expression {b}: {e}"))?
            .is_match(&a),
    })
}

/// The state of a run at one step, for callers outside the simulator (a debugger's
/// conditional breakpoints and console): the same conditions and `${…}` substitution the
/// simulator applies, over what the run had left behind when it reached `step`.
pub struct StateAt<'a> {
    pub step: &'a StepSpec,
    pub variables: &'a BTreeMap<String, String>,
    pub step_outputs: &'a BTreeMap<String, BTreeMap<String, String>>,
    pub statuses: &'a BTreeMap<String, Fate>,
}

impl StateAt<'_> {
    fn context(&self) -> Context {
        Context {
            variables: self.variables.clone(),
            statuses: self.statuses.clone(),
            step_outputs: self.step_outputs.clone(),
            resource_outputs: BTreeMap::new(),
        }
    }

    /// A condition in the `if`/`unless` language (FORMATS.md §4.4).
    pub fn condition(&self, expression: &str) -> Result<bool, String> {
        self.context().evaluate(expression, self.step)
    }

    /// `${…}` and `$NAME` replaced as the executor replaces them.
    pub fn substitute(&self, text: &str) -> String {
        self.context().substitute(text, self.step)
    }
}
