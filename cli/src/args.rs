//! The command line, as clap sees it.

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use innominatus_engine::project::shard::{Shard, ShardError};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "innominatus",
    version,
    about = "Linter, validator and language server for innominatus platform files",
    long_about = "Checks Score specs, provider manifests, workflows, golden paths and admin config \
                  of the innominatus platform orchestrator: syntax, schema, references and the \
                  platform's real run-time behaviour."
)]
pub struct Cli {
    /// Use this configuration file instead of the `.innominatus.toml` found upwards.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long, global = true, conflicts_with = "config")]
    pub isolated: bool,

    /// When to use colours in text output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check syntax, schema and references of every platform document found (the fast gate).
    Validate(ValidateArgs),
    /// Everything `validate` does plus every semantic, compatibility, best-practice and
    /// policy rule; can fix what is safely fixable.
    Lint(LintArgs),
    /// Print the documentation of a rule (by code or name), or of every rule.
    Explain(ExplainArgs),
    /// Print the workspace graph (applications, resources, providers, workflows, steps and
    /// how they relate) as DOT, Mermaid, JSON, SVG or an interactive HTML page.
    Graph(GraphArgs),
    /// What a change touches: the changed documents, every application, Score resource,
    /// provider, workflow, step and golden path that depends on them (with the path of edges
    /// that connects each), and the findings the change adds or removes.
    #[command(after_help = IMPACT_EXAMPLES)]
    Impact(ImpactArgs),
    /// Work with workflows: `workflow test [PATHS]` runs the workflow tests,
    /// `workflow test FILE --dry-run` simulates one workflow without executing anything.
    Workflow(WorkflowArgs),
    /// Run the language server on standard input and output (for editors).
    Lsp(LspArgs),
    /// Run the workflow debugger (Debug Adapter Protocol) on standard input and output:
    /// breakpoints on steps, stepping, scopes and what-ifs over the dry run (for editors).
    ///
    /// The launch configuration takes `workflow` (a workflow file or Score spec), `engine`
    /// (documented, live, legacy, dormant), `params`, `paramsFile`, `goldenPath`, `resource`,
    /// `scenario` (a file or an inline object shaped like a test case's scenario) and
    /// `stopOnEntry`.
    Dap(DapArgs),
    /// Write a new Score spec, provider, workflow, golden path, workflow test or
    /// `.innominatus.toml` from a template that lints clean.
    Init(InitArgs),
    /// Show what the tool sees: version, configuration, workspace, documents by kind,
    /// providers, unresolved resource types and editor setup hints.
    Doctor(DoctorArgs),
    /// Print a shell completion script (bash, zsh or fish) to standard output.
    Completions(CompletionsArgs),
    /// Print the man page (roff) generated from this command line, or write one page per
    /// command into a directory.
    Man(ManArgs),
    /// List the JSON schemas this binary checks with, or write them into a directory (for
    /// editor packages and yaml-language-server).
    Schemas(SchemasArgs),
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The folder to write into (created when missing). Defaults to `.`.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// What to create; `--list` shows the templates. Asked for on a terminal when omitted.
    #[arg(long, short = 't', value_name = "NAME")]
    pub template: Option<String>,

    /// The name of what is created (application, provider, workflow or golden path).
    #[arg(long, short = 'n', value_name = "NAME")]
    pub name: Option<String>,

    /// Overwrite files that already exist (otherwise `init` refuses and writes nothing).
    #[arg(long)]
    pub force: bool,

    /// List the templates and what each writes, then exit.
    #[arg(long, conflicts_with_all = ["template", "name", "force"])]
    pub list: bool,
}

