//! Hostile input (issue 16, "never a wrong verdict"): deep nesting, template bombs, alias
//! bombs by bytes and megabyte lines, each generated here and run through the real binary.
//!
//! Every case checks the same promise: hostile content never hides a finding. The file is
//! checked twice, once with a harmless stand-in for the hostile part (same number of lines,
//! so positions do not move) and once with it; every finding of the first run must be in the
//! second, and what the second adds must be the finding about the hostile part itself. The
//! binary must end normally (no signal), within a time and a peak memory (the child's
//! `ru_maxrss`, read with `wait4`) that a CI runner can afford.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary did.
struct Run {
    stdout: String,
    stderr: String,
    /// Exit status, when the process exited (rather than being killed by a signal).
    code: Option<i32>,
    signal: Option<i32>,
    /// Peak resident memory of the child, in KiB.
    peak_kib: u64,
    wall: Duration,
}

impl Run {
    /// Asserts that the process ended by itself with one of `codes`.
    fn exited(&self, codes: &[i32], what: &str) {
        assert!(
            self.signal.is_none() && self.code.is_some_and(|c| codes.contains(&c)),
            "{what}: expected exit status {codes:?}, got code {:?} signal {:?}\nstderr: {}\nstdout (start): {}",
            self.code,
            self.signal,
            excerpt(&self.stderr),
            excerpt(&self.stdout)
        );
    }

    /// Asserts the time and memory budget of a hostile case.
    fn within(&self, max_wall: Duration, max_mib: u64, what: &str) {
        assert!(
            self.wall <= max_wall,
            "{what}: took {:?}, more than {max_wall:?}",
            self.wall
        );
        assert!(
            self.peak_kib <= max_mib * 1024,
            "{what}: peak memory {} MiB, more than {max_mib} MiB",
            self.peak_kib / 1024
        );
    }
}

fn excerpt(text: &str) -> String {
    text.chars().take(2_000).collect()
}

/// Runs the binary in `dir` with `args`, killing it after `timeout`; measures its peak memory.
fn run(dir: &Path, args: &[&str], timeout: Duration) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_innominatus"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("INNOMINATUS_NO_CACHE", "1")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the innominatus binary starts");
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut s).ok();
        s
    });
    // Reaped here with wait4 for its resource usage (std's wait does not report it); polling
    // in this thread means the process killed on timeout is still ours.
    let mut status: libc::c_int = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
        if start.elapsed() > timeout {
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let wall = start.elapsed();
    // The child is reaped: std must not wait for it again.
    std::mem::forget(child);
    let stdout = String::from_utf8_lossy(&out.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    Run {
        stdout,
        stderr,
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        // Linux reports ru_maxrss in KiB.
        peak_kib: usage.ru_maxrss as u64,
        wall,
    }
}

/// A scratch directory of its own, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("inn-hostile-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, path: &str, text: &str) -> PathBuf {
        let path = self.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One finding of the concise format: `file:line:col: severity[CODE name] message`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    file: String,
    line: usize,
    col: usize,
    code: String,
    text: String,
}

fn findings(stdout: &str) -> BTreeSet<Finding> {
    stdout
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let file = parts.next()?.to_string();
            let line = parts.next()?.parse().ok()?;
            let col = parts.next()?.parse().ok()?;
            let rest = parts.next()?;
            let code = rest.split_once('[')?.1.split_once(' ')?.0.to_string();
            Some(Finding {
                file,
                line,
                col,
                code,
                text: l.to_string(),
            })
        })
        .collect()
}

fn lint(dir: &Path) -> Run {
    run(
        dir,
        &["lint", "--isolated", "--format", "concise", "."],
        Duration::from_secs(120),
    )
}

/// The property every case shares: the findings of the file with the harmless stand-in are
/// all there with the hostile part, and what the hostile part adds is only `added` (at least
/// once, on a line in `lines`). Returns the added findings.
fn keeps_every_finding(
    tag: &str,
    path: &str,
    harmless: &str,
    hostile: &str,
    added: &[&str],
    lines: std::ops::RangeInclusive<usize>,
) -> Vec<Finding> {
    assert_eq!(
        harmless.lines().count(),
        hostile.lines().count(),
        "{tag}: the stand-in must keep the lines where they are"
    );
    let base_dir = Scratch::new(&format!("{tag}-base"));
    base_dir.write(path, harmless);
    let base = lint(&base_dir.0);
    base.exited(&[1], &format!("{tag} (harmless)"));
    let base = findings(&base.stdout);
    // Findings to keep, whatever their severity (an unknown key in a platform workflow is a
    // warning: the platform's decoder drops it), at least one of them an error.
    let errors = base.iter().filter(|f| f.text.contains(": error[")).count();
    assert!(
        base.len() >= 3 && errors >= 1,
        "{tag}: the harmless file must have at least three findings, one an error: {base:#?}"
    );

    let dir = Scratch::new(tag);
    dir.write(path, hostile);
    let got = lint(&dir.0);
    got.exited(&[1], tag);
    got.within(Duration::from_secs(10), 512, tag);
    let got = findings(&got.stdout);
    let missing: Vec<_> = base.difference(&got).collect();
    assert!(
        missing.is_empty(),
        "{tag}: findings lost to the hostile part: {missing:#?}\nall: {got:#?}"
    );
    let extra: Vec<Finding> = got.difference(&base).cloned().collect();
    assert!(
        extra.iter().all(|f| added.contains(&f.code.as_str())),
        "{tag}: the hostile part may only add {added:?}: {extra:#?}"
    );
    assert!(
        extra.iter().any(|f| lines.contains(&f.line)),
        "{tag}: expected {added:?} on a line in {lines:?}: {extra:#?}"
    );
    extra
}

