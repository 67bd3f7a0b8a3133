//! Issue 27's bounds on layers, characters and suggestions: a stack of layers within one
//! memory budget, invisible characters shown, the kernel's files refused, a byte-order mark
//! read, a clash pointed at the layer, and unknown names that cost what known ones do.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use crate::common::{self, kratom_check, read_report};

/// Runs `args` with each path in `layers` as a `--kb`, under a watchdog: a read that blocks
/// fails the test instead of hanging the suite.
fn with_layers(layers: &[&Path], args: &[&str]) -> Output {
    let mut command = kratom_check();
    for layer in layers {
        command.arg("--kb").arg(layer);
    }
    command
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn refused(output: &Output, message: &str) {
    common::assert_status(output, 2);
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(message), "{stderr}");
}

/// A layer file of `bytes` bytes that is never read: a sparse file, measured before it is
/// opened.
fn sized_layer(dir: &Path, name: &str, bytes: u64) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .unwrap()
        .set_len(bytes)
        .unwrap();
    path
}

#[test]
fn the_layers_of_a_stack_share_one_byte_budget() {
    let dir = common::scratch_dir("stack-budget");
    // Three layers, each well within a file's limit, together over the stack's 4 MiB.
    let layers: Vec<PathBuf> = (0..3)
        .map(|i| sized_layer(&dir, &format!("layer{i}.yaml"), 1_500_000))
        .collect();
    let layers: Vec<&Path> = layers.iter().map(PathBuf::as_path).collect();
    refused(
        &with_layers(&layers, &["alcohol"]),
        "the `--kb` layers of a run may hold 4194304 together",
    );
    // A directory of eight files of 7.8 MB (62 MB, each file under its limit).
    let big = common::scratch_dir("stack-budget-dir");
    for i in 0..8 {
        sized_layer(&big, &format!("f{i}.yaml"), 7_800_000);
    }
    refused(&with_layers(&[&big], &["alcohol"]), "may hold 4194304");
}

#[test]
fn a_stack_of_more_than_fifty_thousand_definitions_is_refused() {
    let dir = common::scratch_dir("definitions");
    let mut text = String::from("substances:\n");
    for n in 0..50_000 {
        text.push_str(&format!("- {{id: d{n}, name: dn{n}q}}\n"));
    }
    std::fs::write(dir.join("kb.yaml"), text).unwrap();
    refused(
        &with_layers(&[&dir], &["alcohol"]),
        "defines over 50000 entries",
    );
}

