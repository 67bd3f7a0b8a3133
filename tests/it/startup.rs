//! Start-up cost: a check is a process start, so what a check costs before it answers is
//! counted in instructions (valgrind's callgrind), which the machine's load does not change.
//! `scripts/startup-instructions.sh` gives the figures, their ratio to hello world and paired
//! CPU timings.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common;

/// The budgets keep a margin of about a fifth over what the checks took when they were set:
/// decoding the whole base, building the correction machinery for every check, or reading
/// every stretch of words again for each kind of label word goes over them.
fn budget(release: u64, unoptimised: u64) -> u64 {
    if cfg!(debug_assertions) {
        unoptimised
    } else {
        release
    }
}

/// The instructions `kratom-check args` takes, or `None` where valgrind is not installed.
fn instructions(args: &[&str]) -> Option<u64> {
    let valgrind_runs = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !valgrind_runs {
        eprintln!("valgrind is not installed: the instruction budget is not checked");
        return None;
    }
    // Tests run side by side in one process: each profile gets its own file.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let profile = std::env::temp_dir().join(format!(
        "kratom-check-callgrind-{}-{run}.out",
        std::process::id()
    ));
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", profile.display()))
        .arg(env!("CARGO_BIN_EXE_kratom-check"))
        .args(args)
        .output()
        .expect("valgrind runs");
    let _ = std::fs::remove_file(&profile);
    let report = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{report}");
    let count = report
        .lines()
        .find_map(|line| line.split("Collected :").nth(1))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or_else(|| panic!("callgrind gave no count:\n{report}"));
    Some(count)
}

fn assert_within(args: &[&str], budget: u64) {
    if let Some(instructions) = instructions(args) {
        assert!(
            instructions <= budget,
            "`{}` took {instructions} instructions, over its budget of {budget}",
            args.join(" ")
        );
    }
}

#[test]
fn one_check_stays_within_its_instruction_budget() {
    assert_within(
        &["--json", "sertraline", "alcohol"],
        budget(2_000_000, 17_500_000),
    );
}

#[test]
fn twenty_medicines_stay_within_their_instruction_budget() {
    let args: Vec<&str> = std::iter::once("--json")
        .chain(common::TWENTY_MEDICINES.iter().copied())
        .collect();
    assert_within(&args, budget(6_500_000, 90_000_000));
}
