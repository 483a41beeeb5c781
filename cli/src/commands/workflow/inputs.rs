//! Parameters and scenario from files and flags (flags win over files).

use super::context;
use crate::args::WorkflowTestArgs;
use innominatus_engine::plan::{policy, read_params, read_scenario, Scenario};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a dry run is given besides the workflow.
pub struct Inputs {
    pub params: BTreeMap<String, String>,
    pub scenario: Scenario,
    /// Where the report goes (`--output FILE` / `-o FILE`).
    pub report_file: Option<PathBuf>,
}

fn split_pair<'a>(text: &'a str, flag: &str, form: &str) -> Result<(&'a str, &'a str), String> {
    text.split_once('=')
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("error: --{flag} expects {form}, got `{text}`"))
}

/// Reads a YAML/JSON mapping file with `read`, reporting problems with their position.
fn read_file<T>(
    path: &Path,
    what: &str,
    read: impl Fn(
        &innominatus_engine::syntax::Document,
        usize,
    ) -> Result<T, innominatus_engine::plan::InputError>,
) -> Result<T, String> {
    let src = context::read(path)?;
    if let Some(e) = context::syntax_error(&src) {
        return Err(format!("error: {e}"));
    }
    let Some(doc) = src.parsed.documents.first() else {
        return Err(format!("error: {} is empty; expected a {what}", src.file));
    };
    let Some(root) = doc.root else {
        return Err(format!("error: {} is empty; expected a {what}", src.file));
    };
    read(doc, root)
        .map_err(|e| format!("error: {}: {}", context::position(&src, e.span), e.message))
}

/// Everything the flags and files say, or a usage error (exit status 2).
pub fn from_args(args: &WorkflowTestArgs) -> Result<Inputs, String> {
    let mut params = match &args.params_file {
        Some(p) => read_file(p, "mapping of parameters", read_params)?,
        None => BTreeMap::new(),
    };
    for p in &args.params {
        let (k, v) = split_pair(p, "param", "KEY=VALUE")?;
        params.insert(k.to_string(), v.to_string());
    }
    let mut scenario = match &args.scenario {
        Some(p) => read_file(p, "scenario", read_scenario)?,
        None => Scenario::default(),
    };
    let mut flags = Scenario::default();
    for f in &args.fail {
        let (step, message) = f.split_once('=').unwrap_or((f.as_str(), ""));
        flags.fail.insert(step.to_string(), message.to_string());
    }
    flags.timeout.extend(args.timeout.iter().cloned());
    for a in &args.attempts {
        let (step, n) = split_pair(a, "attempts", "STEP=N")?;
        let n: u32 = n
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("error: --attempts expects STEP=N with N ≥ 1, got `{a}`"))?;
        flags.attempts.insert(step.to_string(), n);
    }
    for d in &args.durations {
        let (step, text) = split_pair(d, "duration", "STEP=DURATION")?;
        let secs = policy::parse_duration(text).ok_or_else(|| {
            format!("error: --duration expects STEP=DURATION (90, 90s, 5m, 1h30m), got `{d}`")
        })?;
        flags.durations.insert(step.to_string(), secs);
    }
    let mut report_file = args.output_file.clone();
    for o in &args.outputs {
        // `--output` is both the scenario's STEP.KEY=VALUE and the report file.
        let Some((left, value)) = o.split_once('=') else {
            if report_file.is_some() {
                return Err(format!(
                    "error: the report can be written to one file only (`--output {o}`)"
                ));
            }
            report_file = Some(PathBuf::from(o));
            continue;
        };
        let (step, key) = left
            .split_once('.')
            .filter(|(s, k)| !s.is_empty() && !k.is_empty())
            .ok_or_else(|| {
                format!("error: --output expects STEP.KEY=VALUE (or a file name), got `{o}`")
            })?;
        flags
            .outputs
            .entry(step.to_string())
            .or_default()
            .insert(key.to_string(), value.to_string());
    }
    scenario.overlay(&flags);
    Ok(Inputs {
        params,
        scenario,
        report_file,
    })
}

/// Whether any flag that only a dry run uses was given (the test runner refuses them).
pub fn has_dry_run_flags(args: &WorkflowTestArgs) -> bool {
    !(args.params.is_empty()
        && args.params_file.is_none()
        && args.scenario.is_none()
        && args.fail.is_empty()
        && args.timeout.is_empty()
        && args.attempts.is_empty()
        && args.durations.is_empty()
        && args.outputs.is_empty()
        && args.output_file.is_none()
        && !args.step
        && args.golden_path.is_none()
        && args.resource.is_none()
        && args.engine.is_none()
        && args.format.is_none())
}
