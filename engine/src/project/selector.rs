//! Rule selection: which rules run and at which severity, from the layers a user can set —
//! `.innominatus.toml`, then command-line flags or editor settings on top. One parser and one
//! meaning for `select`, `extend-select`, `ignore` and severity overrides, whichever surface
//! they come from.

use crate::catalog::{Group, Rule, Severity};
use crate::rules;

/// What a selector names: every rule, a group, a code prefix, or one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSelector {
    /// `ALL`.
    All,
    /// A group by name (`references`, `best-practice`).
    Group(Group),
    /// A code prefix shorter than a code (`INN`, `INN2`, `INN20`), upper-cased.
    Prefix(String),
    /// One rule, by code (`INN201`) or name (`unknown-dependency`).
    Rule(&'static Rule),
}

/// A selector that names nothing, with the closest one that does (when there is one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSelector {
    pub text: String,
    pub suggestion: Option<String>,
}

impl std::fmt::Display for UnknownSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is not a rule code, name, code prefix or group",
            self.text
        )?;
        if let Some(s) = &self.suggestion {
            write!(f, "; did you mean `{s}`?")?;
        }
        Ok(())
    }
}

/// The groups by the name a selector uses.
const GROUPS: [Group; 8] = [
    Group::Syntax,
    Group::Schema,
    Group::References,
    Group::Graph,
    Group::Templates,
    Group::Compatibility,
    Group::BestPractice,
    Group::Internal,
];

impl RuleSelector {
    /// Reads a selector; codes and prefixes in any case, names and groups as written.
    pub fn parse(text: &str) -> Result<RuleSelector, UnknownSelector> {
        let s = text.trim();
        if s.eq_ignore_ascii_case("ALL") {
            return Ok(RuleSelector::All);
        }
        if let Some(rule) = rules::find(s) {
            return Ok(RuleSelector::Rule(rule));
        }
        if let Some(group) = GROUPS.into_iter().find(|g| g.as_str() == s) {
            return Ok(RuleSelector::Group(group));
        }
        let upper = s.to_ascii_uppercase();
        let is_prefix = upper.len() >= 3
            && upper.len() < 6
            && upper.starts_with("INN")
            && upper[3..].chars().all(|c| c.is_ascii_digit())
            && rules::all().iter().any(|r| r.code.starts_with(&upper));
        if is_prefix {
            return Ok(RuleSelector::Prefix(upper));
        }
        let candidates = rules::all()
            .iter()
            .flat_map(|r| [r.code, r.name])
            .chain(GROUPS.iter().map(|g| g.as_str()));
        Err(UnknownSelector {
            text: s.to_string(),
            suggestion: crate::schema::closest(s, candidates).map(str::to_string),
        })
    }

    pub fn matches(&self, rule: &Rule) -> bool {
        match self {
            RuleSelector::All => true,
            RuleSelector::Group(g) => rule.group == *g,
            RuleSelector::Prefix(p) => rule.code.starts_with(p.as_str()),
            RuleSelector::Rule(r) => r.code == rule.code,
        }
    }

    /// How narrowly the selector names rules: a severity set for a code wins over one set
    /// for its prefix, which wins over one set for a group or `ALL`.
    fn specificity(&self) -> usize {
        match self {
            RuleSelector::All => 0,
            RuleSelector::Group(_) => 1,
            RuleSelector::Prefix(p) => 1 + p.len(),
            RuleSelector::Rule(_) => 100,
        }
    }
}

/// One layer of selection, as one surface states it.
#[derive(Clone, Debug, Default)]
pub struct SelectionLayer {
    /// When set, replaces the selection of the layers below: only these rules run.
    pub select: Option<Vec<RuleSelector>>,
    /// Added to what is selected.
    pub extend_select: Vec<RuleSelector>,
    /// Taken away from what is selected.
    pub ignore: Vec<RuleSelector>,
    /// Severity overrides; the most specific selector wins within a layer, an upper layer
    /// wins over a lower one.
    pub severity: Vec<(RuleSelector, Severity)>,
}

