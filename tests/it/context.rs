//! The combination as it is used: dose bands, product forms, frequency, stacks of three or
//! more substances, the pair matrix and red flags.

use crate::common;
use crate::common::{assert_status, check_json, kratom_check, rank};

fn tier_of(report: &common::Report, rule: &str) -> Option<String> {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .map(|f| f.tier.clone())
}

#[test]
fn dose_bands_rate_the_same_substances_differently() {
    let (low, _) = check_json(&["--dose", "3g", "alprazolam"]);
    let (high, _) = check_json(&["--dose", "high", "alprazolam"]);
    let (unknown, _) = check_json(&["alprazolam"]);
    assert_eq!(
        tier_of(&low, "kratom-strong-depressant").as_deref(),
        Some("moderate")
    );
    assert_eq!(
        tier_of(&high, "kratom-strong-depressant").as_deref(),
        Some("major")
    );
    // Without a dose the most severe band is assumed, and the finding says what a low dose
    // would change.
    assert_eq!(unknown.tier, "major");
    let finding = unknown
        .findings
        .iter()
        .find(|f| f.rule == "kratom-strong-depressant")
        .unwrap();
    assert!(
        finding
            .context_notes
            .iter()
            .any(|n| n.tier == "moderate" && !n.applied)
    );
    assert!(!unknown.context.assumed.is_empty());
    let dose = low.context.dose.as_ref().unwrap();
    assert_eq!((dose.grams, dose.band.as_str()), (Some(3.0), "low"));
}

#[test]
fn an_extract_counts_as_a_high_dose_and_7oh_as_a_potent_opioid() {
    let (extract, _) = check_json(&["--form", "extract", "alprazolam"]);
    assert_eq!(
        tier_of(&extract, "kratom-strong-depressant").as_deref(),
        Some("major")
    );
    assert_eq!(extract.context.form.as_deref(), Some("extract"));

    let (leaf, _) = check_json(&["--form", "leaf", "--dose", "low", "alcohol"]);
    let (seven_oh, _) = check_json(&["--form", "7-oh", "--dose", "low", "alcohol"]);
    assert!(
        rank(&seven_oh.tier) > rank(&leaf.tier),
        "{} vs {}",
        seven_oh.tier,
        leaf.tier
    );
    assert!(
        seven_oh
            .substances
            .iter()
            .any(|s| s.id == "seven_hydroxymitragynine" && s.matched == "form")
    );
    assert!(
        !seven_oh
            .between("alcohol", "seven_hydroxymitragynine")
            .is_empty()
    );
}

