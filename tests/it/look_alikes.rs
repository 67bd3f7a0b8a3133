//! A correction never picks the safer of two look-alikes: a slip from one name of a confused
//! pair toward the other either stays unrecognised or is judged at least as severely as
//! either name; and `info` and `matrix` announce every correction, as the check does.

use crate::common::{check_json, json_document, kratom_check};
use kratom_check::check::check;
use kratom_check::context::Context;
use kratom_check::kb::{self, KnowledgeBase, Tier};
use kratom_check::names::{edit_distance, key};
use kratom_check::resolve::{Corrections, Resolver};

/// Every spelling one slip from `from` (a letter left out, two swapped, one replaced or added
/// by a letter of `toward`) that is also within two edits of `toward`: what a person aiming at
/// one name of a confused pair types when the slip leans toward the other.
fn slips_toward(from: &str, toward: &str) -> Vec<String> {
    let letters: Vec<char> = from.chars().collect();
    let alphabet: Vec<char> = {
        let mut alphabet: Vec<char> = toward.chars().collect();
        alphabet.sort_unstable();
        alphabet.dedup();
        alphabet
    };
    let mut slips: Vec<Vec<char>> = Vec::new();
    for i in 0..letters.len() {
        let mut left_out = letters.clone();
        left_out.remove(i);
        slips.push(left_out);
        if i > 0 {
            let mut swapped = letters.clone();
            swapped.swap(i - 1, i);
            slips.push(swapped);
        }
        for &letter in &alphabet {
            let mut replaced = letters.clone();
            replaced[i] = letter;
            slips.push(replaced);
            let mut added = letters.clone();
            added.insert(i, letter);
            slips.push(added);
        }
    }
    let mut slips: Vec<String> = slips
        .into_iter()
        .map(|slip| slip.into_iter().collect::<String>())
        .filter(|slip| {
            edit_distance(&key(slip), &key(from)) == 1
                && edit_distance(&key(slip), &key(toward)) <= 2
        })
        .collect();
    slips.sort();
    slips.dedup();
    slips
}

/// The overall tier of checking `names` with kratom, or `None` when a name is not recognised.
fn tier(kb: &KnowledgeBase, resolver: &Resolver, names: &[&str]) -> Option<Tier> {
    let resolution = resolver.resolve(names);
    if !resolution.unresolved.is_empty() {
        return None;
    }
    Some(
        check(kb, resolution, Context::default())
            .expect("one name fits a check")
            .assessment
            .tier,
    )
}

/// Over the project's look-alike list (`data/look-alike-names.tsv`): for every pair the base
/// knows whose checks differ, no slip from one name toward the other is corrected into the
/// safer of them.
#[test]
fn no_correction_picks_the_safer_of_two_look_alikes() {
    let kb = kb::load_embedded().expect("built-in base loads");
    let exact = Resolver::new(&kb, Corrections::Off);
    let names = Resolver::new(&kb, Corrections::Allowed);
    let list = include_str!("data/look-alike-names.tsv");
    let mut safer_picked = Vec::new();
    let mut pairs_of_different_risk = 0;
    let mut slips_tried = 0;
    for line in list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let Some((a, b)) = line.split_once('\t') else {
            continue;
        };
        let (Some(tier_a), Some(tier_b)) = (tier(&kb, &exact, &[a]), tier(&kb, &exact, &[b]))
        else {
            continue;
        };
        if tier_a == tier_b {
            continue;
        }
        pairs_of_different_risk += 1;
        let worse = tier_a.max(tier_b);
        for (from, toward) in [(a, b), (b, a)] {
            for slip in slips_toward(from, toward) {
                if kb.name(&key(&slip)).is_some() {
                    continue;
                }
                slips_tried += 1;
                if let Some(tier) = tier(&kb, &names, &[&slip])
                    && tier < worse
                {
                    safer_picked.push(format!("{slip} ({from} / {toward}): {tier:?}"));
                }
            }
        }
    }
    assert!(
        pairs_of_different_risk >= 20 && slips_tried >= 100,
        "only {pairs_of_different_risk} pairs, {slips_tried} slips"
    );
    assert!(
        safer_picked.is_empty(),
        "corrected to the safer look-alike: {safer_picked:#?}"
    );
}

