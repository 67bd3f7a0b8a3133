//! Words typed apart, read as names: where commas end names, and which reading of the words
//! between them uses the most words in known names.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::label::{self, LabelWord};
use super::{NameTarget, Resolution, names};

/// A stretch of words read as one known name: how many of its words the name uses, and how
/// many it sets aside as label words or reads apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub words_used: usize,
    pub words_set_aside: usize,
}

/// The arguments split into runs that a comma ends ("spironolactone, potassium chloride"):
/// no name runs across a comma. An argument that is a known name as a whole keeps its commas
/// ("N,N-DMT"), and so does a number ("1,000 mg").
pub fn comma_runs<'a>(
    arguments: impl IntoIterator<Item = &'a str>,
    is_known_name: impl Fn(&str) -> bool,
) -> Vec<Vec<String>> {
    let mut runs = vec![Vec::new()];
    for argument in arguments {
        let pieces = if is_known_name(argument) {
            vec![argument]
        } else {
            split_at_commas(argument)
        };
        let last = pieces.len() - 1;
        for (i, piece) in pieces.into_iter().enumerate() {
            let piece = piece.trim();
            if !piece.is_empty() {
                runs.last_mut()
                    .expect("runs start with one")
                    .push(piece.to_string());
            }
            if i < last {
                runs.push(Vec::new());
            }
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

/// `text` cut at each comma that is not between two digits.
fn split_at_commas(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(',') {
        let between_digits = i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !between_digits {
            pieces.push(&text[start..i]);
            start = i + 1;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// How good a reading of some words is; a greater score is a better reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    /// Words a known name uses: every word a known name can use is used, and a word set aside
    /// as a label word is not used, so a name typed beside another is never swallowed by it.
    recognised: usize,
    /// Fewer, longer names ("st johns wort" over "st", "johns", "wort").
    fewer_names: std::cmp::Reverse<usize>,
    /// Names taken as written over names with label words set aside.
    fewer_set_aside: std::cmp::Reverse<usize>,
}

impl Score {
    fn add(self, recognised: usize, set_aside: usize) -> Score {
        Score {
            recognised: self.recognised + recognised,
            fewer_names: std::cmp::Reverse(self.fewer_names.0 + 1),
            fewer_set_aside: std::cmp::Reverse(self.fewer_set_aside.0 + set_aside),
        }
    }
}

/// The names `words` read as: the reading whose known names use the most words, then the one with
/// fewest names, then the one that sets aside fewest words. `reading_of` says whether a stretch
/// of words (`words[range]`) is one known name; a single word is always a name of its own,
/// known or not, and so is a word with the words after it that describe it ("Tavist-D 12 hr",
/// not known, is one name). A word that adds an ingredient ("D" in "Tavist D") is never read apart from the name
/// before it, "Tavist" alone being a product with fewer ingredients, unless a known name
/// starts with it ("cough medicine"). Each stretch is read
/// the same wherever it stands, so the order of the names typed does not change how they are
/// read.
pub fn best_reading(
    words: &[String],
    longest: usize,
    describes_previous: impl Fn(&str) -> bool,
    adds_an_ingredient: impl Fn(&str) -> bool,
    reading_of: impl Fn(Range<usize>) -> Option<Reading>,
) -> Vec<String> {
    let n = words.len();
    // best[i]: the best score of words[i..] and where its first name ends.
    let mut best: Vec<(Score, usize)> = vec![(Score::default(), n); n + 1];
    // Whether a known name of several words starts at each word ("cough medicine").
    let mut starts_a_long_name = vec![false; n + 1];
    for start in (0..n).rev() {
        let mut choice: Option<(Score, usize)> = None;
        let mut described = true;
        for end in start + 1..=n.min(start + longest) {
            if end > start + 1 {
                described = described && describes_previous(&words[end - 1]);
            }
            let reading = reading_of(start..end);
            starts_a_long_name[start] |= end > start + 1 && reading.is_some();
            if end < n && adds_an_ingredient(&words[end]) && !starts_a_long_name[end] {
                continue;
            }
            if end > start + 1 && reading.is_none() && !described {
                continue;
            }
            let recognised = reading.map_or(0, |r| r.words_used);
            let set_aside = reading.map_or(0, |r| r.words_set_aside);
            let score = best[end].0.add(recognised, set_aside);
            if choice.is_none_or(|(best_score, _)| score > best_score) {
                choice = Some((score, end));
            }
        }
        // Words that only add an ingredient, to the end: one name, known or not.
        best[start] = choice.unwrap_or((best[n].0.add(0, 0), n));
    }
    let mut names = Vec::new();
    let mut start = 0;
    while start < n {
        let end = best[start].1;
        names.push(words[start..end].join(" "));
        start = end;
    }
    names
}

/// The most label words typed after a name that are read with it ("succinate ER 25 mg tablets
/// twice daily"); the name itself may be as long as the base's longest.
const MAX_LABEL_WORDS: usize = 8;

impl<'kb> super::Resolver<'kb> {
    /// Resolves words as a person types them apart (the command line, a text batch line).
    /// A comma ends a name. Between commas, the words are read as the names that use the most
    /// of them ("st johns wort", "magnesium hydroxide", "warfarin 5 mg"), the longer name first
    /// when two readings use as many; words after a name that describe its form ("tablets") or
    /// add an ingredient ("D", "PM") belong to that name. Generic names typed apart are never
    /// read as the combination product they make: a product needs its own name or one argument.
    pub fn resolve_words<S: AsRef<str>>(&self, words: &[S]) -> Resolution {
        let mut resolution = self.start(words.len());
        for run in comma_runs(words.iter().map(AsRef::as_ref), |text| {
            self.kb.name(&names::key(text)).is_some()
        }) {
            // Each word is read once, not once for every stretch it is in: what kind of label
            // word it is, and the length of its key.
            let typed: FxHashMap<&str, (Option<LabelWord>, usize)> = run
                .iter()
                .flat_map(|unit| unit.split_whitespace())
                .map(|word| (word, (label::classify(word), names::key(word).len())))
                .collect();
            let kind_of = |word: &str| {
                typed
                    .get(word)
                    .map_or_else(|| label::classify(word), |&(kind, _)| kind)
            };
            // Words that are neither label words nor start with a number stay in any name read
            // from a stretch, and a name's key is its words' keys end to end: a stretch whose
            // kept words alone make a key longer than any known name's names nothing.
            let kept_before: Vec<usize> = std::iter::once(0)
                .chain(run.iter().scan(0, |kept, unit| {
                    *kept += unit
                        .split_whitespace()
                        .filter(|word| {
                            kind_of(word).is_none()
                                && !word.starts_with(|c: char| c.is_ascii_digit() || c == '.')
                        })
                        .map(|word| typed.get(word).map_or(0, |&(_, len)| len))
                        .sum::<usize>();
                    Some(*kept)
                }))
                .collect();
            for name in best_reading(
                &run,
                self.kb.longest_name_words + MAX_LABEL_WORDS,
                belongs_to_previous_name,
                label::adds_an_ingredient,
                |stretch| {
                    (kept_before[stretch.end] - kept_before[stretch.start] <= self.kb.longest_key)
                        .then(|| self.reading_of(&run[stretch], &kind_of))
                        .flatten()
                },
            ) {
                self.resolve_one(&name, &mut resolution);
            }
        }
        resolution
    }

    /// How well `segment` (words typed apart) reads as one name, if it does.
    fn reading_of(
        &self,
        segment: &[String],
        kind_of: &dyn Fn(&str) -> Option<LabelWord>,
    ) -> Option<Reading> {
        let found = self.find_exact(&segment.join(" "), kind_of)?;
        // Generic names typed apart stay apart: "dextromethorphan bupropion" is two substances
        // judged against each other, not Auvelity, whose ingredients are not.
        let mut named = segment
            .iter()
            .filter(|word| !belongs_to_previous_name(word));
        let ingredients_typed_apart = matches!(found.name.target, NameTarget::Product(_))
            && named.clone().count() > 1
            && named.all(|word| {
                self.find_exact(word, kind_of).is_some_and(|part| {
                    matches!(
                        part.name.target,
                        NameTarget::SubstanceName(_) | NameTarget::SubstanceAlias(_)
                    )
                })
            });
        // A word read apart is a word this name did not use.
        let words_set_aside = found.named_apart.len()
            + found
                .set_aside
                .as_deref()
                .map_or(0, |words| words.split_whitespace().count());
        let words = segment
            .iter()
            .map(|unit| unit.split_whitespace().count())
            .sum::<usize>();
        (!ingredients_typed_apart).then_some(Reading {
            words_used: words.saturating_sub(words_set_aside),
            words_set_aside,
        })
    }
}

/// Whether `word` describes the name typed before it rather than naming a
/// substance: a number or a strength, a dose form or release ("ODT" after a drug is the
/// orally disintegrating tablet, not O-desmethyltramadol), or a word that adds an ingredient.
pub(super) fn belongs_to_previous_name(word: &str) -> bool {
    // A number is never a substance: "delta 9" is one name, known or not.
    let number = word.chars().all(|c| c.is_ascii_digit() || c == '.');
    number
        || label::adds_an_ingredient(word)
        || label::classify(word).is_some_and(|kind| kind != LabelWord::Salt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(arguments: &[&str]) -> Vec<Vec<String>> {
        comma_runs(arguments.iter().copied(), |text| text == "N,N-DMT")
    }

    #[test]
    fn a_comma_ends_a_name_wherever_it_is_typed() {
        assert_eq!(
            runs(&["spironolactone,", "potassium", "chloride"]),
            vec![vec!["spironolactone"], vec!["potassium", "chloride"]]
        );
        assert_eq!(
            runs(&["spironolactone", ",potassium"]),
            vec![vec!["spironolactone"], vec!["potassium"]]
        );
        assert_eq!(runs(&["a,b"]), vec![vec!["a"], vec!["b"]]);
        assert_eq!(runs(&["N,N-DMT", "x"]), vec![vec!["N,N-DMT", "x"]]);
        assert_eq!(runs(&["1,000", "mg"]), vec![vec!["1,000", "mg"]]);
        assert!(runs(&[",", " "]).is_empty());
    }

    #[test]
    fn the_reading_that_uses_most_words_wins_then_the_fewest_names() {
        let known = |segment: &[String]| {
            let text = segment.join(" ");
            ["a b", "b c d", "a", "d", "c"]
                .contains(&text.as_str())
                .then_some(Reading {
                    words_used: segment.len(),
                    words_set_aside: 0,
                })
        };
        let describes = |word: &str| word == "mg" || word == "D";
        let adds = |word: &str| word == "D";
        let read = |list: &[&str]| {
            let words: Vec<String> = list.iter().map(|w| w.to_string()).collect();
            best_reading(&words, 6, describes, adds, |stretch| known(&words[stretch]))
        };
        assert_eq!(read(&["a", "b", "c", "d"]), vec!["a", "b c d"]);
        assert_eq!(read(&["a", "b", "c"]), vec!["a b", "c"]);
        assert_eq!(read(&["x", "mg", "mg", "c"]), vec!["x mg mg", "c"]);
        assert_eq!(read(&["a", "D", "c"]), vec!["a D", "c"]);
    }
}
