use super::*;
use crate::plan::Fate;
use crate::source::SourceFile;
use crate::workspace::Workspace;
use std::path::PathBuf;
use std::sync::Arc;

const PROVIDER: &str = "apiVersion: v1
kind: Provider
metadata:
  name: NAME
  version: 1.0.0
capabilities:
  resourceTypes:
    - s3-bucket
workflows:
  - name: make-bucket
    file: ./workflows/make-bucket.yaml
    category: provisioner
    operation: create
";

const WORKFLOW: &str = "apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: make-bucket
steps:
  - name: create
    type: policy
    config:
      script: echo {{ .parameters.bucket_name }}
";

const SPEC: &str = "apiVersion: score.dev/v1b1
metadata:
  name: shop
containers:
  web:
    image: nginx
resources:
  files:
    type: s3-bucket
";

fn source(name: &str, text: &str) -> SourceFile {
    SourceFile::parse(Arc::from(name), text.as_bytes())
}

fn workspace(files: &[(&str, &str)]) -> Workspace {
    let files = files.iter().map(|(n, t)| source(n, t)).collect();
    Workspace::new(files, None, Box::new(|_: &str| false))
}

/// A provider `name` with its workflow, below `dir`.
fn team(dir: &str, name: &str) -> Vec<(String, String)> {
    vec![
        (
            format!("{dir}/provider.yaml"),
            PROVIDER.replace("NAME", name),
        ),
        (
            format!("{dir}/workflows/make-bucket.yaml"),
            WORKFLOW.to_string(),
        ),
    ]
}

fn report_of(
    file: &str,
    text: &str,
    files: &[(String, String)],
    repository: &str,
) -> Result<Report, Error> {
    let subject = Subject::parse(file, text.as_bytes())?;
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let ws = workspace(&files);
    report(
        &subject,
        &ws,
        &Request::new(PathBuf::from(repository)),
        None,
    )
}

#[test]
fn a_score_spec_sees_only_the_providers_of_its_repository() {
    let mut files = team("repo/providers/storage", "storage");
    files.extend(team("elsewhere/providers/copy", "copy"));
    files.push(("repo/apps/shop/score.yaml".into(), SPEC.into()));
    let r = report_of("repo/apps/shop/score.yaml", SPEC, &files, "repo").unwrap();
    assert_eq!(r.status(), "succeeded");
    let run = &r.runs[0];
    let resource = run.resource.as_ref().unwrap();
    assert_eq!(resource.provider.as_deref(), Some("storage"));
    assert_eq!(
        run.file,
        "repo/providers/storage/workflows/make-bucket.yaml"
    );
    assert_eq!(run.parameters["bucket_name"], "shop-files");
    // The whole tree as one repository: two providers claim the type.
    let r = report_of("repo/apps/shop/score.yaml", SPEC, &files, ".").unwrap();
    assert_eq!(r.status(), "invalid");
    let Outcome::Unresolved(e) = &r.runs[0].outcome else {
        panic!("{:?}", r.runs[0].outcome)
    };
    assert!(e.contains("multiple providers claim"), "{e}");
    // A provider whose workflow file lies outside the repository cannot run it.
    let outside = vec![
        (
            "repo/providers/storage/provider.yaml".to_string(),
            PROVIDER
                .replace("NAME", "storage")
                .replace("./workflows/", "../../../elsewhere/"),
        ),
        (
            "elsewhere/make-bucket.yaml".to_string(),
            WORKFLOW.to_string(),
        ),
    ];
    let r = report_of("repo/apps/shop/score.yaml", SPEC, &outside, "repo").unwrap();
    let Outcome::Unresolved(e) = &r.runs[0].outcome else {
        panic!("{:?}", r.runs[0].outcome)
    };
    assert!(e.contains("missing or not a workflow"), "{e}");
    let r = report_of("repo/apps/shop/score.yaml", SPEC, &outside, ".").unwrap();
    assert_eq!(r.status(), "succeeded");
}

