//! Development aid: one pass of `validate` or of `lint` (every rule) over a folder of YAML
//! files, for instruction counts under `valgrind --tool=callgrind` (stable on noisy machines).
//!
//!   cargo build --release -p innominatus-engine --example rule_times
//!   valgrind --tool=callgrind target/release/examples/rule_times DIR validate
//!   valgrind --tool=callgrind target/release/examples/rule_times DIR lint

use innominatus_engine::lint::lint_file;
use innominatus_engine::source::{auto_dialect, SourceFile};
use innominatus_engine::workspace::Workspace;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("a folder of YAML files");
    let mode = args.next().unwrap_or_else(|| "lint".to_string());
    let inputs: Vec<(Arc<str>, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("readable folder")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            (
                Arc::from(p.to_string_lossy().as_ref()),
                std::fs::read(&p).expect("file"),
            )
        })
        .collect();
    // Compile the schemas outside the measured pass.
    let warm = SourceFile::parse(inputs[0].0.clone(), &inputs[0].1);
    black_box(warm.validate(auto_dialect([&warm])));
    let t = Instant::now();
    let sources: Vec<SourceFile> = inputs
        .iter()
        .map(|(n, b)| SourceFile::parse(n.clone(), b))
        .collect();
    let found = if mode == "validate" {
        let dialect = auto_dialect(&sources);
        sources
            .iter()
            .map(|s| black_box(s.validate(dialect)).len())
            .sum::<usize>()
    } else {
        let ws = Workspace::new(sources, None, Box::new(|_: &str| false));
        let all = |_: &innominatus_engine::rules::Rule| true;
        (0..ws.files.len())
            .map(|i| black_box(lint_file(&ws, i, &all)).len())
            .sum()
    };
    println!(
        "{mode}: {found} findings in {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
}
