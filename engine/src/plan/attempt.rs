//! One step run on paper: what its executor would render and do, and its fate under the
//! scenario and the engine's retry and timeout policies (`policy.rs`).

use super::engine::Engine;
use super::outcome::{Fate, StepOutcome};
use super::scenario::Scenario;
use super::spec::StepSpec;
use super::{effects, legacy, policy};
use crate::platform::step_types::Runner;
use std::collections::BTreeMap;

/// Runs step `index` (`step`, in plan group `group`) on paper with the workflow
/// variables `variables`.
pub(super) fn execute(
    step: &StepSpec,
    index: usize,
    group: usize,
    engine: Engine,
    scenario: &Scenario,
    variables: &BTreeMap<String, String>,
) -> StepOutcome {
    let mut o = StepOutcome::blank(index, step, group, Fate::Succeeded, None);
    o.attempts = 1;
    let app = variables
        .get("app_name")
        .cloned()
        .unwrap_or_else(|| "<app>".into());
    // The dormant engine hands a type its executor registry lacks to the legacy runner.
    let handed_over = engine == Engine::Dormant && !Runner::Executor.runs(&step.step_type);
    let result = match engine {
        Engine::Legacy => legacy::effects(step, &app, &mut o),
        _ if handed_over => {
            o.notes.push(format!(
                "the executor registry has no '{}' type: the dormant engine hands the step to \
                 the legacy runner",
                step.step_type
            ));
            legacy::effects(step, &app, &mut o)
        }
        _ => effects::effects(step, variables, &app, &mut o),
    };
    if let Some(outputs) = scenario.outputs.get(&step.name) {
        o.outputs.extend(outputs.clone());
    }
    let each = scenario
        .durations
        .get(&step.name)
        .copied()
        .unwrap_or_else(|| policy::default_duration(&step.step_type));
    o.duration = Some(each);
    let retries = engine == Engine::Documented;
    if let Err(e) = result {
        // A configuration error: the executor refuses before doing anything, and
        // retrying cannot change that.
        o.status = Fate::Failed;
        o.reason = Some(e);
        o.outputs.clear();
        o.duration = Some(0);
    } else if scenario.timeout.contains(&step.name) {
        o.status = Fate::TimedOut;
        o.outputs.clear();
        if retries {
            o.reason = Some(format!(
                "context deadline exceeded ({} step timeout; a timed-out step is not retried)",
                policy::format_duration(policy::STEP_TIMEOUT_SECS)
            ));
            o.duration = Some(policy::STEP_TIMEOUT_SECS);
        } else {
            o.reason = Some(format!(
                "never finishes: the {} engine sets no step timeout",
                engine.name()
            ));
            o.duration = None;
        }
    } else if let Some(message) = scenario.fail.get(&step.name) {
        o.status = Fate::Failed;
        o.outputs.clear();
        let message = if message.is_empty() {
            "failed (scenario)".to_string()
        } else {
            message.clone()
        };
        if retries {
            o.attempts = policy::MAX_ATTEMPTS;
            o.notes.push(format!(
                "retried {} times (pauses {}), failing every time",
                policy::MAX_ATTEMPTS - 1,
                pauses(policy::MAX_ATTEMPTS)
            ));
        }
        o.reason = Some(message);
    } else if let Some(&succeeds_at) = scenario.attempts.get(&step.name) {
        let succeeds_at = succeeds_at.max(1);
        if !retries && succeeds_at > 1 {
            o.status = Fate::Failed;
            o.outputs.clear();
            o.reason = Some(format!(
                "attempt 1 failed (the scenario lets attempt {succeeds_at} succeed); the {} \
                     engine does not retry",
                engine.name()
            ));
        } else if succeeds_at > policy::MAX_ATTEMPTS {
            o.status = Fate::Failed;
            o.outputs.clear();
            o.attempts = policy::MAX_ATTEMPTS;
            o.reason = Some(format!(
                "failed {} attempts, the retry limit (the scenario lets attempt \
                     {succeeds_at} succeed)",
                policy::MAX_ATTEMPTS
            ));
        } else if succeeds_at > 1 {
            o.attempts = succeeds_at;
            o.notes.push(format!(
                "retried {} time{} (pauses {}), succeeded at attempt {succeeds_at}",
                succeeds_at - 1,
                if succeeds_at == 2 { "" } else { "s" },
                pauses(succeeds_at)
            ));
        }
    }
    if o.attempts > 1 {
        o.duration = Some(each * u64::from(o.attempts) + policy::total_backoff(o.attempts));
    }
    if let Some(file) = step.fields.get("outputFile") {
        if engine == Engine::Documented && o.status == Fate::Succeeded {
            // The file only exists after a real run; the scenario stands in for it.
            o.effects.push(format!(
                "read {file} for outputs (JSON object or key=value lines; the scenario's \
                     outputs stand in for it here)"
            ));
        }
    }
    o
}

/// `1s, 4s, 9s`: the pauses before attempts 2..=attempts.
fn pauses(attempts: u32) -> String {
    (2..=attempts)
        .map(|a| policy::format_duration(policy::backoff_before(a)))
        .collect::<Vec<_>>()
        .join(", ")
}
