//! The legacy runner on paper (`runStepWithSpinner`, FORMATS.md §1.4.2 and §4.9): what runs
//! Score-embedded workflows at deploy time and every manual retry. No templates, no
//! variables, no conditions; its own small set of step types.

use super::outcome::StepOutcome;
use super::render::Rendered;
use super::spec::StepSpec;
use crate::platform::step_types::Runner;

/// Fills `o.effects` (and `o.rendered` with the script as it is run, unrendered); `Err` is
/// the error the runner would return.
pub(super) fn effects(step: &StepSpec, app: &str, o: &mut StepOutcome) -> Result<(), String> {
    if !Runner::Legacy.runs(&step.step_type) {
        return Err(format!("unsupported step type: {}", step.step_type));
    }
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
        // Every type of the runner has an arm (a test checks it); this is a drift guard.
        other => return Err(format!("unsupported step type: {other}")),
    }
    Ok(())
}

/// `gitea-repo` (delegated to the legacy runner by both executors, FORMATS.md §1.4.2).
pub(super) fn gitea(step: &StepSpec, fx: &mut Vec<String>) -> Result<(), String> {
    let repo = step
        .fields
        .get("repoName")
        .filter(|s| !s.is_empty())
        .ok_or("gitea-repo step requires repoName field")?;
    fx.push("read admin-config.yaml (gitea.url, gitea.username)".into());
    let path = match step.fields.get("owner").filter(|s| !s.is_empty()) {
        Some(owner) => format!("/api/v1/orgs/{owner}/repos"),
        None => "/api/v1/user/repos".into(),
    };
    let private = step.fields.get("private").map_or("false", |s| s.as_str());
    fx.push(format!(
        "HTTP POST <gitea.url>{path} (name={repo}, private={private}; 409 = already exists)"
    ));
    Ok(())
}

/// `argocd-app` (delegated to the legacy runner by both executors, FORMATS.md §1.4.2).
pub(super) fn argocd(step: &StepSpec, app: &str, fx: &mut Vec<String>) -> Result<(), String> {
    let repo_url = match (step.fields.get("repoURL"), step.fields.get("repoName")) {
        (Some(u), _) if !u.is_empty() => u.clone(),
        (_, Some(n)) if !n.is_empty() => {
            let owner = step.fields.get("owner").map_or("<gitea.username>", |s| s);
            format!("http://gitea-http.gitea.svc.cluster.local:3000/{owner}/{n}.git")
        }
        _ => return Err("argocd-app step requires either repoURL or repoName field".into()),
    };
    let name = step
        .fields
        .get("appName")
        .cloned()
        .unwrap_or_else(|| format!("{app}-default"));
    let get = |k: &str, d: &str| step.fields.get(k).cloned().unwrap_or_else(|| d.into());
    let sync = if get("syncPolicy", "") == "auto" {
        "automated"
    } else {
        "manual"
    };
    fx.push("read admin-config.yaml (argocd.url, credentials)".into());
    fx.push("HTTP POST <argocd.url>/api/v1/session (log in)".into());
    fx.push(format!(
        "HTTP POST <argocd.url>/api/v1/applications (name={name}, repoURL={repo_url}, \
         path={}, project={}, namespace={}, sync={sync})",
        get("targetPath", "."),
        get("project", "default"),
        get("namespace", app),
    ));
    if get("waitForSync", "true") != "false" {
        fx.push(format!(
            "HTTP GET <argocd.url>/api/v1/applications/{name} every 10 s until Synced and \
             Healthy (timeout {} s)",
            get("timeout", "300")
        ));
    }
    Ok(())
}
