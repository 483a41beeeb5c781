//! Settings: the client's (`initializationOptions`, `workspace/configuration` section
//! `innominatus`) on top of `.innominatus.toml`, which is read with the CLI's own parser so
//! that both mean the same thing by every key.

#[allow(dead_code)] // the CLI uses parts the server does not (`path`, `exclude` roots)
#[path = "../../cli/src/config.rs"]
mod config;

pub use config::{Config, FILE_NAME as CONFIG_FILE_NAME};
use innominatus_engine::diagnostic::{Diagnostic, Severity};
use innominatus_engine::dialect::Dialect;
use innominatus_engine::rules::{self, Group, Rule};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// What the client may set. Every field is optional; unknown fields are ignored (clients
/// send their whole section).
#[derive(Deserialize, Default, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    /// `score` or `innominatus`; overrides the config file.
    pub dialect: Option<String>,
    /// Rule codes, names or prefixes; when non-empty, replaces the config's selection.
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Code or name → `error` | `warning` | `info` | `hint`.
    pub severity: BTreeMap<String, String>,
    /// Wait this long after the last change of a document before checking it.
    pub debounce_ms: Option<u64>,
    /// Wait this long after the last change before re-checking the files that may depend
    /// on it.
    pub workspace_debounce_ms: Option<u64>,
}

impl ClientSettings {
    /// Reads the settings from a JSON value: either the section itself or an object with an
    /// `innominatus` member (clients differ). Invalid values leave the defaults.
    pub fn from_json(value: &Value) -> ClientSettings {
        let section = value.get("innominatus").unwrap_or(value);
        serde_json::from_value(section.clone()).unwrap_or_default()
    }
}

/// The settings in force: config file, then client settings on top.
#[derive(Default)]
pub struct Effective {
    pub config: Config,
    pub client: ClientSettings,
    /// Problems of the config file (reported on it as diagnostics).
    pub config_problems: Vec<Diagnostic>,
    /// The config file's text (for positions of its problems).
    pub config_text: String,
}

/// No fixed delay by default: a check of one document never overlaps another check of it,
/// and edits made meanwhile are checked together right after it (`Shared::check_open`).
pub const DEFAULT_DEBOUNCE: Duration = Duration::ZERO;
pub const DEFAULT_WORKSPACE_DEBOUNCE: Duration = Duration::from_millis(300);

impl Effective {
    /// Loads `.innominatus.toml` from `root` (if there is one) and combines it with `client`.
    pub fn load(root: Option<&Path>, client: ClientSettings) -> Effective {
        let mut eff = Effective {
            client,
            ..Effective::default()
        };
        let Some(path) = root
            .map(|r| r.join(CONFIG_FILE_NAME))
            .filter(|p| p.is_file())
        else {
            return eff;
        };
        let (config, problems, text) = config::load(&path, CONFIG_FILE_NAME);
        eff.config = config;
        eff.config_problems = problems;
        eff.config_text = text;
        eff
    }

    pub fn dialect(&self) -> Option<Dialect> {
        self.client
            .dialect
            .as_deref()
            .and_then(Dialect::parse)
            .or(self.config.dialect)
    }

    pub fn debounce(&self) -> Duration {
        self.client
            .debounce_ms
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis)
    }

    pub fn workspace_debounce(&self) -> Duration {
        self.client
            .workspace_debounce_ms
            .map_or(DEFAULT_WORKSPACE_DEBOUNCE, Duration::from_millis)
    }

    /// Whether `rule` runs: the rule selection of `innominatus lint` (every group), with the
    /// client's `select` replacing the config's selection when given.
    pub fn enabled(&self, rule: &Rule) -> bool {
        if rule.group == Group::Internal {
            return true;
        }
        let c = &self.client;
        let selected = if c.select.is_empty() {
            self.config.enabled(rule.code)
        } else {
            c.select.iter().any(|s| matches_selector(rule, s))
        };
        let extended = c.extend_select.iter().any(|s| matches_selector(rule, s));
        let ignored = c.ignore.iter().any(|s| matches_selector(rule, s));
        (selected || extended) && !ignored
    }

    /// The config's selection and severity overrides, then the client's overrides.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut out = self.config.apply(diagnostics);
        for d in &mut out {
            for (rule, sev) in &self.client.severity {
                if rules::find(rule).is_some_and(|r| r.code == d.code) {
                    if let Some(s) = Severity::parse(sev) {
                        d.severity = s;
                    }
                }
            }
        }
        out
    }
}

/// `INN101`, `unknown-key`, a code prefix such as `INN2`, or `ALL` (as on the command line).
fn matches_selector(rule: &Rule, selector: &str) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("ALL")
        || rule.name == s
        || (s.len() >= 3
            && rule
                .code
                .to_ascii_uppercase()
                .starts_with(&s.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn client_selection_and_severity_override_the_defaults() {
        let client = ClientSettings::from_json(&json!({"innominatus": {
            "select": ["INN1"], "ignore": ["unknown-key"], "severity": {"INN102": "hint"},
            "debounceMs": 0, "dialect": "score"
        }}));
        let eff = Effective::load(None, client);
        let unknown = rules::find("INN101").unwrap();
        let missing = rules::find("INN102").unwrap();
        let cycle = rules::find("INN301").unwrap();
        assert!(!eff.enabled(unknown));
        assert!(eff.enabled(missing));
        assert!(!eff.enabled(cycle));
        assert_eq!(eff.debounce(), Duration::ZERO);
        assert_eq!(eff.dialect(), Some(Dialect::Score));
        let file = std::sync::Arc::from("a.yaml");
        let d = Diagnostic::new(
            missing,
            &file,
            innominatus_engine::text::Span::at(0),
            "m".into(),
        );
        assert_eq!(eff.apply(vec![d])[0].severity, Severity::Hint);
    }

    #[test]
    fn mistakes_in_the_config_file_are_positioned_problems() {
        let dir = std::env::temp_dir().join(format!("inn-lsp-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "dialect = \"innominatus\"\n[lint]\nignore = [\"no-such-rule\"]\n";
        std::fs::write(dir.join(CONFIG_FILE_NAME), text).unwrap();
        let eff = Effective::load(Some(&dir), ClientSettings::default());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(eff.dialect(), Some(Dialect::Innominatus));
        assert_eq!(eff.config_problems.len(), 1);
        let p = &eff.config_problems[0];
        assert_eq!(&text[p.span.start..p.span.end], "\"no-such-rule\"");
        assert_eq!(eff.config_text, text);
    }
}
