//! The legacy runner on paper (`runStepWithSpinner`, FORMATS.md §1.4.2 and §4.9): what runs
//! Score-embedded workflows at deploy time and every manual retry. No templates, no
//! variables, no conditions; its own small set of step types.

use super::render::Rendered;
use super::simulate::{argocd, gitea, StepOutcome};
use super::spec::StepSpec;

/// Fills `o.effects` (and `o.rendered` with the script as it is run, unrendered); `Err` is
/// the error the runner would return.
pub(super) fn effects(step: &StepSpec, app: &str, o: &mut StepOutcome) -> Result<(), String> {
    let fx = &mut o.effects;
    match step.step_type.as_str() {
        "terraform" => {
            let path =
                step.fields.get("path").filter(|p| !p.is_empty()).ok_or(
                    "terraform step requires 'path' (the legacy runner ignores workingDir)",
                )?;
            fx.push(format!("check that {path} exists"));
            fx.push(format!("terraform init (in {path})"));
            fx.push(format!(
                "terraform apply -auto-approve (in {path}; no variables, outputs only printed)"
            ));
        }
        "ansible" => {
            let playbook = step
                .fields
                .get("playbook")
                .filter(|p| !p.is_empty())
                .ok_or("ansible step requires 'playbook'")?;
            let cwd = step
                .fields
                .get("path")
                .map(|p| format!(" (in {p})"))
                .unwrap_or_default();
            fx.push(format!(
                "check that {playbook} exists (relative to the server's working directory)"
            ));
            fx.push(format!("ansible-playbook {playbook}{cwd}"));
        }
        "kubernetes" => {
            let ns = step
                .fields
                .get("namespace")
                .filter(|n| !n.is_empty())
                .map_or(app, String::as_str);
            fx.push(format!("kubectl create namespace {ns}"));
            fx.push(format!(
                "kubectl apply: a fixed nginx:1.25 Deployment and Service named {app} in {ns} \
                 (config.manifest is ignored by the legacy runner)"
            ));
            fx.push(format!(
                "wait up to 120 s for deployment {app} to be available (a timeout only warns)"
            ));
        }
        "gitea-repo" => gitea(step, fx)?,
        "argocd-app" => argocd(step, app, fx)?,
        "git-commit-manifests" => {
            let repo = step
                .fields
                .get("repoName")
                .filter(|s| !s.is_empty())
                .ok_or("git-commit-manifests step requires repoName field")?;
            let branch = step.fields.get("gitBranch").map_or("main", String::as_str);
            fx.push(format!(
                "git clone <gitea.url>/<owner>/{repo}.git /tmp/score-repo-{repo}"
            ));
            fx.push(format!(
                "write /tmp/score-repo-{repo}/deployment.yaml (a fixed nginx Deployment/Service \
                 in namespace {app}-development)"
            ));
            fx.push(format!("git commit and git push origin {branch}"));
        }
        "policy" => {
            let script = step
                .config
                .get("script")
                .filter(|s| !s.is_empty())
                .ok_or("policy step requires 'script' in config")?;
            o.rendered = Some((
                "config.script".into(),
                Rendered {
                    text: script.clone(),
                    unresolved: Vec::new(),
                    complete: true,
                    error: None,
                },
            ));
            o.notes.push(
                "the legacy runner does not render templates: the script runs as written".into(),
            );
            o.effects.push(format!(
                "/bin/bash <script> (env APP_NAME={app}, ENVIRONMENT_TYPE=default)"
            ));
        }
        "dummy" => fx.push("sleep 2 s".into()),
        other => return Err(format!("unsupported step type: {other}")),
    }
    Ok(())
}
