//! `.innominatus.toml`, read from its text: every mistake is a diagnostic at its line and
//! column on the file, and what is valid still applies. Reading the file and finding it are
//! the caller's business; the only question asked of the file system (whether a configured
//! folder exists) goes through the `is_dir` probe the caller passes.

use super::selector::{RuleSelector, SelectionLayer};
use crate::catalog::{self as rules, Severity};
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::dialect::Dialect;
use crate::text::Span;
use crate::workspace::Policy;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The name of the configuration file.
pub const FILE_NAME: &str = ".innominatus.toml";

/// Every setting, for the help of a misspelled one.
const KNOWN_SETTINGS: &str = "known settings: `dialect`, `exclude`, `max-file-size`, `[lint] select`, `ignore`, `extend-select`, `[lint.severity]`, `[workspace] root`, `provider-paths`, `[policy] allowed-step-types`, `required-labels`, `forbidden-image-tags`";

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    dialect: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    max_file_size: Option<Spanned<toml::Value>>,
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
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// The configuration in force.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// The folder holding the configuration file: `exclude` globs and configured folders
    /// are relative to it, and it bounds the workspace (see [`super::root`]).
    pub folder: Option<PathBuf>,
    pub dialect: Option<Dialect>,
    pub exclude: Vec<String>,
    /// `max-file-size`: files larger than this many bytes are not read (`None`: the
    /// default of the file reader).
    pub max_file_size: Option<u64>,
    /// `[lint]`: the bottom layer of rule selection.
    pub selection: SelectionLayer,
    pub policy: Policy,
    /// `[workspace] root`: where the context of single files is read.
    pub workspace_root: Option<PathBuf>,
    /// `[workspace] provider-paths`: folders whose provider manifests and workflows are always
    /// read as context (providers kept outside the checked tree).
    pub provider_paths: Vec<PathBuf>,
}

impl Config {
    /// Reads the configuration `text` of the file named `file` (as messages show it) that
    /// lives in `folder`. The diagnostics are its mistakes; the configuration keeps
    /// whatever was valid.
    pub fn parse(
        text: &str,
        file: &Arc<str>,
        folder: Option<&Path>,
        is_dir: &dyn Fn(&Path) -> bool,
    ) -> (Config, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut config = Config {
            folder: folder.map(Path::to_path_buf),
            ..Config::default()
        };
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = e.span().map_or(Span::at(0), |r| Span::new(r.start, r.end));
                problems.push(
                    Diagnostic::new(
                        &rules::INVALID_CONFIG,
                        file,
                        span,
                        e.message().trim().into(),
                    )
                    .with_help(KNOWN_SETTINGS),
                );
                return (config, problems);
            }
        };
        // `meant`: the one value a "did you mean" in the help names, which the fix writes.
        let mut report =
            |span: Span, message: String, help: Option<String>, meant: Option<&str>| {
                let mut d = Diagnostic::new(&rules::INVALID_CONFIG, file, span, message);
                if let Some(h) = help {
                    d = d.with_help(h);
                }
                if let Some(fix) = meant.and_then(|m| toml_fix(text, file, span, m)) {
                    d = d.with_fix(fix);
                }
                problems.push(d);
            };
        if let Some(d) = &raw.dialect {
            match Dialect::parse(d.get_ref()) {
                Some(dialect) => config.dialect = Some(dialect),
                None => report(
                    span_of(d),
                    format!(
                        "unknown dialect `{}`; expected `score` or `innominatus`",
                        d.get_ref()
                    ),
                    Some(closest_hint(
                        d.get_ref(),
                        ["score", "innominatus"],
                        "the dialects are `score` and `innominatus`",
                    )),
                    crate::schema::closest(d.get_ref(), ["score", "innominatus"]),
                ),
            }
        }
        config.exclude = raw.exclude.iter().map(|g| g.get_ref().clone()).collect();
        if let Some(size) = &raw.max_file_size {
            match parse_size(size.get_ref()) {
                Some(bytes) if bytes > 0 => config.max_file_size = Some(bytes),
                _ => report(
                    span_of(size),
                    format!("`max-file-size` must be a size in bytes (`67108864`) or with a unit (`64 MiB`, `512 KiB`, `1 GiB`), not {}", size.get_ref()),
                    None,
                    None,
                ),
            }
        }
        if let Some(w) = raw.workspace {
            let base = folder.unwrap_or(Path::new("."));
            let mut resolve = |value: &Spanned<String>, what: &str| -> Option<PathBuf> {
                let dir = base.join(value.get_ref());
                if is_dir(&dir) {
                    return Some(dir);
                }
                report(
                    span_of(value),
                    format!(
                        "{what} `{}` is not a folder (it is read relative to this file)",
                        value.get_ref()
                    ),
                    None,
                    None,
                );
                None
            };
            config.workspace_root = w.root.as_ref().and_then(|r| resolve(r, "[workspace] root"));
            config.provider_paths = w
                .provider_paths
                .iter()
                .filter_map(|p| resolve(p, "provider path"))
                .collect();
        }
        if let Some(p) = raw.policy {
            config.policy = Policy {
                allowed_step_types: p.allowed_step_types,
                required_labels: p.required_labels,
                forbidden_image_tags: p.forbidden_image_tags,
            };
        }
        if let Some(lint) = raw.lint {
            let mut selectors = |list: &[Spanned<String>]| -> Vec<RuleSelector> {
                list.iter()
                    .filter_map(|item| match RuleSelector::parse(item.get_ref()) {
                        Ok(s) => Some(s),
                        Err(e) => {
                            report(
                                span_of(item),
                                format!(
                                    "unknown rule selector `{}`; expected a rule code, name, code prefix, group or `ALL`",
                                    e.text
                                ),
                                Some(match &e.suggestion {
                                    Some(s) => format!("did you mean `{s}`?"),
                                    None => "a selector is a rule code (`INN101`), name (`unknown-key`), code prefix (`INN1`), group (`schema`) or `ALL`; `innominatus explain --list` lists the rules".into(),
                                }),
                                e.suggestion.as_deref(),
                            );
                            None
                        }
                    })
                    .collect()
            };
            // `select = []` selects nothing in particular, as it always has here: every rule.
            config.selection.select = lint
                .select
                .as_deref()
                .filter(|list| !list.is_empty())
                .map(&mut selectors);
            config.selection.extend_select = selectors(&lint.extend_select);
            config.selection.ignore = selectors(&lint.ignore);
            config.selection.severity = severities(&lint.severity, &mut report);
        }
        (config, problems)
    }

    /// The configuration's folder, or `fallback` when there is no configuration file.
    pub fn folder_or<'a>(&'a self, fallback: &'a Path) -> &'a Path {
        self.folder.as_deref().unwrap_or(fallback)
    }
}

