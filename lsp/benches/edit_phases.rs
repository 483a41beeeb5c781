//! Where the time of one didChange → publishDiagnostics goes, in process and phase by
//! phase (`cargo bench -p innominatus-lsp --bench edit_phases -- FILE [--edits N]`).
//!
//! The server's path for an open document, with the same calls: the edit applied to the
//! rope and the snapshot's text and line index made, `SourceFile::parse`, the index updated
//! with it (`ProjectIndex::put`: the file's models rebuilt), `lint_file` (syntax, schema,
//! every lint, suppressions, overlap), the settings' severities, the conversion to protocol
//! diagnostics, and the notification serialised as the transport writes it. Timed apart, not
//! in the total: `validate` (syntax and schema alone; `lint_file` runs it again inside) and
//! `via_value`, the framework's way of serialising a notification (the parameters as a
//! `serde_json::Value`, then its bytes, then the value freed), which the server no longer
//! takes for publications.
//!
//! The edits are those of `lspdrive.py bench`: one character of a value toggled, cycling
//! over places spread through the file. Prints p50 and p99 per phase in milliseconds, and
//! the size of the notification.

use innominatus_engine::rules::lint_file;
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::LineIndex;
use innominatus_engine::workspace::Policy;
use innominatus_lsp::context::WorkspaceContext;
use innominatus_lsp::diagnostics::{notification_bytes, to_lsp};
use innominatus_lsp::index::{Entry, Held, ProjectIndex};
use innominatus_lsp::position::{Encoding, Lines};
use innominatus_lsp::settings::Effective;
use ropey::Rope;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tower_lsp_server::ls_types::{PublishDiagnosticsParams, Uri};

const PHASES: [&str; 9] = [
    "snapshot",
    "parse",
    "index",
    "validate",
    "lint",
    "severities",
    "to_lsp",
    "serialise",
    "via_value",
];

fn main() {
    let mut file: Option<PathBuf> = None;
    let mut edits = 200usize;
    let mut by_rule = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--edits" => edits = args.next().and_then(|v| v.parse().ok()).unwrap_or(edits),
            "--rules" => by_rule = true,
            a if a.starts_with("--") => {} // `--bench` from cargo
            a => file = Some(PathBuf::from(a)),
        }
    }
    let Some(path) = file else {
        eprintln!("edit_phases: FILE is required");
        std::process::exit(2);
    };
    let path = std::fs::canonicalize(&path).expect("the file exists");
    let text = std::fs::read_to_string(&path).expect("a UTF-8 file");
    let root = path.parent().map(PathBuf::from);
    let uri = Uri::from_file_path(&path).expect("an absolute path");
    let name: Arc<str> = Arc::from(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let sites = edit_sites(&text);
    assert!(!sites.is_empty(), "no value to edit in the file");

    // As the server does (`innominatus_lsp::service`).
    innominatus_engine::template::memo::keep_between_checks(true);
    let mut index = ProjectIndex::build(
        vec![Entry::of(
            uri.clone(),
            SourceFile::parse(name.clone(), text.as_bytes()),
            Held::Open(0),
        )],
        root,
        None,
        Policy::default(),
    );
    let settings = Effective::default();
    let mut rope = Rope::from_str(&text);
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); PHASES.len()];
    let mut totals = Vec::new();
    let (mut findings, mut bytes) = (0, 0);
    for k in 0..edits + 10 {
        let mut lap = Lap::new();
        // Toggled between its original letter and another one, as lspdrive does.
        let (at, original) = sites[k % sites.len()];
        let other = if original == 'x' { 'y' } else { 'x' };
        let now = if rope.char(at) == original {
            other
        } else {
            original
        };
        rope.remove(at..at + 1);
        rope.insert_char(at, now);
        let text: Arc<str> = Arc::from(rope.to_string());
        let lines = LineIndex::new(&text);
        lap.mark();
        let src = SourceFile::parse(name.clone(), text.as_bytes());
        lap.mark();
        index.put(&uri, src, Held::Open(k as u64 + 1));
        lap.mark();
        black_box(index.ws.files[0].validate(index.ws.dialect));
        lap.mark();
        let diags = lint_file(&index.ws, 0, &|r| settings.enabled(r));
        lap.mark();
        let diags = settings.apply(diags);
        lap.mark();
        let ws = WorkspaceContext {
            index: &index,
            encoding: Encoding::Utf16,
        };
        let lsp: Vec<_> = diags
            .iter()
            .map(|d| to_lsp(d, Lines::new(&text, &lines), Encoding::Utf16, &ws, &uri))
            .collect();
        lap.mark();
        let params = PublishDiagnosticsParams::new(uri.clone(), lsp, Some(k as i32));
        let body = notification_bytes(&params).unwrap();
        lap.mark();
        // The framework's way, for comparison: the parameters as a JSON value, then bytes.
        let message = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": serde_json::to_value(&params).unwrap(),
        });
        black_box(serde_json::to_vec(&message).unwrap());
        drop(message);
        lap.mark();
        findings = diags.len();
        bytes = body.len();
        if k >= 10 {
            for (i, t) in lap.phases().into_iter().enumerate() {
                times[i].push(t);
            }
            // The server's own path: everything but the separate `validate` and the
            // framework's way of serialising.
            let phases = lap.phases();
            totals.push(lap.total() - phases[3] - phases[8]);
        }
        black_box(body);
    }
    println!(
        "{}: {edits} edits, {findings} findings, notification {bytes} bytes",
        path.display()
    );
    for (name, t) in PHASES.iter().zip(times.iter_mut()) {
        let (p50, p99) = percentiles(t);
        println!("  {name:<10} p50 {p50:7.3} ms  p99 {p99:7.3} ms");
    }
    let (p50, p99) = percentiles(&mut totals);
    println!("  {:<10} p50 {p50:7.3} ms  p99 {p99:7.3} ms", "total");
    if by_rule {
        rule_by_rule(&index.ws, edits);
    }
}