/// A layer's texts, parsed; the first selector that names nothing is the error.
pub fn parse_all<'a>(
    texts: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<RuleSelector>, UnknownSelector> {
    texts.into_iter().map(RuleSelector::parse).collect()
}

/// Every whole word a selector can be, each with what it names: `ALL`, the groups, then every
/// rule's code and name (code prefixes are left out: they are a rule code cut short). Shell
/// completion offers these.
pub fn selector_words() -> Vec<(&'static str, String)> {
    let mut words = vec![("ALL", "every rule".to_string())];
    for group in GROUPS {
        words.push((group.as_str(), format!("the {} rules", group.as_str())));
    }
    words.extend(rule_words());
    words
}

/// Every rule's code (described by its name and summary) and name (described by its code):
/// the words `explain` takes.
pub fn rule_words() -> Vec<(&'static str, String)> {
    let rules = rules::all();
    let codes = rules
        .iter()
        .map(|r| (r.code, format!("{}: {}", r.name, r.summary)));
    let names = rules.iter().map(|r| (r.name, r.code.to_string()));
    codes.chain(names).collect()
}

/// Which rules a command may run at all, before any selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scope {
    /// `validate`: syntax, schema, references and internal problems, and the other rules
    /// that mirror a blocking loader check (`catalog::LOADER_CHECKS`) — whether the platform
    /// would load and accept the files.
    Validate,
    /// `lint` and the language server: every group.
    #[default]
    Lint,
}

impl Scope {
    fn admits(self, rule: &Rule) -> bool {
        match self {
            Scope::Lint => true,
            Scope::Validate => self.admits_group(rule.group) || rule.loader_check().is_some(),
        }
    }

    /// Whether every finding of a rule of `group` belongs to this scope.
    fn admits_group(self, group: Group) -> bool {
        match self {
            Scope::Lint => true,
            Scope::Validate => matches!(
                group,
                Group::Syntax | Group::Schema | Group::References | Group::Internal
            ),
        }
    }
}

/// The rule selection in force: a scope and the layers from bottom (configuration file) to
/// top (flags, editor settings).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub scope: Scope,
    pub layers: Vec<SelectionLayer>,
}

impl Selection {
    pub fn new(scope: Scope) -> Selection {
        Selection {
            scope,
            layers: Vec::new(),
        }
    }

    /// Adds a layer on top of the others.
    pub fn with(mut self, layer: SelectionLayer) -> Selection {
        self.layers.push(layer);
        self
    }

