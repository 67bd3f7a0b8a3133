//! Names as labels and prescriptions write them: "metoprolol succinate ER 25 mg" is
//! metoprolol, "Eliquis 5 mg BID" apixaban, "Plavix 75" clopidogrel, "Norco 10-325"
//! hydrocodone with acetaminophen. Strength (with or without its unit), dose form, release,
//! dosing directions and common salt words are read and set aside, so the name left names the
//! medicine. A word that changes the drug is never set aside: the first word always stays
//! ("potassium chloride", "sodium bicarbonate"), a number a known name needs stays ("Tylenol 3"
//! and "Tylenol 3 mg" have codeine in it), a bare number after a name that has numbered
//! products of its own is not read as a strength ("Tylenol 5" is not recognised rather than
//! read as Tylenol), and the suffixes that add an ingredient ("-D", "PM") stay.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::kb::KnowledgeBase;
use crate::names;

/// How a label word is treated: the kinds are tried in this order, so a name keeps as many of
/// its own words as still make a known name ("Adderall XR" before "Adderall").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LabelWord {
    /// "25 mg", "0.5mg", "20 mg/mL", "10/325", "10-325", "75", "tablets", "oral solution",
    /// "HFA", and dosing directions ("BID", "twice daily", "at bedtime", "as needed").
    StrengthOrForm,
    /// "ER", "XR", "ODT", "extended release".
    Release,
    /// "succinate", "hydrochloride", "HCl", "sodium" after the drug's name.
    Salt,
}

const DOSE_FORMS: &[&str] = &[
    "tablet",
    "tablets",
    "tab",
    "tabs",
    "capsule",
    "capsules",
    "cap",
    "caps",
    "softgel",
    "softgels",
    "caplet",
    "caplets",
    "chewable",
    "oral",
    "solution",
    "suspension",
    "syrup",
    "elixir",
    "patch",
    "patches",
    "transdermal",
    "injection",
    "injectable",
    "cream",
    "ointment",
    "gel",
    "spray",
    "nasal",
    "drops",
    "film",
    "lozenge",
    "lozenges",
    "powder",
    "pill",
    "pills",
    "hfa",
    "inhaler",
    "inhalation",
    "aerosol",
];

/// Dosing directions copied from a prescription label ("twice daily", "at bedtime", "1 tab as
/// needed"). Times of day are left out: "night" and "day" name products of their own
/// (a "Nighttime" product adds a sedating antihistamine).
const DIRECTIONS: &[&str] = &[
    "bid", "tid", "qid", "qd", "qhs", "prn", "daily", "once", "twice", "three", "times", "every",
    "hours", "hour", "at", "bedtime", "as", "needed",
];

const RELEASES: &[&str] = &[
    "er",
    "xr",
    "xl",
    "sr",
    "cr",
    "dr",
    "ir",
    "la",
    "ec",
    "odt",
    "extended",
    "delayed",
    "sustained",
    "controlled",
    "immediate",
    "modified",
    "release",
    "orally",
    "disintegrating",
];

const SALTS: &[&str] = &[
    "hydrochloride",
    "hcl",
    "hydrobromide",
    "hbr",
    "succinate",
    "tartrate",
    "bitartrate",
    "maleate",
    "mesylate",
    "besylate",
    "sulfate",
    "sulphate",
    "fumarate",
    "hyclate",
    "monohydrate",
    "dihydrate",
    "trihydrate",
    // As adverse-event reports and labels name active ingredients ("FENTANYL CITRATE",
    // "LISDEXAMFETAMINE DIMESYLATE", "DEXTROAMPHETAMINE SACCHARATE").
    "citrate",
    "dimesylate",
    "dihydrochloride",
    "mesilate",
    "besilate",
    "saccharate",
    "aspartate",
    "phosphate",
    "acetate",
    "oxalate",
    "pamoate",
    "napsylate",
    "sodium",
    "potassium",
    "calcium",
    "magnesium",
];

const UNITS: &[&str] = &[
    "mg",
    "mcg",
    "ug",
    "µg",
    "g",
    "gm",
    "ml",
    "l",
    "iu",
    "unit",
    "units",
    "meq",
    "mmol",
    "%",
    "hr",
    "h",
    "day",
    "dose",
    "actuation",
];

/// What kind of label word `word` is, if any.
pub fn classify(word: &str) -> Option<LabelWord> {
    let lower = word.to_lowercase();
    let lower = lower.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')'));
    if is_strength(lower) {
        return Some(LabelWord::StrengthOrForm);
    }
    label_words().get(lower).copied()
}

