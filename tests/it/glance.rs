//! The answer at a glance: the default table leads with the verdict and fits a screen, an
//! incomplete check never looks safe, `--explain` states each fact once, colour follows
//! severity, and the grids draw on any terminal. Snapshots are at 80 columns.

use crate::common;
use crate::common::{check_json, kratom_check, rank};

/// A pharmacist's list of twelve medicines.
const TWELVE_MEDICINES: &[&str] = common::TWENTY_MEDICINES.split_at(12).0;

/// Standard output of a run without colour in a UTF-8 locale, unless `env` says otherwise.
fn output(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = kratom_check();
    command
        .env_remove("LC_CTYPE")
        .env_remove("LANG")
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm")
        .env_remove("NO_COLOR");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.args(args).output().expect("runs");
    String::from_utf8(output.stdout).expect("utf-8")
}

fn text(args: &[&str]) -> String {
    let mut all = vec!["--color", "never"];
    all.extend(args);
    output(&all, &[])
}

/// The table line that names a finding's substances, as "A + B".
fn names_of(report: &common::Report, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            report
                .substances
                .iter()
                .find(|s| &s.id == id)
                .map_or(id.as_str(), |s| s.name.as_str())
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

#[test]
fn sertraline_and_alcohol_fits_a_screen_with_the_verdict_and_every_pair_first() {
    let text = text(&["sertraline", "alcohol"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() <= 40, "{} lines:\n{text}", lines.len());
    assert!(lines[0].starts_with("Overall: MAJOR"));
    let first = lines[..12].join("\n");
    for pair in [
        "Kratom + Sertraline:",
        "Kratom + Alcohol (ethanol):",
        "Sertraline + Alcohol (ethanol):",
    ] {
        assert!(
            first.contains(pair),
            "{pair} not in the first 12 lines:\n{text}"
        );
    }
    assert!(lines.iter().all(|l| l.chars().count() <= 80));
    insta::assert_snapshot!("sertraline_alcohol", text);
}

#[test]
fn twelve_medicines_fit_seventy_lines_and_name_every_serious_pair() {
    let text = text(TWELVE_MEDICINES);
    assert!(text.lines().count() <= 70, "{text}");
    let (report, _) = check_json(TWELVE_MEDICINES);
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let serious: Vec<_> = report
        .findings
        .iter()
        .filter(|f| rank(&f.tier) >= rank("major"))
        .collect();
    assert!(serious.len() >= 5);
    for finding in serious {
        let named = format!(
            "{} {}:",
            finding.tier.to_uppercase(),
            names_of(&report, &finding.substances)
        );
        assert!(joined.contains(&named), "{named} not named:\n{text}");
    }
    // Beside major findings the minor ones are counted, not listed, and --all lists them.
    let minor = report.findings.iter().filter(|f| f.tier == "minor").count();
    assert!(minor > 3);
    assert!(text.contains(&format!("...and {minor} minor findings")));
    let all = self::text(
        &["--all"]
            .into_iter()
            .chain(TWELVE_MEDICINES.iter().copied())
            .collect::<Vec<_>>(),
    );
    assert_eq!(
        all.lines().filter(|l| l.starts_with("MINOR ")).count(),
        minor
    );
    assert!(!all.contains("more minor"));
    insta::assert_snapshot!("twelve_medicines", text);
}

#[test]
fn an_unrecognised_name_makes_the_check_incomplete_from_the_first_line() {
    let text = text(&["notarealdrug"]);
    let first: Vec<&str> = text.lines().take(3).collect();
    assert!(first[0].starts_with("INCOMPLETE CHECK"), "{text}");
    assert!(
        first[1].contains("\"notarealdrug\" was NOT checked"),
        "{text}"
    );
    assert!(!text.contains("NONE"), "{text}");
    // Never green, and never the look of a safe answer.
    let coloured = output(&["--color", "always", "notarealdrug"], &[]);
    assert!(!coloured.contains("\x1b[32m") && !coloured.contains(";32m"));
    insta::assert_snapshot!("notarealdrug", text);
}

#[test]
fn a_class_whose_members_differ_is_incomplete_and_says_so_first() {
    let text = text(&["opioids"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("INCOMPLETE CHECK: a name stands for several substances"),
        "{text}"
    );
    assert!(lines[1].starts_with("At worst: AVOID"), "{text}");
    let first = lines[..8].join(" ");
    assert!(
        first.contains("Answers range from minor to avoid"),
        "{text}"
    );
}

#[test]
fn an_ambiguous_name_shows_what_it_may_mean_before_the_findings() {
    let text = text(&["percs"]);
    let notes = text.find("may mean Oxycodone or Fentanyl").expect("named");
    let findings = text.find("AVOID     Kratom + Fentanyl").expect("finding");
    assert!(notes < findings, "{text}");
    insta::assert_snapshot!("percs", text);
}

#[test]
fn a_products_own_ingredients_are_not_judged_against_each_other() {
    // Every minor finding listed, so that each ingredient's own pairs with kratom are in view.
    let text = text(&["--all", "suboxone"]);
    assert!(!text.contains("Buprenorphine + Naloxone:"), "{text}");
    assert!(text.contains("Kratom + Buprenorphine:"), "{text}");
    assert!(text.contains("Kratom + Naloxone:"), "{text}");
    insta::assert_snapshot!("suboxone", text);
}

#[test]
fn explain_gives_the_detail_stating_each_fact_and_red_flag_once() {
    let text = text(&["--explain", "sertraline", "alcohol"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        flat.matches("Kratom is a CNS depressant (moderate").count(),
        1
    );
    assert!(
        flat.contains("Kratom is a CNS depressant (see above)"),
        "{text}"
    );
    assert_eq!(flat.matches("! Opioid overdose: watch for").count(), 1);
    assert!(flat.contains("References: [1] "));
    assert!(flat.contains("Evidence B (studied: kratom with"));
    insta::assert_snapshot!("explain_sertraline_alcohol", text);
}

#[test]
fn explain_names_each_rule_and_the_file_and_line_it_is_written_at() {
    let explained = output(
        &["--color", "never", "--explain", "alprazolam"],
        &[("COLUMNS", "200")],
    );
    let line = explained
        .lines()
        .find_map(|line| line.split("Rule: ").nth(1))
        .unwrap_or_else(|| panic!("no rule line:\n{explained}"));
    // "kratom-strong-depressant at data/rules/opioids-and-depressants.yaml:LINE"
    let (rule, place) = line.split_once(" at ").expect("rule at place");
    let place = place.split_whitespace().next().expect("a place");
    let (path, number) = place.rsplit_once(':').expect("path:line");
    assert!(
        path.starts_with("data/rules/") && path.ends_with(".yaml"),
        "{line}"
    );
    let number: usize = number.parse().expect("a line number");
    let file = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("the named file exists");
    let id_line = format!("id: {rule}");
    assert!(
        file.lines()
            .skip(number - 1)
            .take(3)
            .any(|l| l.trim().trim_start_matches("- ") == id_line),
        "{path}:{number} does not hold `{id_line}`"
    );
    // The summary stays a glance: no rule places there.
    assert!(!text(&["alprazolam"]).contains("Rule:"));
}

#[test]
fn colour_follows_severity_with_avoid_the_most_alarming() {
    let avoid = output(&["--color", "always", "fentanyl"], &[]);
    assert!(
        avoid.starts_with("\x1b[1;97;41mOverall: AVOID"),
        "{avoid:?}"
    );
    let major = output(&["--color", "always", "alprazolam"], &[]);
    assert!(major.starts_with("\x1b[1;31mOverall: MAJOR"), "{major:?}");
    // Not a terminal: no colour unless asked for.
    assert!(!output(&["fentanyl"], &[]).contains('\x1b'));
}

#[test]
fn a_matrix_too_wide_for_the_screen_lists_the_pairs_without_breaking_a_word() {
    let mut args = vec!["--color", "never", "matrix"];
    args.extend(TWELVE_MEDICINES);
    let text = output(&args, &[]);
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(text.contains("AVOID     Kratom + Oxycodone"), "{text}");
    assert!(text.trim_end().ends_with("change what you take."));
    insta::assert_snapshot!("matrix_twelve", text);

    // An incomplete matrix says so first and never shows NONE overall.
    let incomplete = output(&["--color", "never", "matrix", "notarealdrug"], &[]);
    assert!(incomplete.starts_with("INCOMPLETE CHECK"), "{incomplete}");
    assert!(incomplete.contains("\"notarealdrug\""));
    assert!(!incomplete.contains("NONE"), "{incomplete}");

    // Three fit as a grid.
    let grid = output(
        &["--color", "never", "matrix", "alcohol", "alprazolam"],
        &[],
    );
    assert!(grid.contains("│ 1 Kratom"), "{grid}");
}

#[test]
fn without_a_utf8_locale_or_on_a_dumb_terminal_borders_are_ascii() {
    let args = ["--color", "never", "matrix", "alcohol", "alprazolam"];
    for env in [&[("LC_ALL", "C")][..], &[("TERM", "dumb")]] {
        let grid = output(&args, env);
        assert!(grid.is_ascii(), "{env:?}:\n{grid}");
        assert!(grid.contains("| 1 Kratom"), "{grid}");
    }
    let explained = output(
        &["--color", "never", "--explain", "sertraline", "alcohol"],
        &[("LC_ALL", "C")],
    );
    assert!(!explained.contains('│') && explained.contains("| MAJOR"));
    let mut twelve = vec!["--color", "never", "matrix"];
    twelve.extend(TWELVE_MEDICINES);
    insta::assert_snapshot!("matrix_twelve_ascii", output(&twelve, &[("LC_ALL", "C")]));
    insta::assert_snapshot!("matrix_three_ascii", output(&args, &[("LC_ALL", "C")]));
}

/// The pharmacist's list from issue 25: at most 70 lines at 80 columns, each red flag in one or
/// two lines (its full text is in --explain).
#[test]
fn a_pharmacists_twelve_medicines_fit_seventy_lines_with_short_red_flags() {
    let list = [
        "warfarin",
        "metoprolol",
        "atorvastatin",
        "omeprazole",
        "sertraline",
        "tramadol",
        "gabapentin",
        "lisinopril",
        "spironolactone",
        "ibuprofen",
        "furosemide",
        "donepezil",
    ];
    let text = text(&list);
    assert!(text.lines().count() <= 70, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let flags: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("! "))
        .collect();
    assert!(flags.len() >= 3, "{text}");
    for i in flags {
        let continued = lines[i + 1..]
            .iter()
            .take_while(|l| l.starts_with("  "))
            .count();
        assert!(continued <= 1, "{}: {continued} more lines", lines[i]);
    }
    // --explain gives each red flag whole (its table wraps the words).
    let explain = self::text(&["--explain"].into_iter().chain(list).collect::<Vec<_>>());
    let words: Vec<&str> = explain
        .split(|c: char| c.is_whitespace() || c == '│' || c == '┆')
        .filter(|w| !w.is_empty())
        .collect();
    assert!(words.join(" ").contains("pinpoint pupils"), "{explain}");
}

/// A moderate check still says what to do (issue 25: `--dose 3g alprazolam`).
#[test]
fn moderate_findings_say_what_to_do_when_nothing_is_more_severe() {
    let text = text(&["--dose", "3g", "alprazolam"]);
    assert!(text.starts_with("Overall: MODERATE"), "{text}");
    assert!(text.contains("What to do:"), "{text}");
}
