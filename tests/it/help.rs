//! Help, the manual page and shell completion: what a person finds when they ask the program
//! how to use it.

use crate::common;
use crate::common::kratom_check;

fn stdout(args: &[&str]) -> String {
    let output = kratom_check()
        .env_remove("COLUMNS")
        .args(args)
        .output()
        .expect("runs");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn help_ends_with_examples_and_exit_statuses() {
    let help = stdout(&["--help"]);
    let examples = help.find("Examples:").expect("examples");
    assert!(help[examples..].contains("kratom-check --explain sertraline alcohol"));
    assert!(help.find("Exit status:").expect("exit statuses") > examples);
    assert!(help.contains("--explain") && help.contains("--all"));
}

#[test]
fn the_manual_has_examples_environment_and_exit_status_and_names_no_missing_page() {
    let man = stdout(&["man"]);
    for section in [
        ".SH EXAMPLES",
        ".SH ENVIRONMENT",
        ".SH EXIT STATUS",
        ".SH COMMANDS",
    ] {
        assert!(man.contains(section), "{section} missing");
    }
    for variable in ["KRATOM_CHECK_KB", "NO_COLOR", "COLUMNS"] {
        assert!(man.contains(variable), "{variable} missing");
    }
    // The only page there is: kratom-check(1), in the title.
    let references = man.matches("(1)").count();
    assert_eq!(references, 0, "{man}");
}

#[test]
fn info_and_matrix_close_with_the_disclaimer() {
    for args in [&["info", "zoloft"][..], &["matrix", "alcohol"]] {
        let text = stdout(args);
        assert!(
            text.trim_end().ends_with("change what you take."),
            "{args:?}:\n{text}"
        );
    }
}

#[test]
fn columns_sets_the_width() {
    let wide = kratom_check()
        .env("COLUMNS", "120")
        .args(["--color", "never", "sertraline", "alcohol"])
        .output()
        .unwrap();
    let text = String::from_utf8(wide.stdout).unwrap();
    assert!(text.lines().any(|l| l.chars().count() > 80), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 120));
}

