//! Walks a [`Plan`] and decides each step's fate from the workflow, the parameters and a
//! scenario (FORMATS.md §4.10). Side effects are described as strings, never performed.

use super::render::{render, Rendered};
use super::spec::{StepSpec, WorkflowSpec};
use super::{name_index, plan, Engine, Plan, PlanError};
use crate::template::condition::{self, Form};
use crate::template::reference::references;
use std::collections::{BTreeMap, BTreeSet};

/// What the user says happens when steps run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scenario {
    /// Steps that fail, with the error they report (empty: a generic message).
    pub fail: BTreeMap<String, String>,
    /// Steps that never finish.
    pub timeout: BTreeSet<String>,
    /// Outputs each step produces when it succeeds.
    pub outputs: BTreeMap<String, BTreeMap<String, String>>,
}

/// A step's fate, or the workflow's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Succeeded,
    Failed,
    Skipped,
    NotRun,
    TimedOut,
}

impl Fate {
    pub fn name(self) -> &'static str {
        match self {
            Fate::Succeeded => "succeeded",
            Fate::Failed => "failed",
            Fate::Skipped => "skipped",
            Fate::NotRun => "not_run",
            Fate::TimedOut => "timed_out",
        }
    }

    fn is_failure(self) -> bool {
        matches!(self, Fate::Failed | Fate::TimedOut)
    }
}

/// What happened (would happen) to one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepOutcome {
    /// Position in the step list, from 0.
    pub index: usize,
    pub name: String,
    pub step_type: String,
    pub status: Fate,
    /// How many times it would be started (no engine retries: 0 or 1).
    pub attempts: u32,
    /// Index of its plan group.
    pub group: usize,
    /// Why it failed, was skipped or did not run.
    pub reason: Option<String>,
    /// Side effects it would have, in order.
    pub effects: Vec<String>,
    /// The rendered `config.script` or `config.manifest`: (which, result).
    pub rendered: Option<(String, Rendered)>,
    /// Outputs it would publish.
    pub outputs: BTreeMap<String, String>,
    /// Remarks: ignored fields, overridden values, unsupported details.
    pub notes: Vec<String>,
}

/// The simulated run of one workflow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub plan: Plan,
    /// `Succeeded` or `Failed`.
    pub status: Fate,
    /// The workflow's error, as the engine would report it.
    pub error: Option<String>,
    /// Every step, in execution order.
    pub steps: Vec<StepOutcome>,
    /// Workflow variables at the end (parameters, workflow variables, `setVariables`).
    pub variables: BTreeMap<String, String>,
    pub warnings: Vec<String>,
}

/// Simulates `wf` on `engine` with `parameters` (golden-path params / engine inputs).
pub fn simulate(
    wf: &WorkflowSpec,
    engine: Engine,
    parameters: &BTreeMap<String, String>,
    scenario: &Scenario,
) -> Result<Simulation, PlanError> {
    let plan = plan(wf, engine)?;
    let mut warnings = plan.warnings.clone();
    // §4.2: engine inputs first, then the workflow's own variables (they win).
    let mut variables = parameters.clone();
    for (k, v) in &wf.variables {
        if let Some(old) = variables.get(k).filter(|old| *old != v) {
            warnings.push(format!(
                "parameter '{k}' ({old}) is overridden by the workflow variable ({v})"
            ));
        }
        variables.insert(k.clone(), v.clone());
    }
    for name in scenario
        .fail
        .keys()
        .chain(&scenario.timeout)
        .chain(scenario.outputs.keys())
    {
        if !wf.steps.iter().any(|s| &s.name == name) {
            warnings.push(format!(
                "scenario names step '{name}', which this workflow does not have"
            ));
        }
    }
    let mut sim = Sim {
        wf,
        engine,
        scenario,
        variables,
        statuses: BTreeMap::new(),
        step_outputs: BTreeMap::new(),
        resource_outputs: BTreeMap::new(),
        outcomes: Vec::new(),
        error: None,
    };
    if let Some(e) = sim.preflight() {
        sim.error = Some(e.clone());
        for (gi, g) in plan.groups.iter().enumerate() {
            for &i in &g.steps {
                sim.outcomes
                    .push(sim.blank(i, gi, Fate::NotRun, Some(e.clone())));
            }
        }
    } else {
        match engine {
            Engine::Live => sim.run_live(&plan),
            Engine::Documented => sim.run_documented(&plan),
        }
    }
    let failed = sim.outcomes.iter().any(|o| o.status.is_failure()) || sim.error.is_some();
    Ok(Simulation {
        status: if failed {
            Fate::Failed
        } else {
            Fate::Succeeded
        },
        error: sim.error,
        steps: sim.outcomes,
        variables: sim.variables,
        warnings,
        plan,
    })
}