/// Every listed word with its kind. Each typed word is classified once for every stretch of
/// words it may end, so the lists are looked up rather than scanned.
fn label_words() -> &'static FxHashMap<&'static str, LabelWord> {
    static WORDS: OnceLock<FxHashMap<&'static str, LabelWord>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let kinds = [
            (DOSE_FORMS, LabelWord::StrengthOrForm),
            (DIRECTIONS, LabelWord::StrengthOrForm),
            (RELEASES, LabelWord::Release),
            (SALTS, LabelWord::Salt),
        ];
        kinds
            .into_iter()
            .flat_map(|(words, kind)| words.iter().map(move |word| (*word, kind)))
            .collect()
    })
}

fn is_unit(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| UNITS.iter().copied().collect())
        .contains(word)
}

/// "25mg", "0.5mg", "20mg/ml", "mg", "10/325", "10-325": a number with a unit, a unit alone,
/// or a ratio of numbers. A bare number is not one by itself: in "Tylenol 3" it names another
/// product (see [`strip`]).
fn is_strength(word: &str) -> bool {
    if is_unit(word) {
        return true;
    }
    let digits_of = |part: &str| {
        part.len()
            - part
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
                .len()
    };
    let parts = || word.split(['/', '-']);
    let with_unit = parts().any(|part| {
        let digits = digits_of(part);
        digits > 0 && is_unit(&part[digits..])
    });
    let all_measures = parts().all(|part| {
        let digits = digits_of(part);
        !part.is_empty() && (digits == part.len() || is_unit(&part[digits..]))
    });
    all_measures && (with_unit || parts().nth(1).is_some())
}

/// A name's words, each with the kind of label word it is: read once, then stripped at each
/// kind in turn.
pub struct LabelledWords<'a> {
    words: Vec<&'a str>,
    kinds: Vec<Option<LabelWord>>,
}

impl<'a> LabelledWords<'a> {
    pub fn new(input: &'a str) -> Self {
        Self::with_kinds(input, &classify)
    }

    /// The words of `input` with their kinds from `kind_of`, which may remember words already
    /// read ([`classify`] gives the same kind for the same word).
    pub fn with_kinds(input: &'a str, kind_of: &dyn Fn(&str) -> Option<LabelWord>) -> Self {
        let words: Vec<&str> = input.split_whitespace().collect();
        // The first word always stays, whatever kind it is.
        let kinds = words
            .iter()
            .enumerate()
            .map(|(i, word)| if i == 0 { None } else { kind_of(word) })
            .collect();
        LabelledWords { words, kinds }
    }

    /// Whether a word after the first is a label word or starts with a number: without one,
    /// nothing is ever set aside.
    pub fn has_label_words(&self) -> bool {
        (1..self.words.len()).any(|i| {
            self.kinds[i].is_some()
                || self.words[i].starts_with(|c: char| c.is_ascii_digit() || c == '.')
        })
    }

    /// The name with the label words up to `kind` set aside: the name left and the words set
    /// aside in the order typed. `None` when nothing would be set aside or no name would be
    /// left. Numbers are read against `kb`: one that a known name needs stays ("Tylenol 3 mg"
    /// is Tylenol 3, with its unit set aside), and a bare one after a name with numbered
    /// products of its own stays too ("Tylenol 5", "Zantac 300": not recognised, never read as
    /// the name without it).
    pub fn strip(&self, kind: LabelWord, kb: &KnowledgeBase) -> Option<(String, String)> {
        let (first, rest) = self.words.split_first()?;
        let mut kept = vec![*first];
        let mut set_aside: Vec<&str> = Vec::new();
        for (i, word) in rest.iter().enumerate() {
            // Only a bare number asks; most words are not one.
            let unit_follows = || {
                rest.get(i + 1)
                    .is_some_and(|next| is_strength(&next.to_lowercase()))
            };
            let digits = word
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(word.len());
            let number = digits == word.len();
            if digits > 0 {
                let with_number = format!("{} {}", kept.join(" "), &word[..digits]);
                if kb.name(&names::key(&with_number)).is_some() {
                    kept.push(&word[..digits]);
                    if !number {
                        set_aside.push(&word[digits..]);
                    }
                    continue;
                }
                if number && !unit_follows() && has_numbered_names(kb, &kept.join(" ")) {
                    kept.push(word);
                    continue;
                }
            }
            let label = self.kinds[i + 1].or(number.then_some(LabelWord::StrengthOrForm));
            if label.is_some_and(|label| label <= kind) {
                set_aside.push(word);
            } else {
                kept.push(word);
            }
        }
        if set_aside.is_empty() {
            return None;
        }
        Some((kept.join(" "), set_aside.join(" ")))
    }
}

/// Whether a known name starts with `name` and goes on with a number ("Tylenol 3",
/// "Zantac 360", "Claritin-D 12 Hour"): then a number after `name` may name another product.
fn has_numbered_names(kb: &KnowledgeBase, name: &str) -> bool {
    let key = names::key(name);
    kb.names.iter().any(|known| {
        known
            .key
            .strip_prefix(&*key)
            .is_some_and(|rest| rest.contains(|c: char| c.is_ascii_digit()))
    })
}

