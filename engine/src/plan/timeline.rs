//! When each simulated step starts and ends, the run's duration and its critical path.
//!
//! Groups run one after another; the steps of a group start together (the dormant engine
//! starts them as goroutines), so a group lasts as long as its longest step. In list-order
//! engines every group has one step. Steps that never start take no time.

use super::outcome::StepOutcome;
use super::planner::Plan;

/// Sets `start` and `critical` on `steps`; returns the total duration (`None`: a step never
/// finishes) and the critical path: the longest step of each group that takes time.
pub(super) fn timeline(plan: &Plan, steps: &mut [StepOutcome]) -> (Option<u64>, Vec<String>) {
    let mut now: Option<u64> = Some(0);
    let mut path = Vec::new();
    for gi in 0..plan.groups.len() {
        let Some(start) = now else {
            for s in steps.iter_mut().filter(|s| s.group == gi) {
                s.start = u64::MAX;
            }
            continue;
        };
        let mut longest: Option<(usize, Option<u64>)> = None;
        for (k, s) in steps.iter_mut().enumerate().filter(|(_, s)| s.group == gi) {
            s.start = start;
            if s.attempts == 0 {
                s.duration = Some(0);
                continue;
            }
            let longer = match (longest, s.duration) {
                (None, _) => true,
                (Some((_, None)), _) => false,
                (Some((_, Some(_))), None) => true,
                (Some((_, Some(a))), Some(b)) => b > a,
            };
            if longer {
                longest = Some((k, s.duration));
            }
        }
        if let Some((k, d)) = longest {
            if d != Some(0) {
                steps[k].critical = true;
                path.push(steps[k].name.clone());
            }
            now = d.map(|d| start + d);
        }
    }
    (now, path)
}
