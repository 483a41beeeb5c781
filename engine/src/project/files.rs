//! Which files are ours: the one definition of the platform files the language server
//! answers for and the editors hand to it (DESIGN.md §3.1).
//!
//! A file is decided in this order:
//! 1. an exclusion ([`EXCLUDED`]) — another tool's file (GitHub Actions and everything else
//!    under `.github/`, GitLab CI, Docker Compose, Helm charts and values, kubeconfigs): never
//!    ours, whatever it holds;
//! 2. a path convention ([`OURS`]) — the platform's file names and folders: ours, even while
//!    empty;
//! 3. a content marker ([`MARKERS`]) — a top-level key and value at the start of a line in the
//!    first [`MARKER_LINES`] lines (a `score.` apiVersion, `kind: Provider`, a workflow
//!    apiVersion, a workflow test's `workflow:` and `cases:`): ours whatever the name;
//! 4. the engine's kind detection ([`crate::kind`], content first, file name second): a
//!    document of a known kind makes the file ours;
//! 5. a file that is not text (binary, not UTF-8): the client's choice stands, and the
//!    finding says why the file cannot be read.
//!
//! The editors apply 1–3 themselves, from patterns rendered here ([`render`]): VS Code
//! document-selector globs, Lua patterns for Neovim, JavaScript regular expressions for the
//! markers and exclusions, and the `yamlValidation` lists of the VS Code extension. The
//! language server applies all five; what an editor sends is therefore always ours to the
//! server, and the server declines what only a generic YAML client would send.
//!
//! Paths are matched with `/` separators (backslashes are converted) and should be absolute,
//! as editors have them: the rule for a repository's `workflows/` folder looks at the folder
//! above it, which a bare relative `workflows/x.yaml` does not have.

pub mod render;

use crate::kind::DocumentKind;
use crate::source::SourceFile;
use regex::{Regex, RegexSet};
use std::sync::{Arc, LazyLock};

/// A path convention, as a glob over the file's path. The glob syntax is the common part of
/// VS Code's and the Red Hat YAML extension's: `**/` any folders (at the start, or before a
/// `*`), `/**` everything below (only at the end), `*` any characters but `/`, `[!.]` one
/// character that is not `.` (nor `/`), `{a,b}` alternatives; every other character is
/// itself.
#[derive(Debug, PartialEq, Eq)]
pub struct PathRule {
    /// What these files are, for people.
    pub what: &'static str,
    pub glob: &'static str,
    /// The schema an editor's YAML extension may apply by this path alone (`yamlValidation`):
    /// `None` where the path does not say which kind a file holds.
    pub schema: Option<DocumentKind>,
}

/// The platform's file names and folders (FORMATS.md §1). A segment written `[!.]*` keeps a
/// hidden folder's `workflows/` (`.github/workflows/`) out for editors whose globs cannot
/// exclude.
pub const OURS: &[PathRule] = &[
    PathRule {
        what: "Score spec (score.yaml, score-NAME.yaml)",
        glob: "**/score*.{yaml,yml}",
        schema: Some(DocumentKind::Score),
    },
    PathRule {
        what: "Score spec (NAME.score.yaml)",
        glob: "**/*.score.{yaml,yml}",
        schema: Some(DocumentKind::Score),
    },
    PathRule {
        what: "provider manifest",
        glob: "**/{provider,platform}.{yaml,yml}",
        schema: Some(DocumentKind::Provider),
    },
    PathRule {
        what: "provider workflow",
        glob: "**/providers/*/workflows/*.{yaml,yml}",
        schema: Some(DocumentKind::ProviderWorkflow),
    },
    PathRule {
        what: "platform workflow",
        glob: "**/[!.]*/workflows/platform/*.{yaml,yml}",
        schema: Some(DocumentKind::PlatformWorkflow),
    },
    PathRule {
        what: "product workflow",
        glob: "**/[!.]*/workflows/products/*/*.{yaml,yml}",
        schema: Some(DocumentKind::PlatformWorkflow),
    },
    PathRule {
        // Golden-path workflows, their tests and archived workflows share the folder: the
        // content decides their kind.
        what: "workflow of a platform repository (anything under workflows/)",
        glob: "**/[!.]*/workflows/**/*.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "golden paths",
        glob: "**/goldenpaths.{yaml,yml}",
        schema: Some(DocumentKind::GoldenPaths),
    },
    PathRule {
        what: "admin config",
        glob: "**/admin-config.{yaml,yml}",
        schema: Some(DocumentKind::AdminConfig),
    },
    PathRule {
        // Test files sit beside provider workflows, whose schema the folder would give them.
        what: "workflow test file",
        glob: "**/*.test.{yaml,yml}",
        schema: None,
    },
];

