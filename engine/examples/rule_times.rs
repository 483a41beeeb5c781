use innominatus_engine::source::SourceFile;
use innominatus_engine::workspace::Workspace;
use std::sync::Arc;
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut files = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let b = std::fs::read(&p).unwrap();
        files.push(SourceFile::parse(
            Arc::from(p.to_string_lossy().as_ref()),
            &b,
        ));
    }
    let ws = Workspace::new(files, None, Box::new(|_: &str| false));
    let all = |_: &innominatus_engine::rules::Rule| true;
    let t = Instant::now();
    for i in 0..ws.files.len() {
        std::hint::black_box(innominatus_engine::lint::lint_file(&ws, i, &all));
    }
    println!("all rules {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
}
