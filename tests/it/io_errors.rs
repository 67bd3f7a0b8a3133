//! An error reading or writing says what was being read or written, once, with its cause.

use std::fs::File;

use crate::common::kratom_check;

/// The program as a plain process, whose standard streams can be any file.
fn program() -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("kratom-check"));
    command.env_remove("KRATOM_CHECK_KB");
    command
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_says_where_it_was_going() {
    let output = program()
        .arg("sertraline")
        .stdout(File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.starts_with("kratom-check: writing the report to standard output: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[cfg(unix)]
#[test]
fn batch_input_that_cannot_be_read_is_named() {
    let output = program()
        .arg("batch")
        .stdin(File::open("/").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("kratom-check: reading batch input from standard input: "),
        "{stderr}"
    );
    let output = kratom_check().args(["batch", "/"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        "kratom-check: reading batch input from /: it is a directory\n"
    );
}

#[test]
fn a_missing_kb_layer_is_said_to_be_missing() {
    let output = kratom_check()
        .args(["--kb", "/nonexistent/kratom-kb", "alcohol"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_of(&output);
    assert!(
        stderr.starts_with(
            "kratom-check: the knowledge-base layer /nonexistent/kratom-kb given with --kb"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("does not exist"), "{stderr}");
}