// ---------------------------------------------------------------------------------------
// (a) Deep nesting: block and flow, in golden paths, a Score spec and a provider workflow.

/// A block list nested `depth` levels, one line per level, at `indent`.
fn deep_block_list(depth: usize, indent: usize) -> String {
    let mut s = String::new();
    for i in 0..depth {
        s.push_str(&" ".repeat(indent + 2 * i));
        s.push_str("-\n");
    }
    s.push_str(&" ".repeat(indent + 2 * depth));
    s.push_str("leaf\n");
    s
}

/// A list item holding a flow list nested `depth` levels, then `filler` plain items.
fn deep_flow_list(depth: usize, indent: usize, filler: usize) -> String {
    let mut s = format!(
        "{}- {}x{}\n",
        " ".repeat(indent),
        "[".repeat(depth),
        "]".repeat(depth)
    );
    s.push_str(&flat_list(filler, indent));
    s
}

/// `n` plain list items at `indent`.
fn flat_list(n: usize, indent: usize) -> String {
    format!("{}- item\n", " ".repeat(indent)).repeat(n)
}

/// Golden paths with errors before and after the hostile value (an unknown key, a wrong
/// type, a value outside an enumeration), and a missing workflow file.
fn goldenpaths(value: &str) -> String {
    format!(
        "goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-app.yaml
    description: Roll out an application
    colour: blue
    parameters:
      replicas:
        type: int
        default:
{value}        min: one
      stage:
        type: stage-name
"
    )
}

/// A Score spec: a name that breaks its pattern, an unknown key, a resource type that is not
/// a string; the hostile value sits in a resource's free-form `params`.
fn score(value: &str) -> String {
    format!(
        "apiVersion: score.dev/v1b1
metadata:
  name: Orders_API
containers:
  api:
    image: nginx:1.25
    bogus: true
resources:
  db:
    type: postgres
    params:
      nested:
{value}  cache:
    type: 42
"
    )
}

/// A provider workflow: an unknown step key, an unknown dependency and a step type that does
/// not exist; the hostile value sits in a step's free-form `config`.
fn workflow(value: &str) -> String {
    format!(
        "apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision
steps:
  - name: first
    type: policy
    colour: red
    config:
      script: echo first
      extra:
{value}  - name: second
    type: teleport
    dependsOn: [frist]
    config:
      script: echo second
"
    )
}

/// A kind of file: its name in the tests, its path, the file around a value, the value's
/// indentation.
type Kind = (&'static str, &'static str, fn(&str) -> String, usize);

const KINDS: &[Kind] = &[
    ("goldenpaths", "goldenpaths.yaml", goldenpaths, 10),
    ("score", "apps/orders/score.yaml", score, 8),
    (
        "workflow",
        "providers/db/workflows/provision.yaml",
        workflow,
        10,
    ),
];

#[test]
fn block_nesting_300_deep_keeps_the_other_findings() {
    for &(tag, path, make, indent) in KINDS {
        let harmless = make(&flat_list(301, indent));
        let hostile = make(&deep_block_list(300, indent));
        let first = harmless
            .lines()
            .position(|l| l.ends_with("- item"))
            .unwrap()
            + 1;
        let added = keeps_every_finding(
            &format!("block-{tag}"),
            path,
            &harmless,
            &hostile,
            &["INN013"],
            first..=first + 300,
        );
        for f in &added {
            assert!(
                f.text.contains("nested") && f.text.contains("128"),
                "a clear message: {}",
                f.text
            );
        }
    }
}

