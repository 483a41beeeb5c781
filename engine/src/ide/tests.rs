//! Editor features on the example workspace (`examples/`), including half-typed edits of its
//! real files.

use super::completion::{complete, CompletionItem, ItemKind};
use super::cursor::{at_text, Seg, Slot};
use super::folding::folding_ranges;
use super::hover::{hover, rule_hover};
use super::inlay::inlay_hints;
use super::navigate::{definition, prepare_rename, references, rename};
use super::symbols::{document_links, document_symbols, workspace_symbols, SymbolKind};
use super::tokens::{semantic_tokens, TokenKind};
use crate::source::SourceFile;
use crate::text::Span;
use crate::workspace::Workspace;
use std::path::Path;
use std::sync::Arc;

/// Every YAML file of `examples/`, named `examples/...` as the CLI names them.
fn example_workspace() -> Workspace {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    let mut stack = vec![root.join("examples")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("examples/ is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let name = path.strip_prefix(&root).expect("below root");
                let name: Arc<str> = name.to_string_lossy().replace('\\', "/").into();
                let bytes = std::fs::read(&path).expect("readable");
                files.push(SourceFile::parse(name, &bytes));
            }
        }
    }
    files.sort_by(|a, b| a.file.cmp(&b.file));
    Workspace::new(files, None, Box::new(|_| false))
}

fn file(ws: &Workspace, name: &str) -> usize {
    ws.file_index(name)
        .unwrap_or_else(|| panic!("{name} is in the example"))
}

fn text(ws: &Workspace, fi: usize) -> String {
    ws.files[fi].text.clone().expect("text")
}