#[derive(Args, Debug)]
pub struct DoctorArgs {
    /// The workspace to inspect. Defaults to `[workspace] root` of the configuration, else `.`.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// `text` for people, `json` for tools and bug reports.
    #[arg(long, value_enum, default_value_t = DoctorFormat::Text)]
    pub format: DoctorFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DoctorFormat {
    Text,
    Json,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: ShellArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write `innominatus.1` and one `innominatus-COMMAND.1` per command into this folder
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct SchemasArgs {
    /// Write every schema (`score.schema.json`, ...) into this folder instead of listing
    /// their names.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    /// Files or directories to check; `-` reads standard input. Defaults to `.`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How to print findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Validate Score files against the official schema (`score`) or the platform's dialect
    /// (`innominatus`). Default: the config's `dialect`, else `innominatus` when the files
    /// include innominatus documents, else `score`.
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,

    /// The file name to report (and to detect the kind by) for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Exit with status 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Do not read or write the result cache (`.innominatus_cache/` at the workspace root).
    #[arg(long)]
    pub no_cache: bool,

    /// How many threads check files (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Report only the K-th of N slices of the files (`2/4`), for CI matrices.
    ///
    /// For a CI matrix that splits one repository across machines. Every file is still read,
    /// so cross-file rules see the whole repository; a file's slice depends only on its path
    /// below the repository root, so the N outputs (JSON, SARIF) together hold each finding of
    /// the unsharded run exactly once; the configuration's own problems are reported by shard
    /// 1. Not with `lint --fix`; `--diff` shows the shard's files.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<Shard>,

    /// Keep running: check again after every change below PATHS or to the configuration
    /// file, until Ctrl-C (exit status 130).
    ///
    /// A burst of saves is one re-run. On a terminal the screen is cleared before each run;
    /// otherwise a separator line is printed. A status line after each run gives the counts
    /// and the time from the save to the result. With `--format json` or `sarif` each run
    /// prints one complete document and the separator and status lines go to standard error.
    /// Not with `lint --fix` or `--diff`, nor with standard input.
    #[arg(long)]
    pub watch: bool,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    #[command(flatten)]
    pub common: ValidateArgs,

    /// Only these rules (codes, names or group prefixes such as `INN2`), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES",
          value_parser = Candidates(selector_values), hide_possible_values = true)]
    pub select: Vec<String>,

    /// Rules to add to the selection.
    #[arg(long, value_delimiter = ',', value_name = "RULES",
          value_parser = Candidates(selector_values), hide_possible_values = true)]
    pub extend_select: Vec<String>,

    /// Rules to leave out.
    #[arg(long, value_delimiter = ',', value_name = "RULES",
          value_parser = Candidates(selector_values), hide_possible_values = true)]
    pub ignore: Vec<String>,

    /// Apply safe fixes to the files (atomically), then report what is left.
    // Not with `--shard`: what is left after fixes depends on fixes in other files (a renamed
    // workflow settles its references), which another shard's machine writes, so a shard's
    // report would not be its part of the unsharded `--fix` run. `--diff` is per file and
    // works with `--shard`.
    #[arg(long, conflicts_with = "shard")]
    pub fix: bool,

    /// With --fix or --diff, also apply fixes marked unsafe.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff instead of writing them; exit 1 if there are any.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    pub statistics: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule code (`INN101`) or name (`unknown-key`).
    #[arg(value_name = "CODE|NAME", required_unless_present_any = ["all", "list"],
          value_parser = Candidates(rule_values), hide_possible_values = true)]
    pub rule: Option<String>,

    /// Print every rule.
    #[arg(long, conflicts_with_all = ["rule", "list"])]
    pub all: bool,

    /// Print one line per rule: code, name, group, default severity and whether it has a
    /// fix (`none`, `safe`, `unsafe`, or `sometimes`: safe for some findings, unsafe for
    /// others).
    #[arg(long, conflicts_with = "rule")]
    pub list: bool,

    /// `text` (Markdown) or `json`.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Source snippets with underlines and labels.
    Text,
    /// One line per finding: `file:line:col: severity[CODE name] message`.
    Concise,
    /// The versioned JSON contract (version 1).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    Score,
    Innominatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct GraphArgs {
    /// Files or directories to read; `-` reads standard input. Defaults to `.`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,

    /// Keep only this application (Score `metadata.name`), what it reaches and its team.
    #[arg(long, value_name = "NAME")]
    pub app: Option<String>,

    /// Keep only this workflow (its name or file) and its steps.
    #[arg(long, value_name = "NAME")]
    pub workflow: Option<String>,

    /// Write the graph to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// With `--format html`: open the page with the nodes declared in FILE (spelled as the
    /// graph names files) selected and what they touch highlighted.
    #[arg(long, value_name = "FILE")]
    pub focus: Option<String>,

    /// The file name to report (and to detect the kind by) for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

const IMPACT_EXAMPLES: &str = "Examples:
  innominatus impact --base origin/main                 the working tree against main
  innominatus impact --base HEAD~1 --head HEAD --format markdown
  innominatus impact --changed providers/db/provider.yaml

Exit status: 0 when the change adds no error, 1 when it adds at least one (a new finding of
severity error, matched to the base by rule, file and message), 2 on a usage error.";

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("against").required(true).args(["base", "changed"])))]
pub struct ImpactArgs {
    /// Files or directories of the workspace; defaults to `.`. The same paths are read from
    /// the revisions.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The revision before the change (read through git from the current directory's
    /// repository); the findings of both sides are compared.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,

