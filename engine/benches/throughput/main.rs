//! Throughput of the public pipeline (`SourceFile::parse` + `validate`) on one thread.
//!
//! By default the corpus is generated in memory, deterministically: 1,000 files of about 60
//! lines (half Score specs, half provider workflows), plus one provider workflow of about 5,000
//! lines. `--corpus DIR` measures every `*.yaml` file of DIR instead (the large workflow is
//! still the generated one).
//!
//!   cargo bench -p innominatus-engine --bench throughput
//!   cargo bench -p innominatus-engine --bench throughput -- --corpus /tmp/c60 --runs 15
//!
//! Options (unknown arguments such as cargo's `--bench` are ignored):
//!   --corpus DIR   measure DIR/*.yaml instead of the generated corpus
//!   --runs N       timed runs per measurement (default 9; env BENCH_RUNS)
//!   --warmup N     untimed runs before them (default 1; env BENCH_WARMUP)
//!   --files N      files in the generated corpus (default 1000; env BENCH_FILES)
//!   --lines N      lines per generated file (default 60)
//!   --dump DIR     also write the generated corpus to DIR (for cross-checking with the CLI)
//!   --profile N    only run the pipeline N times over the corpus, untimed, and exit (for
//!                  `perf record` or `valgrind --tool=callgrind` on the bench binary)
//!
//! Every figure is the median of the timed runs, with min and max. MB means 10^6 bytes.

use innominatus_engine::diagnostic::{Diagnostic, Severity};
use innominatus_engine::dialect::Dialect;
use innominatus_engine::kind::{self, DocumentKind};
use innominatus_engine::rules::lint_file;
use innominatus_engine::schema::{self, catalog};
use innominatus_engine::source::{auto_dialect, SourceFile};
use innominatus_engine::syntax::{self, json::to_json};
use innominatus_engine::workspace::Workspace;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod generate;
use generate::{score_file, workflow_file};

// -------------------------------------------------------------------------------------------
// options

struct Options {
    corpus: Option<PathBuf>,
    runs: usize,
    warmup: usize,
    files: usize,
    lines: usize,
    dump: Option<PathBuf>,
    profile: Option<usize>,
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn options() -> Options {
    let mut o = Options {
        corpus: None,
        runs: env_number("BENCH_RUNS", 9).max(1),
        warmup: env_number("BENCH_WARMUP", 1),
        files: env_number("BENCH_FILES", 1000).max(2),
        lines: 60,
        dump: None,
        profile: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let known = [
            "--corpus",
            "--runs",
            "--warmup",
            "--files",
            "--lines",
            "--dump",
            "--profile",
        ];
        if !known.contains(&flag.as_str()) {
            continue; // `--bench`, test-name filters, ...
        }
        let Some(value) = inline.or_else(|| args.next()) else {
            eprintln!("throughput: {flag} needs a value");
            std::process::exit(2);
        };
        let number = || -> usize {
            value.parse().unwrap_or_else(|_| {
                eprintln!("throughput: {flag} wants a number, got {value:?}");
                std::process::exit(2)
            })
        };
        match flag.as_str() {
            "--corpus" => o.corpus = Some(PathBuf::from(&value)),
            "--runs" => o.runs = number().max(1),
            "--warmup" => o.warmup = number(),
            "--files" => o.files = number().max(2),
            "--lines" => o.lines = number().max(10),
            "--dump" => o.dump = Some(PathBuf::from(&value)),
            "--profile" => o.profile = Some(number()),
            _ => unreachable!(),
        }
    }
    o
}
// -------------------------------------------------------------------------------------------
// corpus

struct Input {
    name: Arc<str>,
    bytes: Vec<u8>,
}

struct Corpus {
    files: Vec<Input>,
    bytes: usize,
    lines: usize,
}

impl Corpus {
    fn new(files: Vec<Input>) -> Corpus {
        let bytes = files.iter().map(|f| f.bytes.len()).sum();
        let lines = files
            .iter()
            .map(|f| f.bytes.iter().filter(|&&b| b == b'\n').count())
            .sum();
        Corpus {
            files,
            bytes,
            lines,
        }
    }
}

fn generated(files: usize, lines: usize) -> Corpus {
    let mut out = Vec::with_capacity(files);
    for i in 0..files {
        let (name, text) = if i % 2 == 0 {
            (
                format!("score-{i:05}.yaml"),
                score_file(i as u64 * 2 + 1, lines),
            )
        } else {
            (
                format!("workflow-{i:05}.yaml"),
                workflow_file(i as u64 * 2, lines),
            )
        };
        out.push(Input {
            name: Arc::from(name),
            bytes: text.into_bytes(),
        });
    }
    Corpus::new(out)
}

fn big_workflow() -> Corpus {
    let text = workflow_file(0xB16_F10E, 5000);
    Corpus::new(vec![Input {
        name: Arc::from("big-workflow.yaml"),
        bytes: text.into_bytes(),
    }])
}

fn read_dir(dir: &PathBuf) -> Corpus {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no *.yaml file in {}", dir.display());
    let files = paths
        .iter()
        .map(|p| Input {
            name: Arc::from(p.display().to_string()),
            bytes: std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        })
        .collect();
    Corpus::new(files)
}

// -------------------------------------------------------------------------------------------
// checks

struct Verdict {
    dialect: Dialect,
    kinds: Vec<(DocumentKind, usize)>,
    by_severity: [usize; 4],
    first_errors: Vec<String>,
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
        Severity::Hint => 3,
    }
}

