//! `.innominatus.toml`: found upwards from the working directory, every mistake in it a
//! diagnostic with a position on the file.

use innominatus_engine::diagnostic::{Diagnostic, Severity};
use innominatus_engine::dialect::Dialect;
use innominatus_engine::rules;
use innominatus_engine::text::Span;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

pub const FILE_NAME: &str = ".innominatus.toml";

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    dialect: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    lint: Option<RawLint>,
    policy: Option<RawPolicy>,
    workspace: Option<RawWorkspace>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawWorkspace {
    root: Option<Spanned<String>>,
    #[serde(default)]
    provider_paths: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPolicy {
    #[serde(default)]
    allowed_step_types: Vec<String>,
    #[serde(default)]
    required_labels: Vec<String>,
    #[serde(default)]
    forbidden_image_tags: Vec<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLint {
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// The configuration in force, with the file it came from.
#[derive(Debug, Default)]
pub struct Config {
    #[allow(dead_code)] // shown by `doctor` (coming with the editor integrations)
    pub path: Option<PathBuf>,
    /// Directory holding the config file: `exclude` globs are relative to it.
    pub root: Option<PathBuf>,
    pub dialect: Option<Dialect>,
    pub exclude: Vec<String>,
    /// Rule codes selected (empty: all rules).
    pub select: Vec<&'static str>,
    pub ignore: Vec<&'static str>,
    pub severity: BTreeMap<&'static str, Severity>,
    pub policy: innominatus_engine::workspace::Policy,
    /// `[workspace] root`: where the context of single files is read (relative to the
    /// configuration file).
    pub workspace_root: Option<PathBuf>,
    /// `[workspace] provider-paths`: folders whose provider manifests and workflows are always
    /// read as context (providers kept outside the checked tree).
    pub provider_paths: Vec<PathBuf>,
}

impl Config {
    /// Whether a diagnostic of `code` is reported.
    pub fn enabled(&self, code: &str) -> bool {
        (self.select.is_empty() || self.select.contains(&code)) && !self.ignore.contains(&code)
    }

    /// Applies rule selection and severity overrides.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter(|d| self.enabled(d.code) || d.code.starts_with("INN9"))
            .map(|mut d| {
                if let Some(s) = self.severity.get(d.code) {
                    d.severity = *s;
                }
                d
            })
            .collect()
    }
}

/// The nearest `.innominatus.toml` from `start` upwards.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Loads a configuration file; the diagnostics are its mistakes (the config is still
/// returned with whatever was valid).
pub fn load(path: &Path, display: &str) -> (Config, Vec<Diagnostic>, String) {
    let file: Arc<str> = Arc::from(display);
    let mut problems = Vec::new();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Diagnostic::new(
                &rules::UNREADABLE_FILE,
                &file,
                Span::at(0),
                format!("cannot read the configuration file: {e}"),
            ));
            return (Config::default(), problems, String::new());
        }
    };
    let mut config = Config {
        path: Some(path.to_path_buf()),
        root: path.parent().map(Path::to_path_buf),
        ..Config::default()
    };
    let raw: RawConfig = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().map_or(Span::at(0), |r| Span::new(r.start, r.end));
            problems.push(
                Diagnostic::new(&rules::INVALID_CONFIG, &file, span, e.message().trim().to_string())
                    .with_help("known settings: `dialect`, `exclude`, `[lint] select`, `ignore`, `extend-select`, `[lint.severity]`, `[workspace] root`, `provider-paths`, `[policy] allowed-step-types`, `required-labels`, `forbidden-image-tags`"),
            );
            return (config, problems, text);
        }
    };
    if let Some(d) = &raw.dialect {
        match Dialect::parse(d.get_ref()) {
            Some(dialect) => config.dialect = Some(dialect),
            None => problems.push(
                Diagnostic::new(
                    &rules::INVALID_CONFIG,
                    &file,
                    span_of(d),
                    format!(
                        "unknown dialect `{}`; expected `score` or `innominatus`",
                        d.get_ref()
                    ),
                )
                .with_help(closest_hint(
                    d.get_ref(),
                    ["score", "innominatus"],
                    "the dialects are `score` and `innominatus`",
                )),
            ),
        }
    }
    config.exclude = raw.exclude.iter().map(|g| g.get_ref().clone()).collect();
    if let Some(w) = raw.workspace {
        let base = path.parent().unwrap_or(Path::new("."));
        let mut folder = |value: &Spanned<String>, what: &str| -> Option<PathBuf> {
            let dir = base.join(value.get_ref());
            if dir.is_dir() {
                Some(dir)
            } else {
                problems.push(Diagnostic::new(
                    &rules::INVALID_CONFIG,
                    &file,
                    span_of(value),
                    format!(
                        "{what} `{}` is not a folder (it is read relative to this file)",
                        value.get_ref()
                    ),
                ));
                None
            }
        };
        config.workspace_root = w.root.as_ref().and_then(|r| folder(r, "[workspace] root"));
        config.provider_paths = w
            .provider_paths
            .iter()
            .filter_map(|p| folder(p, "provider path"))
            .collect();
    }
    if let Some(p) = raw.policy {
        config.policy = innominatus_engine::workspace::Policy {
            allowed_step_types: p.allowed_step_types,
            required_labels: p.required_labels,
            forbidden_image_tags: p.forbidden_image_tags,
        };
    }
    if let Some(lint) = raw.lint {
        let codes =
            |list: &[Spanned<String>], problems: &mut Vec<Diagnostic>| -> Vec<&'static str> {
                list.iter()
                    .filter_map(|item| rule_code(item, &file, problems))
                    .collect()
            };
        config.select = codes(&lint.select, &mut problems);
        let extend = codes(&lint.extend_select, &mut problems);
        if !config.select.is_empty() {
            config.select.extend(extend);
        }
        config.ignore = codes(&lint.ignore, &mut problems);
        for (rule, sev) in &lint.severity {
            let Some(r) = rules::find(rule.get_ref()) else {
                problems.push(Diagnostic::new(
                    &rules::INVALID_CONFIG,
                    &file,
                    span_of(rule),
                    format!("unknown rule `{}` in [lint.severity]", rule.get_ref()),
                ));
                continue;
            };
            match Severity::parse(sev.get_ref()) {
                Some(s) => {
                    config.severity.insert(r.code, s);
                }
                None => problems.push(Diagnostic::new(
                    &rules::INVALID_CONFIG,
                    &file,
                    span_of(sev),
                    format!(
                        "unknown severity `{}`; expected `error`, `warning`, `info` or `hint`",
                        sev.get_ref()
                    ),
                )),
            }
        }
    }
    (config, problems, text)
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn rule_code(
    item: &Spanned<String>,
    file: &Arc<str>,
    problems: &mut Vec<Diagnostic>,
) -> Option<&'static str> {
    match rules::find(item.get_ref()) {
        Some(r) => Some(r.code),
        None => {
            let names = rules::all().iter().flat_map(|r| [r.code, r.name]);
            problems.push(
                Diagnostic::new(
                    &rules::INVALID_CONFIG,
                    file,
                    span_of(item),
                    format!("unknown rule `{}`", item.get_ref()),
                )
                .with_help(closest_hint(
                    item.get_ref(),
                    names,
                    "`innominatus explain --all` lists every rule",
                )),
            );
            None
        }
    }
}

fn closest_hint<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    fallback: &str,
) -> String {
    match innominatus_engine::schema::closest(wanted, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => fallback.to_string(),
    }
}
