//! What the fuzz targets check, as plain functions: the targets in `fuzz_targets/` call them
//! on libFuzzer's input, and `tests/regressions.rs` calls them on every input that once
//! failed (`regressions/<target>/`), so a crash found by fuzzing stays fixed.
//!
//! Every function panics when an invariant breaks; a panic is what libFuzzer reports.

use innominatus_engine::diagnostic::Diagnostic;
use innominatus_engine::dialect::Dialect;
use innominatus_engine::graph::{HtmlOptions, WorkspaceGraph};
use innominatus_engine::limits;
use innominatus_engine::lint::fix;
use innominatus_engine::plan::{plan, simulate, Engine, Scenario, WorkflowSpec};
use innominatus_engine::rules::lint_file;
use innominatus_engine::rules::Rule;
use innominatus_engine::source::SourceFile;
use innominatus_engine::syntax::{self, Document, NodeKind};
use innominatus_engine::template::{condition, go, placeholder, reference};
use innominatus_engine::text::{ColumnUnit, LineIndex, Span};
use innominatus_engine::workspace::Workspace;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Writes `data` to the file named by `INNOMINATUS_FUZZ_LAST`, when set, before a target
/// runs it. A stack overflow kills the process inside libFuzzer's own crash handler (it runs on
/// the exhausted stack), so libFuzzer cannot save the input; this file then still holds it.
pub fn remember(data: &[u8]) {
    if let Some(path) = std::env::var_os("INNOMINATUS_FUZZ_LAST") {
        let _ = std::fs::write(path, data);
    }
}

/// Panics unless `span` lies inside `text` with both ends on character boundaries.
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} cuts a character"
    );
}

/// Every range of `diags` that points into `file` (the diagnostic, related locations and fix
/// edits) lies inside `text` on character boundaries. Files that are not text only get
/// empty ranges at a byte offset inside the bytes.
pub fn assert_diagnostics(file: &str, text: Option<&str>, len: usize, diags: &[Diagnostic]) {
    let mut spans: Vec<(Span, String)> = Vec::new();
    for d in diags {
        if &*d.file == file {
            spans.push((d.span, format!("{} {}", d.code, d.message)));
        }
        for r in d.related.iter().filter(|r| &*r.file == file) {
            spans.push((r.span, format!("{} related: {}", d.code, r.message)));
        }
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            if &*e.file == file {
                spans.push((e.span, format!("{} fix edit", d.code)));
            }
        }
    }
    // No message quotes more of a file than an excerpt (issue 16: a 10 MB line came back
    // whole in every message that quoted it).
    for d in diags {
        let texts = std::iter::once(&d.message)
            .chain(d.help.as_ref())
            .chain(d.related.iter().map(|r| &r.message));
        for t in texts {
            assert!(
                t.chars().count() <= limits::MAX_MESSAGE_CHARS + 1,
                "{}: a message of {} characters",
                d.code,
                t.chars().count()
            );
        }
    }
    for (span, what) in spans {
        match text {
            Some(text) => assert_span(text, span, &what),
            None => assert!(
                span.start <= span.end && span.end <= len,
                "{what}: {span:?}"
            ),
        }
    }
}

/// Every node, key and anchor of a document lies inside the text on character boundaries.
fn assert_document(text: &str, doc: &Document) {
    assert_span(text, doc.span, "document");
    for (i, node) in doc.nodes.iter().enumerate() {
        assert_span(text, node.span, &format!("node {i}"));
        if let Some((_, span)) = node.anchor.as_deref() {
            assert_span(text, *span, &format!("anchor of node {i}"));
        }
    }
    if let Some(root) = doc.root {
        assert!(root < doc.nodes.len(), "root {root} is not a node");
    }
}

