//! The templates of `innominatus init`: what each writes, filled in with a name. Every file
//! written here must lint clean (tests/init_doctor.rs runs each template, then `lint`).

use innominatus_engine::kind::DocumentKind;
use innominatus_engine::model::GoldenPaths;
use innominatus_engine::source::SourceFile;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SCORE: &str = include_str!("templates/score.yaml.tmpl");
const PROVIDER: &str = include_str!("templates/provider.yaml.tmpl");
const PROVIDER_CREATE: &str = include_str!("templates/provider-create.yaml.tmpl");
const WORKFLOW: &str = include_str!("templates/workflow.yaml.tmpl");
const GOLDEN_PATHS: &str = include_str!("templates/goldenpaths.yaml.tmpl");
const GOLDEN_PATH_ENTRY: &str = include_str!("templates/goldenpath-entry.yaml.tmpl");
const GOLDEN_PATH_WORKFLOW: &str = include_str!("templates/goldenpath-workflow.yaml.tmpl");
const CONFIG: &str = include_str!("templates/config.toml.tmpl");

pub struct Template {
    pub name: &'static str,
    pub summary: &'static str,
    /// The name used when none is given (and offered at the prompt).
    pub default_name: &'static str,
    /// What is written, relative to the target folder (`NAME` stands for the name).
    pub writes: &'static str,
    /// Whether `--name` means anything for this template.
    pub named: bool,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        name: "score",
        summary: "a Score spec for an application",
        default_name: "my-app",
        writes: "score.yaml",
        named: true,
    },
    Template {
        name: "provider",
        summary: "a provider with its create workflow",
        default_name: "my-resource",
        writes: "providers/NAME/provider.yaml, providers/NAME/workflows/provision-NAME.yaml",
        named: true,
    },
    Template {
        name: "workflow",
        summary: "a provider workflow (top-level steps)",
        default_name: "my-workflow",
        writes: "workflows/NAME.yaml",
        named: true,
    },
    Template {
        name: "golden-path",
        summary: "a golden path: its goldenpaths.yaml entry and its workflow",
        default_name: "my-golden-path",
        writes: "goldenpaths.yaml (created, or the entry added), workflows/NAME.yaml",
        named: true,
    },
    Template {
        name: "workflow-test",
        summary: "test cases for an existing workflow, run by `innominatus workflow test`",
        default_name: "my-workflow",
        writes: "NAME.test.yaml next to the workflow NAME.yaml (in DIR or DIR/workflows)",
        named: true,
    },
    Template {
        name: "config",
        summary: "the configuration file `.innominatus.toml`",
        default_name: "",
        writes: ".innominatus.toml",
        named: false,
    },
];

pub fn find(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// One file `init` will write: its path and its full new content.
pub struct Planned {
    pub path: PathBuf,
    pub text: String,
    /// The file exists and gets an entry added (not overwritten): no `--force` needed.
    pub amends: bool,
}

/// Names become file names, Kubernetes names and YAML keys: a DNS label keeps them valid in
/// all three.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a valid name: use lower-case letters, digits and `-`, starting with a letter (at most 63 characters)"
        ))
    }
}

fn fill(template: &str, name: &str) -> String {
    template.replace("__NAME__", name)
}

/// The files `template` writes into `dir` for `name`.
pub fn plan(template: &Template, dir: &Path, name: &str) -> Result<Vec<Planned>, String> {
    // `score.yaml` rather than `./score.yaml` in messages.
    let dir = if dir == Path::new(".") {
        Path::new("")
    } else {
        dir
    };
    let new = |path: PathBuf, text: String| Planned {
        path,
        text,
        amends: false,
    };
    Ok(match template.name {
        "score" => vec![new(dir.join("score.yaml"), fill(SCORE, name))],
        "provider" => {
            let base = dir.join("providers").join(name);
            vec![
                new(base.join("provider.yaml"), fill(PROVIDER, name)),
                new(
                    base.join("workflows")
                        .join(format!("provision-{name}.yaml")),
                    fill(PROVIDER_CREATE, name),
                ),
            ]
        }
        "workflow" => vec![new(
            dir.join("workflows").join(format!("{name}.yaml")),
            fill(WORKFLOW, name),
        )],
        "golden-path" => vec![
            golden_paths_file(dir, name)?,
            new(
                dir.join("workflows").join(format!("{name}.yaml")),
                fill(GOLDEN_PATH_WORKFLOW, name),
            ),
        ],
        "workflow-test" => vec![workflow_test(dir, name)?],
        "config" => vec![new(dir.join(".innominatus.toml"), CONFIG.to_string())],
        other => return Err(format!("no template `{other}`")),
    })
}

