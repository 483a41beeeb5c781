//! The scenario of a dry run: what the user says happens when steps run (failures,
//! timeouts, attempts, outputs, durations), from a file, flags or a test case.

use super::spec::WorkflowSpec;
use std::collections::{BTreeMap, BTreeSet};

/// What the user says happens when steps run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    /// Steps that fail on every attempt, with the error they report (empty: a generic message).
    pub fail: BTreeMap<String, String>,
    /// Steps that never finish.
    pub timeout: BTreeSet<String>,
    /// Steps whose first N-1 attempts fail: the attempt that succeeds.
    pub attempts: BTreeMap<String, u32>,
    /// Outputs each step produces when it succeeds.
    pub outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// How long each attempt of a step takes, in seconds (else the default for its type).
    pub durations: BTreeMap<String, u64>,
}

impl Scenario {
    /// Every step name the scenario mentions.
    pub fn step_names(&self) -> BTreeSet<&str> {
        self.fail
            .keys()
            .chain(&self.timeout)
            .chain(self.attempts.keys())
            .chain(self.outputs.keys())
            .chain(self.durations.keys())
            .map(String::as_str)
            .collect()
    }

    /// Only the entries about steps of `wf` (a Score spec's scenario spans several workflows).
    pub fn restricted_to(&self, wf: &WorkflowSpec) -> Scenario {
        let has = |name: &String| wf.steps.iter().any(|s| &s.name == name);
        Scenario {
            fail: self
                .fail
                .iter()
                .filter(|(k, _)| has(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            timeout: self.timeout.iter().filter(|k| has(k)).cloned().collect(),
            attempts: self
                .attempts
                .iter()
                .filter(|(k, _)| has(k))
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            outputs: self
                .outputs
                .iter()
                .filter(|(k, _)| has(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            durations: self
                .durations
                .iter()
                .filter(|(k, _)| has(k))
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
        }
    }

    /// `other`'s entries on top of these (flags over a scenario file).
    pub fn overlay(&mut self, other: &Scenario) {
        self.fail.extend(other.fail.clone());
        self.timeout.extend(other.timeout.iter().cloned());
        self.attempts.extend(other.attempts.clone());
        for (step, outputs) in &other.outputs {
            self.outputs
                .entry(step.clone())
                .or_default()
                .extend(outputs.clone());
        }
        self.durations.extend(other.durations.clone());
    }
}