#[test]
fn golden_path_defaults_come_from_the_repository_golden_paths_file() {
    let gp = |default: &str| {
        format!(
            "goldenpaths:\n  deploy:\n    workflow: ./workflows/deploy.yaml\n    parameters:\n      \
             replicas:\n        type: string\n        default: \"{default}\"\n      who:\n        \
             type: string\n        required: true\n"
        )
    };
    let wf = "apiVersion: workflow.dev/v1\nkind: Workflow\nmetadata:\n  name: deploy\nspec:\n  \
              steps:\n    - name: scale\n      type: policy\n      config:\n        script: echo \
              {{ .parameters.replicas }}\n";
    let (current, old) = (gp("2"), gp("9"));
    let ws = workspace(&[
        ("repo/goldenpaths.yaml", current.as_str()),
        ("repo/old/goldenpaths.yaml", old.as_str()),
    ]);
    let subject = Subject::parse("repo/workflows/deploy.yaml", wf.as_bytes()).unwrap();
    assert_eq!(subject.reads(None), Reads::GoldenPaths);
    let mut request = Request::new(PathBuf::from("repo"));
    let r = report(&subject, &ws, &request, None).unwrap();
    let run = &r.runs[0];
    assert_eq!(run.golden_path.as_deref(), Some("deploy"));
    assert_eq!(run.parameters["replicas"], "2");
    assert_eq!(
        run.notes,
        [
            "defaults from golden path deploy: replicas",
            "required parameter 'who' is not given (innominatus-ctl run refuses to start without it)"
        ]
    );
    request.repository = PathBuf::from("repo/old");
    let r = report(&subject, &ws, &request, None).unwrap();
    assert_eq!(r.runs[0].parameters["replicas"], "9");
    // Given parameters win; a golden path that is not there is an error naming the file.
    request.parameters.insert("replicas".into(), "5".into());
    let r = report(&subject, &ws, &request, None).unwrap();
    assert_eq!(r.runs[0].parameters["replicas"], "5");
    request.golden_path = Some("nope".into());
    let e = report(&subject, &ws, &request, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no golden path `nope` in repo/old/goldenpaths.yaml"
    );
    // Without a golden path, a provider's workflow reads nothing and gets what is given.
    let provider_wf = wf
        .replace(
            "apiVersion: workflow.dev/v1",
            "apiVersion: innominatus.io/v1alpha1",
        )
        .replace("spec:\n  steps:\n    - ", "steps:\n  - ")
        .replace("\n      ", "\n    ");
    let subject = Subject::parse(
        "repo/providers/p/workflows/deploy.yaml",
        provider_wf.as_bytes(),
    )
    .unwrap();
    assert_eq!(subject.reads(None), Reads::Nothing);
    assert_eq!(subject.reads(Some("deploy")), Reads::GoldenPaths);
    request.golden_path = None;
    let r = report(&subject, &ws, &request, None).unwrap();
    assert_eq!(r.runs[0].golden_path, None);
    assert_eq!(r.runs[0].parameters.len(), 1);
}

#[test]
fn files_that_do_not_parse_or_hold_nothing_are_refused() {
    let e = Subject::parse("a/b.yaml", b"steps:\n  - name: [x\n")
        .err()
        .unwrap();
    assert!(
        matches!(&e, Error::Syntax(m) if m.starts_with("a/b.yaml:")),
        "{e}"
    );
    let e = Subject::parse("a/b.yaml", b"just: data\n").err().unwrap();
    assert_eq!(
        e.to_string(),
        "a/b.yaml holds no workflow and no Score spec to simulate"
    );
    let e = report_of("repo/apps/shop/score.yaml", SPEC, &[], "repo")
        .map(|r| r.status())
        .unwrap();
    assert_eq!(e, "invalid");
    let subject = Subject::parse("s.yaml", SPEC.as_bytes()).unwrap();
    assert_eq!(subject.reads(Some("x")), Reads::Repository);
    let mut request = Request::new(".".into());
    request.resource = Some("db".into());
    let e = report(&subject, &workspace(&[]), &request, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "s.yaml has no resource `db` (resources: files)"
    );
}

#[test]
fn the_renderings_agree_with_the_report() {
    let mut files = team("providers/storage", "storage");
    files.push(("apps/shop/score.yaml".into(), SPEC.into()));
    let mut failing = Request::new(PathBuf::from("."));
    failing.scenario.fail.insert("create".into(), "boom".into());
    let subject = Subject::parse("apps/shop/score.yaml", SPEC.as_bytes()).unwrap();
    let names: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let ws = workspace(&names);
    for (request, status) in [(Request::new(".".into()), "succeeded"), (failing, "failed")] {
        let r = report(&subject, &ws, &request, None).unwrap();
        assert_eq!(r.status(), status);
        let json = r.to_json();
        assert_eq!(json["status"], status);
        assert_eq!(json["application"], "shop");
        assert_eq!(json["runs"][0]["resource"]["provider"], "storage");
        assert_eq!(json["steps"][0]["resource"], "files");
        let text = r.text();
        assert!(text.starts_with("dry run of Score spec apps/shop/score.yaml (application shop)"));
        assert!(
            text.ends_with(&format!("result: {status} (1 {status})\n")),
            "{text}"
        );
        let chart = r.mermaid();
        assert!(chart
            .starts_with("gantt\n    title apps/shop/score.yaml (dry run, documented engine)\n"));
        assert!(
            chart.contains("    section files 1 sequential\n"),
            "{chart}"
        );
    }
    let fate = |r: &Report| match &r.runs[0].outcome {
        Outcome::Simulated(_, sim) => sim.steps[0].status,
        other => panic!("{other:?}"),
    };
    let r = report(&subject, &ws, &Request::new(".".into()), None).unwrap();
    assert_eq!(fate(&r), Fate::Succeeded);
}

#[test]
fn the_html_page_escapes_what_the_files_say() {
    // A step name and a script that would break out of the page if written as they are.
    let hostile = "apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: x\"><script>alert(1)</script>
steps:
  - name: a<b>&'c\"
    type: policy
    config:
      script: echo '</pre></details><script>alert(2)</script>'
";
    let r = report_of("workflows/x.yaml", hostile, &[], ".").unwrap();
    let page = r.html();
    assert_eq!(
        page.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert!(
        page.contains("a&lt;b&gt;&amp;&#39;c&quot;"),
        "the step name, escaped"
    );
    assert!(page.contains("&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(2)"));
    assert!(page.contains("data-step=\"a&lt;b&gt;&amp;&#39;c&quot;\""));
    assert!(page.contains("data-fate=\"succeeded\""));
}