/// `goldenpaths.yaml` with the new entry: a new file, or the existing one with the entry added
/// at the end of its `goldenpaths:` mapping (the rest of the file is kept byte for byte).
fn golden_paths_file(dir: &Path, name: &str) -> Result<Planned, String> {
    let path = dir.join("goldenpaths.yaml");
    let entry = fill(GOLDEN_PATH_ENTRY, name);
    let Ok(existing) = std::fs::read_to_string(&path) else {
        return Ok(Planned {
            path,
            text: format!("{GOLDEN_PATHS}{entry}"),
            amends: false,
        });
    };
    let shown = path.display().to_string();
    let paths = golden_paths_of(&shown, &existing)
        .ok_or_else(|| format!("{shown} is not a golden paths file that can be read; fix it first (`innominatus lint {shown}`)"))?;
    if paths.iter().any(|p| p == name) {
        return Err(format!(
            "{shown} already has a golden path `{name}`; choose another name or edit the entry by hand"
        ));
    }
    let text = add_entry(&existing, &entry).filter(|text| {
        // Only write what reads back as the old entries plus the new one.
        golden_paths_of(&shown, text)
            .is_some_and(|after| after.len() == paths.len() + 1 && after.iter().any(|p| p == name))
    });
    let text = text.ok_or_else(|| {
        format!("cannot add the entry to {shown} automatically (its `goldenpaths:` is not a block mapping at the end of the file); add this under `goldenpaths:`:\n{entry}")
    })?;
    Ok(Planned {
        path,
        text,
        amends: true,
    })
}

/// The golden-path names of a golden paths file, if it is one that parsed completely.
fn golden_paths_of(file: &str, text: &str) -> Option<Vec<String>> {
    let src = SourceFile::parse(Arc::from(file), text.as_bytes());
    let doc = src.parsed.documents.first()?;
    if src.parsed.failed || doc.incomplete || src.kinds.first() != Some(&DocumentKind::GoldenPaths)
    {
        return None;
    }
    let model = GoldenPaths::from_document(doc)?;
    Some(
        model
            .paths
            .iter()
            .map(|p| p.name.text.to_string())
            .collect(),
    )
}

/// Appends `entry` (indented by two spaces) after the last line of the file that belongs to
/// the `goldenpaths:` mapping: the file must end with that mapping, in block style.
fn add_entry(existing: &str, entry: &str) -> Option<String> {
    let last_top_level_key = existing
        .lines()
        .rfind(|l| !l.is_empty() && !l.starts_with([' ', '#', '\t', '-']))?;
    if last_top_level_key.trim_end() != "goldenpaths:" {
        return None;
    }
    let body_end = existing.trim_end().len();
    let mut text = existing[..body_end].to_string();
    text.push('\n');
    if !existing.trim_end().ends_with("goldenpaths:") {
        // A blank line between entries, as the template's file has.
        text.push('\n');
    }
    text.push_str(entry);
    Some(text)
}

/// A test file for the workflow `NAME.yaml` in `dir` or `dir/workflows`: one case where every
/// step succeeds, one where the first step fails.
fn workflow_test(dir: &Path, name: &str) -> Result<Planned, String> {
    let candidates = [
        dir.join(format!("{name}.yaml")),
        dir.join("workflows").join(format!("{name}.yaml")),
    ];
    let Some(workflow_path) = candidates.iter().find(|p| p.is_file()) else {
        return Err(format!(
            "no workflow {} or {} to test; give the workflow's folder as DIR, or create it first (`innominatus init --template workflow --name {name}`)",
            candidates[0].display(),
            candidates[1].display()
        ));
    };
    let shown = workflow_path.display().to_string();
    let bytes = crate::walk::read(workflow_path)?;
    let src = SourceFile::parse(Arc::from(shown.as_str()), &bytes);
    let workflow = src
        .parsed
        .documents
        .first()
        .zip(src.kinds.first())
        .and_then(|(doc, &kind)| innominatus_engine::model::Workflow::from_document(doc, kind))
        .filter(|w| !w.steps.is_empty())
        .ok_or_else(|| format!("{shown} is not a workflow with steps"))?;
    let mut unconditional = Vec::new();
    for step in &workflow.steps {
        let Some(step_name) = step.name_text() else {
            continue;
        };
        if step.when.is_none() && step.condition_if.is_none() && step.condition_unless.is_none() {
            unconditional.push(step_name.to_string());
        }
    }
    // The first listed step without dependencies or conditions starts first in every engine,
    // so failing it must fail the workflow.
    let first = workflow
        .steps
        .iter()
        .find(|s| {
            s.depends_on.is_empty()
                && s.when.is_none()
                && s.condition_if.is_none()
                && s.condition_unless.is_none()
        })
        .and_then(|s| s.name_text());
    let mut text = format!(
        "# Test cases for {name}.yaml, run with `innominatus workflow test`. Each case\n\
         # simulates the workflow (nothing is executed) and checks what would happen.\n\
         workflow: ./{name}.yaml\n\
         \n\
         cases:\n\
         \x20 - name: every step succeeds\n\
         \x20   expect:\n\
         \x20     status: succeeded\n"
    );
    if !unconditional.is_empty() {
        text.push_str("      steps:\n");
        for s in &unconditional {
            text.push_str(&format!("        {}: succeeded\n", yaml_key(s)));
        }
    }
    if let Some(first) = first {
        text.push_str(&format!(
            "\n  - name: the workflow fails when {first} fails\n\
             \x20   scenario:\n\
             \x20     fail:\n\
             \x20       {key}: simulated failure\n\
             \x20   expect:\n\
             \x20     status: failed\n\
             \x20     steps:\n\
             \x20       {key}: failed\n",
            key = yaml_key(first)
        ));
    }
    let path = workflow_path.with_file_name(format!("{name}.test.yaml"));
    Ok(Planned {
        path,
        text,
        amends: false,
    })
}

/// A step name as a YAML key: plain when that is safe, double-quoted otherwise.
fn yaml_key(name: &str) -> String {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric());
    if plain {
        name.to_string()
    } else {
        serde_json::to_string(name).unwrap_or_default()
    }
}