    /// Whether `rule` runs. Layers apply in order, as ruff applies its: a layer's `select`
    /// starts over from its own list, then `extend-select` adds and `ignore` removes; so a
    /// flag can re-enable a rule the configuration ignores. Internal problems (unreadable
    /// files, engine failures) are always reported.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if rule.group == Group::Internal {
            return true;
        }
        if !self.scope.admits(rule) {
            return false;
        }
        let any = |list: &[RuleSelector]| list.iter().any(|s| s.matches(rule));
        // Style rules (default severity info or hint) are opt-in: on real repositories they
        // outnumbered the findings that matter. Any selector that names one (`ALL`, its
        // group, prefix, code or name) turns it on, and so does raising its severity to a
        // warning or an error.
        let mut on = rule.severity <= Severity::Warning || self.severity(rule) <= Severity::Warning;
        for layer in &self.layers {
            if let Some(select) = &layer.select {
                on = any(select);
            }
            if any(&layer.extend_select) {
                on = true;
            }
            if any(&layer.ignore) {
                on = false;
            }
        }
        on
    }

    /// [`Selection::enabled`] decided once for every registered rule: a run asks it for each
    /// lint on each document of every file (48 times per Score spec), and walking the
    /// layers' selectors each time was a visible part of checking small files.
    pub fn enabled_rules(&self) -> EnabledRules<'_> {
        let mut table = EnabledRules {
            selection: self,
            known: [0; RULE_WORDS],
            on: [0; RULE_WORDS],
        };
        for rule in rules::all() {
            if let Some(n) = code_number(rule.code) {
                table.known[n / 64] |= 1 << (n % 64);
                if self.enabled(rule) {
                    table.on[n / 64] |= 1 << (n % 64);
                }
            }
        }
        table
    }

    /// The severity `rule` is reported at: its default, then each layer's most specific
    /// override.
    pub fn severity(&self, rule: &Rule) -> Severity {
        self.severity_override(rule).unwrap_or(rule.severity)
    }

    /// The severity the layers set for `rule`, if any names it: the top layer's most
    /// specific override.
    fn severity_override(&self, rule: &Rule) -> Option<Severity> {
        let mut severity = None;
        for layer in &self.layers {
            let best = layer
                .severity
                .iter()
                .filter(|(s, _)| s.matches(rule))
                .max_by_key(|(s, _)| s.specificity());
            if let Some((_, s)) = best {
                severity = Some(*s);
            }
        }
        severity
    }

    /// Keeps the findings the scope admits, then applies the severity overrides. In
    /// `validate`, a rule admitted only as a loader check (`catalog::LOADER_CHECKS`) keeps
    /// only its findings that block loading: the same rule's run-time findings (a golden-path
    /// step that fails when reached) are `lint`'s.
    pub fn settle(&self, diagnostics: &mut Vec<crate::diagnostic::Diagnostic>) {
        if self.scope == Scope::Validate {
            diagnostics.retain(|d| {
                d.blocks_loading
                    || rules::find(d.code).is_none_or(|rule| {
                        rule.group == Group::Internal || Scope::Validate.admits_group(rule.group)
                    })
            });
        }
        self.apply_severities(diagnostics);
    }

    /// Applies the severity overrides to findings (each finding's rule looked up by code). A
    /// finding of a rule no override names keeps the severity its rule gave it (which may
    /// differ from the default: per reader, `catalog::SEVERITY_BY_READER`, or per case).
    pub fn apply_severities(&self, diagnostics: &mut [crate::diagnostic::Diagnostic]) {
        if self.layers.iter().all(|l| l.severity.is_empty()) {
            return;
        }
        for d in diagnostics {
            if let Some(severity) = rules::find(d.code).and_then(|r| self.severity_override(r)) {
                d.severity = severity;
            }
        }
    }
}

/// Rule codes are `INN` and three digits (`rules`' tests hold every code to it): one bit
/// per possible number.
const RULE_WORDS: usize = 1000 / 64 + 1;

/// The number of a rule code (`INN210` → 210), `None` for any other text.
fn code_number(code: &str) -> Option<usize> {
    match *code.as_bytes() {
        [b'I', b'N', b'N', a @ b'0'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9'] => {
            Some(usize::from(a - b'0') * 100 + usize::from(b - b'0') * 10 + usize::from(c - b'0'))
        }
        _ => None,
    }
}

/// Which rules a [`Selection`] runs, one bit per registered rule's code
/// ([`Selection::enabled_rules`]).
#[derive(Clone, Copy, Debug)]
pub struct EnabledRules<'s> {
    /// Asked for a rule whose code the registry does not hold (none in a run; the answer
    /// stays the selection's own).
    selection: &'s Selection,
    known: [u64; RULE_WORDS],
    on: [u64; RULE_WORDS],
}