/// The decoder's view of a document (`json`) stays within the budgets of `limits.rs`:
/// collections hold something at most `MAX_NESTING` levels deep (one more level can only be
/// an empty placeholder for a value not followed), and aliases add at most `MAX_ALIAS_NODES`
/// nodes and `MAX_ALIAS_BYTES` bytes of text to what is written (plus, per value not
/// followed, an excerpt of it).
pub fn assert_within_budgets(doc: &Document, json: &Value) {
    let written_bytes: usize = doc
        .nodes
        .iter()
        .map(|n| match &n.kind {
            NodeKind::Scalar(s) => s.text.len(),
            _ => 0,
        })
        .sum();
    let (mut nodes, mut bytes, mut deepest) = (0usize, 0usize, 0usize);
    let mut stack = vec![(json, 0usize)];
    while let Some((v, depth)) = stack.pop() {
        nodes += 1;
        match v {
            Value::String(s) => bytes += s.len(),
            Value::Array(items) => {
                deepest = deepest.max(depth + usize::from(!items.is_empty()));
                stack.extend(items.iter().map(|i| (i, depth + 1)));
            }
            Value::Object(map) => {
                deepest = deepest.max(depth + usize::from(!map.is_empty()));
                for (k, v) in map {
                    nodes += 1;
                    bytes += k.len();
                    stack.push((v, depth + 1));
                }
            }
            _ => {}
        }
    }
    assert!(
        deepest <= limits::MAX_NESTING,
        "the decoder's view holds values {deepest} levels deep"
    );
    assert!(
        nodes as u64 <= doc.nodes.len() as u64 + limits::MAX_ALIAS_NODES,
        "aliases add {} nodes",
        nodes - doc.nodes.len()
    );
    let excerpts = doc.opaque.len() * (4 * limits::MAX_EXCERPT_CHARS + 3);
    assert!(
        bytes as u64 <= (written_bytes + excerpts) as u64 + limits::MAX_ALIAS_BYTES,
        "aliases add {} bytes",
        bytes - written_bytes
    );
}

/// The YAML fast path against saphyr-parser: wherever the fast path accepts a text, the tree
/// it gives equals saphyr's, node for node and span for span.
pub fn syntax_fast_path(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let (Some(fast), saphyr) = syntax::trees_from_both_parsers(text) {
        assert!(
            fast == saphyr,
            "the fast path's tree differs from saphyr's\n--- fast\n{fast}\n--- saphyr\n{saphyr}"
        );
    }
}

/// Schema validation reading the tree in place against validation of a converted copy:
/// every document read in place gets the same diagnostics under every schema.
pub fn schema_in_place(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (which, in_place, converted) in
        innominatus_engine::schema::checks_in_place_and_converted(text)
    {
        assert!(
            in_place == converted,
            "{which}: reading in place differs from reading a converted copy\n--- in place\n{in_place:#?}\n--- converted\n{converted:#?}"
        );
    }
}

/// The syntax layer alone: tree, comments, structure diagnostics, positions.
pub fn syntax_tree(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file: Arc<str> = Arc::from("fuzz.yaml");
    let parsed = syntax::parse(&file, text);
    for doc in &parsed.documents {
        assert_document(text, doc);
        // The decoder's view (aliases expanded) must cope with any tree, within the budgets.
        if let Some(root) = doc.root {
            assert_within_budgets(doc, &syntax::json::to_json(doc, root));
        }
    }
    for c in &parsed.comments {
        assert_span(text, c.span, "comment");
    }
    assert_diagnostics(&file, Some(text), text.len(), &parsed.diagnostics);
    // Position conversion round-trips at every offset the diagnostics use. Offsets inside a
    // line break (or before a BOM) have no position of their own: they come back as the
    // nearest end (or start) of their line, as `LineIndex` documents.
    let lines = LineIndex::new(text);
    for d in &parsed.diagnostics {
        for offset in [d.span.start, d.span.end] {
            let line = lines.line_span(text, lines.line_of(offset));
            let expected = offset.clamp(line.start, line.end);
            for unit in [ColumnUnit::Char, ColumnUnit::Utf8, ColumnUnit::Utf16] {
                let pos = lines.position(text, offset, unit);
                let back = lines.offset(text, pos, unit);
                assert_eq!(back, expected, "{offset} → {pos:?} → {back} ({unit:?})");
            }
        }
    }
}

