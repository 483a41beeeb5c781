//! Rule metadata: every code's name, group, default severity, summary and documentation.
//!
//! A leaf of the engine: it imports nothing of ours, so every layer — syntax, schema,
//! diagnostics, the lint framework, renderers — may name a rule without pulling in the rule
//! implementations. The rules the bottom layers produce (syntax, schema, internal) are
//! defined here in full, each in its own file with the messages it prints; the semantic
//! rules keep their metadata beside their check in the `rules` module, whose registry joins both.

pub mod internal;
pub mod schema;
pub mod syntax;
pub use internal::*;
pub use schema::*;
pub use syntax::*;

use serde::Serialize;

/// How much a finding matters; every rule has a default, configuration may change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// The hundreds of a code (DESIGN.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Syntax,
    Schema,
    References,
    Graph,
    Templates,
    Compatibility,
    BestPractice,
    Internal,
}

impl Group {
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Syntax => "syntax",
            Group::Schema => "schema",
            Group::References => "references",
            Group::Graph => "graph",
            Group::Templates => "templates",
            Group::Compatibility => "compatibility",
            Group::BestPractice => "best-practice",
            Group::Internal => "internal",
        }
    }
}

/// Whether a rule's findings come with a fix, and which `lint` flag applies it. Declared by
/// each rule beside its documentation; a test holds it to the fixes the rule really produces
/// (`tests/explain_examples.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fixability {
    /// No finding of the rule ever carries a fix.
    None,
    /// Its fixes are safe: `lint --fix` applies them.
    Safe,
    /// Its fixes change what the platform does: they need `--unsafe-fixes`.
    Unsafe,
    /// Safe for some findings, unsafe for others.
    Sometimes,
}

impl Fixability {
    pub fn as_str(self) -> &'static str {
        match self {
            Fixability::None => "none",
            Fixability::Safe => "safe",
            Fixability::Unsafe => "unsafe",
            Fixability::Sometimes => "sometimes",
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// `INN` and three digits; stable forever once released.
    pub code: &'static str,
    /// Kebab-case name, accepted wherever a code is.
    pub name: &'static str,
    pub group: Group,
    pub severity: Severity,
    /// Whether its findings carry fixes, and how safe they are.
    pub fix: Fixability,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, a failing and a fixed example, fix safety.
    pub doc: &'static str,
}

/// Rules outside the syntax, schema and references groups that report a blocking check of
/// the platform's loaders (FORMATS.md §3, the oracle's `fidelity check`): a file they flag is
/// one the platform refuses to load or accept, so `validate` — the gate for "would the
/// platform load this" — runs them too. Each with the loader and the check it mirrors.
pub static LOADER_CHECKS: &[(&str, &str)] = &[
    (
        "INN501",
        "provider load: ValidateWorkflow, `unknown step type`; server start: the golden-path validator's step types",
    ),
    (
        "INN502",
        "provider load: ValidateWorkflow, a terraform step's `config.operation` (set, and one of init, plan, apply, destroy)",
    ),
    (
        "INN503",
        "provider load: ValidateWorkflow, a kubernetes step's `operation` and `manifest`/`namespace`",
    ),
    (
        "INN504",
        "provider load: ValidateWorkflow, `step must have a config` and each step type's required config; server start: the golden-path validator's required step fields",
    ),
    (
        "INN508",
        "provider load: ValidateWorkflow, `workflow must have at least one step`",
    ),
];

/// Who reads a document and so decides what a finding on it costs. One rule can matter more
/// to one reader than to another: an unknown key makes the official Score tooling refuse a
/// Score spec, while the platform's Go decoder drops it from its own documents without a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reader {
    /// A Score spec: the official Score schema and its tools (score-compose, score-k8s).
    ScoreTooling,
    /// Every other document the platform reads: yaml.v3 into the platform's Go types.
    PlatformDecoder,
}

impl Reader {
    pub fn as_str(self) -> &'static str {
        match self {
            Reader::ScoreTooling => "Score specs",
            Reader::PlatformDecoder => "platform documents",
        }
    }
}

/// Severities that differ from a rule's default for one reader, each with the reader's
/// behaviour that justifies it (the rule: the reader fails on it — error; it
/// silently ignores it or surprises — warning). The user's `[lint.severity]` still overrides
/// them, as it overrides any default.
pub static SEVERITY_BY_READER: &[(&str, Reader, Severity, &str)] = &[(
    "INN101",
    Reader::PlatformDecoder,
    Severity::Warning,
    "the platform's decoder drops an unknown key silently and loads the document (checked with the oracle): the setting is lost, nothing fails",
)];

impl Rule {
    /// The severity of this rule's findings on a document `reader` reads, before the user's
    /// configuration: the default unless [`SEVERITY_BY_READER`] says otherwise.
    pub fn severity_for(&self, reader: Reader) -> Severity {
        self.severities_by_reader()
            .find(|(r, _, _)| *r == reader)
            .map_or(self.severity, |(_, s, _)| s)
    }

    /// This rule's entries of [`SEVERITY_BY_READER`]: reader, severity, why.
    pub fn severities_by_reader(
        &self,
    ) -> impl Iterator<Item = (Reader, Severity, &'static str)> + '_ {
        SEVERITY_BY_READER
            .iter()
            .filter(move |(code, _, _, _)| *code == self.code)
            .map(|(_, reader, severity, why)| (*reader, *severity, *why))
    }

    /// The platform loader check this rule mirrors, when it blocks loading (see
    /// [`LOADER_CHECKS`]).
    pub fn loader_check(&self) -> Option<&'static str> {
        LOADER_CHECKS
            .iter()
            .find(|(code, _)| *code == self.code)
            .map(|(_, check)| *check)
    }
}

/// Rules produced by the syntax, schema and internal layers, in code order.
pub static CORE: &[&Rule] = &[
    &SYNTAX_ERROR,
    &DUPLICATE_KEY,
    &TAB_INDENTATION,
    &INVALID_UTF8,
    &BINARY_FILE,
    &EMPTY_FILE,
    &MULTIPLE_DOCUMENTS,
    &UNDEFINED_ALIAS,
    &NON_STRING_KEY,
    &INVALID_MERGE_KEY,
    &ALIAS_EXPANSION_LIMIT,
    &UNUSED_SUPPRESSION,
    &NESTING_TOO_DEEP,
    &INVALID_CONFIG,
    &UNKNOWN_KEY,
    &MISSING_REQUIRED_KEY,
    &WRONG_TYPE,
    &INVALID_VALUE,
    &PATTERN_MISMATCH,
    &OUT_OF_RANGE,
    &NO_MATCHING_VARIANT,
    &DEPRECATED_FORM,
    &INVALID_KEY_NAME,
    &FRACTION_TRUNCATED,
    &UNREADABLE_FILE,
    &INTERNAL_ERROR,
    &UNWRITABLE_FILE,
];