#[test]
fn a_bad_dose_is_a_usage_error() {
    for dose in ["lots", "-3", "0", "5000g"] {
        let output = kratom_check()
            .args(["--dose", dose, "alcohol"])
            .output()
            .unwrap();
        assert_status(&output, 2);
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn three_depressants_are_judged_together_and_rate_above_any_pair() {
    let (report, _) = check_json(&["alcohol", "alprazolam"]);
    assert_eq!(report.tier, "avoid");
    let stack = report
        .findings
        .iter()
        .find(|f| f.rule == "depressant-stack-avoid")
        .expect("a cumulative finding");
    assert_eq!(stack.substances, ["kratom", "alcohol", "alprazolam"]);
    let worst_pair = report
        .findings
        .iter()
        .filter(|f| f.substances.len() == 2)
        .map(|f| rank(&f.tier))
        .max()
        .unwrap();
    assert!(rank("avoid") > worst_pair);
}

#[test]
fn three_serotonergic_substances_are_judged_together() {
    let (report, _) = check_json(&["sertraline", "tramadol"]);
    let stack = report
        .findings
        .iter()
        .find(|f| f.rule == "serotonergic-stack")
        .expect("a cumulative serotonergic finding");
    assert_eq!(stack.substances.len(), 3);
    assert!(!report.between("sertraline", "tramadol").is_empty());
}

#[test]
fn major_findings_end_with_red_flags() {
    let (report, _) = check_json(&["oxycodone"]);
    let opioid = report
        .findings
        .iter()
        .find(|f| f.rule == "kratom-opioid")
        .unwrap();
    let overdose = opioid
        .red_flags
        .iter()
        .find(|r| r.mechanism == "respiratory_depression")
        .expect("overdose signs");
    assert!(overdose.what_to_do.iter().any(|t| t.contains("naloxone")));
    let (report, _) = check_json(&["sertraline", "tramadol"]);
    assert!(report.findings.iter().any(|f| {
        f.red_flags
            .iter()
            .any(|r| r.mechanism == "serotonin_syndrome")
    }));
    // Minor findings stay short.
    let (report, _) = check_json(&["warfarin"]);
    assert!(
        report
            .findings
            .iter()
            .filter(|f| f.tier == "minor")
            .all(|f| f.red_flags.is_empty())
    );
}

#[test]
fn the_matrix_shows_every_pair_in_json_and_as_a_grid() {
    let output = kratom_check()
        .args(["matrix", "alcohol", "sertraline", "--json"])
        .output()
        .unwrap();
    assert_status(&output, 0);
    let matrix = common::json_document("matrix", &output.stdout);
    let pairs = matrix["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3, "kratom, alcohol, sertraline: three pairs");
    let kratom_alcohol = pairs
        .iter()
        .find(|p| p["a"] == "kratom" && p["b"] == "alcohol")
        .unwrap();
    assert_eq!(kratom_alcohol["tier"], "major");
    assert!(!kratom_alcohol["rules"].as_array().unwrap().is_empty());

    let grid = kratom_check()
        .args(["matrix", "alcohol", "sertraline", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&grid.stdout);
    assert!(
        text.contains("1 Kratom") && text.contains("major"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes with --color never"
    );
    let coloured = kratom_check()
        .args(["matrix", "alcohol", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
}

/// The substance a potent-opioid form is judged as.
fn product_of(form: &str) -> &'static str {
    match form {
        "7-oh" => "seven_hydroxymitragynine",
        "pseudoindoxyl" => "mitragynine_pseudoindoxyl",
        other => panic!("{other} is not a product form"),
    }
}

#[test]
fn a_product_form_stands_in_for_leaf_kratom_in_stacks() {
    for form in ["7-oh", "pseudoindoxyl"] {
        let product = product_of(form);
        // Leaf kratom and the product are one thing taken one way, never two sedatives.
        let (report, _) = check_json(&["--form", form, "sertraline"]);
        let both = |f: &&common::Finding| {
            f.substances.iter().any(|s| s == "kratom") && f.substances.iter().any(|s| s == product)
        };
        assert!(
            !report.findings.iter().any(|f| both(&f)),
            "{form}: {:?}",
            report
                .findings
                .iter()
                .map(|f| (&f.rule, &f.substances))
                .collect::<Vec<_>>()
        );
        let (report, _) = check_json(&["--form", form, "alprazolam", "alcohol"]);
        let stack = report
            .findings
            .iter()
            .find(|f| f.rule == "depressant-stack-avoid")
            .expect("the product with two sedatives is a stack");
        assert_eq!(stack.substances, [product, "alprazolam", "alcohol"]);
    }
}

#[test]
fn a_leaf_dose_never_lowers_a_potent_opioid_products_findings() {
    let inputs: [&[&str]; 4] = [
        &["alprazolam", "alcohol"],
        &["alprazolam"],
        &["oxycodone", "gabapentin"],
        &["sertraline", "tramadol"],
    ];
    for form in ["7-oh", "pseudoindoxyl"] {
        let product = product_of(form).to_string();
        for substances in inputs {
            let undosed = check_json(&[&["--form", form], substances].concat()).0;
            let dosed = check_json(&[&["--form", form, "--dose", "1"], substances].concat()).0;
            for finding in dosed
                .findings
                .iter()
                .filter(|f| f.substances.contains(&product))
            {
                let same = undosed
                    .findings
                    .iter()
                    .find(|u| u.rule == finding.rule && u.substances == finding.substances)
                    .expect("the dose does not remove a product finding");
                assert_eq!(
                    finding.tier, same.tier,
                    "{form} {substances:?}: {}",
                    finding.rule
                );
            }
        }
    }
    let (report, _) = check_json(&["--form", "7-oh", "--dose", "1", "alprazolam", "alcohol"]);
    assert_eq!(report.tier, "avoid");
}

#[test]
fn a_matrix_too_wide_for_a_grid_lists_its_risky_pairs() {
    let names = [
        "alcohol",
        "sertraline",
        "phenelzine",
        "tramadol",
        "warfarin",
        "alprazolam",
        "methadone",
        "fentanyl",
        "quetiapine",
        "citalopram",
        "bupropion",
        "kava",
        "cannabidiol",
        "lithium",
        "ketoconazole",
        "fluconazole",
        "clarithromycin",
        "rifampin",
        "oxycodone",
        "morphine",
        "diazepam",
        "lorazepam",
        "zolpidem",
        "gabapentin",
        "pregabalin",
    ];
    let output = kratom_check()
        .args(["matrix", "--color", "never"])
        .args(names)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("No known interaction for the other"),
        "{text}"
    );
    assert!(text.contains("AVOID     Sertraline + Phenelzine"), "{text}");
    assert!(!text.contains('┌'), "no grid: {text}");
}
