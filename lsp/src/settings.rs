//! Settings: the client's (`initializationOptions`, `workspace/configuration` section
//! `innominatus`) on top of `.innominatus.toml`. Both are read by the engine's project layer
//! (`project::config`, `project::selector`), so every key means what it means to `lint`.

use innominatus_engine::diagnostic::{Diagnostic, Severity};
use innominatus_engine::dialect::Dialect;
use innominatus_engine::project::config::Config;
use innominatus_engine::project::selector::{
    RuleSelector, Scope, Selection, SelectionLayer, UnknownSelector,
};
use innominatus_engine::rules::Rule;
use innominatus_fs::config;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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

impl ClientSettings {
    /// The rule selection these settings make, and a sentence per mistake in them.
    fn selection_layer(&self) -> (SelectionLayer, Vec<String>) {
        let mut problems = Vec::new();
        let mut parse = |list: &[String], what: &str| -> Vec<RuleSelector> {
            list.iter()
                .filter_map(|text| match RuleSelector::parse(text) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        problems.push(mistake(what, &e));
                        None
                    }
                })
                .collect()
        };
        let select = parse(&self.select, "innominatus.select");
        let extend_select = parse(&self.extend_select, "innominatus.extendSelect");
        let ignore = parse(&self.ignore, "innominatus.ignore");
        let mut severity = Vec::new();
        for (key, value) in &self.severity {
            match (RuleSelector::parse(key), Severity::parse(value)) {
                (Ok(s), Some(v)) => severity.push((s, v)),
                (Err(e), _) => problems.push(mistake("innominatus.severity", &e)),
                (Ok(_), None) => problems.push(format!(
                    "innominatus.severity: `{value}` for `{key}` is not a severity; expected `error`, `warning`, `info` or `hint`"
                )),
            }
        }
        let layer = SelectionLayer {
            select: (!self.select.is_empty()).then_some(select),
            extend_select,
            ignore,
            severity,
        };
        (layer, problems)
    }
}

fn mistake(setting: &str, e: &UnknownSelector) -> String {
    format!("{setting}: {e}")
}

/// The settings in force: config file, then client settings on top.
#[derive(Default)]
pub struct Effective {
    pub config: Config,
    pub client: ClientSettings,
    /// Rule selection: the configuration file's layer, then the client's.
    pub selection: Selection,
    /// The configuration file in force, if any.
    pub config_path: Option<PathBuf>,
    /// Problems of the config file (reported on it as diagnostics).
    pub config_problems: Vec<Diagnostic>,
    /// The config file's text (for positions of its problems).
    pub config_text: String,
    /// Mistakes in the client's settings, one sentence each (shown to the user).
    pub client_problems: Vec<String>,
}

/// No fixed delay by default: a check of one document never overlaps another check of it,
/// and edits made meanwhile are checked together right after it (`Shared::check_open`).
pub const DEFAULT_DEBOUNCE: Duration = Duration::ZERO;
pub const DEFAULT_WORKSPACE_DEBOUNCE: Duration = Duration::from_millis(300);

impl Effective {
    /// Loads the `.innominatus.toml` that applies to `root` (found upwards from it, as the
    /// command line finds it from its working directory) and combines it with `client`.
    pub fn load(root: Option<&Path>, client: ClientSettings) -> Effective {
        let mut eff = Effective::default();
        if let Some(path) = root.and_then(config::discover) {
            let display = path
                .strip_prefix(root.unwrap_or(Path::new("")))
                .map_or_else(|_| path.display().to_string(), |p| p.display().to_string());
            let loaded = config::load(&path, &display);
            eff.config = loaded.config;
            eff.config_problems = loaded.problems;
            eff.config_text = loaded.text;
            eff.config_path = Some(path);
        }
        let (layer, problems) = client.selection_layer();
        eff.selection = Selection::new(Scope::Lint)
            .with(eff.config.selection.clone())
            .with(layer);
        eff.client_problems = problems;
        eff.client = client;
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

    /// Whether `rule` runs: the rule selection of `innominatus lint`, with the client's
    /// settings on top of the configuration file's.
    pub fn enabled(&self, rule: &Rule) -> bool {
        self.selection.enabled(rule)
    }

    /// The severity overrides of the configuration file, then the client's.
    pub fn apply(&self, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        self.selection.apply_severities(&mut diagnostics);
        diagnostics
    }
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
        let find = |c: &str| innominatus_engine::rules::find(c).unwrap();
        let (unknown, missing, cycle) = (find("INN101"), find("INN102"), find("INN301"));
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
    fn client_settings_take_every_selector_and_name_their_mistakes() {
        let client = ClientSettings::from_json(&json!({
            "select": ["references", "INN1"], "extendSelect": ["INN3O1"],
            "severity": {"INN2": "info", "schema": "loud"}
        }));
        let eff = Effective::load(None, client);
        let find = |c: &str| innominatus_engine::rules::find(c).unwrap();
        assert!(eff.enabled(find("INN201")));
        assert!(eff.enabled(find("INN101")));
        assert!(!eff.enabled(find("INN301")));
        assert_eq!(eff.selection.severity(find("INN201")), Severity::Info);
        assert_eq!(
            eff.client_problems,
            [
                "innominatus.extendSelect: `INN3O1` is not a rule code, name, code prefix or group; did you mean `INN301`?",
                "innominatus.severity: `loud` for `schema` is not a severity; expected `error`, `warning`, `info` or `hint`",
            ]
        );
    }

    #[test]
    fn mistakes_in_the_config_file_are_positioned_problems() {
        let dir = std::env::temp_dir().join(format!("inn-lsp-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "dialect = \"innominatus\"\n[lint]\nignore = [\"no-such-rule\"]\n";
        std::fs::write(dir.join(config::FILE_NAME), text).unwrap();
        let eff = Effective::load(Some(&dir), ClientSettings::default());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(eff.dialect(), Some(Dialect::Innominatus));
        assert_eq!(eff.config_problems.len(), 1);
        let p = &eff.config_problems[0];
        assert_eq!(&text[p.span.start..p.span.end], "\"no-such-rule\"");
        assert_eq!(eff.config_text, text);
    }
}
