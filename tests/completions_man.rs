//! Shell completions and the man page are generated from the clap definition: each renders
//! and knows every command.

mod support;

const COMMANDS: &[&str] = &[
    "validate",
    "lint",
    "explain",
    "graph",
    "workflow",
    "init",
    "doctor",
    "completions",
    "schemas",
    "lsp",
    "dap",
    "man",
];

fn run(args: &[&str]) -> (String, i32) {
    let out = support::run(&std::env::temp_dir(), args);
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn completion_scripts_know_every_command_and_option() {
    for (shell, marker) in [
        ("bash", "complete -F _innominatus"),
        ("zsh", "#compdef innominatus"),
        ("fish", "complete -c innominatus"),
    ] {
        let (script, code) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for command in COMMANDS {
            assert!(
                script.contains(command),
                "{shell} completion lacks `{command}`"
            );
        }
        // Options of subcommands and their values are there too.
        for word in [
            "--deny-warnings",
            "--no-cache",
            "--template",
            "concise",
            "sarif",
        ] {
            // fish spells long options `-l deny-warnings`.
            let found = if shell == "fish" && word.starts_with("--") {
                script.contains(&format!("-l {}", &word[2..]))
            } else {
                script.contains(word)
            };
            assert!(found, "{shell} completion lacks `{word}`");
        }
    }
    let (_, code) = run(&["completions", "powershell"]);
    assert_eq!(code, 2);
}

#[test]
fn completion_scripts_offer_rule_codes_names_and_groups() {
    let (bash, code) = run(&["completions", "bash"]);
    assert_eq!(code, 0);
    // bash lists an option's words in the `case` branch of that option: look there.
    for flag in ["--select", "--extend-select", "--ignore"] {
        let branch_start = bash
            .find(&format!("                {flag})"))
            .unwrap_or_else(|| panic!("no completion branch for {flag}"));
        let branch = &bash[branch_start..];
        let branch = &branch[..branch.find(";;").unwrap()];
        for word in ["INN101", "unknown-key", "INN302", "best-practice", "ALL"] {
            assert!(
                branch
                    .split(|c: char| c.is_whitespace() || c == '"')
                    .any(|w| w == word),
                "`{flag}` does not complete `{word}`:\n{branch}"
            );
        }
    }
    // `explain <TAB>` offers every rule's code and name.
    let explain_start = bash.find("        innominatus__subcmd__explain)").unwrap();
    let explain_opts = bash[explain_start..]
        .lines()
        .find(|l| l.trim_start().starts_with("opts="))
        .unwrap();
    let words: Vec<&str> = explain_opts
        .trim()
        .trim_start_matches("opts=\"")
        .trim_end_matches('"')
        .split(' ')
        .collect();
    for rule in innominatus_engine::rules::all() {
        assert!(words.contains(&rule.code), "explain lacks {}", rule.code);
        assert!(words.contains(&rule.name), "explain lacks {}", rule.name);
    }
    // zsh and fish describe each word.
    let (zsh, _) = run(&["completions", "zsh"]);
    assert!(zsh.contains("INN101"), "zsh");
    assert!(zsh.contains("unknown-key"), "zsh");
    let (fish, _) = run(&["completions", "fish"]);
    assert!(fish.contains("INN101"), "fish");
    assert!(fish.contains("unknown-key"), "fish");
    // The words are offered, not imposed: a code prefix is still a selector and an unknown
    // rule still gets the engine's suggestion.
    let out = support::run(
        &support::repo_root(),
        &["lint", "--isolated", "--select", "INN2", "examples"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = support::run(&support::repo_root(), &["explain", "unknwn-key"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Did you mean `unknown-key`?"));
}

#[test]
fn help_names_the_man_command() {
    let (help, code) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        help.lines().any(|l| l.trim_start().starts_with("man ")),
        "{help}"
    );
}

#[test]
fn man_page_renders_and_mentions_every_command() {
    let (page, code) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "not roff:\n{page}");
    assert!(page.contains(".TH innominatus 1"), "{page}");
    for command in COMMANDS {
        assert!(
            page.contains(&format!("innominatus\\-{command}(1)")),
            "the man page lacks `{command}`"
        );
    }
}

#[test]
fn man_pages_for_every_command_are_written_to_a_folder() {
    let dir = std::env::temp_dir().join(format!("inn-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (listing, code) = run(&["man", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{listing}");
    let mut expected: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("innominatus-{c}.1"))
        .collect();
    expected.push("innominatus.1".into());
    expected.push("innominatus-workflow-test.1".into());
    expected.sort();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, expected);
    let lint = std::fs::read_to_string(dir.join("innominatus-lint.1")).unwrap();
    assert!(lint.contains(".TH innominatus-lint 1"), "{lint}");
    assert!(lint.contains("\\-\\-fix"), "{lint}");
    assert_eq!(listing.lines().count(), expected.len());
}