struct Sim<'a> {
    wf: &'a WorkflowSpec,
    engine: Engine,
    scenario: &'a Scenario,
    variables: BTreeMap<String, String>,
    statuses: BTreeMap<String, Fate>,
    step_outputs: BTreeMap<String, BTreeMap<String, String>>,
    resource_outputs: BTreeMap<String, String>,
    outcomes: Vec<StepOutcome>,
    error: Option<String>,
}

impl Sim<'_> {
    fn blank(&self, i: usize, group: usize, status: Fate, reason: Option<String>) -> StepOutcome {
        let s = &self.wf.steps[i];
        StepOutcome {
            index: i,
            name: s.name.clone(),
            step_type: s.step_type.clone(),
            status,
            attempts: 0,
            group,
            reason,
            effects: Vec::new(),
            rendered: None,
            outputs: BTreeMap::new(),
            notes: Vec::new(),
        }
    }

    /// The pre-flight `${workflow.K}` check of the live engine (FORMATS.md §2.2), strict mode.
    fn preflight(&self) -> Option<String> {
        for s in &self.wf.steps {
            let texts = s
                .fields
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "name" | "type"))
                .map(|(_, v)| v)
                .chain(s.config.values())
                .chain(s.variables.values())
                .chain(s.env.values())
                .chain(s.set_variables.values())
                .chain(s.depends_on.iter());
            for text in texts {
                for r in references(text) {
                    if let Some(k) = r.workflow_variable() {
                        if !self.variables.contains_key(k) {
                            return Some(format!(
                                "workflow validation failed: workflow validation failed: undefined \
                                 variable: ${{workflow.{k}}} (workflow variable '{k}' not found)"
                            ));
                        }
                    }
                }
            }
        }
        None
    }

    fn run_live(&mut self, plan: &Plan) {
        let mut stopped: Option<String> = None;
        for (gi, g) in plan.groups.iter().enumerate() {
            for &i in &g.steps {
                let step = &self.wf.steps[i];
                if let Some(why) = &stopped {
                    let o = self.blank(i, gi, Fate::NotRun, Some(why.clone()));
                    self.outcomes.push(o);
                    continue;
                }
                let mut o = self.execute(i, gi);
                let ignored = step.ignored_by_live_engine();
                if !ignored.is_empty() {
                    o.notes.push(format!(
                        "ignored by the live engine: {}",
                        ignored.join(", ")
                    ));
                }
                match o.status {
                    Fate::Failed => {
                        let e = format!(
                            "workflow failed at step '{}': {}",
                            step.name,
                            o.reason.clone().unwrap_or_default()
                        );
                        self.error = Some(e);
                        stopped = Some(format!(
                            "not reached: the workflow failed at step '{}'",
                            step.name
                        ));
                    }
                    Fate::TimedOut => {
                        self.error = Some(format!(
                            "step '{}' never finishes: the live engine runs steps without a timeout",
                            step.name
                        ));
                        stopped = Some(format!("not reached: step '{}' never finishes", step.name));
                    }
                    _ => {}
                }
                self.statuses.insert(step.name.clone(), o.status);
                self.outcomes.push(o);
            }
        }
    }

    fn run_documented(&mut self, plan: &Plan) {
        let names = name_index(self.wf);
        for (gi, g) in plan.groups.iter().enumerate() {
            for &i in &g.steps {
                let step = &self.wf.steps[i];
                let when = step
                    .when
                    .as_deref()
                    .map(|w| w.trim().to_ascii_lowercase())
                    .unwrap_or_default();
                let runs_after_failure =
                    matches!(when.as_str(), "always" | "on_failure" | "failure");
                // (a) dependencies
                let mut blocked: Option<(Fate, String)> = None;
                for d in &step.depends_on {
                    let status = names
                        .get(d.as_str())
                        .and_then(|&j| self.statuses.get(&self.wf.steps[j].name).copied());
                    let problem = match status {
                        None if !names.contains_key(d.as_str()) => Some((
                            Fate::Failed,
                            format!("dependency {d} not found for step {}", step.name),
                        )),
                        Some(Fate::Succeeded) => None,
                        Some(f) if f.is_failure() && runs_after_failure => None,
                        Some(f) if f.is_failure() => Some((
                            Fate::NotRun,
                            format!("dependency '{d}' {}", f.name().replace('_', " ")),
                        )),
                        Some(Fate::Skipped) => Some((
                            Fate::NotRun,
                            format!(
                                "dependency '{d}' was skipped (the engine requires status success)"
                            ),
                        )),
                        _ => Some((Fate::NotRun, format!("dependency '{d}' did not run"))),
                    };
                    if problem.is_some() {
                        blocked = problem;
                        break;
                    }
                }
                if let Some((fate, reason)) = blocked {
                    let o = self.blank(i, gi, fate, Some(reason));
                    self.statuses.insert(step.name.clone(), fate);
                    self.outcomes.push(o);
                    continue;
                }
                // (c) conditions
                if let Some(reason) = self.skip_reason(step) {
                    let o = self.blank(i, gi, Fate::Skipped, Some(reason));
                    self.statuses.insert(step.name.clone(), Fate::Skipped);
                    self.outcomes.push(o);
                    continue;
                }
                let mut o = self.execute(i, gi);
                if o.status == Fate::Succeeded {
                    // (e) outputs: the scenario's, then setVariables (FORMATS.md §4.6).
                    for (k, v) in &step.set_variables {
                        let v = self.substitute(v, step);
                        self.variables.insert(k.clone(), v.clone());
                        o.outputs.insert(k.clone(), v);
                    }
                    if step.step_type == "terraform" {
                        let holder = step
                            .fields
                            .get("resource")
                            .cloned()
                            .unwrap_or_else(|| step.name.clone());
                        for (k, v) in &o.outputs {
                            self.resource_outputs
                                .insert(format!("{holder}.{k}"), v.clone());
                        }
                    }
                    self.step_outputs
                        .insert(step.name.clone(), o.outputs.clone());
                } else if o.status.is_failure() && self.error.is_none() {
                    self.error = Some(format!(
                        "step '{}' failed: {}",
                        step.name,
                        o.reason.clone().unwrap_or_default()
                    ));
                }
                self.statuses.insert(step.name.clone(), o.status);
                self.outcomes.push(o);
            }
        }
    }

    /// `when`, then `unless`, then `if` (FORMATS.md §4.4); `Some(reason)` skips the step.
    fn skip_reason(&self, step: &StepSpec) -> Option<String> {
        let any_failed = self.statuses.values().any(|f| f.is_failure());
        if let Some(w) = &step.when {
            match w.trim().to_ascii_lowercase().as_str() {
                "always" => {}
                "on_success" | "success" if any_failed => {
                    return Some(format!("when={w}: a previous step failed"))
                }
                "on_success" | "success" => {}
                "on_failure" | "failure" if !any_failed => {
                    return Some(format!("when={w}: no previous step failed"))
                }
                "on_failure" | "failure" => {}
                "manual" => return Some("when=manual requires manual approval".into()),
                other => return Some(format!("unknown when condition: {other}")),
            }
        }
        if let Some(u) = &step.condition_unless {
            match self.evaluate(u, step) {
                Ok(true) => return Some(format!("unless condition is true: {u}")),
                Ok(false) => {}
                Err(e) => return Some(format!("unless condition error: {e}")),
            }
        }
        if let Some(c) = &step.condition_if {
            match self.evaluate(c, step) {
                Ok(false) => return Some(format!("if condition is false: {c}")),
                Ok(true) => {}
                Err(e) => return Some(format!("if condition error: {e}")),
            }
        }
        None
    }

    /// Variables for conditions: workflow variables < `step.env`.
    fn lookup_plain(&self, name: &str, step: &StepSpec) -> Option<String> {
        step.env
            .get(name)
            .or_else(|| self.variables.get(name))
            .cloned()
    }

    fn lookup_dotted(&self, content: &str) -> Option<String> {
        let (prefix, suffix) = content.split_once('.')?;
        match prefix {
            "workflow" => self.variables.get(suffix).cloned(),
            "resources" => self.resource_outputs.get(suffix).cloned(),
            step => self.step_outputs.get(step)?.get(suffix).cloned(),
        }
    }

    /// `replaceVariables`: `${…}` first, then `$NAME`; unresolved references stay as written.
    fn substitute(&self, text: &str, step: &StepSpec) -> String {
        let once = |text: &str, braced: bool| -> String {
            let mut out = String::new();
            let mut last = 0;
            for r in references(text) {
                if r.braced != braced {
                    continue;
                }
                let value = if r.content.contains('.') {
                    self.lookup_dotted(&r.content).or_else(|| {
                        if braced {
                            self.lookup_plain(&r.content, step)
                        } else {
                            None
                        }
                    })
                } else {
                    self.lookup_plain(&r.content, step)
                };
                if let Some(v) = value {
                    out.push_str(&text[last..r.span.start]);
                    out.push_str(&v);
                    last = r.span.end;
                }
            }
            out.push_str(&text[last..]);
            out
        };
        let braced = once(text, true);
        once(&braced, false)
    }

    fn evaluate(&self, expression: &str, step: &StepSpec) -> Result<bool, String> {
        let text = self.substitute(expression, step);
        match condition::form(&text) {
            Form::Comparison {
                op, left, right, ..
            } => Ok(condition::compare(op, &left.value, &right.value)),
            Form::Keyword(k) => keyword(&text, k),
            Form::Literal(b) => Ok(b),
            Form::StepStatus {
                step: s, status, ..
            } => {
                let fate = self
                    .statuses
                    .get(&s)
                    .ok_or_else(|| format!("step '{s}' not found in context"))?;
                match status.as_str() {
                    "success" | "succeeded" => Ok(*fate == Fate::Succeeded),
                    "failed" | "failure" => Ok(fate.is_failure()),
                    "skipped" => Ok(*fate == Fate::Skipped),
                    other => Err(format!("unknown step status: {other}")),
                }
            }
            Form::Variable(name) => Ok(self
                .lookup_plain(&name, step)
                .is_some_and(|v| !matches!(v.as_str(), "" | "false" | "0"))),
            Form::Unevaluable => Err(format!("unable to evaluate condition: {text}")),
        }
    }

    /// Runs the step's executor on paper: what it would render and do, or why it fails.
    fn execute(&self, i: usize, group: usize) -> StepOutcome {
        let step = &self.wf.steps[i];
        let mut o = self.blank(i, group, Fate::Succeeded, None);
        o.attempts = 1;
        let app = self
            .variables
            .get("app_name")
            .cloned()
            .unwrap_or_else(|| "<app>".into());
        let result = effects(step, &self.variables, &app, &mut o);
        if let Some(outputs) = self.scenario.outputs.get(&step.name) {
            o.outputs.extend(outputs.clone());
        }
        if let Err(e) = result {
            o.status = Fate::Failed;
            o.reason = Some(e);
            o.outputs.clear();
        } else if self.scenario.timeout.contains(&step.name) {
            o.status = Fate::TimedOut;
            o.outputs.clear();
            o.reason = Some(match self.engine {
                Engine::Documented => "context deadline exceeded (30-minute step timeout)".into(),
                Engine::Live => "never finishes: the live engine sets no step timeout".into(),
            });
        } else if let Some(message) = self.scenario.fail.get(&step.name) {
            o.status = Fate::Failed;
            o.outputs.clear();
            o.reason = Some(if message.is_empty() {
                "failed (scenario)".into()
            } else {
                message.clone()
            });
        }
        o
    }
}

