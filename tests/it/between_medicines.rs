//! Interaction families between the substances themselves (issue 16): the pairs a pharmacist
//! would flag in a medicine list, rated as the labels and guidelines behind each rule support.

use crate::common::{check_json, rank};

/// Each pair the issue named, the rule that must rate it, and the tier it must give.
#[test]
fn the_named_pairs_are_rated_as_their_sources_support() {
    for (a, b, rule, tier) in [
        (
            "warfarin",
            "ibuprofen",
            "anticoagulant-with-bleeding-medicine",
            "major",
        ),
        (
            "warfarin",
            "aspirin",
            "anticoagulant-with-bleeding-medicine",
            "major",
        ),
        (
            "apixaban",
            "naproxen",
            "anticoagulant-with-bleeding-medicine",
            "major",
        ),
        (
            "warfarin",
            "sertraline",
            "anticoagulant-with-serotonin-reuptake-inhibitor",
            "moderate",
        ),
        (
            "clopidogrel",
            "ibuprofen",
            "p2y12-inhibitor-with-nsaid",
            "major",
        ),
        (
            "lisinopril",
            "spironolactone",
            "potassium-sparing-diuretic-with-potassium",
            "major",
        ),
        (
            "spironolactone",
            "potassium_chloride",
            "potassium-sparing-diuretic-with-potassium",
            "major",
        ),
        (
            "methotrexate",
            "trimethoprim",
            "methotrexate-trimethoprim",
            "major",
        ),
        (
            "metronidazole",
            "alcohol",
            "alcohol-reaction-medicine-alcohol",
            "major",
        ),
        ("disulfiram", "alcohol", "disulfiram-alcohol", "avoid"),
        (
            "glipizide",
            "ciprofloxacin",
            "fluoroquinolone-glucose-lowering",
            "moderate",
        ),
        (
            "prednisone",
            "levofloxacin",
            "fluoroquinolone-corticosteroid",
            "moderate",
        ),
        (
            "metoprolol",
            "verapamil",
            "beta-blocker-rate-limiting-ccb",
            "major",
        ),
        (
            "phenelzine",
            "pseudoephedrine",
            "maoi-decongestant",
            "avoid",
        ),
        ("amiodarone", "simvastatin", "simvastatin-dose-cap", "major"),
        (
            "atazanavir",
            "omeprazole",
            "atazanavir-proton-pump-inhibitor",
            "major",
        ),
        ("heroin", "cocaine", "opioid-with-stimulant", "major"),
        ("alcohol", "cocaine", "alcohol-cocaine", "major"),
    ] {
        let (report, _) = check_json(&[a, b]);
        let found = report.between(a, b);
        let f = found
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{a} + {b}: no {rule} finding"));
        assert_eq!(f.tier, tier, "{a} + {b}");
        assert!(
            f.evidence.grade == "E" || !f.references.is_empty(),
            "{a} + {b}: a graded finding cites its source"
        );
    }
    // The triple whammy is a stack of three, not a pair.
    let (report, _) = check_json(&["lisinopril", "ibuprofen", "furosemide"]);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "triple-whammy" && f.tier == "major" && f.substances.len() == 3)
    );
}

/// An older patient's twelve medicines: bleeding, potassium and kidney findings, each with
/// what to watch for.
#[test]
fn an_older_patients_list_gets_bleeding_potassium_and_kidney_findings() {
    let list = [
        "warfarin",
        "aspirin",
        "lisinopril",
        "furosemide",
        "spironolactone",
        "potassium chloride",
        "ibuprofen",
        "sertraline",
        "metformin",
        "atorvastatin",
        "omeprazole",
        "levothyroxine",
    ];
    let (report, code) = check_json(&list);
    assert_eq!(code, 0, "every medicine is recognised");
    for mechanism in ["bleeding", "hyperkalaemia", "kidney_injury"] {
        let serious = report.findings.iter().find(|f| {
            f.mechanisms.iter().any(|m| m == mechanism) && rank(&f.tier) >= rank("major")
        });
        let f = serious.unwrap_or_else(|| panic!("no major {mechanism} finding"));
        assert!(!f.red_flags.is_empty(), "{mechanism}: red flags");
    }
    // Three or more bleeding medicines and three potassium raisers are judged together.
    for stack in ["bleeding-stack", "potassium-stack", "triple-whammy"] {
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == stack && f.substances.len() >= 3),
            "no {stack} finding"
        );
    }
}

/// No alarm inflation: low-dose aspirin does not raise lithium, and pairs the labels do not
/// name stay quiet.
#[test]
fn no_finding_where_the_sources_name_none() {
    let (report, _) = check_json(&["lithium", "aspirin"]);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule != "lithium-clearance")
    );
    for (a, b) in [
        ("metoprolol", "amlodipine"),
        ("rosuvastatin", "amiodarone"),
        ("ciprofloxacin", "metformin"),
    ] {
        let (report, _) = check_json(&[a, b]);
        let found = report.between(a, b);
        assert!(
            found.iter().all(|f| rank(&f.tier) <= rank("minor")),
            "{a} + {b}: {:?}",
            found.iter().map(|f| (&f.rule, &f.tier)).collect::<Vec<_>>()
        );
    }
}

/// The ONC high-priority list (Phansalkar et al., JAMIA 2012): its drugs resolve, and a pair
/// from each of its classes is rated major or worse by the substances' own findings.
#[test]
fn onc_high_priority_pairs_are_major_or_worse() {
    for (a, b) in [
        ("phenelzine", "amphetamine"),
        ("tranylcypromine", "pseudoephedrine"),
        ("isocarboxazid", "atomoxetine"),
        ("selegiline", "methylphenidate"),
        ("phenelzine", "benzphetamine"),
        ("atazanavir", "omeprazole"),
        ("atazanavir", "dexlansoprazole"),
        ("febuxostat", "azathioprine"),
        ("febuxostat", "mercaptopurine"),
        ("phenelzine", "sertraline"),
        ("irinotecan", "ketoconazole"),
        ("irinotecan", "rifampin"),
        ("tranylcypromine", "fentanyl"),
        ("phenelzine", "amitriptyline"),
        ("procainamide", "ondansetron"),
        ("pentamidine", "citalopram"),
        ("domperidone", "ketoconazole"),
        ("cisapride", "clarithromycin"),
        ("arsenic trioxide", "methadone"),
        ("ramelteon", "fluvoxamine"),
        ("saquinavir", "rifampin"),
        ("indinavir", "simvastatin"),
        ("ritonavir", "lovastatin"),
        ("ergonovine", "clarithromycin"),
        ("dihydroergotamine", "ritonavir"),
        ("tizanidine", "ciprofloxacin"),
        ("tranylcypromine", "procarbazine"),
        ("phenelzine", "sumatriptan"),
    ] {
        let (report, code) = check_json(&[a, b]);
        assert_eq!(code, 0, "{a} + {b}: both resolve");
        let best = report
            .findings
            .iter()
            .filter(|f| !f.substances.contains(&"kratom".to_string()))
            .map(|f| rank(&f.tier))
            .max()
            .unwrap_or(0);
        assert!(best >= rank("major"), "{a} + {b}: rated below major");
    }
}
