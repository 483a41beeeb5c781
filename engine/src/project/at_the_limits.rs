//! Every walk of the engine over files at the budgets of `crate::limits` (and just past
//! them), on a thread with half the stack the checking and language-server threads get: the
//! budgets, not the luck of a large stack, are what keeps the recursion bounded. Run from the
//! top layer because it exercises all of them.

mod walks {
    use crate::graph::WorkspaceGraph;
    use crate::kind::DocumentKind;
    use crate::limits::*;
    use crate::plan::{plan, simulate, Engine, Scenario, WorkflowSpec};
    use crate::source::SourceFile;
    use crate::workspace::Workspace;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    /// A block list nested `depth` levels at `indent`.
    fn block_list(depth: usize, indent: usize) -> String {
        let mut s = String::new();
        for i in 0..depth {
            s.push_str(&format!("{}-\n", " ".repeat(indent + 2 * i)));
        }
        s.push_str(&format!("{}leaf\n", " ".repeat(indent + 2 * depth)));
        s
    }

    fn nested_template(blocks: usize, parens: usize) -> String {
        format!(
            "{}{{{{ {}.parameters.x{} }}}}{}",
            "{{if .parameters.a}}".repeat(blocks),
            "(".repeat(parens),
            ")".repeat(parens),
            "{{end}}".repeat(blocks)
        )
    }

    fn files() -> Vec<(String, String)> {
        let half = MAX_TEMPLATE_NESTING / 2;
        let at_limit = nested_template(half, MAX_TEMPLATE_NESTING - half);
        let past_limit = nested_template(half, 8_000);
        // Anchored 60 deep, aliased where it just fits and where it does not.
        let anchored = format!("{}x{}", "[".repeat(60), "]".repeat(60));
        let fits = format!(
            "{}*deep{}",
            "[".repeat(MAX_NESTING - 70),
            "]".repeat(MAX_NESTING - 70)
        );
        let too_deep = format!(
            "{}*deep{}",
            "[".repeat(MAX_NESTING - 40),
            "]".repeat(MAX_NESTING - 40)
        );
        let workflow = format!(
            "apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: limits
steps:
  - name: render
    type: policy
    config:
      script: '{at_limit}'
      anchored: &deep {anchored}
      fits: {fits}
      too_deep: {too_deep}
      flow: {}x{}
      block:
{}  - name: manifest
    type: kubernetes
    dependsOn: [render]
    config:
      operation: apply
      manifest: '{past_limit}'
",
            "[".repeat(300),
            "]".repeat(300),
            block_list(MAX_NESTING + 20, 8)
        );
        let score = format!(
            "apiVersion: score.dev/v1b1
metadata:
  name: limits
containers:
  main:
    image: nginx:1.25
    variables:
      A: ${{resources.db.host}}
resources:
  db:
    type: postgres
    params:
      deep:
{}      flow: {}${{resources.db.port}}{}
",
            block_list(MAX_NESTING + 20, 8),
            "[".repeat(MAX_NESTING - 4),
            "]".repeat(MAX_NESTING - 4)
        );
        let goldenpaths = format!(
            "goldenpaths:
  deploy:
    workflow: ./workflows/deploy.yaml
    parameters:
      p:
        type: string
        default:
{}",
            block_list(MAX_NESTING + 20, 10)
        );
        vec![
            ("providers/db/workflows/limits.yaml".into(), workflow),
            ("apps/limits/score.yaml".into(), score),
            ("goldenpaths.yaml".into(), goldenpaths),
        ]
    }

    fn everything() {
        let sources: Vec<SourceFile> = files()
            .iter()
            .map(|(name, text)| SourceFile::parse(Arc::from(name.as_str()), text.as_bytes()))
            .collect();
        let ws = Workspace::new(sources, None, Box::new(|_: &str| false));
        let all = |_: &crate::rules::Rule| true;
        let mut codes = Vec::new();
        for i in 0..ws.files.len() {
            codes.extend(
                crate::rules::lint_file(&ws, i, &all)
                    .into_iter()
                    .map(|d| d.code),
            );
            let text = ws.files[i].text.clone().unwrap_or_default();
            let _ = crate::ide::tokens::semantic_tokens(&ws, i);
            let _ = crate::ide::folding::folding_ranges(&ws, i);
            let _ = crate::ide::symbols::document_symbols(&ws, i);
            let _ = crate::ide::symbols::document_links(&ws, i);
            let _ = crate::ide::inlay::inlay_hints(&ws, i, crate::text::Span::new(0, text.len()));
            for offset in (0..text.len()).step_by(61) {
                let _ = crate::ide::hover::hover(&ws, i, offset);
                let _ = crate::ide::completion::complete(&ws, i, offset);
                let _ = crate::ide::navigate::definition(&ws, i, offset);
            }
            for doc in &ws.files[i].parsed.documents {
                for kind in [DocumentKind::ProviderWorkflow, DocumentKind::Score] {
                    if let Some(wf) = WorkflowSpec::from_document(doc, kind) {
                        for engine in [Engine::Documented, Engine::Live] {
                            let _ = plan(&wf, engine);
                            let _ = simulate(&wf, engine, &BTreeMap::new(), &Scenario::default());
                        }
                    }
                }
            }
        }
        let _ = crate::ide::symbols::workspace_symbols(&ws, "");
        let graph = WorkspaceGraph::build(&ws);
        let _ = (
            graph.to_dot(),
            graph.to_mermaid(),
            graph.to_json(),
            graph.to_svg(),
        );
        // The hostile parts are reported: the nesting in all three files (one via an alias),
        // the template past its limit.
        assert!(
            codes.iter().filter(|&&c| c == "INN013").count() >= 4,
            "{codes:?}"
        );
        assert!(codes.contains(&"INN416"), "{codes:?}");
    }

    #[test]
    fn every_walk_fits_half_a_thread_stack() {
        std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(everything)
            .unwrap()
            .join()
            .unwrap();
    }
}