fn show(d: &Diagnostic, text: &[u8]) -> String {
    let line = text[..d.span.start.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    format!(
        "{}:{line}: {} {}: {}",
        d.file,
        d.code,
        d.severity.as_str(),
        d.message
    )
}

/// Runs the whole pipeline once and counts what it finds. Score documents are also checked
/// against the official Score schema (dialect `score`), whatever the workspace dialect is.
fn check(corpus: &Corpus) -> Verdict {
    let sources: Vec<SourceFile> = corpus
        .files
        .iter()
        .map(|f| SourceFile::parse(f.name.clone(), &f.bytes))
        .collect();
    let dialect = auto_dialect(&sources);
    let mut v = Verdict {
        dialect,
        kinds: Vec::new(),
        by_severity: [0; 4],
        first_errors: Vec::new(),
    };
    for (src, input) in sources.iter().zip(&corpus.files) {
        let mut diags = src.validate(dialect);
        if dialect != Dialect::Score && src.kinds.contains(&DocumentKind::Score) {
            diags.extend(
                src.validate(Dialect::Score)
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error),
            );
        }
        for d in &diags {
            v.by_severity[severity_index(d.severity)] += 1;
            if d.severity == Severity::Error && v.first_errors.len() < 8 {
                v.first_errors.push(show(d, &input.bytes));
            }
        }
        for &k in &src.kinds {
            match v.kinds.iter_mut().find(|(kk, _)| *kk == k) {
                Some((_, n)) => *n += 1,
                None => v.kinds.push((k, 1)),
            }
        }
    }
    v
}

fn describe(label: &str, corpus: &Corpus, v: &Verdict) {
    let kinds: Vec<String> = v
        .kinds
        .iter()
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    println!(
        "{label}: {} files, {} bytes ({:.2} MB), {} lines ({:.0} per file); documents: {}; dialect {}",
        corpus.files.len(),
        corpus.bytes,
        corpus.bytes as f64 / 1e6,
        corpus.lines,
        corpus.lines as f64 / corpus.files.len() as f64,
        kinds.join(", "),
        v.dialect.as_str()
    );
    println!(
        "  diagnostics: {} error, {} warning, {} info, {} hint",
        v.by_severity[0], v.by_severity[1], v.by_severity[2], v.by_severity[3]
    );
    for e in &v.first_errors {
        println!("  {e}");
    }
}

// -------------------------------------------------------------------------------------------
// timing

struct Sample {
    times: Vec<Duration>,
}

impl Sample {
    fn sorted(&self) -> Vec<f64> {
        let mut s: Vec<f64> = self.times.iter().map(Duration::as_secs_f64).collect();
        s.sort_by(f64::total_cmp);
        s
    }

    fn median(&self) -> f64 {
        let s = self.sorted();
        let n = s.len();
        if n % 2 == 1 {
            s[n / 2]
        } else {
            (s[n / 2 - 1] + s[n / 2]) / 2.0
        }
    }

