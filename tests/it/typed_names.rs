//! Names people type that the base once missed, label forms copied from a bottle, and the
//! one- and two-letter street names: each repro of the review as a table-driven case.

use crate::common::{check_json, rank};

/// What was typed; the substances checked besides kratom (kratom's own names leave this
/// empty); the words set aside from the first of them; the least overall tier.
type Case = (
    &'static [&'static str],
    &'static [&'static str],
    Option<&'static str>,
    &'static str,
);

fn assert_cases(cases: &[Case]) {
    for &(args, ids, set_aside, least) in cases {
        let (report, _) = check_json(args);
        assert!(
            report.unresolved.is_empty(),
            "{args:?}: {:?}",
            report.unresolved
        );
        let checked: Vec<&str> = report.substances[1..]
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(checked, ids, "{args:?}");
        if let Some(first) = report.substances.get(1) {
            assert_eq!(first.set_aside.as_deref(), set_aside, "{args:?}");
        }
        assert!(
            rank(&report.tier) >= rank(least),
            "{args:?}: {} below {least}",
            report.tier
        );
    }
}

#[test]
fn names_the_review_found_missing_resolve_with_their_pharmacology() {
    assert_cases(&[
        (&["potassium"], &["potassium_chloride"], None, "none"),
        (&["vitamin k"], &["phytonadione"], None, "none"),
        (&["vitamin", "K"], &["phytonadione"], None, "none"),
        (&["phytonadione"], &["phytonadione"], None, "none"),
        (&["cranberry"], &["cranberry"], None, "none"),
        (&["garlic"], &["garlic_supplement"], None, "none"),
        (&["green tea"], &["green_tea_extract"], None, "moderate"),
        (
            &["sodium bicarbonate"],
            &["sodium_bicarbonate"],
            None,
            "none",
        ),
        (
            &["sodium", "bicarbonate"],
            &["sodium_bicarbonate"],
            None,
            "none",
        ),
        (&["vodka"], &["alcohol"], None, "major"),
        (&["mushrooms"], &["psilocybin"], None, "minor"),
        (&["edibles"], &["cannabis"], None, "minor"),
        (&["xan"], &["alprazolam"], None, "major"),
        (&["opium"], &["opium"], None, "avoid"),
        (&["krokodil"], &["desomorphine"], None, "avoid"),
        (&["desomorphine"], &["desomorphine"], None, "avoid"),
        (&["carfentanil"], &["carfentanil"], None, "avoid"),
        (&["isotonitazene"], &["isotonitazene"], None, "avoid"),
        (&["metonitazene"], &["metonitazene"], None, "avoid"),
        (&["protonitazene"], &["protonitazene"], None, "avoid"),
        (&["acamprosate"], &["acamprosate"], None, "none"),
        (&["white borneo"], &[], None, "none"),
        (&["white", "borneo"], &[], None, "none"),
        // With what they are known to do.
        (
            &["warfarin", "vitamin K"],
            &["warfarin", "phytonadione"],
            None,
            "major",
        ),
        (
            &["warfarin", "cranberry"],
            &["warfarin", "cranberry"],
            None,
            "minor",
        ),
        (
            &["warfarin", "garlic"],
            &["warfarin", "garlic_supplement"],
            None,
            "minor",
        ),
    ]);
    // A class of potent opioids, judged at its worst member; "green tea" may be the drink or
    // an extract, judged at the extract.
    for (name, worst) in [
        ("nitazene", "avoid"),
        ("nitazenes", "avoid"),
        ("green tea", "moderate"),
    ] {
        let (report, _) = check_json(&[name]);
        let worst_case = report.substances[1].worst_case.as_ref().expect(name);
        assert_eq!(
            (report.tier.as_str(), worst_case.most.as_str()),
            (worst, worst)
        );
    }
    let (report, _) = check_json(&["white borneo"]);
    assert_eq!(
        (
            report.substances.len(),
            report.substances[0].matched.as_str()
        ),
        (1, "alias")
    );
    // Vitamin K does not touch the newer anticoagulants.
    let (report, _) = check_json(&["apixaban", "vitamin k"]);
    assert!(report.between("apixaban", "phytonadione").is_empty());
}

#[test]
fn one_and_two_letter_street_names_suggest_what_they_are_short_for() {
    for (typed, first) in [("K", "Ketamine"), ("H", "Heroin (diacetylmorphine)")] {
        let (report, code) = check_json(&[typed]);
        assert_eq!(code, 3, "{typed}: not recognised, never guessed");
        assert_eq!(
            report.unresolved[0].suggestions.first().map(String::as_str),
            Some(first),
            "{typed}"
        );
    }
    // Opium is a name now, not a near miss of a contraceptive.
    let (report, _) = check_json(&["opium"]);
    assert!(report.unresolved.is_empty());
}

#[test]
fn label_forms_copied_from_a_bottle_resolve() {
    assert_cases(&[
        (&["Plavix 75"], &["clopidogrel"], Some("75"), "none"),
        (&["Zoloft 50"], &["sertraline"], Some("50"), "moderate"),
        (&["Lipitor 40"], &["atorvastatin"], Some("40"), "none"),
        (&["OxyContin", "80"], &["oxycodone"], Some("80"), "avoid"),
        (&["tramadol", "50"], &["tramadol"], Some("50"), "avoid"),
        (
            &["Eliquis 5 mg BID"],
            &["apixaban"],
            Some("5 mg BID"),
            "none",
        ),
        (
            &["metformin 500 mg twice daily"],
            &["metformin"],
            Some("500 mg twice daily"),
            "none",
        ),
        (
            &["trazodone 50 mg at bedtime"],
            &["trazodone"],
            Some("50 mg at bedtime"),
            "moderate",
        ),
        (
            &["Norco 10-325"],
            &["hydrocodone", "acetaminophen"],
            Some("10-325"),
            "avoid",
        ),
        (&["Klor-Con M20"], &["potassium_chloride"], None, "none"),
        (&["albuterol HFA"], &["albuterol"], Some("HFA"), "none"),
        (
            &[
                "tramadol", "50", "mg", "1", "tab", "as", "needed", "alcohol",
            ],
            &["tramadol", "alcohol"],
            Some("50 mg 1 tab as needed"),
            "avoid",
        ),
        // Numbers a known name needs are never a strength.
        (&["Tylenol 3"], &["codeine", "acetaminophen"], None, "avoid"),
        (
            &["Tylenol 3 mg"],
            &["codeine", "acetaminophen"],
            Some("mg"),
            "avoid",
        ),
        (
            &["Tylenol", "3", "mg"],
            &["codeine", "acetaminophen"],
            Some("mg"),
            "avoid",
        ),
        (
            &["Tylenol 500 mg"],
            &["acetaminophen"],
            Some("500 mg"),
            "minor",
        ),
    ]);
    // A bare number after a name with numbered products of its own is not read away.
    let (report, code) = check_json(&["Tylenol 5"]);
    assert_eq!((code, report.substances.len()), (3, 1));
}