/// Words that, after a product's name, add an ingredient: "Aleve-D" is naproxen with
/// pseudoephedrine, "Tylenol PM" adds diphenhydramine. A name with one of these is never read
/// as the name without it.
const ADDED_INGREDIENT_WORDS: &[&str] = &[
    "d",
    "dm",
    "pe",
    "pm",
    "plus",
    "hbp",
    "cf",
    "cold",
    "flu",
    "sinus",
    "allergy",
    "congestion",
    "cough",
    "nighttime",
    "severe",
    "multi",
    "symptom",
    "complete",
];

/// The words of `spelling` that add an ingredient, lower-cased.
pub fn added_ingredient_words(spelling: &str) -> Vec<String> {
    spelling
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| ADDED_INGREDIENT_WORDS.contains(&w.as_str()))
        .collect()
}

/// Whether a word typed after a name says the product has another ingredient.
pub fn adds_an_ingredient(word: &str) -> bool {
    let lower = word.to_lowercase();
    ADDED_INGREDIENT_WORDS.contains(&lower.trim_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(input: &str, kind: LabelWord) -> Option<(String, String)> {
        static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
        let kb = KB.get_or_init(|| crate::kb::load_embedded().expect("built-in base loads"));
        LabelledWords::new(input).strip(kind, kb)
    }

    #[test]
    fn strengths_forms_releases_and_salts_are_set_aside_in_order() {
        assert_eq!(
            strip("metoprolol succinate ER 25 mg", LabelWord::Salt),
            Some(("metoprolol".into(), "succinate ER 25 mg".into()))
        );
        assert_eq!(
            strip("Adderall XR 20 mg", LabelWord::StrengthOrForm),
            Some(("Adderall XR".into(), "20 mg".into()))
        );
        assert_eq!(
            strip("sertraline 50mg tablets", LabelWord::StrengthOrForm),
            Some(("sertraline".into(), "50mg tablets".into()))
        );
        assert_eq!(
            strip("morphine 20 mg/mL oral solution", LabelWord::StrengthOrForm),
            Some(("morphine".into(), "20 mg/mL oral solution".into()))
        );
        assert_eq!(
            strip("Percocet 10/325", LabelWord::StrengthOrForm),
            Some(("Percocet".into(), "10/325".into()))
        );
        assert_eq!(
            strip("Norco 10-325", LabelWord::StrengthOrForm),
            Some(("Norco".into(), "10-325".into()))
        );
        assert_eq!(
            strip("Plavix 75", LabelWord::StrengthOrForm),
            Some(("Plavix".into(), "75".into()))
        );
        assert_eq!(
            strip("metformin 500 mg twice daily", LabelWord::StrengthOrForm),
            Some(("metformin".into(), "500 mg twice daily".into()))
        );
        assert_eq!(
            strip(
                "trazodone 50 mg 1 tab at bedtime as needed",
                LabelWord::StrengthOrForm
            ),
            Some((
                "trazodone".into(),
                "50 mg 1 tab at bedtime as needed".into()
            ))
        );
        assert_eq!(
            strip("albuterol HFA", LabelWord::StrengthOrForm),
            Some(("albuterol".into(), "HFA".into()))
        );
    }

    #[test]
    fn numbers_a_known_name_needs_stay() {
        assert_eq!(
            strip("Tylenol 3 mg", LabelWord::Salt),
            Some(("Tylenol 3".into(), "mg".into()))
        );
        assert_eq!(
            strip("Tylenol 3mg", LabelWord::Salt),
            Some(("Tylenol 3".into(), "mg".into()))
        );
        // Tylenol has numbered products: a bare number after it is not a strength.
        assert_eq!(strip("Tylenol 5", LabelWord::Salt), None);
        assert_eq!(strip("Zantac 300", LabelWord::Salt), None);
        // Nor after a name whose products go on with a number ("Claritin-D 12 Hour").
        assert_eq!(
            strip("Claritin- 12 Hour", LabelWord::Salt),
            Some(("Claritin- 12".into(), "Hour".into()))
        );
        // With its unit it is one.
        assert_eq!(
            strip("Tylenol 500 mg", LabelWord::Salt),
            Some(("Tylenol".into(), "500 mg".into()))
        );
    }

    #[test]
    fn words_that_change_the_drug_stay() {
        assert_eq!(strip("Tylenol 3", LabelWord::Salt), None);
        assert_eq!(strip("potassium chloride", LabelWord::Salt), None);
        assert_eq!(strip("sodium bicarbonate", LabelWord::Salt), None);
        assert_eq!(strip("Aleve-D", LabelWord::Salt), None);
        assert_eq!(strip("Aleve D", LabelWord::Salt), None);
        assert_eq!(strip("5-HTP", LabelWord::Salt), None);
        assert!(adds_an_ingredient("D") && adds_an_ingredient("PM"));
        assert_eq!(added_ingredient_words("Chlor-Trimeton D"), vec!["d"]);
    }
}