    fn min(&self) -> f64 {
        self.sorted()[0]
    }

    fn max(&self) -> f64 {
        *self.sorted().last().unwrap()
    }
}

/// Runs `f` `warmup` times untimed, then `runs` times timed.
/// Runs `f`, which times its own phases, `warmup` + `runs` times; one sample per phase.
fn measure_phases<const N: usize>(
    o: &Options,
    mut f: impl FnMut() -> [Duration; N],
) -> [Sample; N] {
    for _ in 0..o.warmup {
        f();
    }
    let mut out: [Sample; N] = std::array::from_fn(|_| Sample { times: Vec::new() });
    for _ in 0..o.runs {
        for (s, t) in out.iter_mut().zip(f()) {
            s.times.push(t);
        }
    }
    out
}

/// The pipeline as the CLI runs it: parse every file, choose the dialect, validate every file,
/// drop everything. Returns the time of the parse half, of the validate half and of the drop.
fn pipeline(corpus: &Corpus) -> [Duration; 3] {
    let t0 = Instant::now();
    let sources: Vec<SourceFile> = corpus
        .files
        .iter()
        .map(|f| SourceFile::parse(f.name.clone(), &f.bytes))
        .collect();
    let dialect = auto_dialect(&sources);
    let t1 = Instant::now();
    let mut all = Vec::with_capacity(sources.len());
    for src in &sources {
        all.push(black_box(src.validate(dialect)));
    }
    let t2 = Instant::now();
    drop(black_box(all));
    drop(black_box(sources));
    [t1 - t0, t2 - t1, t2.elapsed()]
}

/// `lint` as the CLI runs it: parse every file, index the workspace, run every rule on every
/// file (validation included).
fn lint_pass(corpus: &Corpus) -> Duration {
    let t = Instant::now();
    let sources: Vec<SourceFile> = corpus
        .files
        .iter()
        .map(|f| SourceFile::parse(f.name.clone(), &f.bytes))
        .collect();
    let ws = Workspace::new(sources, None, Box::new(|_: &str| false));
    let all = |_: &innominatus_engine::rules::Rule| true;
    let mut found = 0;
    for i in 0..ws.files.len() {
        found += black_box(lint_file(&ws, i, &all)).len();
    }
    black_box(found);
    let elapsed = t.elapsed();
    drop(black_box(ws));
    elapsed
}

/// The pipeline and the syntax layer alone, taking turns run by run so that a busy machine
/// slows both alike: samples of the parse half, the validate half, the drop and the syntax
/// layer.
fn interleaved(o: &Options, corpus: &Corpus) -> [Sample; 4] {
    measure_phases(o, || {
        let [p, v, d] = pipeline(corpus);
        let t = Instant::now();
        let kept = black_box(syntax_only(corpus));
        let s = t.elapsed();
        drop(kept);
        [p, v, d, s]
    })
}

fn sum(parts: &[&Sample]) -> Sample {
    Sample {
        times: (0..parts[0].times.len())
            .map(|i| parts.iter().map(|p| p.times[i]).sum())
            .collect(),
    }
}

/// The syntax layer alone (`syntax::parse`: tree, structure checks, comments).
fn syntax_only(corpus: &Corpus) -> Vec<syntax::ParsedFile> {
    corpus
        .files
        .iter()
        .map(|f| syntax::parse(&f.name, std::str::from_utf8(&f.bytes).unwrap_or("")))
        .collect()
}

