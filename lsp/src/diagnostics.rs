//! Engine diagnostics as protocol diagnostics: same codes and ranges as the CLI, the rule's
//! documentation link, related places, and the deprecated/unnecessary tags editors render
//! as strike-through and faded text.

use crate::context::WorkspaceContext;
use crate::position::{Encoding, Lines};
use innominatus_engine::diagnostic::{Diagnostic, Severity};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    NumberOrString, Uri,
};

/// Where each rule is documented: `docs/rules.md` is the output of `innominatus explain
/// --all` (a test keeps it current), one `# CODE name` heading per rule.
pub fn rule_url(code: &str, name: &str) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}-{}",
        env!("CARGO_PKG_REPOSITORY"),
        code.to_ascii_lowercase(),
        name
    )
}

/// [`rule_url`] as a URI, made once per rule and thread: a publication of hundreds of
/// findings of a few rules built and parsed the same link for each of them.
fn rule_link(code: &'static str, name: &'static str) -> Option<Uri> {
    thread_local! {
        static LINKS: std::cell::RefCell<std::collections::HashMap<&'static str, Option<Uri>>> =
            Default::default();
    }
    LINKS.with(|links| {
        links
            .borrow_mut()
            .entry(code)
            .or_insert_with(|| Uri::from_str_opt(&rule_url(code, name)))
            .clone()
    })
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Rules whose finding is about something superseded or dead rather than wrong.
fn tags(d: &Diagnostic) -> Option<Vec<DiagnosticTag>> {
    match d.name {
        "deprecated-form" => Some(vec![DiagnosticTag::DEPRECATED]),
        "unused-suppression" | "unreachable-step" => Some(vec![DiagnosticTag::UNNECESSARY]),
        _ => None,
    }
}

/// Converts one diagnostic of the file whose text is `lines`. Related places in other
/// files are converted with those files' indexed texts.
pub fn to_lsp(
    d: &Diagnostic,
    lines: Lines<'_>,
    enc: Encoding,
    workspace: &WorkspaceContext<'_>,
    this: &Uri,
) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let location = if r.file == d.file {
                lsp::Location::new(this.clone(), lines.range(r.span, enc))
            } else {
                workspace.location_of_file(&r.file, r.span)?
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: lines.range(d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: rule_link(d.code, d.name).map(|href| CodeDescription { href }),
        source: Some("innominatus".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: tags(d),
        data: None,
    }
}

/// The `textDocument/publishDiagnostics` notification of `params`, as the transport writes
/// it (the JSON-RPC body, without the header).
pub fn notification_bytes(params: &lsp::PublishDiagnosticsParams) -> serde_json::Result<Vec<u8>> {
    use lsp::notification::{Notification as _, PublishDiagnostics};
    #[derive(serde::Serialize)]
    struct Notification<'a> {
        jsonrpc: &'static str,
        method: &'static str,
        params: &'a lsp::PublishDiagnosticsParams,
    }
    // Sized for a typical finding (message, help, link, range: some 700 bytes), so the
    // buffer of a publication of hundreds of findings is not grown and copied a dozen times.
    let mut body = Vec::with_capacity(256 + 768 * params.diagnostics.len());
    serde_json::to_writer(
        &mut body,
        &Notification {
            jsonrpc: "2.0",
            method: PublishDiagnostics::METHOD,
            params,
        },
    )?;
    Ok(body)
}

/// Parsing a URI we built ourselves; `None` rather than a panic if it ever fails.
trait FromStrOpt: Sized {
    fn from_str_opt(s: &str) -> Option<Self>;
}

impl FromStrOpt for Uri {
    fn from_str_opt(s: &str) -> Option<Uri> {
        s.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the server writes itself is the notification the framework would have sent:
    /// the same JSON, field for field (skipped empty fields, escapes, non-ASCII text).
    #[test]
    fn a_publication_written_directly_is_the_framework_s_notification() {
        use lsp::notification::{Notification as _, PublishDiagnostics};
        let uri: Uri = "file:///work/provider%20x/workflow.yaml".parse().unwrap();
        let range = lsp::Range::new(lsp::Position::new(3, 4), lsp::Position::new(3, 9));
        let full = lsp::Diagnostic {
            range,
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String("INN406".into())),
            code_description: Uri::from_str_opt(&rule_url("INN406", "undefined-workflow-variable"))
                .map(|href| CodeDescription { href }),
            source: Some("innominatus".into()),
            message: "`${workflow.x}` \"quoted\"\tüñ 😀\nhelp: rename it".into(),
            related_information: Some(vec![DiagnosticRelatedInformation {
                location: lsp::Location::new(uri.clone(), range),
                message: "declared here".into(),
            }]),
            tags: Some(vec![DiagnosticTag::DEPRECATED]),
            data: None,
        };
        let bare = lsp::Diagnostic::new_simple(range, "plain".into());
        for version in [Some(7), None] {
            let params = lsp::PublishDiagnosticsParams::new(
                uri.clone(),
                vec![full.clone(), bare.clone()],
                version,
            );
            let ours: serde_json::Value =
                serde_json::from_slice(&notification_bytes(&params).unwrap()).unwrap();
            let framework = tower_lsp_server::jsonrpc::Request::build(PublishDiagnostics::METHOD)
                .params(serde_json::to_value(&params).unwrap())
                .finish();
            assert_eq!(ours, serde_json::to_value(framework).unwrap());
        }
    }

    #[test]
    fn every_rule_has_a_documentation_link() {
        for rule in innominatus_engine::rules::all() {
            let url = rule_url(rule.code, rule.name);
            assert!(url.starts_with("https://"), "{url}");
            assert!(Uri::from_str_opt(&url).is_some(), "{url}");
        }
    }
}
