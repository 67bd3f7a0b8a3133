//! Name resolution as people type names: spelling variants, brands, abbreviations, street and
//! class names, combination products, announced corrections, ambiguous names, and the
//! look-alike drug names that must never be corrected into each other.

use crate::common;
use crate::common::{assert_status, check_json, kratom_check};
use kratom_check::kb;
use kratom_check::resolve::{Corrections, MatchKind, Resolver};

/// The ids and match kinds of what `input` resolved to, kratom left out.
fn resolved(input: &str) -> Vec<(String, String)> {
    let (report, _) = check_json(&[input]);
    report
        .substances
        .iter()
        .filter(|s| s.id != "kratom")
        .map(|s| (s.id.clone(), s.matched.clone()))
        .collect()
}

fn one(id: &str, matched: &str) -> Vec<(String, String)> {
    vec![(id.to_string(), matched.to_string())]
}

#[test]
fn spelling_variants_case_punctuation_and_accents_are_one_name() {
    for input in [
        "St. John's Wort",
        "st johns wort",
        "ST-JOHNS-WORT",
        "St John’s Wort™",
    ] {
        assert_eq!(resolved(input), one("st_johns_wort", "name"), "{input}");
    }
    assert_eq!(resolved("Sértraline"), one("sertraline", "name"));
    assert_eq!(resolved("  ZOLOFT "), one("sertraline", "alias"));
}

#[test]
fn abbreviations_and_street_names_resolve_to_their_substance() {
    for (input, id) in [
        ("CBD", "cannabidiol"),
        ("THC", "cannabis"),
        ("DXM", "dextromethorphan"),
        ("ODT", "o_desmethyltramadol"),
        ("7-OH", "seven_hydroxymitragynine"),
        ("molly", "mdma"),
        ("xanax bars", "alprazolam"),
        ("xans", "alprazolam"),
        ("oxy", "oxycodone"),
        ("coke", "cocaine"),
    ] {
        assert_eq!(resolved(input), one(id, "alias"), "{input}");
    }
    for (input, id) in [("GHB", "ghb"), ("MDMA", "mdma")] {
        assert_eq!(resolved(input)[0].0, id, "{input}");
    }
}

#[test]
fn combination_products_resolve_to_every_ingredient_and_say_so() {
    for (input, ingredients) in [
        ("Percocet", vec!["oxycodone", "acetaminophen"]),
        ("Suboxone", vec!["buprenorphine", "naloxone"]),
        (
            "NyQuil",
            vec!["acetaminophen", "dextromethorphan", "doxylamine"],
        ),
        ("Tylenol PM", vec!["acetaminophen", "diphenhydramine"]),
        ("lean", vec!["codeine", "promethazine"]),
    ] {
        let (report, code) = check_json(&[input]);
        assert_eq!(code, 0, "{input}");
        let ids: Vec<&str> = report.substances[1..]
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, ingredients, "{input}");
        assert!(
            report.substances[1..]
                .iter()
                .all(|s| s.matched == "product" && s.product.is_some())
        );
    }
    let table = kratom_check()
        .args(["--color", "never", "percocet"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("is a combination product"), "{text}");
}