/// Finer phases, each timed as its own loop over the whole corpus (inputs prepared outside
/// the clock, results dropped outside it), in µs per file (medians): syntax parse, kind
/// detection, to-JSON, `is_valid`, `schema::check` (to-JSON + validator + error mapping +
/// deprecated-form walk), the whole `SourceFile::parse` and the whole `validate`. Every run
/// does all seven loops one after the other, so that a busy machine slows them alike.
fn phases(corpus: &Corpus, dialect: Dialect, o: &Options) -> [f64; 7] {
    let n = corpus.files.len() as f64;
    let parsed = syntax_only(corpus);
    let kinds: Vec<Vec<DocumentKind>> = parsed
        .iter()
        .zip(&corpus.files)
        .map(|(p, f)| {
            p.documents
                .iter()
                .map(|d| kind::detect(d, &f.name))
                .collect()
        })
        .collect();
    // The documents that get a schema check, with their schema.
    let checked: Vec<_> = parsed
        .iter()
        .zip(&kinds)
        .zip(&corpus.files)
        .flat_map(|((p, ks), f)| {
            p.documents
                .iter()
                .zip(ks)
                .filter(|(doc, _)| !doc.incomplete)
                .map(move |(doc, &k)| (f, doc, k))
        })
        .collect();
    let values: Vec<_> = checked
        .iter()
        .filter_map(|&(_, doc, k)| {
            let schema = catalog::for_kind(k, dialect)?;
            Some((schema, to_json(doc, doc.root?)))
        })
        .collect();
    let sources: Vec<SourceFile> = corpus
        .files
        .iter()
        .map(|f| SourceFile::parse(f.name.clone(), &f.bytes))
        .collect();

    // Each loop runs once untimed right before its timed run, so that it finds the
    // allocator and the caches in the state it leaves them in, not in the previous loop's.
    fn timed<T>(f: impl Fn() -> T) -> Duration {
        drop(black_box(f()));
        let t = Instant::now();
        let kept = black_box(f());
        let elapsed = t.elapsed();
        drop(kept);
        elapsed
    }
    let samples = measure_phases(o, || {
        [
            timed(|| syntax_only(corpus)),
            timed(|| {
                parsed
                    .iter()
                    .zip(&corpus.files)
                    .map(|(p, f)| {
                        p.documents
                            .iter()
                            .map(|d| kind::detect(d, &f.name))
                            .collect::<Vec<_>>()
                    })
                    .collect::<Vec<_>>()
            }),
            // Each value is dropped at once, as `schema::check` does.
            timed(|| {
                checked
                    .iter()
                    .filter(|(_, _, k)| catalog::for_kind(*k, dialect).is_some())
                    .filter_map(|(_, doc, _)| doc.root.map(|r| black_box(to_json(doc, r))))
                    .count()
            }),
            timed(|| {
                values
                    .iter()
                    .filter(|(s, v)| s.compiled().validator().is_valid(v))
                    .count()
            }),
            timed(|| {
                checked
                    .iter()
                    .map(|(f, doc, k)| schema::check(&f.name, doc, *k, dialect))
                    .collect::<Vec<_>>()
            }),
            timed(|| {
                corpus
                    .files
                    .iter()
                    .map(|f| SourceFile::parse(f.name.clone(), &f.bytes))
                    .collect::<Vec<_>>()
            }),
            timed(|| {
                sources
                    .iter()
                    .map(|src| src.validate(dialect))
                    .collect::<Vec<_>>()
            }),
        ]
    });
    samples.map(|s| s.median() * 1e6 / n)
}

// -------------------------------------------------------------------------------------------
// report

struct Row {
    what: String,
    files_per_s: f64,
    mb_per_s: f64,
    per_file: String,
}