/// Splits fuzz input into files: a line `=== PATH` starts a file; text before the first
/// such line is `score.yaml`. Paths are cut to what a repository could hold, and each path
/// appears once.
pub fn split_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut current = ("score.yaml".to_string(), Vec::new());
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(rest) = line.strip_prefix(b"=== ") {
            let path: String = String::from_utf8_lossy(rest)
                .trim()
                .chars()
                .filter(|c| !c.is_control())
                .take(120)
                .collect();
            if !current.1.is_empty() || !files.is_empty() || current.0 != "score.yaml" {
                files.push(std::mem::take(&mut current));
            }
            current.0 = if path.is_empty() {
                "file.yaml".into()
            } else {
                path
            };
        } else {
            current.1.extend_from_slice(line);
        }
    }
    files.push(current);
    // A repository holds one file per path: later files under a path seen before (after the
    // workspace's normalisation) are dropped, as no directory walk could produce them.
    let mut seen = std::collections::HashSet::new();
    files.retain(|(path, _)| seen.insert(innominatus_engine::workspace::normalize(path)));
    files.truncate(16);
    files
}

fn all_rules(_: &Rule) -> bool {
    true
}

/// The whole pipeline over a set of files: parse, schema (both dialects), every lint rule,
/// the workspace graph and its exports, and the plan and dry run of every workflow.
pub fn pipeline(files: Vec<(String, Vec<u8>)>) {
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|(name, bytes)| SourceFile::parse(Arc::from(name.as_str()), bytes))
        .collect();
    for (src, (_, bytes)) in sources.iter().zip(&files) {
        for dialect in [Dialect::Score, Dialect::Innominatus] {
            let diags = src.validate(dialect);
            assert_diagnostics(&src.file, src.text.as_deref(), bytes.len(), &diags);
        }
    }
    for src in &sources {
        for doc in &src.parsed.documents {
            if let Some(root) = doc.root {
                assert_within_budgets(doc, &syntax::json::to_json(doc, root));
            }
        }
    }
    let ws = Workspace::new(sources, None, Box::new(|_: &str| false));
    for (i, (_, bytes)) in files.iter().enumerate() {
        let src = &ws.files[i];
        let diags = lint_file(&ws, i, &all_rules);
        assert_diagnostics(&src.file, src.text.as_deref(), bytes.len(), &diags);
        // Related locations in other files point into those files' texts.
        for d in &diags {
            for r in &d.related {
                if let Some(j) = ws.file_index(&r.file) {
                    if let Some(text) = &ws.files[j].text {
                        assert_span(text, r.span, &format!("{} related", d.code));
                    }
                }
            }
        }
    }
    let graph = WorkspaceGraph::build(&ws);
    let _ = graph.to_dot();
    let _ = graph.to_mermaid();
    let _ = graph.to_json();
    let _ = graph.to_svg();
    let _ = graph.to_html(&HtmlOptions::default());
    let _ = graph.workflow_plans();
    for src in &ws.files {
        for (doc, kind) in src.parsed.documents.iter().zip(&src.kinds) {
            if let Some(wf) = WorkflowSpec::from_document(doc, *kind) {
                dry_run(&wf);
            }
        }
    }
}

/// Plans and simulates a workflow with both engines; the plan holds every step once.
fn dry_run(wf: &WorkflowSpec) {
    for engine in [Engine::Documented, Engine::Live] {
        match plan(wf, engine) {
            Ok(p) => {
                let mut order = p.order.clone();
                order.sort_unstable();
                assert_eq!(order, (0..wf.steps.len()).collect::<Vec<_>>());
            }
            Err(e) => assert_eq!(engine, Engine::Documented, "{e}"),
        }
        let _ = simulate(wf, engine, &BTreeMap::new(), &Scenario::default());
    }
}

