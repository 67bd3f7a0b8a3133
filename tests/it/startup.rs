//! Start-up cost: a check is a process start, so what one check costs before it answers is
//! counted in instructions (valgrind's callgrind), which the machine's load does not change.
//! `scripts/startup-instructions.sh` gives the figures and their ratio to hello world.

use std::process::Command;

/// One check's instructions, with a margin over what it took when the budget was set (about
/// 15.4 million unoptimised, 1.8 million in a release build): decoding the whole base, or
/// building the correction machinery for every check, goes over it.
fn budget() -> u64 {
    if cfg!(debug_assertions) {
        18_000_000
    } else {
        2_200_000
    }
}

#[test]
fn one_check_stays_within_its_instruction_budget() {
    let valgrind_runs = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !valgrind_runs {
        eprintln!("valgrind is not installed: the instruction budget is not checked");
        return;
    }
    let profile =
        std::env::temp_dir().join(format!("kratom-check-callgrind-{}.out", std::process::id()));
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", profile.display()))
        .arg(env!("CARGO_BIN_EXE_kratom-check"))
        .args(["--json", "sertraline", "alcohol"])
        .output()
        .expect("valgrind runs");
    let _ = std::fs::remove_file(&profile);
    let report = String::from_utf8_lossy(&output.stderr);
    let instructions: u64 = report
        .lines()
        .find_map(|line| line.split("Collected :").nth(1))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or_else(|| panic!("callgrind gave no count:\n{report}"));
    assert_eq!(output.status.code(), Some(0), "{report}");
    assert!(
        instructions <= budget(),
        "one check took {instructions} instructions, over its budget of {}",
        budget()
    );
}