fn report_corpus(label: &str, corpus: &Corpus, o: &Options, dialect: Dialect, rows: &mut Vec<Row>) {
    let n = corpus.files.len() as f64;
    let mb = corpus.bytes as f64 / 1e6;
    let [parse_half, validate_half, drop_part, syntax] = interleaved(o, corpus);
    let total = sum(&[&parse_half, &validate_half]);
    println!();
    println!(
        "{label}: SourceFile::parse + validate, {} timed runs (median [min..max])",
        o.runs
    );
    let line = |what: &str, s: &Sample| {
        println!(
            "  {what:<28} {:>9.0} files/s [{:.0}..{:.0}]  {:>7.2} MB/s  {:>8.1} µs/file  ({:.1} ms per corpus)",
            n / s.median(),
            n / s.max(),
            n / s.min(),
            mb / s.median(),
            s.median() * 1e6 / n,
            s.median() * 1e3,
        );
    };
    line("parse + validate", &total);
    line("  of which SourceFile::parse", &parse_half);
    line("  of which validate", &validate_half);
    line("then dropping it all", &drop_part);
    line("syntax::parse alone", &syntax);
    println!(
        "  ratio (parse + validate) / syntax::parse = {:.2}; validate / syntax::parse = {:.2}",
        total.median() / syntax.median(),
        validate_half.median() / syntax.median()
    );
    rows.push(Row {
        what: format!("{label}: parse + validate"),
        files_per_s: n / total.median(),
        mb_per_s: mb / total.median(),
        per_file: format!("{:.1} µs", total.median() * 1e6 / n),
    });
    rows.push(Row {
        what: format!("{label}: syntax::parse only"),
        files_per_s: n / syntax.median(),
        mb_per_s: mb / syntax.median(),
        per_file: format!("{:.1} µs", syntax.median() * 1e6 / n),
    });

    // The same phases over the whole corpus and over each kind of file alone.
    let mut groups: Vec<(String, Vec<f64>)> =
        vec![("all".into(), phase_column(corpus, dialect, o))];
    for k in DocumentKind::ALL {
        let files: Vec<Input> = corpus
            .files
            .iter()
            .filter(|f| first_kind(f) == k)
            .map(|f| Input {
                name: f.name.clone(),
                bytes: f.bytes.clone(),
            })
            .collect();
        if !files.is_empty() && files.len() < corpus.files.len() {
            let sub = Corpus::new(files);
            let label = format!("{} ({})", k.as_str(), sub.files.len());
            groups.push((label, phase_column(&sub, dialect, o)));
        }
    }
    println!(
        "  phases, µs per file (medians of separate loops; a difference below ~1 µs is noise):"
    );
    print!("    {:<54}", "");
    for (label, _) in &groups {
        print!(" {label:>22}");
    }
    println!();
    let names = [
        "syntax::parse",
        "kind::detect",
        "SourceFile::parse extra (copies, empty-file check)",
        "to_json",
        "jsonschema is_valid",
        "rest of schema::check (deprecated walk, errors)",
        "validate extra (diagnostic clone, sort)",
        "sum = SourceFile::parse + validate",
    ];
    for (i, what) in names.iter().enumerate() {
        print!("    {what:<54}");
        for (_, col) in &groups {
            let whole = col[names.len() - 1];
            print!(" {:>12.1} ({:>5.1} %)", col[i], 100.0 * col[i] / whole);
        }
        println!();
    }
}

/// The kind of the first document of a file.
fn first_kind(f: &Input) -> DocumentKind {
    let text = std::str::from_utf8(&f.bytes).unwrap_or("");
    let parsed = syntax::parse(&f.name, text);
    parsed
        .documents
        .first()
        .map_or(DocumentKind::Unknown, |d| kind::detect(d, &f.name))
}

/// The phases of `phases` as derived figures: the measured ones, the differences that stand
/// for what cannot be called alone, and their sum.
fn phase_column(corpus: &Corpus, dialect: Dialect, o: &Options) -> Vec<f64> {
    let [p, k, j, v, c, s, val] = phases(corpus, dialect, o);
    vec![p, k, s - p - k, j, v, c - j - v, val - c, s + val]
}

