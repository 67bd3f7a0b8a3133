//! Tier calls and citations corrected against the evidence (issue 14, items 2 and 4): each test
//! names the call and the source it rests on, so a change that undoes one fails here.

use crate::common;
use crate::common::{Finding, Report, check_json, rank};

fn finding<'a>(report: &'a Report, other: &str, rule: &str) -> &'a Finding {
    report
        .between("kratom", other)
        .into_iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("kratom + {other}: no {rule} finding"))
}

fn cites(finding: &Finding, id: &str) -> bool {
    finding.references.iter().any(|r| r.id == id)
}

#[test]
fn buprenorphine_is_moderate_with_induction_timing() {
    // Weiss & Douglas 2021, the VA case series (Lei 2021) and Kiyokawa 2023: buprenorphine
    // treats kratom dependence; no precipitated withdrawal reported.
    let (report, code) = check_json(&["buprenorphine"]);
    assert_eq!(code, 0);
    assert_eq!(report.tier, "moderate");
    let f = finding(&report, "buprenorphine", "kratom-buprenorphine");
    assert_eq!(f.tier, "moderate");
    assert_eq!(f.evidence.grade, "C");
    assert!(f.advice.iter().any(|a| a.contains("8 hours")));
    for id in ["lei-2021-va", "weiss-douglas-2021", "kiyokawa-2023"] {
        assert!(cites(f, id), "kratom-buprenorphine does not cite {id}");
    }
}

#[test]
fn naloxone_is_minor_or_lower_and_always_given() {
    for input in ["naloxone", "Narcan"] {
        let (report, _) = check_json(&[input]);
        assert!(
            rank(&report.tier) <= rank("minor"),
            "{input}: {}",
            report.tier
        );
        let f = finding(&report, "naloxone", "kratom-overdose-reversal");
        assert!(
            f.advice
                .iter()
                .any(|a| a.contains("Never withhold naloxone"))
        );
        assert!(cites(f, "naloxone-label"));
        assert!(!cites(f, "naltrexone-label"));
    }
    // An opioid, or buprenorphine, with naloxone: rescue, cited to the naloxone label.
    for (opioid, rule) in [
        ("oxycodone", "opioid-overdose-reversal"),
        ("buprenorphine", "partial-agonist-overdose-reversal"),
    ] {
        // Naloxone first: "buprenorphine naloxone" is Suboxone's generic name.
        let (report, _) = check_json(&["naloxone", opioid]);
        let f = report
            .between(opioid, "naloxone")
            .into_iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{opioid} + naloxone: no {rule}"));
        assert_eq!(f.tier, "minor");
        assert!(cites(f, "naloxone-label") && !cites(f, "naltrexone-label"));
    }
    // Suboxone's own two ingredients are not judged against each other: the product is made
    // to be taken that way. Each is still judged against kratom and every other input.
    for suboxone in [&["Suboxone"][..], &["buprenorphine naloxone"]] {
        let (report, _) = check_json(suboxone);
        assert_eq!(report.tier, "moderate");
        assert!(report.between("buprenorphine", "naloxone").is_empty());
        assert!(!report.between("kratom", "buprenorphine").is_empty());
        assert!(!report.between("kratom", "naloxone").is_empty());
    }
    let (report, _) = check_json(&["Suboxone", "alprazolam"]);
    assert!(!report.between("buprenorphine", "alprazolam").is_empty());
    assert!(report.between("buprenorphine", "naloxone").is_empty());
    // Typed apart as well, the pair is judged: generic names typed apart are never read as
    // the product they make.
    let (report, _) = check_json(&["Suboxone", "oxycodone", "naloxone"]);
    assert!(!report.between("oxycodone", "naloxone").is_empty());
    let (report, _) = check_json(&["buprenorphine", "naloxone"]);
    assert!(!report.between("buprenorphine", "naloxone").is_empty());
}

#[test]
fn sensitive_cyp2d6_substrates_give_a_minor_extrapolated_finding_with_the_null_result() {
    // Tanna 2023 (CPT): 2 g kratom did not change dextromethorphan exposure (AUC ratio 0.99).
    for substance in ["nebivolol", "atomoxetine"] {
        let (report, _) = check_json(&[substance]);
        let f = finding(&report, substance, "kratom-cyp2d6-sensitive");
        assert_eq!(f.tier, "minor");
        // Unstudied with these medicines: extrapolated from the dextromethorphan study.
        assert_eq!(f.evidence.grade, "E");
        assert!(f.explanation.contains("0.99"), "{}", f.explanation);
        assert!(cites(f, "tanna-2023-cpt"));
    }
}

#[test]
fn dextromethorphan_shows_the_null_pk_result_beside_the_serotonergic_caution() {
    let (report, _) = check_json(&["dextromethorphan"]);
    let pk = finding(&report, "dextromethorphan", "kratom-dextromethorphan");
    assert_eq!(pk.tier, "minor");
    assert_eq!(pk.evidence.grade, "A");
    assert!(pk.explanation.contains("0.99"));
    let serotonergic = finding(&report, "dextromethorphan", "kratom-serotonergic");
    assert_eq!(serotonergic.tier, "moderate");
}

#[test]
fn acetaminophen_at_ordinary_doses_is_minor() {
    let (report, _) = check_json(&["acetaminophen"]);
    assert_eq!(report.tier, "minor");
    assert!(report.has_mechanism("hepatotoxicity"));
    // Acetaminophen with alcohol keeps its liver finding.
    let (report, _) = check_json(&["acetaminophen", "alcohol"]);
    assert!(
        report
            .between("acetaminophen", "alcohol")
            .iter()
            .any(|f| f.mechanisms.contains(&"hepatotoxicity".to_string()))
    );
}