    /// The revision after the change; without it, the working tree as it is.
    #[arg(long, value_name = "REV", requires = "base")]
    pub head: Option<String>,

    /// Take these files as changed in the current workspace, without a base: the blast
    /// radius of the head only, no findings compared.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "base")]
    pub changed: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ImpactFormat::Text)]
    pub format: ImpactFormat,

    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImpactFormat {
    /// For a terminal.
    Text,
    /// Changed files, affected nodes with their edge paths, new and gone findings.
    Json,
    /// Tables for a pull-request comment.
    Markdown,
    /// The interactive graph page with the affected nodes highlighted (one self-contained
    /// file: write it with `-o impact.html`).
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart, for Markdown.
    Mermaid,
    /// Nodes, edges, cycles and workflow orders with file positions.
    Json,
    /// A picture, laid out in process: dependencies left of what depends on them.
    Svg,
    /// One self-contained interactive page (no network): pan, zoom, search, filters,
    /// upstream and downstream of a node, cycles, links to each node's file and line.
    Html,
}

#[derive(Args, Debug)]
pub struct WorkflowArgs {
    #[command(subcommand)]
    pub command: WorkflowCommand,
}

#[derive(Subcommand, Debug)]
pub enum WorkflowCommand {
    /// Run the workflow tests (`*.test.yaml`) under PATHS, or with `--dry-run` simulate one
    /// workflow or Score spec: plan, each step's fate, rendered templates, side effects,
    /// durations. Nothing is executed, no network is used, nothing is written except the
    /// report `--output FILE` asks for.
    Test(WorkflowTestArgs),
}

#[derive(Args, Debug)]
pub struct WorkflowTestArgs {
    /// Test runner: files or directories holding `*.test.yaml` (default `.`). With
    /// `--dry-run`: the one workflow or Score spec to simulate.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Simulate one workflow (or each resource of a Score spec) instead of running tests.
    #[arg(long)]
    pub dry_run: bool,

    /// Which execution semantics to follow [default: documented].
    #[arg(long, value_enum)]
    pub engine: Option<EngineArg>,

    /// A workflow parameter (golden-path param / engine input); repeatable; wins over
    /// `--params`.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,

    /// A YAML or JSON file with a mapping of parameters.
    #[arg(long = "params", value_name = "FILE")]
    pub params_file: Option<PathBuf>,

    /// A YAML scenario file (fail, timeout, attempts, outputs, durations; see the schema's
    /// `scenario`); the scenario flags are applied on top of it.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,

    /// Make this step fail on every attempt, optionally with the error it reports.
    #[arg(long = "fail", value_name = "STEP[=MESSAGE]")]
    pub fail: Vec<String>,

    /// Make this step never finish; repeatable.
    #[arg(long = "timeout", value_name = "STEP")]
    pub timeout: Vec<String>,

