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