#[test]
fn a_single_close_misspelling_is_corrected_and_announced() {
    let (report, code) = check_json(&["seroquil"]);
    assert_eq!(code, 0);
    let quetiapine = &report.substances[1];
    assert_eq!(quetiapine.id, "quetiapine");
    assert_eq!(quetiapine.matched, "correction");
    assert_eq!(quetiapine.input.as_deref(), Some("seroquil"));
    assert_eq!(quetiapine.matched_name.as_deref(), Some("Seroquel"));

    let table = kratom_check()
        .args(["--color", "never", "seroquil"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("interpreting \"seroquil\" as Quetiapine (Seroquel)"),
        "{text}"
    );
}

#[test]
fn strict_turns_corrections_off() {
    let (report, code) = check_json(&["--strict", "seroquil"]);
    assert_eq!(code, 3);
    assert_eq!(report.unresolved[0].reason, "unknown");
    assert!(
        report.unresolved[0]
            .suggestions
            .iter()
            .any(|s| s == "Quetiapine")
    );
}

#[test]
fn short_names_and_two_slips_are_never_corrected() {
    // "Paxil" and "Taxol" are one letter apart: short names must match exactly.
    let (report, code) = check_json(&["taxol"]);
    assert_eq!(code, 3, "{:?}", report.substances);
    // Two edits from quetiapine's brand: suggested, not applied.
    let (report, code) = check_json(&["seroqiul"]);
    assert_eq!((code, report.substances.len()), (3, 1));
}

/// ISMP's list of confused drug names: a name from it either resolves exactly (it is in the
/// knowledge base) or stays unresolved; it is never corrected into another drug.
#[test]
fn look_alike_names_never_cross() {
    let kb = kb::load_embedded().expect("built-in base loads");
    let names = Resolver::new(&kb, Corrections::Allowed);
    let list = include_str!("data/look-alike-names.tsv");
    let mut checked = 0;
    for line in list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        for name in line.split('\t') {
            let resolution = names.resolve(&[name]);
            let crossed: Vec<&str> = resolution
                .resolved
                .iter()
                .filter(|r| r.matched == MatchKind::Correction)
                .map(|r| kb.substances[r.substance].id.as_str())
                .collect();
            assert!(
                crossed.is_empty(),
                "\"{name}\" was corrected to {crossed:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 160, "only {checked} names checked");
}

/// The ClinCalc Top 300 most prescribed US medicines all resolve by exact name, or are names
/// the knowledge base knows to be ambiguous ("tenofovir": TDF or TAF) and asks about.
#[test]
fn the_most_prescribed_medicines_resolve_exactly() {
    let kb = kb::load_embedded().expect("built-in base loads");
    let names = Resolver::new(&kb, Corrections::Off);
    let list = include_str!("data/top300.txt");
    let mut missing = Vec::new();
    let mut count = 0;
    for entry in list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        count += 1;
        let ingredients: Vec<&str> = entry.split(';').map(str::trim).collect();
        let resolution = names.resolve(&ingredients);
        if !resolution.unresolved.is_empty() {
            missing.push(entry);
        }
    }
    assert!(count >= 290, "the list has {count} entries");
    assert!(missing.is_empty(), "not resolved: {missing:?}");
}

#[test]
fn info_describes_a_substance_and_its_findings_with_kratom() {
    let output = kratom_check()
        .args(["info", "Zoloft", "--json"])
        .output()
        .unwrap();
    assert_status(&output, 0);
    let info = common::json_document("info", &output.stdout);
    assert_eq!(info["id"], "sertraline");
    assert_eq!(info["kind"], "substance");
    assert!(
        info["classes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "ssri")
    );
    let findings = info["with_kratom"]["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["rule"] == "kratom-serotonergic"));

    let product = kratom_check()
        .args(["info", "percocet", "--json"])
        .output()
        .unwrap();
    let product = common::json_document("info", &product.stdout);
    assert_eq!(product["kind"], "product");
    assert_eq!(
        product["stands_for"],
        serde_json::json!(["oxycodone", "acetaminophen"])
    );

    let unknown = kratom_check()
        .args(["info", "notarealdrug"])
        .output()
        .unwrap();
    assert_status(&unknown, 3);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("not in the knowledge base"));
}

#[test]
fn list_by_class_and_search_find_names() {
    let output = kratom_check()
        .args(["list", "--class", "SSRIs", "--json"])
        .output()
        .unwrap();
    assert_status(&output, 0);
    let listed = common::json_document("list", &output.stdout);
    assert_eq!(listed["class"], "ssri");
    let ids: Vec<&str> = listed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"sertraline") && ids.contains(&"fluoxetine"),
        "{ids:?}"
    );
    assert!(!ids.contains(&"alprazolam"));

    let output = kratom_check()
        .args(["search", "oxyco", "--json"])
        .output()
        .unwrap();
    assert_status(&output, 0);
    let hits = common::json_document("search", &output.stdout);
    assert_eq!(hits["query"], "oxyco");
    assert!(
        hits["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == "oxycodone")
    );

    let none = kratom_check().args(["search", "zzqqxx"]).output().unwrap();
    assert_status(&none, 3);
}

#[test]
fn completions_offer_substance_names_and_man_renders() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = kratom_check()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_status(&output, 0);
        let script = String::from_utf8_lossy(&output.stdout);
        if shell == "bash" || shell == "zsh" {
            assert!(
                script.contains("sertraline") && script.contains("zoloft"),
                "{shell}"
            );
        }
    }
    let man = kratom_check().arg("man").output().unwrap();
    assert_status(&man, 0);
    assert!(String::from_utf8_lossy(&man.stdout).starts_with(".ie"));
}

