//! One finding per cause on a span. Some rules look at the same fact from two sides: a step
//! type the legacy runner lacks (INN501) is also, usually, a type outside the admin
//! configuration's `allowedStepTypes` (INN605). Both on one span tell the user the same
//! thing twice; the more specific finding stays and names the other, so nothing is lost.

use crate::diagnostic::Diagnostic;

/// (the more specific rule, the rule it absorbs on the same span). Specific means: it says
/// what happens when the platform meets the file (the step fails), where the other names a
/// policy the same value breaks.
const ABSORBS: &[(&str, &str)] = &[("INN501", "INN605")];

/// Drops every finding a more specific finding on the same span absorbs, and appends the
/// absorbed message to the one that stays (with its code, so `explain` still finds it).
pub fn one_finding_per_cause(findings: &mut Vec<Diagnostic>) {
    // Hundreds of findings of one rule and none of the rule it absorbs are common; pairing
    // every finding with every other would then cost more than finding them.
    if !ABSORBS
        .iter()
        .any(|(_, general)| findings.iter().any(|d| d.code == *general))
    {
        return;
    }
    let mut absorbed = vec![false; findings.len()];
    for (specific, general) in ABSORBS {
        for i in 0..findings.len() {
            if findings[i].code != *specific {
                continue;
            }
            for j in 0..findings.len() {
                if absorbed[j]
                    || findings[j].code != *general
                    || findings[j].span != findings[i].span
                {
                    continue;
                }
                absorbed[j] = true;
                let note = format!(" (also {}: {})", general, findings[j].message);
                findings[i].message.push_str(&note);
            }
        }
    }
    let mut index = 0;
    findings.retain(|_| {
        index += 1;
        !absorbed[index - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::find;
    use crate::text::Span;
    use std::sync::Arc;

    fn finding(code: &str, start: usize, message: &str) -> Diagnostic {
        let file: Arc<str> = Arc::from("w.yaml");
        Diagnostic::new(
            find(code).unwrap(),
            &file,
            Span::new(start, start + 4),
            message.into(),
        )
    }

    #[test]
    fn the_specific_finding_absorbs_the_general_one_on_the_same_span_only() {
        let mut findings = vec![
            finding("INN501", 10, "unsupported"),
            finding("INN605", 10, "not allowed"),
            finding("INN605", 20, "not allowed elsewhere"),
        ];
        one_finding_per_cause(&mut findings);
        let codes: Vec<_> = findings.iter().map(|d| (d.code, d.span.start)).collect();
        assert_eq!(codes, [("INN501", 10), ("INN605", 20)]);
        assert_eq!(
            findings[0].message,
            "unsupported (also INN605: not allowed)"
        );
    }
}
