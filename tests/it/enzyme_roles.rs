//! Enzyme roles at the FDA tables' strength (issue 26): the pairs those strengths decide, the
//! boosted HIV regimens, and kratom's weak CYP3A4 inhibition over every substrate it clears.

use kratom_check::check::check;
use kratom_check::context::Context;
use kratom_check::kb::{Enzyme, Grade, Sensitivity, Strength};
use kratom_check::resolve::{Corrections, Resolver};

use crate::common::{check_json, kratom_check};
use crate::properties::kb;

/// The pairs the issue measured wrong, each with the metabolism rule that must rate it now.
#[test]
fn the_fda_strengths_decide_the_pairs_the_issue_named() {
    for (a, b, rule, tier) in [
        // Voriconazole is a moderate CYP2C19 inhibitor; fluoxetine a strong one.
        (
            "voriconazole",
            "omeprazole",
            "moderate-inhibitor-sensitive",
            "moderate",
        ),
        (
            "fluoxetine",
            "omeprazole",
            "strong-inhibitor-sensitive",
            "major",
        ),
        (
            "felbamate",
            "omeprazole",
            "moderate-inhibitor-sensitive",
            "moderate",
        ),
        // CYP2C8: gemfibrozil strong, clopidogrel moderate, repaglinide sensitive.
        (
            "gemfibrozil",
            "repaglinide",
            "strong-inhibitor-sensitive",
            "major",
        ),
        (
            "clopidogrel",
            "repaglinide",
            "moderate-inhibitor-sensitive",
            "moderate",
        ),
        // Efavirenz induces CYP2B6; bupropion is its sensitive substrate.
        (
            "efavirenz",
            "bupropion",
            "moderate-inducer-substrate",
            "moderate",
        ),
        // Phenobarbital is a moderate CYP3A inducer, not a strong one.
        (
            "phenobarbital",
            "tacrolimus",
            "moderate-inducer-substrate",
            "moderate",
        ),
        // Omeprazole is only a weak CYP2C19 inhibitor, but the clopidogrel label names it.
        (
            "omeprazole",
            "clopidogrel",
            "clopidogrel-omeprazole",
            "avoid",
        ),
        // Ciprofloxacin is a moderate CYP1A2 inhibitor, and the tizanidine label forbids it.
        (
            "ciprofloxacin",
            "tizanidine",
            "tizanidine-cyp1a2-inhibitor",
            "avoid",
        ),
    ] {
        let (report, _) = check_json(&[a, b]);
        let findings = report.between(a, b);
        assert!(
            findings.iter().any(|f| f.rule == rule && f.tier == tier),
            "{a} + {b}: expected {rule} at {tier}, got {:?}",
            findings
                .iter()
                .map(|f| (&f.rule, &f.tier))
                .collect::<Vec<_>>()
        );
    }
}

/// FDA lists strong CYP3A inhibition for the boosted regimens: the boosters carry it, the
/// protease inhibitors alone do not, and a protease inhibitor typed without its booster is
/// still judged as taken (boosted), never as harmless.
#[test]
fn boosted_regimens_carry_the_strong_cyp3a_inhibition() {
    let kb = kb();
    let inhibition = |id: &str| {
        let (_, substance) = kb
            .named_substances()
            .find(|(_, s)| s.id == id)
            .unwrap_or_else(|| panic!("{id} is in the base"));
        substance.inhibits.get(&Enzyme::Cyp3a4).map(|f| f.level)
    };
    for booster in ["ritonavir", "cobicistat"] {
        assert_eq!(inhibition(booster), Some(Strength::Strong), "{booster}");
    }
    for alone in ["darunavir", "indinavir", "saquinavir", "tipranavir"] {
        assert_ne!(inhibition(alone), Some(Strength::Strong), "{alone}");
        let (report, _) = check_json(&[alone, "simvastatin"]);
        assert!(
            report
                .between(alone, "simvastatin")
                .iter()
                .any(|f| f.tier == "major"),
            "{alone} + simvastatin is rated below major"
        );
    }
}

/// Kratom's CYP3A4 inhibition (midazolam AUC ratio 1.39) reaches every substance the base
/// knows as a sensitive or major CYP3A4 substrate, with a finding that is extrapolated (E)
/// for any substance but the one studied.
#[test]
fn kratom_inhibition_reaches_every_cyp3a4_substrate() {
    let kb = kb();
    let mut reached = 0;
    for (_, substance) in kb.named_substances() {
        let main_route = substance
            .substrate_of
            .get(&Enzyme::Cyp3a4)
            .is_some_and(|f| matches!(f.level, Sensitivity::Sensitive | Sensitivity::Major));
        if !main_route || substance.id == "kratom" {
            continue;
        }
        let resolution = Resolver::new(kb, Corrections::Off).resolve_words(&[&substance.id]);
        let checked = check(kb, resolution, Context::default()).expect("one substance fits");
        let finding = checked
            .assessment
            .findings
            .iter()
            .find(|f| {
                f.rule.group.as_deref() == Some("metabolism") && f.substances.contains(&kb.kratom)
            })
            .unwrap_or_else(|| panic!("kratom + {}: no metabolism finding", substance.id));
        // Rules on kratom as the inhibitor extrapolate the midazolam study; others (a strong
        // inhibitor raising kratom's own levels, a case-reported pair) carry their own grade.
        if finding.rule.id.starts_with("kratom-cyp3a4") && substance.id != "midazolam" {
            assert_eq!(finding.grade, Grade::E, "kratom + {}", substance.id);
        }
        reached += 1;
    }
    assert!(reached > 100, "only {reached} CYP3A4 substrates");
}

/// `info` names each enzyme role's source, and `kb stats` counts the sourced profiles.
#[test]
fn info_and_stats_show_where_the_enzyme_roles_come_from() {
    let output = kratom_check()
        .args(["info", "voriconazole"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("CYP2C19 (moderate) [fda-ddi-table]"),
        "{text}"
    );
    let output = kratom_check()
        .args(["--json", "kb", "stats"])
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let profiles = &stats["enzyme_profiles"];
    let with_roles = profiles["with_roles"].as_u64().unwrap();
    let sourced = profiles["every_role_sourced"].as_u64().unwrap();
    assert!(0 < sourced && sourced < with_roles, "{profiles}");
}
