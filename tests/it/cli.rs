//! The binary as a user and a script meet it: the acceptance checks, the JSON contract,
//! exit statuses and the table (its layout: tests/glance.rs).

use crate::common;
use crate::common::{assert_status, check_json, kratom_check, rank};
use predicates::prelude::*;

#[test]
fn sertraline_and_alcohol_is_major_with_all_three_pairs() {
    let (report, code) = check_json(&["sertraline", "alcohol"]);
    assert_eq!(code, 0);
    assert!(rank(&report.tier) >= rank("major"), "tier {}", report.tier);
    assert!(report.complete);
    let kratom_alcohol = report.between("kratom", "alcohol");
    assert!(kratom_alcohol.iter().any(|f| {
        f.mechanisms.contains(&"cns_depression".to_string())
            && f.mechanisms.contains(&"respiratory_depression".to_string())
    }));
    let kratom_sertraline = report.between("kratom", "sertraline");
    let serotonergic = kratom_sertraline
        .iter()
        .find(|f| f.mechanisms.contains(&"serotonin_syndrome".to_string()))
        .expect("kratom x sertraline serotonergic finding");
    assert!(
        serotonergic
            .explanation
            .contains("sertraline is serotonergic (strong; as an SSRI")
    );
    assert!(
        serotonergic
            .explanation
            .contains("Kratom is serotonergic (weak")
    );
    assert!(!report.between("sertraline", "alcohol").is_empty());
}

#[test]
fn findings_are_sorted_most_severe_first_and_tier_is_the_highest() {
    let (report, _) = check_json(&["tramadol", "sertraline", "alcohol"]);
    let ranks: Vec<usize> = report.findings.iter().map(|f| rank(&f.tier)).collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    assert_eq!(rank(&report.tier), ranks[0]);
}

#[test]
fn naltrexone_warns_of_precipitated_withdrawal_with_the_washout() {
    let (report, _) = check_json(&["naltrexone"]);
    assert!(rank(&report.tier) >= rank("major"));
    let finding = report
        .findings
        .iter()
        .find(|f| {
            f.mechanisms
                .contains(&"precipitated_withdrawal".to_string())
        })
        .expect("precipitated withdrawal finding");
    assert!(finding.advice.iter().any(|a| a.contains("7 to 10 days")));
}

#[test]
fn a_pde5_inhibitor_with_any_nitric_oxide_donor_is_avoid_with_what_to_do() {
    for (pill, donor) in [
        ("sildenafil", "nitroglycerin"),
        ("Cialis", "poppers"),
        ("vardenafil", "BiDil"),
    ] {
        let (report, code) = check_json(&[pill, donor]);
        assert_eq!(code, 0);
        assert_eq!(report.tier, "avoid", "{pill} + {donor}");
        let finding = report
            .findings
            .iter()
            .find(|f| f.rule == "pde5-nitric-oxide-donor")
            .unwrap_or_else(|| panic!("{pill} + {donor}: no PDE5-nitrate finding"));
        assert_eq!(finding.mechanisms, ["hypotension"]);
        assert!(
            finding
                .red_flags
                .iter()
                .any(|flag| flag.mechanism == "hypotension")
        );
    }
}

#[test]
fn naloxone_is_never_discouraged() {
    let (report, _) = check_json(&["naloxone"]);
    assert!(rank(&report.tier) < rank("major"));
    let advice: Vec<&String> = report.findings.iter().flat_map(|f| &f.advice).collect();
    assert!(advice.iter().any(|a| a.contains("Never withhold naloxone")));
}

#[test]
fn seed_claim_substances_give_their_mechanisms() {
    let cases: &[(&str, &str, &str)] = &[
        ("alprazolam", "major", "cns_depression"),
        ("alcohol", "major", "cns_depression"),
        ("phenelzine", "major", "serotonin_syndrome"),
        ("warfarin", "minor", "narrow_therapeutic_index"),
        ("lithium", "minor", "narrow_therapeutic_index"),
        ("kava", "moderate", "cns_depression"),
        ("kava", "moderate", "hepatotoxicity"),
        ("cannabidiol", "moderate", "increased_kratom_exposure"),
        ("mdma", "moderate", "serotonin_syndrome"),
        ("bupropion", "moderate", "seizure_threshold"),
        ("fentanyl", "avoid", "additive_opioid"),
        ("quetiapine", "moderate", "cyp3a4_inhibition"),
        ("codeine", "minor", "reduced_prodrug_activation"),
    ];
    for (substance, at_least, mechanism) in cases {
        let (report, code) = check_json(&[substance]);
        assert_eq!(code, 0, "{substance}");
        assert!(
            rank(&report.tier) >= rank(at_least),
            "{substance}: tier {} below {at_least}",
            report.tier
        );
        assert!(
            report.has_mechanism(mechanism),
            "{substance}: no {mechanism} finding"
        );
    }
}