/// How a mistake is reported: its place, the message, the help, and the one value a "did you
/// mean" in the help names (which the fix writes).
type Report<'r> = dyn FnMut(Span, String, Option<String>, Option<&str>) + 'r;

/// `[lint.severity]`: selector = severity, each mistake at its key or value.
fn severities(
    table: &BTreeMap<Spanned<String>, Spanned<String>>,
    report: &mut Report<'_>,
) -> Vec<(RuleSelector, Severity)> {
    let mut out = Vec::new();
    for (key, value) in table {
        let selector = match RuleSelector::parse(key.get_ref()) {
            Ok(s) => s,
            Err(e) => {
                report(
                    span_of(key),
                    format!(
                        "unknown rule selector `{}` in [lint.severity]; expected a rule code, name, code prefix, group or `ALL`",
                        key.get_ref()
                    ),
                    e.suggestion.as_ref().map(|s| format!("did you mean `{s}`?")),
                    e.suggestion.as_deref(),
                );
                continue;
            }
        };
        match Severity::parse(value.get_ref()) {
            Some(s) => out.push((selector, s)),
            None => report(
                span_of(value),
                format!(
                    "unknown severity `{}` for `{}`; expected `error`, `warning`, `info` or `hint`",
                    value.get_ref(),
                    key.get_ref()
                ),
                None,
                None,
            ),
        }
    }
    out
}