/// Other tools' files: never ours, whatever their name or content.
pub const EXCLUDED: &[PathRule] = &[
    PathRule {
        what: "GitHub configuration (Actions workflows, dependabot, …)",
        glob: "**/.github/**",
        schema: None,
    },
    PathRule {
        what: "GitLab CI pipeline",
        glob: "**/.gitlab-ci.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "Docker Compose file",
        glob: "**/docker-compose*.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "Compose file",
        glob: "**/compose.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "Compose override",
        glob: "**/compose.*.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "Helm chart",
        glob: "**/Chart.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "Helm values",
        glob: "**/values.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "Helm values (values-ENV.yaml)",
        glob: "**/values-*.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "Helm values (values.ENV.yaml)",
        glob: "**/values.*.{yaml,yml}",
        schema: None,
    },
    PathRule {
        what: "kubectl configuration",
        glob: "**/.kube/**",
        schema: None,
    },
    PathRule {
        what: "kubeconfig",
        glob: "**/*kubeconfig*",
        schema: None,
    },
];

/// What a marker's key must hold.
#[derive(Debug, PartialEq, Eq)]
pub enum Value {
    /// A value starting with this text (quoted or not).
    Prefix(&'static str),
    /// Exactly one of these values (quoted or not, a comment may follow).
    OneOf(&'static [&'static str]),
    /// The key, with or without a value.
    Any,
}

/// A top-level key at the start of a line, with what it must hold.
#[derive(Debug, PartialEq, Eq)]
pub struct Key {
    pub key: &'static str,
    pub value: Value,
}

/// Content that makes a file ours whatever its name: every key on a line of its own.
#[derive(Debug, PartialEq, Eq)]
pub struct Marker {
    pub what: &'static str,
    pub keys: &'static [Key],
}

/// The content markers, each what the engine's kind detection reads first
/// ([`crate::kind`]): a test in this module checks that each one yields that kind.
pub const MARKERS: &[Marker] = &[
    Marker {
        // score.dev/v1b1, and score.sh/v1b1 before it.
        what: "Score spec",
        keys: &[Key {
            key: "apiVersion",
            value: Value::Prefix("score."),
        }],
    },
    Marker {
        what: "provider manifest",
        keys: &[Key {
            key: "kind",
            value: Value::OneOf(&["Provider", "Platform"]),
        }],
    },
    Marker {
        // FORMATS.md: three apiVersions in use for workflows.
        what: "workflow (innominatus.io)",
        keys: &[Key {
            key: "apiVersion",
            value: Value::Prefix("innominatus.io/"),
        }],
    },
    Marker {
        what: "workflow (workflow.dev)",
        keys: &[Key {
            key: "apiVersion",
            value: Value::Prefix("workflow.dev/"),
        }],
    },
    Marker {
        what: "workflow (orchestrator.innominatus.dev)",
        keys: &[Key {
            key: "apiVersion",
            value: Value::Prefix("orchestrator.innominatus.dev/"),
        }],
    },
    Marker {
        what: "workflow test file",
        keys: &[
            Key {
                key: "workflow",
                value: Value::Any,
            },
            Key {
                key: "cases",
                value: Value::Any,
            },
        ],
    },
];