/// A correction never drops an ingredient: every misspelling one slip from a product's name
/// (a letter left out or two swapped) either stays unresolved or resolves to all of the
/// product's ingredients.
#[test]
fn every_product_keeps_every_ingredient_under_any_correction_that_reaches_it() {
    let kb = kb::load_embedded().expect("built-in base loads");
    let names = Resolver::new(&kb, Corrections::Allowed);
    let mut dropped = Vec::new();
    let mut tried = 0;
    for product in kb.products.iter() {
        // The display name ("Percocet (oxycodone + acetaminophen)") is not typed; its brand is
        // an alias.
        for name in &product.aliases {
            let letters: Vec<char> = name.chars().collect();
            let left_out = (0..letters.len()).map(|i| {
                let mut variant = letters.clone();
                variant.remove(i);
                variant
            });
            let swapped = (1..letters.len()).map(|i| {
                let mut variant = letters.clone();
                variant.swap(i - 1, i);
                variant
            });
            for variant in left_out.chain(swapped) {
                let variant: String = variant.into_iter().collect();
                // Only what a correction reaches: not exact names, not unresolved ones.
                if kb.name(&kratom_check::names::key(&variant)).is_some() {
                    continue;
                }
                let Some(target) = names.target(&variant) else {
                    continue;
                };
                tried += 1;
                let kept = kb.ingredients(target);
                if product.ingredients.iter().any(|i| !kept.contains(i)) {
                    dropped.push(format!("{variant} (from {name})"));
                }
            }
        }
    }
    assert!(tried > 100, "only {tried} corrections reached");
    assert!(dropped.is_empty(), "ingredients dropped: {dropped:?}");
}

/// What was typed, the substances checked besides kratom, what stays unresolved, the least
/// overall tier.
type NameCase = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