impl EnabledRules<'_> {
    /// Whether `rule` runs: [`Selection::enabled`]'s answer.
    pub fn contains(&self, rule: &Rule) -> bool {
        match code_number(rule.code) {
            Some(n) if self.known[n / 64] & (1 << (n % 64)) != 0 => {
                self.on[n / 64] & (1 << (n % 64)) != 0
            }
            _ => self.selection.enabled(rule),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(code: &str) -> &'static Rule {
        rules::find(code).expect("a rule")
    }

    fn layer(select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> SelectionLayer {
        SelectionLayer {
            select: select.map(|s| parse_all(s.iter().copied()).unwrap()),
            extend_select: parse_all(extend.iter().copied()).unwrap(),
            ignore: parse_all(ignore.iter().copied()).unwrap(),
            severity: Vec::new(),
        }
    }

    #[test]
    fn every_completion_word_is_a_selector_and_every_rule_is_offered() {
        let words = selector_words();
        for (word, _) in &words {
            assert!(RuleSelector::parse(word).is_ok(), "`{word}` names nothing");
        }
        for rule in rules::all() {
            for wanted in [rule.code, rule.name] {
                assert!(words.iter().any(|(w, _)| *w == wanted), "{wanted} missing");
            }
        }
        assert!(words.iter().any(|(w, _)| *w == "best-practice"));
    }

    #[test]
    fn codes_names_prefixes_groups_and_all_are_selectors() {
        assert_eq!(RuleSelector::parse("ALL"), Ok(RuleSelector::All));
        assert_eq!(RuleSelector::parse("all"), Ok(RuleSelector::All));
        assert!(
            matches!(RuleSelector::parse("inn101"), Ok(RuleSelector::Rule(r)) if r.code == "INN101")
        );
        assert!(
            matches!(RuleSelector::parse("unknown-key"), Ok(RuleSelector::Rule(r)) if r.code == "INN101")
        );
        assert_eq!(
            RuleSelector::parse("INN2"),
            Ok(RuleSelector::Prefix("INN2".into()))
        );
        assert_eq!(
            RuleSelector::parse("references"),
            Ok(RuleSelector::Group(Group::References))
        );
        let wrong = RuleSelector::parse("unknwon-key").unwrap_err();
        assert_eq!(wrong.suggestion.as_deref(), Some("unknown-key"));
        assert_eq!(
            wrong.to_string(),
            "`unknwon-key` is not a rule code, name, code prefix or group; did you mean `unknown-key`?"
        );
        // A prefix must lead to at least one rule.
        assert!(RuleSelector::parse("INN8").is_err());
        assert!(RuleSelector::parse("INN1234").is_err());
    }

    #[test]
    fn layers_apply_in_order() {
        let config = layer(Some(&["INN2"]), &[], &["INN201"]);
        let selection = Selection::new(Scope::Lint).with(config.clone());
        assert!(selection.enabled(rule("INN202")));
        assert!(!selection.enabled(rule("INN201")));
        assert!(!selection.enabled(rule("INN101")));
        // A flag's extend-select re-enables what the configuration ignored.
        let flags = layer(None, &["INN201"], &[]);
        let selection = Selection::new(Scope::Lint).with(config.clone()).with(flags);
        assert!(selection.enabled(rule("INN201")));
        // A flag's select starts over.
        let flags = layer(Some(&["unknown-key"]), &[], &[]);
        let selection = Selection::new(Scope::Lint).with(config).with(flags);
        assert!(selection.enabled(rule("INN101")));
        assert!(!selection.enabled(rule("INN202")));
        // Internal problems always show.
        assert!(selection.enabled(rule("INN901")));
    }

    #[test]
    fn info_rules_run_only_when_a_selector_names_them() {
        let info = rule("INN604");
        assert_eq!(info.severity, Severity::Info);
        assert!(!Selection::new(Scope::Lint).enabled(info));
        assert!(Selection::new(Scope::Lint).enabled(rule("INN601")));
        for named in ["ALL", "best-practice", "INN6", "INN604"] {
            let on = Selection::new(Scope::Lint).with(layer(None, &[named], &[]));
            assert!(on.enabled(info), "--extend-select {named}");
            let on = Selection::new(Scope::Lint).with(layer(Some(&[named]), &[], &[]));
            assert!(on.enabled(info), "--select {named}");
        }
        let off = Selection::new(Scope::Lint).with(layer(Some(&["ALL"]), &[], &["INN604"]));
        assert!(!off.enabled(info));
        let raised = SelectionLayer {
            severity: vec![(RuleSelector::parse("INN604").unwrap(), Severity::Error)],
            ..SelectionLayer::default()
        };
        assert!(Selection::new(Scope::Lint).with(raised).enabled(info));
    }

    #[test]
    fn validate_runs_only_the_gate_groups() {
        let selection = Selection::new(Scope::Validate);
        assert!(selection.enabled(rule("INN101")));
        assert!(selection.enabled(rule("INN201")));
        assert!(!selection.enabled(rule("INN301")));
        // Blocking checks of the provider loader, outside the gate groups (INN502: a
        // terraform step's `config.operation`); a compatibility rule that is none is not run.
        assert!(selection.enabled(rule("INN504")));
        assert!(selection.enabled(rule("INN502")));
        assert!(!selection.enabled(rule("INN505")));
        let everything = Selection::new(Scope::Validate).with(layer(Some(&["ALL"]), &[], &[]));
        assert!(!everything.enabled(rule("INN301")));
    }

    /// The table gives the selection's answer for every rule, whatever the layers say.
    #[test]
    fn the_table_of_enabled_rules_answers_as_the_selection() {
        let selections = [
            Selection::new(Scope::Lint),
            Selection::new(Scope::Validate),
            Selection::new(Scope::Lint).with(layer(Some(&["INN2"]), &["INN604"], &["INN201"])),
            Selection::new(Scope::Validate).with(layer(Some(&["ALL"]), &[], &["references"])),
            Selection::new(Scope::Lint).with(SelectionLayer {
                severity: vec![(RuleSelector::parse("INN6").unwrap(), Severity::Error)],
                ..SelectionLayer::default()
            }),
        ];
        for selection in &selections {
            let table = selection.enabled_rules();
            let mut on = 0;
            for rule in rules::all() {
                assert_eq!(
                    table.contains(rule),
                    selection.enabled(rule),
                    "{}",
                    rule.code
                );
                on += usize::from(table.contains(rule));
            }
            assert!(on > 0 && on < rules::all().len(), "{on} rules on");
        }
        // A rule the registry does not hold is asked of the selection itself.
        static OUTSIDE: Rule = Rule {
            code: "INN299",
            name: "outside-the-registry",
            group: Group::References,
            severity: Severity::Warning,
            fix: crate::catalog::Fixability::None,
            summary: "",
            doc: "",
        };
        assert!(rules::find("INN299").is_none());
        let everything = Selection::new(Scope::Lint).with(layer(Some(&["ALL"]), &[], &[]));
        assert!(everything.enabled_rules().contains(&OUTSIDE));
        assert_eq!(code_number("INN210"), Some(210));
        assert_eq!(code_number("INN21"), None);
        assert_eq!(code_number("XYZ210"), None);
    }

    #[test]
    fn the_most_specific_severity_wins_and_upper_layers_win() {
        let config = SelectionLayer {
            severity: vec![
                (RuleSelector::parse("INN1").unwrap(), Severity::Warning),
                (RuleSelector::parse("INN101").unwrap(), Severity::Hint),
                (RuleSelector::parse("ALL").unwrap(), Severity::Info),
            ],
            ..SelectionLayer::default()
        };
        let selection = Selection::new(Scope::Lint).with(config.clone());
        assert_eq!(selection.severity(rule("INN101")), Severity::Hint);
        assert_eq!(selection.severity(rule("INN102")), Severity::Warning);
        assert_eq!(selection.severity(rule("INN301")), Severity::Info);
        let editor = SelectionLayer {
            severity: vec![(RuleSelector::parse("schema").unwrap(), Severity::Error)],
            ..SelectionLayer::default()
        };
        let selection = Selection::new(Scope::Lint).with(config).with(editor);
        assert_eq!(selection.severity(rule("INN101")), Severity::Error);
        assert_eq!(selection.severity(rule("INN301")), Severity::Info);
    }
}
