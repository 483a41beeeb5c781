//! The side effects of each step type on the documented and live engines: the
//! `WorkflowExecutor` registry (FORMATS.md §1.4.1) on paper. Effects are text; nothing here
//! runs, renders to disk or connects.

use super::legacy::{argocd, gitea};
use super::outcome::StepOutcome;
use super::render::render;
use super::spec::StepSpec;
use crate::platform::step_types::{simulated_seconds, Runner};
use std::collections::BTreeMap;

fn quote_list(vars: &BTreeMap<String, String>) -> String {
    vars.iter().map(|(k, v)| format!(" -var {k}={v}")).collect()
}

/// The `WorkflowExecutor` registry (FORMATS.md §1.4.1) on paper: fills `o.effects` and
/// `o.rendered`; `Err` is the error the executor would return.
pub(super) fn effects(
    step: &StepSpec,
    vars: &BTreeMap<String, String>,
    app: &str,
    o: &mut StepOutcome,
) -> Result<(), String> {
    if !Runner::Executor.runs(&step.step_type) {
        return Err(format!("unsupported step type: {}", step.step_type));
    }
    let fx = &mut o.effects;
    match step.step_type.as_str() {
        "policy" => {
            let script = step
                .config_string("script")
                .filter(|s| !s.is_empty())
                .ok_or("policy step requires 'script' in config")?;
            // The platform parses every template under the name `manifest`, scripts too.
            let r = render("manifest", script, vars);
            let error = r.error.clone();
            o.rendered = Some(("config.script".into(), r));
            if let Some(e) = error {
                return Err(format!(
                    "failed to render policy script template: failed to parse template: {e}"
                ));
            }
            fx.push("write the rendered script to a temporary file".into());
            fx.push(format!("/bin/bash <temporary script> (env APP_NAME={app})"));
        }
        "kubernetes" => {
            let op = step
                .field_or_config("operation", "operation")
                .unwrap_or("apply")
                .to_string();
            let ns = step
                .field_or_config("namespace", "namespace")
                .unwrap_or(app);
            match op.as_str() {
                "apply" | "delete" => {
                    let manifest = step
                        .config_string("manifest")
                        .filter(|s| !s.is_empty())
                        .ok_or(format!("kubernetes {op} step requires 'manifest' in config"))?;
                    // `delete` renders against the step's config, where `.parameters` is missing.
                    let empty = BTreeMap::new();
                    let data = if op == "apply" { vars } else { &empty };
                    let r = render("manifest", manifest, data);
                    let error = r.error.clone();
                    o.rendered = Some(("config.manifest".into(), r));
                    if let Some(e) = error {
                        return Err(format!(
                            "failed to render manifest template: failed to parse template: {e}"
                        ));
                    }
                    if op == "apply" {
                        fx.push("kubectl apply -f - (the rendered manifest on stdin)".into());
                    } else {
                        fx.push(format!(
                            "kubectl delete -f - -n {ns} (the rendered manifest on stdin)"
                        ));
                    }
                }
                "get" => {
                    let rt = step
                        .config_string("resource_type")
                        .filter(|s| !s.is_empty())
                        .ok_or("kubernetes get step requires 'resource_type' in config")?;
                    let rn = step
                        .config_string("resource_name")
                        .map(|n| format!(" {n}"))
                        .unwrap_or_default();
                    fx.push(format!("kubectl get {rt}{rn} -n {ns} -o yaml"));
                }
                "create-namespace" => fx.push(format!("kubectl create namespace {ns}")),
                other => {
                    return Err(format!(
                        "unsupported kubernetes operation: {other} (supported: apply, delete, get, create-namespace)"
                    ))
                }
            }
        }
        "terraform" => {
            let op = step.fields.get("operation").map_or("apply", |s| s.as_str());
            let wd = step
                .field_or_config("workingDir", "working_dir")
                .ok_or("terraform step requires 'workingDir' or 'config.working_dir'")?;
            let ws = format!("workspaces/{app}/terraform");
            let v = quote_list(&step.variables);
            if !matches!(op, "init" | "plan" | "apply" | "destroy" | "output") {
                return Err(format!("unsupported terraform operation: {op}"));
            }
            fx.push(format!("copy {wd} to {ws}"));
            if op != "output" {
                fx.push(format!("terraform init (in {ws})"));
            }
            match op {
                "plan" => fx.push(format!("terraform plan{v} (in {ws})")),
                "apply" => fx.push(format!("terraform apply -auto-approve{v} (in {ws})")),
                "destroy" => fx.push(format!("terraform destroy -auto-approve{v} (in {ws})")),
                _ => {}
            }
            if matches!(op, "apply" | "output") && !step.outputs.is_empty() {
                let holder = step.fields.get("resource").unwrap_or(&step.name);
                fx.push(format!(
                    "terraform output -json (in {ws}); store {} as outputs of resource {holder}",
                    step.outputs.join(", ")
                ));
            }
        }
        "terraform-generate" => {
            let resource = step
                .field_or_config("resource", "resource")
                .ok_or("terraform-generate requires 'resource' field (e.g., 's3', 'postgres')")?;
            let dir = step
                .fields
                .get("outputDir")
                .cloned()
                .unwrap_or_else(|| format!("workspaces/{app}/terraform"));
            match resource {
                "s3" | "minio-s3-bucket" => fx.push(format!("write {dir}/main.tf (MinIO bucket)")),
                "postgres" | "postgresql" => {
                    return Err("PostgreSQL Terraform generation not yet implemented".into())
                }
                other => {
                    return Err(format!(
                        "unsupported resource type for terraform generation: {other}"
                    ))
                }
            }
        }
        "ansible" => {
            let playbook = step
                .field_or_config("playbook", "playbook")
                .or_else(|| step.config_string("playbook").map(String::as_str))
                .ok_or("ansible step requires 'playbook' in config")?;
            let wd = step
                .field_or_config("workingDir", "working_dir")
                .map(|w| format!(" (in {w})"))
                .unwrap_or_default();
            fx.push(format!("ansible-playbook {playbook}{wd}"));
        }
        "gitea-repo" => gitea(step, fx)?,
        "argocd-app" => argocd(step, app, fx)?,
        "resource-provisioning" => fx.push(format!(
            "provision every resource of {app} in state provisioning through the resource manager"
        )),
        other => match simulated_seconds(other) {
            Some(secs) => fx.push(format!(
                "sleep {secs} s (simulated step: nothing else happens)"
            )),
            // Every type of the registry has an arm (a test checks it); this is a drift guard.
            None => return Err(format!("unsupported step type: {other}")),
        },
    }
    Ok(())
}