#[test]
fn every_finding_is_graded_and_cited_or_says_it_is_an_extrapolation() {
    let (report, _) = check_json(&[
        "sertraline",
        "alcohol",
        "naltrexone",
        "warfarin",
        "lithium",
        "kava",
        "quetiapine",
        "ketoconazole",
        "rifampin",
        "phenelzine",
        "bupropion",
        "cannabidiol",
    ]);
    assert!(report.findings.len() > 20);
    for finding in &report.findings {
        assert!(["A", "B", "C", "D", "E"].contains(&finding.evidence.grade.as_str()));
        if finding.references.is_empty() {
            assert_eq!(finding.evidence.grade, "E", "{} uncited", finding.rule);
        }
        // A grade better than E is earned only by evidence that studied these substances.
        match finding.evidence.basis.as_str() {
            "studied" => {
                assert_ne!(finding.evidence.grade, "E", "{}", finding.rule);
                assert_eq!(finding.evidence.studied.len(), 1, "{}", finding.rule);
            }
            "extrapolated" => assert_eq!(finding.evidence.grade, "E", "{}", finding.rule),
            other => panic!("{}: basis {other}", finding.rule),
        }
        for reference in &finding.references {
            assert!(
                reference.doi.is_some() || reference.pmid.is_some() || reference.url.is_some(),
                "{} has no identifier",
                reference.id
            );
        }
    }
}

#[test]
fn an_unknown_substance_is_unresolved_never_safe() {
    let (report, code) = check_json(&["notarealdrug"]);
    assert_eq!(code, 3);
    assert!(!report.complete);
    assert_eq!(report.unresolved.len(), 1);
    assert_eq!(report.unresolved[0].input, "notarealdrug");
    kratom_check()
        .arg("notarealdrug")
        .assert()
        .code(3)
        .stdout(predicate::str::contains("NOT checked"))
        .stdout(predicate::str::contains("not proof"));
}

#[test]
fn with_strict_a_misspelling_is_suggested_never_substituted() {
    let (report, code) = check_json(&["--strict", "sertralin", "alcohol"]);
    assert_eq!(code, 3);
    assert!(report.substances.iter().all(|s| s.id != "sertraline"));
    assert_eq!(
        report.unresolved[0].suggestions.first().map(String::as_str),
        Some("Sertraline")
    );
    // What did resolve is still reported in full.
    assert!(rank(&report.tier) >= rank("major"));
}

