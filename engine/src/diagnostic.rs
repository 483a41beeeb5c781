//! The diagnostic every layer produces and every renderer consumes (DESIGN.md §4).

use crate::text::Span;
use serde::Serialize;
use std::sync::Arc;

pub use crate::catalog::Severity;

/// Whether a fix may be applied without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

/// Replace `span` of `file` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: Arc<str>,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// The fix puts the finding's "did you mean" in place: the one name or value the finding
    /// proposes instead of what was written (a misspelt key, step, type, function). It is the
    /// correction the author most likely wants, so editors offer it first even when it is
    /// unsafe (`is_preferred`).
    pub suggestion: bool,
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// The fix that replaces `span` of `file` (exactly the misspelt text) with `replacement`,
    /// the finding's "did you mean". Unsafe unless the change is purely cosmetic.
    pub fn suggestion(
        applicability: Applicability,
        message: String,
        file: &Arc<str>,
        span: Span,
        replacement: String,
    ) -> Self {
        Fix {
            applicability,
            suggestion: true,
            message,
            edits: vec![Edit {
                file: file.clone(),
                span,
                replacement,
            }],
        }
    }

    /// Whether editors should offer this fix as the preferred action of its finding: a safe
    /// fix changes nothing the author could regret, and a "did you mean" is the correction
    /// the finding itself names (the author still sees it before it is applied).
    pub fn is_preferred(&self) -> bool {
        self.applicability == Applicability::Safe || self.suggestion
    }
}

/// Another place that explains the diagnostic (the first duplicate, an edge of a cycle).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: Arc<str>,
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or relative to the working directory).
    pub file: Arc<str>,
    pub span: Span,
    pub severity: Severity,
    pub code: &'static str,
    pub name: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// Boxed: most findings have none, and a command holds every finding of a run until it
    /// renders them (the box makes each finding a quarter smaller).
    pub fix: Option<Box<Fix>>,
    /// Whether this finding is a blocking check of the platform's loaders: its rule mirrors
    /// one (`catalog::LOADER_CHECKS`) and the document is one that loader reads, so the
    /// platform refuses the file. `validate` reports these beside its own groups.
    pub blocks_loading: bool,
}

impl Diagnostic {
    /// A diagnostic of `rule` with the rule's default severity.
    pub fn new(rule: &crate::catalog::Rule, file: &Arc<str>, span: Span, message: String) -> Self {
        Diagnostic {
            file: file.clone(),
            span,
            severity: rule.severity,
            code: rule.code,
            name: rule.name,
            message,
            help: None,
            related: Vec::new(),
            fix: None,
            blocks_loading: false,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, file: &Arc<str>, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            file: file.clone(),
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// Gives back the spare capacity of its texts and lists. Messages are formatted into
    /// strings that reserve more than they end up holding; a command keeps every finding of
    /// a run until it sorts and renders them, so on a large repository that room adds up.
    pub fn shrink_to_fit(&mut self) {
        self.message.shrink_to_fit();
        if let Some(help) = &mut self.help {
            help.shrink_to_fit();
        }
        self.related.shrink_to_fit();
        for r in &mut self.related {
            r.message.shrink_to_fit();
        }
        if let Some(fix) = &mut self.fix {
            fix.message.shrink_to_fit();
            fix.edits.shrink_to_fit();
            for e in &mut fix.edits {
                e.replacement.shrink_to_fit();
            }
        }
    }
}

/// A diagnostic's texts cut to excerpts (`limits::tidy_message`): applied where findings leave
/// the engine (`SourceFile::validate`, `rules::lint_file`), so no rule can quote megabytes.
pub fn tidy(d: &mut Diagnostic) {
    use crate::limits::tidy_message;
    tidy_message(&mut d.message);
    if let Some(help) = &mut d.help {
        tidy_message(help);
    }
    for r in &mut d.related {
        tidy_message(&mut r.message);
    }
    if let Some(fix) = &mut d.fix {
        tidy_message(&mut fix.message);
    }
}

/// The text of a caught panic's payload.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown failure".to_string())
}

/// The finding for a file whose checking failed inside the tool (`INN902`), at its start.
pub fn internal_error(file: &Arc<str>, what: &str) -> Diagnostic {
    use crate::catalog::internal::internal_error;
    Diagnostic::new(
        &crate::catalog::INTERNAL_ERROR,
        file,
        Span::at(0),
        internal_error::message(what),
    )
    .with_help(internal_error::HELP)
}
