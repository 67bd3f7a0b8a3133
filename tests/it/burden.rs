//! The burden of the whole list: when several checked substances are anticholinergic,
//! serotonergic, QT-prolonging or sedating, one line of the glance says so with its total (the ACB score sum
//! for anticholinergics), in the glance and in JSON; it is information and never sets the tier.

use kratom_check::context::Context;
use kratom_check::engine::{self, burden};
use kratom_check::kb::{Property, Tier};
use kratom_check::report::Report;
use kratom_check::resolve::{Corrections, Resolver};
use proptest::prelude::*;

use crate::common::{self, check_json, kratom_check};
use crate::properties::kb;

fn glance(args: &[&str]) -> String {
    let output = kratom_check()
        .env("LC_ALL", "C.UTF-8")
        .env("COLUMNS", "80")
        .args(["--color", "never"])
        .args(args)
        .output()
        .expect("runs");
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The knowledge base's strength of `property` for the substance `id`, if it has it.
fn level(id: &str, property: Property) -> Option<kratom_check::kb::Strength> {
    let substance = kb()
        .substances
        .iter()
        .find(|s| s.id == id)
        .expect("a known id");
    substance.properties.get(&property).map(|f| f.level)
}

/// The report's burden of `property`, which it must have.
fn burden_of<'r>(report: &'r common::Report, property: &str) -> &'r common::Burden {
    report
        .burden
        .iter()
        .find(|b| b.property == property)
        .unwrap_or_else(|| panic!("a {property} burden in {:?}", report.burden))
}