#[test]
fn names_resolve_by_brand_and_in_any_case_or_punctuation() {
    let (report, code) = check_json(&["ZOLOFT", "St. John's Wort", "kratom"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = report.substances.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["kratom", "sertraline", "st_johns_wort"]);
    assert_eq!(report.substances[1].matched, "alias");
    assert_eq!(report.substances[0].input.as_deref(), Some("kratom"));
}

#[test]
fn fail_on_exits_one_at_or_above_the_tier() {
    kratom_check()
        .args(["--fail-on", "major", "sertraline", "alcohol"])
        .assert()
        .code(1);
    kratom_check()
        .args(["--fail-on", "avoid", "sertraline", "alcohol"])
        .assert()
        .code(0);
    // 1 takes precedence over 3.
    kratom_check()
        .args(["--fail-on", "major", "alcohol", "notarealdrug"])
        .assert()
        .code(1);
}

#[test]
fn usage_errors_exit_two_on_stderr() {
    kratom_check().assert().code(2).stdout("");
    kratom_check()
        .args(["--fail-on", "catastrophic", "alcohol"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn json_is_byte_identical_across_runs_and_input_order() {
    let run = |args: &[&str]| {
        kratom_check()
            .arg("--json")
            .args(args)
            .output()
            .expect("runs")
            .stdout
    };
    assert_eq!(
        run(&["sertraline", "alcohol"]),
        run(&["sertraline", "alcohol"])
    );
    let (a, _) = check_json(&["sertraline", "alcohol", "tramadol"]);
    let (b, _) = check_json(&["tramadol", "alcohol", "sertraline", "alcohol"]);
    assert_eq!(a.tier, b.tier);
    let rules = |r: &common::Report| {
        let mut rules: Vec<String> = r
            .findings
            .iter()
            .map(|f| {
                let mut pair = f.substances.clone();
                pair.sort();
                format!("{}:{}", f.rule, pair.join("+"))
            })
            .collect();
        rules.sort();
        rules
    };
    assert_eq!(rules(&a), rules(&b));
}

#[test]
fn a_finding_is_graded_by_what_studied_its_own_substances() {
    let evidence = |substance: &str, rule: &str| {
        let (report, _) = check_json(&[substance]);
        let finding = report
            .findings
            .into_iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{rule} fires for {substance}"));
        finding.evidence
    };
    // The one controlled kratom interaction study used oral midazolam.
    let midazolam = evidence("midazolam", "kratom-cyp3a4-sensitive");
    assert_eq!(
        (midazolam.grade.as_str(), midazolam.basis.as_str()),
        ("A", "studied")
    );
    assert_eq!(midazolam.studied, ["kratom with midazolam, taken by mouth"]);
    // The same rule reaches simvastatin only by extrapolation, and says from what.
    let simvastatin = evidence("simvastatin", "kratom-cyp3a4-sensitive");
    assert_eq!(
        (simvastatin.grade.as_str(), simvastatin.basis.as_str()),
        ("E", "extrapolated")
    );
    assert!(simvastatin.studied.iter().any(|s| s.contains("midazolam")));
    // Death series back kratom with fentanyl at their own grade, whatever kratom's receptor
    // data are graded; tianeptine is not in them.
    let fentanyl = evidence("fentanyl", "kratom-opioid");
    assert_eq!(
        (fentanyl.grade.as_str(), fentanyl.basis.as_str()),
        ("B", "studied")
    );
    let tianeptine = evidence("tianeptine", "kratom-opioid");
    assert_eq!(tianeptine.grade, "E");
    // A rule that names no study is an extrapolation wherever it fires.
    let lithium = evidence("lithium", "kratom-narrow-index-monitoring");
    assert_eq!(
        (lithium.basis.as_str(), lithium.studied.len()),
        ("extrapolated", 0)
    );

    let text = table(&["--explain", "simvastatin"]);
    assert!(
        text.contains("Evidence E (extrapolated from kratom with"),
        "{text}"
    );
}

#[test]
fn the_table_leads_with_the_verdict_and_explain_adds_references() {
    let text = table(&["sertraline", "alcohol"]);
    assert!(text.starts_with("Overall: MAJOR - serious harm possible"));
    assert!(text.contains("\nChecked: Kratom + Sertraline + Alcohol"));
    assert!(!text.contains("References:"));
    assert!(text.trim_end().ends_with("change what you take."));
    assert!(!text.contains('\x1b'));
    let explained = table(&["--explain", "sertraline", "alcohol"]);
    assert!(explained.contains("References:\n[1] "));
    assert!(explained.trim_end().ends_with("change what you take."));
    for text in [text, explained] {
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= 80 || !l.contains(' '))
        );
    }
}

fn table(args: &[&str]) -> String {
    let output = kratom_check()
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("runs");
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .filter(|l| !l.contains("sha256"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    kratom_check()
        .args(["--color", "always", "alcohol"])
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    // Not a terminal: auto means no colour, whatever NO_COLOR says.
    kratom_check()
        .args(["alcohol"])
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
    // CLICOLOR_FORCE colours piped output, unless NO_COLOR says otherwise.
    kratom_check()
        .env("CLICOLOR_FORCE", "1")
        .args(["alcohol"])
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    kratom_check()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .args(["alcohol"])
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn control_characters_in_a_name_are_not_echoed_raw() {
    kratom_check()
        .args(["--color", "never", "evil\x1b[31mname"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("\x1b[31m").not())
        .stdout(predicate::str::contains("evil\\u{1b}[31mname"));
}

/// A command typed after a substance is a usage error, not two more substances to check; a
/// search that finds nothing says so.
#[test]
fn a_command_after_a_substance_is_a_usage_error() {
    for args in [["xanax", "search", "oxy"], ["xanax", "completions", "bash"]] {
        let output = kratom_check().args(args).output().unwrap();
        assert_status(&output, 2);
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("is a command, so it goes first"),
            "{stderr}"
        );
    }
    let output = kratom_check().args(["search", "zzzzzz"]).output().unwrap();
    assert_status(&output, 3);
    assert!(String::from_utf8_lossy(&output.stderr).contains("no name contains \"zzzzzz\""));
}

#[test]
fn the_batch_summary_counts_in_the_singular_and_the_plural() {
    let summary = |input: &str| {
        let output = kratom_check()
            .arg("batch")
            .write_stdin(input)
            .output()
            .unwrap();
        String::from_utf8(output.stderr).unwrap()
    };
    let one = summary("alcohol\n\n");
    assert!(
        one.contains(
            "batch: 2 lines read, 1 record written, 1 blank line skipped; 0 records with an error"
        ),
        "{one}"
    );
    let two = summary("alcohol\nsertraline\n");
    assert!(
        two.contains(
            "batch: 2 lines read, 2 records written, 0 blank lines skipped; 0 records with an error"
        ),
        "{two}"
    );
}