    /// The attempt at which this step succeeds (earlier attempts fail); repeatable.
    #[arg(long = "attempts", value_name = "STEP=N")]
    pub attempts: Vec<String>,

    /// How long each attempt of this step takes (90, 90s, 5m, 1h30m); repeatable.
    #[arg(long = "duration", value_name = "STEP=DURATION")]
    pub durations: Vec<String>,

    /// `STEP.KEY=VALUE`: an output the step produces when it succeeds (repeatable).
    /// Anything else: the file the report is written to (atomically), like `-o`.
    #[arg(long = "output", value_name = "STEP.KEY=VALUE|FILE")]
    pub outputs: Vec<String>,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,

    /// Pause before each step: show its inputs, rendered config and the variables in scope,
    /// and read continue / skip / fail / inspect / quit from standard input.
    #[arg(long)]
    pub step: bool,

    /// With `-` as the file: the text comes from standard input and is simulated as if it
    /// were the file at this path (its repository, golden paths and providers apply). Editors
    /// use it for unsaved text.
    #[arg(long, value_name = "PATH", requires = "dry_run")]
    pub stdin_filename: Option<PathBuf>,

    /// The golden path whose parameter defaults apply (default: the one whose workflow file
    /// has this file's name, if any).
    #[arg(long, value_name = "NAME")]
    pub golden_path: Option<String>,

    /// Score spec: simulate only this resource.
    #[arg(long, value_name = "NAME")]
    pub resource: Option<String>,

    /// Output format [default: text].
    #[arg(long, value_enum)]
    pub format: Option<DryRunFormat>,

    /// Keep running: run the tests (or the dry run) again after every change of a YAML file
    /// below PATHS or of the configuration file, until Ctrl-C (exit status 130). A status
    /// line after each run gives the result and the time from the save to it.
    #[arg(long, conflicts_with_all = ["step", "stdin_filename", "output_file"])]
    pub watch: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// What the documentation promises (dependsOn, groups, conditions, outputs) with the
    /// retry, timeout and rollback policies.
    Documented,
    /// What the server does today: list order, first failure stops.
    Live,
    /// The legacy runner (Score-embedded workflows, retries): list order, no templates.
    Legacy,
    /// The platform's dormant code path (`executeResolvedWorkflow`): list order without
    /// parallel flags, groups with strict `$VARS` checks with them.
    Dormant,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DryRunFormat {
    /// A readable timeline.
    Text,
    /// The plan and every step's fate, for tools.
    Json,
    /// A Mermaid gantt chart of the estimated timeline.
    Mermaid,
    /// A self-contained HTML page: the timeline with fates, critical path and retries, and
    /// each step's details.
    Html,
}

/// `innominatus dap` takes no options: everything comes in the launch configuration.
#[derive(Args, Debug)]
pub struct DapArgs {}

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Write the server's log to this file (appended) instead of standard error.
    #[arg(long, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    /// How much to log: error, warn, info, debug or trace.
    #[arg(long, value_name = "LEVEL", default_value = "info")]
    pub log_level: String,
}

/// A value parser that takes any text — the engine judges rule names and selectors, and
/// suggests the closest one when a word names nothing — but lists the words that do name
/// something, so that the completion scripts offer them.
#[derive(Clone)]
pub struct Candidates(fn() -> Vec<(&'static str, String)>);

impl TypedValueParser for Candidates {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let words = (self.0)();
        Some(Box::new(
            words
                .into_iter()
                .map(|(word, what)| PossibleValue::new(word).help(what)),
        ))
    }
}

/// `--select`, `--extend-select`, `--ignore`: `ALL`, groups, rule codes and names.
fn selector_values() -> Vec<(&'static str, String)> {
    innominatus_engine::project::selector::selector_words()
}

/// `explain`: rule codes and names.
fn rule_values() -> Vec<(&'static str, String)> {
    innominatus_engine::project::selector::rule_words()
}

/// `--shard K/N`, read by the engine.
fn parse_shard(text: &str) -> Result<Shard, ShardError> {
    text.parse()
}