/// Each lint alone on the first document of file 0 (median of `runs`), slowest first. Each
/// runs with a cache of its own, so what several lints share (parsed templates, workflow
/// views) is counted in each of them: the sum is more than `lint`.
fn rule_by_rule(ws: &innominatus_engine::workspace::Workspace, runs: usize) {
    use innominatus_engine::lint::check_document;
    use innominatus_engine::workspace::DocRef;
    let at = DocRef { file: 0, doc: 0 };
    let kind = ws.files[0].kinds[0];
    let mut rows: Vec<(f64, &str, usize)> = innominatus_engine::rules::lints()
        .iter()
        .filter(|l| l.kinds.contains(&kind))
        .map(|lint| {
            let mut t = Vec::new();
            let mut found = 0;
            for _ in 0..runs.clamp(3, 30) {
                let mut out = Vec::new();
                let start = Instant::now();
                check_document(ws, &ws.files[0], at, kind, [*lint], &mut out);
                t.push(start.elapsed().as_secs_f64() * 1e3);
                found = out.len();
            }
            (percentiles(&mut t).0, lint.rule.code, found)
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("  each lint alone (median ms, findings):");
    for (ms, code, found) in rows.iter().take(25) {
        println!("    {code:<8} {ms:7.3} ms  {found:4}");
    }
    let sum: f64 = rows.iter().map(|r| r.0).sum();
    println!("    sum      {sum:7.3} ms over {} lints", rows.len());
}

/// Consecutive intervals of one edit.
struct Lap {
    marks: Vec<Instant>,
}

impl Lap {
    fn new() -> Lap {
        Lap {
            marks: vec![Instant::now()],
        }
    }
    fn mark(&mut self) {
        self.marks.push(Instant::now());
    }
    fn phases(&self) -> Vec<f64> {
        self.marks
            .windows(2)
            .map(|w| (w[1] - w[0]).as_secs_f64() * 1e3)
            .collect()
    }
    fn total(&self) -> f64 {
        (self.marks[self.marks.len() - 1] - self.marks[0]).as_secs_f64() * 1e3
    }
}

fn percentiles(t: &mut [f64]) -> (f64, f64) {
    if t.is_empty() {
        return (0.0, 0.0);
    }
    t.sort_by(f64::total_cmp);
    let at = |q: f64| t[((t.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

/// Char indices of the last letter of `key: value` lines whose value ends with a letter
/// (toggling it keeps the YAML valid), at most 50 spread evenly over the file, as
/// `lspdrive.py bench` picks them.
fn edit_sites(text: &str) -> Vec<(usize, char)> {
    let mut sites = Vec::new();
    let mut chars = 0usize;
    for line in text.split('\n') {
        if let Some(colon) = line.find(": ") {
            let value = line[colon + 2..].trim_end().trim_end_matches(['"', '\'']);
            if value.ends_with(|c: char| c.is_ascii_alphabetic())
                && value
                    .trim_start_matches(['"', '\''])
                    .starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                let last = colon + 2 + value.len() - 1;
                sites.push((
                    chars + line[..last].chars().count(),
                    line.as_bytes()[last] as char,
                ));
            }
        }
        chars += line.chars().count() + 1;
    }
    if sites.len() > 50 {
        let step = sites.len() as f64 / 50.0;
        sites = (0..50).map(|k| sites[(k as f64 * step) as usize]).collect();
    }
    sites
}