#[test]
fn loperamide_is_moderate_through_p_glycoprotein() {
    // Tanna 2023 (DMD): predicted gut R 22 for P-gp; FDA 2016: heart toxicity at misuse doses.
    let (report, _) = check_json(&["loperamide"]);
    assert_eq!(report.tier, "moderate");
    let f = finding(&report, "loperamide", "kratom-pgp-gated-opioid");
    assert!(f.mechanisms.contains(&"pgp_inhibition".to_string()));
    assert!(cites(f, "fda-2016-loperamide") && cites(f, "tanna-2023-dmd"));
    // The rule is written over properties: digoxin (P-gp, not an opioid) does not meet it.
    let (report, _) = check_json(&["digoxin"]);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule != "kratom-pgp-gated-opioid")
    );
}

#[test]
fn quetiapine_is_major_on_two_case_reports() {
    // Hughes 2019 (fatal, toxic quetiapine level) and Brogdon 2022 (toxicity with venlafaxine).
    let (report, _) = check_json(&["quetiapine"]);
    assert_eq!(report.tier, "major");
    let f = finding(&report, "quetiapine", "kratom-quetiapine");
    assert_eq!(f.evidence.grade, "C");
    assert!(cites(f, "hughes-2019") && cites(f, "brogdon-2022"));
    assert!(!f.red_flags.is_empty(), "a major finding carries red flags");
    let (report, _) = check_json(&["--dose", "2", "quetiapine"]);
    let f = finding(&report, "quetiapine", "kratom-quetiapine");
    assert_eq!(f.tier, "moderate");
}

#[test]
fn diphenhydramine_gives_a_seizure_finding_from_case_data() {
    let (report, _) = check_json(&["diphenhydramine"]);
    let f = finding(&report, "diphenhydramine", "kratom-diphenhydramine");
    assert_eq!(f.tier, "moderate");
    assert_eq!(f.evidence.grade, "C");
    assert!(f.mechanisms.contains(&"seizure_threshold".to_string()));
    assert!(cites(f, "malaysia-seizures-2021"));
}

#[test]
fn citations_back_only_what_they_say() {
    // McIntyre 2015 is a death with pulmonary oedema, not serotonin toxicity.
    let (report, _) = check_json(&["sertraline", "venlafaxine"]);
    for f in &report.findings {
        if f.mechanisms.contains(&"serotonin_syndrome".to_string()) {
            assert!(!cites(f, "mcintyre-2015"), "{} cites mcintyre-2015", f.rule);
        }
    }
    // FDA's 2019 gabapentinoid notice backs only gabapentinoid findings.
    for other in [
        "quetiapine",
        "olanzapine",
        "diphenhydramine",
        "kava",
        "alprazolam",
    ] {
        let (report, _) = check_json(&[other, "oxycodone"]);
        for f in &report.findings {
            assert!(
                !cites(f, "fda-2019-gabapentinoids"),
                "{} ({:?}) cites the gabapentinoid notice",
                f.rule,
                f.substances
            );
        }
    }
    for gabapentinoid in ["gabapentin", "pregabalin"] {
        let (report, _) = check_json(&[gabapentinoid, "oxycodone"]);
        assert!(
            report
                .findings
                .iter()
                .any(|f| cites(f, "fda-2019-gabapentinoids")),
            "{gabapentinoid}"
        );
    }
    // Kiyokawa 2023 is not cited for the 8-hour induction; the VA series is.
    let (report, _) = check_json(&["buprenorphine"]);
    let f = finding(&report, "buprenorphine", "kratom-buprenorphine");
    assert!(f.explanation.contains("VA series"));
}

#[test]
fn kratom_profile_follows_the_evidence() {
    let output = common::kratom_check()
        .args(["info", "kratom", "--json"])
        .output()
        .expect("binary runs");
    let info = common::json_document("info", &output.stdout);
    let names = |key: &str| -> Vec<String> {
        info[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    // CYP2C9: predicted R 1.01, under the 1.02 cutoff (Tanna 2023 DMD): not an inhibitor.
    assert!(!names("inhibits").contains(&"cyp2c9".to_string()));
    // CYP2C9 is a minor route of mitragynine's metabolism (Kamble 2019).
    assert!(names("substrate_of").contains(&"cyp2c9".to_string()));
    // CYP2D6: none at 2 g (A), possible at heavy use (D): nebivolol's finding says both.
    let (report, _) = check_json(&["nebivolol"]);
    let f = finding(&report, "nebivolol", "kratom-cyp2d6-sensitive");
    assert!(
        f.explanation.contains("none at 2 g in people"),
        "{}",
        f.explanation
    );
    // 7-OH is the partial agonist; mitragynine acted as an antagonist in one assay.
    let (report, _) = check_json(&["naltrexone"]);
    let f = finding(&report, "naltrexone", "kratom-opioid-antagonist");
    assert!(f.explanation.contains("an antagonist in another"));
    assert!(cites(f, "obeng-2021"));
}

#[test]
fn every_reference_is_cited_by_something() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut files = vec![];
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    let references = std::fs::read_to_string(root.join("references.yaml")).unwrap();
    let others: String = files
        .iter()
        .filter(|p| p.file_name().unwrap() != "references.yaml")
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let ids = references
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .map(str::trim);
    for id in ids {
        let used = others.match_indices(id).any(|(i, _)| {
            let before = others[..i].chars().next_back();
            let after = others[i + id.len()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-'));
            boundary(before) && boundary(after)
        });
        assert!(used, "reference {id} is cited by nothing");
    }
}