/// The misspellings the safety review found, and what each gives now: the ids judged (empty:
/// not recognised), the candidates listed, the overall tier.
#[test]
fn look_alike_misspellings_are_judged_at_the_worse() {
    let cases: &[(&str, &[&str], &str)] = &[
        ("methadate", &["methylphenidate", "methadone"], "avoid"),
        ("metoladone", &["metolazone", "methadone"], "avoid"),
        ("zanac", &[], "none"),
    ];
    for &(input, candidates, tier) in cases {
        let (report, code) = check_json(&[input]);
        assert_eq!(report.tier, tier, "{input}");
        assert_eq!(code, 3, "{input}: never complete");
        if candidates.is_empty() {
            assert_eq!(report.substances.len(), 1, "{input}");
            let suggestions = &report.unresolved[0].suggestions;
            assert!(
                suggestions.iter().any(|s| s == "Zantac")
                    && suggestions.iter().any(|s| s == "Alprazolam"),
                "{input}: {suggestions:?}"
            );
            continue;
        }
        let entry = &report.substances[1];
        assert_eq!(entry.matched, "correction", "{input}");
        let worst_case = entry.worst_case.as_ref().expect(input);
        assert_eq!(worst_case.of, "correction", "{input}");
        let ids: Vec<&str> = worst_case
            .candidates
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, candidates, "{input}");
        assert_eq!(entry.id, "methadone", "{input}: judged at the worse");
    }
    let text = kratom_check()
        .args(["--color", "never", "methadate"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("may mean Methylphenidate or Methadone")
            && text.contains("rated at worst: AVOID (Methadone)"),
        "{text}"
    );
}

/// A misspelling's info is not a look-alike's: one that looks like several drugs is not
/// described as one of them, and `info` names each.
#[test]
fn info_does_not_describe_a_look_alike() {
    let output = kratom_check().args(["info", "methadate"]).output().unwrap();
    assert_eq!(output.status.code(), Some(3));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("Methylphenidate") && message.contains("Methadone"),
        "{message}"
    );
}

/// `info` and `matrix` announce every correction, in text and JSON, as the check does.
#[test]
fn info_and_matrix_announce_every_correction() {
    let announced = "interpreting \"zoloff\" as Sertraline (Zoloft)";
    for args in [
        &["--color", "never", "info", "zoloff"][..],
        &["--color", "never", "matrix", "zoloff", "alcohol"],
    ] {
        let output = kratom_check().args(args).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(announced), "{args:?}: {text}");
    }
    let output = kratom_check()
        .args(["--json", "info", "zoloff"])
        .output()
        .unwrap();
    let info = json_document("info", &output.stdout);
    assert_eq!(info["correction"]["input"], "zoloff");
    assert_eq!(info["correction"]["matched_name"], "Zoloft");
    assert_eq!(info["id"], "sertraline");
    let output = kratom_check()
        .args(["--json", "info", "Zoloft"])
        .output()
        .unwrap();
    assert!(json_document("info", &output.stdout)["correction"].is_null());

    let output = kratom_check()
        .args(["--json", "matrix", "zoloff", "methadate", "alcohol"])
        .output()
        .unwrap();
    let matrix = json_document("matrix", &output.stdout);
    let corrections = matrix["corrections"].as_array().unwrap();
    let read: Vec<(&str, &str)> = corrections
        .iter()
        .map(|c| (c["input"].as_str().unwrap(), c["id"].as_str().unwrap()))
        .collect();
    assert_eq!(read, [("zoloff", "sertraline"), ("methadate", "methadone")]);
    assert_eq!(corrections[1]["worst_case"]["of"], "correction");
    assert_eq!(matrix["complete"], false);
}
