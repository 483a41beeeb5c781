//! The floor for the peer benchmark (`bench/peers.py`): over every `*.yaml` file of a
//! directory, on one thread, the median time of
//!
//! - `syntax::parse` alone: bare YAML parsing into our tree, the least any check can cost;
//! - `SourceFile::parse` + `validate(score)`: what `innominatus validate --dialect score` does
//!   per file;
//! - lint: the workspace index plus every rule on every file (validation included).
//!
//! The three take turns run by run, so a busy machine slows them alike. Prints one JSON
//! object (times in milliseconds for the whole directory).
//!
//!   cargo bench -p innominatus-engine --bench parse_floor -- --corpus DIR [--runs N]

use innominatus_engine::dialect::Dialect;
use innominatus_engine::rules::lint_file;
use innominatus_engine::rules::Rule;
use innominatus_engine::source::SourceFile;
use innominatus_engine::syntax;
use innominatus_engine::workspace::Workspace;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let mut corpus: Option<PathBuf> = None;
    let mut runs = 7usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--corpus" => corpus = args.next().map(PathBuf::from),
            "--runs" => {
                runs = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(runs)
                    .max(1)
            }
            _ => {} // `--bench` from cargo
        }
    }
    let Some(dir) = corpus else {
        eprintln!("parse_floor: --corpus DIR is required");
        std::process::exit(2);
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let files: Vec<(Arc<str>, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            (
                Arc::from(p.display().to_string()),
                std::fs::read(p).unwrap(),
            )
        })
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();

    let parse = || {
        files
            .iter()
            .map(|(name, b)| syntax::parse(name, std::str::from_utf8(b).unwrap_or("")))
            .collect::<Vec<_>>()
    };
    let validate = || {
        files
            .iter()
            .map(|(name, b)| SourceFile::parse(name.clone(), b).validate(Dialect::Score))
            .collect::<Vec<_>>()
    };
    let lint = || {
        let sources = files
            .iter()
            .map(|(name, b)| SourceFile::parse(name.clone(), b))
            .collect();
        let ws = Workspace::new(sources, None, Box::new(|_: &str| false));
        let all = |_: &Rule| true;
        let found: usize = (0..ws.files.len())
            .map(|i| lint_file(&ws, i, &all).len())
            .sum();
        (ws, found)
    };
    // One untimed round, then `runs` timed rounds of the three in turn.
    drop(black_box((parse(), validate(), lint())));
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..runs {
        let t = Instant::now();
        let kept = black_box(parse());
        times[0].push(t.elapsed().as_secs_f64());
        drop(kept);
        let t = Instant::now();
        let kept = black_box(validate());
        times[1].push(t.elapsed().as_secs_f64());
        drop(kept);
        let t = Instant::now();
        let kept = black_box(lint());
        times[2].push(t.elapsed().as_secs_f64());
        drop(kept);
    }
    let [p, v, l] = times.map(|mut t| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2] * 1e3
    });
    println!(
        "{{\"files\": {}, \"bytes\": {bytes}, \"runs\": {runs}, \"parse_ms\": {p:.3}, \
         \"validate_ms\": {v:.3}, \"lint_ms\": {l:.3}}}",
        files.len()
    );
}