/// How many lines are read for markers: they sit at the top of a document.
pub const MARKER_LINES: usize = 80;

/// Why a file is, or is not, ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Another tool's file.
    Excluded(&'static PathRule),
    /// Ours by its name or folder.
    Named(&'static PathRule),
    /// Ours by a content marker.
    Marked(&'static Marker),
    /// Ours: the engine recognises a document of this kind.
    Detected(DocumentKind),
    /// Not text: nothing to decide from.
    Unreadable,
    /// Not ours.
    Other,
}

impl Verdict {
    /// Whether the language server answers for the file.
    pub fn is_ours(self) -> bool {
        !matches!(self, Verdict::Excluded(_) | Verdict::Other)
    }

    /// Whether the editors hand the file to the server by themselves (steps 1–3 above; a
    /// user's own patterns aside).
    pub fn editors_send(self) -> bool {
        matches!(self, Verdict::Named(_) | Verdict::Marked(_))
    }
}

struct Compiled {
    ours: RegexSet,
    excluded: RegexSet,
    markers: Vec<Vec<Regex>>,
}

/// The rules compiled from the same regular expressions the editors receive.
static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let set = |rules: &[PathRule]| {
        RegexSet::new(rules.iter().map(|r| render::glob_regex(r.glob)))
            .expect("the path rules are valid globs")
    };
    Compiled {
        ours: set(OURS),
        excluded: set(EXCLUDED),
        markers: MARKERS
            .iter()
            .map(|m| {
                m.keys
                    .iter()
                    .map(|k| Regex::new(&render::key_regex(k)).expect("markers are valid"))
                    .collect()
            })
            .collect(),
    }
});

fn slashed(path: &str) -> std::borrow::Cow<'_, str> {
    if path.contains('\\') {
        path.replace('\\', "/").into()
    } else {
        path.into()
    }
}

/// The exclusion a path falls under.
pub fn excluded(path: &str) -> Option<&'static PathRule> {
    let at = COMPILED
        .excluded
        .matches(&slashed(path))
        .into_iter()
        .next()?;
    Some(&EXCLUDED[at])
}

/// The first path convention a path follows (exclusions not considered).
pub fn named(path: &str) -> Option<&'static PathRule> {
    let at = COMPILED.ours.matches(&slashed(path)).into_iter().next()?;
    Some(&OURS[at])
}

/// The first marker the text's first [`MARKER_LINES`] lines carry.
pub fn marked(text: &str) -> Option<&'static Marker> {
    let lines: Vec<&str> = text.split('\n').take(MARKER_LINES).collect();
    let at = COMPILED.markers.iter().position(|keys| {
        keys.iter()
            .all(|key| lines.iter().any(|line| key.is_match(line)))
    })?;
    Some(&MARKERS[at])
}

/// Decides a file from its path, its text (`None` when it is not text) and the kinds the
/// engine found in it.
pub fn classify(path: &str, text: Option<&str>, kinds: &[DocumentKind]) -> Verdict {
    if let Some(rule) = excluded(path) {
        return Verdict::Excluded(rule);
    }
    if let Some(rule) = named(path) {
        return Verdict::Named(rule);
    }
    let Some(text) = text else {
        return Verdict::Unreadable;
    };
    if let Some(marker) = marked(text) {
        return Verdict::Marked(marker);
    }
    match kinds.iter().find(|k| **k != DocumentKind::Unknown) {
        Some(&kind) => Verdict::Detected(kind),
        None => Verdict::Other,
    }
}

/// [`classify`] for a parsed file found at `path` (the file's own name may be relative).
pub fn classify_source(path: &str, source: &SourceFile) -> Verdict {
    classify(path, source.text.as_deref(), &source.kinds)
}

/// Whether the file at `path` holding `text` is a platform file the language server answers
/// for.
pub fn is_platform_file(path: &str, text: &str) -> bool {
    let source = SourceFile::parse(Arc::from(path), text.as_bytes());
    classify_source(path, &source).is_ours()
}

#[cfg(test)]
mod tests;