/// Every name the safety review tried, as a person types it (one argument, or words typed
/// apart), with what it must give: the substances checked besides kratom, what stays
/// unresolved, and the least overall tier.
#[test]
fn names_from_the_safety_review_give_what_they_are() {
    let cases: &[NameCase] = &[
        // Products keep every ingredient; an unknown "-D" is refused, not dropped.
        (
            &["Aleve-D"],
            &["naproxen", "pseudoephedrine"],
            &[],
            "moderate",
        ),
        (
            &["Clarinex-D"],
            &["desloratadine", "pseudoephedrine"],
            &[],
            "moderate",
        ),
        (
            &["Alavert-D"],
            &["loratadine", "pseudoephedrine"],
            &[],
            "moderate",
        ),
        (
            &["Chlor-Trimeton D"],
            &["chlorpheniramine", "pseudoephedrine"],
            &[],
            "moderate",
        ),
        (
            &["Chlor-Trimeton", "D"],
            &["chlorpheniramine", "pseudoephedrine"],
            &[],
            "moderate",
        ),
        (&["Tavist-D"], &[], &["Tavist-D"], "none"),
        (&["Tavist", "D"], &[], &["Tavist D"], "none"),
        // Never corrected into another drug.
        (&["delta 9"], &["cannabis"], &[], "minor"),
        (&["delta", "9"], &["cannabis"], &[], "minor"),
        (&["Δ9"], &["cannabis"], &[], "minor"),
        (&["methedrone"], &[], &["methedrone"], "none"),
        (&["ethylone"], &[], &["ethylone"], "none"),
        (&["alpha-PHP"], &[], &["alpha-PHP"], "none"),
        (&["1cP-LSD"], &[], &["1cP-LSD"], "none"),
        (&["hydroxide"], &[], &["hydroxide"], "none"),
        (&["Forte"], &[], &["Forte"], "none"),
        (&["thing"], &[], &["thing"], "none"),
        (&["ketam"], &[], &["ketam"], "none"),
        // Whole names before words.
        (&["Zofran", "ODT"], &["ondansetron"], &[], "moderate"),
        // A word that names a substance is never set aside as a label word.
        (
            &["sertraline", "ODT"],
            &["sertraline", "o_desmethyltramadol"],
            &[],
            "avoid",
        ),
        (
            &["Magnesium", "hydroxide"],
            &["magnesium_hydroxide"],
            &[],
            "none",
        ),
        (
            &["st", "johns", "wort"],
            &["st_johns_wort"],
            &[],
            "moderate",
        ),
        // Names as labels write them; words that change the drug stay.
        (&["warfarin 5 mg"], &["warfarin"], &[], "minor"),
        (&["warfarin", "5", "mg"], &["warfarin"], &[], "minor"),
        (&["Eliquis 5mg"], &["apixaban"], &[], "none"),
        (
            &["metoprolol succinate ER 25 mg"],
            &["metoprolol"],
            &[],
            "none",
        ),
        (
            &["sertraline 50mg tablets"],
            &["sertraline"],
            &[],
            "moderate",
        ),
        (&["Adderall XR 20 mg"], &["amphetamine"], &[], "moderate"),
        (
            &["potassium chloride"],
            &["potassium_chloride"],
            &[],
            "none",
        ),
        (&["Tylenol 3"], &["codeine", "acetaminophen"], &[], "avoid"),
        (
            &["Percocet 10/325"],
            &["oxycodone", "acetaminophen"],
            &[],
            "avoid",
        ),
        // Classes and ambiguous names at their most severe member.
        (&["MAT"], &["methadone"], &[], "avoid"),
        (&["street drugs"], &[], &[], "avoid"),
        (
            &["kratom products"],
            &["seven_hydroxymitragynine"],
            &[],
            "avoid",
        ),
        (&["percs"], &[], &[], "avoid"),
        (&["M30"], &[], &[], "avoid"),
        (&["blues"], &[], &[], "avoid"),
        (&["bars"], &["alprazolam"], &[], "major"),
        (&["speed"], &[], &[], "moderate"),
        (&["painkillers"], &[], &[], "avoid"),
        // Kratom's own product names set the form.
        (&["enhanced kratom", "alcohol"], &["alcohol"], &[], "major"),
        (&["MIT45"], &[], &[], "none"),
    ];
    for &(args, ids, unresolved, least) in cases {
        let (report, _) = check_json(args);
        let checked: Vec<&str> = report.substances[1..]
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        let not_recognised: Vec<&str> =
            report.unresolved.iter().map(|u| u.input.as_str()).collect();
        if !ids.is_empty() || checked.is_empty() {
            assert_eq!(checked, ids, "{args:?}");
        }
        assert_eq!(not_recognised, unresolved, "{args:?}");
        assert!(
            common::rank(&report.tier) >= common::rank(least),
            "{args:?}: {} below {least}",
            report.tier
        );
    }
    let (report, _) = check_json(&["enhanced kratom", "alcohol"]);
    assert_eq!(report.context.form.as_deref(), Some("extract"));
    assert_eq!(report.substances[0].matched, "product");
}
