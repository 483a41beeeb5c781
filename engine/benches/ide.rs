//! Latency of the editor features in the engine (no protocol, no parsing): completion,
//! hover, definition and references at many cursor positions of a 5,000-line workflow in a
//! 1,000-file workspace, and the whole-file features (semantic tokens, outline, folding,
//! inlay hints) on that workflow. The server's end-to-end figures come from its own bench.
//!
//!   cargo bench -p innominatus-engine --bench ide
//!
//! Prints p50, p99 and max per feature (microseconds) over every measured call.

use innominatus_engine::ide::{completion, folding, hover, inlay, navigate, symbols, tokens};
use innominatus_engine::source::SourceFile;
use innominatus_engine::text::Span;
use innominatus_engine::workspace::Workspace;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "throughput/generate.rs"]
#[allow(dead_code)]
mod generate;

fn workspace() -> (Workspace, usize) {
    let mut files = Vec::new();
    for i in 0..1000u64 {
        let (name, text) = if i % 2 == 0 {
            (
                format!("apps/score-{i:05}.yaml"),
                generate::score_file(i * 2 + 1, 60),
            )
        } else {
            (
                format!("workflows/workflow-{i:05}.yaml"),
                generate::workflow_file(i * 2, 60),
            )
        };
        files.push(SourceFile::parse(Arc::from(name), text.as_bytes()));
    }
    let big = generate::workflow_file(0xB16_F10E, 5000);
    files.push(SourceFile::parse(
        Arc::from("workflows/big.yaml"),
        big.as_bytes(),
    ));
    let index = files.len() - 1;
    (Workspace::new(files, None, Box::new(|_| false)), index)
}

fn percentiles(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<22} n={:<6} p50 {:>8.1} µs   p99 {:>8.1} µs   max {:>8.1} µs",
        samples.len(),
        at(0.5).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
        samples.last().unwrap().as_secs_f64() * 1e6
    );
}

fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    black_box(f());
    start.elapsed()
}

fn main() {
    let (ws, big) = workspace();
    let text = ws.files[big].text.clone().unwrap_or_default();
    println!(
        "workspace: {} files; big workflow: {} lines, {} bytes",
        ws.files.len(),
        text.lines().count(),
        text.len()
    );
    // Cursors: the middle and the end of every 7th line (keys, values, templates).
    let mut cursors = Vec::new();
    let mut start = 0;
    for (n, line) in text.split('\n').enumerate() {
        if n % 7 == 0 {
            cursors.push(start + line.len() / 2);
            cursors.push(start + line.len());
        }
        start += line.len() + 1;
    }
    let per_cursor: [(&str, &dyn Fn(usize) -> Duration); 4] = [
        ("completion", &|o| {
            timed(|| completion::complete(&ws, big, o))
        }),
        ("hover", &|o| timed(|| hover::hover(&ws, big, o))),
        ("definition", &|o| {
            timed(|| navigate::definition(&ws, big, o))
        }),
        ("references", &|o| {
            timed(|| navigate::references(&ws, big, o, true))
        }),
    ];
    for (name, f) in per_cursor {
        let samples: Vec<Duration> = cursors.iter().map(|&o| f(o)).collect();
        percentiles(name, samples);
    }
    let whole: [(&str, &dyn Fn() -> Duration); 5] = [
        ("semantic tokens", &|| {
            timed(|| tokens::semantic_tokens(&ws, big))
        }),
        ("document symbols", &|| {
            timed(|| symbols::document_symbols(&ws, big))
        }),
        ("folding ranges", &|| {
            timed(|| folding::folding_ranges(&ws, big))
        }),
        ("inlay hints", &|| {
            timed(|| inlay::inlay_hints(&ws, big, Span::new(0, text.len())))
        }),
        ("workspace symbols", &|| {
            timed(|| symbols::workspace_symbols(&ws, "step"))
        }),
    ];
    for (name, f) in whole {
        percentiles(name, (0..20).map(|_| f()).collect());
    }
}