fn ids(burden: &common::Burden) -> Vec<&str> {
    burden.substances.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn the_anticholinergic_total_is_the_sum_of_acb_scores_with_its_source() {
    let (report, _) = check_json(&["diphenhydramine", "oxybutynin", "amitriptyline"]);
    let acb = burden_of(&report, "anticholinergic");
    assert_eq!(acb.measure, "acb_score");
    assert_eq!(ids(acb), ["diphenhydramine", "oxybutynin", "amitriptyline"]);
    let expected: u32 = ids(acb)
        .iter()
        .map(|id| burden::acb_score(level(id, Property::Anticholinergic).expect("carries it")))
        .sum();
    assert_eq!(acb.total, expected);
    assert!(
        acb.text
            .contains(&format!("burden {expected} on the ACB scale")),
        "{}",
        acb.text
    );
    assert_eq!(acb.references.len(), 1);
    assert!(acb.references[0].citation.starts_with("Boustani M"));
}

#[test]
fn kratom_counts_among_the_sedating_and_one_carrier_alone_has_no_line() {
    let (report, _) = check_json(&["alprazolam"]);
    let sedating = burden_of(&report, "cns_depressant");
    assert_eq!(sedating.measure, "count");
    assert_eq!(sedating.total, 2);
    assert_eq!(ids(sedating), ["kratom", "alprazolam"]);
    assert!(
        report
            .burden
            .iter()
            .all(|b| b.property != "anticholinergic")
    );

    // Kratom and a medicine with none of the four properties: no burden at all.
    let (report, _) = check_json(&["lisinopril"]);
    assert!(report.burden.is_empty(), "{:?}", report.burden);
    assert!(!glance(&["lisinopril"]).contains("Whole list"));
}

#[test]
fn a_product_form_stands_in_for_kratom_instead_of_counting_beside_it() {
    let (report, _) = check_json(&["--form", "7-oh", "alprazolam"]);
    let sedating = burden_of(&report, "cns_depressant");
    assert!(!ids(sedating).contains(&"kratom"), "{:?}", ids(sedating));
    assert_eq!(sedating.total, 2, "{:?}", ids(sedating));
}

#[test]
fn the_glance_shows_every_burden_in_one_line() {
    let text = glance(&["diphenhydramine", "oxybutynin", "sertraline"]);
    assert_eq!(text.matches("Whole list").count(), 1, "{text}");
    // Totals only, in one line: which substances carry each is in --explain, and a pair of
    // serotonergic substances is the findings' to show.
    assert!(
        text.contains("Whole list: ACB burden 6, 3 sedating.\n"),
        "{text}"
    );
    insta::assert_snapshot!("burden_anticholinergic_serotonergic", text);
}

#[test]
fn a_pair_has_no_whole_list_line_in_the_glance_but_keeps_its_burden_in_json() {
    // Kratom and alcohol are both sedating: the pair's finding says so; the JSON keeps the count.
    assert!(!glance(&["alcohol"]).contains("Whole list"));
    let (report, _) = check_json(&["alcohol"]);
    assert_eq!(burden_of(&report, "cns_depressant").total, 2);
}

#[test]
fn explain_gives_each_burden_in_full_with_the_scales_source() {
    let text = glance(&["--explain", "diphenhydramine", "oxybutynin"]);
    assert!(
        text.contains("Whole list: anticholinergic burden"),
        "{text}"
    );
    assert!(text.contains("Source: Boustani M"), "{text}");
    assert!(
        text.contains("Whole list: 2 sedating substances (CNS depressants): Kratom"),
        "{text}"
    );
}

/// The report of a check of `inputs` with kratom, as the library builds it.
fn report_of(inputs: &[String]) -> (Vec<kratom_check::kb::SubstanceIdx>, String, Tier, Tier) {
    let kb = kb();
    let resolution = Resolver::new(kb, Corrections::Allowed).resolve(inputs);
    let context = Context::default();
    let assessment = engine::evaluate(kb, &resolution.participants(), &context);
    let report = Report::new(kb, &resolution, &assessment, &context);
    let most_severe_finding = report
        .findings
        .iter()
        .map(|f| f.tier)
        .max()
        .unwrap_or(Tier::None);
    let json = serde_json::to_string(&report).expect("serialises");
    (
        assessment.participants,
        json,
        report.tier,
        most_severe_finding,
    )
}

fn any_substances() -> impl Strategy<Value = Vec<String>> {
    let count = kb().substances.len();
    prop::collection::vec(0..count, 0..=6).prop_map(|picks| {
        picks
            .into_iter()
            .map(|i| {
                kb().substances[kratom_check::kb::SubstanceIdx(i)]
                    .id
                    .clone()
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Each burden line counts exactly the listed substances that carry its property (the ACB
    /// total sums their scores), a property carried by fewer than two has no line, and the
    /// tier is the findings' alone.
    #[test]
    fn a_burden_counts_exactly_the_substances_with_its_property(inputs in any_substances()) {
        let kb = kb();
        let (participants, json, tier, most_severe_finding) = report_of(&inputs);
        prop_assert_eq!(tier, most_severe_finding);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let lines = json["burden"].as_array().expect("always an array");
        for property in burden::BURDEN_PROPERTIES {
            let mut carriers: Vec<&str> = Vec::new();
            let mut acb = 0;
            for &s in &participants {
                let id = kb.substances[s].id.as_str();
                if let Some(fact) = kb.substances[s].properties.get(&property)
                    && !carriers.contains(&id)
                {
                    carriers.push(id);
                    acb += burden::acb_score(fact.level);
                }
            }
            let line = lines.iter().find(|l| l["property"] == property.as_str());
            if carriers.len() < burden::MIN_CARRIERS {
                prop_assert!(line.is_none(), "{:?}: {:?}", property, line);
                continue;
            }
            let line = line.expect("a line for two or more carriers");
            let listed: Vec<&str> = line["substances"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap())
                .collect();
            prop_assert_eq!(&listed, &carriers);
            let total = line["total"].as_u64().unwrap();
            if property == Property::Anticholinergic {
                prop_assert_eq!(total, u64::from(acb));
            } else {
                prop_assert_eq!(total, carriers.len() as u64);
                let count = format!("Whole list: {} ", carriers.len());
                prop_assert!(line["text"].as_str().unwrap().starts_with(&count));
            }
        }
    }
}
