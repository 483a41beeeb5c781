//! The command line, as clap sees it.

use clap::{Args, Parser, Subcommand, ValueEnum};
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
    /// how they relate) as DOT, Mermaid, JSON or SVG.
    Graph(GraphArgs),
    /// Work with workflows: `workflow test FILE --dry-run` simulates one without executing
    /// anything.
    Workflow(WorkflowArgs),
    /// Run the language server on standard input and output (for editors).
    Lsp(LspArgs),
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
}

#[derive(Args, Debug)]
pub struct LintArgs {
    #[command(flatten)]
    pub common: ValidateArgs,

    /// Only these rules (codes, names or group prefixes such as `INN2`), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,

    /// Rules to add to the selection.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,

    /// Rules to leave out.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Apply safe fixes to the files (atomically), then report what is left.
    #[arg(long)]
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
    #[arg(value_name = "CODE|NAME", required_unless_present = "all")]
    pub rule: Option<String>,

    /// Print every rule.
    #[arg(long)]
    pub all: bool,

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

    /// The file name to report (and to detect the kind by) for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart, for Markdown.
    Mermaid,
    /// Nodes, edges, cycles and workflow orders with file positions.
    Json,
    /// A picture, laid out in process.
    Svg,
}

#[derive(Args, Debug)]
pub struct WorkflowArgs {
    #[command(subcommand)]
    pub command: WorkflowCommand,
}

#[derive(Subcommand, Debug)]
pub enum WorkflowCommand {
    /// Simulate a workflow: plan, each step's fate, rendered templates and the side effects
    /// it would have. Nothing is executed, nothing is written, no network is used.
    Test(WorkflowTestArgs),
}

#[derive(Args, Debug)]
pub struct WorkflowTestArgs {
    /// The workflow file (provider, golden-path or platform workflow).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Simulate instead of running (the only mode there is; required to say so).
    #[arg(long, required = true)]
    pub dry_run: bool,

    /// Which execution semantics to follow.
    #[arg(long, value_enum, default_value_t = EngineArg::Documented)]
    pub engine: EngineArg,

    /// A workflow parameter (golden-path param / engine input); repeatable.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,

    /// Make this step fail, optionally with the error it reports; repeatable.
    #[arg(long = "fail", value_name = "STEP[=MESSAGE]")]
    pub fail: Vec<String>,

    /// Make this step never finish; repeatable.
    #[arg(long = "timeout", value_name = "STEP")]
    pub timeout: Vec<String>,

    /// An output this step produces when it succeeds; repeatable.
    #[arg(long = "output", value_name = "STEP.KEY=VALUE")]
    pub outputs: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DryRunFormat::Text)]
    pub format: DryRunFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// What the documentation promises (dependsOn, groups, conditions, outputs).
    Documented,
    /// What the server does today: list order, first failure stops.
    Live,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DryRunFormat {
    /// A readable timeline.
    Text,
    /// The plan and every step's fate, for tools.
    Json,
}

#[derive(Args, Debug)]
pub struct LspArgs {
    /// Write the server's log to this file (appended) instead of standard error.
    #[arg(long, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    /// How much to log: error, warn, info, debug or trace.
    #[arg(long, value_name = "LEVEL", default_value = "info")]
    pub log_level: String,
}