/// `a contains b` / `a.contains(b)` and the other keywords (FORMATS.md §4.4 item 2).
fn keyword(text: &str, k: &str) -> Result<bool, String> {
    let strip = |s: &str| s.trim().trim_matches(['"', '\'']).to_string();
    let call = format!(".{k}(");
    let (a, b) = if let Some((a, rest)) = text.split_once(&call) {
        let b = rest.trim_end();
        let b = b.strip_suffix(')').unwrap_or(b);
        (strip(a), strip(b))
    } else {
        let parts: Vec<&str> = text.split(k).collect();
        if parts.len() != 2 {
            return Err(format!("invalid {k} expression: {text}"));
        }
        (strip(parts[0]), strip(parts[1]))
    };
    Ok(match k {
        "contains" => a.contains(&b),
        "startsWith" => a.starts_with(&b),
        "endsWith" => a.ends_with(&b),
        _ => regex::Regex::new(&b)
            .map_err(|e| format!("invalid regular expression {b}: {e}"))?
            .is_match(&a),
    })
}

fn quote_list(vars: &BTreeMap<String, String>) -> String {
    vars.iter().map(|(k, v)| format!(" -var {k}={v}")).collect()
}

/// The `WorkflowExecutor` registry (FORMATS.md §1.4.1) on paper: fills `o.effects` and
/// `o.rendered`; `Err` is the error the executor would return.
fn effects(
    step: &StepSpec,
    vars: &BTreeMap<String, String>,
    app: &str,
    o: &mut StepOutcome,
) -> Result<(), String> {
    let fx = &mut o.effects;
    match step.step_type.as_str() {
        "policy" => {
            let script = step
                .config
                .get("script")
                .filter(|s| !s.is_empty())
                .ok_or("policy step requires 'script' in config")?;
            let r = render("script", script, vars);
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
                        .config
                        .get("manifest")
                        .filter(|s| !s.is_empty())
                        .ok_or(format!("kubernetes {op} step requires 'manifest' in config"))?;
                    // `delete` renders against the step's config, where `.parameters` is missing.
                    let empty = BTreeMap::new();
                    let data = if op == "apply" { vars } else { &empty };
                    let r = render("manifest", manifest, data);
                    let error = r.error.clone();
                    o.rendered = Some(("config.manifest".into(), r));
                    if let Some(e) = error {
                        return Err(format!("failed to render manifest template: {e}"));
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
                        .config
                        .get("resource_type")
                        .filter(|s| !s.is_empty())
                        .ok_or("kubernetes get step requires 'resource_type' in config")?;
                    let rn = step
                        .config
                        .get("resource_name")
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
                    return Err("postgres terraform generation is not yet implemented".into())
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
                .or_else(|| step.config.get("playbook").map(String::as_str))
                .ok_or("ansible step requires 'playbook' in config")?;
            let wd = step
                .field_or_config("workingDir", "working_dir")
                .map(|w| format!(" (in {w})"))
                .unwrap_or_default();
            fx.push(format!("ansible-playbook {playbook}{wd}"));
        }
        "gitea-repo" => {
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
        }
        "argocd-app" => {
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
        }
        "resource-provisioning" => fx.push(format!(
            "provision every resource of {app} in state provisioning through the resource manager"
        )),
        t @ ("security" | "cost-analysis" | "tagging" | "database-migration" | "vault-setup"
        | "monitoring" | "validation") => {
            let secs = match t {
                "security" => 4,
                "database-migration" => 3,
                "tagging" | "validation" => 1,
                _ => 2,
            };
            fx.push(format!(
                "sleep {secs} s (simulated step: nothing else happens)"
            ));
        }
        other => return Err(format!("unsupported step type: {other}")),
    }
    Ok(())
}