/// A size: a number of bytes, or a string with a binary or decimal unit.
fn parse_size(value: &toml::Value) -> Option<u64> {
    match value {
        toml::Value::Integer(n) => u64::try_from(*n).ok(),
        toml::Value::String(s) => {
            let s = s.trim();
            let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let number: u64 = s[..split].parse().ok()?;
            let factor: u64 = match s[split..].trim().to_ascii_lowercase().as_str() {
                "" | "b" => 1,
                "kib" => 1 << 10,
                "mib" => 1 << 20,
                "gib" => 1 << 30,
                "kb" => 1_000,
                "mb" => 1_000_000,
                "gb" => 1_000_000_000,
                _ => return None,
            };
            number.checked_mul(factor)
        }
        _ => None,
    }
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

/// The fix of a "did you mean" in this file: the value or key at `span` replaced with `meant`,
/// a bare key or a basic string as the original was written. Unsafe: the configuration then
/// selects other rules, severities or another dialect.
fn toml_fix(text: &str, file: &Arc<str>, span: Span, meant: &str) -> Option<Fix> {
    let written = text.get(span.start..span.end)?;
    let bare = !written.starts_with(['"', '\'']);
    let bare_safe = !meant.is_empty()
        && meant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    let replacement = if bare && bare_safe {
        meant.to_string()
    } else {
        // A JSON string is a TOML basic string with the same value.
        serde_json::Value::from(meant).to_string()
    };
    Some(Fix::suggestion(
        Applicability::Unsafe,
        format!("replace with `{meant}`"),
        file,
        span,
        replacement,
    ))
}

fn closest_hint<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    fallback: &str,
) -> String {
    match crate::schema::closest(wanted, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::selector::{Scope, Selection};

    fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
        Config::parse(text, &Arc::from(FILE_NAME), None, &|_| true)
    }

    fn at(text: &str, d: &Diagnostic) -> String {
        text[d.span.start..d.span.end].to_string()
    }

    #[test]
    fn selectors_in_the_file_mean_what_they_mean_on_the_command_line() {
        let text = "[lint]\nselect = [\"INN2\", \"schema\"]\nignore = [\"unknown-key\"]\n[lint.severity]\nINN1 = \"warning\"\n";
        let (config, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        let selection = Selection::new(Scope::Lint).with(config.selection);
        let find = |c: &str| crate::rules::find(c).unwrap();
        assert!(selection.enabled(find("INN201")));
        assert!(selection.enabled(find("INN102")));
        assert!(!selection.enabled(find("INN101")));
        assert!(!selection.enabled(find("INN301")));
        assert_eq!(selection.severity(find("INN102")), Severity::Warning);
    }

    #[test]
    fn every_mistake_has_its_place() {
        let text = "dialect = \"scor\"\n[lint]\nignore = [\"INN2\", \"no-such-rule\"]\n[lint.severity]\nunknwon-key = \"error\"\nINN101 = \"loud\"\n";
        let (config, problems) = parse(text);
        let places: Vec<String> = problems.iter().map(|d| at(text, d)).collect();
        assert_eq!(
            places,
            ["\"scor\"", "\"no-such-rule\"", "\"loud\"", "unknwon-key"],
            "{problems:?}"
        );
        assert!(problems[0].help.as_deref().unwrap().contains("`score`"));
        assert!(problems[3].help.as_deref().unwrap().contains("unknown-key"));
        // What was valid applies.
        assert_eq!(config.selection.ignore.len(), 1);
    }

    /// Each "did you mean" of the file comes with the fix that writes it, and the fixed file
    /// has no mistake left: a string value stays a string, a bare key stays bare and a quoted
    /// key quoted.
    #[test]
    fn every_did_you_mean_is_a_fix_that_leaves_a_valid_file() {
        let text = "dialect = \"scor\"\n[lint]\nignore = [\"unknwon-key\"]\n[lint.severity]\nunknwon-key = \"error\"\n\"dupliate-key\" = \"info\"\n";
        let (_, problems) = parse(text);
        assert_eq!(problems.len(), 4, "{problems:?}");
        let mut edits: Vec<&crate::diagnostic::Edit> = Vec::new();
        for d in &problems {
            let fix = d.fix.as_ref().unwrap_or_else(|| panic!("no fix: {d:?}"));
            assert!(fix.suggestion && fix.applicability == Applicability::Unsafe);
            edits.extend(&fix.edits);
        }
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut fixed = text.to_string();
        for e in edits {
            fixed.replace_range(e.span.start..e.span.end, &e.replacement);
        }
        assert_eq!(
            fixed,
            "dialect = \"score\"\n[lint]\nignore = [\"unknown-key\"]\n[lint.severity]\nunknown-key = \"error\"\n\"duplicate-key\" = \"info\"\n"
        );
        let (_, left) = parse(&fixed);
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_syntax_error_or_unknown_setting_is_placed_too() {
        let text = "[lint]\nselcet = [\"INN1\"]\n";
        let (_, problems) = parse(text);
        assert_eq!(problems.len(), 1);
        assert_eq!(at(text, &problems[0]), "selcet");
    }

    #[test]
    fn sizes_take_bytes_or_units() {
        for (text, bytes) in [
            ("67108864", 67_108_864),
            ("\"64 MiB\"", 64 << 20),
            ("\"1GiB\"", 1 << 30),
            ("\"500 kb\"", 500_000),
        ] {
            let (config, problems) = parse(&format!("max-file-size = {text}\n"));
            assert!(problems.is_empty(), "{text}: {problems:?}");
            assert_eq!(config.max_file_size, Some(bytes), "{text}");
        }
        let text = "max-file-size = \"lots\"\n";
        let (config, problems) = parse(text);
        assert_eq!(config.max_file_size, None);
        assert_eq!(at(text, &problems[0]), "\"lots\"");
    }

    #[test]
    fn missing_folders_are_reported_on_their_value() {
        let text = "[workspace]\nroot = \"nowhere\"\nprovider-paths = [\"here\"]\n";
        let (config, problems) = Config::parse(
            text,
            &Arc::from(FILE_NAME),
            Some(Path::new("/repo")),
            &|p| p == Path::new("/repo/here"),
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(at(text, &problems[0]), "\"nowhere\"");
        assert_eq!(config.provider_paths, [PathBuf::from("/repo/here")]);
    }
}