/// What bash offers after `line`, with the generated script sourced.
fn bash_completes(script: &std::path::Path, line: &str) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let program = format!(
        "source {script}\nCOMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE='{line}'\n\
         COMP_POINT=${{#COMP_LINE}}\n_kratom__check kratom-check {current} {previous}\n\
         echo \"${{COMPREPLY[*]}}\"",
        script = script.display(),
        words = words.join(" "),
        cword = words.len() - 1,
        current = words[words.len() - 1],
        previous = words[words.len() - 2],
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("bash runs");
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn bash_completes_names_after_subcommands() {
    let dir = common::scratch_dir("completions");
    let script = dir.join("kratom-check.bash");
    std::fs::write(&script, stdout(&["completions", "bash"])).unwrap();
    let offered = |line: &str| -> Vec<String> {
        bash_completes(&script, line)
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    assert!(offered("kratom-check zol").contains(&"zoloft".to_string()));
    assert!(offered("kratom-check info zol").contains(&"zoloft".to_string()));
    assert!(offered("kratom-check matrix alcohol zol").contains(&"zoloft".to_string()));
    assert!(offered("kratom-check list --class ssr").contains(&"ssri".to_string()));
    // In any case: names are offered in lower case, whatever case is typed.
    assert!(offered("kratom-check info Zol").contains(&"zoloft".to_string()));
    assert!(offered("kratom-check ZOLO").contains(&"zoloft".to_string()));
    assert!(offered("kratom-check --form EXTR").contains(&"extract".to_string()));
    assert!(offered("kratom-check --js").contains(&"--json".to_string()));
}

#[test]
fn zsh_completion_offers_names_to_subcommands() {
    let script = stdout(&["completions", "zsh"]);
    let section = |name: &str| {
        let start = script
            .find(&format!("({name})"))
            .expect("the subcommand's arguments");
        let end = script[start + 1..]
            .find("\n(")
            .map_or(script.len(), |e| start + 1 + e);
        script[start..end].to_string()
    };
    assert!(section("info").contains(" zoloft "));
    assert!(section("matrix").contains(" zoloft "));
    assert!(section("list").contains("--class=") && section("list").contains(" ssri "));
}

/// The long options a command's help lists.
fn options_listed(help: &str) -> Vec<String> {
    help.lines()
        .filter_map(|line| line.trim_start().strip_prefix("--"))
        .chain(
            help.lines()
                .filter_map(|l| l.trim_start().strip_prefix("-h, --")),
        )
        .map(|rest| {
            rest.split([' ', ','])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn each_command_lists_only_the_options_it_reads() {
    let listed = |args: &[&str]| options_listed(&stdout(args));
    let check = listed(&["--help"]);
    for option in ["dose", "form", "fail-on", "color", "json", "explain"] {
        assert!(check.contains(&option.to_string()), "{option}: {check:?}");
    }
    let matrix = listed(&["matrix", "--help"]);
    for option in ["dose", "fail-on", "color", "json"] {
        assert!(matrix.contains(&option.to_string()), "{option}: {matrix:?}");
    }
    let batch = listed(&["batch", "--help"]);
    assert!(batch.contains(&"dose".to_string()) && batch.contains(&"fail-on".to_string()));
    assert!(!batch.contains(&"json".to_string()), "{batch:?}");
    assert!(!batch.contains(&"color".to_string()), "{batch:?}");
    for command in [
        &["list"][..],
        &["search"],
        &["schema"],
        &["man"],
        &["kb", "stats"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let options = listed(&args);
        for option in ["dose", "form", "frequency", "fail-on", "color"] {
            assert!(
                !options.contains(&option.to_string()),
                "{command:?} lists --{option}: {options:?}"
            );
        }
    }
    // Still accepted where not read, so scripts that pass an option everywhere keep working.
    kratom_check()
        .args(["list", "--dose", "3g"])
        .assert()
        .success();
}

#[test]
fn the_usage_line_puts_the_command_first() {
    let help = stdout(&["--help"]);
    let usage = &help[help.find("Usage:").expect("usage")..];
    let usage = &usage[..usage.find("\n\n").unwrap_or(usage.len())];
    assert!(!usage.contains("[SUBSTANCE]... <COMMAND>"), "{usage}");
    assert!(usage.contains("kratom-check <COMMAND>"), "{usage}");
}

#[test]
fn a_mistyped_command_is_suggested_but_a_name_is_still_checked() {
    for (typed, meant) in [
        ("serch", "kratom-check search"),
        ("matirx", "kratom-check matrix"),
        ("version", "kratom-check --version"),
    ] {
        let output = kratom_check().args([typed, "oxy"]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{typed}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("did you mean `{meant}`")),
            "{stderr}"
        );
        assert!(output.stdout.is_empty(), "{typed} was checked");
    }
    // A name one edit from a command's ("mat", a class's alias, from "man") is checked.
    let output = kratom_check().args(["mat"]).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("did you mean `kratom-check"), "{stderr}");
    assert!(String::from_utf8(output.stdout).unwrap().contains("AVOID"));
    // A name later in the line is never taken for a command.
    let output = kratom_check().args(["alcohol", "serch"]).output().unwrap();
    assert_eq!(output.status.code(), Some(3));
}

#[test]
fn version_names_the_knowledge_base() {
    let version = stdout(&["--version"]);
    let report = common::read_report(&kratom_check().args(["--json", "alcohol"]).output().unwrap());
    assert!(
        version.contains(&format!("knowledge base {}", report.knowledge_base.version)),
        "{version}"
    );
}

#[test]
fn info_is_wrapped_to_the_width_and_names_facts_in_words() {
    let info = |columns: &str, name: &str| {
        let output = kratom_check()
            .env("COLUMNS", columns)
            .args(["info", name])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    for name in ["zoloft", "tizanidine", "oxycodone", "suboxone"] {
        let text = info("60", name);
        assert!(
            text.lines().all(|l| l.chars().count() <= 60),
            "{name}:\n{text}"
        );
    }
    let sertraline = info("80", "zoloft");
    assert!(
        sertraline.contains("CNS depressant (weak, as an SSRI)"),
        "{sertraline}"
    );
    assert!(!sertraline.contains("cns_depressant"), "{sertraline}");
    let tizanidine = info("80", "tizanidine");
    assert!(
        tizanidine.contains("  substrate of: CYP1A2 (sensitive)"),
        "{tizanidine}"
    );
}

/// What fish offers after `line`, run in `dir` with the generated script sourced; `None`
/// without fish.
fn fish_completes(
    dir: &std::path::Path,
    script: &std::path::Path,
    line: &str,
) -> Option<Vec<String>> {
    let program = format!(
        "cd {}; source {}; complete -C '{line}'",
        dir.display(),
        script.display()
    );
    let output = std::process::Command::new("fish")
        .args(["--no-config", "-c", &program])
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).expect("utf-8");
    Some(
        text.lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect(),
    )
}

#[test]
fn fish_completes_values_and_names_never_files_where_a_value_is_due() {
    let dir = common::scratch_dir("fish-completions");
    let script = dir.join("kratom-check.fish");
    std::fs::write(&script, stdout(&["completions", "fish"])).unwrap();
    // A file in the working directory, which must not be offered as a value.
    std::fs::write(dir.join("not-a-value.txt"), "").unwrap();
    if fish_completes(&dir, &script, "kratom-check ").is_none() {
        eprintln!("skipped: fish is not installed");
        return;
    }
    let run = |line: &str| fish_completes(&dir, &script, line).unwrap_or_default();
    for (line, value) in [
        ("kratom-check --form ", "extract"),
        ("kratom-check --color ", "never"),
        ("kratom-check --fail-on ", "major"),
        ("kratom-check completions ", "zsh"),
    ] {
        let offered = run(line);
        assert!(offered.contains(&value.to_string()), "{line}: {offered:?}");
        assert!(
            !offered.iter().any(|o| o.contains("not-a-value")),
            "{line}: {offered:?}"
        );
    }
    for line in [
        "kratom-check zol",
        "kratom-check alcohol zol",
        "kratom-check info zol",
        "kratom-check matrix alcohol zol",
    ] {
        assert!(run(line).contains(&"zoloft".to_string()), "{line}");
    }
    assert!(run("kratom-check list --class ssr").contains(&"ssri".to_string()));
}

/// Drives an interactive zsh in a pseudo-terminal: types the line and a Tab, and records every
/// word the completion offers (`zsh -f THIS DIR LINE`, with `_kratom-check` in DIR). It waits
/// for the completion to finish, up to half a minute, by a file the shell writes after it.
const ZSH_CAPTURE: &str = r#"
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "compadd () { builtin compadd -O __offered \"\$@\"; print -rl -- \$__offered >> $1/offered; builtin compadd \"\$@\" }"
zpty -w z "$2"$'\t'
zpty -w z $'\x15'
zpty -w z "print > $1/done"
repeat 300; do [[ -e $1/done ]] && break; sleep 0.1; done
zpty -d z
"#;

#[test]
fn zsh_completes_names_and_values_after_a_command_or_a_name() {
    let zsh_runs = std::process::Command::new("zsh")
        .args(["-f", "-c", "zmodload zsh/zpty"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !zsh_runs {
        eprintln!("skipped: zsh (with its zpty module) is not installed");
        return;
    }
    let dir = common::scratch_dir("zsh-completions");
    std::fs::write(dir.join("_kratom-check"), stdout(&["completions", "zsh"])).unwrap();
    let capture = dir.join("capture.zsh");
    std::fs::write(&capture, ZSH_CAPTURE).unwrap();
    let offered = |line: &str| -> Vec<String> {
        let _ = std::fs::remove_file(dir.join("offered"));
        let _ = std::fs::remove_file(dir.join("done"));
        std::process::Command::new("zsh")
            .arg("-f")
            .arg(&capture)
            .arg(&dir)
            .arg(line)
            .output()
            .expect("zsh runs");
        std::fs::read_to_string(dir.join("offered"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    };
    for (line, word) in [
        ("kratom-check zol", "zoloft"),
        ("kratom-check sea", "search"),
        ("kratom-check info zol", "zoloft"),
        ("kratom-check matrix alcohol zol", "zoloft"),
        ("kratom-check alcohol zol", "zoloft"),
        ("kratom-check list --class ssr", "ssri"),
        ("kratom-check --form ", "extract"),
        ("kratom-check info --form ", "extract"),
        ("kratom-check completions ", "fish"),
    ] {
        let words = offered(line);
        assert!(words.contains(&word.to_string()), "{line}: {words:?}");
    }
    assert!(!offered("kratom-check completions ").contains(&"batch".to_string()));
}