/// The template and expression parsers on one string: Go templates, Score placeholders,
/// execution-context references and step conditions; every span inside the string.
pub fn template_condition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let t = go::Template::parse(text);
    for e in &t.errors {
        assert_span(text, e.span, "template error");
        if let Some(open) = e.opened_at {
            assert_span(text, open, "template block opening");
        }
    }
    for r in t.data_refs() {
        assert_span(text, r.span, "template data reference");
        for i in 0..r.path.len() {
            assert_span(text, r.span_of(i), "template data reference part");
        }
    }
    for p in placeholder::pieces(text) {
        match p {
            placeholder::Piece::Placeholder {
                span,
                content,
                content_span,
            } => {
                assert_span(text, span, "placeholder");
                assert_span(text, content_span, "placeholder content");
                let _ = placeholder::problem(&content);
            }
            placeholder::Piece::Escape { span } | placeholder::Piece::Unclosed { span } => {
                assert_span(text, span, "placeholder escape")
            }
        }
    }
    for r in reference::references(text) {
        assert_span(text, r.span, "reference");
        let _ = r.text();
    }
    match condition::form(text) {
        condition::Form::Comparison {
            op_span,
            left,
            right,
            op,
        } => {
            assert_span(text, op_span, "condition operator");
            assert_span(text, left.span, "condition left");
            assert_span(text, right.span, "condition right");
            let _ = condition::compare(op, &left.value, &right.value);
        }
        condition::Form::StepStatus {
            step_span,
            status_span,
            ..
        } => {
            assert_span(text, step_span, "condition step");
            assert_span(text, status_span, "condition status");
        }
        _ => {}
    }
    if let Some((span, _)) = condition::logical_operator(text) {
        assert_span(text, span, "logical operator");
    }
}

/// Hostile variants of an input (issue 16): its text beside a value nested deep in block or
/// flow collections, inside thousands of parentheses or nested blocks in its templates,
/// anchored and aliased past the byte and node budgets, under an alias that nests past the
/// limit where it is used, or repeated into a long line. The first byte picks the file name
/// (see [`named`]); the second the variant (low 3 bits) and its size (high 5 bits). Each
/// variant goes through the whole pipeline ([`pipeline`]: no panic, no stack overflow, spans
/// inside the text, short messages, the decoder's view within the budgets).
pub fn hostile(data: &[u8]) {
    let Some((name, rest)) = named(data) else {
        return;
    };
    let Some((&pick, bytes)) = rest.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let file = hostile_variant(text, pick);
    pipeline(vec![(name.to_string(), file.into_bytes())]);
}

