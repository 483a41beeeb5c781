//! The debug console: what a line typed there means. `fail STEP [message]`, `skip STEP`
//! and `timeout STEP` change what happens (a what-if); anything else is read in the scope
//! of the stop: a Go template (`{{ … }}`, over the variables as `.parameters`), a `${…}`
//! text, a name, or a condition in the `if` language.

use crate::plan::{render, StateAt};

/// What a console line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Make a step fail on every attempt, with this error (empty: a generic one).
    Fail(String, String),
    /// Skip a step (as `--step`'s `s` does).
    Skip(String),
    /// Make a step never finish.
    Timeout(String),
    /// Read an expression in the stop's scope.
    Read(String),
}

/// Parses a console line.
pub fn parse(line: &str) -> Result<Command, String> {
    let line = line.trim();
    let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let step = |what: &str| -> Result<String, String> {
        match rest.split_whitespace().next() {
            Some(s) => Ok(s.to_string()),
            None => Err(format!("`{what}` needs a step name: `{what} STEP`")),
        }
    };
    match word {
        "fail" => {
            let name = step("fail")?;
            let message = rest[name.len()..].trim().to_string();
            Ok(Command::Fail(name, message))
        }
        "skip" => Ok(Command::Skip(step("skip")?)),
        "timeout" => Ok(Command::Timeout(step("timeout")?)),
        "" => Err("empty expression: type a condition, a {{ template }}, a name, or `fail STEP`, `skip STEP`, `timeout STEP`".into()),
        _ => Ok(Command::Read(line.to_string())),
    }
}

/// The value of `expression` at a stop.
pub fn read(expression: &str, at: &StateAt<'_>) -> Result<String, String> {
    let e = expression.trim();
    if e.contains("{{") {
        let r = render("console", e, at.variables);
        return match r.error {
            Some(err) => Err(err),
            None => Ok(r.text),
        };
    }
    // One reference alone is its value; with more around it, a condition if it reads as
    // one, else the text with its references replaced.
    let one_reference = e.starts_with("${") && e.ends_with('}') && e.matches("${").count() == 1;
    if one_reference {
        return Ok(at.substitute(e));
    }
    if let Some(value) = lookup(e, at) {
        return Ok(value);
    }
    match at.condition(e) {
        Ok(b) => Ok(b.to_string()),
        Err(_) if e.contains("${") => Ok(at.substitute(e)),
        Err(why) => Err(why),
    }
}

/// A name as a template or a reference writes it (`.parameters.x`, `$.parameters.x`,
/// `workflow.x`, `step.output`, `x`), hovered or typed.
fn lookup(name: &str, at: &StateAt<'_>) -> Option<String> {
    let plain = name
        .trim_start_matches('$')
        .trim_start_matches('.')
        .trim_start_matches("parameters.")
        .trim_start_matches("workflow.");
    if plain.is_empty()
        || !plain
            .chars()
            .all(|c| c.is_alphanumeric() || "_-.".contains(c))
    {
        return None;
    }
    if let Some(v) = at.variables.get(plain) {
        return Some(v.clone());
    }
    let (step, key) = plain.split_once('.')?;
    at.step_outputs.get(step)?.get(key).cloned()
}