#[test]
fn a_class_of_hundreds_lists_fifty_candidates_and_counts_the_rest() {
    let dir = common::scratch_dir("wide-class");
    let mut text = String::from(
        "classes:\n  - id: wide_class\n    name: Wide class\n    parents: [opioid]\nsubstances:\n",
    );
    for n in 0..300 {
        text.push_str(&format!(
            "  - {{id: wide{n}, name: Widemember {n}, classes: [wide_class]}}\n"
        ));
    }
    std::fs::write(dir.join("kb.yaml"), text).unwrap();
    let output = with_layers(&[&dir], &["--json", "wide class", "alcohol"]);
    let report = read_report(&output);
    let worst_case = report
        .substances
        .iter()
        .find_map(|s| s.worst_case.as_ref())
        .expect("the class is judged at its worst");
    assert_eq!(worst_case.candidates.len(), 50);
    assert_eq!(worst_case.unlisted, 250);
    assert!(
        worst_case
            .candidates
            .iter()
            .any(|c| c.tier == worst_case.most)
    );
    let text = String::from_utf8_lossy(
        &with_layers(&[&dir], &["--color", "never", "wide class", "alcohol"]).stdout,
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(text.contains("and 296 more"), "{text}");
}

/// Characters a terminal draws as nothing, which would let a name pass for another.
const INVISIBLE: [char; 8] = [
    '\u{E0041}',
    '\u{3164}',
    '\u{00AD}',
    '\u{034F}',
    '\u{2800}',
    '\u{FE0F}',
    '\u{115F}',
    '\u{180B}',
];

#[test]
fn invisible_characters_are_shown_escaped_from_arguments_and_refused_in_layers() {
    for c in INVISIBLE {
        let name = format!("xa{c}nax");
        // `info` shows what the name leads to, never what was typed.
        for (args, echoes) in [
            (vec!["--color", "never", name.as_str()], true),
            (vec!["info", name.as_str()], false),
            (vec!["--form", name.as_str(), "alcohol"], true),
        ] {
            let output = kratom_check().args(&args).output().unwrap();
            for stream in [&output.stdout, &output.stderr] {
                let text = String::from_utf8_lossy(stream);
                assert!(!text.contains(c), "{args:?}: {text}");
            }
            let all = [output.stdout, output.stderr].concat();
            assert!(
                !echoes || String::from_utf8_lossy(&all).contains(&c.escape_unicode().to_string()),
                "{args:?} shows U+{:04X} escaped",
                c as u32
            );
        }
        let dir = common::scratch_dir("invisible-layer");
        std::fs::write(
            dir.join("kb.yaml"),
            format!("substances:\n  - id: local\n    name: Lo{c}cal\n"),
        )
        .unwrap();
        refused(&with_layers(&[&dir], &["alcohol"]), "kb.yaml:3:");
    }
}

#[test]
fn a_usage_error_shows_an_escape_sequence_escaped() {
    let output = kratom_check()
        .args(["--form", "\u{1b}[2Jleaf\u{1b}]0;x\u{7}"])
        .output()
        .unwrap();
    common::assert_status(&output, 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(
        stderr.contains("\\u{1b}[2Jleaf\\u{1b}]0;x\\u{7}"),
        "{stderr}"
    );
}

#[test]
fn a_layer_starting_with_a_byte_order_mark_is_read() {
    let dir = common::scratch_dir("bom");
    std::fs::write(
        dir.join("kb.yaml"),
        "\u{FEFF}substances:\n  - id: local_herb\n    name: Local herb\n",
    )
    .unwrap();
    let output = with_layers(&[&dir], &["--json", "local herb"]);
    common::assert_status(&output, 0);
    assert_eq!(read_report(&output).substances[1].id, "local_herb");
}

#[test]
fn a_name_clash_with_the_built_in_base_points_at_the_layer() {
    let dir = common::scratch_dir("clash");
    std::fs::write(
        dir.join("kb.yaml"),
        "substances:\n  - id: local_herb\n    name: Local herb\n    aliases: [percocet]\n",
    )
    .unwrap();
    let output = with_layers(&[&dir], &["alcohol"]);
    refused(&output, "kb.yaml:4:15");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("data/"), "{stderr}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_kernels_files_are_refused_without_reading_them() {
    let dir = common::scratch_dir("procfs");
    std::os::unix::fs::symlink("/proc/kmsg", dir.join("kmsg.yaml")).unwrap();
    for layer in [Path::new("/proc/kmsg"), &dir, Path::new("/sys")] {
        refused(
            &with_layers(&[layer], &["alcohol"]),
            "on the kernel's own file system",
        );
    }
}

#[test]
fn only_the_first_ten_unknown_names_of_a_check_get_suggestions() {
    let names: Vec<String> = (0..12).map(|n| format!("sertralinx{n}")).collect();
    let args: Vec<&str> = names.iter().map(String::as_str).collect();
    let (report, _) = common::check_json(&args);
    let suggested: Vec<bool> = report
        .unresolved
        .iter()
        .map(|u| !u.suggestions.is_empty())
        .collect();
    assert_eq!(suggested, [vec![true; 10], vec![false; 2]].concat());
}

#[test]
fn a_long_name_is_suggested_within_four_edits_only() {
    let (report, _) = common::check_json(&["hydroclorothiazyde"]);
    assert!(!report.unresolved[0].suggestions.is_empty(), "{report:?}");
    let (report, _) = common::check_json(&[&"oxycodoneacetaminophen".repeat(20)]);
    assert!(report.unresolved[0].suggestions.is_empty(), "{report:?}");
}