/// The hostile file [`hostile`] builds from `text` and the byte `pick`.
pub fn hostile_variant(text: &str, pick: u8) -> String {
    let size = usize::from(pick >> 3);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("x");
    // A line of the input as a double-quoted YAML scalar (JSON's escapes are YAML's).
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"x\"".into());
    let mut out = String::from(text);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    match pick & 7 {
        // A block list 100 to 410 levels deep, the input's first line at the bottom.
        0 => {
            let depth = 100 + 10 * size;
            out.push_str("x-deep:\n");
            for i in 0..depth {
                out.push_str(&format!("{}-\n", "  ".repeat(i + 1)));
            }
            out.push_str(&format!(
                "{}{}\n",
                "  ".repeat(depth + 1),
                quoted(first_line)
            ));
        }
        // Flow lists or mappings 120 to 430 levels deep (saphyr stops at 256 open brackets).
        1 => {
            let depth = 120 + 10 * size;
            let (open, close) = if size % 2 == 0 {
                ("[", "]")
            } else {
                ("{a: ", "}")
            };
            out.push_str(&format!(
                "x-deep: {}{}{}\n",
                open.repeat(depth),
                quoted(first_line),
                close.repeat(depth)
            ));
        }
        // Every template action of the input wrapped in 90 to 3,190 parentheses.
        2 => {
            let n = 90 + 100 * size;
            out = out
                .replace("{{", &format!("{{{{ {}", "(".repeat(n)))
                .replace("}}", &format!("{} }}}}", ")".repeat(n)));
        }
        // The input anchored as one string and aliased up to 1,241 times.
        3 => {
            let uses = 1 + 40 * size;
            let mut head = format!("x-big: &big {}\n", quoted(text));
            head.push_str(&out);
            head.push_str("x-uses:\n");
            for _ in 0..uses {
                head.push_str("  - *big\n");
            }
            out = head;
        }
        // Anchors aliasing anchors, 10 each, 2 to 9 levels (up to 10^9 nodes).
        4 => {
            let levels = 2 + size % 8;
            let mut head = format!("x-l0: &l0 [{}]\n", vec![quoted(first_line); 10].join(", "));
            for l in 1..levels {
                head.push_str(&format!(
                    "x-l{l}: &l{l} [{}]\n",
                    vec![format!("*l{}", l - 1); 10].join(", ")
                ));
            }
            head.push_str(&out);
            out = head;
        }
        // A value anchored 40 to 71 levels deep, used inside as many levels again.
        5 => {
            let depth = 40 + size;
            let mut head = format!(
                "x-anchored: &deep {}{}{}\n",
                "[".repeat(depth),
                quoted(first_line),
                "]".repeat(depth)
            );
            head.push_str(&out);
            head.push_str(&format!(
                "x-used: {}*deep{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ));
            out = head;
        }
        // The input's first line repeated into one line of up to 256 KiB.
        6 => {
            let target = 8 * 1024 * (size + 1);
            let mut long = String::with_capacity(target + first_line.len());
            while long.len() < target {
                long.push_str(first_line);
            }
            out.push_str(&format!("x-long: {}\n", quoted(&long)));
        }
        // Every `{{if`/`{{range`/`{{with` of the input opened 20 to 330 times more.
        _ => {
            let n = 20 + 10 * size;
            for word in ["{{if ", "{{range ", "{{with "] {
                if let Some(at) = out.find(word) {
                    let end = out[at..].find("}}").map_or(out.len(), |e| at + e + 2);
                    let action = out[at..end].to_string();
                    out.insert_str(at, &action.repeat(n));
                }
            }
        }
    }
    out
}

/// Names the platform gives its files; where the content does not say which kind a file
/// is, its name does. Single-file targets take a one-byte prefix to pick one.
pub const FILE_NAMES: &[&str] = &[
    "score.yaml",
    "providers/database/provider.yaml",
    "providers/database/workflows/provision.yaml",
    "workflows/deploy-app.yaml",
    "goldenpaths.yaml",
    "admin-config.yaml",
    "notes.yaml",
];

/// The file name picked by the first byte, and the file's bytes after it.
pub fn named(data: &[u8]) -> Option<(&'static str, &[u8])> {
    let (&pick, bytes) = data.split_first()?;
    Some((FILE_NAMES[usize::from(pick) % FILE_NAMES.len()], bytes))
}

/// `--fix`: applying every fix of lint (unsafe ones too) leaves a file that still parses
/// when the original did, and changes nothing outside the ranges the fixes name.
pub fn fix_file(data: &[u8]) {
    if let Some((name, data)) = named(data) {
        fix_named(name, data);
    }
}

/// [`fix_file`] on a file with a given name. Returns whether any fix was applied.
pub fn fix_named(name: &str, data: &[u8]) -> bool {
    let src = SourceFile::parse(Arc::from(name), data);
    let Some(text) = src.text.clone() else {
        return false;
    };
    let parsed_before = !src.parsed.failed;
    let ws = Workspace::new(vec![src], None, Box::new(|_: &str| false));
    let diags = lint_file(&ws, 0, &all_rules);
    let (fixed, applied) = fix::apply(&text, name, &diags, true);
    if applied == 0 {
        assert_eq!(fixed, text, "no fix applied, yet the text changed");
        return false;
    }
    assert_outside_unchanged(&text, &fixed, &diags, name);
    if parsed_before {
        let again = syntax::parse(&Arc::from(name), &fixed);
        assert!(
            !again.failed,
            "the fixed file no longer parses: {:?}\n--- fixed ---\n{fixed}",
            again.diagnostics.first().map(|d| &d.message)
        );
    }
    true
}

/// The bytes between the ranges of all offered edits (merged) appear in the new text, in
/// order, with only replacement text between them.
fn assert_outside_unchanged(before: &str, after: &str, diags: &[Diagnostic], file: &str) {
    let mut spans: Vec<Span> = diags
        .iter()
        .flat_map(|d| d.fix.iter().flat_map(|f| &f.edits))
        .filter(|e| &*e.file == file)
        .map(|e| e.span)
        .collect();
    spans.sort();
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut at = 0;
    for s in &merged {
        kept.push(&before[at..s.start]);
        at = s.end;
    }
    kept.push(&before[at..]);
    let (first, last) = (kept[0], kept[kept.len() - 1]);
    assert!(
        after.starts_with(first),
        "text before the first fix changed"
    );
    assert!(
        after.len() >= first.len() + last.len() && after.ends_with(last),
        "text after the last fix changed"
    );
    let mut rest = &after[first.len()..after.len() - last.len()];
    for piece in &kept[1..kept.len() - 1] {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => panic!("text between fixes changed: {piece:?} is gone"),
        }
    }
}