/// Offset of `needle` in the file (the `n`th occurrence) plus `delta`.
fn at(ws: &Workspace, fi: usize, needle: &str, n: usize, delta: usize) -> usize {
    let t = text(ws, fi);
    let mut from = 0;
    for _ in 0..n {
        from += t[from..].find(needle).expect("needle") + 1;
    }
    from + t[from..]
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` in file"))
        + delta
}

/// Replaces `old` (first occurrence) by `new` in file `fi` and returns the offset just
/// after `new`'s `cursor_after` part.
fn edit(ws: &mut Workspace, fi: usize, old: &str, new: &str) -> usize {
    let t = text(ws, fi);
    let i = t.find(old).unwrap_or_else(|| panic!("`{old}` in file"));
    let changed = format!("{}{}{}", &t[..i], new, &t[i + old.len()..]);
    let name = ws.files[fi].file.clone();
    ws.replace_file(fi, SourceFile::parse(name, changed.as_bytes()));
    i + new.len()
}

fn labels(items: &[CompletionItem]) -> Vec<&str> {
    items.iter().map(|i| i.label.as_str()).collect()
}

const PG: &str = "examples/providers/database-team/workflows/provision-postgres.yaml";
const PG_PROVIDER: &str = "examples/providers/database-team/provider.yaml";
const ORDERS: &str = "examples/apps/orders-api/score.yaml";
const GOLDEN: &str = "examples/goldenpaths.yaml";

#[test]
fn text_cursor_reads_the_path_of_a_half_typed_step_key() {
    let text = "steps:\n  - name: a\n    type: policy\n    dep";
    let c = at_text(text, text.len());
    assert_eq!(c.path, vec![Seg::Key("steps".into()), Seg::Item]);
    assert_eq!(c.slot, Slot::Key);
    assert_eq!(c.prefix, "dep");
    assert_eq!(c.siblings, vec!["type".to_string(), "name".to_string()]);
    let text = "spec:\n  steps:\n    - name: a\n      dependsOn: [b, ";
    let c = at_text(text, text.len());
    let want: Vec<Seg> = ["spec", "steps"]
        .iter()
        .map(|k| Seg::Key(k.to_string()))
        .chain([Seg::Item, Seg::Key("dependsOn".into()), Seg::Item])
        .collect();
    assert_eq!(c.path, want);
    assert_eq!(c.slot, Slot::Value);
    let text = "steps:\n  - config:\n      script: |\n        echo hi\n        ech";
    assert_eq!(at_text(text, text.len()).slot, Slot::BlockText);
}

#[test]
fn step_keys_complete_on_a_half_typed_line_without_the_keys_already_there() {
    let mut ws = example_workspace();
    let fi = file(&ws, PG);
    let offset = edit(
        &mut ws,
        fi,
        "  - name: ensure-namespace\n    type: policy\n",
        "  - name: ensure-namespace\n    type: policy\n    par\n",
    ) - 1;
    let items = complete(&ws, fi, offset);
    let names = labels(&items);
    assert!(names.contains(&"parallelGroup"), "{names:?}");
    assert!(names.contains(&"when"), "{names:?}");
    assert!(
        !names.contains(&"dependsOn"),
        "present below the cursor: {names:?}"
    );
    assert!(
        !names.contains(&"name") && !names.contains(&"type"),
        "{names:?}"
    );
    let pg = items
        .iter()
        .find(|i| i.label == "parallelGroup")
        .expect("parallelGroup");
    assert!(pg.documentation.as_deref().is_some_and(|d| !d.is_empty()));
    assert_eq!(pg.replace.len(), 3, "replaces the typed word");
    assert!(
        !names.contains(&"config"),
        "ensure-namespace has `config` below the cursor"
    );
    let env = items.iter().find(|i| i.label == "env").expect("env");
    assert!(
        env.is_snippet && env.insert_text.starts_with("env:\n      "),
        "{:?}",
        env.insert_text
    );
}

#[test]
fn depends_on_completes_the_other_steps_of_the_workflow() {
    let mut ws = example_workspace();
    let fi = file(&ws, PG);
    let offset = edit(
        &mut ws,
        fi,
        "dependsOn: [validate-request]",
        "dependsOn: [va",
    );
    let items = complete(&ws, fi, offset);
    let names = labels(&items);
    for step in ["validate-request", "create-cluster", "wait-for-ready"] {
        assert!(names.contains(&step), "{names:?}");
    }
    assert!(
        !names.contains(&"ensure-namespace"),
        "a step does not depend on itself"
    );
    assert!(items
        .iter()
        .all(|i| i.kind == ItemKind::Step || i.kind == ItemKind::Value));
}

#[test]
fn resource_types_come_from_the_providers() {
    let mut ws = example_workspace();
    let fi = file(&ws, ORDERS);
    let offset = edit(&mut ws, fi, "type: postgres", "type: po");
    let items = complete(&ws, fi, offset);
    let pg = items
        .iter()
        .find(|i| i.label == "postgres")
        .expect("postgres offered");
    assert_eq!(pg.detail.as_deref(), Some("provider database-team"));
    assert!(pg
        .documentation
        .as_deref()
        .unwrap_or("")
        .contains("provision-postgres"));
    assert!(labels(&items).contains(&"s3-bucket"));
    assert_eq!(&text(&ws, fi)[pg.replace.start..pg.replace.end], "po");
}

#[test]
fn resource_placeholders_complete_names_then_outputs() {
    let mut ws = example_workspace();
    let fi = file(&ws, ORDERS);
    let offset = edit(
        &mut ws,
        fi,
        "DB_HOST: ${resources.db.host}",
        "DB_HOST: ${resources.",
    );
    let names = labels(&complete(&ws, fi, offset))
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    for r in ["db", "invoices", "namespace", "api"] {
        assert!(names.contains(&r.to_string()), "{names:?}");
    }
    let mut ws = example_workspace();
    let offset = edit(
        &mut ws,
        fi,
        "DB_HOST: ${resources.db.host}",
        "DB_HOST: ${resources.db.",
    );
    let items = complete(&ws, fi, offset);
    let outputs = labels(&items);
    for o in ["host", "port", "username", "password", "connection_string"] {
        assert!(outputs.contains(&o), "{outputs:?}");
    }
    assert!(items.iter().all(|i| i.kind == ItemKind::Output));
}

#[test]
fn template_parameters_complete_with_their_sources() {
    let mut ws = example_workspace();
    let fi = file(&ws, PG);
    let offset = edit(
        &mut ws,
        fi,
        "version=\"{{ .parameters.version }}\"",
        "version=\"{{ .parameters.",
    );
    let items = complete(&ws, fi, offset);
    let find = |n: &str| {
        items
            .iter()
            .find(|i| i.label == n)
            .unwrap_or_else(|| panic!("{n} in {:?}", labels(&items)))
    };
    assert!(find("pg_storage_class")
        .documentation
        .as_deref()
        .unwrap()
        .contains("ssd-retain"));
    assert!(find("app_name")
        .documentation
        .as_deref()
        .unwrap()
        .contains("orchestration engine"));
    assert!(find("storage_size")
        .documentation
        .as_deref()
        .unwrap()
        .contains("Gi"));
    // Score resource params reach the workflow too (orders-api's db has `instances`).
    assert!(labels(&items).contains(&"instances"));
}

#[test]
fn provider_operations_complete_workflow_names_and_files() {
    let mut ws = example_workspace();
    let fi = file(&ws, PG_PROVIDER);
    let offset = edit(&mut ws, fi, "workflow: provision-postgres", "workflow: ");
    let names = labels(&complete(&ws, fi, offset))
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    assert!(
        names.contains(&"provision-postgres".to_string())
            && names.contains(&"delete-postgres".to_string()),
        "{names:?}"
    );
    let mut ws = example_workspace();
    let offset = edit(
        &mut ws,
        fi,
        "file: ./workflows/provision-postgres.yaml",
        "file: ./w",
    );
    let names = labels(&complete(&ws, fi, offset))
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    assert!(
        names.contains(&"./workflows/provision-postgres.yaml".to_string()),
        "{names:?}"
    );
    assert!(
        names[0].starts_with("./workflows/"),
        "own files first: {names:?}"
    );
    assert!(
        names.contains(&"../container-team/workflows/provision-container.yaml".to_string()),
        "{names:?}"
    );
}

#[test]
fn golden_path_defaults_complete_from_allowed_values() {
    let mut ws = example_workspace();
    let fi = file(&ws, GOLDEN);
    let offset = edit(&mut ws, fi, "default: development", "default: ");
    let names = labels(&complete(&ws, fi, offset))
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    assert_eq!(
        names
            .iter()
            .filter(|n| ["development", "staging", "production"].contains(&n.as_str()))
            .count(),
        3,
        "{names:?}"
    );
}

#[test]
fn golden_path_names_and_workflow_variables_complete() {
    let mut ws = example_workspace();
    let g = file(&ws, GOLDEN);
    let t = text(&ws, g);
    let cut = t.find("  ephemeral-env:").expect("second golden path");
    let typed = format!("{}  eph", &t[..cut]);
    let name = ws.files[g].file.clone();
    ws.replace_file(g, SourceFile::parse(name, typed.as_bytes()));
    let items = complete(&ws, g, typed.len());
    let eph = items
        .iter()
        .find(|i| i.label == "ephemeral-env")
        .expect("ephemeral-env offered");
    assert!(
        eph.insert_text
            .contains("workflow: ./workflows/ephemeral-env.yaml"),
        "{}",
        eph.insert_text
    );
    assert!(
        !labels(&items).contains(&"deploy-app"),
        "already a golden path"
    );

    let mut ws = example_workspace();
    let w = file(&ws, "examples/workflows/deploy-app.yaml");
    let offset = edit(
        &mut ws,
        w,
        "    - name: wait-for-workload\n",
        "    - name: wait-for-workload\n      if: ${workflow.",
    );
    let names = labels(&complete(&ws, w, offset))
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    for n in ["workload_timeout", "requested_by", "change_ticket"] {
        assert!(names.contains(&n.to_string()), "{names:?}");
    }
}

#[test]
fn hover_explains_keys_types_parameters_and_rules() {
    let ws = example_workspace();
    let pg = file(&ws, PG);
    let h = hover(&ws, pg, at(&ws, pg, "dependsOn", 0, 2)).expect("hover on a key");
    assert!(h.markdown.starts_with("**`dependsOn`**"), "{}", h.markdown);
    assert_eq!(&text(&ws, pg)[h.span.start..h.span.end], "dependsOn");
    let h = hover(&ws, pg, at(&ws, pg, "pg_storage_class }}", 0, 3)).expect("hover on a parameter");
    assert!(
        h.markdown.contains("workflow variable") && h.markdown.contains("ssd-retain"),
        "{}",
        h.markdown
    );
    assert_eq!(&text(&ws, pg)[h.span.start..h.span.end], "pg_storage_class");
    let orders = file(&ws, ORDERS);
    let h = hover(&ws, orders, at(&ws, orders, "type: postgres", 0, 8)).expect("hover on a type");
    assert!(
        h.markdown.contains("database-team") && h.markdown.contains("provision-postgres"),
        "{}",
        h.markdown
    );
    let h = hover(
        &ws,
        orders,
        at(&ws, orders, "resources.invoices.endpoint", 0, 12),
    )
    .expect("hover on a placeholder");
    assert!(
        h.markdown.contains("s3-bucket") && h.markdown.contains("storage-team"),
        "{}",
        h.markdown
    );
    let doc = rule_hover("unknown-key").expect("rule");
    assert!(doc.starts_with("**INN101 unknown-key**"), "{doc}");
    assert!(rule_hover("INN999").is_none());
}

#[test]
fn steps_and_depends_on_point_at_each_other() {
    let ws = example_workspace();
    let pg = file(&ws, PG);
    let t = text(&ws, pg);
    let use_at = at(&ws, pg, "dependsOn: [ensure-namespace]", 0, 14);
    let defs = definition(&ws, pg, use_at);
    assert_eq!(defs.len(), 1);
    assert_eq!(
        defs[0].span.start,
        at(&ws, pg, "name: ensure-namespace", 0, 6)
    );
    let refs = references(&ws, pg, defs[0].span.start, false);
    assert_eq!(refs.len(), 1);
    assert_eq!(&t[refs[0].span.start..refs[0].span.end], "ensure-namespace");
    assert!(refs[0].span.start > defs[0].span.start);
}

#[test]
fn workflow_names_lead_from_operation_to_entry_to_file() {
    let ws = example_workspace();
    let p = file(&ws, PG_PROVIDER);
    let op = at(&ws, p, "workflow: provision-postgres", 0, 12);
    let defs = definition(&ws, p, op);
    assert_eq!(defs.len(), 1);
    let entry = at(&ws, p, "name: provision-postgres", 0, 6);
    assert_eq!(defs[0].span.start, entry);
    let file_defs = definition(&ws, p, entry);
    assert_eq!(file_defs.len(), 1);
    assert_eq!(&*file_defs[0].file, PG);
    // From the workflow file's name back to the provider entry.
    let pg = file(&ws, PG);
    let back = definition(&ws, pg, at(&ws, pg, "name: provision-postgres", 0, 8));
    assert_eq!(back.len(), 1);
    assert_eq!((&*back[0].file, back[0].span.start), (PG_PROVIDER, entry));
    let refs = references(&ws, p, entry, true);
    assert_eq!(refs.len(), 3, "entry, operation and file name: {refs:?}");
}

#[test]
fn resources_and_placeholders_point_at_each_other() {
    let ws = example_workspace();
    let o = file(&ws, ORDERS);
    let t = text(&ws, o);
    let defs = definition(&ws, o, at(&ws, o, "${resources.db.port}", 0, 13));
    assert_eq!(defs.len(), 1);
    assert_eq!(&t[defs[0].span.start..defs[0].span.end + 1], "db:");
    let refs = references(&ws, o, defs[0].span.start, false);
    assert_eq!(
        refs.len(),
        5,
        "DB_HOST, DB_PORT, DB_DBNAME, DB_USER, DB_PASSWORD"
    );
    assert!(refs
        .iter()
        .all(|r| &t[r.span.start - 10..r.span.end] == "resources.db"));
}

#[test]
fn resource_types_lead_to_the_providers_that_claim_them() {
    let ws = example_workspace();
    let o = file(&ws, ORDERS);
    let p = file(&ws, PG_PROVIDER);
    let defs = definition(&ws, o, at(&ws, o, "type: postgres", 0, 8));
    let pt = text(&ws, p);
    let lines: Vec<&str> = defs
        .iter()
        .map(|d| {
            assert_eq!(&*d.file, PG_PROVIDER);
            let start = pt[..d.span.start].rfind('\n').unwrap() + 1;
            pt[start..d.span.end].trim()
        })
        .collect();
    assert_eq!(lines, ["- type: postgres", "aliasFor: postgres"]);
    let uses = references(&ws, o, at(&ws, o, "type: postgres", 0, 8), false);
    assert!(uses.iter().all(|u| u.file.ends_with("score.yaml")) && !uses.is_empty());
}

#[test]
fn hover_names_the_source_of_a_workflow_reference() {
    let mut ws = example_workspace();
    let w = file(&ws, "examples/workflows/deploy-app.yaml");
    let offset = edit(
        &mut ws,
        w,
        "    - name: wait-for-workload\n",
        "    - name: wait-for-workload\n      if: ${workflow.workload_timeout} == 10m\n",
    );
    let h = hover(&ws, w, offset - 20).expect("hover on the reference");
    assert!(
        h.markdown.contains("workflow variable") && h.markdown.contains("`10m`"),
        "{}",
        h.markdown
    );
    assert_eq!(
        &text(&ws, w)[h.span.start..h.span.end],
        "${workflow.workload_timeout}"
    );
}

#[test]
fn golden_paths_lead_to_their_workflow_files_and_back() {
    let ws = example_workspace();
    let g = file(&ws, GOLDEN);
    let defs = definition(&ws, g, at(&ws, g, "deploy-app:", 0, 2));
    assert_eq!(defs.len(), 1);
    assert_eq!(&*defs[0].file, "examples/workflows/deploy-app.yaml");
    let w = file(&ws, "examples/workflows/deploy-app.yaml");
    let refs = references(&ws, w, at(&ws, w, "name: deploy-app", 0, 7), false);
    assert_eq!(refs.len(), 1);
    assert_eq!(
        &text(&ws, g)[refs[0].span.start..refs[0].span.end],
        "./workflows/deploy-app.yaml"
    );
}

#[test]
fn aliases_point_at_their_anchor() {
    let src = "steps:\n  - name: a\n    type: policy\n    config: &shared\n      script: echo\n  - name: b\n    type: policy\n    config: *shared\n";
    let ws = Workspace::new(
        vec![SourceFile::parse("wf.yaml".into(), src.as_bytes())],
        None,
        Box::new(|_| false),
    );
    let alias = src.find("*shared").unwrap() + 2;
    let defs = definition(&ws, 0, alias);
    assert_eq!(defs.len(), 1);
    assert_eq!(&src[defs[0].span.start..defs[0].span.end], "&shared");
    assert_eq!(references(&ws, 0, defs[0].span.start, false).len(), 1);
}

fn apply(text: &str, mut edits: Vec<(Span, String)>) -> String {
    edits.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    let mut out = text.to_string();
    for (span, new) in edits {
        out.replace_range(span.start..span.end, &new);
    }
    out
}

#[test]
fn renaming_a_step_rewrites_its_name_and_every_depends_on() {
    let ws = example_workspace();
    let pg = file(&ws, PG);
    let t = text(&ws, pg);
    let offset = at(&ws, pg, "name: create-cluster", 0, 8);
    let (span, name) = prepare_rename(&ws, pg, offset).expect("renamable");
    assert_eq!(
        (name.as_str(), &t[span.start..span.end]),
        ("create-cluster", "create-cluster")
    );
    let edits = rename(&ws, pg, offset, "create-pg-cluster").expect("valid");
    assert_eq!(edits.len(), 3, "name and two dependsOn");
    let renamed = apply(&t, edits.into_iter().map(|(l, n)| (l.span, n)).collect());
    assert_eq!(renamed.matches("create-pg-cluster").count(), 3);
    assert!(!renamed.contains("create-cluster"));
    assert!(rename(&ws, pg, offset, "bad name").is_err());
    assert!(prepare_rename(&ws, pg, at(&ws, pg, "type: policy", 0, 8)).is_none());
}

#[test]
fn renaming_a_workflow_rewrites_the_manifest_and_the_file() {
    let ws = example_workspace();
    let p = file(&ws, PG_PROVIDER);
    let edits = rename(
        &ws,
        p,
        at(&ws, p, "workflow: delete-postgres", 0, 11),
        "drop-postgres",
    )
    .expect("valid");
    let files: Vec<&str> = edits.iter().map(|(l, _)| &*l.file).collect();
    assert_eq!(files.iter().filter(|f| **f == PG_PROVIDER).count(), 2);
    assert!(
        files.contains(&"examples/providers/database-team/workflows/delete-postgres.yaml"),
        "{files:?}"
    );
}

#[test]
fn outline_lists_steps_by_name() {
    let ws = example_workspace();
    let pg = file(&ws, PG);
    let symbols = document_symbols(&ws, pg);
    let steps = symbols.iter().find(|s| s.name == "steps").expect("steps");
    let names: Vec<&str> = steps.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names[..3],
        ["validate-request", "ensure-namespace", "create-cluster"]
    );
    assert!(steps.children.iter().all(|c| c.kind == SymbolKind::Step));
    assert_eq!(steps.children[1].detail.as_deref(), Some("policy"));
    let all = workspace_symbols(&ws, "provpostgres");
    assert!(
        all.iter()
            .any(|s| s.kind == SymbolKind::Workflow && &*s.location.file == PG_PROVIDER),
        "{all:?}"
    );
    assert!(workspace_symbols(&ws, "").len() > 50);
}

#[test]
fn manifests_link_their_workflow_files() {
    let ws = example_workspace();
    let links = document_links(&ws, file(&ws, PG_PROVIDER));
    let targets: Vec<&str> = links.iter().map(|l| l.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            PG,
            "examples/providers/database-team/workflows/delete-postgres.yaml"
        ]
    );
    assert!(links.iter().all(|l| l.exists));
    assert_eq!(document_links(&ws, file(&ws, GOLDEN)).len(), 2);
}

#[test]
fn inlay_hints_number_the_steps_in_plan_order() {
    let ws = example_workspace();
    let pg = file(&ws, PG);
    let t = text(&ws, pg);
    let hints = inlay_hints(&ws, pg, Span::new(0, t.len()));
    assert_eq!(hints.len(), 6);
    assert!(t[..hints[0].offset].ends_with("validate-request"));
    assert_eq!(hints[0].label, " #1 · group 1");
    let mut positions: Vec<&str> = hints
        .iter()
        .map(|h| h.label.split(" · ").next().unwrap())
        .collect();
    positions.sort();
    assert_eq!(positions, [" #1", " #2", " #3", " #4", " #5", " #6"]);
    let ranged = inlay_hints(
        &ws,
        pg,
        Span::new(0, at(&ws, pg, "name: ensure-namespace", 0, 0) + 30),
    );
    assert_eq!(ranged.len(), 2);
}

#[test]
fn semantic_tokens_mark_template_and_placeholder_parts() {
    let ws = example_workspace();
    let pg = file(&ws, PG);
    let t = text(&ws, pg);
    let tokens = semantic_tokens(&ws, pg);
    let of = |k: TokenKind| {
        tokens
            .iter()
            .filter(move |x| x.kind == k)
            .map(|x| &t[x.span.start..x.span.end])
    };
    assert!(of(TokenKind::Property).all(|p| p.starts_with(".parameters.")));
    assert!(of(TokenKind::Property).any(|p| p == ".parameters.pg_storage_class"));
    assert!(of(TokenKind::Operator).all(|p| p == "{{" || p == "}}"));
    assert!(tokens.windows(2).all(|w| w[0].span.end <= w[1].span.start));
    let o = file(&ws, ORDERS);
    let t = text(&ws, o);
    let tokens = semantic_tokens(&ws, o);
    let texts: Vec<(&str, TokenKind)> = tokens
        .iter()
        .take(4)
        .map(|x| (&t[x.span.start..x.span.end], x.kind))
        .collect();
    assert_eq!(
        texts,
        [
            ("${", TokenKind::Operator),
            ("resources", TokenKind::Variable),
            (".db.host", TokenKind::Property),
            ("}", TokenKind::Operator)
        ]
    );
}

#[test]
fn folding_covers_steps_and_comment_blocks() {
    let ws = example_workspace();
    let pg = file(&ws, PG);
    let t = text(&ws, pg);
    let folds = folding_ranges(&ws, pg);
    let steps_line = t[..t.find("\nsteps:").unwrap() + 1].lines().count();
    assert!(folds
        .iter()
        .any(|f| f.start_line == steps_line && f.end_line > steps_line + 100));
    assert!(folds
        .iter()
        .any(|f| f.kind == super::folding::FoldKind::Comment));
    let last = t.lines().count() - 1;
    assert!(folds
        .iter()
        .all(|f| f.end_line <= last && f.start_line < f.end_line));
}

/// Every editor feature at the end of every prefix of a real file: what the server sees
/// while the file is typed from scratch. Nothing may panic and every span stays in the text.
#[test]
fn every_keystroke_of_a_real_file_is_served() {
    let mut ws = example_workspace();
    let fi = file(
        &ws,
        "examples/providers/database-team/workflows/delete-postgres.yaml",
    );
    let full = text(&ws, fi);
    let name = ws.files[fi].file.clone();
    let mut boundaries: Vec<usize> = (0..=full.len())
        .filter(|i| full.is_char_boundary(*i))
        .collect();
    boundaries.dedup();
    for end in boundaries {
        let typed = &full[..end];
        ws.replace_file(fi, SourceFile::parse(name.clone(), typed.as_bytes()));
        for item in complete(&ws, fi, end) {
            assert!(
                item.replace.end <= end,
                "completion span past the text at {end}"
            );
        }
        if let Some(h) = hover(&ws, fi, end.saturating_sub(1)) {
            assert!(h.span.end <= end);
        }
        for l in definition(&ws, fi, end.saturating_sub(1)) {
            if l.file == name {
                assert!(l.span.end <= end);
            }
        }
        for t in semantic_tokens(&ws, fi) {
            assert!(t.span.end <= end);
        }
        let _ = folding_ranges(&ws, fi);
        let _ = document_symbols(&ws, fi);
        let _ = inlay_hints(&ws, fi, Span::new(0, end));
    }
}

fn corpus_workspace() -> Workspace {
    let dir = match std::env::var_os("INNOMINATUS_CORPUS") {
        Some(d) => std::path::PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
    };
    let dir = dir.join("innominatus");
    let mut files = Vec::new();
    for entry in
        std::fs::read_dir(&dir).expect("the corpus is at ../shared/corpus (or INNOMINATUS_CORPUS)")
    {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let name: Arc<str> = path.file_name().unwrap().to_string_lossy().into();
            files.push(SourceFile::parse(
                name,
                &std::fs::read(&path).expect("readable"),
            ));
        }
    }
    files.sort_by(|a, b| a.file.cmp(&b.file));
    Workspace::new(files, None, Box::new(|_| false))
}

/// The platform's own repository: every feature at the start, middle and end of every line
/// of every file. Spans stay inside their file, and the files that parse get an outline.
#[test]
fn every_line_of_the_corpus_is_served() {
    let ws = corpus_workspace();
    assert!(ws.files.len() > 50, "corpus files: {}", ws.files.len());
    let mut completions = 0;
    let mut hovers = 0;
    for fi in 0..ws.files.len() {
        let t = text(&ws, fi);
        let len = t.len();
        let mut offsets = Vec::new();
        let mut start = 0;
        for line in t.split('\n') {
            let end = start + line.len();
            offsets.extend([
                start,
                crate::text::floor_char_boundary(&t, start + line.len() / 2),
                end,
            ]);
            start = end + 1;
        }
        for &o in &offsets {
            let items = complete(&ws, fi, o);
            completions += usize::from(!items.is_empty());
            assert!(items
                .iter()
                .all(|i| i.replace.start <= o && i.replace.end <= len));
            if let Some(h) = hover(&ws, fi, o) {
                hovers += 1;
                assert!(h.span.end <= len && !h.markdown.is_empty());
            }
            for l in references(&ws, fi, o, true) {
                let target = ws.file_index(&l.file).map_or(0, |f| text(&ws, f).len());
                assert!(l.span.end <= target, "{l:?}");
            }
            if let Some((span, name)) = prepare_rename(&ws, fi, o) {
                assert_eq!(&t[span.start..span.end], name);
            }
        }
        assert!(semantic_tokens(&ws, fi).iter().all(|t| t.span.end <= len));
        let parsed = ws.files[fi]
            .parsed
            .documents
            .iter()
            .any(|d| d.root.is_some());
        if parsed
            && ws.files[fi]
                .kinds
                .iter()
                .any(|k| *k != crate::kind::DocumentKind::Unknown)
        {
            assert!(
                !document_symbols(&ws, fi).is_empty(),
                "{}",
                ws.files[fi].file
            );
        }
        let _ = folding_ranges(&ws, fi);
        let _ = inlay_hints(&ws, fi, Span::new(0, len));
        let _ = document_links(&ws, fi);
    }
    assert!(
        completions > 1000 && hovers > 1000,
        "completions {completions}, hovers {hovers}"
    );
}