#[test]
fn flow_nesting_past_the_parser_limit_keeps_the_other_findings() {
    // 200 levels is deeper than the engine follows; 300 is deeper than the YAML parser
    // itself accepts (255 open brackets).
    for depth in [200, 300] {
        for &(tag, path, make, indent) in KINDS {
            let harmless = make(&flat_list(301, indent));
            let hostile = make(&deep_flow_list(depth, indent, 300));
            let line = harmless
                .lines()
                .position(|l| l.ends_with("- item"))
                .unwrap()
                + 1;
            let added = keeps_every_finding(
                &format!("flow{depth}-{tag}"),
                path,
                &harmless,
                &hostile,
                &["INN013"],
                line..=line,
            );
            // Reported where the limit is crossed: at the bracket that opens level 129.
            let opening = hostile.lines().nth(line - 1).unwrap().find('[').unwrap() + 1;
            assert!(
                added
                    .iter()
                    .any(|f| f.col > opening && f.col <= opening + depth),
                "flow{depth}-{tag}: {added:#?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// (b) Template bombs: thousands of nested parentheses in a policy script and a manifest.

/// A workflow rendering `expression` in a policy script and a kubernetes manifest; with
/// `mistakes`, also an unknown dependency, an unknown key and a broken template after them.
fn template_workflow(expression: &str, mistakes: bool) -> String {
    let (depends, late) = if mistakes {
        (
            "scirpt",
            "    colour: red\n    config:\n      script: echo {{ .parameters.x }\n",
        )
    } else {
        (
            "script",
            "    config:\n      script: echo {{ .parameters.x }}\n",
        )
    };
    format!(
        "apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: render
steps:
  - name: script
    type: policy
    config:
      script: \"echo {{{{ {expression} }}}}\"
  - name: manifest
    type: kubernetes
    dependsOn: [{depends}]
    config:
      operation: apply
      manifest: |
        kind: ConfigMap
        metadata:
          name: {{{{ {expression} }}}}
  - name: late
    type: policy
{late}"
    )
}

fn parens(n: usize) -> String {
    format!("{}1{}", "(".repeat(n), ")".repeat(n))
}

#[test]
fn template_bombs_are_reported_not_crashed_on() {
    // About 4 KB and 16 KB lines of parentheses.
    for n in [2_000, 8_000] {
        let tag = format!("template{n}");
        let path = "providers/db/workflows/render.yaml";
        let added = keeps_every_finding(
            &tag,
            path,
            &template_workflow(&parens(1), true),
            &template_workflow(&parens(n), true),
            &["INN416"],
            9..=18,
        );
        let lines: BTreeSet<usize> = added.iter().map(|f| f.line).collect();
        assert_eq!(
            lines,
            BTreeSet::from([9, 18]),
            "{tag}: one finding in the script, one in the manifest: {added:#?}"
        );
        for f in &added {
            assert!(f.text.len() < 1_000, "{tag}: a short message: {}", f.text);
        }

        // The dry run renders both templates: no crash, and no claim that the platform
        // would refuse them (Go parses them).
        let dir = Scratch::new(&format!("{tag}-dry"));
        dir.write(path, &template_workflow(&parens(n), false));
        let got = run(
            &dir.0,
            &["workflow", "test", path, "--dry-run", "--format", "json"],
            Duration::from_secs(120),
        );
        got.exited(&[0], &format!("{tag} dry run"));
        got.within(Duration::from_secs(10), 512, &tag);
        let report: serde_json::Value = serde_json::from_str(&got.stdout)
            .unwrap_or_else(|e| panic!("{tag}: not JSON ({e}): {}", excerpt(&got.stdout)));
        let steps = report["steps"].as_array().expect("steps");
        assert_eq!(steps.len(), 3, "{tag}: {}", excerpt(&got.stdout));
        for step in steps {
            assert_eq!(
                step["status"],
                "succeeded",
                "{tag}: {}",
                excerpt(&step.to_string())
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// (c) Alias bombs by bytes: a 1 MB string aliased thousands of times.

fn alias_score(aliases: usize) -> String {
    let mut s = String::from(
        "apiVersion: score.dev/v1b1
metadata:
  name: Orders_API
containers:
  api:
    image: nginx:1.25
    bogus: true
    resources:
      limits:
        memory: 128Mi
    variables:
      BIG: &big ",
    );
    s.push_str(&"x".repeat(1 << 20));
    s.push('\n');
    for i in 0..aliases {
        s.push_str(&format!("      V{i}: *big\n"));
    }
    s.push_str("  worker:\n    image: 42\n");
    s
}

const CLEAN_SCORE: &str = "apiVersion: score.dev/v1b1
metadata:
  name: clean
  annotations:
    team: shop
containers:
  api:
    image: nginx:1.25
    resources:
      limits:
        memory: 128Mi
        cpu: 500m
";

#[test]
fn alias_bombs_by_bytes_are_cut_and_the_rest_is_checked() {
    for aliases in [2_000, 5_000] {
        let tag = format!("aliases{aliases}");
        let dir = Scratch::new(&tag);
        dir.write("apps/bomb/score.yaml", &alias_score(aliases));
        dir.write("apps/clean/score.yaml", CLEAN_SCORE);
        let base_dir = Scratch::new(&format!("{tag}-base"));
        base_dir.write("apps/bomb/score.yaml", &alias_score(2));
        base_dir.write("apps/clean/score.yaml", CLEAN_SCORE);

        let base = lint(&base_dir.0);
        base.exited(&[1], &tag);
        let base = findings(&base.stdout);
        assert!(base.len() >= 3, "{tag}: {base:#?}");
        assert!(base.iter().all(|f| f.file.contains("bomb")), "{base:#?}");

        let got = lint(&dir.0);
        got.exited(&[1], &tag);
        got.within(Duration::from_secs(10), 512, &tag);
        let got = findings(&got.stdout);
        // The aliases come after every finding of the harmless file except the last
        // container's, which moves down by the added lines.
        let shift = aliases - 2;
        let moved: BTreeSet<Finding> = base
            .iter()
            .map(|f| {
                let mut f = f.clone();
                if f.line > 13 {
                    let old = format!(":{}:", f.line);
                    f.line += shift;
                    f.text = f.text.replacen(&old, &format!(":{}:", f.line), 1);
                }
                f
            })
            .collect();
        let missing: Vec<_> = moved.difference(&got).collect();
        assert!(
            missing.is_empty(),
            "{tag}: lost {missing:#?}\nall: {got:#?}"
        );
        let extra: Vec<_> = got.difference(&moved).collect();
        assert!(
            !extra.is_empty() && extra.iter().all(|f| f.code == "INN011" && f.line > 13),
            "{tag}: only the alias limit is added, at an alias: {extra:#?}"
        );
        assert!(
            extra.iter().all(|f| f.text.contains("MiB")),
            "{tag}: the limit is stated in bytes: {extra:#?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// (d) A 10 MB line quoted by a message.

#[test]
fn ten_megabyte_lines_are_quoted_as_short_excerpts() {
    let huge = |c: &str| c.repeat(10 << 20);
    let dir = Scratch::new("megaline");
    // A Score image (quoted by image-latest-tag).
    dir.write(
        "apps/image/score.yaml",
        &format!(
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: image\ncontainers:\n  api:\n    image: {}\n",
            huge("y")
        ),
    );
    // A value outside an enumeration (quoted by invalid-value).
    dir.write(
        "goldenpaths.yaml",
        &format!(
            "goldenpaths:\n  deploy:\n    workflow: ./deploy.yaml\n    parameters:\n      p:\n        type: {}\n",
            huge("t")
        ),
    );
    dir.write(
        "deploy.yaml",
        "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: deploy\nsteps:\n  - name: a\n    type: policy\n    config:\n      script: echo a\n",
    );
    // A line without a colon between mapping entries (quoted by syntax-error).
    dir.write(
        "apps/colon/score.yaml",
        &format!(
            "apiVersion: score.dev/v1b1\nmetadata:\n  name: colon\n  {} value\n  other: 1\n",
            huge("k")
        ),
    );
    // An unknown function in a template, and an unknown dependency.
    dir.write(
        "providers/db/workflows/w.yaml",
        &format!(
            "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: w\nsteps:\n  - name: a\n    type: policy\n    config:\n      script: echo {{{{ {} }}}}\n  - name: b\n    type: policy\n    dependsOn: [{}]\n    config:\n      script: echo b\n",
            huge("f"),
            huge("d")
        ),
    );
    // The text format shows no snippet of a line too long to show, only where it is.
    for format in ["concise", "json", "text"] {
        let got = run(
            &dir.0,
            &["lint", "--isolated", "--format", format, "."],
            Duration::from_secs(120),
        );
        got.exited(&[1], format);
        got.within(Duration::from_secs(30), 512, format);
        assert!(
            got.stdout.len() < 64 * 1024,
            "{format}: {} bytes of output for {} findings: {}",
            got.stdout.len(),
            got.stdout.lines().count(),
            excerpt(&got.stdout)
        );
        if format == "concise" {
            let found = findings(&got.stdout);
            for (file, code) in [
                ("apps/image/score.yaml", "INN601"),
                ("goldenpaths.yaml", "INN104"),
                ("apps/colon/score.yaml", "INN001"),
                ("providers/db/workflows/w.yaml", "INN402"),
                ("providers/db/workflows/w.yaml", "INN201"),
            ] {
                let f = found
                    .iter()
                    .find(|f| f.file == file && f.code == code)
                    .unwrap_or_else(|| panic!("{code} in {file}: {found:#?}"));
                assert!(f.text.contains('…'), "an excerpt: {}", f.text);
                assert!(f.text.len() < 1_000, "{}", f.text);
            }
        }
        if format == "text" {
            assert!(
                got.stdout.contains("(the line is too long to show)"),
                "{}",
                excerpt(&got.stdout)
            );
        }
    }
}
