//! Names as labels and prescriptions write them: "metoprolol succinate ER 25 mg" is
//! metoprolol. Strength, dose form, release and common salt words are read and set aside, so
//! the name left names the medicine. A word that changes the drug is never set aside: the first
//! word always stays ("potassium chloride", "sodium bicarbonate"), a bare number stays
//! ("Tylenol 3" has codeine in it), and so do the suffixes that add an ingredient ("-D", "PM").

/// How a label word is treated: the kinds are tried in this order, so a name keeps as many of
/// its own words as still make a known name ("Adderall XR" before "Adderall").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LabelWord {
    /// "25 mg", "0.5mg", "20 mg/mL", "10/325", "tablets", "oral solution".
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
    if is_strength(lower) || DOSE_FORMS.contains(&lower) {
        Some(LabelWord::StrengthOrForm)
    } else if RELEASES.contains(&lower) {
        Some(LabelWord::Release)
    } else if SALTS.contains(&lower) {
        Some(LabelWord::Salt)
    } else {
        None
    }
}

/// "25mg", "0.5mg", "20mg/ml", "mg", "10/325": a number with a unit, a unit alone, or a ratio
/// of numbers. A bare number is not a strength: in "Tylenol 3" it names another product.
fn is_strength(word: &str) -> bool {
    if UNITS.contains(&word) {
        return true;
    }
    let parts: Vec<&str> = word.split('/').collect();
    let with_unit = parts.iter().any(|part| {
        let unit = part.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
        unit.len() < part.len() && UNITS.contains(&unit)
    });
    let all_measures = parts.iter().all(|part| {
        let unit = part.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
        !part.is_empty() && (unit.is_empty() || UNITS.contains(&unit))
    });
    all_measures && (with_unit || parts.len() > 1)
}

/// A name with the label words up to `kind` set aside: the name left and the words set aside
/// in the order typed. `None` when nothing would be set aside or no name would be left.
pub fn strip(input: &str, kind: LabelWord) -> Option<(String, String)> {
    let words: Vec<&str> = input.split_whitespace().collect();
    let (first, rest) = words.split_first()?;
    let mut kept = vec![*first];
    let mut set_aside: Vec<&str> = Vec::new();
    for (i, word) in rest.iter().enumerate() {
        // A number is part of a strength only when its unit follows ("25 mg").
        let unit_follows = rest
            .get(i + 1)
            .is_some_and(|next| is_strength(&next.to_lowercase()));
        let number = word.chars().all(|c| c.is_ascii_digit() || c == '.');
        let label =
            classify(word).or((number && unit_follows).then_some(LabelWord::StrengthOrForm));
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
