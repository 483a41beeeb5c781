//! `innominatus lint` as users and hooks run it: rule selection, suppressions, fixes that
//! change only what they fix and are idempotent, diffs, statistics, and single files checked
//! against the rest of their repository.

mod support;

use std::path::{Path, PathBuf};

const WORKFLOW: &str = "apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres   # keep: owned by the db team
steps:
  - name: create-database
    type: policy
    config:
      script: |
        echo \"creating\"   # not a YAML comment
  - name: create-user
    type: policy
    dependsOn: [create-db]
    config:
      script: echo user
  - name: grant
    type: policy
    dependsOn: [create-user, rotate-keys] # innominatus: ignore[INN201, INN101]
    config:
      script: echo grant
";

fn workspace(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("inn-lint-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("providers/db-team/workflows")).unwrap();
    std::fs::write(
        dir.join("providers/db-team/workflows/provision-postgres.yaml"),
        WORKFLOW,
    )
    .unwrap();
    dir
}

fn lint(dir: &Path, args: &[&str]) -> (String, i32) {
    let mut all = vec!["lint", "--isolated", "--format", "concise"];
    all.extend_from_slice(args);
    let out = support::run(dir, &all);
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn unsafe_fixes_apply_only_when_asked_and_touch_nothing_else() {
    let dir = workspace("fix");
    let file = dir.join("providers/db-team/workflows/provision-postgres.yaml");
    // A safe-only run leaves the unsafe rename alone but removes the unused suppression code.
    let (stdout, code) = lint(&dir, &["--fix", "."]);
    assert_eq!(code, 1, "{stdout}");
    let after_safe = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after_safe,
        WORKFLOW.replace("ignore[INN201, INN101]", "ignore[INN201]")
    );
    // With unsafe fixes the dependency is renamed; nothing else changes.
    let (stdout, code) = lint(&dir, &["--fix", "--unsafe-fixes", "."]);
    assert_eq!(code, 0, "{stdout}");
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        fixed,
        after_safe.replace("[create-db]", "[create-database]")
    );
    // Idempotent: another run changes nothing, and no temporary file is left behind.
    lint(&dir, &["--fix", "--unsafe-fixes", "."]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, vec!["provision-postgres.yaml"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_shows_fixes_without_writing() {
    let dir = workspace("diff");
    let (stdout, code) = lint(&dir, &["--diff", "--unsafe-fixes", "."]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("-    dependsOn: [create-db]\n+    dependsOn: [create-database]\n"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("providers/db-team/workflows/provision-postgres.yaml"))
            .unwrap(),
        WORKFLOW
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn selection_ignore_and_statistics() {
    let dir = workspace("select");
    let (stdout, _) = lint(&dir, &["--statistics", "."]);
    assert!(
        stdout.contains("INN201  unknown-dependency  [fixable]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("INN012  unused-suppression  [fixable]"),
        "{stdout}"
    );
    let (stdout, code) = lint(&dir, &["--ignore", "unknown-dependency", "."]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("INN201"));
    // INN101 is selected and suppresses nothing; INN201 is not selected, so its suppression is not stale.
    let (stdout, _) = lint(&dir, &["--select", "INN0,INN1", "."]);
    assert!(
        stdout.contains("INN012") && !stdout.contains("INN201"),
        "{stdout}"
    );
    let out = support::run(&dir, &["lint", "--isolated", "--select", "INN99x", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a rule code"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `lint` in `dir` with `.innominatus.toml` holding `config` (or none), concise output.
fn lint_configured(dir: &Path, config: Option<&str>, args: &[&str]) -> (String, i32) {
    let file = dir.join(".innominatus.toml");
    match config {
        Some(text) => std::fs::write(&file, text).unwrap(),
        None => {
            let _ = std::fs::remove_file(&file);
        }
    }
    let mut all = vec!["lint", "--format", "concise"];
    all.extend_from_slice(args);
    all.push(".");
    let out = support::run(dir, &all);
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn flags_and_configuration_accept_the_same_selectors() {
    let dir = workspace("selectors");
    let cases: [(&[&str], &str); 5] = [
        (&["--select", "INN2"], "[lint]\nselect = [\"INN2\"]\n"),
        (
            &["--select", "references"],
            "[lint]\nselect = [\"references\"]\n",
        ),
        (
            &["--select", "ALL", "--ignore", "INN2"],
            "[lint]\nselect = [\"ALL\"]\nignore = [\"INN2\"]\n",
        ),
        (
            &["--select", "inn0", "--extend-select", "unknown-dependency"],
            "[lint]\nselect = [\"inn0\"]\nextend-select = [\"unknown-dependency\"]\n",
        ),
        (
            &["--ignore", "templates,INN012"],
            "[lint]\nignore = [\"templates\", \"INN012\"]\n",
        ),
    ];
    for (flags, config) in cases {
        let by_flags = lint_configured(&dir, None, flags);
        let by_config = lint_configured(&dir, Some(config), &[]);
        assert_eq!(by_flags, by_config, "{flags:?} against {config}");
        assert!(!by_flags.0.is_empty() || by_flags.1 == 0, "{flags:?}");
    }
    // What the selections pick, once: a group keeps INN201 and drops the INN012 finding.
    let (only_references, code) = lint_configured(&dir, Some("[lint]\nselect = [\"INN2\"]\n"), &[]);
    assert_eq!(code, 1);
    assert!(only_references.contains("INN201") && !only_references.contains("INN012"));
    // Flags stack on the configuration: a flag re-enables what the configuration ignores.
    let (stdout, _) = lint_configured(
        &dir,
        Some("[lint]\nignore = [\"references\"]\n"),
        &["--extend-select", "INN201"],
    );
    assert!(stdout.contains("INN201"), "{stdout}");
    // Severities accept the same selectors: a prefix demotes the whole group.
    let (stdout, code) = lint_configured(
        &dir,
        Some("[lint.severity]\nINN2 = \"warning\"\nunused-suppression = \"hint\"\n"),
        &[],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("warning[INN201 unknown-dependency]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("hint[INN012 unused-suppression]"),
        "{stdout}"
    );
    // A selector that names nothing is refused the same way on both surfaces.
    let out = support::run(&dir, &["lint", "--isolated", "--select", "refrences", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean `references`?"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (stdout, code) = lint_configured(&dir, Some("[lint]\nselect = [\"refrences\"]\n"), &[]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains(".innominatus.toml:2:11: error[INN020 invalid-config] unknown rule selector `refrences`"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_named_alone_is_checked_against_its_repository() {
    let dir = workspace("context");
    std::fs::write(
        dir.join("providers/db-team/provider.yaml"),
        "apiVersion: v1\nkind: Provider\nmetadata:\n  name: db-team\n  version: 1.0.0\ncompatibility:\n  minCoreVersion: 0.1.0\n  maxCoreVersion: 2.0.0\ncapabilities:\n  resourceTypes: [postgres]\nworkflows:\n  - name: provision-postgres\n    file: ./workflows/provision-postgres.yaml\n    operation: create\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken.yaml"),
        "apiVersion: score.dev/v1b1\nmetadata: {name: x}\ncontainers: {main: {imagee: nginx}}\n",
    )
    .unwrap();
    let (stdout, _) = lint(
        &dir,
        &["providers/db-team/workflows/provision-postgres.yaml"],
    );
    // Only the named file is reported on, though the whole repository was read.
    assert!(
        stdout.contains("provision-postgres.yaml:13:17: error[INN201"),
        "{stdout}"
    );
    assert!(!stdout.contains("broken.yaml"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn provider_paths_in_the_config_bring_providers_kept_elsewhere() {
    let dir = std::env::temp_dir().join(format!("inn-lint-providers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("apps/orders")).unwrap();
    std::fs::create_dir_all(dir.join("platform/providers/cache-team/workflows")).unwrap();
    std::fs::write(
        dir.join("apps/orders/score.yaml"),
        "apiVersion: score.dev/v1b1\nmetadata:\n  name: orders\ncontainers:\n  api:\n    image: ghcr.io/acme/orders:1.4.2\nresources:\n  db:\n    type: postgres\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("platform/providers/cache-team/provider.yaml"),
        "apiVersion: v1\nkind: Provider\nmetadata:\n  name: cache-team\n  version: 1.0.0\ncompatibility:\n  minCoreVersion: 0.1.0\n  maxCoreVersion: 2.0.0\ncapabilities:\n  resourceTypes: [redis]\nworkflows:\n  - name: provision-redis\n    file: ./workflows/provision-redis.yaml\n    operation: create\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("platform/providers/cache-team/workflows/provision-redis.yaml"),
        "apiVersion: innominatus.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: provision-redis\nsteps:\n  - name: create\n    type: policy\n    config:\n      script: echo redis\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".innominatus.toml"),
        "dialect = \"innominatus\"\n[workspace]\nprovider-paths = [\"platform/providers\"]\n",
    )
    .unwrap();
    let out = support::run(&dir, &["lint", "--format", "concise", "apps"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    // The provider outside `apps/` was read: it claims redis, nobody claims postgres.
    assert!(
        stdout.contains("apps/orders/score.yaml:9:11: error[INN208"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("platform/"),
        "context files are not reported on: {stdout}"
    );
    std::fs::write(
        dir.join(".innominatus.toml"),
        "[workspace]\nprovider-paths = [\"nowhere\"]\n",
    )
    .unwrap();
    let out = support::run(&dir, &["lint", "--format", "concise", "apps"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains(".innominatus.toml:2:19: error[INN020"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `--fix` writes through an exclusively created temporary file: symlinks planted at the
/// temporary names the tool once used (`.NAME.innominatus-PID.tmp`) and at many others are
/// never followed, the linted file keeps its mode, and a linted symlink stays a symlink while
/// its target is fixed.
#[test]
fn fixes_never_follow_planted_links_and_keep_the_file_s_mode() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = workspace("planted");
    let folder = dir.join("providers/db-team/workflows");
    let file = folder.join("provision-postgres.yaml");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "not yaml\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    // The process ids the child may get (ids are handed out in increasing order), at the
    // old scheme's names.
    let first = std::process::id();
    for pid in first..first + 20_000 {
        let _ = symlink(
            &victim,
            folder.join(format!(".provision-postgres.yaml.innominatus-{pid}.tmp")),
        );
    }
    let (stdout, code) = lint(&dir, &["--fix", "--unsafe-fixes", "."]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not yaml\n");
    let victim_mode = std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777;
    assert_eq!(victim_mode, 0o600);
    let meta = std::fs::symlink_metadata(&file).unwrap();
    assert!(meta.file_type().is_file(), "the linted file became a link");
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("dependsOn: [create-database]"));
    std::fs::remove_dir_all(&folder).unwrap();

    // A linted link: the target is fixed, the link stays.
    std::fs::create_dir_all(&folder).unwrap();
    let real = dir.join("real-workflow.yaml");
    std::fs::write(&real, WORKFLOW).unwrap();
    symlink(&real, &file).unwrap();
    let named = "providers/db-team/workflows/provision-postgres.yaml";
    let (stdout, code) = lint(&dir, &["--fix", "--unsafe-fixes", named]);
    assert_eq!(code, 0, "{stdout}");
    assert!(std::fs::symlink_metadata(&file)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("dependsOn: [create-database]"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An edit saved while `lint --fix` runs is never reverted: the fix computed from the older
/// text is not written (INN903, exit 2), or — if the edit came before the file was read — the
/// fix applies to the new text, or the edit came after the fix was written and stays. Never
/// the fixed old text.
#[test]
fn fixes_never_revert_an_edit_saved_meanwhile() {
    let dir = workspace("concurrent");
    let file = dir.join("providers/db-team/workflows/provision-postgres.yaml");
    // Enough other files that the run lasts long after the file is read.
    let others = dir.join("apps");
    for i in 0..1500 {
        let app = others.join(format!("app-{i:04}"));
        std::fs::create_dir_all(&app).unwrap();
        std::fs::write(
            app.join("score.yaml"),
            format!("apiVersion: score.dev/v1b1\nmetadata:\n  name: app-{i}\ncontainers:\n  main:\n    image: nginx:1.25\n"),
        )
        .unwrap();
    }
    let args = [
        "lint",
        "--isolated",
        "--format",
        "concise",
        "--fix",
        "--unsafe-fixes",
        ".",
    ];
    let started = std::time::Instant::now();
    let calibration = support::run(&dir, &args);
    let duration = started.elapsed();
    assert!(calibration.status.code() == Some(0) || calibration.status.code() == Some(1));
    let edited = WORKFLOW.replace("create-user", "create-role");
    let mut seen_refusal = false;
    for round in 0..3 {
        std::fs::write(&file, WORKFLOW).unwrap();
        let child = support::binary()
            .current_dir(&dir)
            .env("INNOMINATUS_NO_CACHE", "1")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(duration * (round + 1) / 5);
        std::fs::write(&file, &edited).unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let now = std::fs::read_to_string(&file).unwrap();
        let fixed_edit = edited.replace("[create-db]", "[create-database]");
        assert!(
            now == edited || now.contains("create-role") && now.contains("[create-database]"),
            "round {round}: the saved edit was reverted:\n{now}\n{stdout}"
        );
        if now == edited {
            // The edit was kept: either it came between reading and writing and the fix was
            // refused, or it came after the fix was written (the run goes on afterwards:
            // it checks the written files again).
            if out.status.code() == Some(2) {
                assert!(stdout.contains("INN903"), "{stdout}");
                seen_refusal = true;
            } else {
                assert!(!stdout.contains("INN903"), "{stdout}");
            }
        } else {
            assert_eq!(
                now,
                fixed_edit.replace("ignore[INN201, INN101]", "ignore[INN201]")
            );
        }
    }
    println!("calibration run {duration:?}; a refusal seen: {seen_refusal}");
    std::fs::remove_dir_all(&dir).unwrap();
}