fn main() {
    let o = options();
    let mut rows = Vec::new();

    let corpus = match &o.corpus {
        Some(dir) => read_dir(dir),
        None => generated(o.files, o.lines),
    };
    let big = big_workflow();
    if let Some(dir) = &o.dump {
        std::fs::create_dir_all(dir).expect("create the dump directory");
        for f in corpus.files.iter().chain(&big.files) {
            let name = f.name.rsplit('/').next().unwrap_or(&f.name);
            std::fs::write(dir.join(name), &f.bytes).expect("write a dumped file");
        }
        println!("wrote the corpus to {}", dir.display());
    }

    if let Some(n) = o.profile {
        for _ in 0..n {
            black_box(pipeline(&corpus));
        }
        println!(
            "ran the pipeline {n} times over {} files",
            corpus.files.len()
        );
        return;
    }

    let t = Instant::now();
    let verdict = check(&corpus);
    let first = t.elapsed();
    let label = if o.corpus.is_some() {
        "corpus"
    } else {
        "generated corpus"
    };
    describe(label, &corpus, &verdict);
    println!(
        "  first pass, schema compilation included: {:.1} ms",
        first.as_secs_f64() * 1e3
    );
    let big_verdict = check(&big);
    describe("large workflow", &big, &big_verdict);
    if o.corpus.is_none() {
        assert_eq!(
            verdict.by_severity[0], 0,
            "the generated corpus must be free of errors: {:?}",
            verdict.first_errors
        );
    } else if verdict.by_severity[0] > 0 {
        println!("  note: the corpus has error diagnostics; the figures include the error path");
    }
    assert_eq!(
        big_verdict.by_severity[0], 0,
        "the large workflow must be free of errors: {:?}",
        big_verdict.first_errors
    );

    report_corpus(
        &format!(
            "{} x {}-line files",
            corpus.files.len(),
            corpus.lines / corpus.files.len()
        ),
        &corpus,
        &o,
        verdict.dialect,
        &mut rows,
    );

    // lint, every rule: the same files through the workspace and the semantic rules.
    // Taking turns, run by run, so that a busy machine slows both alike; the ratio is the
    // median of the per-round ratios.
    for _ in 0..o.warmup {
        pipeline(&corpus);
        lint_pass(&corpus);
    }
    let mut validate_times = Vec::new();
    let mut lint_times = Vec::new();
    let mut ratios = Vec::new();
    for _ in 0..o.runs {
        let [p, v, _] = pipeline(&corpus);
        let l = lint_pass(&corpus);
        ratios.push(l.as_secs_f64() / (p + v).as_secs_f64());
        validate_times.push(p + v);
        lint_times.push(l);
    }
    ratios.sort_by(f64::total_cmp);
    let validate_only = Sample {
        times: validate_times,
    };
    let linted = Sample { times: lint_times };
    let mb_corpus = corpus.bytes as f64 / 1e6;
    println!();
    println!(
        "lint (workspace index + every rule) over the same files: {:.1} ms vs validate {:.1} ms (medians); lint/validate ratio, median of {} rounds: {:.2} [{:.2}..{:.2}]",
        linted.median() * 1e3,
        validate_only.median() * 1e3,
        ratios.len(),
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
    rows.push(Row {
        what: format!("{} files: lint, every rule", corpus.files.len()),
        files_per_s: corpus.files.len() as f64 / linted.median(),
        mb_per_s: mb_corpus / linted.median(),
        per_file: format!(
            "{:.1} µs",
            linted.median() * 1e6 / corpus.files.len() as f64
        ),
    });

    // The large workflow: per-run figures.
    let mb = big.bytes as f64 / 1e6;
    let [bp, bv, bd, b_syntax] = interleaved(&o, &big);
    let b_total = sum(&[&bp, &bv]);
    println!();
    println!(
        "large workflow ({} lines, {} bytes), {} timed runs (median [min..max])",
        big.lines, big.bytes, o.runs
    );
    for (what, s) in [
        ("parse + validate", &b_total),
        ("  of which SourceFile::parse", &bp),
        ("  of which validate", &bv),
        ("then dropping it all", &bd),
        ("syntax::parse alone", &b_syntax),
    ] {
        println!(
            "  {what:<28} {:>8.2} ms [{:.2}..{:.2}]  {:>7.2} MB/s",
            s.median() * 1e3,
            s.min() * 1e3,
            s.max() * 1e3,
            mb / s.median()
        );
    }
    println!(
        "  ratio (parse + validate) / syntax::parse = {:.2}",
        b_total.median() / b_syntax.median()
    );
    rows.push(Row {
        what: format!("{}-line workflow: parse + validate", big.lines),
        files_per_s: 1.0 / b_total.median(),
        mb_per_s: mb / b_total.median(),
        per_file: format!("{:.2} ms", b_total.median() * 1e3),
    });
    rows.push(Row {
        what: format!("{}-line workflow: syntax::parse only", big.lines),
        files_per_s: 1.0 / b_syntax.median(),
        mb_per_s: mb / b_syntax.median(),
        per_file: format!("{:.2} ms", b_syntax.median() * 1e3),
    });

    println!();
    println!(
        "| one thread, median of {} runs | files/s | MB/s | per file |",
        o.runs
    );
    println!("|---|---:|---:|---:|");
    for r in &rows {
        println!(
            "| {} | {:.0} | {:.2} | {} |",
            r.what, r.files_per_s, r.mb_per_s, r.per_file
        );
    }
}
